"""Pictures of the record, as static SVG: when and where meetings and congresses took
place, which parties sign together, who signed what over the years, and in which
languages each meeting's declarations were read. matplotlib draws (its Figure, no pyplot
state), networkx lays the network out; the same graph gives the same picture (a seeded
layout, no timestamp, a fixed hash salt)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from kg.site.describe import KG, SCHEMA, SIGNATORY, SPATIAL, Described

if TYPE_CHECKING:
    from matplotlib.figure import Figure

REGIONS = ("Africa", "America", "Asia", "Europe", "Australia", "Pacific", "Indian", "Atlantic")


# matplotlib (and networkx) are imported when a picture is drawn, not with the CLI: they
# took half of every kg command's start (0.4 s), `kg build` included.


def new_figure(width: float, height: float) -> Figure:
    """A figure (matplotlib's, no pyplot state), its SVG the same each time."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams["svg.hashsalt"] = "kg"  # ids in the SVG: the same each time
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    return Figure(figsize=(width, height))


@cache
def region_colours() -> dict[str, object]:  # a colour as matplotlib takes it
    import matplotlib

    colours = matplotlib.color_sequences["tab10"]
    return dict(zip((*REGIONS, "Other"), colours, strict=False))


def svg(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "kg"})
    return buffer.getvalue()


@cache
def region_of_country() -> dict[str, str]:
    """A country's region, from the IANA time zone database (`tzdata`): the continent of
    its first zone (`GR  Europe/Athens` → Europe)."""
    table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    regions: dict[str, str] = {}
    for line in table.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _, zone = line.split("\t")[:3]
        regions.setdefault(code, zone.split("/")[0])
    return regions


def party_region(described: Described, party: str) -> str:
    place = described.first(party, SPATIAL)
    code = place.value.rstrip("/").rsplit("/", 1)[-1].upper() if place is not None else ""
    region = region_of_country().get(code[:2], "Other")
    return region if region in REGIONS else "Other"


