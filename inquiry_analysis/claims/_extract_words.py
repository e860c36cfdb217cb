"""The words around a figure: its sentence, its qualifier and reading, the period it covers, what it counts.

Rules, each plain and checked on the labelled texts in ``tests/claims/extract_corpus``:

- a sentence ends at ``.``, ``!`` or ``?`` (and any closing quote or bracket) before a capital, digit or
  opening quote, unless the stop ends a title or abbreviation (``Mr.``, ``p.``, ``e.g.``); a speaker's turn
  in a transcript starts one too;
- the qualifier is the words just before the figure (``about``, ``more than``, ``nearly``, ``just over``,
  ``up to``) or just after it (``or more``, ``plus``); its reading is ``about``, ``above`` or ``below``
  (:data:`QUALIFIERS`), and ``exact`` without one;
- ``per`` is the period a rate is per: ``a month``, ``per day``, ``every month`` after the figure, before
  the next figure or the clause's end;
- the period is the time phrase of the sentence nearest the figure (``during 2017``, ``in 2016-17``, ``by
  the three months ending August 2016``, ``since 2012``, ``last year``, ``four years earlier``);
- the measure is the noun phrase after the figure (``child abuse arrests``), or, when none follows (``a rate
  of 83.7%``), the one before it; best effort.
"""

from __future__ import annotations

import re

from inquiry_analysis.claims._extract_numbers import Mention
from inquiry_analysis.claims._extract_patterns import MONTH, NUMBER, YEAR

__all__ = ["LONGEST_SENTENCE", "QUALIFIERS", "measure", "per", "period", "qualifier", "sentences", "time_phrases"]

#: The most characters a sentence may have; a longer run (a table without stops, a file built to be slow) is cut
#: at spaces into pieces of at most this length, each read as a sentence.
LONGEST_SENTENCE = 2_000

#: Each qualifier (lower case) and its reading.
QUALIFIERS = {
    **dict.fromkeys(
        ["more than", "greater than", "higher than", "in excess of", "upwards of", "at least", "no fewer than",
         "no less than", "just over", "well over", "over", "above", "exceeding", "slightly more than",
         "well above", "just above", "more than a", "over a", "or more", "or over", "or above", "plus", "+"],
        "above",
    ),
    **dict.fromkeys(
        ["less than", "fewer than", "at most", "no more than", "not more than", "up to", "as many as", "just under",
         "just below", "nearly", "almost", "under", "below", "nearly a", "almost a", "or fewer", "or less",
         "or under", "short of", "just short of"],
        "below",
    ),
    **dict.fromkeys(
        ["about", "around", "approximately", "approx.", "approx", "roughly", "some", "circa", "c.", "an estimated",
         "close to", "in the region of", "of the order of", "about a", "around a", "roughly a", "almost exactly"],
        "about",
    ),
}  # fmt: skip
_BEFORE = re.compile(
    r"(?:^|(?<=[\s(“\"‘'£$€]))("
    + "|".join(re.escape(q) for q in sorted((q for q in QUALIFIERS if not q.startswith("or ")), key=len, reverse=True))
    + r")\s*(?:[£$€]\s*)?$",
    re.IGNORECASE,
)
_AFTER = re.compile(r"^\s*(or more|or over|or above|or fewer|or less|or under|plus\b|\+)", re.IGNORECASE)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sir|St|No|Nos|p|pp|para|paras|e\.g|i\.e|etc|approx|Co|Ltd|vs|v|Rt|Hon|Sgt|Insp|Supt|"
    r"Det|Ch|Supt|Cllr|Gen|Col|Lt|Capt|Rev|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|fig|figs|vol|ch|"
    r"cf|al|ed|eds|op|cit|ibid|ref|tel|est|inc|U\.S|U\.K)|\b[A-Z])\.$"
)
_LIST_NUMBER = re.compile(r"\s*\(?\d{1,3}(?:\.\d{1,3})*[.)]")
_END = re.compile(r"[.!?…]+[”\"’')\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9£$€])")
_PERIOD_UNIT = r"(?:day|week|fortnight|month|quarter|year|annum|hour)"
_PER = re.compile(rf"\b(?:a|an|per|every|each)\s+({_PERIOD_UNIT})\b", re.IGNORECASE)
_FY = rf"{YEAR}(?:\s*[-–/]\s*\d{{2,4}}|\s+(?:to|and)\s+{YEAR})?"
_WHEN = rf"(?:(?:\d{{1,2}}\s+)?{MONTH}\s+)?{_FY}|{MONTH}"
_PERIODS = re.compile(
    "|".join(
        [
            rf"\b(?:by|in|during|over|for|throughout|within)\s+the\s+(?:{NUMBER}|\w+)\s+(?:months?|weeks?|years?|"
            rf"quarters?|days?)\s+(?:ending|ended|to|up\s+to|until)\s+(?:\d{{1,2}}\s+)?{MONTH}(?:\s+{YEAR})?",
            rf"\bbetween\s+(?:the\s+years?\s+ending\s+)?(?:{_WHEN})\s+and\s+(?:{_WHEN})",
            rf"\b(?:in|during|for|throughout|by|since|from|until|till|to|before|after|over|at\s+the\s+end\s+of|"
            rf"by\s+the\s+end\s+of|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of)\s+(?:the\s+)?"
            rf"(?:(?:calendar|financial|fiscal|academic)\s+year\s+)?(?:the\s+year\s+(?:ending\s+|to\s+)?)?"
            rf"(?:\d{{1,2}}\s+)?(?:{MONTH}\s+)?{_FY}\b",
            rf"\b(?:since|in|during|from|until|by)\s+(?:\d{{1,2}}\s+)?{MONTH}(?!\s+\d)",
            r"\b(?:in|during|over|within)\s+the\s+(?:last|past|previous|next|first|same|latest)\s+(?:[\w-]+\s+)?"
            r"(?:years?|months?|weeks?|decades?|quarters?|days?)",
            rf"\b(?:last|this|the\s+previous|the\s+same|that)\s+(?:year|month|week|quarter)\b|\b(?:from\s+)?"
            rf"(?:a|one|{NUMBER})\s+(?:years?|months?|weeks?)\s+(?:earlier|before|ago|previously)",
            rf"\bover\s+(?:the\s+)?(?:{NUMBER})\s+(?:years?|months?|weeks?)",
            rf"\bin\s+(?:just\s+|only\s+)?(?:a|one|{NUMBER})\s+(?:days?|weeks?|months?|years?)\b",
            rf"\((?:{_FY})\)",
            r"\bsince\s+the\s+(?:first|beginning|start)\s+of\s+[\w\s-]{3,30}?(?=[,.;]|$)|\bsince\s+the\s+first\s+\w+\s+\w+",
        ]
    ),
    re.IGNORECASE,
)
_STOP = frozenset(
    """of in on at for from to by with during since were was are is be been being have has had and or but that
    which who whom a an the per every each this these those compared than as over between it its their there up
    rose fell received made said says reached reaching while when where if whether not no so into out about
    around after before under above below more less than how what we they he she i you his her our your
    including such also just nearly almost only still would will could should may might can did do does
    within across through against among because if via here now then"""
    .split()
)  # fmt: skip
_UNIT_WORDS = frozenset("per cent percent % fold times million billion thousand m bn k".split())


