"""How faithfully kg reads real pages: signatory lists, languages, adoption dates, meetings.

    .venv/bin/python benchmarks/fidelity.py --pages DIR [--truth benchmarks/fidelity/truth.json]

The pages are third-party material and are not in the repository: `benchmarks/fidelity/
manifest.tsv` lists their addresses, and DIR holds them as `<id>.txt` (the stored copies the
truth was written from); a page missing from DIR is fetched with `kg fetch` where the network
allows, else reported missing. `truth.json` says, for each page, what a person read on it
before kg was run: the list entries as written with the party each one is, the languages,
the adoption date and place, the meeting.

Each page is parsed and resolved on its own and all together (as one build), and the
benchmark prints, per page and overall: list entries found (recall) and entries that are not
in a list (precision), wrong merges (two parties made one node) and false splits (one party
on two nodes, over the whole set), adoption dates right / missed / invented, meetings,
languages, rejected pages, and the worst failures. Results go to
benchmarks/fidelity-results.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fidelity_events import report as report_events
from fidelity_events import score_events, summarise

from kg.assemble import assemble
from kg.errors import InputError
from kg.model import KnowledgeBase, ParsedDocument
from kg.parse import parse_document
from kg.resolve.parties import PartyResolver
from kg.resolve.places import Gazetteer
from kg.resolve.registry import Registry
from kg.sources import read_document

HERE = Path(__file__).parent / "fidelity"
LIST_LANGUAGE_SHARE = 0.6
BULLET = re.compile(r"^\s*(?:[-–—•*·]|\d{1,3}[.)]|\(\d{1,3}\))\s*")


def folded(text: str) -> str:
    """An entry compared as a person would: case, spacing, bullets, numbers and trailing
    punctuation aside."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = BULLET.sub("", text)
    text = text.replace("’", "'").replace("`", "'")
    return " ".join(text.split()).strip(" ,;.")


@dataclass
class PageScore:
    id: str
    kind: str
    truth_entries: int = 0
    found_entries: int = 0
    matched: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    languages: str = ""  # right / wrong
    languages_found: list[str] = field(default_factory=list)
    date: str = ""  # right / missed / invented / wrong / none
    date_found: str | None = None
    meeting: str = ""
    meeting_found: int | None = None
    rejected: str | None = None

    @property
    def recall(self) -> float:
        return self.matched / self.truth_entries if self.truth_entries else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found_entries if self.found_entries else 1.0


def load_truth(path: Path) -> list[dict[str, Any]]:
    pages = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(pages, list)
    return pages


def page_path(folder: Path, page: dict[str, Any]) -> Path | None:
    """The stored copy of the page, fetched into `folder` when it is not there."""
    path = folder / f"{page['id']}.txt"
    if path.exists():
        return path
    from kg.sources.fetch import Fetcher, FetchError

    try:
        fetched = Fetcher(folder).fetch(page["url"])
    except (FetchError, OSError) as err:
        print(f"missing: {page['id']}: {err}".splitlines()[0], file=sys.stderr)
        return None
    return fetched.path


def entries_of(document: ParsedDocument, kb: KnowledgeBase) -> list[tuple[str, str | None]]:
    """Each list entry kg read on the page, and the party it resolved it to."""
    # In order: one line may name `PC` twice (`Palestina (PPP e PC)`, `Belgio (PC e PTB)`).
    party_of: dict[tuple[str, int | None, str], list[str]] = defaultdict(list)
    for r in kb.resolutions:
        party_of[(r.source, r.line, r.mention)].append(r.party_id)
    source = document.source.name
    found = []
    for group in document.lists:
        for entry in group.entries:
            parties = party_of.get((source, entry.span.line, entry.mention))
            found.append((entry.raw, parties.pop(0) if parties else None))
    return found


def adoption_of(kb: KnowledgeBase) -> tuple[str | None, int | None]:
    """The adoption date and meeting ordinal kg gives the page's first declaration."""
    for declaration in kb.declarations:
        meeting = None
        if declaration.meeting:
            ordinal = re.search(r"(\d+)$", declaration.meeting)
            meeting = int(ordinal.group(1)) if ordinal else None
        date = declaration.adopted_on.isoformat() if declaration.adopted_on else None
        return date, meeting
    return None, None


