"""`kg build`, `kg registry` and `kg validate`: the graph made and checked."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from kg.cli.common import (
    EPILOG,
    EXIT_INPUT,
    EXIT_NOT_CONFORMING,
    EXIT_OK,
    EXIT_USAGE,
    base_option,
    configure_logging,
    fail,
    main,
    quiet_option,
)
from kg.errors import ConfigurationError, InputError
from kg.limits import DEFAULT_LIMITS, Limits
from kg.model import Finding, Severity
from kg.outputs import format_finding
from kg.pipeline import CACHE_FOLDER
from kg.pipeline import build as run_build
from kg.progress import Progress
from kg.reading import quiet_rdflib_terms, read_graph
from kg.resolve.registry import REGISTRY, problems
from kg.text import counted
from kg.validate import normalise_schema_namespace, validate

SHOWN_OF_A_KIND = 10  # findings of one code printed: a large build has 100,000s


def shown_findings(
    findings: Sequence[Finding], of_a_kind: int | None
) -> tuple[list[Finding], dict[str, tuple[str, int]]]:
    """The findings to print, in their order: every error, and of each other kind (code)
    the first `of_a_kind` (all when None); and of each kind not all printed, its severity
    and how many are not."""
    shown: list[Finding] = []
    counts: Counter[str] = Counter()
    left: dict[str, tuple[str, int]] = {}
    for finding in findings:
        if of_a_kind is None or finding.severity is Severity.ERROR:
            shown.append(finding)
            continue
        counts[finding.code] += 1
        if counts[finding.code] <= of_a_kind:
            shown.append(finding)
        else:
            _, count = left.get(finding.code, ("", 0))
            left[finding.code] = (finding.severity.value, count + 1)
    return shown, left


@main.command(epilog=EPILOG)
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
    show_default=True, help="Folder the graph, validation and report files are written to.",
)  # fmt: skip
@base_option
@click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Processes that parse and write (default: one per core); the output is the same.",
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
@click.option(
    "--all-findings", is_flag=True,
    help=f"Print every finding; by default every error and {SHOWN_OF_A_KIND} findings of each "
    "other kind are printed, and the number of the others (all are in report.txt and "
    "report.json).",
)  # fmt: skip
@quiet_option
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
    all_findings: bool,
    quiet: bool,
) -> None:
    """Build the graph of SOURCES (files or folders; the bundled example when none).

    SOURCES are page files (.txt, .html, .htm) and folders holding them. Writes into --out:
    graph.ttl (Turtle), graph.jsonld (JSON-LD), graph.nt (N-Triples), graph.trig (TriG) and
    graph.nq (N-Quads; one named graph per source page), validation.ttl (the SHACL report)
    and validation.txt (its summary), report.txt and report.json (findings, failed inputs,
    how each party mention was resolved) and review.tsv (the mentions to look at). A rebuild
    parses and maps again only what changed since the last build (pages, registry, kg
    itself), and validates and writes the graph again only when it changed; when nothing
    changed, it does nothing and says what the last build said. Its output is what a fresh
    build writes. Example:

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
        fail(err, EXIT_USAGE)
    except InputError as err:  # what stops the whole build (each page's own are reported)
        fail(err, EXIT_INPUT)
    except OSError as err:
        click.echo(
            f"kg: cannot write the output to {out}: {err.strerror or err}\n"
            "    hint: give --out a folder you can write to",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    # An unchanged build kept only its errors: its other findings are in report.txt.
    said = result.errors if quiet or result.unchanged else result.findings
    # (a build that wrote nothing has no report.txt of its findings: all are printed)
    every = all_findings or not (result.written or result.unchanged)
    shown, left = shown_findings(said, None if every else SHOWN_OF_A_KIND)
    for finding in shown:
        click.echo(f"kg: {format_finding(finding)}", err=True)
    for code, (severity, count) in sorted(left.items()):
        click.echo(
            f"kg: {counted(count, 'more finding')} [{code}] ({severity}) not printed: "
            f"see {out / 'report.txt'}",
            err=True,
        )
    if result.unchanged and not quiet and result.finding_count > len(result.errors):
        click.echo(
            f"kg: nothing changed since the last build: its findings are in {out / 'report.txt'}",
            err=True,
        )
    validation = result.validation
    if not quiet:
        click.echo(
            f"kg: {counted(result.documents, 'document')}, "
            f"{counted(result.triple_count, 'triple')}, "
            f"{counted(result.finding_count, 'finding')}, "
            f"{counted(len(result.failures), 'failed input')}; "
            f"{'conforms' if validation.conforms else 'does NOT conform'} "
            f"({counted(validation.count('Violation'), 'violation')}, "
            f"{counted(validation.count('Warning'), 'warning')}); "
            + (
                f"as written to {out}/ by the last build"
                if result.unchanged
                else f"written to {out}/"
                if result.written
                else f"nothing written to {out}/"
            ),
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
        fail(err, EXIT_USAGE)
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
        fail(err, EXIT_INPUT)
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
    try:
        with quiet_rdflib_terms():
            report = validate(graph)
    except ConfigurationError as err:
        fail(err, EXIT_USAGE)
    except InputError as err:
        fail(err, EXIT_INPUT)
    click.echo(report.summary(), nl=False)
    if read.ill_typed:
        noun = "literal" if len(read.ill_typed) == 1 else "literals"
        click.echo(f"{len(read.ill_typed)} ill-typed {noun} (listed on stderr)")
    sys.exit(EXIT_OK if report.conforms and not read.ill_typed else EXIT_NOT_CONFORMING)
