"""The command line: exit codes and messages, in-process with click's CliRunner."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import SAMPLE_TEXT, sample_variant
from kg import __version__, validate
from kg.cli import main

PROJECT = Path(__file__).resolve().parents[1]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_version_is_reported() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_build_the_bundled_example(tmp_path: Path) -> None:
    code, out, err = run("build", "--out", str(tmp_path))
    assert code == 0
    assert out == ""  # messages go to stderr
    triples = len((tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert f"kg: 1 document, {triples:,} triples, 2 findings, 0 failed inputs; conforms" in err
    assert "[numbering-gap] the signatory list skips number 40" in err
    assert "[duplicate-signatory]" in err
    for name in (
        "graph.ttl",
        "graph.jsonld",
        "graph.nt",
        "graph.trig",
        "graph.nq",
        "validation.txt",
    ):
        assert (tmp_path / name).stat().st_size > 0


def test_quiet_build_prints_nothing_for_a_clean_input(tmp_path: Path) -> None:
    code, _, err = run("build", "-q", "--out", str(tmp_path))
    assert code == 0 and err == ""


def test_a_bad_input_among_good_ones_exits_3_and_the_rest_is_written(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", SAMPLE_TEXT)
    empty = write(tmp_path / "empty.txt", "")
    out = tmp_path / "out"
    code, _, err = run("build", str(good), str(empty), "--out", str(out))
    assert code == 3
    assert "empty.txt: the file is empty" in err
    assert "kg: 1 document," in err and "1 failed input;" in err
    assert "solidarity-with-kazakhstan-workers" in (out / "graph.ttl").read_text(encoding="utf-8")
    assert "empty.txt" in (out / "report.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n  \n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary, not a text page"),
        ("Déclaration, Athènes".encode("latin-1"), "the file is not valid UTF-8 (byte 1"),
        (
            b"13 IMCWP Resolution, Solidarity [En]\n\n12/23/11, 3:47 PM\n",
            "no recognisable structure",
        ),
    ],
    ids=["empty", "blank", "binary", "latin-1", "header-only"],
)
def test_bad_inputs_are_named_with_their_reason(
    tmp_path: Path, content: bytes, message: str
) -> None:
    bad = write(tmp_path / "bad.txt", content)
    code, _, err = run("build", str(bad), "--out", str(tmp_path / "out"))
    assert code == 3
    assert "bad.txt" in err and message in err
    assert "hint:" in err


def test_a_missing_file_exits_3(tmp_path: Path) -> None:
    code, _, err = run("build", str(tmp_path / "nowhere.txt"), "--out", str(tmp_path / "out"))
    assert code == 3 and "cannot read the file" in err and "nowhere.txt" in err


def test_a_truncated_page_is_still_built_with_a_finding(tmp_path: Path) -> None:
    cut = write(tmp_path / "cut.txt", SAMPLE_TEXT[: SAMPLE_TEXT.index("Солидарность") + 40])
    code, _, err = run("build", str(cut), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "cut.txt: warning [no-signatories] no signatory list found" in err


def test_31_february_is_reported_with_file_and_line(tmp_path: Path) -> None:
    page = write(
        tmp_path / "feb.txt", sample_variant("11th of December 2011", "31st of February 2011")
    )
    code, _, err = run("build", str(page), "--out", str(tmp_path / "out"))
    assert code == 0  # a data finding, not a failed input
    said = "feb.txt:7: error [impossible-date] adoption impossible date '31st of February 2011'"
    assert said in err
    # Built again with nothing changed (nothing is done): the error is said again, quietly too.
    code, _, err = run("build", str(page), "--out", str(tmp_path / "out"))
    assert code == 0 and said in err and "build 1 of 1 reused" in err
    assert f"as written to {tmp_path / 'out'}/ by the last build" in err
    code, _, err = run("build", str(page), "--out", str(tmp_path / "out"), "-q")
    assert code == 0 and said in err


def test_a_graph_that_does_not_conform_exits_1_and_is_still_written(tmp_path: Path) -> None:
    page = write(
        tmp_path / "backwards.txt",
        sample_variant("April 2, 2025 - April 6, 2025", "April 6, 2025 - April 2, 2025"),
    )
    out = tmp_path / "out"
    code, _, err = run("build", str(page), "--out", str(out))
    assert code == 1
    assert "does NOT conform" in err and "validation.txt" in err
    assert "The event ends before it starts." in (out / "validation.txt").read_text(
        encoding="utf-8"
    )
    assert (out / "graph.ttl").exists()


def test_a_bad_base_iri_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("build", "--base", "not an iri", "--out", str(tmp_path))
    assert code == 2 and "must be an http(s) IRI" in err


def test_a_base_that_is_a_hash_iri_names_lists_below_their_page(tmp_path: Path) -> None:
    """Lists are hash IRIs of their page (`source/x#signatories`), but an IRI holds one
    `#`: under a base `…/kg#` they are a path below the page."""
    code, _, err = run("build", "-q", "--base", "https://example.org/kg#", "--out", str(tmp_path))
    assert code == 0, err
    text = (tmp_path / "graph.nt").read_text(encoding="utf-8")
    assert "<https://example.org/kg#source/" in text and "/signatories/1>" in text
    assert not [iri for iri in re.findall(r"<([^>]*)>", text) if iri.count("#") > 1]


def test_an_unknown_option_is_a_usage_error() -> None:
    code, _, err = run("build", "--frobnicate")
    assert code == 2 and "No such option" in err


def test_validate_a_built_graph_in_each_format(tmp_path: Path) -> None:
    run("build", "-q", "--out", str(tmp_path))
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        code, out, _ = run("validate", str(tmp_path / name))
        assert code == 0, name
        assert out.startswith("Validation against the kg shapes: conforms")


BAD = (
    "@prefix schema: <https://schema.org/> .\n"
    '<https://example.org/e> a schema:Event ; schema:name "No tag" .\n'
)


def validating_bad(folder: Path) -> tuple[int, str, str]:
    """`kg validate` of a graph that does not conform; whatever happens, no traceback."""
    code, out, err = run("validate", str(write(folder / "bad.ttl", BAD)))
    assert "Traceback" not in err
    return code, out, err


def test_validate_a_graph_that_does_not_conform(tmp_path: Path) -> None:
    code, out, _ = validating_bad(tmp_path)
    assert code == 1
    assert "DOES NOT CONFORM" in out and "https://example.org/e" in out


# A broken install or engine cannot be made with the real engine: these three stand in a
# missing module, an engine that raises, and a shapes file of no shapes (no mocks beyond).


@pytest.fixture
def fresh_engine() -> Iterator[None]:
    compiled = validate.compiled_shapes  # the real one (a test may stand another in)
    compiled.cache_clear()
    yield
    compiled.cache_clear()


def test_validate_says_so_when_the_engine_cannot_be_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_engine: None
) -> None:
    monkeypatch.setitem(sys.modules, "shacl", None)  # `import shacl` raises ImportError
    code, _, err = validating_bad(tmp_path)
    assert code == 2
    assert "SHACL engine (shacl) cannot be loaded" in err and "make setup" in err


def test_validate_says_so_when_the_engine_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_engine: None
) -> None:
    class Failing:
        def validate_file(self, *_: object, **__: object) -> object:
            raise ValueError("invalid IRI <http://x/{a}>")

    monkeypatch.setattr(validate, "compiled_shapes", lambda: Failing())
    code, _, err = validating_bad(tmp_path)
    assert code == 3
    assert "could not validate the graph" in err and "<http://x/{a}>" in err


def test_a_shapes_file_of_no_shapes_is_an_error_not_a_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_engine: None
) -> None:
    empty = write(tmp_path / "shapes.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
    monkeypatch.setattr(validate, "SHAPES_FILE", empty)
    code, out, err = validating_bad(tmp_path)
    assert code == 2 and "conforms" not in out
    assert "holds no shapes" in err and str(empty) in err


def test_validate_reads_http_schema_org_as_https(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old.ttl",
        "@prefix schema: <http://schema.org/> .\n"
        '<https://example.org/e> a schema:Event ; schema:name "No tag" .\n',
    )
    code, out, err = run("validate", str(old))
    assert "2 triples used http://schema.org/" in err
    assert code == 1 and "An event needs a name" in out


def test_validate_a_file_that_is_not_rdf(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.ttl", "this is not turtle")
    code, _, err = run("validate", str(broken))
    assert code == 3 and "broken.ttl" in err and "cannot read it as turtle" in err


def test_validate_an_unknown_extension(tmp_path: Path) -> None:
    code, _, err = run("validate", str(write(tmp_path / "graph.xyz", "")))
    assert code == 3 and "use one of .ttl, .nt, .jsonld" in err


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        code, out, _ = run(name, "--help")
        assert code == 0 and "Exit codes" in out and "Example" in out
        assert f"kg {name}" in readme, f"`kg {name}` is not documented in the README"
        assert command.help


# -- the validator never leaves the machine; no traceback, whatever the file -------------


def test_validate_never_fetches_a_remote_context(tmp_path: Path) -> None:
    """A server on loopback that would hold any request open: none may arrive."""
    import http.server

    from conftest import loopback

    asked: list[str] = []

    class Holder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server's name
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    with loopback(Holder) as root:
        remote = write(
            tmp_path / "remote.jsonld",
            f'{{"@context": "{root}/context.jsonld", "@id": "https://example.org/e", "name": "x"}}',
        )
        code, _, err = run("validate", str(remote))
        importing = write(
            tmp_path / "imports.ttl",
            f"<https://example.org/o> <http://www.w3.org/2002/07/owl#imports> <{root}/o.ttl> .\n",
        )
        imported, _, _ = run("validate", str(importing))
    assert code == 3 and "remote JSON-LD @context" in err and "never fetches" in err
    assert imported in (0, 1)  # validated, whatever the shapes say
    assert asked == []


def test_validate_reports_ill_typed_literals_without_a_traceback(tmp_path: Path) -> None:
    ill = write(
        tmp_path / "ill.ttl",
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<https://example.org/e> a schema:Event ; schema:name "E"@en ;\n'
        '  schema:startDate "2018-13-45"^^xsd:date ; schema:position "12x"^^xsd:integer .\n',
    )
    code, out, err = run("validate", str(ill))
    assert code == 1 and "Traceback" not in err and "ValueError" not in err
    assert f'{ill}: ill-typed literal "2018-13-45"^^' in err
    assert '"12x"' in err and "2 ill-typed literals" in out


@pytest.mark.parametrize(
    "name", ["empty.ttl", "empty.nt", "empty.jsonld", "empty.trig", "empty.nq"]
)
def test_validate_an_empty_graph_exits_3_in_every_format(tmp_path: Path, name: str) -> None:
    content = "{}" if name.endswith(".jsonld") else ""
    code, out, err = run("validate", str(write(tmp_path / name, content)))
    assert code == 3 and "holds no triples" in err and "conforms" not in out


def test_validate_the_build_report_is_not_a_graph(tmp_path: Path) -> None:
    run("build", "-q", "--out", str(tmp_path))
    code, _, err = run("validate", str(tmp_path / "report.json"))
    assert code == 3 and "report.json is the build's report" in err


def test_a_folder_that_cannot_be_written_is_exit_2_not_a_traceback(tmp_path: Path) -> None:
    from conftest import PARTYFACTS

    run("build", "-q", "--out", str(tmp_path))
    (tmp_path / "links.sssom.tsv").mkdir()  # where kg link must write a file (root ignores modes)
    before = (tmp_path / "graph.ttl").read_bytes()
    result = CliRunner().invoke(
        main, ["link", "--out", str(tmp_path), "--partyfacts", str(PARTYFACTS)]
    )
    assert (result.exit_code == 2 and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    assert "links.sssom.tsv: a folder stands where" in result.stderr and "hint:" in result.stderr
    assert (tmp_path / "graph.ttl").read_bytes() == before  # nothing half-written


# -- help and messages that are true --------------------------------------------------------


def test_counts_are_in_the_right_number(tmp_path: Path) -> None:
    code, _, err = run("build", "--out", str(tmp_path))
    assert code == 0
    assert "kg: 1 document, " in err and "mapped 1 document to " in err
    assert "1 documents" not in err and " 1 findings" not in err
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert report.startswith("Built 1 document into ") and "0 inputs failed" in report


def test_build_help_names_every_file_it_writes(tmp_path: Path) -> None:
    run("build", "-q", "--out", str(tmp_path))
    _, help_text, _ = run("build", "--help")
    written = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert len(written) >= 10
    for name in written:
        assert name in help_text, f"`kg build --help` does not name {name}"
    _, validate_help, _ = run("validate", "--help")
    for extension in (".ttl", ".nt", ".jsonld", ".trig", ".nq"):
        assert extension in validate_help


def test_hints_name_paths_that_exist(tmp_path: Path) -> None:
    import json
    import re

    run("build", "-q", str(PROJECT / "tests" / "corpus"), "--out", str(tmp_path))
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    hints = {f["hint"] for f in report["findings"] if f.get("hint")}
    paths = {p for hint in hints for p in re.findall(r"[\w.-]+(?:/[\w.-]+)+\.\w+", hint)}
    assert "src/kg/data/parties.toml" in paths
    for path in paths:
        assert (PROJECT / path).exists(), f"a hint names {path}, which does not exist"


def test_load_waits_no_longer_than_its_timeout_and_names_the_endpoint(tmp_path: Path) -> None:
    """A store that takes the connection and never answers."""
    import socket
    import time

    run("build", "-q", "--out", str(tmp_path))
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}/store"
        started = time.monotonic()
        code, _, err = run(
            "load", "--endpoint", endpoint, "--out", str(tmp_path), "--timeout", "0.5",
            "--retries", "0",
        )  # fmt: skip
        seconds = time.monotonic() - started
    assert code == 4 and "timed out" in err
    assert f"the store: --endpoint {endpoint}" in err
    assert seconds < 10
    code, _, err = run("load", "--endpoint", endpoint, "--timeout", "0")
    assert code == 2


def test_the_bundled_registry_is_complete() -> None:
    code, _, err = run("registry")
    assert code == 0, err
    assert "0 problems" in err


def test_the_registry_check_names_each_problem(tmp_path: Path) -> None:
    """An entry with no own-language name, a dissolution before the founding and two
    parties of one country with one name: each said, with the party's id; exit 1."""
    registry = tmp_path / "parties.toml"
    registry.write_text(
        "\n".join(
            [
                '[[party]]\nid = "gr-kke"\ncountry = "GR"',
                'name = { en = "Communist Party of Greece", el = "Κομμουνιστικό Κόμμα Ελλάδας" }',
                '[[party]]\nid = "gr-kke2"\ncountry = "GR"',
                'name = { en = "Communist Party of Greece", el = "ΚΚΕ (2)" }',
                '[[party]]\nid = "de-x"\ncountry = "DE"\nname = { en = "Some Party" }',
                "founded = 2000\ndissolved = 1990",
                '[[party]]\nid = "de-y"\ncountry = "DE"\nname = { en = "Other Party" }',
                'unchecked = ["native name"]',
            ]
        ),
        encoding="utf-8",
    )
    code, _, err = run("registry", str(registry))
    assert code == 1
    assert "de-x: no name in the party's own language" in err
    assert "de-x: dissolved in 1990, before its founding" in err
    assert "gr-kke, gr-kke2: two parties of GR named 'communist party of greece'" in err
    assert "de-y" not in err  # it says its native name was not checked
    assert "3 problems" in err


