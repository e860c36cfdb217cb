"""The figures in a sentence: what each says (value, unit), and what is not a figure at all.

Found, in this order (a span taken by one rule is not looked at again):

1. never figures: web and e-mail addresses, phone numbers, dates (``24 January 2018``, ``April 2015``,
   ``18/04/2018``, ``2016-04-21``), times (``10.30 am``), years and financial years (``2016-17``,
   ``2009/10``, any whole number from 1800 to 2100 written without a comma), ages (``aged 10``,
   ``eight-year-old``, ``boys under 13``), references (``paragraph 51``, ``file 2``, ``page 3``, ``Day 5``,
   ``exhibit KN/2``, ``INQ004``), list and heading numbers, footnote markers (``online.115``, ``[3]``),
   ordinals (``2nd``), codes and postcodes (``SW1P 4DF``, ``COVID-19``), street numbers;
2. durations: a period (``the last five years``, ``a three-month period``) is not a figure, but a
   duration that is itself measured is (``jailed for 32 years``, ``taking up to 18 months``);
3. multiples (``double``, ``more than double``, ``twelve-fold``, ``three times as many``); ``five times a
   day`` is a count a day;
4. fractions and ratios (``half``, ``a third``, ``two thirds``, ``one in five``, ``seven in 10``), as
   percentages; ``half a million`` is a count;
5. ranges (``between 400 and 450``, ``400 to 450``): two figures, the low end and the high end;
6. numbers in digits (``80,000``, ``83.7%``, ``47.2 million``, ``£30m``) and in words (``Seventeen``,
   ``a hundred``, ``twenty-five``; ``one`` alone is not a figure);
7. none: ``no nationally co-ordinated operations`` (after ``there were``, a verb such as ``made``, or
   with a year in the same clause) is the figure 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inquiry_analysis.claims._extract_patterns import (
    AGE_AFTER,
    AGE_BEFORE,
    CHANGED,
    DIGITS,
    FRACTIONS,
    MEASURED_CUE,
    MONTH,
    NUMBER,
    PERIOD_UNITS,
    REFERENCE,
    SCALES,
    SHORT_SCALES,
    SKIPPED_RE,
    TIME_UNITS,
    WORD_NUMBER,
    WORD_VALUES,
    YEAR,
    number_value,
    word_value,
)

__all__ = ["Mention", "mentions"]


@dataclass(frozen=True, kw_only=True)
class Mention:
    """One figure in a sentence.

    Attributes
    ----------
    start, end : int
        Its span in the sentence (the figure's own words: ``80,000``, ``twelve-fold``, ``two thirds``).
    value : float
        What it says, as a number (a percentage as its percent: 83.7).
    unit : str
        ``count``, ``percent``, ``multiple``, ``none``, a currency (``GBP``, ``USD``, ``EUR``), or the time
        unit of a measured duration (``years``, ``months``, ``weeks``, ``days``, ``hours``).
    qualifier : str or None
        The words that say how to read it, when the figure's own pattern holds them (a range's
        ``between ... and``); None to look for them before and after it.
    reading : str or None
        The reading those words give, with ``qualifier``.
    per : str
        The period a rate is per, when the pattern holds it (``five times a day``); empty otherwise.
    """

    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None = None
    reading: str | None = None
    per: str = ""


class _Finder:
    """The mentions of one sentence, and the spans already taken (by a figure or by something never one)."""

    def __init__(self, sentence: str):
        self.text = sentence
        self.taken = bytearray(len(sentence) + 1)  # 1 for each character already taken: checks cost a span's length
        self.found: list[Mention] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def take(self, start: int, end: int) -> None:
        end = min(end, len(self.text))
        self.taken[start:end] = b"\x01" * max(end - start, 0)

    def add(self, mention: Mention) -> None:
        self.found.append(mention)
        self.take(mention.start, mention.end)

    def before(self, start: int, width: int = 40) -> str:
        return self.text[max(0, start - width) : start]

    def after(self, end: int, width: int = 40) -> str:
        return self.text[end : end + width]


def _skip_never_figures(finder: _Finder) -> None:
    for pattern in SKIPPED_RE:
        for match in pattern.finditer(finder.text):
            finder.take(match.start(), match.end())
    start_number = re.match(r"^\(?\d+(?:\.\d+)*[.)](?=\s|[A-Z“\"‘'])", finder.text)
    if start_number:  # a list or paragraph number: "1. The number", "78.One", "2.1."
        finder.take(*start_number.span())
    heading = re.match(r"^\d{1,2}(?=\s+[A-Z][a-z])", finder.text)
    if heading and len(finder.text) < 60 and not finder.text.rstrip().endswith((".", "!", "?")):
        finder.take(*heading.span())  # a heading's number: "4 Child sexual abuse"


def _skip_ages_and_durations(finder: _Finder) -> None:
    for match in re.finditer(rf"(?<![\w.,]){NUMBER}(?![\w])", finder.text, re.IGNORECASE):
        start, end = match.span()
        if not finder.free(start, end):
            continue
        after, before = finder.after(end, 60), finder.before(start)
        if REFERENCE.search(before) or re.search(r"\bper\s+$", before, re.IGNORECASE):
            finder.take(start, end)  # "paragraph 51", "pages 3-5"; a rate's base: "per 1,000"
            continue
        if AGE_BEFORE.search(before) or AGE_AFTER.match(after):
            age = AGE_AFTER.match(after) or re.match(rf"^\s*(?:to|and|-|–)\s*{NUMBER}\b", after, re.IGNORECASE)
            finder.take(start, end + (age.end() if age else 0))
            continue
        duration = re.match(rf"^[\s-]{TIME_UNITS}\b(?!\s+(?:old|of age))", after, re.IGNORECASE)
        value = number_value(match.group())
        if not duration or value is None:
            continue
        unit = duration.group().strip(" -").lower()
        amount = re.match(rf"^{duration.group()}\s+of\s+(?!the\b|{YEAR}|{MONTH}|\d)[a-z]", after, re.IGNORECASE)
        if re.search(r"\b(?:last|past|first|next|previous|same|final|coming|recent)\s*$", before, re.IGNORECASE):
            amount = None  # "the last five years of data" is a period
        if (MEASURED_CUE.search(finder.before(start)) or amount) and not re.match(r"[\s-]\w+\s+period", after):
            plural = unit if unit.endswith("s") else unit + "s"
            finder.add(Mention(start=start, end=end + duration.end(), value=value, unit=plural))
        else:
            finder.take(start, end + duration.end())  # a period ("the last five years"), not a figure


def _multiples(finder: _Finder) -> None:
    words = {"double": 2, "doubled": 2, "doubling": 2, "twice": 2, "treble": 3, "trebled": 3, "triple": 3,
             "tripled": 3, "quadrupled": 4, "halved": 0.5}  # fmt: skip
    for match in re.finditer(r"\b(?:" + "|".join(words) + r")\b", finder.text, re.IGNORECASE):
        if not finder.free(*match.span()):
            continue
        per = re.match(rf"^\s+(?:a|an|per|each|every)\s+({PERIOD_UNITS})\b", finder.after(match.end()))
        value = words[match.group().lower()]
        unit = "count" if per else "multiple"
        finder.add(
            Mention(start=match.start(), end=match.end(), value=value, unit=unit, per=per.group(1) if per else "")
        )
    pattern = rf"(?<![\w.,])({NUMBER})(?:[- ]fold\b|\s+times\b)"
    for match in re.finditer(pattern, finder.text, re.IGNORECASE):
        value = number_value(match.group(1))
        if value is None or not finder.free(*match.span()):
            continue
        after = finder.after(match.end())
        per = re.match(rf"^\s+(?:a|an|per|each|every)\s+({PERIOD_UNITS})\b", after)
        compared = re.match(r"^\s+(?:more|as|higher|greater|larger|bigger|the|that|what|over|faster|lower|fewer|"
                            r"less|smaller|likelier|more likely)\b", after)  # fmt: skip
        if "fold" in match.group().lower() or compared:
            unit = "multiple"
        else:
            unit = "count"  # "arrested five times", "five times a day"
        finder.add(
            Mention(start=match.start(), end=match.end(), value=value, unit=unit, per=per.group(1) if per else "")
        )


def _fractions(finder: _Finder) -> None:
    text = finder.text
    for match in re.finditer(rf"\b(one|{NUMBER})\s+(?:in|out\s+of)\s+(?:every\s+)?({NUMBER})\b", text, re.IGNORECASE):
        part, whole = number_value(match.group(1)) or 0, number_value(match.group(2)) or 0
        if 1 <= part < whole <= 1000 and finder.free(*match.span()) and not re.fullmatch(YEAR, match.group(2)):
            finder.add(Mention(start=match.start(), end=match.end(), value=100 * part / whole, unit="percent"))
    pattern = r"\b(?:(a|one|two|three|four|nine)[\s-]+)?(half|thirds?|quarters?|fifths?|tenths?)\b"
    for match in re.finditer(pattern, text, re.IGNORECASE):
        count = {"a": 1, "one": 1, None: 1}.get(match.group(1) and match.group(1).lower(), None)
        count = count or WORD_VALUES.get((match.group(1) or "").lower(), 1)
        share = count * FRACTIONS[match.group(2).lower().rstrip("s")]
        before, after = finder.before(match.start(), 20), finder.after(match.end(), 20)
        if not finder.free(*match.span()) or re.search(
            r"\b(?:first|second|last|other|the|once|twice|per|each|every)\s*$", before, re.I
        ):
            continue
        if match.group(2).lower() != "half" and (
            match.group(1) is None
            or re.match(r"^\s+(?:part|parties|sector|time|place|round|world|generation)", after, re.I)
        ):
            continue  # "the third sector", "a third party", "third quarter": not shares
        scale = re.match(r"^\s+(?:a\s+)?(million|billion|thousand|hundred)\b", after, re.IGNORECASE)
        if scale:
            value = share / 100 * SCALES[scale.group(1).lower()]
            finder.add(Mention(start=match.start(), end=match.end() + scale.end(), value=value, unit="count"))
        elif (
            match.group(2).lower() != "half"
            or re.match(r"^\s*(?:of\b|\()", after)
            or re.search(
                r"\b(?:nearly|almost|about|around|over|than|under|roughly|approximately|just|by)\s*$", before, re.I
            )
        ):
            finder.add(Mention(start=match.start(), end=match.end(), value=share, unit="percent"))


def _figure_unit(finder: _Finder, start: int, end: int, currency: str) -> tuple[float, int, str]:
    """A digit figure's scale factor, its end once its unit words are taken, and its unit."""
    after = finder.text[end:]
    points = re.match(r"^\s*percentage\s+points?\b", after, re.IGNORECASE)
    if points:
        return 1.0, end + points.end(), "percentage points"
    percent = re.match(r"^\s*(?:%|per\s*cent\b|percent\b)", after, re.IGNORECASE)
    if percent:
        return 1.0, end + percent.end(), "percent"
    # "1.2m", "£30m", "2.5bn" (glued), or "47.2 million" (a word)
    scale = re.match(r"^(?:(bn|m|k)\b|\s*(million|billion|thousand|bn)\b)", after, re.IGNORECASE)
    factor = 1.0
    if scale:
        factor = SHORT_SCALES[(scale.group(1) or scale.group(2)).lower()]
        end += scale.end()
    return factor, end, {"£": "GBP", "$": "USD", "€": "EUR"}.get(currency, "count")


