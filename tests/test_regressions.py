"""Regression tests, one per problem found in review, named after it."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyld import jsonld

from conftest import PROJECT, SAMPLE_TEXT, sample_variant, source
from kg.cli import main
from kg.errors import ConfigurationError, InputError
from kg.model import EventMention, ParsedDocument
from kg.parse import parse_document
from kg.pipeline import build
from kg.rdf.jsonld import jsonld_context
from kg.resolve.parties import PartyResolver
from kg.resolve.registry import Registry
from kg.sources import BUNDLED_EXAMPLE
from kg.vocab import prefixes


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def parse(text: str) -> ParsedDocument:
    return parse_document(source(text))


def codes(document: ParsedDocument) -> list[str]:
    return [f.code for f in document.findings]


# -- document identity and inputs -----------------------------------------------------------


def test_same_file_name_in_two_folders_is_two_documents(tmp_path: Path) -> None:
    for folder, country in (("a", "CP of Norway"), ("b", "CP of Sweden")):
        (tmp_path / folder).mkdir()
        text = sample_variant("31. CP of Norway", f"31. {country}")
        (tmp_path / folder / "page.txt").write_text(text, encoding="utf-8")
    result = build([tmp_path], tmp_path / "out")
    assert [s.id for s in result.kb.sources] == ["a-page", "b-page"]
    claims = [d for d in result.kb.declarations]
    assert len(claims) == 2 and claims[0].id == claims[1].id  # one declaration, two claims
    signed = {s.party_id for d in claims for s in d.signatories}
    assert {"no-nkp", "se-skp"} <= signed  # neither page's list was overwritten
    assert "signatory-lists-disagree" in [f.code for f in result.kb.findings]


def test_a_folder_build_does_not_read_its_own_output(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    for _ in range(2):
        result = build([tmp_path], tmp_path / "output")
        assert [s.name for s in result.kb.sources] == ["page.txt"]
        assert not result.failures


def test_any_text_file_is_not_a_page() -> None:
    with pytest.raises(InputError, match="no recognisable structure"):
        parse("Shopping list\nmilk\neggs\n")


def test_an_empty_folder_is_a_failed_input(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, err = run("build", str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert code == 3 and "no source files found" in err


def test_a_failed_build_keeps_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([], out)
    before = (out / "graph.nt").read_bytes()
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code, err = run("build", str(tmp_path / "empty.txt"), "--out", str(out))
    assert code == 3 and "nothing written" in err
    assert (out / "graph.nt").read_bytes() == before


def test_an_unwritable_output_folder_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, err = run("build", "--out", str(tmp_path / "afile" / "sub"))
    assert code == 2 and "cannot write the output" in err and "hint:" in err


def test_the_bundled_example_is_packaged() -> None:
    data = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["kg"]
    package = BUNDLED_EXAMPLE.parents[2]
    assert any(BUNDLED_EXAMPLE in package.glob(pattern) for pattern in patterns)


# -- signatory lists ------------------------------------------------------------------------


def test_furniture_after_the_sidebar_does_not_hide_the_list() -> None:
    document = parse(SAMPLE_TEXT + "\nMore news\n")
    assert len(document.signatories) == 54
    assert "trailing-text" in codes(document)
    assert "CP of Albania" not in document.versions[1].text


def test_a_second_heading_starts_a_second_group() -> None:
    text = sample_variant("30. NCP of Netherlands", "Other parties:\n30. NCP of Netherlands")
    document = parse(text)
    assert [len(group.entries) for group in document.lists] == [29, 25]
    assert document.lists[1].heading == "Other parties:"


def test_an_entry_without_a_space_after_its_number() -> None:
    document = parse(sample_variant("30. NCP of Netherlands", "30.NCP of Netherlands"))
    assert len(document.signatories) == 54
    assert document.signatories[29].raw == "NCP of Netherlands"


def test_a_wrapped_entry_is_one_entry() -> None:
    document = parse(sample_variant("20. CP of India(Marxist)", "20. CP of India\n(Marxist)"))
    assert len(document.signatories) == 54
    assert document.signatories[19].raw == "CP of India (Marxist)"


def test_a_list_that_does_not_start_at_1_is_reported() -> None:
    text = sample_variant("1. CP of Albania\n2. PADS, Algeria\n", "")
    assert "numbering-start" in codes(parse(text))


def test_list_entry_iris_use_the_printed_number(tmp_path: Path) -> None:
    graph = build([], tmp_path).graph
    query = """SELECT ?entry WHERE { ?entry <https://schema.org/position> 41 }"""
    [row] = list(graph.query(query))
    assert str(row[0]).endswith("#signatories/41")  # type: ignore[index]


# -- languages, titles, tags, places --------------------------------------------------------


SPANISH = """Solidaridad con los trabajadores de Kazajistán.
Atenas, 11 de diciembre de 2011
Los participantes del 13º Encuentro Internacional de Partidos Comunistas y Obreros expresan \
su sincera solidaridad con la lucha heroica de los trabajadores petroleros de Kazajistán.
"""


def test_a_second_latin_language_is_its_own_version() -> None:
    text = sample_variant("[En., Ru.]", "[En., Es.]")
    text = text.replace(text[text.index("Солидарность") : text.index("1. CP of Albania")], SPANISH)
    document = parse(text.replace("  • En Ru", "  • En Es"))
    assert [v.language for v in document.versions] == ["en", "es"]
    spanish = document.versions[1]
    assert spanish.title == "Solidaridad con los trabajadores de Kazajistán"
    assert spanish.place is not None and spanish.place.text == "Atenas"
    assert "missing-language" not in codes(document)


def test_a_title_with_party_words_is_not_cut_at_its_comma() -> None:
    line = "Statement of Communist and Workers Parties on Syria, Iraq and Libya [En., Ru.]"
    document = parse(SAMPLE_TEXT.replace(SAMPLE_TEXT.splitlines()[0], line, 1))
    assert document.header.prefix is None
    assert (
        document.header.title
        == "Statement of Communist and Workers Parties on Syria, Iraq and Libya"
    )


def test_a_tag_line_gives_publisher_meeting_and_languages() -> None:
    tag = "  • Greece, Communist Party of Greece 13th IMCWP En Ru Europe Statements"
    document = parse(SAMPLE_TEXT.replace("  • En Ru", tag))
    header = document.header
    assert (header.publisher, header.publisher_country) == ("Communist Party of Greece", "Greece")
    assert header.switch_languages == ("en", "ru")
    assert "Europe Statements" in header.tags
    assert "Greece, Communist" not in document.versions[0].text


def test_a_place_and_date_line_with_a_country() -> None:
    document = parse(sample_variant("Athens, 11th", "Athens, Greece, 11th"))
    english = document.versions[0]
    assert english.place is not None and english.place.parts == ("Athens", "Greece")
    assert english.adopted_on is not None


# -- event lines ----------------------------------------------------------------------------


def event(line: str) -> ParsedDocument:
    return parse(SAMPLE_TEXT + "\n" + line + "\n")


def line_event(line: str) -> EventMention:
    """The event the sidebar line `line` is, read on the sample page."""
    return next(e for e in event(line).events if e.raw == line)


def test_an_unknown_city_does_not_hide_the_organiser(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        SAMPLE_TEXT + "\nMay 1, 2026 - May 3, 2026 - Springfield 22nd Congress of the KKE\n"
    )
    result = build([page], tmp_path / "out")
    congress = next(e for e in result.kb.events if e.kind == "congress" and e.ordinal == 22)
    assert congress.organiser == "gr-kke"
    assert not [p for p in result.kb.parties if p.provisional]
    assert result.validation.conforms


def test_a_meeting_line_is_the_meeting_not_a_party() -> None:
    document = event(
        "October 20, 2023 - October 22, 2023 - Izmir Turkey 23rd International Meeting of "
        "Communist and Workers' Parties"
    )
    mention = next(e for e in document.events if e.raw.startswith("October 20, 2023"))
    assert (mention.kind, mention.ordinal, mention.organiser) == ("meeting", 23, None)
    assert mention.place is not None and mention.place.text == "Izmir Turkey"


def test_a_congress_without_an_ordinal_keeps_its_place(resolver: PartyResolver) -> None:
    mention = line_event("May 1, 2026 - May 3, 2026 - Madrid, Spain Congress of the PCE")
    assert mention.place is not None and mention.place.text == "Madrid, Spain"
    assert mention.organiser == "PCE"
    assert resolver.resolve("PCE", "ES").party_id == "es-pce"


def test_a_capitalised_word_is_not_a_roman_ordinal() -> None:
    mention = line_event("May 1, 2026 - Spain Civil Conference of Workers")
    assert mention.ordinal is None


# -- resolution -----------------------------------------------------------------------------


@pytest.mark.parametrize("mention", ["Labour Party", "Communist Party", "Workers Party", "WP"])
def test_a_generic_name_needs_a_country(resolver: PartyResolver, mention: str) -> None:
    assert resolver.resolve(mention).party_id == ""


def test_a_generic_name_with_its_country_resolves(resolver: PartyResolver) -> None:
    assert resolver.resolve("Labour Party, Turkey").party_id == "tr-emep"
    assert {pid for pid, _ in resolver.resolve("Labour Party").candidates} >= {"tr-emep"}


@pytest.mark.parametrize(("mention", "party"), [("СР of Malta", "mt-pkm"), ("ККЕ", "gr-kke")])
def test_wholly_look_alike_words(resolver: PartyResolver, mention: str, party: str) -> None:
    assert resolver.resolve(mention).party_id == party


def test_a_russian_acronym_stays_russian(resolver: PartyResolver) -> None:
    assert resolver.resolve("КПРФ").party_id == "ru-kprf"


# -- JSON-LD context and registry -----------------------------------------------------------


def test_no_context_term_hides_a_prefix() -> None:
    context = jsonld_context()
    for prefix in prefixes():
        assert context[prefix] == prefixes()[prefix]
    expanded = jsonld.expand({"@context": context, "@id": "source:abc", "spatial": "place:gr"})
    assert expanded[0]["@id"] == "https://w3id.org/imcwp/source/abc"


BAD_ENTRIES = {
    'acronym = ["KKE"]': "unknown key acronym",
    'country = "Greece"': "not an ISO 3166-1 alpha-2 code",
    'aliases = ["CP of Greece"]': "aliases is not a table",
    'founded = "1918"': "founded is not a year",
}


@pytest.mark.parametrize(("line", "message"), BAD_ENTRIES.items())
def test_a_broken_registry_entry_is_named_with_a_hint(
    tmp_path: Path, line: str, message: str
) -> None:
    lines = ['id = "gr-kke"', 'country = "GR"', 'name = { en = "Communist Party of Greece" }']
    key = line.split(" =")[0]
    lines = [ln for ln in lines if not ln.startswith(key + " ")] + [line]
    path = tmp_path / "parties.toml"
    path.write_text("[[party]]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigurationError) as raised:
        Registry.load(path)
    assert message in str(raised.value) and "gr-kke" in str(raised.value)
    assert raised.value.hint


def test_the_context_file_loads_as_json() -> None:
    assert json.loads((PROJECT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))


# -- second review ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mention",
    [
        "Communist Party, Brazil",  # the Brazilian CP or the CP of Brazil?
        "Partito Comunista Russo",
        "Partito Comunista Danese",  # the CP of or in Denmark?
    ],
)
def test_an_adjective_or_a_bare_country_is_not_of_that_country(
    resolver: PartyResolver, mention: str
) -> None:
    assert resolver.resolve(mention).party_id == ""


@pytest.mark.parametrize(
    ("mention", "party"),
    [
        ("Communist Party, Denmark", "dk-kp"),  # the Danish party named `Kommunistisk Parti`
        ("Communist Party (Denmark)", "dk-kp"),
        ("Partito Comunista Italiano", "it-pci"),  # the PCI of 2016, not the PdCI
        ("Parti communiste italien", "it-pci"),
        ("Communist Party of Great Britain", "gb-cpgb"),  # the CPGB is not the CPB
    ],
)
def test_a_namesake_the_registry_knows_is_that_party(
    resolver: PartyResolver, mention: str, party: str
) -> None:
    assert resolver.resolve(mention).party_id == party


def test_an_adjective_of_nationality_is_read_as_one(resolver: PartyResolver) -> None:
    """`Partito Comunista Brasiliano` is the Brazilian Communist Party (PCB), never the
    Communist Party of Brazil (PCdoB)."""
    assert resolver.resolve("Partito Comunista Brasiliano").party_id == "br-pcb"
    assert resolver.resolve("Partito Comunista del Brasile").party_id == "br-pcdob"


def test_a_typo_is_a_letter_or_two_not_another_word(resolver: PartyResolver) -> None:
    assert resolver.resolve("CP of Axerbaijan").party_id == "az-akp"
    assert resolver.resolve("Partido Comunista de Chipre").party_id == ""  # not AKEL


def test_unknown_parties_of_two_countries_stay_two(tmp_path: Path) -> None:
    rows = "\n".join(["Country\tParty", "Chile\tSocialist Party", "Spain\tSocialist Party"])
    page = tmp_path / "page.txt"
    page.write_text(SAMPLE_TEXT.split("1. CP of Albania")[0] + rows + "\n", encoding="utf-8")
    result = build([page], tmp_path / "out")
    provisional = sorted(p.id for p in result.kb.parties if p.provisional)
    assert provisional == ["provisional/cl-socialist-party", "provisional/es-socialist-party"]
    assert "duplicate-signatory" not in {f.code for f in result.kb.findings}


def test_body_sentences_and_signature_blocks_are_not_parties() -> None:
    head = SAMPLE_TEXT.split("1. CP of Albania")[0]
    text = (
        head
        + "We salute the Partido Comunista de Cuba and the workers of the USA in their struggle.\n"
        + "Signatories:\n1. CP of Albania\n2. PADS, Algeria\n"
        + "Athens, 8 March 2016\nThe Secretariat of the Central Committee\n"
    )
    document = parse(text)
    assert [e.raw for e in document.signatories] == ["CP of Albania", "PADS, Algeria"]
    assert "trailing-text" in codes(document)


def test_a_blank_line_ends_a_wrapped_entry() -> None:
    text = sample_variant("2. PADS, Algeria\n", "2. PADS, Algeria\n\nAKEL\n")
    entries = [e.raw for e in parse(text).signatories]
    assert "PADS, Algeria AKEL" not in entries


def test_a_meeting_mentioned_further_in_is_not_the_adopting_meeting(tmp_path: Path) -> None:
    text = (
        "CP of Greece, Statement of the Mediterranean parties [En]\n\n3/10/16, 11:11 AM\n  • En\n\n"
        "Statement of the Communist and Workers' Parties of the Mediterranean.\n"
        "Athens, 8-10 March 2016\n"
        "The parties met as agreed. Following the decisions of the 17th International Meeting of "
        "Communist and Workers' Parties held in Istanbul, they discussed the refugee crisis.\n"
        "Signatories:\n1. Communist Party of Greece\n2. Communist Party of Turkey\n"
    )
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    result = build([page], tmp_path / "out")
    # The page says where the 17th was held, not when: never the page's own dates.
    [seventeenth] = [e for e in result.kb.events if e.id == "imcwp-17"]
    assert seventeenth.place == "tr/istanbul" and seventeenth.start is None
    [declaration] = result.kb.declarations
    assert declaration.meeting is None


def test_a_month_is_not_a_span_of_days() -> None:
    line = "April 2025 - Athens, Greece 22nd Congress of the KKE"
    document = event(line)
    congress = next(e for e in document.events if e.raw == line)
    assert (congress.start, congress.end) == (None, None)
    assert "event-month-only" in codes(document)


def test_two_statements_of_a_party_with_one_title_stay_two(tmp_path: Path) -> None:
    for name, date in (("a.txt", "8 March 2016"), ("b.txt", "1 May 2021")):
        text = (
            "CP of Greece, Joint statement [En]\n\n3/10/16, 11:11 AM\n  • En\n\n"
            f"Joint statement of the parties.\nAthens, {date}\nThe parties declare their unity.\n"
            "Signatories:\n1. Communist Party of Greece\n2. Communist Party of Turkey\n"
        )
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = build([tmp_path], tmp_path / "out")
    assert len({d.id for d in result.kb.declarations}) == 2


def test_a_slogan_does_not_make_a_version_in_another_language() -> None:
    text = sample_variant("[En., Ru.]", "[En]").replace("  • En Ru", "  • En")
    head = text.split("Солидарность")[0]
    document = parse(head + "Viva Cuba socialista! No pasarán!\n" + "1. CP of Albania\n2. KKE\n")
    assert [v.language for v in document.versions] == ["en"]


def test_html_blocks_inside_list_items_and_cells_stay_on_their_line() -> None:
    from kg.sources.html import html_to_text

    html = (
        "<html><body><header><h1>SolidNet</h1></header><nav>Home</nav><article>"
        "<h1>CP of Greece, Statement [En]</h1><ol><li><p>CP of Albania</p></li>"
        "<li><p>PADS, Algeria</p></li></ol><table><tr><td><p>Cyprus</p></td>"
        "<td><p>AKEL</p></td></tr></table></article><footer>More news</footer></body></html>"
    )
    lines = [line for line in html_to_text(html).splitlines() if line]
    assert lines == [
        "CP of Greece, Statement [En]",
        "1. CP of Albania",
        "2. PADS, Algeria",
        "Cyprus\tAKEL",
    ]


def test_a_source_page_says_its_media_type(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><h1>"
        + SAMPLE_TEXT.replace("\n", "</p><p>")
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    result = build([page], tmp_path / "out")
    assert [s.media_type for s in result.kb.sources] == ["text/html"]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Mittwoch, 7. Dezember 2005", "2005-12-07", "2005-12-07"),
        ("miércoles, 7 de diciembre de 2005", "2005-12-07", "2005-12-07"),
        ("de 18 a 20 de outubro de 2019", "2019-10-18", "2019-10-20"),
        ("del 30 de noviembre al 2 de diciembre de 2018", "2018-11-30", "2018-12-02"),
        ("11-12.12.2011", "2011-12-11", "2011-12-12"),
        ("2011-12-11", "2011-12-11", "2011-12-11"),
    ],
)
def test_more_date_forms(text: str, start: str, end: str) -> None:
    from kg.parse.dates import parse_date_span

    span = parse_date_span(text)
    assert span is not None and (str(span.start), str(span.end)) == (start, end)


