"""Risk language in every UI language and the romanised forms people type on phones.

A match never decides anything: it opens a safeguarding case that a safeguarding lead
reviews. So the lexicon leans towards recall (catch real disclosures) while each phrase is
written to step around the everyday idioms of its language ("this queue is killing me").

The data lives in ``lexicon_data/<code>.toml``, one file per language (``en``, ``cy``,
``pl``, ...) and one per romanised form (``ur-Latn``, ``bn-Latn``, ``pa-Latn``,
``ar-Latn``). Every file starts with a header::

    language = "ur"            # ISO 639-1 code
    script = "Latn"            # ISO 15924 code
    reviewed = false           # true once a native speaker has checked every entry
    review_note = "Awaiting review by a native speaker"

and then ``[[entries]]``, each with ``phrase``, ``category`` (one of ``CATEGORIES``) and,
optionally, ``examples`` (sentences that must match) and ``not`` (sentences that must not
match anything in any language). The tests check both lists.

Phrase syntax — a phrase is written as the words people type, with a few small additions:

``word``
    Matched as a whole word, after the normalisation below. Words are separated by any
    amount of space or punctuation. Inside a word, a run of one letter matches any run of
    that letter, so ``kill`` also matches "kil" and "killll", ``maar`` matches "mar".
``a/b/c``
    Alternative words at one position: ``he/she/they hits me``. An underscore joins words
    inside one alternative: ``i_am/im in danger``, ``want to live/be_alive``.
``*``
    Any letters (none or more) within the same word: ``zabij*`` matches "zabiję",
    "zabijesz"; ``*يضربني`` matches "ويضربني", "بيضربني". Leading and inner ``*`` work too.
``~``
    A gap of up to three other words: ``he ~ kill me`` matches "he is going to kill me".
``!word``
    Only at the end of a phrase: the match must not be followed by this word. Several may be
    given: ``m a batut !la`` matches "m-a bătut" but not the idiom "m-a bătut la cap".

Normalisation (applied identically to phrases and to submitted text): NFKD; casefold;
Latin diacritics dropped (so "zabiję się" = "zabije sie", "mă bate" = "ma bate", plus
``ł`` → ``l``); apostrophes dropped ("I'm" → "im", "la'aan" → "laaan"); Arabic harakat,
hamza marks and tatweel dropped; Arabic/Urdu letter variants unified (أ/إ/آ → ا, ی/ى → ي,
ک → ك, ہ/ھ/ة → ه, ں → ن); Gurmukhi nukta and adhak dropped and bindi read as tippi; joiners
and direction marks dropped; everything that is not a letter, combining mark or digit is a
space; runs of three or more of one letter become two. Combining marks (Bengali, Gurmukhi,
Urdu vowel signs) belong to their word, so "মার" never matches inside "মারাত্মক".

Speed: the lexicon is loaded and compiled once (``matcher()`` is cached). The first words of
all phrases are compiled into one prefix-tree regex, so one pass over the normalised text
finds the word starts where any phrase may begin; only there are the phrases sharing that
first letter tried one by one. Phrases starting with ``*`` get a second prefix-tree regex.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicon_data")

CATEGORIES = frozenset(
    {
        "danger_now",
        "self_harm",
        "abuse",
        "domestic_abuse",
        "child_at_risk",
        "exploitation",
        "neglect",
        "violence",
    }
)

#: How many other words a ``~`` may skip.
GAP_WORDS = 3


@dataclass(frozen=True)
class RiskMatch:
    """One lexicon phrase found in a text."""

    phrase: str
    category: str
    language: str


@dataclass(frozen=True)
class Entry:
    """One phrase of one language file, with the sentences that check it."""

    language: str
    phrase: str
    category: str
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class LanguageFile:
    """The header and entries of one ``lexicon_data/<code>.toml`` file."""

    code: str
    language: str
    script: str
    reviewed: bool
    review_note: str
    entries: tuple[Entry, ...]


class LexiconError(ValueError):
    """A lexicon data file or phrase that cannot be used; the message names it."""


# --- normalisation ------------------------------------------------------------------------

_APOSTROPHES = "'’‘ʼʻ`´′"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"

#: Dropped before NFKD (which would turn "´" into a space and a mark).
_DROP_FIRST = re.compile(f"[{re.escape(_APOSTROPHES + _INVISIBLE)}]+")
#: Dropped after NFKD: Latin diacritics; Arabic harakat, the hamza marks NFKD leaves from
#: أ إ آ ؤ ئ, superscript alef, Quranic marks and tatweel; Gurmukhi nukta and adhak.
_DROP_MARKS = re.compile("[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u0a3c\u0a71]+")


def _build_replacements() -> dict[str, str]:
    table = {}
    for variants, target in (
        ("یىېۍ", "ي"),  # Farsi/Urdu yeh, alef maksura → Arabic yeh
        ("کڪ", "ك"),  # keheh → kaf
        ("ہھەۃة", "ه"),  # heh goal, heh doachashmee, ae, teh marbuta (goal) → heh
        ("ٱ", "ا"),  # alef wasla → alef
        ("ں", "ن"),  # noon ghunna → noon
        ("\u0a02", "\u0a70"),  # Gurmukhi bindi → tippi (often mixed up)
        ("ł", "l"), ("đ", "d"), ("ø", "o"), ("ħ", "h"), ("ı", "i"), ("æ", "ae"), ("œ", "oe"),
        ("_", " "),
    ):
        for ch in variants:
            table[ch] = target
    for i in range(10):  # Arabic-Indic and extended (Urdu) digits → ASCII
        table[chr(0x0660 + i)] = str(i)
        table[chr(0x06F0 + i)] = str(i)
    return table


_REPLACEMENTS = _build_replacements()
_REPLACE = re.compile(f"[{re.escape(''.join(_REPLACEMENTS))}]")
_REPEATS = re.compile(r"(.)\1\1+")


def _replacement(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


@cache
def _non_word() -> re.Pattern[str]:
    """Anything that is not a letter, a digit or a combining mark (built once)."""
    marks = []
    start = None
    for cp in range(0x0300, 0x10000):
        is_mark = unicodedata.category(chr(cp))[0] == "M"
        if is_mark and start is None:
            start = cp
        elif not is_mark and start is not None:
            marks.append((start, cp - 1))
            start = None
    ranges = "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in marks)
    return re.compile(rf"[^\w{ranges}]+")


def _words(text: str) -> str:
    text = _DROP_FIRST.sub("", text)
    text = _DROP_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    text = unicodedata.normalize("NFC", _REPLACE.sub(_replacement, text))
    text = _non_word().sub(" ", text)
    return _REPEATS.sub(r"\1\1", text).strip()


def normalise(text: str) -> str:
    """The text as the lexicon reads it: words separated by single spaces, with a space at
    each end so that every word has a boundary on both sides."""
    words = _words(text)
    return f" {words} " if words else " "


# --- phrase compilation -------------------------------------------------------------------
#
# A word alternative compiles to a tuple of atoms: a letter run ("kk*"), a space, or the
# wildcard "[^ ]*". Keeping the atoms apart lets ``matcher()`` build a prefix tree.

_ANY = "[^ ]*"
Atoms = tuple[str, ...]


def _literal(fragment: str) -> list[str]:
    """Atoms for a literal piece of a word: each run of one letter matches one or more."""
    atoms: list[str] = []
    previous = None
    for ch in _words(fragment):
        if ch == " ":
            atoms.append(" ")
            previous = None
        elif ch != previous:
            escaped = re.escape(ch)
            atoms.append(f"{escaped}{escaped}*")
            previous = ch
    return atoms


def _alternative(alternative: str, phrase: str) -> Atoms:
    atoms: list[str] = []
    for number, piece in enumerate(alternative.split("*")):
        if number and atoms[-1:] != [_ANY]:
            atoms.append(_ANY)
        atoms.extend(_literal(piece))
    if not any(atom not in (_ANY, " ") for atom in atoms) or atoms[:2] == [_ANY, " "]:
        raise LexiconError(f"{phrase!r}: {alternative!r} needs letters after a leading *")
    return tuple(atoms)


def _word(token: str, phrase: str) -> list[Atoms]:
    alternatives = token.split("/")
    if not all(alternatives):
        raise LexiconError(f"{phrase!r}: empty alternative in {token!r}")
    return list(dict.fromkeys(_alternative(alt, phrase) for alt in alternatives))


def _one_of(regexes: Iterable[str]) -> str:
    regexes = list(dict.fromkeys(regexes))
    return regexes[0] if len(regexes) == 1 else "(?:" + "|".join(regexes) + ")"


def _word_regex(alternatives: list[Atoms]) -> str:
    return _one_of("".join(atoms) for atoms in alternatives)


@dataclass(frozen=True)
class _Parsed:
    first: list[Atoms]  # each alternative of the first word
    rest: str  # the regex after the first word, ending with the boundary checks


def _parse(phrase: str) -> _Parsed:
    tokens = phrase.split()
    negatives = []
    while tokens and tokens[-1].startswith("!"):
        negatives.insert(0, tokens.pop()[1:])
    if not tokens or tokens[0] == "~" or tokens[-1] == "~":
        raise LexiconError(f"{phrase!r}: a phrase must start and end with a word")
    if any(token.startswith("!") for token in tokens):
        raise LexiconError(f"{phrase!r}: !word may only come at the end")
    rest = []
    for previous, token in zip(tokens, tokens[1:]):
        if token == "~":
            if previous == "~":
                raise LexiconError(f"{phrase!r}: two gaps in a row")
            rest.append(f"(?: [^ ]+){{0,{GAP_WORDS}}}")
        else:
            rest.append(" " + _word_regex(_word(token, phrase)))
    rest.append("(?= )")
    if negatives:
        options = [atoms for negative in negatives for atoms in _word(negative, phrase)]
        rest.append(f"(?! {_word_regex(options)}(?= ))")
    return _Parsed(_word(tokens[0], phrase), "".join(rest))


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """One phrase on its own, to ``search`` in ``normalise(text)``; for tests and tooling."""
    parsed = _parse(phrase)
    return re.compile(f"(?<= ){_word_regex(parsed.first)}{parsed.rest}")


def phrase_matches(phrase: str, text: str) -> bool:
    """Whether this one phrase occurs in the text."""
    return compile_phrase(phrase).search(normalise(text)) is not None


# --- loading ------------------------------------------------------------------------------


def _strings(value, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise LexiconError(f"{where}: {what} must be a list of sentences")
    return tuple(value)


def _load_file(path: Path) -> LanguageFile:
    code = path.stem
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path.name}: {error}") from error
    for key, kind in (("language", str), ("script", str), ("reviewed", bool), ("review_note", str)):
        if not isinstance(data.get(key), kind):
            raise LexiconError(f"{path.name}: header needs {key} ({kind.__name__})")
    if code not in (data["language"], f"{data['language']}-{data['script']}"):
        raise LexiconError(f"{path.name}: file name does not match language/script")
    entries = []
    for number, raw in enumerate(data.get("entries", []), start=1):
        where = f"{path.name} entry {number}"
        unknown = set(raw) - {"phrase", "category", "examples", "not"}
        if unknown:
            raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
        phrase, category = raw.get("phrase"), raw.get("category")
        if not isinstance(phrase, str) or not phrase.strip():
            raise LexiconError(f"{where}: phrase missing")
        if category not in CATEGORIES:
            raise LexiconError(f"{where} ({phrase!r}): unknown category {category!r}")
        _parse(phrase)  # fail on load, not on the first submission
        entries.append(
            Entry(
                language=code,
                phrase=phrase,
                category=category,
                examples=_strings(raw.get("examples"), "examples", where),
                not_examples=_strings(raw.get("not"), "not", where),
            )
        )
    if not entries:
        raise LexiconError(f"{path.name}: no entries")
    return LanguageFile(
        code=code,
        language=data["language"],
        script=data["script"],
        reviewed=data["reviewed"],
        review_note=data["review_note"],
        entries=tuple(entries),
    )


@cache
def load_lexicon() -> dict[str, LanguageFile]:
    """Every language file, by code (``en``, ``ur-Latn``, ...); read once."""
    files = sorted(LEXICON_DIR.glob("*.toml"))
    if not files:
        raise LexiconError(f"no lexicon files in {LEXICON_DIR}")
    return {path.stem: _load_file(path) for path in files}


def lexicon_status() -> dict[str, bool]:
    """Language code → whether a native speaker has reviewed its phrases."""
    return {code: file.reviewed for code, file in load_lexicon().items()}


# --- matching -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap in find_risk
class _Candidate:
    entry: Entry
    pattern: re.Pattern[str]  # the whole phrase, to ``match`` at the start of a word
    first_word: re.Pattern[str]  # what its first word can be, to ``fullmatch`` one word


@dataclass(frozen=True)
class Matcher:
    """The compiled lexicon.

    ``starts`` finds, in one pass, every word start where some phrase may begin; the phrases
    beginning with that letter (``by_first_letter``) then confirm which. ``anywhere`` does
    the same for phrases whose first word starts with ``*``.
    """

    starts: re.Pattern[str]
    by_first_letter: dict[str, tuple[_Candidate, ...]]
    anywhere: re.Pattern[str] | None
    anywhere_candidates: tuple[_Candidate, ...]


def _prefix_tree(branches: Iterable[tuple[Atoms, str]]) -> str:
    """One regex for many (atoms, tail) branches, sharing common leading atoms, so the regex
    engine tests a letter once rather than once per phrase."""
    root: dict = {}
    for atoms, tail in branches:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node.setdefault(None, {})[tail] = None

    def emit(node: dict) -> str:
        options = []
        for atom, child in node.items():
            if atom is None:
                options.extend(child)
            else:
                options.append(atom + emit(child))
        return _one_of(options)

    return emit(root)


def _first_letter(atoms: Atoms) -> str:
    first = atoms[0]
    return first[1] if first.startswith("\\") else first[0]


def _up_to_space(atoms: Atoms) -> Atoms:
    return atoms[: atoms.index(" ")] if " " in atoms else atoms


@cache
def matcher() -> Matcher:
    """The lexicon compiled once; every call returns the same object."""
    starts: list[tuple[Atoms, str]] = []
    by_first_letter: dict[str, dict[_Candidate, None]] = {}
    tails: list[tuple[Atoms, str]] = []
    anywhere: dict[_Candidate, None] = {}
    for language in load_lexicon().values():
        for entry in language.entries:
            parsed = _parse(entry.phrase)
            candidate = _Candidate(
                entry,
                pattern=re.compile(_word_regex(parsed.first) + parsed.rest),
                first_word=re.compile(_word_regex([_up_to_space(atoms) for atoms in parsed.first])),
            )
            for atoms in parsed.first:
                if atoms[0] == _ANY:
                    tails.append((atoms[1:], parsed.rest))
                    anywhere[candidate] = None
                else:
                    starts.append((atoms, parsed.rest))
                    by_first_letter.setdefault(_first_letter(atoms), {})[candidate] = None
    return Matcher(
        starts=re.compile(" " + _prefix_tree(starts)),
        by_first_letter={key: tuple(found) for key, found in by_first_letter.items()},
        anywhere=re.compile(_prefix_tree(tails)) if tails else None,
        anywhere_candidates=tuple(anywhere),
    )


@lru_cache(maxsize=8192)
def _starting_with(word: str) -> tuple[_Candidate, ...]:
    """The phrases whose first word can be this word (remembered across calls)."""
    compiled = matcher()
    return tuple(
        candidate
        for candidate in compiled.by_first_letter.get(word[0], ())
        if candidate.first_word.fullmatch(word)
    ) + tuple(
        candidate for candidate in compiled.anywhere_candidates if candidate.first_word.fullmatch(word)
    )


def find_risk(text: str) -> list[RiskMatch]:
    """The distinct lexicon phrases, in any language, that occur in the text, in order."""
    if not text:
        return []
    normalised = normalise(text)
    compiled = matcher()
    found: dict[_Candidate, int] = {}

    def confirm(start: int) -> None:
        word = normalised[start : normalised.index(" ", start)]
        for candidate in _starting_with(word):
            if candidate not in found and candidate.pattern.match(normalised, start):
                found[candidate] = start

    position = 0
    while (hit := compiled.starts.search(normalised, position)) is not None:
        position = hit.start() + 1
        confirm(position)

    if compiled.anywhere is not None:
        position = 0
        while (hit := compiled.anywhere.search(normalised, position)) is not None:
            confirm(normalised.rfind(" ", 0, hit.start()) + 1)
            position = normalised.index(" ", hit.start())

    matches = (
        RiskMatch(candidate.entry.phrase, candidate.entry.category, candidate.entry.language)
        for candidate in sorted(found, key=found.__getitem__)
    )
    return list(dict.fromkeys(matches))
