"""What kg's commands share: the command group, exit codes, options, logging."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from kg import __version__
from kg.sources import NOT_IN_IRI, without_credentials
from kg.vocab import DEFAULT_BASE

F = TypeVar("F", bound=Callable[..., Any])

DOWNLOAD = ":download:"  # --partyfacts given without a folder

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_STORE = 4

EPILOG = """\b
Exit codes:
  0  success; the graph conforms to the shapes
  1  the graph does not conform to the shapes
  2  usage or configuration error
  3  an input could not be processed (the others are still built)
  4  the triple store refused or failed, or differs from the build (load, serve)
"""


def check_base(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not value.startswith(("http://", "https://")) or not value.endswith(("/", "#")):
        raise click.BadParameter(f"{value!r} must be an http(s) IRI ending in '/' or '#'")
    if bad := NOT_IN_IRI.search(value):
        raise click.BadParameter(
            f"{value!r} holds {bad.group(0)!r}, which no IRI may hold (percent-encode it)"
        )
    if without_credentials(value) != value:
        raise click.BadParameter("a base IRI holds no user name or password")
    return value


# The graph's base IRI: where a build names its nodes, and where site, plot and release
# look for them.
base_option = click.option(
    "--base", default=lambda: os.environ.get("KG_BASE_IRI", DEFAULT_BASE), callback=check_base,
    show_default=DEFAULT_BASE, help="Base IRI of every node (or set KG_BASE_IRI).",
)  # fmt: skip


# Every command that tells how it goes: -q keeps only what went wrong.
quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr."
)


def fail(problem: object, code: int) -> NoReturn:
    """Say what stopped the command (`kg: …`, on stderr) and exit with `code`."""
    click.echo(f"kg: {problem}", err=True)
    sys.exit(code)


def configure_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kg: %(message)s"))
    root = logging.getLogger("kg")
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING if quiet else logging.INFO)
    root.propagate = False


def built_graph_option(more: str = "") -> Callable[[F], F]:
    """The --out option of the commands that read what `kg build` wrote."""
    return click.option(
        "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
        show_default=True, help=f"Folder of the graph `kg build --out` wrote{more}.",
    )  # fmt: skip


class Commands(click.Group):
    """kg's commands; a file-system error any of them meets (a folder that cannot be written,
    a disk that is full) is a clear message and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `kg query … | head`: the reader has what it wanted
            sys.stderr.close()
            sys.exit(EXIT_OK)
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            click.echo(
                f"kg: {where}{err.strerror or err}\n"
                "    hint: check that the path exists, is a folder where one is expected, and "
                "that you may write there and the disk has room (or give another with --out)",
                err=True,
            )
            sys.exit(EXIT_USAGE)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build the IMCWP knowledge graph: declarations, their signatory parties, congresses."""
