"""`kg link`: parties and places of a built graph to Wikidata, with evidence and review.

Reads the graph `kg build --out DIR` wrote, gathers candidates (offline from a Party Facts
folder, or live from Wikidata), scores them, accepts only clear winners, lets a person's
curated decisions win, records everything as SSSOM, and rewrites the graph outputs with
`owl:sameAs` for the accepted links only (in a named graph of their own, `graph/links`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, VOID

from kg.errors import InputError
from kg.files import built_file, write_all_atomically
from kg.link import partyfacts, sssom
from kg.link.model import Candidate, Decision, Subject
from kg.link.score import decide
from kg.link.subjects import parties, places
from kg.mapping import Iris, MappedGraphs, new_graph, recount
from kg.rdf.terms import ntriples_lines
from kg.resolve.registry import Registry, name_key
from kg.validate import ValidationReport, validate_file
from kg.vocab import DEFAULT_BASE, WD

log = logging.getLogger(__name__)

CURATED = Path(__file__).parent.parent / "data" / "curated-links.sssom.tsv"
Candidates = Callable[[Subject], list[Candidate]]


@dataclass
class LinkResult:
    decisions: list[Decision]
    mapped: MappedGraphs
    validation: ValidationReport
    written: list[Path] = field(default_factory=list)

    def count(self, outcome: str, kind: str = "party") -> int:
        return sum(1 for d in self.decisions if d.outcome == outcome and d.subject.kind == kind)

    def places(self, outcome: str) -> int:
        return sum(1 for d in self.decisions if d.outcome == outcome and d.subject.kind != "party")


def read_built(out: Path) -> tuple[dict[URIRef, Graph], str]:
    """The named graphs `kg build` wrote into `out`, and their base IRI."""
    path = built_file(out, "graph.trig")
    dataset = Dataset()
    try:
        dataset.parse(path, format="trig")
    except Exception as err:  # rdflib's parsers raise many kinds; all mean a broken file
        raise InputError(
            f"cannot read the built graph: {err}",
            source=str(path),
            hint=f"build it again: `kg build --out {out}`",
        ) from err
    base = next(
        (
            str(q[2])
            for q in dataset.quads((None, VOID.uriSpace, None, None))
            if isinstance(q[2], Literal)
        ),
        DEFAULT_BASE,
    )
    graphs: dict[URIRef, Graph] = {}
    for context in dataset.graphs():
        name = context.identifier
        if isinstance(name, URIRef) and len(context):
            graph = new_graph(base, name)
            for triple in context:
                graph.add(triple)
            graphs[name] = graph
    return graphs, base


def offline_candidates(folder: Path) -> Candidates:
    """Candidates from a Party Facts folder: parties of the subject's country, countries by
    their ISO code."""
    data = partyfacts.load(folder)

    def candidates(subject: Subject) -> list[Candidate]:
        if subject.kind == "party":
            return data.for_country(subject.country)
        if subject.kind == "country" and subject.country in data.countries:
            return [data.countries[subject.country]]
        return []

    return candidates


def decide_with_curation(
    subject: Subject, candidates: list[Candidate], curated: list[sssom.CuratedDecision]
) -> Decision:
    """A person's decision wins; a candidate a person rejected never comes back."""
    mine = [c for c in curated if c.subject == subject.iri]
    rejected = {c.object for c in mine if c.negated}
    reviewer = next((c.reviewer for c in mine if c.reviewer), None)
    for choice in mine:
        if choice.negated:
            continue
        if choice.object == sssom.NO_TERM:
            return Decision(
                subject, "no-match", None, justification="semapv:ManualMappingCuration",
                reviewer=choice.reviewer or "curator",
            )  # fmt: skip
        chosen = next(
            (c for c in candidates if c.qid == choice.object),
            Candidate(choice.object, (("mul", choice.object),), source="curated"),
        )
        return Decision(
            subject, "accepted", chosen, justification="semapv:ManualMappingCuration",
            confidence=1.0, reviewer=choice.reviewer or "curator",
            rejected=tuple((q, "rejected by a person") for q in sorted(rejected)),
        )  # fmt: skip
    if subject.kind == "country" and len(candidates) == 1 and candidates[0].source == "countries":
        # The ISO code is the identifier both sides hold; the name must agree too.
        same_name = decide(subject, candidates)
        if same_name.outcome == "accepted":
            return same_name
    decision = decide(subject, [c for c in candidates if c.qid not in rejected])
    if not rejected:
        return decision
    # A person's rejections are theirs: the decision carries the curation and its reviewer.
    people = tuple((q, "rejected by a person") for q in sorted(rejected))
    return Decision(
        decision.subject, decision.outcome, decision.chosen, decision.ranked,
        "semapv:ManualMappingCuration", decision.confidence, reviewer or "curator",
        tuple(sorted(set(decision.rejected + people))),
    )  # fmt: skip


