"""Party names in the languages of the lists, read into English through a small glossary.

`Partido Comunista de Grecia`, `Komunistyczna Partia Grecji`, `Partito Comunista di Grecia`
and `Kommunistische Partei Griechenlands` all read as `communist party of greece`: the words
of party names are translated, word order fixed, and the country's name (in any language and
most inflections) replaced by its English name. The registry then does the rest, told apart
by the country found.

Over 400 lines: the glossary of party words in a dozen languages and the reading
that uses it; the glossary is data kept beside the only code that reads it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from kg.resolve.places import Gazetteer
from kg.text import fold

# Folded words (lower case, no accents) to English. Articles and prepositions map to `of`
# and `in` (which tell `CP of Denmark` from `CP in Denmark`) or to nothing.
GLOSSARY = {
    # communist
    **dict.fromkeys(
        [
            "comunista",
            "comunistas",
            "comunisti",
            "communista",  # a frequent misspelling on the lists
            "komunistyczna",
            "komunisticka",
            "komunisticke",
            "kommunistische",
            "kommunistischen",
            "communiste",
            "kommunistisk",
            "kommunistiska",
            "kommunistiskt",
            "kommunistiske",
            "kommunistinen",
            "komunist",
            "komunistas",
            "kommounistiko",
            "κομμουνιστικο",
            "κομμουνιστικου",
            "коммунистическая",
            "коммунистической",
            "комунистичка",
            "komunistiko",
        ],
        "communist",
    ),
    **dict.fromkeys(
        ["comunistas", "comunisti", "communistes", "komunistow", "коммунистов"], "communists"
    ),
    # party
    **dict.fromkeys(
        [
            "partido",
            "partito",
            "partit",
            "partia",
            "parti",
            "partei",
            "strana",
            "partij",
            "partiet",
            "partisi",
            "puolue",
            "κομμα",
            "κομματοσ",
            "партия",
            "партии",
            "партија",
        ],
        "party",
    ),
    # workers, labour
    **dict.fromkeys(
        [
            "trabajadores",
            "trabalhadores",
            "lavoratori",
            "robotnicza",
            "robotnikow",
            "ouvriers",
            "travailleurs",
            "arbeiter",
            "arbeiterpartei",
            "delnicka",
            "isci",
            "εργατικο",
            "εργατικου",
            "εργατων",
            "рабочая",
            "рабочих",
            "obrero",
            "obreros",
            "operario",
            "operaio",
        ],
        "workers",
    ),
    **dict.fromkeys(
        ["trabajo", "trabalho", "lavoro", "pracy", "travail", "arbeit", "emek", "труда"], "labour"
    ),
    # other words of party names
    **dict.fromkeys(
        [
            "nuevo",
            "novo",
            "nuovo",
            "nou",
            "nowa",
            "nouveau",
            "neue",
            "νεο",
            "νεου",
            "новая",
            "nova",
        ],
        "new",
    ),
    **dict.fromkeys(
        [
            "unificado",
            "unificada",
            "unido",
            "unida",
            "unificato",
            "unito",
            "zjednoczona",
            "unifie",
            "unifiee",
            "vereinigte",
            "объединенная",
            "obedinena",
        ],
        "unified",
    ),
    **dict.fromkeys(
        [
            "socialista",
            "socialistas",
            "socialistiska",
            "socialisticka",
            "socialisti",
            "socjalistyczna",
            "socialiste",
            "sozialistische",
            "социалистическая",
        ],
        "socialist",
    ),
    **dict.fromkeys(
        [
            "marxista",
            "marxiste",
            "marxistische",
            "marksistowska",
            "marxisticka",
            "марксистская",
            "марксистской",
            "marxistiska",
        ],
        "marxist",
    ),
    # Czech lists abbreviate `Komunistická strana` as `KS`: `KS Dánska`, `Belgická KS`
    "ks": "communist party",
    "κκ": "communist party",
    **dict.fromkeys(["arbetarparti", "arbetarpartiet", "arbeiderparti"], "workers party"),
    "svaz": "union",
    "komunistu": "communists",
    **dict.fromkeys(
        ["pueblos", "povos", "popoli", "peuples", "pobles", "ludow", "народов", "λαων"], "peoples"
    ),
    **dict.fromkeys(["pueblo", "povo", "popolo", "peuple", "lud", "народа"], "people"),
    "folkets": "peoples",
    **dict.fromkeys(["revolutionara", "revolutionare"], "revolutionary"),
    **dict.fromkeys(
        ["revolucionario", "rivoluzionario", "rewolucyjna", "revolutionnaire"], "revolutionary"
    ),
    # of, in
    **dict.fromkeys(
        [
            "de",
            "del",
            "dell",
            "dels",
            "do",
            "da",
            "dos",
            "das",
            "di",
            "della",
            "dello",
            "dei",
            "degli",
            "delle",
            "du",
            "des",
            "d",
            "von",
            "der",
            "των",
            "της",
            "του",
        ],
        "of",
    ),
    **dict.fromkeys(["en", "em", "na", "no", "w", "ve", "v", "в", "во", "στην", "στη"], "in"),
    # articles and conjunctions that English names drop or keep as `the`/`and`
    **dict.fromkeys(
        [
            "el",
            "la",
            "los",
            "las",
            "le",
            "les",
            "il",
            "lo",
            "l",
            "gli",
            "o",
            "os",
            "a",
            "as",
            "die",
        ],
        "",
    ),
    **dict.fromkeys(["y", "e", "et", "und", "и", "και", "i"], "and"),
}
# Multi-word forms, read before single words.
PHRASES = {
    "partido comunista": "communist party",
    "partito comunista": "communist party",
    "parti communiste": "communist party",
    "partido dos trabalhadores": "workers party",
    "partido de los trabajadores": "workers party",
    "partido obrero": "workers party",
    "partia komunistyczna": "communist party",
    "partido del trabajo": "party of labour",
    "partito del lavoro": "party of labour",
}
# Compared with folded words: `της` is `τησ` once folded (a final sigma is a sigma).
GLOSSARY = {fold(word): english for word, english in GLOSSARY.items()}
PHRASES = {fold(phrase): english for phrase, english in PHRASES.items()}
# The Russian Federation in the languages of the record, after `of` in each.
PHRASES.update(
    dict.fromkeys(
        [
            "federazione russa",
            "federacion rusa",
            "federacao russa",
            "federation de russie",
            "federacio russa",
        ],
        "russian federation",
    )
)
# In the genitive, `of` is in the case: `… Ρωσικής Ομοσπονδίας`, `… Ruské federace`.
PHRASES.update(
    dict.fromkeys(
        ["ρωσικησ ομοσπονδιασ", "ruske federace", "federacji rosyjskiej"], "of russian federation"
    )
)
ROMANCE = {
    "comunista", "comunistas", "comunisti", "communiste", "partido", "partito", "parti",
    "trabajadores", "trabalhadores", "lavoratori", "ouvriers", "travailleurs", "obrero",
    "obreros", "operario", "operaio", "nuevo", "novo", "nuovo", "nouveau", "unificado",
    "unificada", "unificato", "unifie", "unifiee", "socialista", "socialistas", "socialisti",
    "socialiste", "pueblos", "povos", "popoli", "peuples", "pueblo", "povo", "popolo", "peuple",
    "de", "del", "do", "da", "dos", "das", "di", "della", "dello", "dei", "degli", "delle",
    "du", "des",
}  # fmt: skip
# `Sul-Africano`, `sud-africain`: one adjective.
COMPOUND = re.compile(r"\b(sul|sud|jiho)[- ](?=afri)", re.IGNORECASE)
# `d'Austria`, `dell'India`, `l'Italia`: the elided article or preposition is a word.
ELISION = re.compile(r"\b(d|l|dell|dall|nell|all|sull|qu)['’]", re.IGNORECASE)
# Words an adjective of nationality goes before in English: `Brazilian Communist Party`.
QUALIFIED = {"communist", "communists", "party", "workers", "socialist", "revolutionary"}
# English word order after a word-for-word reading, in this order.
WORD_ORDER = [
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bparty (communist|socialist)\b", r"\1 party"),  # Partido Comunista
        (r"\bunion communists\b", "union of communists"),  # Svaz komunistů
        (r"\bparty of (?:the )?people of\b", "peoples party of"),  # Partido do Povo do
        (r"\bparty of (?:the )?workers\b", "workers party"),  # Partido de los Trabajadores
        (r"\bparty workers\b", "workers party"),  # Partito Operaio, Κόμμα Εργατών
        (r"\bcommunist party unified\b", "unified communist party"),  # Partido … Unificado
        (r"\bparty peoples of\b", "party of peoples of"),  # ΚΚ Λαών
        (r"\bof of\b", "of"),
    )
]
DEMONYM_ENDING = 4  # letters an inflection may add to an adjective's start
# Words after which a bare country name means `of <country>` (genitive languages).
HEADS = {"party", "front", "union", "league", "workers", "peoples", "communists"}
MIN_STEM = 4


class Translator:
    """Reads party names in other languages into English keys, with the country they name."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.read: dict[str, tuple[tuple[str, str | None], ...]] = {}  # a text: its readings
        self.english = gazetteer.english_country_names()
        self.english_words = {
            word
            for words in (
                *GLOSSARY.values(),
                *PHRASES.values(),
                *(name for names in self.english.values() for name in names),
                *(forms[0] for forms in gazetteer.demonyms.values()),
            )
            for word in fold(words).split()
        } | {"of", "in", "and", "the"}
        self.folded_english = {
            code: {fold(name) for name in names} for code, names in self.english.items()
        }
        # Adjectives of nationality by the start they share in every inflection, the first
        # being the English one (the gazetteer's `[demonym]` table).
        self.demonyms: dict[str, tuple[str, str]] = {
            fold(start).replace(" ", ""): (forms[0], code)
            for code, forms in gazetteer.demonyms.items()
            for start in forms
        }
        self.by_key: dict[str, str] = dict(gazetteer.country_codes)
        # Country names by their first letters, longest first: a word is compared only with
        # the names it could be an inflection of (comparing it with all of them was most of
        # resolving); names shorter than a stem are compared with every word, last.
        self.stems: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.short: list[tuple[str, str]] = []
        # Four-letter names in a case whose last vowel changes: `Kuby`, `Kubie` (Kuba).
        self.four_letters: dict[str, str] = {}
        self.inflected: dict[tuple[str, int], str | None] = {}
        for name, code in sorted(self.by_key.items(), key=lambda item: -len(item[0])):
            if len(name) < MIN_STEM:
                self.short.append((name, code))
            else:
                self.stems[name[:MIN_STEM]].append((name, code))
            if len(name) == MIN_STEM and name.isalpha() and name[-1] == "a":
                for ending in ("y", "e", "i", "ie", "u", "ou"):
                    self.four_letters.setdefault(name[:-1] + ending, code)

    def country(self, words: list[str], slack: int) -> str | None:
        """The country a run of words names, allowing inflected endings (`Grecji`, `Греции`)
        that differ in length by at most `slack` letters."""
        joined = "".join(words)
        if joined in self.by_key:
            return self.by_key[joined]
        if len(words) > 1 or len(joined) < MIN_STEM:  # inflection is of one word
            return None
        # The same words come back in every name (`party`, `workers`): read once each.
        if (joined, slack) not in self.inflected:
            names = self.stems.get(joined[:MIN_STEM], []) + self.short
            self.inflected[joined, slack] = self.by_stem(joined, names, slack) or (
                self.four_letters.get(joined) if slack else None
            )
        return self.inflected[joined, slack]

    @staticmethod
    def by_stem(word: str, names: list[tuple[str, str]], slack: int) -> str | None:
        """The country whose name `word` inflects: its stem, and a length within `slack`."""
        for name, code in names:
            stem = name[: max(MIN_STEM, len(name) - 2)]
            if word.startswith(stem) and abs(len(word) - len(name)) <= slack:
                return code
        return None

    def whole_reading(self, text: str) -> tuple[str, str | None] | None:
        """The English reading of a name when every word of it was read (party words,
        countries, adjectives of nationality), None when some are left as written."""
        english, country = next(iter(self.readings(text)), ("", None))
        words = fold(english).split()
        return (english, country) if words and set(words) <= self.english_words else None

    def country_form(self, key: str) -> tuple[frozenset[str], str, str] | None:
        """An English name key split into its country, how the name says it (`of`, `in`,
        `adjective`, or `beside` the name), and its other words: `communist party of
        sweden` → ({communist, party}, `of`, SE); None unless it names one country once."""
        words = key.split()
        rest: list[str] = []
        found: list[tuple[str, str]] = []
        index = 0
        while index < len(words):
            word = words[index]
            demonym = self.demonyms.get(word)
            # `russian federation` before the adjective `russian`; `syrian` is an adjective,
            # not `Syria` inflected; never a code (`and` is Andorra's)
            sizes = [n for n in (4, 3, 2) if index + n <= len(words)]
            if not (demonym and demonym[0] == word) and len(word) >= MIN_STEM:
                sizes.append(1)
            size, code = next(
                ((n, c) for n in sizes if (c := self.country(words[index : index + n], 0))),
                (1, None),
            )
            if code:
                form = rest.pop() if rest and rest[-1] in ("of", "in") else "beside"
                found.append((form, code))
            elif demonym and demonym[0] == word:
                found.append(("adjective", demonym[1]))
            elif word != "the":
                rest.append(word)
            index += size
        if len(found) != 1 or not rest:
            return None
        return frozenset(rest), *found[0]

    def demonym(self, word: str) -> tuple[str, str] | None:
        """The English adjective of nationality a word is, and its country: `brasiliano`,
        `brazylijska`, `alemán` → `brazilian`/BR, `german`/DE."""
        for length in range(min(len(word), 14), 2, -1):
            found = self.demonyms.get(word[:length])
            if found and len(word) - length <= DEMONYM_ENDING:
                return found
        return None

    def inflected_country(self, text: str) -> str | None:
        """The country one word names in any case (`Белоруссии`, `Молдовы`); short words
        (`from`, a three-letter code) are compared whole only."""
        joined = fold(text).replace(" ", "")
        if joined in self.by_key or len(joined) <= MIN_STEM:
            return self.by_key.get(joined)
        return self.by_stem(joined, self.stems.get(joined[:MIN_STEM], []), 2)

    def readings(self, text: str) -> Iterator[tuple[str, str | None]]:
        """English readings of `text` and the country they name; nothing when no word of
        the glossary occurs (an English name needs no translation). Each text read once:
        the resolver asks again for each page that spells a party so."""
        known = self.read.get(text)
        if known is None:
            known = self.read[text] = tuple(self.readings_anew(text))
        return iter(known)

    def readings_anew(self, text: str) -> Iterator[tuple[str, str | None]]:
        words = fold(COMPOUND.sub(r"\1", ELISION.sub(r"\1 ", text))).split()
        out: list[str] = []
        country: str | None = None
        # `Kubas kommunistiska parti`, `El Salvadors Kommunistiska Parti`: a Nordic genitive
        # first (of a country of one word or two).
        first_genitive = None
        for size in (1, 2):
            head, rest = words[:size], words[size:]
            if not first_genitive and rest and head[-1].endswith("s") and rest[0] in GLOSSARY:
                first_genitive = self.country([*head[:-1], head[-1][:-1]], 0) or self.country(
                    head, 0
                )
                words = rest if first_genitive else words
        foreign = 0  # words of another language read through the glossary
        romance = False  # Romance languages say `of` with a preposition, never bare
        index = 0
        while index < len(words):
            for size in (3, 2):
                phrase = " ".join(words[index : index + size])
                if phrase in PHRASES:
                    out.extend(PHRASES[phrase].split())
                    index += size
                    foreign += 1
                    romance = True
                    break
            else:
                word = words[index]
                if word == "a" and self.country(words[index + 1 : index + 2], 3):
                    out.append("in")  # Catalan `Partit Comunista a Dinamarca`: in, not `the`
                    index += 1
                    continue
                preposition = bool(out) and out[-1] in ("of", "in")
                # After a preposition a country may be inflected (`de España`, `w Danii`);
                # bare, only a genitive of a Germanic, Slavic or Greek name (`Partia Grecji`,
                # `Partei Griechenlands`) is `of`: a Romance adjective (`Brasiliano`,
                # `Italiano`) names another party.
                slack = 3 if preposition else 1
                found = None
                for size in (3, 2, 1):
                    if index + size > len(words):
                        continue
                    if found := self.country(words[index : index + size], slack):
                        break
                genitive = bool(out) and out[-1] in HEADS and not romance
                if found and (preposition or genitive):
                    if genitive:
                        out.append("of")
                    written = " ".join(words[index : index + size])
                    # `Communist Party of Brasil`: a country named in another language
                    foreign += written not in self.folded_english.get(found, ())
                    out.append(f"<{found}>")
                    country = found
                    index += size
                    continue
                if (demonym := self.demonym(word)) and word not in self.by_key:
                    # (`Finsko` is Finland, not `finnish`: a country's own name is no adjective)
                    # `Partito Comunista Brasiliano`: the Brazilian Communist Party, not
                    # the Communist Party of Brazil (two parties); the adjective goes before
                    # the words it qualifies, as in English.
                    english_demonym, code = demonym
                    foreign += english_demonym != word
                    at = len(out)
                    while at and out[at - 1] in QUALIFIED:
                        at -= 1
                    out.insert(at, english_demonym)
                    country = country or code
                    index += 1
                    continue
                if word in GLOSSARY and GLOSSARY[word] != word:
                    foreign += 1
                    romance = romance or word in ROMANCE
                    out.extend(GLOSSARY[word].split())
                else:
                    out.append(word)
                index += 1
        if not foreign:  # an English name (or a typo): nothing here to translate
            return
        if first_genitive:
            out += ["of", f"<{first_genitive}>"]
            country = country or first_genitive
        english = " ".join(out)
        for pattern, english_order in WORD_ORDER:
            english = pattern.sub(english_order, english)
        if country is None:
            yield english, None
            return
        for name in self.english.get(country, []):
            yield english.replace(f"<{country}>", name), country
