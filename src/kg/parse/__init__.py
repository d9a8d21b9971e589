"""Parsing: source text to the typed model."""

from kg.parse.page import parse_document

__all__ = ["parse_document"]
