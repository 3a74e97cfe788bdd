"""Words, the same way on both backends: folding (case and accents), stemming, the query's grammar and
the highlighted snippet. Nothing here touches the database.

The query grammar is deliberately small: words (all must match) and "quoted phrases". Every other
character (FTS syntax such as * : ( ) ^ - NEAR, SQL quotes) is just a separator or a plain word, so no
input can reach the search engine as syntax.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Languages stemmed by both backends (PostgreSQL's own snowball dictionaries, snowballstemmer on SQLite).
STEMMED_LANGUAGES = {"es": "spanish", "pt": "portuguese", "en": "english"}
WORD_RE = re.compile(r"\w+")
PHRASE_RE = re.compile(r'"([^"]*)"')


@lru_cache(maxsize=1)
def _without_marks() -> dict:
    """A str.translate table deleting every combining mark (built once, on first use)."""
    return {code: None for code in range(0x110000) if unicodedata.combining(chr(code))}


def fold(text: str) -> str:
    """Lower case without accents: "Participação" → "participacao"."""
    text = (text or "").lower()
    if text.isascii():  # most words: nothing to decompose (and a per-character loop is slow on long texts)
        return text
    return unicodedata.normalize("NFKD", text).translate(_without_marks())


def words(text: str) -> list[str]:
    """Folded words; an underscore separates words as it does for both engines' tokenizers."""
    return [w for w in WORD_RE.findall(fold(text).replace("_", " ")) if w]


@lru_cache(maxsize=8)
def _stemmer(language):
    name = STEMMED_LANGUAGES.get(language)
    return snowballstemmer.stemmer(name) if name else None


@lru_cache(maxsize=200_000)
def _stem(language, word):
    # Memoised: snowballstemmer is pure Python (~0.2 ms a word) and text repeats its words (Zipf), so
    # indexing a large network is mostly cache hits. 200,000 entries are a few tens of MB at most.
    return _stemmer(language).stemWord(word)


def stem_words(folded_words: list[str], language: str) -> list[str]:
    """Stems of already folded words: folding first, as PostgreSQL's unaccent-then-stem does."""
    if _stemmer(language) is None:
        return list(folded_words)
    return [_stem(language, word) for word in folded_words]


def terms(text: str, language: str) -> str:
    """The indexed form of `text` on SQLite: folded, stemmed words separated by spaces."""
    return " ".join(stem_words(words(text), language))


class QueryError(ValueError):
    """The query cannot be searched; the message is for the member."""


@dataclass
class ParsedQuery:
    text: str
    words: list[str] = field(default_factory=list)  # folded, not stemmed
    phrases: list[list[str]] = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.words or self.phrases)

    def all_words(self):
        return [*self.words, *(w for phrase in self.phrases for w in phrase)]


def parse_query(raw: str) -> ParsedQuery:
    """Words and "phrases" of a member's query. Raises QueryError (translated by the caller) when too long."""
    raw = (raw or "").strip()
    if len(raw) > MAX_QUERY_LENGTH:
        raise QueryError("too_long")
    phrases = []
    for match in PHRASE_RE.finditer(raw):
        phrase = words(match.group(1))
        if len(phrase) > 1:
            phrases.append(phrase)
        elif phrase:  # a quoted single word is just a word
            raw = raw.replace(match.group(0), f" {phrase[0]} ", 1)
            continue
        raw = raw.replace(match.group(0), " ", 1)
    found = []
    for word in words(raw):
        if word not in found:
            found.append(word)
    budget = MAX_TERMS
    phrases = [p[:budget] for p in phrases][:3]
    budget -= sum(len(p) for p in phrases)
    return ParsedQuery(text=raw, words=found[:max(budget, 0)], phrases=phrases)


# Snippets --------------------------------------------------------------------------------------------

SNIPPET_LENGTH = 220


def _matcher(query: ParsedQuery, language: str, prefix=False):
    """A test "does this word of the text match the query?" in the text's language."""
    wanted = set(stem_words(query.all_words(), language)) | set(query.all_words())

    def matches(word):
        folded = fold(word)
        if prefix:
            return any(folded.startswith(w) for w in query.all_words())
        return folded in wanted or (stem_words([folded], language) or [""])[0] in wanted

    return matches


def highlight(text: str, query: ParsedQuery, language: str, *, prefix=False) -> str:
    """`text` escaped, with the words matching the query in <mark>."""
    matches = _matcher(query, language, prefix)
    out, position = [], 0
    for match in WORD_RE.finditer(text or ""):
        if matches(match.group(0)):
            out.append(escape(text[position:match.start()]))
            out.append(f"<mark>{escape(match.group(0))}</mark>")
            position = match.end()
    out.append(escape((text or "")[position:]))
    return mark_safe("".join(out))


def snippet(text: str, query: ParsedQuery, language: str, length=SNIPPET_LENGTH) -> str:
    """A window of `text` around the first matching word, highlighted; the start of the text otherwise."""
    text = " ".join((text or "").split())
    matches = _matcher(query, language)
    start = 0
    for match in WORD_RE.finditer(text):
        if matches(match.group(0)):
            start = max(0, match.start() - length // 4)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = text[start:start + length]
    if start + length < len(text):
        cut = window.rfind(" ")
        window = (window[:cut] if cut > length // 2 else window) + " …"
    return mark_safe(("… " if start else "") + highlight(window, query, language))
