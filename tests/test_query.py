"""`kg query` and the ready questions in queries/, each with a tested answer on the sample."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import PROJECT
from kg.cli import main
from kg.pipeline import BuildResult
from kg.store.query import QuerySyntaxError, ask, open_store

QUERIES = PROJECT / "queries"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("query-output")
    build([], folder)
    return folder


def rows(out: Path, name: str) -> list[dict[str, str]]:
    """A query of queries/ through the CLI, as CSV rows."""
    result = CliRunner().invoke(
        main, ["query", str(QUERIES / name), "--out", str(out), "--format", "csv"]
    )
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_every_query_is_documented_and_tested() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for query in QUERIES.glob("*.rq"):
        assert query.read_text(encoding="utf-8").startswith("# "), (
            f"{query.name} has no description"
        )
        assert f'"{query.name}"' in source, f"{query.name} has no test"


def test_declarations_per_meeting(out: Path) -> None:
    [row] = rows(out, "declarations-per-meeting.rq")
    assert row["meeting"].endswith("/event/imcwp-13")
    assert sorted(row["languages"].split(",")) == ["en", "ru"]


def test_top_signatories(out: Path) -> None:
    found = rows(out, "top-signatories.rq")
    assert len(found) == 53 and {r["declarations"] for r in found} == {"1"}
    assert {"Communist Party of Greece", "Syrian Communist Party"} <= {r["name"] for r in found}


def test_co_signers(out: Path) -> None:
    found = rows(out, "co-signers.rq")
    assert len(found) == 53 * 52 // 2  # every pair of the 53 signed together once
    assert all(r["party"] < r["other"] for r in found)


def test_congresses_by_date(out: Path) -> None:
    found = rows(out, "congresses-by-date.rq")
    assert [(r["start"], r["ordinal"], r["organiser"], r["place"]) for r in found] == [
        ("2025-04-02", "24", "Communist Party of India (Marxist)", "Madurai"),
        ("2025-04-25", "12", "Communist Party of the Peoples of Spain", "Spain"),
    ]


def test_parties_with_and_without_a_wikidata_link(out: Path, tmp_path: Path) -> None:
    assert all(not r["wikidata"] for r in rows(out, "parties-wikidata.rq"))
    from conftest import PARTYFACTS
    from kg.link import link, offline_candidates
    from kg.pipeline import build

    build([], tmp_path)
    link(tmp_path, offline_candidates(PARTYFACTS), curated=tmp_path / "none.tsv")
    linked = {
        r["party"].rsplit("/", 1)[-1]: r["wikidata"] for r in rows(tmp_path, "parties-wikidata.rq")
    }
    assert linked["gr-kke"] == "http://www.wikidata.org/entity/Q192406"
    assert linked["dk-kpid"] == ""


def test_signatories_by_country(out: Path) -> None:
    found = {r["country"]: int(r["parties"]) for r in rows(out, "signatories-by-country.rq")}
    assert found["Denmark"] == 2 and found["Syria"] == 2 and found["Greece"] == 1
    assert sum(found.values()) == 53


def test_the_source_of_a_statement(out: Path) -> None:
    [row] = rows(out, "statement-source.rq")
    assert row["document"].endswith("/source/imcwp-13-kazakhstan-solidarity")
    assert len(row["checksum"]) == 64


def test_the_library_answers_the_same(out: Path, built: BuildResult) -> None:
    store = open_store(out)
    answer = ask(store, (QUERIES / "top-signatories.rq").read_text(encoding="utf-8"))
    assert answer.variables == ("party", "name", "declarations") and len(answer.rows) == 53
    assert ask(store, "ASK { party:gr-kke a schema:PoliticalParty }").boolean is True


def test_the_table_and_json_formats(out: Path) -> None:
    query = "SELECT ?p WHERE { ?p a kg:PartyCongress } ORDER BY ?p"
    table = CliRunner().invoke(main, ["query", query, "--out", str(out)])
    assert table.exit_code == 0 and table.stdout.endswith("(2 rows)\n")
    header, rule = table.stdout.splitlines()[:2]
    assert header.strip() == "p" and set(rule) == {"-"}
    answer = CliRunner().invoke(
        main, ["query", "ASK { ?s ?p ?o }", "--out", str(out), "--format", "json"]
    )
    assert json.loads(answer.stdout)["boolean"] is True


def test_a_syntax_error_gives_line_and_column_and_exit_2(out: Path) -> None:
    result = CliRunner().invoke(main, ["query", "SELECT ?x\nWHERE { ?x ?p }", "--out", str(out)])
    assert result.exit_code == 2
    assert "query:2:" in result.stderr and "SPARQL syntax error" in result.stderr
    with pytest.raises(QuerySyntaxError) as raised:
        ask(open_store(out), "SELECT ?x\nWHERE { ?x ?p }")
    assert raised.value.line == 2


def test_a_query_before_a_build_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["query", "ASK {}", "--out", str(tmp_path)])
    assert result.exit_code == 3 and "kg build --out" in result.stderr


def test_an_unknown_prefix_is_named(out: Path) -> None:
    query = 'SELECT * WHERE { ?s foo:bar ?o ; schema:name "a:b" . ?o <urn:x:y> ?z }'
    result = CliRunner().invoke(main, ["query", query, "--out", str(out)])
    assert result.exit_code == 2
    assert "unknown prefix foo:" in result.stderr and "PREFIX foo:" in result.stderr
    assert "unknown prefix a:" not in result.stderr and "urn:" not in result.stderr


def test_a_missing_query_file_is_not_read_as_sparql(out: Path) -> None:
    for name in ("nope.sparql", "queries/nope.rq", "top-signatories"):
        result = CliRunner().invoke(main, ["query", name, "--out", str(out)])
        assert result.exit_code == 2, name
        assert "cannot read the query file" in result.stderr and "syntax" not in result.stderr
