"""`kg site`, `kg plot` and `kg release`: the graph published."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from kg.cli.common import (
    EPILOG,
    EXIT_INPUT,
    EXIT_USAGE,
    base_option,
    built_graph_option,
    configure_logging,
    fail,
    main,
    quiet_option,
)
from kg.errors import InputError
from kg.files import built_file, write_atomically
from kg.release import ReleaseError, make_release
from kg.site import SiteError, write_site
from kg.site.plots import PICTURES, svg


@main.command("site", epilog=EPILOG)
@built_graph_option("")
@click.option(
    "--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder the site is written into (default: OUT/site); replaced whole.",
)  # fmt: skip
@base_option
@quiet_option
def site(out: Path, dest: Path | None, base: str, quiet: bool) -> None:
    """Write the built graph as a static linked-data site: a page for every IRI under the
    base (HTML, with .ttl, .jsonld and .nt beside it), index pages by meeting, party,
    country and year, and content negotiation for Apache (.htaccess) and nginx (nginx.conf).
    Example:

        kg build && kg site
    """
    configure_logging(quiet)
    target = dest or out / "site"
    try:
        report = write_site(out, target, base)
    except SiteError as err:
        fail(err, EXIT_USAGE)
    except InputError as err:
        fail(err, EXIT_INPUT)
    except OSError as err:
        click.echo(f"kg: cannot write the site into {target}: {err.strerror or err}", err=True)
        sys.exit(EXIT_USAGE)
    if not quiet:
        click.echo(
            f"kg: {report.resources:,} resources, {report.files:,} files "
            f"({report.bytes / 1e6:.1f} MB) in {target}/",
            err=True,
        )


@main.command("plot", epilog=EPILOG)
@click.argument("picture", type=click.Choice(sorted(PICTURES)))
@built_graph_option("")
@click.option(
    "--dest", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The SVG file written (default: OUT/PICTURE.svg).",
)  # fmt: skip
@base_option
def plot(picture: str, out: Path, dest: Path | None, base: str) -> None:
    """Draw one picture of the built graph as SVG: timeline (meetings and congresses),
    network (parties that sign together), signatures (per party over the years) or
    languages (declarations per meeting by language). Example:

        kg build && kg plot network
    """
    from kg.site.describe import Described

    target = dest or out / f"{picture}.svg"
    try:
        described = Described.read(built_file(out), base)
    except InputError as err:
        fail(err, EXIT_INPUT)
    write_atomically(target, svg(PICTURES[picture](described)), durable=False)
    click.echo(f"kg: {picture} drawn into {target}", err=True)


@main.command("release", epilog=EPILOG)
@click.argument("version")
@built_graph_option("")
@click.option(
    "--dest", type=click.Path(file_okay=False, path_type=Path), default=Path("releases"),
    show_default=True, help="Folder of the releases: VERSION/ and kg-VERSION.tar.gz go there.",
)  # fmt: skip
@base_option
@click.option(
    "--date", "issued", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
    help="The release's issued day (default: today).",
)  # fmt: skip
def release(version: str, out: Path, dest: Path, base: str, issued: dt.datetime | None) -> None:
    """Make a dated, versioned release of the build in --out: every format gzipped, the
    validation report, a VoID and DCAT description with sizes and SHA-256 checksums,
    CHANGES.md against the previous release, CITATION.cff and SHA256SUMS. Example:

        kg build && kg release 0.1.0
    """
    try:
        made = make_release(version, out, dest, base, issued.date() if issued else None)
    except ReleaseError as err:
        fail(err, EXIT_USAGE)
    except InputError as err:
        fail(err, EXIT_INPUT)
    click.echo(
        f"kg: release {version}: {made.files} files in {made.folder}/, {made.archive}", err=True
    )
