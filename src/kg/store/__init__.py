"""Querying and storing the built graph."""
