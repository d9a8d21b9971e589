"""Command-line interface: a thin click layer over the library."""

import click

from kg import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build the IMCWP knowledge graph."""
