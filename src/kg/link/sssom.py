"""Mapping decisions as an SSSOM mapping set (TSV with its YAML metadata header).

Accepted links are `skos:exactMatch` rows; rejected candidates carry `predicate_modifier: Not`
so that reruns do not bring them back; no match is `object_id: sssom:NoTermFound`. A curated
file in the same format holds people's decisions, which win over automatic results.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ConfigurationError
from kg.link.model import QID, Decision

COLUMNS = (
    "subject_id", "subject_label", "predicate_id", "predicate_modifier", "object_id",
    "object_label", "mapping_justification", "confidence", "mapping_date", "reviewer_label",
    "comment",
)  # fmt: skip
WD = "http://www.wikidata.org/entity/"
NO_TERM = "sssom:NoTermFound"


@dataclass(frozen=True)
class CuratedDecision:
    subject: str  # IRI
    object: str  # QID, or NO_TERM
    negated: bool
    reviewer: str
    date: str = ""  # when the person decided


def header(base: str, date: str, sources: tuple[str, ...] = ()) -> str:
    """The mapping set's YAML metadata; `sources` says where the candidates came from (each
    table's address, retrieval time, checksum and licence)."""
    lines = [
        f"mapping_set_id: {base}links",
        f"mapping_set_version: {date}",
        "mapping_set_title: Links from the IMCWP knowledge graph to Wikidata",
        "license: https://creativecommons.org/licenses/by/4.0/",
        f"mapping_date: {date}",
        "curie_map:",
        f"  kgparty: {base}party/",
        f"  kgplace: {base}place/",
        f"  wd: {WD}",
        "  skos: http://www.w3.org/2004/02/skos/core#",
        "  semapv: https://w3id.org/semapv/vocab/",
        "  sssom: https://w3id.org/sssom/",
    ]
    if sources:
        lines.append("other: >-")
        lines += [f"  {line}" for line in sources]
    return "".join(f"# {line}\n" for line in lines)


def curie(iri: str, base: str) -> str:
    for prefix, namespace in (
        ("kgparty", f"{base}party/"),
        ("kgplace", f"{base}place/"),
        ("wd", WD),
    ):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def rows(decisions: list[Decision], base: str, date: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for decision in decisions:
        subject = {
            "subject_id": curie(decision.subject.iri, base),
            "subject_label": decision.subject.label,
        }
        evidence = {c.qid: e for c, e in decision.ranked}
        if decision.outcome == "accepted" and decision.chosen:
            chosen = decision.chosen
            found.append({
                **subject, "predicate_id": "skos:exactMatch", "object_id": f"wd:{chosen.qid}",
                "object_label": chosen.label, "mapping_justification": decision.justification,
                "confidence": f"{decision.confidence:.3f}", "mapping_date": date,
                "reviewer_label": decision.reviewer or "",
                "comment": evidence[chosen.qid].summary() if chosen.qid in evidence else "",
            })  # fmt: skip
        elif decision.outcome == "no-match":
            found.append({
                **subject, "predicate_id": "skos:exactMatch", "object_id": NO_TERM,
                "mapping_justification": decision.justification, "mapping_date": date,
                "reviewer_label": decision.reviewer or "",
                "comment": "no candidate worth reviewing",
            })  # fmt: skip
        for qid, why in decision.rejected:
            found.append({
                **subject, "predicate_id": "skos:exactMatch", "predicate_modifier": "Not",
                "object_id": f"wd:{qid}", "mapping_justification": decision.justification,
                "mapping_date": date, "reviewer_label": decision.reviewer or "",
                "comment": why,
            })  # fmt: skip
    return sorted(
        found, key=lambda r: (r["subject_id"], r.get("predicate_modifier", ""), r["object_id"])
    )


def write(decisions: list[Decision], base: str, date: str, sources: tuple[str, ...] = ()) -> bytes:
    out = io.StringIO()
    out.write(header(base, date, sources))
    writer = csv.DictWriter(out, COLUMNS, delimiter="\t", lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows(decisions, base, date))
    return out.getvalue().encode("utf-8")


def read_curated(path: Path, base: str) -> list[CuratedDecision]:
    """People's decisions, checked row by row. A missing file is no decisions."""
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigurationError(
            f"cannot read the curated mapping file: {err}", source=str(path)
        ) from err
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    missing = {"subject_id", "object_id"} - set(reader.fieldnames or ())
    if missing:
        raise ConfigurationError(
            f"the curated mapping file lacks the column(s) {', '.join(sorted(missing))}",
            source=str(path),
            hint="it is an SSSOM TSV: subject_id, predicate_id, predicate_modifier, object_id, …",
        )
    decisions = []
    accepted: dict[str, str] = {}
    comments = sum(1 for line in text.splitlines() if line.startswith("#"))
    for number, row in enumerate(reader, start=comments + 2):  # the file's line of the row

        def broken(what: str, hint: str, number: int = number) -> ConfigurationError:
            return ConfigurationError(what, source=str(path), line=number, hint=hint)

        subject = expand((row.get("subject_id") or "").strip(), base)
        target = (row.get("object_id") or "").strip()
        predicate = (row.get("predicate_id") or "skos:exactMatch").strip() or "skos:exactMatch"
        negated = (row.get("predicate_modifier") or "").strip() == "Not"
        if not subject.startswith(("http://", "https://")):
            raise broken(
                f"subject {row.get('subject_id')!r} is not one of ours",
                "write kgparty:<id> or kgplace:<id>",
            )
        if predicate != "skos:exactMatch":
            raise broken(
                f"predicate {predicate!r}: only skos:exactMatch becomes a link",
                "write skos:exactMatch",
            )
        qid = target.removeprefix("wd:")
        if target != NO_TERM and not QID.match(qid):
            raise broken(
                f"object {target!r} is not a Wikidata item", "write wd:Q… or sssom:NoTermFound"
            )
        if not negated:
            if subject in accepted and accepted[subject] != target:
                raise broken(f"two accepted objects for {subject}", "keep one row per subject")
            accepted[subject] = target
        decisions.append(
            CuratedDecision(
                subject=subject,
                object=NO_TERM if target == NO_TERM else qid,
                negated=negated,
                reviewer=(row.get("reviewer_label") or row.get("reviewer_id") or "").strip(),
                date=(row.get("mapping_date") or "").strip(),
            )
        )
    return decisions


def expand(value: str, base: str) -> str:
    for prefix, namespace in (("kgparty", f"{base}party/"), ("kgplace", f"{base}place/")):
        if value.startswith(f"{prefix}:"):
            return namespace + value[len(prefix) + 1 :]
    return value