def _ranges(finder: _Finder) -> None:
    unit = r"(?:\s*(?:%|per\s*cent\b|percent\b))?"
    pattern = (
        rf"\b(between\s+)?(?<![\w.,])({DIGITS}|{WORD_NUMBER}){unit}\s*(and|to|-|–)\s*({DIGITS}|{WORD_NUMBER})(?![\w])"
    )
    for match in re.finditer(pattern, finder.text, re.IGNORECASE):
        between, joiner = match.group(1), match.group(3).lower()
        if (between is None) == (joiner == "and") or not finder.free(match.start(2), match.end(4)):
            continue  # "A and B" is two figures; "between A to B" is not English
        if re.search(CHANGED, finder.before(match.start(2), 12), re.IGNORECASE):
            continue  # "from A to B", "jumped A% to B": a change and where it ended, two figures
        first_percent = re.match(r"^\s*(?:%|per\s*cent\b|percent\b)", finder.text[match.end(2) :], re.IGNORECASE)
        if first_percent and not re.match(r"^\s*(?:%|per\s*cent\b|percent\b)", finder.text[match.end(4) :], re.I):
            continue  # "81% to 6,438 cases": a share and a count are no range
        if joiner in "-–" and not (match.group(2)[0].isdigit() and match.group(4)[0].isdigit()):
            continue  # "twenty-six" is one number
        low, high = number_value(match.group(2)), number_value(match.group(4))
        if low is None or high is None or re.fullmatch(YEAR, match.group(2)):
            continue
        qualifier = "between ... and" if between else f"... {joiner} ..."
        spans = [(match.start(2), match.end(2), low), (match.start(4), match.end(4), high)]
        percent = re.match(r"^\s*(?:%|per\s*cent\b|percent\b)", finder.text[match.end(4) :], re.IGNORECASE)
        for start, end, value in spans:
            reading = "above" if value == min(low, high) else "below"
            mention_unit = "percent" if percent or re.match(r"\s*%", finder.text[end:]) else "count"
            finder.add(
                Mention(start=start, end=end, value=value, unit=mention_unit, qualifier=qualifier, reading=reading)
            )
        if percent:
            finder.take(match.end(4), match.end(4) + percent.end())