@pytest.mark.parametrize(
    "title",
    [
        "22nd IMCWP - Final declaration",
        "22nd IMCWP: Final declaration",
        "XXII IMCWP, Final declaration",
        "Twenty-Second IMCWP, Final declaration",
    ],
)
def test_title_prefixes_with_other_separators_and_ordinals(title: str) -> None:
    document = parse(SAMPLE_TEXT.replace(SAMPLE_TEXT.splitlines()[0], title + " [En., Ru.]", 1))
    assert document.header.title == "Final declaration"
    assert 22 in {m.ordinal for m in document.meetings if m.adopting}


def test_other_bullets_numbers_in_brackets_and_a_czech_heading() -> None:
    head = SAMPLE_TEXT.split("1. CP of Albania")[0]
    document = parse(head + "Signatáři:\n► CP of Albania\n○ PADS, Algeria\n(3) AKEL\n")
    assert [e.raw for e in document.signatories] == ["CP of Albania", "PADS, Algeria", "AKEL"]


def test_a_status_after_the_title_and_a_german_party_congress() -> None:
    postponed = line_event("May 1, 2026 - Athens, Greece 22nd Congress of the KKE (postponed)")
    assert (postponed.status, postponed.organiser) == ("postponed", "KKE")
    german = line_event("May 1, 2026 - Essen, Germany 26. Parteitag der DKP")
    assert (german.kind, german.ordinal, german.organiser) == ("congress", 26, "DKP")


