"""`kg site`: every IRI under the base answers, as HTML for people and as Turtle, JSON-LD and
N-Triples for machines; checked on the files and through a real nginx (Debian's package)
started on loopback with the configuration `kg site` writes."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyld import jsonld

from conftest import PROJECT
from kg.cli import main
from kg.pipeline import build
from kg.site import write_site
from kg.vocab import DEFAULT_BASE

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test corpus built, and its site written."""
    out = tmp_path_factory.mktemp("built")
    build([PROJECT / "tests" / "corpus"], out, workers=1)
    write_site(out, out / "site")
    return out


def iris_under_base(out: Path) -> set[str]:
    found = set()
    for quad in ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(DEFAULT_BASE):
                found.add(term.value.split("#")[0])
    return found


def test_every_iri_under_the_base_has_a_page_and_its_descriptions(built: Path) -> None:
    site = built / "site"
    iris = iris_under_base(built)
    assert len(iris) > 100
    for iri in iris:
        path = iri.removeprefix(DEFAULT_BASE).strip("/")
        for suffix in (".html", ".ttl", ".jsonld", ".nt"):
            assert (site / f"{path}{suffix}").is_file(), f"{iri}: no {suffix}"


def test_a_resource_s_descriptions_hold_its_triples_in_each_format(built: Path) -> None:
    site, party = built / "site", f"{DEFAULT_BASE}party/gr-kke"
    own = {
        (t.predicate.value, str(t.object))
        for t in ox.parse(path=str(built / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
        if t.subject.value == party
    }
    assert own
    turtle = {
        (t.predicate.value, str(t.object))
        for t in ox.parse(path=str(site / "party/gr-kke.ttl"), format=ox.RdfFormat.TURTLE)
        if t.subject.value == party
    }
    assert turtle == own

    def loader(url: str, options: object = None) -> dict[str, object]:
        raise AssertionError(f"expanded JSON-LD needs no context, yet {url} was asked for")

    document = json.loads((site / "party/gr-kke.jsonld").read_text(encoding="utf-8"))
    quads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    from_jsonld = {
        (t.predicate.value, str(t.object))
        for t in ox.parse(quads.encode(), format=ox.RdfFormat.N_QUADS)
        if t.subject.value == party
    }
    assert from_jsonld == own
    # what it points to is named: a person reading the Turtle sees the country's name
    labels = (site / "party/gr-kke.ttl").read_text(encoding="utf-8")
    assert "Greece" in labels


def test_a_party_s_page_shows_what_a_person_looks_for(built: Path) -> None:
    page = lxml.html.fromstring((built / "site/party/gr-kke.html").read_bytes())
    text = " ".join(page.text_content().split())
    assert "Communist Party of Greece" in text and "Κομμουνιστικό Κόμμα Ελλάδας" in text
    headings = [h.text_content() for h in page.iter("h2")]
    assert "Declarations signed" in headings and "Signed with" in headings
    stated = [a.get("href") for a in page.xpath("//table//td[3]//a | //p[@class='stated']/a")]
    # each fact links to the page that states it: a source page, or the registry's graph
    assert any("source/" in href for href in stated)
    assert all("source/" in href or href.endswith("graph/reference.html") for href in stated)


def test_a_declaration_s_page_shows_its_texts_and_list_as_printed(built: Path) -> None:
    declarations = sorted((built / "site/declaration").rglob("*.html"))
    assert declarations
    with_list = [
        lxml.html.fromstring(p.read_bytes())
        for p in declarations
        if b'id="signatory-lists"' in p.read_bytes()
    ]
    assert with_list
    page = with_list[0]
    entries = page.xpath("//section[@id='signatory-lists']//li")
    assert entries and all(entry.get("value") for entry in entries)  # numbers as printed
    assert page.xpath("//section[@id='texts']//article[@lang]")  # a text per language


def test_what_a_page_shows_is_escaped_as_text_never_read_as_html() -> None:
    """The filters that write a page's longest parts in Python escape as the templates do:
    a text, a name, a finding or a link holding markup shows it, never runs it."""
    from kg.site.pages import (
        Entry,
        Link,
        Name,
        entry_items,
        items,
        link_list,
        name_rows,
        paragraphs,
    )

    hostile = "<script>alert('x')</script> & \"quoted\""
    shown = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;quoted&#34;"
    assert str(paragraphs([hostile])) == f"<p>{shown}</p>\n"
    assert str(items([hostile])) == f"<li>{shown}</li>"
    rows = str(name_rows([Name(hostile, 'en" onclick="x', hostile)]))
    assert "<script>" not in rows and 'lang="en&#34; onclick=&#34;x"' in rows
    links = str(link_list([Link('x" onmouseover="y', hostile, hostile)]))
    assert "<script>" not in links and 'href="x&#34; onmouseover=&#34;y"' in links
    entries = str(entry_items([Entry("e", 1, (1, 1), hostile, Link("p.html", hostile))]))
    assert "<script>" not in entries and entries.count(shown) == 1


def test_a_site_written_again_replaces_the_old_one_whole(built: Path, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    (dest / "party").mkdir(parents=True)
    (dest / "party/gone.html").write_text("a page of an older graph")
    (dest / ".kg-site").write_text("an older site")
    write_site(built, dest)
    assert not (dest / "party/gone.html").exists() and (dest / "party/gr-kke.html").is_file()
    for _ in range(100):  # the old site is removed by a process of its own
        if [p.name for p in tmp_path.iterdir()] == ["site"]:
            break
        time.sleep(0.1)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_folder_kg_did_not_write_is_never_replaced(built: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.txt").write_text("not a site")
    for dest in (notes, built, built.parent):  # someone's folder, the build, around it
        result = CliRunner().invoke(main, ["site", "--out", str(built), "--dest", str(dest)])
        assert result.exit_code == 2 and "replaces its folder whole" in result.stderr
    assert (notes / "mine.txt").read_text() == "not a site" and (built / "graph.nq").is_file()


def test_without_pagefind_the_site_is_written_without_search(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # a binary that fails
    write_site(built, tmp_path / "site", workers=1)
    assert (tmp_path / "site/party/gr-kke.html").is_file()
    assert not (tmp_path / "site/pagefind").exists()
    assert "the site has no search: Pagefind (/bin/false) ended with code 1" in caplog.text


def test_the_site_does_not_depend_on_python_s_hash_seed(built: Path, tmp_path: Path) -> None:
    """Written again in another process, with another seed for Python's string hashes
    (set and dict orders of strings change with it): the same bytes."""
    script = "import sys, pathlib, kg.site as s; s.write_site(*map(pathlib.Path, sys.argv[1:]))"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = [sys.executable, "-c", script, str(built), str(tmp_path / seed)]
        subprocess.run(args, env=env, check=True, capture_output=True)
    first, second = tmp_path / "1", tmp_path / "2"
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names and names == sorted(
        p.relative_to(second) for p in second.rglob("*") if p.is_file()
    )
    differ = [
        n
        for n in names
        if n.name != "nginx.conf" and (first / n).read_bytes() != (second / n).read_bytes()
    ]
    assert not differ


def test_kg_site_writes_into_out_site_by_default(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([], out)
    result = CliRunner().invoke(main, ["site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "site/index.html").is_file() and "resources" in result.stderr
    missing = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "nothing")])
    assert missing.exit_code == 3 and "kg build" in missing.stderr


# -- content negotiation through a real nginx ------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def nginx(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx on loopback with the `map` and `location` `kg site` wrote (nginx.conf)."""
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    snippet = (built / "site" / "nginx.conf").read_text(encoding="utf-8")
    in_http, in_server = snippet.split("# In server { }:")
    (prefix / "nginx.conf").write_text(
        f"""daemon off;
master_process off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{in_http}
    server {{
        listen 127.0.0.1:{port};
{in_server}
    }}
}}
""",
        encoding="utf-8",
    )
    server = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")])
    root = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{root}/index.html", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield root
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("accept", "media_type", "suffix"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", ".html"),
        ("text/turtle", "text/turtle", ".ttl"),
        ("application/ld+json", "application/ld+json", ".jsonld"),
        ("application/n-triples", "application/n-triples", ".nt"),
        ("text/turtle;q=1.0, application/rdf+xml;q=0.5, */*;q=0.1", "text/turtle", ".ttl"),
        ("*/*", "text/html", ".html"),
    ],
)
def test_each_resource_answers_each_accept_header_with_its_file(
    nginx: str, built: Path, accept: str, media_type: str, suffix: str
) -> None:
    for path in ("party/gr-kke", "event/imcwp-13", "place/gr"):
        if not (built / "site" / f"{path}{suffix}").exists():
            continue
        request = urllib.request.Request(f"{nginx}/{path}", headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.headers.get_content_type() == media_type, path
            assert "Accept" in answer.headers.get("Vary", "")
            body = answer.read()
        assert body == (built / "site" / f"{path}{suffix}").read_bytes()


# -- pictures ----------------------------------------------------------------------------------


def test_each_picture_is_the_same_each_time_and_shows_the_record(built: Path) -> None:
    from kg.files import built_file
    from kg.site.describe import Described
    from kg.site.plots import PICTURES, svg

    described = Described.read(built_file(built), DEFAULT_BASE)
    drawn = {name: svg(draw(described)) for name, draw in PICTURES.items()}
    again = {name: svg(draw(described)) for name, draw in PICTURES.items()}
    assert drawn == again
    assert all(image == (built / "site/pictures" / f"{name}.svg").read_bytes()
               for name, image in drawn.items())  # fmt: skip
    assert b"Izmir" in drawn["timeline"]  # where the 21st and 23rd meetings were held
    assert b">KKE<" in drawn["network"] and b"Europe" in drawn["network"]  # a node, a region
    assert b">el<" in drawn["languages"] and b">es<" in drawn["languages"]  # the legend
    assert b">KKE<" in drawn["signatures"]


def test_timeline_labels_never_overlap_and_those_left_off_are_counted() -> None:
    import datetime as dt

    from kg.site.plots import LABEL_SIZE, label_lanes

    first = dt.date(2020, 1, 1)
    crowded = [(first + dt.timedelta(days=n), f"{n} Johannesburg") for n in range(12)]
    spread = [(dt.date(2024, 1, 1), "30 Lisbon")]
    placed = label_lanes(crowded + spread, first, per_point=2.0, most_lanes=5)
    assert [lane for *_, lane in placed[:5]] == [0, 1, 2, 3, 4]  # a day apart: all crowd
    assert [lane for *_, lane in placed[5:12]] == [None] * 7  # no lane left for these
    assert placed[12][2] == 0  # four years on: the first lane is free again
    by_lane: dict[int, list[tuple[float, float]]] = {}
    for day, label, lane in placed:
        if lane is not None:
            start = (day - first).days / 2.0
            by_lane.setdefault(lane, []).append((start, start + len(label) * LABEL_SIZE * 0.6))
    for spans in by_lane.values():  # within a lane, each label ends before the next starts
        assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))


def test_a_crowded_timeline_says_how_many_labels_it_left_off(built: Path) -> None:
    from kg.files import built_file
    from kg.site.describe import Described
    from kg.site.plots import svg, timeline

    described = Described.read(built_file(built), DEFAULT_BASE)
    assert b"left off" not in svg(timeline(described))  # the corpus's labels all fit
    assert b"labels left off where events crowd" in svg(timeline(described, most_lanes=1))


def test_kg_plot_draws_one_picture(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "network.svg"
    result = CliRunner().invoke(
        main, ["plot", "network", "--out", str(built), "--dest", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (built / "site/pictures/network.svg").read_bytes()
    unknown = CliRunner().invoke(main, ["plot", "pie", "--out", str(built)])
    assert unknown.exit_code == 2