def day_of(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date(int(text[:4]), 1, 1)
    except ValueError:
        return None


# -- the pictures ------------------------------------------------------------------------------


def timeline(described: Described, most_lanes: int = 8) -> Figure:
    """Meetings and congresses by their first day, one row per series kind. Labels lie
    flat in lanes above their row, each in the first lane where it overlaps no other, so
    none is drawn over another; a label for which `most_lanes` are not enough is left
    off, and the title says how many (every event is in the meetings index)."""
    rows: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for event in described.documents():
        if f"{SCHEMA}Event" not in described.types(event):
            continue
        start = described.first(event, f"{SCHEMA}startDate")
        day = day_of(start.value) if start is not None else None
        if day is None:
            continue
        kind = "Congresses" if "congress" in event else "International Meetings"
        place = described.first(event, f"{SCHEMA}location")
        where = described.label(place.value) if place is not None else ""
        ordinal = described.first(event, f"{KG}ordinal")
        rows[kind].append((day, f"{ordinal.value if ordinal else ''} {where}".strip()))
    days = [day for points in rows.values() for day, _ in points]
    first, last = (min(days), max(days)) if days else (dt.date(1998, 1, 1), dt.date(1999, 1, 1))
    margin = dt.timedelta(days=max(30, (last - first).days // 40))
    first, last = first - margin, last + margin + margin * 4  # room for the last labels
    per_point = (last - first).days / TIMELINE_WIDTH  # days in a point along the axis
    placed = {kind: label_lanes(sorted(rows[kind]), first, per_point, most_lanes)
              for kind in sorted(rows)}  # fmt: skip
    lanes = [1 + max((lane or 0 for *_, lane in points), default=0) for points in placed.values()]
    heights = [LANE * n + 14 for n in lanes]  # each row's, in points
    bottoms = [sum(heights[:n]) for n in range(len(heights))]  # each row's y, in points
    figure = new_figure(10, (sum(heights) + 8) / 72 + 1.1)
    axes = figure.add_subplot()
    left_off = 0
    for y, points in zip(bottoms, placed.values(), strict=True):
        axes.scatter([d for d, *_ in points], [y] * len(points), s=30)  # type: ignore[arg-type]
        for day, label, lane in points:
            if lane is None:
                left_off += 1
                continue
            axes.annotate(label, (day, y), xytext=(1, 5 + LANE * lane), ha="left",
                          textcoords="offset points", fontsize=LABEL_SIZE)  # fmt: skip
    axes.set_yticks(bottoms, list(placed))
    axes.set_ylim(-8, sum(heights))
    axes.set_xlim(first, last)  # type: ignore[arg-type]
    title = "Meetings and congresses: when and where"
    if left_off:
        title += f" ({left_off:,} labels left off where events crowd)"
    axes.set_title(title)
    figure.tight_layout()
    return figure


TIMELINE_WIDTH = 560  # the axis's length in points, about, in a figure 10 inches wide
LABEL_SIZE = 7  # points
LANE = 9  # points between a row's label lanes


def label_lanes(
    points: list[tuple[dt.date, str]], first: dt.date, per_point: float, most_lanes: int
) -> list[tuple[dt.date, str, int | None]]:
    """Each point with the lowest lane where its label, starting at the point, clears the
    labels before it (a label's width guessed from its letters); None when none does."""
    ends: list[float] = []  # where each lane's last label ends, in points along the axis
    placed: list[tuple[dt.date, str, int | None]] = []
    for day, label in points:
        start = (day - first).days / per_point
        lane = next((n for n, end in enumerate(ends) if end < start), None)
        if lane is None and len(ends) < most_lanes:
            lane = len(ends)
            ends.append(0.0)
        if lane is not None:
            ends[lane] = start + 3 + len(label) * LABEL_SIZE * 0.6
        placed.append((day, label, lane))
    return placed


def network(described: Described, most_edges: int = 1500) -> Figure:
    """Parties as nodes sized by the declarations they signed, edges by the declarations
    two parties signed together, coloured by region; a seeded layout of every edge, of
    which the `most_edges` strongest are drawn (thousands of faint lines hide the rest)."""
    import networkx as nx

    graph = nx.Graph()
    for party in described.objects_with(SIGNATORY):
        graph.add_node(party, size=len(described.pointing_to(party, SIGNATORY)))
    for one in sorted(graph.nodes):
        for other, count in sorted(described.co_signers(one).items()):
            if one < other:
                graph.add_edge(one, other, weight=count)
    layout = nx.spring_layout(graph, seed=20261203, weight="weight") if graph else {}
    figure = new_figure(10, 10)
    axes = figure.add_subplot()
    axes.set_axis_off()
    nodes = sorted(graph.nodes)
    edges = sorted(graph.edges(data="weight"), key=lambda e: (-e[2], e[0], e[1]))
    drawn = sorted((one, other) for one, other, _ in edges[:most_edges])
    if nodes:
        heaviest = max((weight for *_, weight in edges), default=1)
        widths = [0.2 + 2 * graph.edges[e]["weight"] / heaviest for e in drawn]
        nx.draw_networkx_edges(graph, layout, ax=axes, edgelist=drawn, width=widths,
                               alpha=0.15)  # fmt: skip
        regions = [party_region(described, party) for party in nodes]
        nx.draw_networkx_nodes(
            graph, layout, ax=axes, nodelist=nodes,
            node_size=[20 + 15 * graph.nodes[p]["size"] for p in nodes],
            node_color=[region_colours()[r] for r in regions],
        )  # fmt: skip
        shown = sorted(nodes, key=lambda p: -graph.nodes[p]["size"])[:25]
        labels = {p: short_name(described, p) for p in shown}
        nx.draw_networkx_labels(graph, layout, labels=labels, ax=axes, font_size=7)
        for region in sorted(set(regions)):
            axes.scatter([], [], color=region_colours()[region], label=region)
        axes.legend(loc="lower left", fontsize=8)
    title = "Parties that sign together"
    if len(edges) > len(drawn):
        title += f" (the {len(drawn):,} strongest of {len(edges):,} links)"
    axes.set_title(title)
    return figure


def number_or_label(described: Described, event: str) -> str:
    ordinal = described.first(event, f"{KG}ordinal")
    return ordinal.value if ordinal is not None else described.label(event)


def short_name(described: Described, party: str) -> str:
    acronym = described.first(party, f"{KG}shortName")
    return acronym.value if acronym is not None else described.label(party)


def signatures_by_year(described: Described, most: int = 30) -> Figure:
    """How many declarations each of the most signing parties signed, year by year."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for declaration in described.documents():
        created = described.first(declaration, f"{SCHEMA}dateCreated")
        day = day_of(created.value) if created is not None else None
        if day is None:
            continue
        for party in described.values(declaration, f"{KG}signatory"):
            counts[party.value][day.year] += 1
    ranked = sorted(counts, key=lambda p: (-sum(counts[p].values()), p))[:most]
    years = sorted({year for p in ranked for year in counts[p]})
    figure = new_figure(10, 0.3 * len(ranked) + 2)
    axes = figure.add_subplot()
    if ranked and years:
        grid = [[counts[p][year] for year in years] for p in ranked]
        image = axes.imshow(grid, aspect="auto", cmap="Reds")
        axes.set_xticks(range(len(years)), [str(y) for y in years], rotation=90, fontsize=7)
        axes.set_yticks(range(len(ranked)), [short_name(described, p) for p in ranked], fontsize=7)
        figure.colorbar(image, ax=axes, label="declarations signed")
    axes.set_title("Signatures per party over the years")
    figure.tight_layout()
    return figure


def languages_by_meeting(described: Described) -> Figure:
    """The declarations each meeting adopted, by the languages their texts are in."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for declaration in described.documents():
        meetings = described.values(declaration, f"{KG}adoptedAt")
        versions = described.pointing_to(declaration, f"{SCHEMA}exampleOfWork")
        languages = {
            v.value
            for version in versions
            for v in described.values(version, f"{SCHEMA}inLanguage")
        }
        for meeting in meetings:
            for language in languages:
                counts[meeting.value][language] += 1
    order = sorted(counts, key=lambda m: (len(m), m))
    spoken = sorted({language for c in counts.values() for language in c})
    figure = new_figure(10, 4)
    axes = figure.add_subplot()
    bottom = [0] * len(order)
    for language in spoken:
        heights = [counts[m][language] for m in order]
        axes.bar(range(len(order)), heights, bottom=bottom, label=language)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    names = [number_or_label(described, meeting) for meeting in order]
    axes.set_xticks(range(len(order)), names, fontsize=7)
    axes.set_xlabel("International Meeting (ordinal)")
    if spoken:
        axes.legend(title="language", fontsize=7, ncols=2)
    axes.set_title("Declarations per meeting, by language")
    figure.tight_layout()
    return figure


PICTURES: dict[str, Callable[[Described], Figure]] = {
    "timeline": timeline,
    "network": network,
    "signatures": signatures_by_year,
    "languages": languages_by_meeting,
}
