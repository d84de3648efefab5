"""Comparing texts word by word, the way the content rules need it."""

import re
from functools import lru_cache

import snowballstemmer

# Words that carry no claim: a sentence and its rewording may differ in them.
STOPWORDS = frozenset(
    "a an the and or of to in on at for by with its it is are was were be been this that these "
    "those which who whom what did does do would will could can may has have had "
    "according 2014 release s".split()
)
# The Snowball (Porter 2) English stemmer, the one search engines and Sphinx use: a
# rewording that changes tense, number or a verb into its noun keeps the stem.
STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """investigated, investigates, investigating and investigations: "investig"."""
    return STEMMER.stemWord(word)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def content_words(text: str) -> frozenset[str]:
    """The stems of the words that carry meaning."""
    return frozenset(stem(w) for w in words(text) if w not in STOPWORDS)


def same_words(a: str, b: str) -> bool:
    """Equal once case, punctuation and word order are set aside."""
    return sorted(words(a)) == sorted(words(b))


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether the phrase's words come in this order in the text, case and punctuation aside."""
    return f" {' '.join(words(phrase))} " in f" {' '.join(words(text))} "


def has_whole_words(passage: str, quote: str) -> bool:
    """Whether the quote is in the passage word for word, cut between words, not inside one."""
    at = passage.find(quote)
    if at < 0:
        return False
    before = passage[at - 1] if at else " "
    after = passage[at + len(quote)] if at + len(quote) < len(passage) else " "
    return not (before.isalnum() and quote[:1].isalnum()) and not (
        after.isalnum() and quote[-1:].isalnum()
    )


def clean_quote(text: str) -> str:
    """A passage as a quote: without the list punctuation a bullet ends with ("; and,")."""
    return re.sub(r"(?:\s*[;,]\s*(?:and|or)?)+\s*$", "", text.strip())


def lowercase_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def join_words(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def expanded(text: str, names: dict[str, str]) -> str:
    """The text with each abbreviation in `names` followed by the name it stands for."""
    if not names:
        return text
    pattern = "|".join(re.escape(short) for short in sorted(names, key=len, reverse=True))
    return re.sub(rf"\b({pattern})\b", lambda m: f"{m[0]} {names[m[0]]}", text)
