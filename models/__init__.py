"""Page models: for each page, one pure function over the named queries that computes everything
the page and the meeting pack show, returned as a frozen dataclass. No Streamlit, no HTML.

Data flows files -> warehouse -> named queries (queries/) -> models (here) -> pages and the pack.
"""
