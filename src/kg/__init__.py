"""kg: the IMCWP record as a validated, linked knowledge graph."""

from importlib.metadata import version

__version__ = version("kg")
