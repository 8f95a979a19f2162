"""Streamlit glue shared by the pages: language, URL-bound widgets, layout helpers."""
