"""Party mentions to parties, each resolution with the rule that matched.

Order of the rules, most certain first: the registry's own spelling (exact), the same name
after folding and abbreviation expansion (normalised), an acronym (alone, or told apart by
country), then a close spelling (fuzzy) only when it is well above the threshold and clear of
the runner-up. Anything else becomes a provisional party, listed for review with its best
candidates: near-identical names of different parties must never be merged by guesswork.

Over 400 lines: the resolution rules in their order of certainty, each a method of
one resolver over the same registry indexes.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cached_property

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from kg.model import MatchRule, Party, Resolution
from kg.resolve.places import Gazetteer
from kg.resolve.registry import (
    GENERIC_WORDS,
    Registry,
    acronym_key,
    is_generic,
    loose_key,
    name_key,
)
from kg.resolve.translate import Translator
from kg.text import HOMOGLYPHS, clean, fold, slug

FUZZY_THRESHOLD = 0.90  # whole-name similarity needed to accept a close spelling
FUZZY_MARGIN = 0.05  # and its lead over the next party
LONG_WORD = 6  # words longer than this may have two typos, shorter ones one
MIN_FUZZY_WORD = 4  # shorter words must match exactly
CANDIDATES_KEPT = 3
BOUND_SLACK = 1e-9  # floating point: a bound never below the ratio it bounds
CLUSTER_CLEAR = 0.8  # an unknown name this close to a registry party is not clustered
PLAIN = frozenset({"communist", "party"})  # `Communist Party of Ukraine`, nothing more
QUALIFIERS = frozenset({"unified", "united"})  # words a shortened name may leave out
# Acronyms that say only what kind of party, in the record's languages: `Russia (PCFR e WP)`.
GENERIC_ACRONYMS = {
    **dict.fromkeys(("pc", "cp", "kp", "ks", "kk", "κκ"), PLAIN),
    "wp": frozenset({"workers", "party"}),
}
# A name and its acronym with no brackets (`… de Chipre /AKEL`, `… Cypru AKEL`), and an
# acronym joined to its country by a dash (`AKEL-Cyprus`).
TRAILING_ACRONYM = re.compile(
    r"^(?P<name>.+?)\s*(?:/\s*|\s)(?P<acronym>[A-ZΑ-ΩА-Я]{3,}[\w-]*(?: \d{4})?)$"
)  # `… das Filipinas PKP 1930`
ACRONYM_COUNTRY = re.compile(r"^(?P<acronym>[A-ZΑ-ΩА-Я]{3,})-(?P<country>[^\W\d_][\w ]+)$")
# Words between a name and its country: `… de Italia`, `… z Itálie`.
FROM_WORDS = {"of", "from", "de", "di", "da", "do", "del", "della", "du", "z", "ze", "von", "из"}
MIDDLE_BRACKET = re.compile(r"\s*\([^()]*\)\s*(?=\S)")
DASH_SPLIT = re.compile(r"\s+[-–—]\s+")
# `Partido Comunista da China (observador)`: how the party took part, not its name.
OBSERVER = re.compile(r"^\s*(?:observ\w*|guest|invit\w*|наблюдател\w*)\s*$", re.IGNORECASE)
# `Partido del Pueblo de Panamá (Comunista)`: what the party is, said beside its name.
QUALIFIER = re.compile(r"^\s*(?:com+unist[ae]?|communiste|kommunist\w*)\s*$", re.IGNORECASE)
ACRONYM_LIKE = re.compile(r"^[^\W\d_][\w-]*[A-ZΑ-ΩА-Я][\w()-]*$")  # `KKE`, `PCdoB`, `CPI(M)`
PARENTHESIS = re.compile(r"^(?P<name>.*?)\s*\((?P<inner>[^()]*(?:\([^()]*\))?[^()]*)\)\s*$")


@dataclass(frozen=True)
class Reading:
    """One way to read a mention: a name or acronym, and the country it states, if any."""

    text: str
    country: str | None


# A way to read a whole mention: its readings must all name the same single party.
# `Philippine CP (PKP-1930)` is one group of two readings; `CP of Denmark (ML)` fails as a
# group because `ML` names no party, so it is not read as `CP of Denmark`.
Group = tuple[Reading, ...]


class PartyResolver:
    def __init__(self, registry: Registry, gazetteer: Gazetteer) -> None:
        self.registry = registry
        self.gazetteer = gazetteer
        self.translator = Translator(gazetteer)
        # The same spellings come back page after page; fuzzy matching one costs milliseconds.
        self.resolved: dict[tuple[str, str | None], Resolution] = {}
        self.matchers: dict[str, SequenceMatcher[str]] = {}  # by the registry's name
        self.comparables: dict[
            str | None, tuple[list[str], list[set[str]], dict[str, int]]
        ] = {}  # by country
        self.stated: dict[str, str | None] = {}  # mention: the country it states
        # Unresolved mentions read again as former names: a page's year is often the next's.
        self.by_year: dict[tuple[str, str | None, int | None], Resolution | None] = {}

    def resolve(
        self, mention: str, country: str | None = None, year: int | None = None
    ) -> Resolution:
        """Resolve one mention. `country` (ISO 3166-1) is context from outside the mention;
        `year`, the page's, reads a name a party bore only for a time (`Partito Comunista
        d'Italia`, 2014-2015, the PdCI; later pages use it for Italy's Partito Comunista)."""
        key = (mention, country)
        if key not in self.resolved:
            self.resolved[key] = self.resolve_anew(mention, country)
        found = self.resolved[key]
        if found.rule is MatchRule.UNRESOLVED and self.registry.by_former_name:
            dated = (mention, country, year)
            if dated not in self.by_year:
                self.by_year[dated] = self.by_former_name(mention, country, year)
            return self.by_year[dated] or found
        return found

    def by_former_name(
        self, mention: str, country: str | None, year: int | None
    ) -> Resolution | None:
        """The one party that bore this name (as written or translated) in `year`; with no
        year, the one party that ever bore it."""
        text = clean(mention)
        readings = [(text, None), *self.translator.readings(text)]
        for reading, stated in readings:
            ids = {
                party_id
                for party_id, start, until in self.registry.by_former_name.get(
                    name_key(reading), []
                )
                if year is None
                or ((start is None or start <= year) and (until is None or year <= until))
            }
            ids = self.narrow(ids, stated or country)
            if len(ids) == 1:
                return Resolution(mention, ids.pop(), MatchRule.ALIAS)
        return None

    def resolve_anew(self, mention: str, country: str | None) -> Resolution:
        text = clean(mention)
        # Look-alike letters are folded inside mixed words by `clean`; a wholly Cyrillic or
        # Greek word (`ККЕ`, `СР of Malta`) is tried folded only when the text fails as it is.
        for candidate in dict.fromkeys((text, text.translate(HOMOGLYPHS))):
            for group in self.groups(candidate):
                matches = [self.match(reading, country) for reading in group]
                common = set.intersection(*(ids for ids, _ in matches))
                if len(common) == 1:
                    return Resolution(mention, common.pop(), matches[0][1])
        for english, stated, inner in self.translations(text):
            ids, _ = self.match(Reading(english, stated or country), None)
            if inner and (named := self.registry.by_acronym.get(acronym_key(inner))):
                # `Partido Comunista de Grecia (KKE)`: the acronym must agree; where the name
                # reads as no party (`Komunistyczna Partia Niemiec (DKP)`), the acronym in
                # the country the name states decides.
                place = stated or country
                ids = ids & named if ids else (self.narrow(named, place) if place else set())
            if len(ids) == 1:
                return Resolution(mention, ids.pop(), MatchRule.TRANSLATED)
        generic = self.by_generic_name(mention, text)
        if generic and generic.rule is MatchRule.COUNTRY:
            return generic
        if country and (words := GENERIC_ACRONYMS.get(acronym_key(text))):
            # `Belgio (PC e PTB)`: `PC` is the communist party of the country it is under
            return self.resolve_by_country(mention, country, words)
        acronym_ids = self.registry.by_acronym.get(acronym_key(text), set())
        generic_ids = (
            self.registry.by_name.get(name_key(text), set())
            if is_generic(name_key(text))
            else set()
        )
        for ambiguous in (acronym_ids, generic_ids):
            # `PCP` alone: Portugal or Palestine? `Labour Party`: whose? A person must say.
            if len(ambiguous) > 1 or (ambiguous is generic_ids and ambiguous):
                candidates = tuple((pid, 1.0) for pid in sorted(self.narrow(ambiguous, country)))
                return Resolution(mention, "", MatchRule.UNRESOLVED, 0.0, candidates)
        found = self.fuzzy(mention, text, country)
        if generic and found.rule is MatchRule.UNRESOLVED:
            # the namesakes a list may tell apart first, then the close spellings
            named = {pid for pid, _ in generic.candidates}
            close = tuple(c for c in found.candidates if c[0] not in named)
            return replace(generic, candidates=generic.candidates + close)
        return found

    def resolve_by_country(
        self, mention: str, country: str | None, words: frozenset[str] = PLAIN
    ) -> Resolution:
        """A party a list names by its country alone (`the CPs of Cuba, Siria, …`): the
        registry's one party there, or its one communist party, or the one named plainly
        `Communist Party of` the country (`Ucraina`: not the Union of Communists of
        Ukraine); otherwise unresolved, with the country's communist parties as candidates.
        With other `words` (`WP` under `Russia`), the one party there whose name has them."""
        there = self.registry.by_country.get(country, [])
        generic = self.named_generically.get(country, [])
        if words != PLAIN:
            tiers = [sorted({pid for pid, named, _ in generic if named >= words})]
        else:
            communist = [
                i for i in there if "communist" in self.registry.parties[i].english_name.lower()
            ]
            plain = sorted({pid for pid, named, _ in generic if named == PLAIN})
            tiers = [there, communist, plain]
        candidates = tuple((i, 1.0) for i in tiers[min(1, len(tiers) - 1)] or there)
        for chosen in tiers:
            if country and len(chosen) == 1:
                return Resolution(mention, chosen[0], MatchRule.COUNTRY, 1.0, candidates)
        return Resolution(mention, "", MatchRule.UNRESOLVED, 0.0, candidates)

    @cached_property
    def named_generically(self) -> dict[str | None, list[tuple[str, frozenset[str], str]]]:
        """The registry's parties whose English names are generic words and their country,
        by country: (party, the words, how the country is said)."""
        found: dict[str | None, list[tuple[str, frozenset[str], str]]] = defaultdict(list)
        for party in self.registry.parties.values():
            for language, name in (*party.names, *party.aliases):
                form = self.translator.country_form(name_key(name)) if language == "en" else None
                if form and form[2] == party.country and form[0] <= GENERIC_WORDS:
                    found[party.country].append((party.id, form[0], form[1]))
        return found

    def generic_reading(self, text: str) -> tuple[frozenset[str], str, str] | None:
        """Generic words and the one country a name states, as written or translated:
        (`communist party`, `of`, SY) for `CP of Syria` and `Partido Comunista de Siria`."""
        if (found := PARENTHESIS.match(text)) and ACRONYM_LIKE.match(found.group("inner")):
            return None  # `Partido Comunista de Grecia (PCP)`: the acronym must agree
        keys = [name_key(text), *(name_key(english) for english, _, _ in self.translations(text))]
        return next(
            (
                form
                for key in keys
                if (form := self.translator.country_form(key)) and form[0] <= GENERIC_WORDS
            ),
            None,
        )

    def by_generic_name(self, mention: str, text: str) -> Resolution | None:
        """Generic words and a country (`Communist Party, Brazil`, `Socialist Movement
        Kazakhstan`, `Communist Party of Türkiye`): the one party of that country so named;
        otherwise unresolved, with the country's parties whose names hold those words as
        candidates (a list that names the others decides). An adjective is not `of` (the
        Brazilian Communist Party is not the Communist Party of Brazil): only a country
        beside the name is read either way."""
        reading = self.generic_reading(text)
        if reading is None:
            return None
        words, said, country = reading
        there = self.named_generically.get(country, [])
        same = sorted({pid for pid, w, form in there if w == words and said in (form, "beside")})
        # Namesakes a list may tell apart: the same words, or the same and a qualifier
        # (`CP of Syria` may be the Syrian CP (Unified)); a name with more words (`Russian
        # Communist Workers' Party` for `Communist Party of Russia`) only for review.
        namesakes = {pid for pid, w, _ in there if w >= words and w - words <= QUALIFIERS}
        wider = {pid for pid, w, _ in there if w > words} - namesakes
        candidates = tuple(
            [(pid, 1.0) for pid in sorted(namesakes)] + [(pid, 0.9) for pid in sorted(wider)]
        )
        if len(same) == 1:
            return Resolution(mention, same[0], MatchRule.COUNTRY, 1.0, candidates)
        if candidates:
            return Resolution(mention, "", MatchRule.UNRESOLVED, 0.0, candidates)
        return None

    def by_own_name(self, mention: str, language: str) -> Resolution | None:
        """A generic name that is one party's own name in the language it is written in:
        `Partito Comunista` in an Italian list is Italy's, not a name cut short."""
        if language == "en":
            return None
        ids = {
            pid
            for pid in self.registry.exact.get(clean(mention), ())
            if (language, clean(mention)) in self.registry.parties[pid].names
        }
        return Resolution(mention, ids.pop(), MatchRule.EXACT) if len(ids) == 1 else None

    def country_code(self, text: str) -> str | None:
        """The country `text` names, in any language and case (`Siria`, `Белоруссии`)."""
        return self.gazetteer.country_code(text) or self.translator.inflected_country(text)

    def translations(self, text: str) -> Iterator[tuple[str, str | None, str | None]]:
        """English readings of a name in another language, and of its name before a
        bracketed acronym (`Partido Comunista de Grecia (KKE)`) with that acronym."""
        for english, stated in self.translator.readings(text):
            yield english, stated, None
        if found := PARENTHESIS.match(text):
            inner = found.group("inner")
            if ACRONYM_LIKE.match(inner) or OBSERVER.match(inner):
                for english, stated in self.translator.readings(found.group("name")):
                    yield english, stated, None if OBSERVER.match(inner) else inner
        parts = DASH_SPLIT.split(text)
        if len(parts) == 2:  # `África do Sul – Partido Comunista Sul-africano`
            for country_part, name in (parts, parts[::-1]):
                if code := self.gazetteer.country_code(country_part):
                    for english, stated in self.translator.readings(name):
                        yield english, stated or code, None

    def is_known(self, text: str) -> bool:
        """Whether `text` names a registry party by name or acronym (no fuzzy guess)."""
        return any(
            len(set.intersection(*(self.match(r, None)[0] for r in group))) == 1
            for group in self.groups(clean(text))
        )

    def match(self, reading: Reading, context: str | None) -> tuple[set[str], MatchRule]:
        """The parties one reading may name, and by which rule."""
        country = reading.country or context
        exact_ids = self.narrow(self.registry.exact.get(reading.text, set()), country)
        if exact_ids and reading.text not in self.registry.acronyms:
            if country is None and is_generic(name_key(reading.text)):
                return set(), MatchRule.EXACT
            rule = MatchRule.EXACT if reading.text in self.registry.names else MatchRule.ALIAS
            return exact_ids, rule
        key = name_key(reading.text)
        if country is None and is_generic(key):
            return set(), MatchRule.NORMALISED  # `Labour Party`: whose? a country must say
        ids = self.narrow(self.registry.by_name.get(key, set()), country)
        loose = loose_key(key)
        if not ids and country and not is_generic(loose):
            # `Communist Party Bohemia and Moravia`, `… Czech Republic`; never a generic
            # `Communist Party of` left when the country is read off the end
            ids = self.narrow(self.registry.by_loose_name.get(loose, set()), country)
        if ids:
            return ids, MatchRule.NORMALISED
        acronym_ids = self.registry.by_acronym.get(acronym_key(reading.text), set())
        narrowed = self.narrow(acronym_ids, country)
        rule = MatchRule.ACRONYM if len(acronym_ids) == 1 else MatchRule.ACRONYM_COUNTRY
        return narrowed, rule

    def narrow(self, ids: set[str], country: str | None) -> set[str]:
        """Keep the parties of `country` when it is known: always a new set, never the
        registry's own (a caller's `pop` would take the party out of the registry)."""
        if country is None:
            return set(ids)
        return {i for i in ids if self.registry.parties[i].country in (None, country)}

    def groups(self, text: str) -> Iterator[Group]:
        """The ways a list entry may be read, the plainest first: `PADS, Algeria`,
        `AKEL (Cyprus)`, `Progressive Party of Working People (AKEL, Cyprus)`, `Cyprus - AKEL`,
        `PPP Guyana`."""
        yield (Reading(text, None),)
        head, comma, tail = text.rpartition(",")
        if comma and (code := self.gazetteer.country_code(tail)):
            yield from self.with_country(head.strip(), code)
        if match := PARENTHESIS.match(text):
            name, inner = match.group("name"), match.group("inner")
            if OBSERVER.match(inner) or QUALIFIER.match(inner):
                yield from self.groups(name)
                return
            inner_head, inner_comma, inner_tail = inner.rpartition(",")
            if code := self.gazetteer.country_code(inner):
                yield from self.with_country(name, code)
            elif inner_comma and (code := self.gazetteer.country_code(inner_tail)):
                yield (Reading(name, code), Reading(inner_head.strip(), code))
            else:
                yield (Reading(name, None), Reading(inner, None))
        parts = DASH_SPLIT.split(text)
        if len(parts) > 1:
            codes = [self.dash_country(p) for p in parts]
            code = next((c for c in codes if c), None)
            yield tuple(Reading(p, code) for p, c in zip(parts, codes, strict=True) if not c)
        if (inside := MIDDLE_BRACKET.search(text)) and not PARENTHESIS.match(text):
            # `Komunistická strana obnovy (Rifondazione) z Itálie`: the name in its own
            # language, said inside the translated one
            # both must name the party: `Partido Comunista (Acción Proletaria) de Chile` is
            # not the Communist Party of Chile
            inner = Reading(inside.group(0).strip(" ()"), None)
            for group in self.groups(f"{text[: inside.start()]} {text[inside.end() :]}".strip()):
                yield (*group, inner)
            return
        words = text.split()
        split = self.gazetteer.split_trailing_country(text)
        if not split and len(words) > 2 and (code := self.translator.inflected_country(words[-1])):
            # a country in another case after the name: `… Trybuna Bahrainu`, `… Finsko`
            split = " ".join(words[:-1]), code
        if split:
            # `Partido de la Refundación Comunista de Italia`, `… obnovy z Itálie`
            name_words = split[0].split()
            if (
                len(name_words) > 1
                and fold(name_words[-1]) in FROM_WORDS
                and not is_generic(name_key(" ".join(name_words[:-1])))
            ):
                name_words.pop()  # never `Communist Party of Italy` → `Communist Party`, Italy
            yield (Reading(" ".join(name_words), split[1]),)
        if (found := TRAILING_ACRONYM.match(text)) and len(found.group("name").split()) > 1:
            yield (Reading(found.group("name"), None), Reading(found.group("acronym"), None))
        if (found := ACRONYM_COUNTRY.match(text)) and (
            code := self.gazetteer.country_code(found.group("country"))
        ):
            yield (Reading(found.group("acronym"), code),)

    def dash_country(self, part: str) -> str | None:
        """The country one side of a dash names: `Finland`, and `Finland (för fred og
        socialism)`, where the rest of the name follows the country in brackets."""
        if found := PARENTHESIS.match(part):
            part = found.group("name")
        return self.gazetteer.country_code(part)

    def with_country(self, text: str, country: str) -> Iterator[Group]:
        for group in self.groups(text):
            yield tuple(Reading(r.text, r.country or country) for r in group)

    def fuzzy(self, mention: str, text: str, country: str | None) -> Resolution:
        """A close spelling (`Comunist Party of Finland`, `Tudey Party of Iran`).

        Accepted only when every word lines up with a word of the registry's name (short
        words and numbers exactly: `in` is not `of`), the whole is above the threshold, and
        it is clear of the runner-up. An extra word (`CP of Denmark (ML)`) is never a typo.
        """
        readings = [group[0] for group in self.groups(text) if len(group) == 1]
        stated = country or next((r.country for r in readings if r.country), None)
        strict: dict[str, float] = {}  # decides
        loose: dict[str, float] = {}  # only lists candidates for a person to review
        for reading in readings:
            wanted = name_key(reading.text)
            if stated is None and is_generic(wanted):
                continue  # `Labour Party` alone: no spelling makes it one party
            keys, parties_of, words_of = self.comparable(stated)
            size = len(wanted.split())
            for key, parties in zip(keys, parties_of, strict=True):
                if words_of[key] == size and words_line_up(wanted, key):
                    matcher = self.matcher(key)
                    matcher.set_seq1(wanted)
                    score = matcher.ratio()  # = similarity(wanted, key), already lined up
                    for party_id in parties:
                        strict[party_id] = max(strict.get(party_id, 0.0), score)
            # An upper bound of difflib's ratio for every name at once, in C (its matches
            # are a common subsequence, rapidfuzz's Indel ratio counts the longest).
            bounds = process.extract(wanted, keys, scorer=fuzz.ratio, limit=None)
            eligible = [
                (score / 100 + BOUND_SLACK, keys[index], parties_of[index])
                for _, score, index in bounds
            ]
            self.nearest(wanted, eligible, loose)
        ranked = sorted(strict.items(), key=lambda item: (-item[1], item[0]))
        if ranked and ranked[0][1] >= FUZZY_THRESHOLD:
            runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
            if ranked[0][1] - runner_up >= FUZZY_MARGIN:
                party_id, score = ranked[0]
                runners = tuple(
                    (pid, round(value, 3)) for pid, value in ranked[:CANDIDATES_KEPT] if value > 0
                )
                return Resolution(mention, party_id, MatchRule.FUZZY, round(score, 3), runners)
        nearest = sorted(loose.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES_KEPT]
        candidates = tuple((pid, round(score, 3)) for pid, score in nearest)
        return Resolution(mention, "", MatchRule.UNRESOLVED, 0.0, candidates)

    def comparable(self, stated: str | None) -> tuple[list[str], list[set[str]], dict[str, int]]:
        """The registry's names a mention of `stated` country may be a spelling of, their
        parties (of that country), and their numbers of words: the same for every mention
        of that country, so made once."""
        if stated not in self.comparables:
            keys, parties_of = [], []
            for key, ids in self.registry.by_name.items():
                parties = self.narrow(ids, stated)
                if not parties:  # another country's party: no need to compare spellings
                    continue
                if stated is None and is_generic(key):
                    continue  # `Communist Part`, cut short: no country, nothing of its own
                keys.append(key)
                parties_of.append(parties)
            self.comparables[stated] = (keys, parties_of, {k: len(k.split()) for k in keys})
        return self.comparables[stated]

    def matcher(self, key: str) -> SequenceMatcher[str]:
        """A matcher with the registry's name as its second sequence, analysed once (the
        costly half of a comparison), for every mention compared with it."""
        if key not in self.matchers:
            self.matchers[key] = SequenceMatcher(None, "", key, autojunk=False)
        return self.matchers[key]

    def nearest(
        self,
        wanted: str,
        eligible: Sequence[tuple[float, str, Collection[str]]],
        loose: dict[str, float],
    ) -> None:
        """The parties whose names are nearest `wanted` (by difflib's ratio), into `loose`:
        the same as comparing every name, but names whose upper bounds cannot enter the
        kept few are not compared in full (a page of 50,000 unknown names in seconds)."""
        floor = kth_best(loose)
        for bound, key, parties in sorted(eligible, key=lambda item: (-item[0], item[1])):
            if bound < floor:
                break  # sorted by bound: no later name can enter either
            matcher = self.matcher(key)
            matcher.set_seq1(wanted)
            rough = matcher.ratio()
            for party_id in parties:
                loose[party_id] = max(loose.get(party_id, 0.0), rough)
            floor = kth_best(loose)

    def shared_reading(
        self, mention: str, candidates: tuple[tuple[str, float], ...]
    ) -> tuple[str | None, str | None]:
        """The English reading (and its country) by which spellings of one unknown party are
        one provisional node: `Partido Comunista de Kirguistán` and `Partito Comunista del
        Kirghizistan` read `communist party of kyrgyzstan`. None when the mention is close to
        parties the registry knows (`Partido Comunista de Siria`: the Syrian CP or the
        Unified one?): those stay apart, spelling by spelling, for a person."""
        if any(score >= CLUSTER_CLEAR for _, score in candidates):
            return None, None
        return self.translator.whole_reading(clean(mention)) or (None, None)

    def stated_country(self, mention: str) -> str | None:
        """The country a mention states (`PADS, Algeria` → DZ), if any."""
        if mention not in self.stated:
            groups = self.groups(clean(mention))
            found = next((r.country for group in groups for r in group if r.country), None)
            if found is None and (generic := self.generic_reading(clean(mention))):
                found = generic[2]  # `Danish CP`
            self.stated[mention] = found
        return self.stated[mention]


