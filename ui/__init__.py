"""Streamlit helpers shared by the pages: filter state, definitions, figures, downloads."""
