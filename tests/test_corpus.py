"""The test corpus: pages in every format of the family, built into one graph.

`tests/corpus/` holds pages written for the tests, modelled on the reference note
(`docs/source-formats.md`): each list shape, language and date form, meeting
pages that disagree, sidebar events, an HTML page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import URIRef

from kg.model import Declaration, KnowledgeBase, MatchRule
from kg.pipeline import BuildResult, build

CORPUS = Path(__file__).parent / "corpus"
BASE = "https://w3id.org/imcwp/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([CORPUS], tmp_path_factory.mktemp("corpus-output"))


def claim(kb: KnowledgeBase, page: str) -> Declaration:
    return next(d for d in kb.declarations if d.source == page)


def signed(kb: KnowledgeBase, page: str) -> list[str]:
    return [s.party_id for s in claim(kb, page).signatories]


def test_the_corpus_has_at_least_twenty_pages_and_builds_into_one_conforming_graph(
    corpus: BuildResult,
) -> None:
    assert len(list(CORPUS.iterdir())) >= 20
    assert corpus.documents == len(list(CORPUS.iterdir()))
    assert not corpus.failures
    assert corpus.validation.conforms, corpus.validation.summary()


# -- list shapes ---------------------------------------------------------------------------


def test_numbered_list_with_padding_keeps_every_near_namesake_apart(corpus: BuildResult) -> None:
    assert signed(corpus.kb, "01-numbered-padded") == [
        "gr-kke", "ps-pcp", "ps-ppp", "cu-pcc", "pt-pcp", "gb-cpb", "gb-ncp", "br-pcb",
        "br-pcdob", "dk-dkp", "dk-kpid", "sy-scp", "sy-scp-u", "lb-lcp",
    ]  # fmt: skip


def test_bulleted_list_in_spanish(corpus: BuildResult) -> None:
    assert signed(corpus.kb, "02-bulleted-spanish")[:3] == ["gr-kke", "cu-pcc", "es-pcpe"]


def test_dashed_list_in_portuguese(corpus: BuildResult) -> None:
    assert signed(corpus.kb, "03-dashed-portuguese") == [
        "pt-pcp", "br-pcdob", "br-pcb", "gr-kke", "es-pce",
    ]  # fmt: skip


def test_blank_line_separated_entries(corpus: BuildResult) -> None:
    assert signed(corpus.kb, "04-blank-line-separated") == [
        "ru-kprf", "ru-kpss", "ru-rkrp", "ua-kpu", "ua-sku", "by-kpb",
    ]  # fmt: skip


def test_unnumbered_list_with_typos_and_homoglyphs(corpus: BuildResult) -> None:
    parties = signed(corpus.kb, "05-unnumbered-typos")
    assert parties[:2] == ["tr-tkp", "provisional/pe-communist-party-of-peru"]  # two Peruvian CPs
    assert parties[2:8] == ["ir-tudeh", "gb-cpb", "az-akp", "lu-kpl", "fi-skp", "ir-tudeh"]
    assert parties[8] == "provisional/workers-party-of-atlantis"


def test_tab_table_with_a_party_header(corpus: BuildResult) -> None:
    assert signed(corpus.kb, "06-tab-table") == [
        "gr-kke", "tr-tkp", "cy-akel", "pt-pcp", "ps-pcp", "dk-dkp", "de-dkp",
    ]  # fmt: skip


def test_comma_run_on_where_pads_algeria_is_one_party(corpus: BuildResult) -> None:
    entries = claim(corpus.kb, "07-run-on").signatories
    assert [e.raw for e in entries][:3] == ["KKE", "PADS, Algeria", "AKEL"]
    assert [e.party_id for e in entries][4:6] == ["sy-scp", "sy-scp-u"]


def test_country_acronym_party_lines(corpus: BuildResult) -> None:
    assert signed(corpus.kb, "08-country-acronym-party") == [
        "cy-akel", "gr-kke", "es-pcpe", "tr-tkp", "it-pc",
    ]  # fmt: skip


def test_party_comma_country_lines(corpus: BuildResult) -> None:
    assert signed(corpus.kb, "09-party-comma-country") == [
        "ir-tudeh", "gb-cpb", "iq-icp", "tr-emep", "it-pc",
    ]  # fmt: skip


def test_party_with_country_in_parentheses(corpus: BuildResult) -> None:
    assert signed(corpus.kb, "10-party-paren-country") == [
        "cy-akel", "cy-akel", "ir-tudeh", "cz-kscm",
    ]  # fmt: skip


def test_acronym_dash_country_tells_the_two_pcps_apart(corpus: BuildResult) -> None:
    assert signed(corpus.kb, "11-acronym-dash-country") == [
        "pt-pcp", "ps-pcp", "ps-ppp", "cy-akel", "gr-kke",
    ]  # fmt: skip


def test_two_groups_under_italian_headings(corpus: BuildResult) -> None:
    lists = claim(corpus.kb, "12-two-groups-italian").lists
    assert [g.heading for g in lists] == ["Partiti SolidNet:", "Altri partiti:"]
    assert [[e.party_id for e in g.entries] for g in lists] == [
        ["gr-kke", "it-pc", "tr-tkp", "mx-pcm"],
        ["se-skp", "no-nkp"],
    ]


def test_an_updated_list_is_flagged(corpus: BuildResult) -> None:
    [group] = claim(corpus.kb, "13-updated-list").lists
    assert group.updated
    assert "list-updated" in {
        f.code for f in corpus.kb.findings if f.source == "13-updated-list.txt"
    }


def test_a_polish_list(corpus: BuildResult) -> None:
    parties = signed(corpus.kb, "14-polish-list")
    assert parties == ["pl-kpp", "gr-kke", "tr-tkp", "dk-dkp", "dk-kpid", "pt-pcp"]


def test_an_html_page_reads_like_a_text_page(corpus: BuildResult) -> None:
    page = claim(corpus.kb, "24-html-page")
    assert page.meeting == "imcwp-19" and page.adopted_on == dt.date(2017, 11, 3)
    assert [e.party_id for e in page.signatories] == [
        "ru-kprf", "gr-kke", "vn-cpv", "la-lprp", "kp-wpk", "cn-cpc",
    ]  # fmt: skip
    source = next(s for s in corpus.kb.sources if s.id == "24-html-page")
    assert source.publisher == "ru-kprf"


# -- languages and dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "languages", "adopted"),
    [
        ("01-numbered-padded", ["en"], dt.date(2022, 10, 29)),
        ("02-bulleted-spanish", ["es"], dt.date(2022, 10, 29)),
        ("12-two-groups-italian", ["it"], dt.date(2022, 2, 28)),
        ("14-polish-list", ["pl"], dt.date(2020, 6, 1)),
        ("17-party-prefix-russian", ["en", "ru"], dt.date(2026, 1, 31)),
        ("19-french-german", ["fr", "de"], dt.date(2013, 11, 8)),
        ("22-numeric-dates", ["en"], dt.date(2025, 6, 22)),
        ("23-cross-month-dates", ["en"], dt.date(2005, 12, 7)),
        ("20-greek", ["el"], None),  # 9-11 December: the meeting's dates
        ("21-czech", ["cs"], None),  # 18. – 19. 4. 2020: a span, not an adoption day
        ("03-dashed-portuguese", ["pt"], None),  # 13, 14 e 15 de dezembro
    ],
)
def test_languages_and_adoption_dates(
    corpus: BuildResult, page: str, languages: list[str], adopted: dt.date | None
) -> None:
    declaration = claim(corpus.kb, page)
    assert [v.language for v in declaration.versions] == languages
    assert declaration.adopted_on == adopted


def test_a_date_without_a_year_takes_the_publication_year_and_says_so(corpus: BuildResult) -> None:
    version = claim(corpus.kb, "03-dashed-portuguese").versions[0]
    assert version.dates is not None
    assert (version.dates.start, version.dates.end) == (
        dt.date(2019, 12, 13),
        dt.date(2019, 12, 15),
    )
    assert version.dates.days == (13, 14, 15) and version.dates.year_inferred
    findings = [f for f in corpus.kb.findings if f.code == "year-inferred"]
    assert [f.source for f in findings] == ["03-dashed-portuguese.txt"]


def test_a_greek_meeting_span_dates_the_meeting(corpus: BuildResult) -> None:
    claims = [e for e in corpus.kb.events if e.id == "imcwp-13" and e.source == "20-greek"]
    assert [(e.start, e.end, e.place) for e in claims] == [
        (dt.date(2011, 12, 9), dt.date(2011, 12, 11), "gr/athens")
    ]


# -- meetings, events, conflicts -----------------------------------------------------------


def test_two_pages_that_disagree_on_a_meetings_dates_keep_both_claims(corpus: BuildResult) -> None:
    claims = sorted((e.source, e.start, e.end) for e in corpus.kb.events if e.id == "imcwp-23")
    assert claims == [
        ("15-meeting-page-izmir", dt.date(2023, 10, 20), dt.date(2023, 10, 22)),
        ("16-meeting-page-izmir-other", dt.date(2023, 10, 19), dt.date(2023, 10, 22)),
    ]
    [conflict] = [f for f in corpus.kb.findings if f.code == "event-dates-disagree"]
    assert (
        "2023-10-19..2023-10-22" in conflict.message and "15-meeting-page-izmir" in conflict.message
    )
    starts = set(
        corpus.graph.objects(
            URIRef(f"{BASE}event/imcwp-23"), URIRef("https://schema.org/startDate")
        )
    )
    assert {str(s) for s in starts} == {"2023-10-19", "2023-10-20"}


def test_meeting_pages_name_their_place_and_attendees(corpus: BuildResult) -> None:
    claims = [e for e in corpus.kb.events if e.id == "imcwp-23"]
    assert {e.place for e in claims} == {"tr/izmir"}
    first = next(e for e in claims if e.source == "15-meeting-page-izmir")
    assert first.attendees == ("tr-tkp", "gr-kke", "ru-kprf", "cu-pcc", "za-sacp")
    assert claim(corpus.kb, "15-meeting-page-izmir").signatories == ()


def test_sidebar_events_with_every_kind_of_ordinal(corpus: BuildResult) -> None:
    events = {e.id: e for e in corpus.kb.events if e.source == "18-sidebar-events"}
    assert events["in-cpi-m/congress-24"].place == "in/madurai"
    assert events["es-pcpe/congress-12"].start == dt.date(2025, 4, 25)
    assert events["it-prc/congress-22"].place == "it/rome"
    assert events["cz-kscm/congress-11"].start == dt.date(2025, 6, 6)
    assert events["gb-cpb/congress-58"].place == "gb/london"
    assert events["pt-pcp/congress-22"].status == "postponed"
    assert (events["za-sacp/congress-16"].status, events["za-sacp/congress-16"].start) == (
        "scheduled",
        None,
    )
    assert events["ru-kprf/congress-20"].start == events["ru-kprf/congress-20"].end


def test_title_prefixes_and_tag_lines_name_the_publisher(corpus: BuildResult) -> None:
    publishers = {s.id: s.publisher for s in corpus.kb.sources}
    assert publishers["03-dashed-portuguese"] == "gr-kke"  # `CP of Greece, …`
    assert publishers["17-party-prefix-russian"] == "ru-kprf"  # the tag line
    assert publishers["11-acronym-dash-country"] == "pt-pcp"  # `CP of Portugal, …`
    meetings = {d.source: d.meeting for d in corpus.kb.declarations}
    assert meetings["01-numbered-padded"] == "imcwp-22"  # `22nd IMCWP`
    assert meetings["02-bulleted-spanish"] == "imcwp-22"  # `22 IMCWP` and `22º Encuentro`
    assert meetings["23-cross-month-dates"] == "imcwp-7"  # `7th IMCWP`
    assert meetings["07-run-on"] == "imcwp-13"  # `13 IMCWP Resolution`


# -- identity across documents -------------------------------------------------------------


def test_one_party_in_many_spellings_and_languages_is_one_iri(corpus: BuildResult) -> None:
    spellings: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for declaration in corpus.kb.declarations:
        for entry in declaration.signatories:
            spellings[entry.party_id].add((entry.raw, entry.language))
    kke = spellings["gr-kke"]
    assert len({raw for raw, _ in kke}) >= 5, kke
    assert len({language for _, language in kke}) >= 3, kke
    pages = {
        d.source for d in corpus.kb.declarations for e in d.signatories if e.party_id == "gr-kke"
    }
    assert len(pages) >= 10  # one node, named by pages in many languages


@pytest.mark.parametrize(
    ("page", "first", "second"),
    [
        ("14-polish-list", "dk-dkp", "dk-kpid"),
        ("07-run-on", "sy-scp", "sy-scp-u"),
        ("11-acronym-dash-country", "pt-pcp", "ps-pcp"),
        ("11-acronym-dash-country", "ps-pcp", "ps-ppp"),
        ("03-dashed-portuguese", "br-pcdob", "br-pcb"),
    ],
)
def test_must_stay_distinct_pairs_are_told_apart_on_each_page(
    corpus: BuildResult, page: str, first: str, second: str
) -> None:
    parties = signed(corpus.kb, page)
    assert first in parties and second in parties


def test_different_statements_of_one_meeting_stay_apart(corpus: BuildResult) -> None:
    ids = [d.id for d in corpus.kb.declarations if d.meeting == "imcwp-22"]
    assert len(ids) == 2 and len(set(ids)) == 2  # different statements of one meeting
    kinds = {d.id for d in corpus.kb.declarations}
    assert len(kinds) == len(corpus.kb.declarations)  # no accidental merges in the corpus


# -- named graphs and provenance -----------------------------------------------------------


def test_each_page_is_a_named_graph_with_its_provenance(corpus: BuildResult) -> None:
    out = corpus.written[0].parent
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    graphs = {str(g.value) for g in store.named_graphs()}
    pages = {f"{BASE}graph/source/{p.stem}" for p in CORPUS.iterdir()}
    assert pages | {f"{BASE}graph/reference", f"{BASE}graph/dataset"} == graphs
    query = f"""
        SELECT ?sum WHERE {{
            GRAPH <{BASE}graph/source/07-run-on> {{ ?page <https://schema.org/sha256> ?sum }}
        }}"""
    [row] = list(store.query(query))  # type: ignore[arg-type]
    assert len(row["sum"].value) == 64


def test_nquads_and_trig_hold_the_same_quads(corpus: BuildResult) -> None:
    out = corpus.written[0].parent
    trig = set(pyoxigraph.parse(path=str(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG))
    nquads = set(pyoxigraph.parse(path=str(out / "graph.nq"), format=pyoxigraph.RdfFormat.N_QUADS))
    assert trig == nquads and len(trig) >= len(corpus.graph)


def test_trig_writes_each_named_graph_in_one_block(corpus: BuildResult) -> None:
    text = (corpus.written[0].parent / "graph.trig").read_text(encoding="utf-8")
    blocks = [line for line in text.splitlines() if line.endswith(" {")]
    assert len(blocks) == len(set(blocks)) == len(corpus.mapped.graphs) > 20


def test_every_mention_says_how_it_was_resolved(corpus: BuildResult) -> None:
    rules = {r.rule for r in corpus.kb.resolutions}
    for rule in (MatchRule.EXACT, MatchRule.ALIAS, MatchRule.NORMALISED, MatchRule.ACRONYM,
                 MatchRule.ACRONYM_COUNTRY, MatchRule.TRANSLATED, MatchRule.FUZZY,
                 MatchRule.UNRESOLVED):  # fmt: skip
        assert rule in rules, rule
    for resolution in corpus.kb.resolutions:
        if resolution.rule is MatchRule.FUZZY:
            assert 0.9 <= resolution.score < 1
        if resolution.rule is MatchRule.UNRESOLVED:
            assert resolution.party_id.startswith("provisional/")


def test_unresolved_and_close_spellings_are_listed_for_review(corpus: BuildResult) -> None:
    rows = (corpus.written[0].parent / "review.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == [
        "document",
        "line",
        "mention",
        "rule",
        "party",
        "score",
        "candidates",
    ]
    table = [row.split("\t") for row in rows[1:]]
    peru = next(row for row in table if row[2] == "Communist Party of Peru")
    assert peru[:2] == ["05-unnumbered-typos.txt", "10"] and peru[3] == "unresolved"
    # the party of Peru named with these words first, then the closest spelling: not merged
    assert peru[6].startswith("pe-pcp 1.00") and "pe-pcp-pr " in peru[6]
    tudey = next(row for row in table if row[2] == "Tudey Party of Iran")
    assert (tudey[3], tudey[4]) == ("fuzzy", "ir-tudeh")
    assert len(table) == sum(
        1 for r in corpus.kb.resolutions if r.rule in (MatchRule.UNRESOLVED, MatchRule.FUZZY)
    )


# -- classes found on real pages (benchmarks/fidelity.py) ---------------------------------


def versions_of(page: str) -> list[str]:
    from kg.parse import parse_document
    from kg.sources import read_document

    document = parse_document(read_document(CORPUS / f"{page}.txt", f"{page}.txt"))
    return [v.language for v in document.versions]


def test_a_page_that_promises_no_language_is_told_by_its_text(corpus: BuildResult) -> None:
    """Italian and Spanish pages without language markers were all tagged `en`."""
    assert versions_of("25-italian-running-text") == ["it"]
    assert versions_of("28-statement-without-list") == ["es"]
    source = next(s for s in corpus.kb.sources if s.id == "25-italian-running-text")
    assert source.languages == ("it",)


def test_parties_listed_in_running_text_are_read(corpus: BuildResult) -> None:
    """`Hanno partecipato alla riunione: il …, il … e il …` and `attended by A, B and the C`:
    articles dropped, the last `e`/`and` split, `Party of the Communists, Mexico` kept whole."""
    italian = [s.raw for s in claim(corpus.kb, "25-italian-running-text").signatories]
    assert italian == [
        "Partito Comunista di Grecia", "Partito Comunista Portoghese", "Partito Comunista di Cuba",
        "Partito Comunista Libanese", "Partito Comunista della Federazione Russa",
        "Partito Comunista Sudafricano",
    ]  # fmt: skip
    english = claim(corpus.kb, "26-attended-by-in-running-text").signatories
    assert [s.raw for s in english][2] == "Party of the Communists, Mexico"
    assert [s.party_id for s in english][:2] == ["ar-pca", "be-ptb"]
    assert [s.party_id for s in english][3:] == ["pt-pcp", "cy-akel", "lb-lcp"]


def test_entries_ending_in_semicolons_and_full_stops_are_entries(corpus: BuildResult) -> None:
    """`Communist Party of China;` … `Lebanese Communist Party.`: the separators are list
    punctuation; the whole blank-line separated list is read, none of it is trailing text."""
    assert signed(corpus.kb, "27-entries-ending-in-semicolons") == [
        "cn-cpc", "hu-munkaspart", "cz-kscm", "cu-pcc", "cy-akel", "gr-kke", "in-cpi-m", "lb-lcp",
    ]  # fmt: skip
    raws = [s.raw for s in claim(corpus.kb, "27-entries-ending-in-semicolons").signatories]
    assert raws[0] == "Communist Party of China" and raws[-1] == "Lebanese Communist Party"
    codes = {
        f.code for f in corpus.kb.findings if f.source == "27-entries-ending-in-semicolons.txt"
    }
    assert "trailing-text" not in codes


def test_a_page_with_text_but_no_list_or_date_is_kept_with_a_finding(corpus: BuildResult) -> None:
    """A statement a person reads easily is not rejected: its title, text and language are
    kept, and the finding says what was not found."""
    assert "28-statement-without-list" in {s.id for s in corpus.kb.sources}
    codes = {f.code for f in corpus.kb.findings if f.source == "28-statement-without-list.txt"}
    assert "no-structure" in codes


def test_a_greek_sentence_listing_parties_in_the_genitive(corpus: BuildResult) -> None:
    """`συμμετείχαν εκπρόσωποι του …, του … και του …`: the article and the lead-in dropped,
    the sentence kept as text, not read as a printed list."""
    raws = [s.raw for s in claim(corpus.kb, "29-greek-running-text").signatories]
    assert raws == [
        "Κομμουνιστικού Κόμματος Ελλάδας", "Κόμματος Εργατών Βελγίου",
        "Πορτογαλικού Κομμουνιστικού Κόμματος", "Κομμουνιστικού Κόμματος Τουρκίας",
    ]  # fmt: skip
    assert versions_of("29-greek-running-text") == ["el"]


def test_demands_flags_and_a_name_cut_short(corpus: BuildResult) -> None:
    """Bulleted demands before the list are the text's, not signatories; flag emoji are
    bullets; a name with no party word between two entries is an entry; the page stops in
    the middle of a name (no final line break), which is not taken for a party."""
    page = "30-demands-emoji-cut-off"
    assert [s.raw for s in claim(corpus.kb, page).signatories] == [
        "Communist Party of Greece", "Portuguese Communist Party", "Akel – Cyprus",
        "Communist Party of Turkey",
    ]  # fmt: skip
    assert signed(corpus.kb, page)[:2] == ["gr-kke", "pt-pcp"]
    findings = {f.code: f for f in corpus.kb.findings if f.source == f"{page}.txt"}
    assert "Communist Party of the Phil" in findings["cut-off-entry"].message
    text = claim(corpus.kb, page).versions[0].text
    assert "Ending the military intervention" in text


def test_lines_that_are_not_adoption_lines(corpus: BuildResult) -> None:
    """A site's posting date (`Nov 21, 2023`), an e-mail header of a migrated page and a
    signing party's dated line (`TKP, 16 November 2023`) are no adoption date; the list's
    names that end in `Party` are names, not group headings."""
    page = "31-lines-that-are-not-adoption-lines"
    assert claim(corpus.kb, page).adopted_on is None
    assert signed(corpus.kb, page) == ["gr-kke", "pt-pcp", "tr-tkp"]
    assert [len(g.entries) for g in claim(corpus.kb, page).lists] == [3]


def test_title_lines_wrapped_prose_and_a_signature_are_no_signatories(
    corpus: BuildResult,
) -> None:
    """A meeting's name and its place and dates over a statement, a paragraph wrapped at a
    fixed width and the section that signs a party's text are not a list of parties."""
    page = "32-title-lines-and-a-signature"
    assert claim(corpus.kb, page).signatories == ()
    assert "political solidarity and support" in claim(corpus.kb, page).versions[0].text


def test_a_paragraph_of_names_a_bracketed_run_and_a_long_name_in_a_dashed_list(
    corpus: BuildResult,
) -> None:
    """A paragraph that is a run of names with a sentence after it; names listed in brackets
    inside a sentence; `Country – Name` lines where one name is long and has no party word
    in English: all read, none lost."""
    raws = [s.raw for s in claim(corpus.kb, "33-run-paragraph-and-long-names").signatories]
    assert raws[0] == "Algeria – Algerian Party for Democracy and Socialism"
    assert raws[2].startswith("Chad – Action Tchadienne pour l'Unité et le Socialisme")
    assert "Communist Party of Austria" in raws and "Communist Party of Greece" in raws
    assert "Portuguese Communist Party" in raws and "Lebanese Communist Party" in raws
    assert len(raws) == 5 + 11 + 4
    assert not any("Representatives" in raw for raw in raws)


def test_lead_ins_before_the_names_and_a_sentence_that_is_no_list(corpus: BuildResult) -> None:
    """`Hanno partecipato alla Riunione il Partito …`: the lead-in is not part of the first
    name; `attended by representatives of the parties that … (A, B, C)`: the names in the
    brackets; a sentence with commas that counts parties (`71 communist and workers'
    parties …, on the initiative of the KKE, …`) is not a list."""
    raws = [s.raw for s in claim(corpus.kb, "34-lead-ins-before-the-names").signatories]
    assert raws == [
        "Partito Comunista del Venezuela", "Partito Comunista di Grecia",
        "Partito Comunista di Turchia", "Communist Party of Mexico", "Hungarian Workers' Party",
        "Russian Communist Workers' Party",
    ]  # fmt: skip
    assert versions_of("34-lead-ins-before-the-names") == ["it", "en"]


def test_a_page_that_is_one_paragraph_is_read_as_text(corpus: BuildResult) -> None:
    """A page of one long paragraph was rejected (its only line taken for a title); its
    participants (`συμμετείχαν 5 κόμματα: ΚΚΕ, ΚΚ Λαών Ισπανίας, …`, Greek acronyms) are read."""
    page = "35-one-paragraph-greek-page"
    assert versions_of(page) == ["el"]
    raws = [s.raw for s in claim(corpus.kb, page).signatories]
    assert raws == [
        "ΚΚΕ", "Κόμμα Εργατών Ιρλανδίας", "ΚΚ Λαών Ισπανίας", "ΚΚ Νορβηγίας", "ΚΚ Τουρκίας",
    ]  # fmt: skip
    assert signed(corpus.kb, page)[0] == "gr-kke"


def test_demands_under_a_heading_and_a_second_language_after_the_list(
    corpus: BuildResult,
) -> None:
    """`… salute the workers and demand:` over bullets of demands is text, not a list; the
    Russian version printed after the signatory list is read, not dropped as trailing text."""
    page = "36-second-language-after-the-list"
    assert versions_of(page) == ["en", "ru"]
    declaration = claim(corpus.kb, page)
    assert signed(corpus.kb, page) == ["gr-kke", "ru-kprf", "tr-tkp"]
    english = next(v for v in declaration.versions if v.language == "en")
    assert "The release of all the trade unionists" in english.text
    codes = {f.code for f in corpus.kb.findings if f.source == f"{page}.txt"}
    assert "trailing-text" not in codes and "not-a-party" not in codes


def test_parties_named_by_their_countries(corpus: BuildResult) -> None:
    """`i rappresentanti dei PPCC di Cuba, Brasile (PCdoB), …; Palestina (PPP e PC), …`: a
    country stands for its party, an acronym in brackets names it (two for two parties), the
    region after it (`dall'Africa`) is not part of it. A country with one communist party in
    the registry is that party; with two, the one named plainly after it (the Syrian
    Communist Party, not the Syrian Communist Party (Unified)), the other kept as a
    candidate."""
    page = "37-parties-named-by-country"
    raws = [s.raw for s in claim(corpus.kb, page).signatories]
    assert raws == [
        "Cuba", "Brasile (PCdoB)", "Venezuela", "Sudafrica", "Libano", "PPP", "PC", "Siria",
        "Portogallo", "PC", "PTB", "Ucraina",
    ]  # fmt: skip
    parties = dict(zip(raws, signed(corpus.kb, page), strict=False))
    assert parties["Cuba"] == "cu-pcc" and parties["Sudafrica"] == "za-sacp"
    assert parties["Brasile (PCdoB)"] == "br-pcdob" and parties["PTB"] == "be-ptb"
    assert parties["Portogallo"] == "pt-pcp" and parties["Libano"] == "lb-lcp"
    rules = {r.mention: r.rule for r in corpus.kb.resolutions if r.source == f"{page}.txt"}
    assert rules["Cuba"] is MatchRule.COUNTRY
    assert parties["Siria"] == "sy-scp" and rules["Siria"] is MatchRule.COUNTRY
    siria = next(r for r in corpus.kb.resolutions if r.mention == "Siria")
    assert {c for c, _ in siria.candidates} == {"sy-scp", "sy-scp-u"}


def test_leaders_named_by_their_countries_in_russian(corpus: BuildResult) -> None:
    """`руководители компартий Белоруссии (Алексей Сокол), России (…) и Молдовы (…)`: the
    countries in the genitive, each with its leader in brackets."""
    page = "38-russian-leaders-by-country"
    raws = [s.raw for s in claim(corpus.kb, page).signatories]
    assert raws[0] == "Белоруссии (Алексей Сокол)" and len(raws) == 4
    assert signed(corpus.kb, page)[2:] == ["pt-pcp", "md-pcrm"]


def test_a_swedish_sentence_of_parties_and_the_clause_after_it(corpus: BuildResult) -> None:
    """`representerande A, B och C som samlades …`: the cue in Swedish, `och` as the last
    comma, the clause after the last name not part of it."""
    raws = [s.raw for s in claim(corpus.kb, "39-swedish-representing-parties").signatories]
    assert raws == [
        "Danmarks Kommunistiske Parti", "Norges Kommunistiske Parti",
        "Sveriges Kommunistiska Parti",
    ]  # fmt: skip


def test_a_title_that_names_the_signers(corpus: BuildResult) -> None:
    """`Joint Statement of the General Secretaries of the A, the B, and the C`: with no list
    in the text, the parties the title names sign it."""
    page = "40-title-names-the-signers"
    assert signed(corpus.kb, page) == ["gr-kke", "pt-pcp", "tr-tkp"]
    from kg.parse import parse_document
    from kg.sources import read_document

    document = parse_document(read_document(CORPUS / f"{page}.txt", f"{page}.txt"))
    assert [g.role for g in document.lists] == ["signatories"]


def test_two_names_glued_together_are_two_entries(corpus: BuildResult) -> None:
    """`Partit Comunista de MèxicPartit Comunista de Turquia`: a lost line break; two names,
    and a finding that says so. A bulleted line that announces the list is its heading."""
    page = "41-glued-names"
    assert [g.heading for g in claim(corpus.kb, page).lists] == ["Partits que signen el missatge:"]
    raws = [s.raw for s in claim(corpus.kb, page).signatories]
    assert raws[1:3] == ["Partit Comunista de Mèxic", "Partit Comunista de Turquia"]
    assert len(raws) == 4
    codes = [f.code for f in corpus.kb.findings if f.source == f"{page}.txt"]
    assert codes.count("glued-entries") == 1


def test_names_in_a_mixed_list_keep_their_own_languages(corpus: BuildResult) -> None:
    """A French page whose list mixes German, English, French and Spanish names: each name
    is tagged in its own language, not the page's or the list's majority."""
    page = "42-mixed-language-list"
    listed = [(s.raw, s.language) for s in claim(corpus.kb, page).signatories]
    assert [language for _, language in listed] == ["de", "en", "fr", "es", "de", "fr", "en"]
    assert versions_of(page) == ["fr"]
    assert signed(corpus.kb, page)[:2] == ["de-dkp", "gb-cpb"]


def test_a_bracketed_run_with_brackets_inside_and_a_run_after_namely(
    corpus: BuildResult,
) -> None:
    """`(A, Communist Party of India (Marxist), B and C)`: the run ends at the bracket that
    closes it, not at the first `)`; `…, namely the A, the B and the C`."""
    page = "43-nested-brackets-and-namely"
    raws = [s.raw for s in claim(corpus.kb, page).signatories]
    assert raws[:4] == [
        "Portuguese Communist Party", "Communist Party of India (Marxist)",
        "Lebanese Communist Party", "Communist Party of Greece",
    ]  # fmt: skip
    assert raws[4] == "Party of Labour of Austria" and len(raws) == 8


def test_page_furniture_above_the_title_is_no_title(corpus: BuildResult) -> None:
    """A skip link, a by-line with no name and a breadcrumb (`Home | News | …`) are the
    site's, not the statement's: the title is what the breadcrumb ends with."""
    page = "44-furniture-above-the-title"
    titles = [v.title for v in claim(corpus.kb, page).versions]
    assert titles == ["Solidarity with the people of Cuba"]
    assert signed(corpus.kb, page) == ["gr-kke", "pt-pcp", "mx-pcm"]


def test_every_cue_of_a_list_in_text_holds_a_word_the_quick_look_finds() -> None:
    """A line without one of CUE_WORDS is not searched for a list's cue: every cue the
    pattern finds, in every page the tests hold, in any case, must hold one of them."""
    from kg.parse.running import CUES, may_cue

    pages = [*Path(__file__).parent.glob("**/*.txt"), *Path(__file__).parent.glob("**/*.html")]
    cues = 0
    for page in sorted(pages):
        for line in page.read_text(encoding="utf-8", errors="replace").splitlines():
            for match in CUES.finditer(line):
                cues += 1
                for text in (match.group(0), match.group(0).upper(), match.group(0).lower()):
                    assert may_cue(text), (page.name, text)
    assert cues > 10  # the pages have cues: the check looked at something
    assert may_cue("ATTENDED BY") and not may_cue("The workers of the world")
    assert CUES.search("Partıcipants were: A, B") and may_cue("Partıcipants were: A, B")


def test_answers_about_short_texts_are_kept_and_long_texts_are_asked_each_time() -> None:
    from kg.text import SHORT_TEXT, remembered

    asked: list[str] = []

    @remembered
    def length(text: str, extra: int) -> int:
        asked.append(text)
        return len(text) + extra

    short, long = "Communist Party of Greece", "word " * SHORT_TEXT
    assert [length(short, 1), length(short, 1), length(short, 2)] == [26, 26, 27]
    assert [length(long, 0), length(long, 0)] == [len(long)] * 2
    assert asked == [short, short, long, long]  # each argument kept apart; no page kept
