"""Write the synthetic example files of the walkthrough (README, "Your own data, end to end").

SYNTHETIC: every number in these files is made up by this script, from a seeded random generator;
none is a published or real figure. They exist to show `inquiry-analysis analyse` at work.

The model, so that a reader knows what the exhibits should find:
- referrals: 36 months, Jan 2015 to Dec 2017; the expected count is 2,000 a month in Jan 2015
  growing 30% a year, times a seasonal factor 1 + 0.08 sin(2π(month − 3)/12); the count is that
  expectation plus normal noise with its square root as standard deviation (the Poisson scale).
- arrests: 4.5 per 100 referrals, two months after the referral month, with the same kind of noise;
  the first two months get arrests from referrals before the series starts (taken as 1,900 a month).
- cases: 80 assessed suspects; the share with the outcome rises with the risk level (Low 6 of 30,
  Medium 9 of 24, High 11 of 14, Very High 10 of 12), fixed counts in shuffled order, so that few
  people rated High or Very High lack the outcome: small cells that disclosure control hides.
- referral log: 150,000 referrals, Jan 2013 to Dec 2017, extracted 1 Jan 2018, from
  ``inquiry_analysis.io.synthetic.write_referral_log`` (seed 20180124), whose docstring states
  its model: 35% growth a year with a season, four sources, dissemination to one of 43 forces for
  55%, arrest for 6% rising to 10% of those, lags of weeks and months, censored at the extract date.

Run from the repository, in its environment: .venv/bin/python examples/make_examples.py
"""

import csv
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent


def months(first_year: int, count: int) -> list[str]:
    return [f"{first_year + i // 12}-{i % 12 + 1:02d}" for i in range(count)]


def main() -> None:
    rng = random.Random(20180124)
    labels = months(2015, 36)
    expected = [2000 * 1.3 ** (i / 12) * (1 + 0.08 * math.sin(2 * math.pi * (i % 12 - 2) / 12)) for i in range(36)]
    referrals = [round(rng.gauss(mu, math.sqrt(mu))) for mu in expected]
    with open(HERE / "synthetic_referrals_by_month.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["month", "referrals"])
        writer.writerows(zip(labels, referrals))
    earlier = [1900, 1900] + referrals
    arrests = [round(rng.gauss(0.045 * r, math.sqrt(0.045 * r))) for r in earlier[:36]]
    with open(HERE / "synthetic_arrests_by_month.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["month", "arrests"])
        writer.writerows(zip(labels, arrests))
    # (level, people, with the outcome): fixed, so the file shows small cells being suppressed.
    design = [("Low", 30, 6), ("Medium", 24, 9), ("High", 14, 11), ("Very High", 12, 10)]
    rows = [(level, "yes" if i < hits else "no") for level, people, hits in design for i in range(people)]
    rng.shuffle(rows)
    with open(HERE / "synthetic_cases.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["risk_level", "outcome"])
        writer.writerows(rows)
    from inquiry_analysis.io.synthetic import write_referral_log

    write_referral_log(HERE / "synthetic_referral_log.parquet", rows=150_000, seed=20180124)


if __name__ == "__main__":
    main()
