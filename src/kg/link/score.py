"""Scoring candidates on several pieces of evidence; accepting only clear winners.

As OpenRefine's Wikidata reconciliation and Party Facts do: a candidate is accepted
automatically only with a high score and a clear margin over the runner-up, in the same
country, alive at the date of our sources. A namesake in another country, or one dissolved
before our declaration, is never accepted automatically. Everything else goes to a person.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from kg.link.model import Candidate, Decision, Evidence, Subject
from kg.resolve.parties import similarity
from kg.resolve.registry import acronym_key, name_key

ACCEPT_SCORE = 0.9  # a strong name (or a fair name with the acronym), country and type
ACCEPT_MARGIN = 0.1  # over the best other candidate that is not blocked
REVIEW_FLOOR = 0.8  # less alike names are not worth a person's time: no match
NAMESAKE = 0.85  # a blocked candidate this close in name is recorded as rejected
CANDIDATES_IN_REVIEW = 3


def evaluate(subject: Subject, candidate: Candidate) -> Evidence:
    ours = [name_key(name) for _, name in subject.names]
    theirs = [name_key(name) for _, name in candidate.names]
    strict = max((similarity(a, b) for a in ours for b in theirs), default=0.0)
    rough = max(
        (SequenceMatcher(None, a, b, autojunk=False).ratio() for a in ours for b in theirs),
        default=0.0,
    )
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
    year = subject.date.year if subject.date else None
    if year is not None:
        if candidate.dissolved is not None and candidate.dissolved < year:
            alive = f"dissolved {candidate.dissolved}, before {year}"
            blockers.append(alive)
        elif candidate.founded is not None and candidate.founded > year:
            alive = f"founded {candidate.founded}, after {year}"
            blockers.append(alive)
        elif candidate.founded is not None or candidate.dissolved is not None:
            alive = "yes"
    if candidate.is_party is False:
        blockers.append("not a political party")
    score = (
        strict + (0.1 if acronym else 0.0) + (0.05 if country == "match" else 0.0)
        if strict
        else 0.0
    )
    score = min(1.0, score) if strict >= 0.99 else min(0.99, score)
    return Evidence(
        strict, rough, acronym, country, alive, candidate.is_party, round(score, 3), tuple(blockers)
    )


def decide(subject: Subject, candidates: list[Candidate]) -> Decision:
    """Accept a clear winner, or leave the best candidates for review, or record no match."""
    # Blocked candidates (a namesake elsewhere or from another time) come after the others;
    # among the rest, what a person should see first: the strongest name, then the closest.
    ranked = sorted(
        ((c, evaluate(subject, c)) for c in candidates),
        key=lambda pair: (bool(pair[1].blockers), -pair[1].score, -pair[1].rank, pair[0].qid),
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
    clear = (
        not evidence.blockers
        and evidence.score >= ACCEPT_SCORE
        and margin >= ACCEPT_MARGIN
        and evidence.country == "match"
    )
    if clear:
        return Decision(
            subject, "accepted", top, tuple(ranked[:CANDIDATES_IN_REVIEW]),
            justification="semapv:CompositeMatching", confidence=evidence.score, rejected=rejected,
        )  # fmt: skip
    worth = [(c, e) for c, e in ranked if e.rough_name >= REVIEW_FLOOR or e.acronym]
    if not worth:
        return Decision(subject, "no-match", None, rejected=rejected)
    return Decision(
        subject, "review", None, tuple(worth[:CANDIDATES_IN_REVIEW]), rejected=rejected,
    )  # fmt: skip
