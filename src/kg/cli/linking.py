"""`kg link`: parties and places linked to Wikidata."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import (
    DOWNLOAD,
    EPILOG,
    EXIT_INPUT,
    EXIT_NOT_CONFORMING,
    EXIT_OK,
    EXIT_USAGE,
    built_graph_option,
    configure_logging,
    main,
    quiet_option,
)
from kg.errors import ConfigurationError, InputError
from kg.link import CURATED, offline_candidates
from kg.link import link as run_link
from kg.link.download import LICENCE, DownloadError, PartyFactsDownloader, Retrieved
from kg.link.wikidata import WikidataClient, WikidataError, WikidataSettings


@main.command("link", epilog=EPILOG)
@built_graph_option("; rewritten with the links")
@click.option(
    "--partyfacts", "partyfacts_folder", is_flag=False, flag_value=DOWNLOAD, default=None,
    metavar="[DIR]", help="Link with candidates from Party Facts' tables: those in DIR, or, "
    "with no DIR, downloaded from Party Facts into --data-cache (reused for a week).",
)  # fmt: skip
@click.option(
    "--data-cache", type=click.Path(file_okay=False, path_type=Path),
    default=Path(".kg-cache") / "partyfacts", show_default=True,
    help="Where downloaded Party Facts tables are kept, with their address, date and checksum.",
)  # fmt: skip
@click.option(
    "--partyfacts-mirror", metavar="URL", envvar="KG_PARTYFACTS_MIRROR",
    help="Download the tables from URL/core-parties.csv, … instead of Party Facts' addresses "
    "(or set KG_PARTYFACTS_MIRROR).",
)  # fmt: skip
@click.option(
    "--curated", type=click.Path(dir_okay=False, path_type=Path), default=CURATED,
    show_default=True, help="People's decisions (SSSOM TSV); they win over automatic results.",
)  # fmt: skip
@click.option("--live", is_flag=True, help="Link with the live Wikidata API and query service.")
@click.option("--api", default=WikidataSettings.api, show_default=True, help="Wikidata API URL.")
@click.option("--sparql", default=WikidataSettings.sparql, show_default=True, help="WDQS URL.")
@click.option(
    "--cache", type=click.Path(file_okay=False, path_type=Path), default=Path(".kg-cache/wikidata"),
    show_default=True, help="Where answers are kept, so that reruns are reproducible offline.",
)  # fmt: skip
@quiet_option
def link_command(
    out: Path,
    partyfacts_folder: str | None,
    data_cache: Path,
    partyfacts_mirror: str | None,
    curated: Path,
    live: bool,
    api: str,
    sparql: str,
    cache: Path,
    quiet: bool,
) -> None:
    """Link the parties and places of a built graph to Wikidata, with evidence and review.

    Candidates come from Party Facts (--partyfacts: downloaded, or a folder of its tables)
    or from Wikidata (--live). Accepts only clear winners (high score, clear margin, same
    country, alive at the date of our sources); writes links.sssom.tsv (accepted, rejected
    and no-match rows; its header says where the candidates came from),
    links-review.tsv (the rest, with their best candidates) and adds owl:sameAs for the
    accepted links to every graph file. Example:

        kg build && kg link --partyfacts
    """
    configure_logging(quiet)
    if (partyfacts_folder is None) == (not live):
        raise click.UsageError("give either --partyfacts [DIR] or --live (Wikidata)")
    try:
        sources: tuple[str, ...] = ()
        if partyfacts_folder == DOWNLOAD:
            downloader = PartyFactsDownloader(data_cache, mirror=partyfacts_mirror)
            tables = downloader.download_all()
            for table in tables:
                if not quiet:
                    click.echo(f"kg: {table.status}: {table.url} -> {table.path}", err=True)
            sources = provenance(tables)
            candidates = offline_candidates(data_cache)
        elif partyfacts_folder is not None:
            folder = Path(partyfacts_folder)
            if not folder.is_dir():
                raise click.BadParameter(f"{folder} is not a folder", param_hint="--partyfacts")
            candidates = offline_candidates(folder)
            sources = (f"Candidates from the Party Facts tables in {folder}; {LICENCE}.",)
        else:
            settings = WikidataSettings(api=api, sparql=sparql, cache=cache)
            candidates = WikidataClient(settings).candidates
            sources = (f"Candidates from Wikidata ({api}, {sparql}), CC0.",)
        result = run_link(out, candidates, curated, sources=sources)
    except (InputError, ConfigurationError, WikidataError, DownloadError) as err:
        click.echo(f"kg: {err}", err=True)  # each says what to do
        sys.exit(EXIT_USAGE if isinstance(err, ConfigurationError) else EXIT_INPUT)
    if not quiet:
        click.echo(
            f"kg: parties: {result.count('accepted')} accepted, "
            f"{result.count('review')} to review, "
            f"{result.count('no-match')} without a match; places: {result.places('accepted')} "
            f"accepted, {result.places('review')} to review, {result.places('no-match')} without; "
            f"see {out / 'links.sssom.tsv'} and {out / 'links-review.tsv'}",
            err=True,
        )
    sys.exit(EXIT_OK if result.validation.conforms else EXIT_NOT_CONFORMING)


def provenance(tables: list[Retrieved]) -> tuple[str, ...]:
    """Where downloaded candidates came from, for the mapping set's metadata."""
    lines = [f"Candidates from Party Facts ({LICENCE}):"]
    lines += [f"{t.name} from {t.url}, retrieved {t.retrieved}, sha256 {t.sha256};" for t in tables]
    return tuple(lines)
