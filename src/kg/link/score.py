"""Scoring candidates on several pieces of evidence; accepting only clear winners.

As OpenRefine's Wikidata reconciliation and Party Facts do: a candidate is accepted
automatically only with a high score and a clear margin over the runner-up, in the same
country, alive at the date of our sources. A namesake in another country, or one dissolved
before our declaration, is never accepted automatically. Everything else goes to a person.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from kg.link.model import Candidate, Decision, Evidence, Subject
from kg.resolve.parties import similarity
from kg.resolve.registry import acronym_key, name_key
from kg.text import fold

ACCEPT_SCORE = 0.9  # a strong name (or a fair name with the acronym), country and type
ACCEPT_MARGIN = 0.1  # over the best other candidate that is not blocked
REVIEW_FLOOR = 0.9  # less alike names are not worth a person's time: no match
NAMESAKE = 0.85  # a blocked candidate this close in name is recorded as rejected
CANDIDATES_IN_REVIEW = 3


def brackets(name: str) -> set[str]:
    """What a name says in brackets: `(Marxist)`, `[Unified]`. It tells parties apart."""
    return {fold(part) for part in re.findall(r"[(\[]([^)\]]*)[)\]]", name) if part.strip()}


def name_similarity(subject: Subject, candidate: Candidate) -> tuple[float, float]:
    """(word-aligned, loose) similarity over all our names and all theirs. Names whose
    brackets differ (`(Marxist)` and `(Maoist)`) are not the same name, however alike."""
    strict = rough = 0.0
    for _, ours in subject.names:
        for _, theirs in candidate.names:
            a, b = name_key(ours), name_key(theirs)
            rough = max(rough, SequenceMatcher(None, a, b, autojunk=False).ratio())
            if brackets(ours) == brackets(theirs):
                strict = max(strict, similarity(a, b))
    return strict, rough


def evaluate(subject: Subject, candidate: Candidate) -> Evidence:
    strict, rough = name_similarity(subject, candidate)
    our_acronyms = {acronym_key(a) for a in subject.acronyms}
    their_acronyms = {acronym_key(a) for a in candidate.short_names}
    acronym = bool(our_acronyms & their_acronyms)
    blockers: list[str] = []
    if subject.country and candidate.countries:
        country = "match" if subject.country in candidate.countries else "mismatch"
        if country == "mismatch":
            blockers.append(f"country {'/'.join(candidate.countries)}, not {subject.country}")
    else:
        country = "unknown"
    alive = "unknown"
    first = subject.first_date.year if subject.first_date else None
    last = subject.date.year if subject.date else None
    # Its name, acronym and country, founded (by our registry) before the table says it was
    # dissolved and signing after: the year is the table's mistake (Bolivia's party,
    # `dissolved 2003`), not a namesake's (the CPSU of 1912-1991 is not the one of 2001).
    same_party = (
        strict >= 0.99
        and acronym
        and country == "match"
        and subject.founded is not None
        and candidate.dissolved is not None
        and subject.founded <= candidate.dissolved
    )
    # Its name and country, founded the same year by our registry and by the table: the same
    # organisation, whatever the table says became of it (the PdCI, renamed in 2014), not a
    # namesake of another time; so it is linked even where our pages give no date.
    same_founding = (
        strict >= 0.99
        and country == "match"
        and subject.founded is not None
        and subject.founded == candidate.founded
    )
    if candidate.dissolved is not None and last is not None and candidate.dissolved < last:
        if same_party or same_founding:
            alive = f"the table says dissolved {candidate.dissolved}; ours signs in {last}"
        else:
            alive = f"dissolved {candidate.dissolved}, before {last}"
            blockers.append(alive)
    elif candidate.founded is not None and first is not None and candidate.founded > first:
        alive = f"founded {candidate.founded}, after {first}"
        blockers.append(alive)
    elif candidate.dissolved is not None and last is None:
        if same_founding:
            alive = (
                f"the table says dissolved {candidate.dissolved}; founded {subject.founded} as ours"
            )
        else:
            # We cannot tell it from its historic namesake without a date: a person must.
            alive = f"dissolved {candidate.dissolved}; our date unknown"
            blockers.append(alive)
    elif last is not None and (candidate.founded is not None or candidate.dissolved is not None):
        alive = "yes"
    if candidate.is_party is False:
        blockers.append("not a political party")
    score = (
        strict + (0.1 if acronym else 0.0) + (0.05 if country == "match" else 0.0)
        if strict
        else 0.0
    )
    score = min(1.0, score) if strict >= 0.99 else min(0.99, score)
    held_elsewhere = {*candidate.identifiers, f"wikidata:{candidate.qid}"}
    identifier = bool(set(subject.identifiers) & held_elsewhere)
    if identifier:
        score = 1.0  # an id we already hold is decisive, whatever the names
    return Evidence(
        strict, rough, acronym, country, alive, candidate.is_party, round(score, 3),
        tuple(blockers), identifier,
    )  # fmt: skip


def qid_number(qid: str) -> int:
    return int(qid[1:]) if qid[1:].isdigit() else 0


def decide(subject: Subject, candidates: list[Candidate]) -> Decision:
    """Accept a clear winner, or leave the best candidates for review, or record no match."""
    # Blocked candidates (a namesake elsewhere or from another time) come after the others;
    # among the rest, what a person should see first: the strongest name, then the closest.
    ranked = sorted(
        ((c, evaluate(subject, c)) for c in candidates),
        key=lambda pair: (
            bool(pair[1].blockers),
            -pair[1].score,
            -pair[1].rank,
            qid_number(pair[0].qid),
        ),
    )
    if not ranked:
        return Decision(subject, "no-match", None, justification="semapv:LexicalMatching")
    top, evidence = ranked[0]
    open_rivals = [e.score for c, e in ranked[1:] if not e.blockers and c.qid != top.qid]
    margin = evidence.score - max(open_rivals, default=0.0)
    # Namesakes ruled out by the evidence are recorded as rejected, with the reason.
    rejected = tuple(
        (candidate.qid, "; ".join(e.blockers))
        for candidate, e in ranked
        if e.blockers and (e.rough_name >= NAMESAKE or e.acronym)
    )
    clear = not evidence.blockers and (
        evidence.identifier
        or (
            evidence.score >= ACCEPT_SCORE
            and margin >= ACCEPT_MARGIN
            and evidence.country == "match"
        )
    )
    if clear:
        return Decision(
            subject, "accepted", top, tuple(ranked[:CANDIDATES_IN_REVIEW]),
            justification="semapv:CompositeMatching", confidence=evidence.score, rejected=rejected,
        )  # fmt: skip
    # Worth a person's time: an open candidate with a name near ours (a rejected one is
    # already recorded as such). Otherwise: no match, a normal outcome.
    rejected_ids = {qid for qid, _ in rejected}
    worth = [
        (c, e)
        for c, e in ranked
        if c.qid not in rejected_ids and (e.name > 0 or e.rough_name >= REVIEW_FLOOR or e.acronym)
    ]
    if not worth:
        return Decision(subject, "no-match", None, rejected=rejected)
    return Decision(
        subject, "review", None, tuple(worth[:CANDIDATES_IN_REVIEW]), rejected=rejected,
    )  # fmt: skip
