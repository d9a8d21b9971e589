"""Which language a piece of text is in, and the site's language markers."""

from __future__ import annotations

from collections import Counter

from kg.text import script_of

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
        "hu", "ro", "hr", "sq", "sk", "vi",
    ),
}  # fmt: skip


def marker_code(token: str) -> str | None:
    """`En.` → `en`; None for a token that is not a language marker."""
    return MARKER_CODES.get(token.strip(" .,;").casefold())


def dominant_script(text: str) -> str | None:
    """The script most of the letters of `text` are in, None when it has no letters."""
    scripts = Counter(s for c in text if (s := script_of(c)) is not None)
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