def sentences(text: str, breaks=()) -> list[tuple[int, int]]:
    """The spans of the sentences of ``text``.

    Parameters
    ----------
    text : str
        A block's text, whitespace normalised.
    breaks : iterable of int
        Offsets where a sentence must start (a speaker's turn in a transcript).

    Returns
    -------
    list of (int, int)
        Start and end of each sentence, in order, spaces trimmed.

    Examples
    --------
    >>> text = "Mr. Niven said so. In 2017 the number rose to nearly 10,000. It did."
    >>> [text[a:b] for a, b in sentences(text)]
    ['Mr. Niven said so.', 'In 2017 the number rose to nearly 10,000.', 'It did.']
    """
    cuts = {0, len(text)} | {b for b in breaks if 0 < b < len(text)}
    for match in _END.finditer(text):
        stop = text[: match.start() + len(match.group().rstrip())].rstrip("”\"’')]")
        if _ABBREVIATIONS.search(stop) or re.search(r"\.\.\.$|…$", stop) or _LIST_NUMBER.fullmatch(stop):
            continue  # a title or abbreviation, an ellipsis inside a quotation, a paragraph's own number
        cuts.add(match.end())
    bounds = sorted(cuts)
    spans = []
    for start, end in zip(bounds, bounds[1:]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while end - start > LONGEST_SENTENCE:  # a run-on "sentence" (a table, or a file built to be slow): cut it
            cut = (
                text.rfind(" ", start + 1, start + LONGEST_SENTENCE)
                if " " in text[start + 1 : start + LONGEST_SENTENCE]
                else -1
            )
            cut = cut if cut > start else start + LONGEST_SENTENCE
            spans.append((start, cut))
            start = cut + (text[cut : cut + 1] == " ")
        if start < end:
            spans.append((start, end))
    return spans


def qualifier(sentence: str, mention: Mention) -> tuple[str, str]:
    """The qualifier of a figure (its words, as written) and the reading they give.

    Parameters
    ----------
    sentence : str
        The sentence.
    mention : Mention
        A figure in it.

    Returns
    -------
    (str, str)
        The qualifier (empty for none) and the reading: ``exact``, ``about``, ``above`` or ``below``.

    Examples
    --------
    >>> from inquiry_analysis.claims._extract_numbers import mentions
    >>> text = "reaching just over 1,600 in 2014"
    >>> qualifier(text, mentions(text)[0])
    ('just over', 'above')
    """
    if mention.qualifier is not None:
        return mention.qualifier, mention.reading or "exact"
    before = _BEFORE.search(sentence[max(0, mention.start - 40) : mention.start])
    if before:
        words = before.group(1)
        return words, QUALIFIERS[words.lower()]
    after = _AFTER.match(sentence[mention.end :])
    if after:
        words = after.group(1)
        return words, QUALIFIERS[words.lower()]
    return "", "exact"


def per(sentence: str, mention: Mention, following: int) -> str:
    """The period a figure is a rate per (``month``), from the words after it up to the next figure or clause end.

    Parameters
    ----------
    sentence : str
        The sentence.
    mention : Mention
        A figure in it.
    following : int
        Where the next figure starts (the sentence's length if none).

    Returns
    -------
    str
        ``day``, ``week``, ``month``, ``quarter``, ``year`` or ``hour``; empty if the figure is no rate.
    """
    if mention.per:
        return mention.per
    window = re.split(r"[;(]|,\s|\s[–—-]\s|\bcompared\b", sentence[mention.end : following])[0]
    base = re.match(rf"^\s*(?:%\s*)?[a-z ]{{0,30}}?\bper\s+({NUMBER}(?:\s+[a-z-]+)?)", window, re.IGNORECASE)
    if base:  # a rate's base: "4.2 per 1,000 children"
        return " ".join(base.group(1).split())
    found = _PER.search(window[:80])
    if not found:
        return ""
    unit = found.group(1).lower()
    return "year" if unit == "annum" else unit


def time_phrases(sentence: str) -> list[tuple[int, int, str]]:
    """The time phrases of a sentence (``during 2017``, ``since April 2015``): start, end and words.

    Parameters
    ----------
    sentence : str
        The sentence.

    Returns
    -------
    list of (int, int, str)
        In order; the words whitespace normalised.
    """
    return [(m.start(), m.end(), " ".join(m.group().split())) for m in _PERIODS.finditer(sentence)]


def period(sentence: str, mention: Mention, figures: list[Mention], phrases=None, index: int | None = None) -> str:
    """The time phrase that goes with a figure (``during 2017``); empty if there is none.

    The figure's stretch of the sentence runs from the figure before it to the one after it. The
    nearest time phrase after the figure in that stretch is taken, else the nearest before it ("In 2014
    the NCA made just over 1,600"), else none: a phrase beyond another figure belongs to that one.

    Parameters
    ----------
    sentence : str
        The sentence.
    mention : Mention
        A figure in it.
    figures : list of Mention
        All the figures of the sentence, in order.
    phrases : list of (int, int, str), optional
        The sentence's :func:`time_phrases`, if already found.
    index : int, optional
        The figure's place in ``figures``, if known.

    Returns
    -------
    str
        The words, whitespace normalised.
    """
    index = next(i for i, m in enumerate(figures) if m is mention) if index is None else index
    earlier = next((m for m in reversed(figures[:index]) if m.unit != "none"), None)
    later = next((m for m in figures[index + 1 :] if m.unit != "none"), None)
    others = [m for m in (earlier, later) if m is not None]
    low = earlier.end if earlier is not None else 0
    high = later.start if later is not None else len(sentence)
    after, before = None, None
    for start, end, words in time_phrases(sentence) if phrases is None else phrases:
        if end <= low or start >= high or any(start <= m.start < end for m in others):
            continue
        if mention.end <= start and after is None:
            after = words
        elif end <= mention.start:
            before = words  # the last one before the figure is the nearest
    return after or before or ""


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][\w'’-]*|\d[\d,.]*|%", text)


def measure(sentence: str, mention: Mention) -> str:
    """What the figure counts: the noun phrase after it, else the one before it (best effort).

    Parameters
    ----------
    sentence : str
        The sentence.
    mention : Mention
        A figure in it.

    Returns
    -------
    str
        Up to four words, lower case (``child abuse arrests``); empty if none is found.
    """
    after = re.split(r"[,;:.()\[\]“”\"!?]|\s[–—-]\s", sentence[mention.end : mention.end + 120])[0]
    taken = []
    for word in _words(after):
        lower = word.lower()
        if not taken and lower in _UNIT_WORDS:
            continue
        if lower in _STOP or word[0].isdigit():
            break
        taken.append(lower)
        if len(taken) == 4:
            break
    if taken:
        return " ".join(taken)
    before = re.split(r"[,;:()\[\]“”\"!?]|\s[–—-]\s", sentence[max(0, mention.start - 120) : mention.start])[-1]
    words, back = _words(before), []
    while words and words[-1].lower() in _STOP | set(QUALIFIERS):
        words.pop()
    for word in reversed(words):
        if word.lower() in _STOP | _UNIT_WORDS or word[0].isdigit():
            break
        back.insert(0, word.lower())
        if len(back) == 4:
            break
    return " ".join(back)
