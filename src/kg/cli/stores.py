"""`kg query`, `kg load` and `kg serve`: the graph in a triple store."""

from __future__ import annotations

import signal
import sys
import tempfile
import time
from pathlib import Path

import click

from kg.cli.common import (
    EPILOG,
    EXIT_INPUT,
    EXIT_STORE,
    EXIT_USAGE,
    built_graph_option,
    configure_logging,
    fail,
    main,
    quiet_option,
)
from kg.errors import ConfigurationError, InputError, redacted_url
from kg.files import built_file
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
        fail(err, EXIT_USAGE)
    except InputError as err:
        fail(err, EXIT_INPUT)


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
@quiet_option
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
        fail(err, EXIT_USAGE)
    except InputError as err:
        fail(err, EXIT_INPUT)
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
