"""Youth justice and probation cohort: people with needs, interventions and reoffending.

Needs share one latent risk score per person, so they are correlated; people with more needs
get more, and more indicated, interventions and complete fewer; reoffending rises with needs and
falls with completed interventions. Reoffending is blank until 12 months after entry have
passed by the end of the last month.
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

from sample_data.crimes import _pick
from sample_data.csvout import write_csv
from warehouse.formats import COHORT_INTERVENTIONS, COHORT_PEOPLE, NEEDS

ENTRANTS_PER_YEAR = 320
YOUTH_SHARE = 0.4
# Need prevalence (youth justice, probation) at an average risk score.
PREVALENCE = {
    "school_exclusion": (0.40, 0.20),
    "neet": (0.35, 0.40),
    "care_experienced": (0.25, 0.12),
    "substance_misuse": (0.45, 0.55),
    "mental_health": (0.40, 0.45),
    "exploitation_county_lines": (0.20, 0.08),
    "weapon_carrying": (0.25, 0.20),
    "victim_of_violence": (0.40, 0.35),
}
ETHNICITY = {"White": 0.80, "Asian": 0.07, "Black": 0.05, "Mixed": 0.06, "Other": 0.01, "Not stated": 0.01}
HOMES = {
    "E07000218": 0.10,
    "E07000219": 0.27,
    "E07000220": 0.18,
    "E07000221": 0.14,
    "E07000222": 0.19,
    "E08000026": 0.06,
    "E08000025": 0.03,
    "E08000029": 0.01,
    "E07000132": 0.015,
    "E07000131": 0.005,
}
# (name, pillar, level)
INTERVENTIONS = (
    ("Knife crime education", "prevent", "universal"),
    ("Sports diversion programme", "prevent", "universal"),
    ("Mentoring", "prevent", "selected"),
    ("Family support", "prevent", "selected"),
    ("Education, training and employment support", "long_term_support", "selected"),
    ("Housing support", "long_term_support", "selected"),
    ("Mental health support", "long_term_support", "selected"),
    ("Substance misuse treatment", "long_term_support", "indicated"),
    ("Custody navigator", "respond", "indicated"),
    ("Hospital youth worker", "respond", "indicated"),
    ("County lines exploitation support", "respond", "indicated"),
    ("Focused deterrence", "respond", "indicated"),
)
LEVEL_CODE = {"universal": 0, "selected": 1, "indicated": 2}


def _logit(p):
    return np.log(p / (1 - p))


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _people(rng, months) -> pd.DataFrame:
    first = np.datetime64(f"{months[0][0]:04d}-{months[0][1]:02d}-01")
    last_year, last_month = months[-1]
    last = np.datetime64(
        f"{last_year:04d}-{last_month:02d}-{calendar.monthrange(last_year, last_month)[1]:02d}"
    )
    span = int((last - first).astype(int)) + 1
    n = rng.poisson(ENTRANTS_PER_YEAR * span / 365.25)
    entry = np.sort(first + rng.integers(0, span, n).astype("timedelta64[D]"))
    youth = rng.random(n) < YOUTH_SHARE
    age = np.where(
        youth,
        rng.choice(np.arange(10, 18), n, p=[0.02, 0.04, 0.08, 0.12, 0.16, 0.19, 0.2, 0.19]),
        18 + np.minimum(rng.gamma(2.0, 6.0, n).astype(int), 50),
    )
    risk = rng.normal(0, 1, n)
    table = pd.DataFrame(
        {
            "person_id": [f"P{i:06d}" for i in range(1, n + 1)],
            "agency": np.where(youth, "youth_justice", "probation"),
            "entry_date": np.datetime_as_string(entry, unit="D"),
            "age_at_entry": age,
            "sex": np.where(rng.random(n) < 0.86, "M", "F"),
            "ethnicity": _pick(rng, ETHNICITY, n),
            "home_district": _pick(rng, HOMES, n),
        }
    )
    table.loc[rng.random(n) < 0.01, "sex"] = "U"
    for need in NEEDS:
        p = np.where(youth, PREVALENCE[need][0], PREVALENCE[need][1])
        table[f"need_{need}"] = np.where(rng.random(n) < _sigmoid(_logit(p) + 1.1 * risk), "Y", "N")
    return table, entry, last


def _interventions(rng, people: pd.DataFrame, entry: np.ndarray, last: np.datetime64):
    needs = (people[[f"need_{n}" for n in NEEDS]] == "Y").sum(axis=1).to_numpy()
    count = 1 + rng.poisson(0.5 + 0.3 * needs)
    person = np.repeat(np.arange(len(people)), count)
    k = len(person)
    level_wanted = np.clip(np.round(rng.normal(0.4 + 0.25 * needs[person], 0.7)), 0, 2)
    options = np.array([LEVEL_CODE[i[2]] for i in INTERVENTIONS])
    choice = np.array([rng.choice(np.flatnonzero(options == lv)) for lv in level_wanted.astype(int)])
    start = entry[person] + rng.integers(0, 120, k).astype("timedelta64[D]")
    finish = start + rng.integers(28, 200, k).astype("timedelta64[D]")
    done = rng.random(k) < _sigmoid(1.2 - 0.25 * (needs[person] - 3))
    ongoing = finish > last
    table = pd.DataFrame(
        {
            "person_id": people["person_id"].to_numpy()[person],
            "intervention": [INTERVENTIONS[c][0] for c in choice],
            "pillar": [INTERVENTIONS[c][1] for c in choice],
            "level": [INTERVENTIONS[c][2] for c in choice],
            "start_date": np.datetime_as_string(start, unit="D"),
            "end_date": np.where(ongoing, "", np.datetime_as_string(finish, unit="D")),
            "completed": np.where(ongoing, "", np.where(done, "Y", "N")),
        }
    )
    keep = start <= last
    completed_share = (
        pd.Series(done & ~ongoing & keep).groupby(person).mean().reindex(range(len(people)), fill_value=0)
    )
    return table[keep].reset_index(drop=True), needs, completed_share.to_numpy()


def _reoffending(rng, people, entry, last, needs, completed_share) -> None:
    youth = people["agency"].to_numpy() == "youth_justice"
    p = _sigmoid(-1.0 + 0.35 * (needs - 3) + 0.25 * youth - 1.0 * completed_share)
    reoffend = rng.random(len(people)) < p
    followup_end = (entry.astype("datetime64[M]") + 12).astype("datetime64[D]") + (
        entry - entry.astype("datetime64[M]").astype("datetime64[D]")
    )
    complete = followup_end <= last
    people["proven_reoffence_12m"] = np.where(complete, np.where(reoffend, "Y", "N"), "")
    elsewhere = _pick(rng, {"E08000026": 0.5, "E08000025": 0.3, "E07000132": 0.2}, len(people))
    district = np.where(rng.random(len(people)) < 0.8, people["home_district"].to_numpy(), elsewhere)
    people["reoffence_district"] = np.where(complete & reoffend, district, "")


def write_cohort(out_dir, months, seed: int, manifest) -> None:
    """cohort/cohort-people.csv and cohort/cohort-interventions.csv."""
    rng = np.random.default_rng([seed, 20])
    people, entry, last = _people(rng, months)
    interventions, needs, completed_share = _interventions(rng, people, entry, last)
    _reoffending(rng, people, entry, last, needs, completed_share)
    path = out_dir / "cohort" / "cohort-people.csv"
    manifest.add(path, "cohort-people", write_csv(people, path, COHORT_PEOPLE.column_names))
    path = out_dir / "cohort" / "cohort-interventions.csv"
    manifest.add(
        path, "cohort-interventions", write_csv(interventions, path, COHORT_INTERVENTIONS.column_names)
    )
