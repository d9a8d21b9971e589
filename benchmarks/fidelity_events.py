"""Meetings and congresses on the real pages: what kg read against what the truth says.

For each page, the International Meetings its text names with what it states of them
(`meetings_stated`: ordinal, dates, place) and, on congress pages, the congresses
(`congresses`: party, ordinal, dates, place, status). A meeting is identified when the page's
record has an event for it (or adopts its declaration at it); its dates and place are scored
where the page states them. A congress is found when an event of its party and ordinal is in
the record, and right when its dates are too. Events kg read that the truth does not hold are
invented (meetings on every page, congresses on congress pages).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from kg.model import Event, KnowledgeBase, ParsedDocument, PlaceMention
from kg.resolve.parties import PartyResolver
from kg.resolve.places import Gazetteer


def dates_verdict(truth: dict[str, Any], event: Event | None) -> str:
    """`right`, `wrong`, `missed`, or `none` where the page states no date."""
    start, end = truth.get("start"), truth.get("end") or truth.get("start")
    if not start:
        return "none"
    if event is None or event.start is None:
        return "missed"
    size = {"month": 7, "year": 4}.get(event.precision, 10)  # `2018-11`, `2019`
    found_start, found_end = str(event.start)[:size], str(event.end)[:size]
    return "right" if found_start == start and found_end == end else "wrong"


def place_id(truth: str | None, gazetteer: Gazetteer) -> str | None:
    """The gazetteer's id of a truth place (`Athens|GR`), or the country's."""
    if not truth:
        return None
    city, _, country = truth.partition("|")
    if not city:
        return country.lower()
    for parts in ((city,), (city, country_name(country))):  # a city, or a region (`Kerala`)
        places, known = gazetteer.resolve(PlaceMention(", ".join(parts), parts, "en"))
        found = [p.id for p in places if known and p.id.startswith(country.lower())]
        if found:
            return found[0]
    return f"{country.lower()}?{city}"  # not in the gazetteer


def country_name(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return str(found.name) if found else code


def place_verdict(truth: str | None, event: Event | None, gazetteer: Gazetteer) -> str:
    wanted = place_id(truth, gazetteer)
    if wanted is None:
        return "none"
    if event is None or event.place is None:
        return "missed"
    return "right" if event.place == wanted else "wrong"


def claims_of(kb: KnowledgeBase) -> dict[str, Event]:
    """The page's claims about events, by event id."""
    return {event.id: event for event in kb.events}


def score_events(
    page: dict[str, Any],
    document: ParsedDocument | None,
    kb: KnowledgeBase | None,
    gazetteer: Gazetteer,
    resolver: PartyResolver,
) -> dict[str, Any]:
    """One page's meetings and congresses: verdicts and what kg invented. A meeting is
    identified when the page's record has a claim about it, adopts its text at it, or
    keeps the page's reference to it."""
    claims = claims_of(kb) if kb else {}
    adopted = {d.meeting for d in kb.declarations if d.meeting} if kb else set()
    adopted |= {f"imcwp-{m.ordinal}" for m in document.meetings} if document else set()
    result: dict[str, Any] = {"meetings": [], "congresses": [], "invented": []}
    stated = [m for m in page.get("meetings_stated") or [] if m.get("ordinal")]
    for meeting in stated:
        event_id = f"imcwp-{meeting['ordinal']}"
        event = claims.get(event_id)
        result["meetings"].append(
            {
                "ordinal": meeting["ordinal"],
                "identified": event is not None or event_id in adopted,
                "dates": dates_verdict(meeting, event),
                "place": place_verdict(meeting.get("place"), event, gazetteer),
            }
        )
    truth_ordinals = {m.get("ordinal") for m in page.get("meetings_stated") or []}
    for event in claims.values():
        if event.kind == "meeting" and event.ordinal not in truth_ordinals:
            result["invented"].append(f"meeting {event.ordinal}")
    if page.get("kind") != "congress":
        return result
    wanted = set()
    for congress in page.get("congresses") or []:
        name, _, country = congress["party"].partition("|")
        party = resolver.resolve(name.split(" (")[0], country).party_id or name
        event = claims.get(f"{party}/congress-{congress['ordinal']}")
        if congress["ordinal"] is None:  # no ordinal: the party's congress of those dates
            event = next(
                (
                    e
                    for e in claims.values()
                    if e.kind == "congress"
                    and e.organiser == party
                    and dates_verdict(congress, e) == "right"
                ),
                None,
            )
        wanted.add((party, congress["ordinal"] if event is None else event.ordinal))
        dates = dates_verdict(congress, event)
        result["congresses"].append(
            {
                "party": congress["party"],
                "ordinal": congress["ordinal"],
                "found": event is not None,
                "dates": dates,
                "right": event is not None and dates in ("right", "none"),
                "place": place_verdict(congress.get("place"), event, gazetteer),
            }
        )
    for event in claims.values():
        if event.kind == "congress" and (event.organiser, event.ordinal) not in wanted:
            result["invented"].append(f"congress {event.organiser} {event.ordinal}")
    return result


def summarise(per_page: dict[str, dict[str, Any]]) -> dict[str, Any]:
    meetings = [m for page in per_page.values() for m in page["meetings"]]
    congresses = [c for page in per_page.values() for c in page["congresses"]]
    dated = [m["dates"] for m in meetings if m["dates"] != "none"]
    placed = [m["place"] for m in meetings if m["place"] != "none"]
    invented = {pid: page["invented"] for pid, page in per_page.items() if page["invented"]}
    failures: dict[str, list[str]] = defaultdict(list)
    for pid, page in per_page.items():
        for m in page["meetings"]:
            if (
                not m["identified"]
                or m["dates"] in ("missed", "wrong")
                or m["place"] in ("missed", "wrong")
            ):
                failures[pid].append(
                    f"meeting {m['ordinal']}: identified {m['identified']}, dates {m['dates']}, "
                    f"place {m['place']}"
                )
        for c in page["congresses"]:
            if not c["right"]:
                failures[pid].append(
                    f"congress {c['party']} {c['ordinal']}: found {c['found']}, dates {c['dates']}"
                )
    return {
        "meetings": len(meetings),
        "meetings_identified": ratio(sum(m["identified"] for m in meetings), len(meetings)),
        "meeting_dates": dict(Counter(dated)),
        "meeting_dates_right": ratio(dated.count("right"), len(dated)),
        "meeting_places": dict(Counter(placed)),
        "meeting_places_right": ratio(placed.count("right"), len(placed)),
        "congresses": len(congresses),
        "congresses_found": ratio(sum(c["found"] for c in congresses), len(congresses)),
        "congresses_right": ratio(sum(c["right"] for c in congresses), len(congresses)),
        "invented": invented,
        "failures": dict(failures),
    }


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def report(events: dict[str, Any]) -> list[str]:
    lines = [
        f"  meetings named with facts: {events['meetings']}; identified "
        f"{events['meetings_identified']}; dates right {events['meeting_dates_right']} "
        f"{events['meeting_dates']}; places right {events['meeting_places_right']} "
        f"{events['meeting_places']}",
        f"  congresses: {events['congresses']}; found {events['congresses_found']}; "
        f"party, ordinal and dates right {events['congresses_right']}",
        f"  invented events: {sum(len(v) for v in events['invented'].values())}",
    ]
    lines += [f"      {pid}: {'; '.join(found)}" for pid, found in events["invented"].items()]
    lines += [
        f"  event failure: {pid}: {failure}"
        for pid, failures in events["failures"].items()
        for failure in failures
    ]
    return lines