def match(truth: list[dict[str, str]], found: list[tuple[str, str | None]]) -> tuple[
    list[tuple[dict[str, str], tuple[str, str | None]]], list[str], list[str]
]:  # fmt: skip
    """Truth entries paired one to one with entries kg found with the same text."""
    left = list(found)
    pairs, missed = [], []
    for entry in truth:
        key = folded(entry["as_written"])
        hit = next((i for i, (raw, _) in enumerate(left) if folded(raw) == key), None)
        if hit is None:
            missed.append(entry["as_written"])
        else:
            pairs.append((entry, left.pop(hit)))
    return pairs, missed, [raw for raw, _ in left]


def date_verdict(truth: str | None, found: str | None) -> str:
    if truth is None:
        return "none" if found is None else "invented"
    if found is None:
        return "missed"
    return "right" if found == truth or (len(truth) == 7 and found.startswith(truth)) else "wrong"


def score_page(
    page: dict[str, Any], document: ParsedDocument | InputError, kb: KnowledgeBase | None
) -> tuple[PageScore, list[tuple[dict[str, str], tuple[str, str | None]]]]:
    score = PageScore(page["id"], page.get("kind", ""))
    truth_entries = page.get("signatories") or []
    score.truth_entries = len(truth_entries)
    if isinstance(document, InputError) or kb is None:
        score.rejected = str(document).splitlines()[0]
        score.missed = [e["as_written"] for e in truth_entries]
        score.languages, score.date, score.meeting = "wrong", "missed", "missed"
        return score, []
    found = entries_of(document, kb)
    score.found_entries = len(found)
    pairs, score.missed, score.spurious = match(truth_entries, found)
    score.matched = len(pairs)
    # The list's language, when most of its names share one (a mixed list has none).
    listed = Counter(e.language for group in document.lists for e in group.entries)
    top = listed.most_common(1)[0] if listed else None
    list_language = {top[0]} if top and top[1] >= LIST_LANGUAGE_SHARE * listed.total() else set()
    languages = sorted({v.language for v in document.versions} | list_language)
    score.languages_found = languages
    score.languages = "right" if set(languages) == set(page.get("languages") or []) else "wrong"
    date, meeting = adoption_of(kb)
    truth_date = (page.get("adoption") or {}).get("date")
    score.date_found = date
    score.date = date_verdict(truth_date, date)
    score.meeting_found = meeting
    truth_meeting = page.get("meeting")
    score.meeting = (
        "right" if meeting == truth_meeting
        else "missed" if meeting is None
        else "invented" if truth_meeting is None
        else "wrong"
    )  # fmt: skip
    return score, pairs