def _numbers(finder: _Finder) -> None:
    pattern = rf"([£$€])?(?<![\w.,])({DIGITS})(?=(?:bn|m|k)\b|[^\w]|$)|(?<![\w-])({WORD_NUMBER})(?![\w-])"
    for match in re.finditer(pattern, finder.text, re.IGNORECASE):
        start, end = match.span()
        if not finder.free(start, end):
            continue
        if match.group(3):  # in words: "one" alone is not a figure ("one part of the problem")
            if match.group(3).lower() == "one" or REFERENCE.search(finder.before(start)):
                continue
            value, unit = word_value(match.group(3)), "count"
            percent = re.match(r"^\s*(?:%|per\s*cent\b|percent\b)", finder.text[end:], re.IGNORECASE)
            if percent:
                unit, end = "percent", end + percent.end()
        else:
            digits = match.group(2)
            if re.fullmatch(YEAR, digits) and not re.match(r"^\s*(?:%|per\s*cent|percent)", finder.text[end:], re.I):
                continue  # a year, not a count (a count from 1800 to 2100 would be written with a comma)
            if REFERENCE.search(finder.before(match.start(2))):
                continue
            factor, end, unit = _figure_unit(finder, match.start(2), end, match.group(1) or "")
            value = float(digits.replace(",", "")) * factor
        if value is not None:
            finder.add(Mention(start=start, end=end, value=value, unit=unit))


