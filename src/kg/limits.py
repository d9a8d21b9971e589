"""Limits a user can see and raise: what kg reads of a page, so that hostile input costs
what a real page costs. Each one, when reached, is said (an error or a finding), never
silent."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    page_bytes: int = 10_000_000  # a page's file; a larger one is refused with an error
    list_entries: int = 2_000  # a list's entries; those beyond are not read, and it is said
    # A line of running text (a real one is under 2,000 characters): a longer one is read
    # for a list of names only, not for meetings, dates and events, and it is said.
    line_chars: int = 20_000


DEFAULT_LIMITS = Limits()