def test_a_place_and_date_line_with_a_dash_and_a_date_line_alone() -> None:
    dashed = parse(
        sample_variant("Athens, 11th of December 2011", "Athens – 11th of December 2011")
    )
    assert dashed.versions[0].place is not None and dashed.versions[0].adopted_on is not None
    alone = parse(sample_variant("Athens, 11th of December 2011", "11th of December 2011"))
    assert alone.versions[0].place is None and str(alone.versions[0].adopted_on) == "2011-12-11"


def test_duplicates_are_reported_at_their_own_lines_beside_an_attendee_list(tmp_path: Path) -> None:
    text = (
        "23rd IMCWP, Statement [En]\n\n10/23/23, 6:00 PM\n  • En\n\n"
        "Statement of the 23rd International Meeting of Communist and Workers' Parties.\n"
        "Izmir, 22 October 2023\nThe parties declare their unity against war.\n"
        "Participating parties:\n1. Communist Party of Turkey\n2. Communist Party of Greece\n"
        "Signatories:\n1. Communist Party of Greece\n2. KKE\n"
    )
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    result = build([page], tmp_path / "out")
    [duplicate] = [f for f in result.kb.findings if f.code == "duplicate-signatory"]
    assert "'Communist Party of Greece' (line 13)" in duplicate.message
    assert "'KKE' (line 14)" in duplicate.message and duplicate.line == 14


