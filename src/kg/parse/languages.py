"""Which language a piece of text is in, and the site's language markers."""

from __future__ import annotations

import copy
import re
from collections import Counter
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from kg.text import remembered, script_of

# The site's language markers (`[En., Ru.]`, `• En Ru`) are mostly ISO 639-1 codes in title
# case; a few are not (`Gr` for Greek, `Cz` for Czech, `Sp` for Spanish).
MARKER_CODES = {
    "ar": "ar", "bg": "bg", "cs": "cs", "cz": "cs", "da": "da", "de": "de", "el": "el",
    "en": "en", "es": "es", "fa": "fa", "fi": "fi", "fr": "fr", "gr": "el", "he": "he",
    "hr": "hr", "hu": "hu", "it": "it", "ja": "ja", "mk": "mk", "nl": "nl", "no": "no",
    "pl": "pl", "pt": "pt", "ro": "ro", "ru": "ru", "sk": "sk", "sp": "es", "sq": "sq",
    "sr": "sr", "sv": "sv", "tr": "tr", "uk": "uk", "ua": "uk", "vi": "vi", "zh": "zh",
}  # fmt: skip

# Languages by script, the first being the default when the page promises none of them.
SCRIPT_LANGUAGES = {
    "CYRILLIC": ("ru", "uk", "bg", "sr", "mk", "be"),
    "GREEK": ("el",),
    "ARABIC": ("ar", "fa", "ur"),
    "HEBREW": ("he",),
    "CJK": ("zh", "ja"),
    "HANGUL": ("ko",),
    "BENGALI": ("bn",),
    "GEORGIAN": ("ka",),
    "ARMENIAN": ("hy",),
    "DEVANAGARI": ("hi", "ne"),
    "LATIN": (
        "en", "es", "pt", "fr", "it", "de", "tr", "cs", "pl", "nl", "sv", "da", "no", "fi",
        "hu", "ro", "hr", "sq", "sk", "vi", "ca",
    ),
}  # fmt: skip


def marker_code(token: str) -> str | None:
    """`En.` → `en`; None for a token that is not a language marker."""
    return MARKER_CODES.get(token.strip(" .,;").casefold())


@remembered
def dominant_script(text: str) -> str | None:
    """The script most of the letters of `text` are in, None when it has no letters."""
    scripts: Counter[str] = Counter()
    for char, count in Counter(text).items():  # counted per distinct character: fast
        if (script := script_of(char)) is not None:
            scripts[script] += count
    if not scripts:
        return None
    script = scripts.most_common(1)[0][0]
    return "CJK" if script in {"CJK", "HIRAGANA", "KATAKANA"} else script


def language_by_script(text: str, expected: tuple[str, ...]) -> str | None:
    """The language of `text` told by its script, preferring the languages the page promises.

    Latin-script languages cannot be told apart by script; the first promised Latin-script
    language is taken (English on the IMCWP site).
    """
    script = dominant_script(text)
    if script is None:
        return None
    candidates = SCRIPT_LANGUAGES.get(script, ())
    for language in expected:
        if language in candidates:
            return language
    return candidates[0] if candidates else "und"


# Latin-script languages are told apart by a language-identification model (langid.py's,
# via py3langid), restricted to the languages the record is written in.
RECORD_LATIN_LANGUAGES = ("en", "es", "pt", "fr", "it", "de", "cs", "pl", "tr", "nl", "sv", "ca")
MIN_IDENTIFIABLE = 25  # characters: shorter Latin lines take their neighbours' language
MIN_CONFIDENCE = 0.6


