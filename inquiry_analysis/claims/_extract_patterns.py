"""The vocabulary of figures: numbers in digits and words, months and years, and what marks a number as no figure.

Shared by :mod:`inquiry_analysis.claims._extract_numbers` (which finds the figures of a sentence) and
:mod:`inquiry_analysis.claims._extract_words` (which finds their periods and qualifiers).
"""

from __future__ import annotations

import re

__all__ = [
    "AGE_AFTER",
    "AGE_BEFORE",
    "CHANGED",
    "DIGITS",
    "FRACTIONS",
    "MEASURED_CUE",
    "MONTH",
    "NUMBER",
    "PERIOD_UNITS",
    "REFERENCE",
    "SCALES",
    "SHORT_SCALES",
    "SKIPPED_RE",
    "TIME_UNITS",
    "WORD_NUMBER",
    "WORD_VALUES",
    "YEAR",
    "number_value",
    "word_value",
]

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_VALUES = {word: i for i, word in enumerate(_SMALL)} | {word: 20 + 10 * i for i, word in enumerate(_TENS)}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SHORT_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "bn": 1_000_000_000,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_WORD = r"(?:" + "|".join(sorted(WORD_VALUES, key=len, reverse=True)) + r")"
_SCALE = r"(?:hundred|thousand|million|billion)"
#: A number in words: "seventeen", "twenty-five", "a hundred", "two hundred and fifty", "one thousand".
_TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
WORD_NUMBER = (
    rf"(?:(?:a|{_WORD}(?:[- ]{_WORD})?)[- ]{_SCALE}(?:(?: and)? {_WORD}(?:[- ]{_WORD})?)?"
    rf"|{_TENS_WORD}[- ]{_UNIT_WORD}|{_WORD}(?:-{_WORD})?)"
)
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: A number in digits or words.
NUMBER = rf"(?:{DIGITS}|{WORD_NUMBER})"
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
YEAR = r"(?:1[89]\d{2}|20\d{2})"
FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}
TIME_UNITS = r"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|fortnights?)"
PERIOD_UNITS = r"(?:day|week|fortnight|month|quarter|year|annum|hour)"
_REFERENCES = (
    r"paragraphs?|paras?|pages?|pp?|lines?|files?|tabs?|exhibits?|statements?|annex(?:es)?|appendix|appendices|"
    r"parts?|sections?|chapters?|figures?|figs?|tables?|footnotes?|notes?|rules?|articles?|schedules?|clauses?|"
    r"recommendations?|days?|volumes?|vols?|issues?|nos?|numbers?|items?|questions?|steps?|phases?|tiers?|"
    r"levels?|stages?|categor(?:y|ies)|versions?|suites?|buildings?|floors?|rooms?|units?|cases?\s+no|ref|"
    r"reference|uin|op|operation|bundle|vol|tab|box|grade|band|key stage|year group|class|row|column|q"
)
REFERENCE = re.compile(
    rf"\b(?:{_REFERENCES})\.?\s*(?:\d+[a-z]?(?:\([\w.]+\))*\s*(?:,|and|to|-|–|&|or)\s*)*$", re.IGNORECASE
)
AGE_BEFORE = re.compile(
    r"(?:\baged?(?:\s+(?:between|under|over|below|above|from))?|\bages?\s+of|\bage\s+(?:of\s+)?"
    r"|\bturn(?:s|ed|ing)?|\breach(?:es|ed|ing)?\s+(?:the\s+)?age(?:\s+of)?"
    r"|\b(?:children|child|boys?|girls?|pupils|victims|people|those|teenagers|youngsters)\s+(?:under|over|below|"
    r"above|aged)|\bunder\s+the\s+age\s+of|\bover\s+the\s+age\s+of)\s*$",
    re.IGNORECASE,
)
AGE_AFTER = re.compile(
    rf"^(?:\s*(?:to|and|-|–)\s*(?:{NUMBER}))?(?:-years?-olds?|\s+years?[- ]olds?|-year\s+olds?)", re.IGNORECASE
)
MEASURED_CUE = re.compile(
    r"\b(?:for|took|take|takes|taking|lasted|lasting|spent|waited|wait|waiting|served|sentenced\s+to)\s+"
    r"(?:(?:just|only|some|about|around|nearly|almost|over|more\s+than|less\s+than|up\s+to|at\s+least|"
    r"under)\s+)*$",
    re.IGNORECASE,
)
_SKIPPED = [  # spans that never hold a figure, found before anything else
    r"\b(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+",
    r"(?:\+\d{1,3}\s?(?:\(0\)\s?)?\d{2,5}|\b0\d{2,4})(?:[\s-]\d{2,6}){1,3}\b",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?",
    rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEAR})?(?!\d)",
    rf"\b{MONTH},?\s+{YEAR}\b",
    r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}\.\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}(?::\d{2})?\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)",
    rf"\b{YEAR}\s*(?:[-–/]\s*(?:\d{{4}}|\d{{2}})|\s+(?:to|and)\s+{YEAR})\b",
    r"\b\d+(?:st|nd|rd|th)\b",
    r"\b\d+(?:-\d+){2,}\b|(?<![\d,.])\b0\d+\b(?![.,]\d)",  # ISBNs and other chained codes; 0900, 007
    r"\b\d+[-/]\d+(?=[-/]?[A-Za-z])|\b\d+/\d+\b",  # 24/7, exhibit KN/2's number
    r"(?<=[A-Za-z])[-/]?\d[\w/-]*",  # INQ004, NCA000123, COVID-19, KN/2, Q3
    r"\b\d[\dA-Z]*[A-Z][\dA-Z]*\b",  # postcodes and codes: SW1P, 4DF
    r"\[\d+\]|\(\d{1,2}\)(?!\s*%)|\(\d{5,}\)",  # footnote markers [3], list numbers (1), question numbers (908285)
    r"\bp\s*[<>=≤≥]\s*0?\.\d+|\b\d{2}(?:\.\d)?\s*%\s*(?=(?:CI|C\.I\.|confidence|credible)\b)",  # p < 0.05; 95% CI
    r"(?:(?<=[a-z)\]”\"’'])|(?<=[a-z)\]”\"’'][.,;:]))\d+\b(?![.,]\d)",  # a footnote glued to a word: online.115
    r"\b\d+\s+[A-Z][a-z]+\s+(?:Street|St|Road|Rd|Avenue|Lane|Square|Place|Way|Drive|Row|Court|Gardens|Terrace)\b",
]
SKIPPED_RE = [re.compile(pattern) for pattern in _SKIPPED]
#: Words before "A to B" that make it a change and where it ended, not a range.
CHANGED = r"\b(?:from|rose|rise|risen|fell|fall|fallen|jumped|increased|decreased|grew|dropped|climbed|up|down|by)\s*$"


def word_value(text: str) -> float | None:
    """A number written in words (or ``a hundred``), or None.

    Parameters
    ----------
    text : str
        Such as ``'twenty-five'``, ``'two hundred and fifty'``, ``'a million'``.

    Returns
    -------
    float or None
    """
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("and", ""):
            continue
        if word == "a":
            current = 1.0
        elif word in WORD_VALUES:
            current += WORD_VALUES[word]
        elif word in SCALES:
            current = max(current, 1.0) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current


def number_value(text: str) -> float | None:
    """A number in digits (``80,000``, ``83.7``) or words; None if it is neither."""
    text = text.strip()
    if re.fullmatch(DIGITS, text):
        return float(text.replace(",", ""))
    return word_value(text)
