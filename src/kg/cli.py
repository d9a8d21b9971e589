"""Command-line interface: a thin click layer over the library.

Exit codes (documented in the README and `kg --help`):
  0  success; the graph conforms to the shapes
  1  the graph does not conform to the shapes (the files are still written)
  2  usage or configuration error
  3  an input could not be processed (the others are still built and written)
  4  the triple store refused or failed a request, or differs from the build (kg load)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import ConfigurationError, InputError, redacted_url
from kg.files import built_file, write_atomically
from kg.limits import DEFAULT_LIMITS, Limits
from kg.link import CURATED, offline_candidates
from kg.link import link as run_link
from kg.link.download import LICENCE, DownloadError, PartyFactsDownloader, Retrieved
from kg.link.wikidata import WikidataClient, WikidataError, WikidataSettings
from kg.pipeline import CACHE_FOLDER, format_finding
from kg.pipeline import build as run_build
from kg.progress import Progress
from kg.reading import quiet_rdflib_terms, read_graph
from kg.release import ReleaseError, make_release
from kg.resolve.registry import REGISTRY, problems
from kg.site import SiteError, write_site
from kg.site.plots import PICTURES, svg
from kg.sources import NOT_IN_IRI, without_credentials
from kg.sources.crawl import Crawl, CrawlError, CrawlSettings
from kg.sources.fetch import Fetcher, FetchError, FetchSettings, read_url_list
from kg.sources.http import Politeness
from kg.store.load import (
    Endpoints,
    LoadError,
    LoadResult,
    Settings,
    Store,
    Verification,
)
from kg.store.load import load as run_load
from kg.store.load import verify as run_verify
from kg.store.query import QuerySyntaxError, ask, open_store, serialize, table
from kg.store.servers import OxigraphServer
from kg.text import counted
from kg.validate import normalise_schema_namespace, validate
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


@main.command(epilog=EPILOG)
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
    show_default=True, help="Folder the graph, validation and report files are written to.",
)  # fmt: skip
@base_option
@click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Processes that parse and validate (default: one per core); the output is the same.",
)  # fmt: skip
@click.option(
    "--registry", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=REGISTRY, show_default="the curated registry kg comes with",
    help="The party registry (TOML) to parse and resolve with; to teach kg a spelling, "
    "add it to a copy of src/kg/data/parties.toml.",
)  # fmt: skip
@click.option(
    "--cache", "cache", type=click.Path(file_okay=False, path_type=Path), default=None,
    help=f"Where to keep what unchanged pages need no second time [default: OUT/{CACHE_FOLDER}].",
)  # fmt: skip
@click.option(
    "--no-cache", is_flag=True, help="Build everything afresh, keeping no cache; same output."
)
@click.option(
    "--max-page-bytes", type=click.IntRange(min=1), default=DEFAULT_LIMITS.page_bytes,
    show_default=True, help="A larger page file is refused (an error; the others are built).",
)  # fmt: skip
@click.option(
    "--max-list-entries", type=click.IntRange(min=1), default=DEFAULT_LIMITS.list_entries,
    show_default=True, help="Entries of a list after this many are not read (a finding says so).",
)  # fmt: skip
@click.option(
    "--max-line-chars", type=click.IntRange(min=1), default=DEFAULT_LIMITS.line_chars,
    show_default=True,
    help="A longer line is read for a list of names only, not for meetings, dates and events.",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
def build(
    sources: tuple[Path, ...],
    out: Path,
    base: str,
    workers: int | None,
    registry: Path,
    cache: Path | None,
    no_cache: bool,
    max_page_bytes: int,
    max_list_entries: int,
    max_line_chars: int,
    quiet: bool,
) -> None:
    """Build the graph of SOURCES (files or folders; the bundled example when none).

    SOURCES are page files (.txt, .html, .htm) and folders holding them. Writes into --out:
    graph.ttl (Turtle), graph.jsonld (JSON-LD), graph.nt (N-Triples), graph.trig (TriG) and
    graph.nq (N-Quads; one named graph per source page), validation.ttl (the SHACL report)
    and validation.txt (its summary), report.txt and report.json (findings, failed inputs,
    how each party mention was resolved) and review.tsv (the mentions to look at). A rebuild
    parses and validates again only what changed since the last build (pages, registry, kg
    itself); its output is what a fresh build writes. Example:

        kg build pages/ --out output
    """
    configure_logging(quiet)
    try:
        kept = None if no_cache else (cache or out / CACHE_FOLDER)
        progress = Progress.for_stream(sys.stderr, quiet)
        limits = Limits(max_page_bytes, max_list_entries, max_line_chars)
        result = run_build(
            sources, out, base, workers, registry=registry, cache=kept, progress=progress,
            limits=limits,
        )  # fmt: skip
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
            f"kg: {counted(result.documents, 'document')}, "
            f"{counted(result.mapped.triple_count, 'triple')}, "
            f"{counted(len(result.kb.findings), 'finding')}, "
            f"{counted(len(result.failures), 'failed input')}; "
            f"{'conforms' if validation.conforms else 'does NOT conform'} "
            f"({counted(validation.count('Violation'), 'violation')}, "
            f"{counted(validation.count('Warning'), 'warning')}); "
            + (f"written to {out}/" if result.written else f"nothing written to {out}/"),
            err=True,
        )
    if not quiet and progress.ended:
        click.echo(f"kg: reused and redone: {progress.summary()}", err=True)
    if not validation.conforms:
        click.echo(f"kg: the graph does not conform: see {out / 'validation.txt'}", err=True)
    if result.failures:
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_OK if validation.conforms else EXIT_NOT_CONFORMING)


@main.command("registry", epilog=EPILOG)
@click.argument(
    "file", required=False, type=click.Path(dir_okay=False, path_type=Path), default=REGISTRY
)
def registry_command(file: Path) -> None:
    """Check a party registry (the bundled one unless FILE is given): every entry complete
    (a name in the party's own language), no dissolution before a founding, no two parties
    of one country sharing a name. Exit 1 when something is found, 2 when FILE is unusable.
    Example:

    \b
        kg registry my-parties.toml
    """
    try:
        found = problems(file)
    except ConfigurationError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_USAGE)
    for problem in found:
        click.echo(f"kg: {file.name}: {problem}", err=True)
    click.echo(f"kg: {file}: {counted(len(found), 'problem')}", err=True)
    sys.exit(EXIT_NOT_CONFORMING if found else EXIT_OK)


@main.command("validate", epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path))
def validate_command(file: Path) -> None:
    """Validate an RDF FILE against the kg shapes: Turtle (.ttl), N-Triples (.nt), JSON-LD
    (.jsonld, .json), TriG (.trig) or N-Quads (.nq; named graphs are merged).

    Prints the summary on stdout; literals whose text is not of their datatype are listed
    on stderr and make the graph not conform. Nothing a file names is fetched (a remote
    JSON-LD @context is refused). Exit code 3 for a file that is missing, unreadable, empty
    or not RDF. Example:

        kg validate output/graph.ttl
    """
    try:
        read = read_graph(file)
    except InputError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_INPUT)
    graph = read.graph
    for subject, predicate, literal in read.ill_typed:
        click.echo(
            f"kg: {file}: ill-typed literal {literal.n3()} (of {subject.n3()} {predicate.n3()}): "
            "its text is not of its datatype",
            err=True,
        )
    rewritten = normalise_schema_namespace(graph)
    if rewritten:
        click.echo(
            f"kg: {counted(rewritten, 'triple')} used http://schema.org/; "
            "read as https://schema.org/",
            err=True,
        )
    with quiet_rdflib_terms():
        report = validate(graph)
    click.echo(report.summary(), nl=False)
    if read.ill_typed:
        noun = "literal" if len(read.ill_typed) == 1 else "literals"
        click.echo(f"{len(read.ill_typed)} ill-typed {noun} (listed on stderr)")
    sys.exit(EXIT_OK if report.conforms and not read.ill_typed else EXIT_NOT_CONFORMING)


@main.command(epilog=EPILOG)
@click.argument("urls", nargs=-1)
@click.option(
    "--list", "url_list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of URLs, one a line (# comments allowed).",
)  # fmt: skip
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("pages"),
    show_default=True, help="Folder the pages are saved in; it is also the cache.",
)  # fmt: skip
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between requests.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True, max=3600),
    default=30.0,
    show_default=True,
    help="Seconds a request may take, reading its whole answer.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=20),
    default=4,
    show_default=True,
    help="Retries on 429/5xx/errors.",
)
@click.option(
    "--site", metavar="URL",
    help="Mirror a whole site from its start page: its sitemaps, else its links.",
)  # fmt: skip
@click.option(
    "--section", "sections", multiple=True, metavar="PATH",
    help="With --site: only pages under PATH (`/article/`), listings followed. Repeatable.",
)  # fmt: skip
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
    help="With --site: only pages published or changed on or after the day.",
)  # fmt: skip
@click.option(
    "--max", "max_pages", type=click.IntRange(min=1), metavar="N",
    help="With --site: ask for at most N pages in this run; the next run goes on.",
)  # fmt: skip
@click.option(
    "--depth", type=click.IntRange(min=0, max=50), default=CrawlSettings.max_depth,
    show_default=True, help="With --site: links followed from the start and the sections.",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
def fetch(
    urls: tuple[str, ...],
    url_list: Path | None,
    out: Path,
    delay: float,
    timeout: float,
    retries: int,
    site: str | None,
    sections: tuple[str, ...],
    since: dt.datetime | None,
    max_pages: int | None,
    depth: int,
    quiet: bool,
) -> None:
    """Fetch pages (URLS and --list, or a whole --site) into a folder, politely, for
    `kg build`.

    Respects robots.txt, waits between requests, retries on 429 and 5xx (honouring
    Retry-After), and asks the server only for what changed since the last fetch. With
    --site, finds the site's article and event pages (by its sitemaps, else by following
    its links), records each in crawl-manifest.json, marks those withdrawn, and resumes an
    interrupted crawl. Examples:

        kg fetch --list urls.txt --out pages && kg build pages

        kg fetch --site https://www.solidnet.org/ --section /article/ --out pages
    """
    configure_logging(quiet)
    wanted = list(urls) + (read_url_list(url_list) if url_list else [])
    if not wanted and not site:
        raise click.UsageError("give URLs, --list FILE or --site URL")
    if site and wanted:
        raise click.UsageError("give either URLs (or --list) or --site, not both")
    settings = FetchSettings(delay=delay, timeout=(10.0, timeout), retries=retries)
    fetcher = Fetcher(out, settings)
    if site:
        plan = CrawlSettings(site, sections, since.date() if since else None, max_pages, depth)
        sys.exit(crawl_site(fetcher, plan, quiet))
    failed = 0
    for url in wanted:
        try:
            fetched = fetcher.fetch(url)
        except FetchError as err:
            failed += 1
            click.echo(f"kg: {err}", err=True)
            continue
        except OSError as err:
            click.echo(f"kg: cannot save into {out}: {err.strerror or err}", err=True)
            sys.exit(EXIT_USAGE)
        if not quiet:
            click.echo(f"kg: {fetched.status}: {url} -> {fetched.path}", err=True)
    if not quiet:
        click.echo(
            f"kg: {len(wanted) - failed} of {counted(len(wanted), 'page')} in {out}/", err=True
        )
    sys.exit(EXIT_INPUT if failed else EXIT_OK)


def crawl_site(fetcher: Fetcher, plan: CrawlSettings, quiet: bool) -> int:
    """`kg fetch --site`: the crawl, its figures, and its exit code."""
    try:
        report = Crawl(fetcher, plan).run()
    except CrawlError as err:
        click.echo(f"kg: {err}", err=True)
        return EXIT_USAGE
    except OSError as err:
        click.echo(f"kg: cannot save into {fetcher.folder}: {err.strerror or err}", err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        click.echo("kg: interrupted; run the same command again to resume the crawl", err=True)
        return 130
    if not quiet:
        click.echo(f"kg: {report.summary()}", err=True)
    return EXIT_INPUT if report.failed else EXIT_OK


@main.command("site", epilog=EPILOG)
@built_graph_option("")
@click.option(
    "--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder the site is written into (default: OUT/site); replaced whole.",
)  # fmt: skip
@base_option
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
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
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_USAGE)
    except InputError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_INPUT)
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
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_INPUT)
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
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_USAGE)
    except InputError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_INPUT)
    click.echo(
        f"kg: release {version}: {made.files} files in {made.folder}/, {made.archive}", err=True
    )


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
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
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


@main.command("query", epilog=EPILOG)
@click.argument("query")
@built_graph_option()
@click.option(
    "--format", "format_name", type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table", show_default=True, help="A readable table, or a SPARQL results format.",
)  # fmt: skip
def query_command(query: str, out: Path, format_name: str) -> None:
    """Run a SPARQL 1.1 QUERY (text, or a .rq file such as those in queries/) over a built
    graph, on an embedded engine (pyoxigraph): no server needed.

    The project's prefixes (schema:, kg:, party:, …) need no PREFIX line; GRAPH ?g finds the
    page that said something. Example:

        kg query queries/top-signatories.rq --format csv
    """
    path = Path(query)
    source = "query"
    # One word with no braces is a file name, never a query: it is read, or said missing.
    named = not any(c.isspace() or c in "{}" for c in query)
    if named or query.endswith(".rq") or (len(query) < 256 and path.is_file()):
        try:
            query, source = path.read_text(encoding="utf-8"), path.name
        except OSError as err:
            click.echo(
                f"kg: {path}: cannot read the query file: {err.strerror or err}\n"
                "    hint: give a .rq file (queries/ has ready ones) or the query's text",
                err=True,
            )
            sys.exit(EXIT_USAGE)
    try:
        store = open_store(out)
        if format_name == "table":
            click.echo(table(ask(store, query, source=source)), nl=False)
        else:
            click.echo(serialize(store, query, format_name, source=source), nl=False)
    except QuerySyntaxError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_USAGE)
    except InputError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_INPUT)


@main.command("load", epilog=EPILOG)
@click.option("--endpoint", required=True, help="The store's Graph Store Protocol endpoint URL.")
@built_graph_option()
@click.option("--graph", "into", help="Load everything into this one named graph.")
@click.option(
    "--per-document", is_flag=True,
    help="Replace each source page's named graph, and the reference and dataset graphs "
    "(the default).",
)  # fmt: skip
@click.option("--update-endpoint", help="SPARQL update endpoint (inferred for Oxigraph, Virtuoso).")
@click.option("--query-endpoint", help="SPARQL query endpoint (inferred for Oxigraph, Virtuoso).")
@click.option(
    "--chunk-size", type=click.IntRange(min=1), default=Settings.chunk_triples,
    show_default=True, help="Most triples in one request.",
)  # fmt: skip
@click.option(
    "--retries", type=click.IntRange(min=0), default=Politeness.retries, show_default=True,
    help="Attempts after the first on connection errors and 5xx.",
)  # fmt: skip
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), default=300.0,
    show_default=True, help="Seconds to wait for the store's answer to one request.",
)  # fmt: skip
@click.option(
    "--force", is_flag=True, help="Send every graph, even those the store holds as built."
)
@click.option("--verify", is_flag=True, help="After loading, compare triple counts per graph.")
@click.option("--verify-only", is_flag=True, help="Only compare triple counts; load nothing.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
def load_command(
    endpoint: str,
    out: Path,
    into: str | None,
    per_document: bool,
    update_endpoint: str | None,
    query_endpoint: str | None,
    chunk_size: int,
    retries: int,
    timeout: float,
    force: bool,
    verify: bool,
    verify_only: bool,
    quiet: bool,
) -> None:
    """Load a built graph into a triple store with the SPARQL 1.1 Graph Store Protocol.

    Each named graph goes in chunks to a staging graph, then one MOVE replaces the target:
    readers see the old graph or the new one, and loading twice leaves the same store.
    Credentials come from KG_STORE_USER and KG_STORE_PASSWORD or your netrc file (basic or
    digest, as the store asks). Examples:

    \b
        kg load --endpoint http://127.0.0.1:7878/store --verify
        KG_STORE_USER=dba KG_STORE_PASSWORD=... kg load \\
            --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --graph https://example.org/imcwp
    """
    configure_logging(quiet)
    if into is not None and per_document:
        raise click.UsageError("give either --graph IRI or --per-document, not both")
    endpoints = None
    try:
        endpoints = Endpoints.of(endpoint, update_endpoint, query_endpoint)
        politeness = Politeness(timeout=(min(10.0, timeout), timeout), retries=retries)
        store = Store(endpoints, Settings(chunk_triples=chunk_size, politeness=politeness))
        if not verify_only:
            started = time.perf_counter()
            loaded = run_load(out, store, into=into, force=force)
            if not quiet:
                click.echo(load_summary(loaded, time.perf_counter() - started, endpoint), err=True)
        if verify or verify_only:
            verification = run_verify(out, store, into=into)
            click.echo(verification_text(verification), err=True)
            if not verification.ok:
                sys.exit(EXIT_STORE)
    except ConfigurationError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_USAGE)
    except InputError as err:
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_INPUT)
    except LoadError as err:
        click.echo(f"kg: {err}", err=True)
        if endpoints is not None:  # which of the store's endpoints each URL above is
            click.echo(
                f"    the store: --endpoint {redacted_url(endpoint)} (updates to "
                f"{redacted_url(endpoints.update)}, queries to {redacted_url(endpoints.query)})",
                err=True,
            )
        sys.exit(EXIT_STORE)


def load_summary(result: LoadResult, seconds: float, endpoint: str) -> str:
    triples = sum(g.triples for g in result.sent)
    rate = triples / seconds if seconds else 0.0
    removed = (
        f"; dropped {counted(len(result.removed), 'graph')} no longer built"
        if result.removed
        else ""
    )
    kept = len(result.graphs) - len(result.sent)
    return (
        f"kg: loaded {counted(len(result.sent), 'graph')}, {counted(triples, 'triple')} in "
        f"{counted(sum(g.chunks for g in result.sent), 'request')} into {redacted_url(endpoint)}: "
        f"{seconds:.2f} s, {rate:,.0f} triples/s; "
        f"{counted(kept, 'graph')} {'was' if kept == 1 else 'were'} already up to date{removed}"
    )


def verification_text(verification: Verification) -> str:
    lines = [
        f"kg: <{c.iri}>: {c.local:,} triples here, {c.remote:,} in the store; "
        "`kg load --force` sends it again"
        for c in verification.counts
        if not c.matches
    ]
    lines += [
        f"kg: staging graph <{g}> is left from an interrupted load; rerun `kg load`"
        for g in verification.leftover_staging
    ]
    lines += [
        f"kg: <{g}> is in the store but its document is no longer built; `kg load` drops it"
        for g in verification.not_built
    ]
    if verification.ok:
        total = sum(c.local for c in verification.counts)
        lines.append(
            f"kg: verified: {counted(len(verification.counts), 'graph')}, "
            f"{counted(total, 'triple')} match"
        )
    return "\n".join(lines)


@main.command("serve", epilog=EPILOG)
@built_graph_option()
@click.option(
    "--port", type=click.IntRange(1, 65535), default=7878, show_default=True,
    help="Loopback port of the server.",
)  # fmt: skip
def serve_command(out: Path, port: int) -> None:
    """Serve a built graph from a local Oxigraph server on loopback, with a SPARQL endpoint
    and a query page in the browser, until Ctrl-C. Queries see the merge of the named
    graphs (each triple once); GRAPH ?g finds the page that said something. Example:

        kg build && kg serve --port 7878
    """
    configure_logging(False)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop cleanly on SIGTERM too
    server = OxigraphServer(port, read_only=True, union=False)
    try:
        with tempfile.TemporaryDirectory(prefix="kg-serve-") as folder:
            OxigraphServer.load(Path(folder), built_file(out), built_file(out, "graph.nt"))
            server.location = Path(folder)
            server.start()
            graphs, triples = server.size()
            click.echo(
                f"kg: serving {counted(triples, 'triple')} in {counted(graphs, 'named graph')} "
                f"from {out}/ (read-only)\n"
                f"SPARQL endpoint: {server.query}\n"
                f"Query page:      {server.url}/\n"
                "Press Ctrl-C to stop.",
            )
            assert server.process is not None
            code = server.process.wait()
            click.echo(f"kg: the server stopped by itself (code {code})", err=True)
            server.stop(keep_log=True)
            click.echo(f"kg: see its log, {server.log_path}", err=True)
            sys.exit(EXIT_STORE)
    except KeyboardInterrupt:
        server.stop()
        click.echo("kg: stopped", err=True)
    except (ConfigurationError, InputError) as err:
        server.stop()
        click.echo(f"kg: {err}", err=True)
        sys.exit(EXIT_INPUT if isinstance(err, InputError) else EXIT_USAGE)
