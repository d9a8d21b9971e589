"""`kg link --partyfacts` with no folder: Party Facts' tables downloaded from a server on
loopback that answers as the real one does (CSV, ETag, byte ranges), and fails as a real one
can (a 500, a connection cut in the middle of a table, a page instead of a table)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from conftest import PARTYFACTS, loopback
from kg.cli import main
from kg.link import offline_candidates
from kg.link.download import TABLES, DownloadError, PartyFactsDownloader
from kg.pipeline import build
from kg.sources.http import Politeness

FAST = Politeness(timeout=(2.0, 5.0), retries=2, backoff=0.01)


class PartyFactsService(BaseHTTPRequestHandler):
    """Serves tests/data/partyfacts/ with strong ETags and byte ranges; `faults` are played
    in turn, one a request: "500", "cut" (half the body, then the connection closes), "html"."""

    faults: ClassVar[list[str]] = []
    requests: ClassVar[list[dict[str, str]]] = []

    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:  # http.server's name
        name = self.path.rsplit("/", 1)[-1]
        PartyFactsService.requests.append({"name": name, **dict(self.headers.items())})
        fault = PartyFactsService.faults.pop(0) if PartyFactsService.faults else ""
        path = PARTYFACTS / name
        if fault == "500" or not path.exists():
            self.send_error(500 if fault == "500" else 404)
            return
        body = b"<html><body>Maintenance</body></html>" if fault == "html" else path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        start = 0
        wanted = self.headers.get("Range", "")
        if wanted.startswith("bytes=") and wanted.endswith("-"):
            start = int(wanted[6:-1])
        self.send_response(206 if start else 200)
        self.send_header("Content-Type", "text/csv; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body) - start))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.end_headers()
        if fault == "cut":
            self.wfile.write(body[start : start + (len(body) - start) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)  # the rest never comes
            return
        self.wfile.write(body[start:])


@pytest.fixture
def service() -> Iterator[str]:
    PartyFactsService.faults = []
    PartyFactsService.requests = []
    with loopback(PartyFactsService) as root:
        yield f"{root}/partyfacts"


def downloader(folder: Path, mirror: str, **more: float) -> PartyFactsDownloader:
    return PartyFactsDownloader(
        folder, mirror=mirror, politeness=FAST, sleep=lambda _: None, **more
    )  # type: ignore[arg-type]


def test_the_tables_are_downloaded_checksummed_and_described(tmp_path: Path, service: str) -> None:
    tables = downloader(tmp_path, service).download_all()
    assert [t.name for t in tables] == list(TABLES) and {t.status for t in tables} == {"downloaded"}
    for table in tables:
        assert table.path.read_bytes() == (PARTYFACTS / table.name).read_bytes()
        sidecar = json.loads((tmp_path / f"{table.name}.json").read_text(encoding="utf-8"))
        assert sidecar["sha256"] == hashlib.sha256(table.path.read_bytes()).hexdigest()
        assert sidecar["url"] == f"{service}/{table.name}" and sidecar["retrieved"][:2] == "20"
        assert "MIT" in sidecar["licence"]
    assert "kg/" in PartyFactsService.requests[0]["User-Agent"]
    # The downloaded tables give the same candidates as the folder they were served from.
    pool, served = offline_candidates(tmp_path), offline_candidates(PARTYFACTS)
    from kg.link.model import Subject

    greek = Subject("https://w3id.org/imcwp/party/gr-kke", "party", (("en", "x"),), country="GR")
    assert pool(greek) == served(greek) and pool(greek)


def test_a_recent_copy_is_reused_and_an_older_one_asked_for_only_if_changed(
    tmp_path: Path, service: str
) -> None:
    downloader(tmp_path, service).download_all()
    asked = len(PartyFactsService.requests)
    assert {t.status for t in downloader(tmp_path, service).download_all()} == {"reused"}
    assert len(PartyFactsService.requests) == asked  # nothing asked of the service
    again = downloader(tmp_path, service, reuse_days=0).download_all()
    assert {t.status for t in again} == {"unchanged"}
    assert all(r.get("If-None-Match") for r in PartyFactsService.requests[asked:])


def test_a_copy_whose_checksum_no_longer_matches_is_fetched_again(
    tmp_path: Path, service: str
) -> None:
    downloader(tmp_path, service).download_all()
    (tmp_path / "wikidata.csv").write_text("country,partyfacts_id\n", encoding="utf-8")
    tables = {t.name: t for t in downloader(tmp_path, service).download_all()}
    assert tables["wikidata.csv"].status == "downloaded"
    assert (tmp_path / "wikidata.csv").read_bytes() == (PARTYFACTS / "wikidata.csv").read_bytes()


def test_a_download_cut_in_the_middle_continues_where_it_stopped(
    tmp_path: Path, service: str
) -> None:
    PartyFactsService.faults = ["cut"]
    table = downloader(tmp_path, service).download("core-parties.csv")
    assert table.status == "resumed"
    assert table.path.read_bytes() == (PARTYFACTS / "core-parties.csv").read_bytes()
    ranges = [r.get("Range") for r in PartyFactsService.requests]
    assert ranges[0] is None and ranges[1] and ranges[1].startswith("bytes=")
    assert not (tmp_path / "core-parties.csv.part").exists()


def test_an_interrupted_run_is_finished_by_the_next(tmp_path: Path, service: str) -> None:
    PartyFactsService.faults = ["cut", "cut", "cut"]  # more than the retries
    with pytest.raises(DownloadError) as raised:
        downloader(tmp_path, service).download("core-parties.csv")
    assert "bytes are kept" in str(raised.value) and "run the command again" in str(raised.value)
    assert not (tmp_path / "core-parties.csv").exists()
    kept = (tmp_path / "core-parties.csv.part").stat().st_size
    assert kept > 0
    table = downloader(tmp_path, service).download("core-parties.csv")
    assert table.path.read_bytes() == (PARTYFACTS / "core-parties.csv").read_bytes()
    assert PartyFactsService.requests[-1]["Range"] == f"bytes={kept}-"


def test_a_page_that_is_not_the_table_is_refused_and_the_old_copy_kept(
    tmp_path: Path, service: str
) -> None:
    downloader(tmp_path, service).download_all()
    before = (tmp_path / "core-parties.csv").read_bytes()
    PartyFactsService.faults = ["html"]
    with pytest.raises(DownloadError) as raised:
        downloader(tmp_path, service, reuse_days=0).download("core-parties.csv")
    assert "is not Party Facts' core-parties.csv" in str(raised.value)
    assert (tmp_path / "core-parties.csv").read_bytes() == before


def test_kg_link_downloads_and_records_where_the_candidates_came_from(
    tmp_path: Path, service: str
) -> None:
    out = tmp_path / "out"
    build([], out)
    PartyFactsService.faults = ["500"]  # the service fails once: retried
    args = ["link", "--out", str(out), "--partyfacts", "--partyfacts-mirror", service]
    result = CliRunner().invoke(main, [*args, "--data-cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.stderr
    assert "downloaded: " in result.stderr
    header = [
        line for line in (out / "links.sssom.tsv").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]  # fmt: skip
    text = "\n".join(header)
    assert f"core-parties.csv from {service}/core-parties.csv, retrieved 20" in text
    assert "MIT licence" in text and "sha256 " in text
    assert "kgparty:gr-kke\tCommunist Party of Greece\tskos:exactMatch" in (
        out / "links.sssom.tsv"
    ).read_text(encoding="utf-8")


def test_a_service_that_stays_down_is_a_clear_error(tmp_path: Path, service: str) -> None:
    out = tmp_path / "out"
    build([], out)
    PartyFactsService.faults = ["500"] * 10
    result = CliRunner().invoke(
        main,
        ["link", "--out", str(out), "--partyfacts", "--partyfacts-mirror", service,
         "--data-cache", str(tmp_path / "cache")],
    )  # fmt: skip
    assert result.exit_code == 3
    assert "core-parties.csv" in result.stderr and "try again later" in result.stderr
