"""Command-line interface: a thin click layer over the library.

Exit codes (documented in the README and `kg --help`):
  0  success; the graph conforms to the shapes
  1  the graph does not conform to the shapes (the files are still written)
  2  usage or configuration error
  3  an input could not be processed (the others are still built and written)
  4  the triple store refused or failed a request, or differs from the build (kg load)
"""

from kg.cli import building, fetching, linking, publishing, stores  # the commands: registered
from kg.cli.common import (
    EXIT_INPUT,
    EXIT_NOT_CONFORMING,
    EXIT_OK,
    EXIT_STORE,
    EXIT_USAGE,
    main,
)

__all__ = [
    "EXIT_INPUT",
    "EXIT_NOT_CONFORMING",
    "EXIT_OK",
    "EXIT_STORE",
    "EXIT_USAGE",
    "building",
    "fetching",
    "linking",
    "main",
    "publishing",
    "stores",
]  # fmt: skip
