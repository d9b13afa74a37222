"""Pydantic schemas for the catalog and decision scenarios, and the validating loader."""