def merges_and_splits(
    pairs: list[tuple[dict[str, str], tuple[str, str | None]]],
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Nodes holding two parties (wrong merges), truth parties on two nodes (splits). An
    entry whose page names another party than the one meant (a translator's slip: the Czech
    `Komunistická strana Španělska` for the Communist Party of the Workers of Spain) counts
    as the party its words name: kg reads what the page says."""
    by_node: dict[str, set[str]] = defaultdict(set)
    by_party: dict[str, set[str]] = defaultdict(set)
    for truth, (_, node) in pairs:
        if node is None:
            continue
        named = truth.get("as_named", truth["party"])
        by_node[node].add(named)
        by_party[named].add(node)
    merges = {node: keys for node, keys in by_node.items() if len(keys) > 1}
    splits = {key: nodes for key, nodes in by_party.items() if len(nodes) > 1}
    return merges, splits


def misnamed(truth: list[dict[str, Any]]) -> list[str]:
    """Entries whose page names another party than the one meant, as the truth records."""
    return [
        f"{page['id']}: {entry['as_written']!r} names {entry['as_named']}, meant {entry['party']}"
        for page in truth
        for entry in page.get("signatories") or []
        if "as_named" in entry
    ]


def run(pages_folder: Path, truth_path: Path) -> dict[str, Any]:
    truth = load_truth(truth_path)
    registry, gazetteer = Registry.load(), Gazetteer()
    parsed: dict[str, ParsedDocument | InputError] = {}
    for page in truth:
        path = page_path(pages_folder, page)
        if path is None:
            continue
        try:
            parsed[page["id"]] = parse_document(read_document(path, path.name))
        except InputError as err:
            parsed[page["id"]] = err
    documents = [d for d in parsed.values() if isinstance(d, ParsedDocument)]
    together = assemble(documents, registry, gazetteer, PartyResolver(registry, gazetteer))
    scores, all_pairs = [], []
    events: dict[str, dict[str, Any]] = {}
    # The spellings on each node, so that a false split says what to teach kg.
    spellings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page in truth:
        if page["id"] not in parsed:
            continue
        document = parsed[page["id"]]
        alone = None
        if isinstance(document, ParsedDocument):
            alone = assemble([document], registry, gazetteer, PartyResolver(registry, gazetteer))
        score, _ = score_page(page, document, alone)
        parsed_page = document if isinstance(document, ParsedDocument) else None
        events[page["id"]] = score_events(
            page, parsed_page, alone, gazetteer, PartyResolver(registry, gazetteer)
        )
        if isinstance(document, ParsedDocument):
            found = entries_of(document, together)
            pairs, _, _ = match(page.get("signatories") or [], found)
            all_pairs.extend(pairs)
            for truth_entry, (_, node) in pairs:
                named = truth_entry.get("as_named", truth_entry["party"])
                spellings[(named, node or "")].append(f"{truth_entry['as_written']} [{page['id']}]")
        scores.append(score)
    merges, splits = merges_and_splits(all_pairs)
    parties = len({truth_entry["party"] for truth_entry, _ in all_pairs})
    return summary(scores, merges, splits) | {
        "events": summarise(events),
        "split_spellings": {
            key: {node: spellings[(key, node)] for node in sorted(nodes)}
            for key, nodes in sorted(splits.items())
        },
        "misnamed_on_the_page": misnamed(truth),
        # Parties of the record the registry does not hold: every spelling provisional.
        "not_in_registry": {
            key: sorted(
                {
                    spelled
                    for (named, _), found in spellings.items()
                    if named == key
                    for spelled in found
                }
            )
            for key in sorted({named for named, _ in spellings})
            if all(node.startswith("provisional/") for named, node in spellings if named == key)
        },
        "parties": parties,
        "false_split_share": share(len(splits), parties),
    }


def summary(
    scores: list[PageScore], merges: dict[str, set[str]], splits: dict[str, set[str]]
) -> dict[str, Any]:
    truth = sum(s.truth_entries for s in scores)
    found = sum(s.found_entries for s in scores)
    matched = sum(s.matched for s in scores)
    return {
        "measured": dt.date.today().isoformat(),
        "pages": len(scores),
        "entries": {"truth": truth, "found": found, "matched": matched},
        "recall": round(matched / truth, 4) if truth else None,
        "precision": round(matched / found, 4) if found else None,
        "wrong_merges": {node: sorted(keys) for node, keys in sorted(merges.items())},
        "false_splits": {key: sorted(nodes) for key, nodes in sorted(splits.items())},
        "dates": dict(Counter(s.date for s in scores)),
        "meetings": dict(Counter(s.meeting for s in scores)),
        "languages_right": share(sum(s.languages == "right" for s in scores), len(scores)),
        "rejected": [s.id for s in scores if s.rejected],
        "by_kind": by_kind(scores),
        "per_page": [asdict(s) | {"recall": s.recall, "precision": s.precision} for s in scores],
    }


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def by_kind(scores: list[PageScore]) -> dict[str, dict[str, float]]:
    kinds: dict[str, list[PageScore]] = defaultdict(list)
    for s in scores:
        kinds[s.kind].append(s)
    result = {}
    for kind, group in sorted(kinds.items()):
        truth = sum(s.truth_entries for s in group)
        found = sum(s.found_entries for s in group)
        matched = sum(s.matched for s in group)
        result[kind] = {
            "pages": len(group),
            "recall": round(matched / truth, 3) if truth else 1.0,
            "precision": round(matched / found, 3) if found else 1.0,
        }
    return result


def report(results: dict[str, Any]) -> str:
    lines = [
        f"Real pages: {results['pages']}; list entries: {results['entries']['truth']} in the "
        f"truth, {results['entries']['found']} found, {results['entries']['matched']} matched",
        f"  signatory recall {results['recall']}   precision {results['precision']}",
        f"  wrong merges {len(results['wrong_merges'])}   false splits "
        f"{len(results['false_splits'])} of {results.get('parties')} parties "
        f"({results.get('false_split_share')})   entries the page misnames "
        f"{len(results.get('misnamed_on_the_page', []))}",
        f"  adoption dates {results['dates']}",
        f"  meetings {results['meetings']}",
        f"  languages right {results['languages_right']}",
        f"  rejected pages {len(results['rejected'])}: {', '.join(results['rejected'])}",
        "",
        "By kind: "
        + "; ".join(
            f"{k} {v['pages']} pages, recall {v['recall']}, precision {v['precision']}"
            for k, v in results["by_kind"].items()
        ),
        "",
        f"{'page':40} {'kind':16} {'truth':>5} {'found':>5} {'recall':>6} {'prec':>6} "
        "date      meeting   lang",
    ]
    for page in results["per_page"]:
        lines.append(
            f"{page['id'][:40]:40} {page['kind'][:16]:16} {page['truth_entries']:5} "
            f"{page['found_entries']:5} {page['recall']:6.2f} {page['precision']:6.2f} "
            f"{page['date']:9} {page['meeting']:9} {page['languages']}"
        )
    worst = sorted(results["per_page"], key=lambda p: p["recall"] + p["precision"])[:10]
    lines += ["", "Worst failures:"]
    for page in worst:
        if page["recall"] == 1.0 and page["precision"] == 1.0:
            break
        lines.append(
            f"  {page['id']}: recall {page['recall']:.2f}, precision {page['precision']:.2f}"
            + (f"; rejected: {page['rejected']}" if page["rejected"] else "")
        )
        if page["missed"]:
            lines.append(f"    missed: {'; '.join(page['missed'][:6])}")
        if page["spurious"]:
            lines.append(f"    not parties: {'; '.join(page['spurious'][:6])}")
    for node, keys in results["wrong_merges"].items():
        lines.append(f"  wrong merge: {node} <- {'; '.join(keys)}")
    for slip in results.get("misnamed_on_the_page", []):
        lines.append(f"  the page names another party: {slip}")
    if "events" in results:
        lines += report_events(results["events"])
    missing = results.get("not_in_registry", {})
    lines.append(f"  parties of the record not in the registry: {len(missing)}")
    lines += [f"      {key}: {'; '.join(spelled)}" for key, spelled in missing.items()]
    for key, nodes in results["false_splits"].items():
        lines.append(f"  false split: {key} -> {', '.join(nodes)}")
        for node, spelled in results.get("split_spellings", {}).get(key, {}).items():
            lines.append(f"      {node}: {'; '.join(sorted(set(spelled)))}")
    return "\n".join(lines) + "\n"


def write_manifest(truth_path: Path, manifest: Path) -> None:
    """The manifest of the pages the truth describes: address, kind, note."""
    with manifest.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "url", "kind", "note"])
        for page in load_truth(truth_path):
            writer.writerow([page["id"], page["url"], page.get("kind", ""), page.get("note", "")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of <id>.txt pages")
    parser.add_argument("--truth", type=Path, default=HERE / "truth.json")
    parser.add_argument("--results", type=Path, default=HERE.parent / "fidelity-results.json")
    args = parser.parse_args()
    args.pages.mkdir(parents=True, exist_ok=True)
    results = run(args.pages, args.truth)
    print(report(results), end="")
    # The figures only: the entries' texts are the pages' (third-party), printed, not kept.
    for page in results["per_page"]:
        page["missed"], page["spurious"] = len(page["missed"]), len(page["spurious"])
    args.results.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