def _none(finder: _Finder) -> None:
    pattern = r"\bno\s+((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*[a-rt-z]s)\b"
    for match in re.finditer(pattern, finder.text, re.IGNORECASE):
        before = finder.before(match.start(), 40)
        clause = re.split(r"[;:,]|\s[–—-]\s", finder.after(match.end(), 80))[0]
        cue = re.search(
            r"\b(?:there\s+(?:were|was|have\s+been|had\s+been|are|is|will\s+be)|made|recorded|received|found|"
            r"identified|conducted|carried\s+out|held|brought|charged|arrested|reported)\s*$",
            before,
            re.IGNORECASE,
        )
        if cue or re.search(rf"\b{YEAR}\b", clause):
            finder.add(
                Mention(
                    start=match.start(), end=match.start() + 2, value=0.0, unit="none", qualifier="no", reading="exact"
                )
            )


def mentions(sentence: str) -> list[Mention]:
    """Every figure in ``sentence``, in order (see the module's notes for what is and is not one).

    Parameters
    ----------
    sentence : str
        One sentence, whitespace normalised.

    Returns
    -------
    list of Mention
        By their place in the sentence.

    Examples
    --------
    >>> [(m.value, m.unit) for m in mentions("About 80,000 cases were referred to Ceop during 2017.")]
    [(80000.0, 'count')]
    >>> [(m.value, m.unit) for m in mentions("a staggering twelve-fold (1,086%) increase since April 2015")]
    [(12.0, 'multiple'), (1086.0, 'percent')]
    """
    finder = _Finder(sentence)
    _skip_never_figures(finder)
    _skip_ages_and_durations(finder)
    for rule in (_multiples, _fractions, _ranges, _numbers, _none):
        rule(finder)
    return sorted(finder.found, key=lambda m: m.start)
