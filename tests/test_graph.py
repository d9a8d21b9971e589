"""The graph's facts, asked with SPARQL as a user would ask them."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.query import ResultRow

from kg.pipeline import BuildResult
from kg.vocab import sparql_prefixes

DECLARATION = "https://w3id.org/imcwp/declaration/imcwp-13/solidarity-with-kazakhstan-workers"


def ask(built: BuildResult, query: str) -> list[ResultRow]:
    return [
        row for row in built.graph.query(sparql_prefixes() + query) if isinstance(row, ResultRow)
    ]


def test_declaration_titles_per_language(built: BuildResult) -> None:
    rows = ask(built, f"SELECT ?title WHERE {{ <{DECLARATION}> schema:name ?title }}")
    titles = {(str(r.title), r.title.language) for r in rows}
    assert titles == {
        ("Solidarity with Kazakhstan Workers", "en"),
        ("Солидарность с рабочими Казахстана", "ru"),
    }


def test_declaration_adoption_date_place_and_meeting(built: BuildResult) -> None:
    [row] = ask(
        built,
        f"""SELECT ?date ?place ?placeName ?country ?ordinal ?series WHERE {{
            <{DECLARATION}> a kg:Declaration, schema:CreativeWork ;
                schema:dateCreated ?date ; schema:locationCreated ?place ;
                kg:adoptedAt ?meeting .
            ?place schema:name ?placeName ; schema:containedInPlace ?country .
            ?country a schema:Country .
            FILTER (lang(?placeName) = "en")
            ?meeting a schema:Event ; kg:ordinal ?ordinal ; schema:superEvent ?series .
        }}""",
    )
    assert row.date == Literal(
        "2011-12-11", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")
    )
    assert str(row.placeName) == "Athens"
    assert str(row.country).endswith("/place/gr")
    assert row.ordinal.toPython() == 13
    assert str(row.series).endswith("/series/imcwp")


def test_language_versions_carry_text_in_their_language(built: BuildResult) -> None:
    rows = ask(
        built,
        f"""SELECT ?language ?text WHERE {{
            ?version schema:exampleOfWork <{DECLARATION}> ;
                schema:inLanguage ?language ; schema:text ?text .
        }}""",
    )
    assert {str(r.language) for r in rows} == {"en", "ru"}
    for row in rows:
        assert row.text.language == str(row.language)
        assert len(str(row.text)) > 500


def test_53_signatory_parties_and_54_list_entries(built: BuildResult) -> None:
    [row] = ask(
        built,
        f"""SELECT (COUNT(DISTINCT ?party) AS ?parties) (COUNT(DISTINCT ?entry) AS ?entries)
        WHERE {{
            <{DECLARATION}> kg:signatory ?party ; kg:signatoryList ?list .
            ?list schema:itemListElement ?entry .
        }}""",
    )
    assert (row.parties.toPython(), row.entries.toPython()) == (53, 54)


def test_list_entries_keep_number_and_raw_text(built: BuildResult) -> None:
    rows = ask(
        built,
        f"""SELECT ?position ?raw ?party WHERE {{
            <{DECLARATION}> kg:signatoryList/schema:itemListElement ?entry .
            ?entry schema:position ?position ; schema:name ?raw ; schema:item ?party .
            FILTER (?position IN (28, 45, 48))
        }} ORDER BY ?position""",
    )
    assert [(r.position.toPython(), str(r.raw)) for r in rows] == [
        (28, "CPof Malta"),
        (45, "Syrian CP"),
        (48, "Syrian CP"),
    ]
    assert rows[1].party == rows[2].party


def test_the_distinct_danish_and_syrian_parties_all_signed(built: BuildResult) -> None:
    rows = ask(
        built,
        f"""SELECT ?name WHERE {{
            <{DECLARATION}> kg:signatory ?party .
            ?party skos:prefLabel ?name ; dct:spatial ?country .
            ?country schema:name "Denmark"@en .
            FILTER (lang(?name) = "en")
        }}""",
    )
    assert sorted(str(r.name) for r in rows) == [
        "Communist Party in Denmark",
        "Communist Party of Denmark",
    ]


def test_parties_are_organisations_with_labels_and_a_country(built: BuildResult) -> None:
    [row] = ask(
        built,
        """SELECT (COUNT(?party) AS ?n) WHERE {
            ?party a schema:PoliticalParty, org:FormalOrganization ;
                skos:prefLabel ?name ; dct:spatial ?country .
            FILTER (lang(?name) = "en")
        }""",
    )
    assert row.n.toPython() == 53


def test_the_cpim_congress(built: BuildResult) -> None:
    [row] = ask(
        built,
        """SELECT ?start ?end ?ordinal ?organiser ?city ?region ?country WHERE {
            ?congress a kg:PartyCongress ; kg:ordinal 24 ;
                schema:startDate ?start ; schema:endDate ?end ; kg:ordinal ?ordinal ;
                schema:organizer/skos:prefLabel ?organiser ;
                schema:location ?place .
            ?place schema:name ?city ; schema:containedInPlace ?r .
            ?r schema:name ?region ; schema:containedInPlace/schema:name ?country .
            FILTER (lang(?organiser) = "en" && lang(?city) = "en" && lang(?region) = "en"
                    && lang(?country) = "en")
        }""",
    )
    assert (str(row.start), str(row.end)) == ("2025-04-02", "2025-04-06")
    assert str(row.organiser) == "Communist Party of India (Marxist)"
    assert (str(row.city), str(row.region), str(row.country)) == ("Madurai", "Tamil Nadu", "India")


def test_the_cpim_of_the_list_and_of_the_congress_are_one_node(built: BuildResult) -> None:
    rows = ask(
        built,
        f"""SELECT DISTINCT ?party WHERE {{
            <{DECLARATION}> kg:signatory ?party .
            ?congress schema:organizer ?party .
        }}""",
    )
    assert sorted(str(r.party).rsplit("/", 1)[-1] for r in rows) == ["es-pcpe", "in-cpi-m"]


def test_the_pcpe_congress_has_a_roman_ordinal_read_as_integer(built: BuildResult) -> None:
    [row] = ask(
        built,
        """SELECT ?ordinal ?series WHERE {
            ?congress a kg:PartyCongress ; schema:organizer party:es-pcpe ;
                kg:ordinal ?ordinal ; schema:superEvent ?series .
            ?series a schema:EventSeries ; schema:organizer party:es-pcpe .
        }""",
    )
    assert row.ordinal.toPython() == 12


def test_publication_time_belongs_to_the_source_not_the_declaration(built: BuildResult) -> None:
    rows = ask(built, "SELECT ?s ?published WHERE { ?s schema:datePublished ?published }")
    assert [(str(r.s).rsplit("/", 2)[-2], str(r.published)) for r in rows] == [
        ("source", "2011-12-23T15:47:00")
    ]


def test_every_derived_node_points_to_its_source(built: BuildResult) -> None:
    [row] = ask(
        built,
        """SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE {
            ?node prov:wasDerivedFrom ?source . ?source schema:sha256 ?sum .
        }""",
    )
    # the declaration, its two versions, its list, the meeting, the two congresses, and the
    # page's named graph
    assert row.n.toPython() == 8


def test_dataset_description_counts_its_own_triples(built: BuildResult) -> None:
    [row] = ask(
        built,
        """SELECT ?triples ?license ?shapes WHERE {
            ?d a void:Dataset, dcat:Dataset ; void:triples ?triples ;
               dct:license ?license ; dct:conformsTo ?shapes .
        }""",
    )
    assert row.triples.toPython() == len(built.graph)
    assert str(row.shapes) == "https://w3id.org/imcwp/shapes"


def test_no_blank_nodes_and_one_schema_namespace(built: BuildResult) -> None:
    for triple in built.graph:
        assert not any(isinstance(term, BNode) for term in triple)
        assert not any(str(term).startswith("http://schema.org/") for term in triple)


def test_hidden_labels_keep_list_spellings_for_search(built: BuildResult) -> None:
    rows = ask(built, 'SELECT ?party WHERE { ?party skos:hiddenLabel "CPof Malta"@en }')
    assert [str(r.party).rsplit("/", 1)[-1] for r in rows] == ["mt-pkm"]