def kth_best(scores: dict[str, float]) -> float:
    """The lowest score among the kept few so far (-1 while fewer are known)."""
    best = heapq.nlargest(CANDIDATES_KEPT, scores.values())
    return best[-1] if len(best) == CANDIDATES_KEPT else -1.0


def similarity(a: str, b: str) -> float:
    """Similarity of two name keys in [0, 1], 0 unless their words line up one to one."""
    if not words_line_up(a, b):
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def words_line_up(a: str, b: str) -> bool:
    """Whether each word of one name is the other's word, or that word with a typo."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):
        return False
    for word_a, word_b in zip(words_a, words_b, strict=True):
        if word_a == word_b:
            continue
        short = min(len(word_a), len(word_b)) < MIN_FUZZY_WORD
        if short or word_a.isdigit() or word_b.isdigit():
            return False
        # A typo is a letter or two (`Tudey`, `Axerbaijan`); `d'Italia` is not `Italiano`.
        typos = 1 if len(word_a) <= LONG_WORD else 2
        if abs(len(word_a) - len(word_b)) > typos or edit_distance(word_a, word_b) > typos:
            return False
    return True


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions of one letter (in C)."""
    return int(Levenshtein.distance(a, b))


def provisional_party(
    mention: str, language: str, country: str | None, reading: str | None = None
) -> Party:
    """A party the registry does not know: kept, named as written, flagged as provisional.
    Its id is made from `reading` when given (the English reading its spellings share)."""
    # The country is part of the identity: Chile's and Spain's `Socialist Party` are two.
    prefix = f"{country.lower()}-" if country else ""
    return Party(
        id=f"provisional/{prefix}{slug(name_key(reading or mention) or mention)}",
        names=((language, clean(mention)),),
        country=country,
        provisional=True,
    )
