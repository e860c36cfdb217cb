"""Scoring `extract` against the labelled corpus: recall, precision and reading right, per text and overall.

A labelled claim is found when an extracted claim of the same text has its value (to 1 part in 10,000:
a third is labelled 33.333) and a locator that overlaps the label's (the same paragraph; in a transcript,
the same page with a line range holding the label's line). Each extracted claim matches at most one label.
Precision counts the extracted claims that match a label; reading right counts the found labels whose
reading (exact, about, above, below) the extractor gave too.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from inquiry_analysis.claims.extract import extract_claims

CORPUS = Path(__file__).resolve().parent / "extract_corpus"
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "sources" / "seed-article.txt"


@dataclass(frozen=True)
class Score:
    text: str
    labels: int
    extracted: int
    found: int
    matched: int
    readings_right: int
    misses: tuple
    extras: tuple

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def reading(self) -> float:
        return self.readings_right / self.found if self.found else 1.0


def texts(*, held_out: int = 0) -> list[tuple[str, Path]]:
    """(name, path) of each labelled text: the dev set (0, with the seed article if present), or held-out set 1 or 2."""
    sources = yaml.safe_load((CORPUS / "sources.yml").read_text(encoding="utf-8"))
    chosen = [(t["file"], CORPUS / t["file"]) for t in sources["texts"] if int(t.get("held_out", 0)) == held_out]
    if not held_out and SEED.is_file():
        chosen.insert(0, ("seed-article.txt", SEED))
    return chosen


def labels() -> dict[str, list[dict]]:
    by_text = defaultdict(list)
    with (CORPUS / "labels.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_text[row["text"]].append(row)
    return by_text


def _span(locator: str):
    """('para', key) or ('lines', page, first, last) for a locator."""
    found = re.fullmatch(r"p\. (\S+) lines? (\d+)(?:-(\d+))?", locator)
    if found:
        return ("lines", found.group(1), int(found.group(2)), int(found.group(3) or found.group(2)))
    return ("para", locator)


def _overlaps(label: str, extracted: str) -> bool:
    a, b = _span(label), _span(extracted)
    if a[0] != b[0]:
        return False
    if a[0] == "para":
        return a == b
    return a[1] == b[1] and a[2] <= b[3] and b[2] <= a[3]


def score(name: str, path: Path, wanted: list[dict]) -> Score:
    claims = extract_claims(path)
    used, found, right, misses = set(), 0, 0, []
    for label in wanted:
        value = float(label["value"])
        hit = next(
            (
                i
                for i, c in enumerate(claims)
                if i not in used
                and abs(c.value - value) <= 1e-4 * max(abs(value), 1)
                and _overlaps(label["locator"], c.locator)
            ),
            None,
        )
        if hit is None:
            misses.append(f"{label['value']} {label['reading']} {label['locator']} ({label['note']})")
            continue
        used.add(hit)
        found += 1
        right += claims[hit].reading == label["reading"]
        if claims[hit].reading != label["reading"]:
            misses.append(f"reading {claims[hit].reading} for {label['value']} {label['reading']} {label['locator']}")
    extras = tuple(f"{c.words!r} {c.value:g} {c.locator}" for i, c in enumerate(claims) if i not in used)
    return Score(name, len(wanted), len(claims), found, len(used), right, tuple(misses), extras)


def score_corpus(*, held_out: int = 0) -> list[Score]:
    wanted = labels()
    return [score(name, path, wanted.get(name, [])) for name, path in texts(held_out=held_out)]


def overall(scores: list[Score]) -> Score:
    return Score(
        "overall",
        sum(s.labels for s in scores),
        sum(s.extracted for s in scores),
        sum(s.found for s in scores),
        sum(s.matched for s in scores),
        sum(s.readings_right for s in scores),
        (),
        (),
    )