def test_a_congress_abroad_keeps_its_party(tmp_path: Path) -> None:
    """Found by the scale benchmark: the Greek party's congress announced in Istanbul made
    'Communist Party of Greece' a provisional Turkish party, because the venue's country
    narrowed it away. The venue is a preference; a country the source states is not."""
    page = tmp_path / "sidebar.txt"
    page.write_text(
        "CP of Greece, Greetings [En]\n\n1/10/25, 10:00 AM\n  • En\n\n"
        "Greetings of the Communist Party of Greece to fraternal parties.\n"
        "Athens, 10 January 2025\nThe Communist Party of Greece sends its greetings.\n"
        "Signed:\n1. Communist Party of Greece\n\n"
        "October 3, 2025 - October 5, 2025 - Istanbul "
        "22nd Congress of the Communist Party of Greece\n"
        "October 10, 2025 - October 12, 2025 - Istanbul 23rd Congress of the KKE\n",
        encoding="utf-8",
    )
    result = build([page], tmp_path / "out")
    organisers = {e.organiser for e in result.kb.events}
    assert organisers == {"gr-kke"}, organisers
    assert not any(p.provisional for p in result.kb.parties)


def test_a_country_the_source_states_still_wins(resolver: PartyResolver) -> None:
    """A table row `Partito Comunista | Switzerland` is not the Italian party (the review's
    counter-example to letting unique names override the country)."""
    assert resolver.resolve("Partito Comunista", "CH").party_id != "it-pc"
    assert resolver.resolve("Partito Comunista", "IT").party_id == "it-pc"


def test_a_dateline_alone_under_the_title_dates_the_text_a_site_stamp_does_not() -> None:
    """`29th November 2021` under a statement's title is its date; `Nov 21, 2023` in the
    same place is the site's stamp on the post (real pages: solidnet.org, a party site)."""
    text = (
        "Joint statement on the day of solidarity\n\n{date}\n\n"
        "The communist and workers' parties express their solidarity with the people on this "
        "day and call for the end of the occupation and for the freedom of the prisoners.\n"
    )
    dated = parse(text.format(date="29th November 2021"))
    assert str(dated.versions[0].adopted_on) == "2021-11-29"
    stamped = parse(text.format(date="Nov 21, 2023"))
    assert stamped.versions[0].adopted_on is None
