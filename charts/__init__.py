"""Pure chart functions: DataFrame in, plotly Figure out. No Streamlit."""