def another_partys_items(
    registry: Registry,
) -> Callable[[Subject, list[Candidate]], list[Candidate]]:
    """Candidates that bear the name of another registry party of the subject's country
    are that party's, never proposed for this one: the Communist Party *of* Denmark's item
    is not the Communist Party *in* Denmark's."""
    owner = registry.by_country_name

    def kept(subject: Subject, candidates: list[Candidate]) -> list[Candidate]:
        if subject.kind != "party":
            return candidates
        ours = subject.iri.rsplit("/party/", 1)[-1]
        return [
            c
            for c in candidates
            if not any(
                owner.get((subject.country, name_key(name)), {ours}) - {ours} for _, name in c.names
            )
        ]

    return kept


def one_subject_per_item(decisions: list[Decision]) -> list[Decision]:
    """An item linked to two of our nodes would merge them through owl:sameAs: such automatic
    links go to review instead (a person's decision stands)."""
    by_item: dict[str, list[int]] = {}
    for index, decision in enumerate(decisions):
        if decision.outcome == "accepted" and decision.chosen:
            by_item.setdefault(decision.chosen.qid, []).append(index)
    result = list(decisions)
    for indexes in by_item.values():
        if len(indexes) > 1:
            for index in indexes:
                d = result[index]
                if d.reviewer is None:
                    result[index] = Decision(
                        d.subject, "review", None, d.ranked, rejected=d.rejected
                    )
    return result


def review_table(decisions: list[Decision]) -> bytes:
    lines = ["subject\tlabel\trank\tcandidate\tcandidate_label\tscore\tevidence\tblocked_by"]
    for decision in decisions:
        if decision.outcome != "review":
            continue
        for rank, (candidate, evidence) in enumerate(decision.ranked, start=1):
            lines.append(
                f"{decision.subject.iri}\t{decision.subject.label}\t{rank}\twd:{candidate.qid}\t"
                f"{candidate.label}\t{evidence.score:.3f}\t{evidence.summary()}\t"
                f"{'; '.join(evidence.blockers)}"
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


def link(
    out: Path,
    candidates: Candidates,
    curated: Path = CURATED,
    date: str | None = None,
    sources: tuple[str, ...] = (),
) -> LinkResult:
    """Link the graph in `out`, rewrite its graph files, write the mapping set and review;
    `sources` says in the mapping set where the candidates came from."""
    from kg.outputs import graph_files, validation_files, writers  # `kg build`'s writers

    graphs, base = read_built(out)
    union = new_graph(base)
    for graph in graphs.values():
        for triple in graph:
            union.add(triple)
    people = sssom.read_curated(curated, base)
    anothers = another_partys_items(Registry.load())
    decisions = [
        decide_with_curation(subject, anothers(subject, candidates(subject)), people)
        for subject in parties(union) + places(union)
    ]
    decisions = one_subject_per_item(decisions)
    links = new_graph(base, Iris(base).graph("links"))
    for decision in decisions:
        if decision.outcome == "accepted" and decision.chosen:
            links.add((URIRef(decision.subject.iri), OWL.sameAs, WD[decision.chosen.qid]))
    graphs[links.identifier] = links  # type: ignore[index]
    mapped = recount({name: ntriples_lines(graph) for name, graph in graphs.items()}, base)
    today = date or dt.datetime.now(dt.UTC).date().isoformat()
    with graph_files(mapped, base, out) as written:
        result = LinkResult(decisions, mapped, validate_file(written.triples, base))
        files = {
            **written.writers,
            **validation_files(lambda: result.validation),
            "links.sssom.tsv": lambda: sssom.write(decisions, base, today, sources),
            "links-review.tsv": lambda: review_table(decisions),
        }
        result.written.extend(write_all_atomically(out, files, writers(mapped.triple_count, None)))
    return result