def test_an_unreadable_registry_is_a_usage_error(tmp_path: Path) -> None:
    registry = tmp_path / "parties.toml"
    registry.write_text(
        '[[party]]\nid = "gr-kke"\nname = { en = "KKE" }\nunchecked = ["colour"]\n',
        encoding="utf-8",
    )
    code, _, err = run("registry", str(registry))
    assert code == 2
    assert "unchecked" in err


DRAWING = {"matplotlib", "networkx"}


def test_the_cli_starts_without_the_drawing_libraries() -> None:
    """matplotlib and networkx are imported when a picture is drawn: they took half of the
    start of every command, `kg build` of nothing changed included."""
    loaded = subprocess.run(
        [sys.executable, "-c", f"import sys, kg.cli; print(sorted({DRAWING} & set(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert loaded == "[]"


def test_a_large_build_prints_ten_findings_of_a_kind_and_counts_the_rest(tmp_path: Path) -> None:
    """Twelve pages without a list: ten of their twelve [no-signatories] warnings are
    printed, and a line says how many more and where they are; --all-findings prints
    them all; report.txt holds them all either way."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for number in range(12):
        write(
            pages / f"page-{number:02}.txt",
            f"Statement number {number} on the war\n\n"
            "The communist and workers' parties condemn the war and call the peoples to "
            "struggle for peace, against the monopolies and their wars.\n",
        )
    out = tmp_path / "out"
    code, _, err = run("build", str(pages), "--out", str(out))
    assert code == 0
    printed = [line for line in err.splitlines() if "warning [no-signatories]" in line]
    assert len(printed) == 10 and "page-09.txt" in printed[-1]
    more = f"kg: 2 more findings [no-signatories] (warning) not printed: see {out / 'report.txt'}"
    assert more in err.splitlines()
    report = (out / "report.txt").read_text(encoding="utf-8")
    assert report.count("[no-signatories]") == 12
    code, _, err = run("build", str(pages), "--out", str(out), "--all-findings", "--no-cache")
    assert len([line for line in err.splitlines() if "warning [no-signatories]" in line]) == 12
    assert "not printed" not in err


def test_every_error_is_printed_however_many() -> None:
    from kg.cli.building import shown_findings
    from kg.model import Finding, Severity

    errors = [
        Finding("impossible-date", Severity.ERROR, "31 February", f"{n}.txt") for n in range(15)
    ]
    infos = [Finding("fuzzy-match", Severity.INFO, "close", f"{n}.txt") for n in range(12)]
    shown, left = shown_findings([*infos, *errors], 10)
    assert shown == [*infos[:10], *errors] and left == {"fuzzy-match": ("info", 2)}
    assert shown_findings([*infos, *errors], None) == ([*infos, *errors], {})
    # errors of a code that also has warnings do not use up the warnings' ten
    mixed = [Finding("impossible-date", Severity.WARNING, "?", f"{n}.txt") for n in range(11)]
    shown, left = shown_findings([*errors[:5], *mixed], 10)
    assert shown == [*errors[:5], *mixed[:10]] and left == {"impossible-date": ("warning", 1)}
