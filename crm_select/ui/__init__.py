"""Streamlit helpers: i18n binding, cached wrappers around the pure core, shared widgets."""