@cache
def whole_model() -> LanguageIdentifier:
    """The model for every language, read once: reading it takes a second and a few hundred
    megabytes. Read before parsing in worker processes, it is shared by all of them."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    """The model restricted to `languages`, sharing the whole model's arrays (restricting
    copies only the columns it keeps)."""
    model = copy.copy(whole_model())
    model.set_languages(list(languages))
    return model


def identify_latin(text: str, expected: tuple[str, ...]) -> str | None:
    """The language of a Latin-script text, None when it is too short or the model unsure."""
    promised = [language for language in expected if language in SCRIPT_LANGUAGES["LATIN"]]
    if len(promised) == 1:  # the page says which: a Spanish slogan does not make a version
        return promised[0]
    if len(text.strip()) < MIN_IDENTIFIABLE:
        return None
    pool = set(promised) if promised else {*RECORD_LATIN_LANGUAGES}
    candidates = tuple(sorted(pool & set(SCRIPT_LANGUAGES["LATIN"])))
    language, probability = identifier(candidates).classify(text)
    return str(language) if probability >= MIN_CONFIDENCE else None


# Addresses say nothing of a line's language: `http://www.pcdob.org.br , mailto:…`.
ADDRESS = re.compile(r"(?:https?://|www\.|mailto:)\S+|\S+@\S+")


@remembered
def language_of(text: str, expected: tuple[str, ...]) -> str | None:
    """The language of `text`: by script, and by the model for Latin script."""
    text = ADDRESS.sub(" ", text)
    if dominant_script(text) == "LATIN":
        return identify_latin(text, expected)
    return language_by_script(text, expected)


def line_languages(
    lines: list[str], expected: tuple[str, ...], fallback: str | None = None
) -> list[str]:
    """The language of each line of a body; undecided lines (short, no letters) take the
    language of the next decided line of the same script, else of the previous one, else
    the page's (`fallback`)."""
    decided = [language_of(line, expected) for line in lines]
    scripts = [dominant_script(line) for line in lines]
    result: list[str] = []
    for index, language in enumerate(decided):
        if language is None:
            following = (
                decided[j]
                for j in range(index + 1, len(lines))
                if decided[j] and scripts[j] in (scripts[index], None)
            )
            language = next(following, None)
        if language is None:
            language = result[-1] if result else language_by_script(lines[index], expected)
        result.append(language or fallback or (expected[0] if expected else "en"))
    return smoothed(result, lines, scripts)


EDGE_RUN = 60  # characters: a line at the top or the bottom (an address, a tag)
SHORT_RUN = 160  # characters: less Latin text than this in another language is an aside


def smoothed(languages: list[str], lines: list[str], scripts: list[str | None]) -> list[str]:
    """A short run of Latin-script lines told as another language than the Latin text on
    both sides of it (a slogan, a name, a line the model misread) takes that language: a
    version is a text, not one line."""
    result = list(languages)
    start = 0
    while start < len(result):
        end = start
        while end + 1 < len(result) and result[end + 1] == result[start]:
            end += 1
        before = result[start - 1] if start > 0 else None
        after = result[end + 1] if end + 1 < len(result) else None
        latin = all(scripts[i] in ("LATIN", None) for i in range(start, end + 1))
        size = sum(len(lines[i]) for i in range(start, end + 1))
        neighbours = {n for n in (before, after) if n is not None}
        # The same language on both sides, or on the one side of a line at the page's edge.
        limit = SHORT_RUN if before is not None and after is not None else EDGE_RUN
        if latin and size < limit and len(neighbours) == 1 and result[start] not in neighbours:
            (neighbour,) = neighbours
            if neighbour in SCRIPT_LANGUAGES["LATIN"]:
                result[start : end + 1] = [neighbour] * (end + 1 - start)
        start = end + 1
    return result


# A party's name says its language by its words (`Partei`, `Partito`, `Komunistyczna`), even
# where it is too short for the model: a list may mix names in several languages.
NAME_WORDS = {
    "party": "en", "communist": "en", "workers": "en", "of": "en", "the": "en",
    "partei": "de", "kommunistische": "de", "deutsche": "de", "der": "de", "für": "de",
    "parti": "fr sv da no", "communiste": "fr", "du": "fr", "travail": "fr", "ouvrier": "fr",
    "des": "fr", "de": "es pt fr ca", "partido": "es pt", "comunista": "es pt it ca",
    "del": "es it ca", "trabajadores": "es", "españa": "es", "do": "pt", "dos": "pt",
    "das": "pt", "da": "pt it", "trabalhadores": "pt", "português": "pt", "partito": "it",
    "di": "it", "della": "it", "comunisti": "it", "partit": "ca", "dels": "ca",
    "partia": "pl", "komunistyczna": "pl", "robotnicza": "pl", "strana": "cs sk",
    "komunistická": "cs", "dělnická": "cs", "partisi": "tr", "komunist": "tr",
    "kommunistiska": "sv", "partiet": "sv da no", "kommunistiske": "da no", "partij": "nl",
    "communistische": "nl",
}  # fmt: skip


@remembered
def name_language(name: str) -> str | None:
    """The language a party's name is written in, told by its words; None when they do not
    say (`Akel – Cyprus`). `Partido Comunista de Chile` is Spanish: no word of it is only
    Portuguese."""
    if dominant_script(name) != "LATIN":
        return None
    possible: set[str] | None = None
    for word in re.findall(r"[^\W\d_]+", name.casefold()):
        if word in NAME_WORDS:
            languages = set(NAME_WORDS[word].split())
            possible = languages if possible is None else possible & languages
    if not possible:
        return None
    if possible == {"es", "pt"}:
        return "es"
    return possible.pop() if len(possible) == 1 else None
