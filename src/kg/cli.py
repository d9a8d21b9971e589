"""Command-line interface: a thin click layer over the library.

Exit codes (documented in the README and `kg --help`):
  0  success; the graph conforms to the shapes
  1  the graph does not conform to the shapes (the files are still written)
  2  usage or configuration error
  3  an input could not be processed (the others are still built and written)
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import ConfigurationError, InputError
from kg.pipeline import build as run_build
from kg.pipeline import format_finding
from kg.serialize import read_graph
from kg.validate import normalise_schema_namespace, validate
from kg.vocab import DEFAULT_BASE

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_USAGE = 2
EXIT_INPUT = 3

EPILOG = """\b
Exit codes:
  0  success; the graph conforms to the shapes
  1  the graph does not conform to the shapes
  2  usage or configuration error
  3  an input could not be processed (the others are still built)
"""


def check_base(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not value.startswith(("http://", "https://")) or not value.endswith(("/", "#")):
        raise click.BadParameter(f"{value!r} must be an http(s) IRI ending in '/' or '#'")
    return value


def configure_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kg: %(message)s"))
    root = logging.getLogger("kg")
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING if quiet else logging.INFO)
    root.propagate = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build the IMCWP knowledge graph: declarations, their signatory parties, congresses."""


@main.command(epilog=EPILOG)
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
    show_default=True, help="Folder the graph, validation and report files are written to.",
)  # fmt: skip
@click.option(
    "--base", default=lambda: os.environ.get("KG_BASE_IRI", DEFAULT_BASE), callback=check_base,
    show_default=DEFAULT_BASE, help="Base IRI of every node (or set KG_BASE_IRI).",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
def build(sources: tuple[Path, ...], out: Path, base: str, quiet: bool) -> None:
    """Build the graph of SOURCES (files or folders; the bundled example when none).

    Writes graph.ttl, graph.jsonld, graph.nt, validation.ttl, validation.txt, report.txt and
    report.json into --out. Example:

        kg build pages/ --out output
    """
    configure_logging(quiet)
    try:
        result = run_build(sources, out, base)
    except ConfigurationError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_USAGE)
    except OSError as err:
        click.echo(
            f"kg: cannot write the output to {out}: {err.strerror or err}\n"
            "    hint: give --out a folder you can write to",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    for finding in result.kb.findings:
        if not quiet or finding.severity.value == "error":
            click.echo(f"kg: {format_finding(finding)}", err=True)
    validation = result.validation
    if not quiet:
        click.echo(
            f"kg: {result.documents} documents, {len(result.graph)} triples, "
            f"{len(result.kb.findings)} findings, {len(result.failures)} failed inputs; "
            f"{'conforms' if validation.conforms else 'does NOT conform'} "
            f"({validation.count('Violation')} violations, "
            f"{validation.count('Warning')} warnings); "
            + (f"written to {out}/" if result.written else f"nothing written to {out}/"),
            err=True,
        )
    if not validation.conforms:
        click.echo(f"kg: the graph does not conform: see {out / 'validation.txt'}", err=True)
    if result.failures:
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_OK if validation.conforms else EXIT_NOT_CONFORMING)


@main.command("validate", epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path))
def validate_command(file: Path) -> None:
    """Validate an RDF FILE (.ttl, .nt, .jsonld) against the kg shapes.

    Prints the summary on stdout. Example:

        kg validate output/graph.ttl
    """
    try:
        graph = read_graph(file)
    except InputError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_INPUT)
    rewritten = normalise_schema_namespace(graph)
    if rewritten:
        click.echo(
            f"kg: {rewritten} triples used http://schema.org/; read as https://schema.org/",
            err=True,
        )
    report = validate(graph)
    click.echo(report.summary(), nl=False)
    sys.exit(EXIT_OK if report.conforms else EXIT_NOT_CONFORMING)
