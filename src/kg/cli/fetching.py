"""`kg fetch`: pages from the web (a list of addresses, or a crawl of the site)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from kg.cli.common import (
    EPILOG,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    configure_logging,
    main,
    quiet_option,
)
from kg.sources.crawl import Crawl, CrawlError, CrawlSettings
from kg.sources.fetch import Fetcher, FetchError, FetchSettings, read_url_list
from kg.text import counted


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
@quiet_option
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
