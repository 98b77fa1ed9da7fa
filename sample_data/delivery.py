"""The strategy's own machinery, as the coordinators' workbooks would hold it (issue #14).

Four .xlsx workbooks in the formats of warehouse/formats.py, deterministic for a seed (fixed
timestamps inside the files, so the same seed gives the same bytes):

- delivery/delivery-plan.xlsx: about 45 actions of the 2024-30 strategy across the three pillars and
  levels, with milestones; statuses as the coordinator would have reviewed them at the end of the
  last sample month (some late, some complete).
- fund/commissioning-fund.xlsx: the fund's three years (2025/26 to 2027/28): Home Office grant, the
  Police and Crime Commissioner's match and partners' money (about GBP 120-140k a year), 14
  projects and their quarters. 2026/27 is committed beyond its budget and one project has spent more
  than committed, so that both flags have something to show.
- owhr/owhr-reviews.xlsx: five or six Offensive Weapons Homicide Review cases linked by crime
  reference to the latest qualifying homicides of the generated force extract (victim 18 or over,
  a weapon), with unlinked cases added when the extract has fewer than five; stages and dates
  against the deadlines (a decision made late, a review past its deadline, the newest case
  awaiting a decision), and recommendations of the reviews that have reported.
- training/training.xlsx: training sessions from June 2024 and monthly referral returns. For every
  financial year the indicator-values file publishes, the county's referrals add up to the published
  numerator of `trained_practitioner_referrals`, so the value computed from the returns is the value
  published (the published values are the programme's returns).

Nothing is written when the sample ends before October 2024 (the strategy had barely started).
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from warehouse.formats import FORMATS, INGEST_FORMATS
from warehouse.workbooks import write_sheets

STRATEGY_START = dt.date(2024, 4, 1)
FIRST_SAMPLE_END = dt.date(2024, 10, 31)
FUND_YEARS = (2025, 2026, 2027)  # financial years 2025/26 to 2027/28
COUNTY = "E10000031"
DISTRICTS = ("E07000218", "E07000219", "E07000220", "E07000221", "E07000222")

# (pillar, strategic priority, level, lead agency, owner, action, indicator ids)
ACTIONS = (
    ("prevent", "Reduce knife crime among young people", "universal", "Warwickshire County Council",
     "Head of Education Safeguarding", "Knife crime education sessions in every secondary school", "sv_knife_crime_u25"),
    ("prevent", "Reduce knife crime among young people", "universal", "Warwickshire Police",
     "Chief Inspector, Prevention", "Knife amnesty bins and a weapons sweep programme in the main towns",
     "sv_knife_crime"),
    ("prevent", "Reduce knife crime among young people", "selected", "Warwickshire Youth Justice Service",
     "Prevention Team Manager", "Weapon-awareness programme for young people referred by schools",
     "sv_knife_crime_u25;fte_youth_justice"),
    ("prevent", "Reduce knife crime among young people", "universal", "Office of the Police and Crime Commissioner",
     "Head of Commissioning", "Public campaign with parents on knife carrying", "sv_knife_crime_u25"),
    ("prevent", "Reduce knife crime among young people", "selected", "Warwickshire County Council",
     "Youth Services Manager", "Detached youth work in Nuneaton, Bedworth and Rugby town centres", "sv_knife_crime_u25"),
    ("prevent", "Early intervention in schools and families", "selected", "Warwickshire County Council",
     "Inclusion Manager", "Reduce permanent exclusions with an alternative-provision outreach team", "school_exclusions"),
    ("prevent", "Early intervention in schools and families", "selected", "Warwickshire County Council",
     "Early Help Manager", "Family support offer for children at risk of exclusion", "school_exclusions;fte_youth_justice"),
    ("prevent", "Early intervention in schools and families", "universal", "Warwickshire County Council",
     "Public Health Consultant", "Healthy relationships lessons in primary and secondary schools", ""),
    ("prevent", "Early intervention in schools and families", "selected", "Warwickshire Youth Justice Service",
     "Prevention Team Manager", "Out-of-court disposal pathway with diversion for first-time offenders",
     "fte_youth_justice"),
    ("prevent", "Early intervention in schools and families", "universal", "NHS Coventry and Warwickshire ICB",
     "Designated Nurse, Safeguarding Children", "Adverse childhood experiences awareness for health visitors", ""),
    ("prevent", "Safer night-time economy", "universal", "Warwick District Council",
     "Licensing Manager", "Welfare and vulnerability training for licensed premises staff", "vio_with_injury"),
    ("prevent", "Safer night-time economy", "universal", "Warwickshire Police",
     "Chief Inspector, Neighbourhoods", "Night-time economy patrol plan for Leamington Spa and Stratford-upon-Avon",
     "vio_with_injury;vio_without_injury"),
    ("prevent", "Safer night-time economy", "universal", "Nuneaton and Bedworth Borough Council",
     "Community Safety Officer", "Street marshals and a safe space in Nuneaton town centre", "vio_with_injury"),
    ("prevent", "Safer night-time economy", "universal", "Stratford-on-Avon District Council",
     "Community Safety Officer", "Ask for Angela and drink-spiking awareness across venues", ""),
    ("prevent", "Early intervention in schools and families", "selected", "Warwickshire County Council",
     "Community Safety Manager", "Mentoring for young people on the edge of exclusion", "school_exclusions"),
    ("respond", "Tackle county lines and exploitation", "indicated", "Warwickshire Youth Justice Service",
     "Head of Youth Justice", "Custody navigators for young people arrested for violence or drug supply",
     "cohort_reoffending"),
    ("respond", "Tackle county lines and exploitation", "indicated", "Warwickshire Police",
     "Detective Chief Inspector, Exploitation", "Joint county lines operations with West Midlands Police",
     "sv_knife_crime"),
    ("respond", "Tackle county lines and exploitation", "selected", "Warwickshire County Council",
     "Exploitation Lead", "Child exploitation screening tool used by every partner", ""),
    ("respond", "Tackle county lines and exploitation", "indicated", "Warwickshire County Council",
     "Exploitation Lead", "Return-home interviews for every missing child", ""),
    ("respond", "Tackle county lines and exploitation", "indicated", "Warwickshire Police",
     "Superintendent, Serious and Organised Crime", "Disrupt the three highest-harm drug lines each quarter", ""),
    ("respond", "Respond to violence in hospitals and A&E", "indicated", "George Eliot Hospital NHS Trust",
     "Head of Safeguarding", "Hospital youth worker in the George Eliot emergency department",
     "ae_assault_attendances;sv_knife_admissions_u25"),
    ("respond", "Respond to violence in hospitals and A&E", "universal", "NHS Coventry and Warwickshire ICB",
     "Head of Urgent Care", "Information Sharing to Tackle Violence returns from every emergency department",
     "ae_assault_attendances"),
    ("respond", "Respond to violence in hospitals and A&E", "indicated", "South Warwickshire University NHS Foundation Trust",
     "Head of Safeguarding", "Violence navigator at Warwick Hospital", "ae_assault_attendances"),
    ("respond", "Respond to violence in hospitals and A&E", "selected", "NHS Coventry and Warwickshire ICB",
     "Designated Nurse, Safeguarding Adults", "Routine enquiry about violence in sexual health and substance misuse clinics",
     ""),
    ("respond", "Target the people and places most affected", "indicated", "Warwickshire Police",
     "Chief Inspector, Prevention", "Hotspot patrols in the ten highest-harm neighbourhoods", "vio_with_injury"),
    ("respond", "Target the people and places most affected", "indicated", "Probation Service",
     "Head of Warwickshire Probation", "Focused deterrence for adults carrying weapons", "cohort_reoffending"),
    ("respond", "Target the people and places most affected", "indicated", "Warwickshire Police",
     "Detective Superintendent, Public Protection", "Serious violence reduction orders where the courts allow",
     "sv_knife_crime"),
    ("respond", "Target the people and places most affected", "selected", "Warwickshire County Council",
     "Community Safety Manager", "Problem-solving partnership for Bedworth and Camp Hill", "vio_with_injury"),
    ("respond", "Target the people and places most affected", "universal", "Warwickshire County Council",
     "Community Safety Manager", "Annual refresh of the strategic needs assessment", ""),
    ("respond", "Respond to violence in hospitals and A&E", "selected", "West Midlands Ambulance Service",
     "Safeguarding Lead", "Ambulance crews' referrals of assault patients to support", "ae_assault_attendances"),
    ("long_term_support", "Support victims and families", "selected", "Office of the Police and Crime Commissioner",
     "Victims' Services Manager", "Specialist support for young victims of violence", "repeat_victimisation"),
    ("long_term_support", "Support victims and families", "indicated", "Warwickshire County Council",
     "Community Safety Manager", "Commission a support service for families bereaved by homicide", ""),
    ("long_term_support", "Support victims and families", "selected", "Warwickshire Police",
     "Chief Inspector, Victim Care", "Repeat-victim identification and a second-contact call", "repeat_victimisation"),
    ("long_term_support", "Support victims and families", "universal", "Warwickshire County Council",
     "Domestic Abuse Commissioning Lead", "Violence against women and girls awareness across the night-time economy", ""),
    ("long_term_support", "Reduce reoffending", "indicated", "Probation Service",
     "Head of Warwickshire Probation", "Employment and housing pathway for people leaving custody",
     "cohort_reoffending"),
    ("long_term_support", "Reduce reoffending", "indicated", "Warwickshire Youth Justice Service",
     "Head of Youth Justice", "Trauma-informed practice across the youth justice service", "cohort_reoffending"),
    ("long_term_support", "Reduce reoffending", "indicated", "Probation Service",
     "Senior Probation Officer", "Substance misuse treatment requirements for violent offenders", "cohort_reoffending"),
    ("long_term_support", "Reduce reoffending", "selected", "Warwickshire County Council",
     "Public Health Consultant", "Mental health in-reach for the youth justice cohort", "cohort_reoffending"),
    ("long_term_support", "Build community resilience and trust", "universal", "Warwickshire County Council",
     "Communities Manager", "Small grants for community-led violence prevention", ""),
    ("long_term_support", "Build community resilience and trust", "universal", "Warwickshire Police",
     "Chief Inspector, Neighbourhoods", "Community engagement panels in each district", ""),
    ("long_term_support", "Build community resilience and trust", "universal", "Warwickshire County Council",
     "Public Health Consultant", "Training programme for front-line health practitioners on the Duty",
     "trained_practitioner_referrals"),
    ("long_term_support", "Build community resilience and trust", "selected", "North Warwickshire Borough Council",
     "Community Safety Officer", "Youth provision in Atherstone and Coleshill", ""),
    ("long_term_support", "Build community resilience and trust", "universal", "Rugby Borough Council",
     "Community Safety Officer", "Hate crime and online harm awareness in schools and communities", ""),
    ("long_term_support", "Support victims and families", "universal", "Warwickshire County Council",
     "Community Safety Manager", "Offensive Weapons Homicide Review process agreed with partners", ""),
    ("long_term_support", "Reduce reoffending", "selected", "Warwickshire Fire and Rescue Service",
     "Youth Engagement Manager", "Fire cadets and diversion courses for young people at risk", "fte_youth_justice"),
)
PILLAR_CODE = {"prevent": "P", "respond": "R", "long_term_support": "L"}
UPDATES = {
    "not_started": "Not started: begins {start:%B %Y}.",
    "on_track": "Progressing to plan; next milestone on schedule.",
    "at_risk": "Behind plan: {reason}. Recovery plan agreed at the last Strategic Group.",
    "off_track": "Will miss its due date: {reason}. Escalated to the Safer Warwickshire Partnership Board.",
    "complete": "Complete; closing report received.",
}
REASONS = ("staff vacancy in the delivery team", "funding confirmed late", "data-sharing agreement not yet signed",
           "provider changed", "lower take-up than planned")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _days(rng, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=int(rng.integers(low, high + 1)))


def fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _status(rng, start: dt.date, due: dt.date, as_of: dt.date) -> str:
    """The status a coordinator would record at `as_of`."""
    if start > as_of:
        return "not_started"
    if due < as_of:
        return str(rng.choice(["complete", "off_track", "at_risk"], p=[0.7, 0.18, 0.12]))
    return str(rng.choice(["on_track", "at_risk", "off_track", "complete"], p=[0.62, 0.23, 0.08, 0.07]))


def plan_rows(rng, as_of: dt.date) -> tuple[list[list], list[list]]:
    """(actions, milestones) rows in the order of the formats' columns."""
    actions, milestones, numbers = [], [], {}
    for pillar, priority, level, lead, owner, text, indicators in ACTIONS:
        numbers[pillar] = numbers.get(pillar, 0) + 1
        action_id = f"{PILLAR_CODE[pillar]}{numbers[pillar]:02d}"
        start = STRATEGY_START + _days(rng, 0, max((as_of - STRATEGY_START).days + 150, 1))
        due = min(start + _days(rng, 180, 900), dt.date(2030, 3, 31))
        status = _status(rng, start, due, as_of)
        reviewed = as_of - _days(rng, 3, 40)
        update = UPDATES[status].format(start=start, reason=REASONS[int(rng.integers(len(REASONS)))])
        actions.append([action_id, text, pillar, priority, level, lead, owner, start, due, status, update,
                        reviewed, indicators])
        milestones += _milestones(rng, action_id, start, due, status, as_of)
    return actions, milestones


def _milestones(rng, action_id: str, start: dt.date, due: dt.date, status: str, as_of: dt.date) -> list[list]:
    steps = ("Plan agreed with partners", "Delivery under way in every district", "Evaluation report to the Strategic Group")
    rows = []
    for index in range(int(rng.integers(1, 4))):
        when = start + (due - start) * (index + 1) / 3
        met = when <= as_of and (status == "complete" or rng.random() < 0.75)
        done = min(when + _days(rng, -20, 25), as_of) if met else None
        rows.append([action_id, steps[index], when, done])
    return rows


def write_delivery(out_dir: Path, months: list[tuple[int, int]], seed: int, manifest) -> None:
    """The four workbooks (nothing when the sample ends before the strategy is under way)."""
    as_of = month_end(*months[-1])
    if as_of < FIRST_SAMPLE_END:
        return
    rng = [np.random.default_rng([seed, 40, part]) for part in range(4)]
    actions, milestones = plan_rows(rng[0], as_of)
    _write(out_dir / "delivery" / "delivery-plan.xlsx", "delivery-plan", [actions, milestones], manifest)
    _write(out_dir / "fund" / "commissioning-fund.xlsx", "fund", fund_rows(rng[1], as_of), manifest)
    reviews, recommendations = review_rows(rng[2], qualifying_homicides(out_dir, STRATEGY_START), as_of)
    _write(out_dir / "owhr" / "owhr-reviews.xlsx", "owhr", [reviews, recommendations], manifest)
    published = published_referrals(out_dir)
    _write(out_dir / "training" / "training.xlsx", "training", training_rows(rng[3], as_of, published), manifest)


def _write(path: Path, command: str, tables: list[list[list]], manifest) -> None:
    sheets = {}
    for name, rows in zip(INGEST_FORMATS[command], tables, strict=True):
        fmt = FORMATS[name]
        sheets[fmt.extra["sheet"]] = (fmt.column_names, rows)
    sheets = {name: (header, [[None if value == "" else value for value in row] for row in rows])
              for name, (header, rows) in sheets.items()}
    write_sheets(path, sheets)
    for name, rows in zip(INGEST_FORMATS[command], tables, strict=True):
        manifest.add(path, name, len(rows))


# --- the commissioning fund ------------------------------------------------------------------

# (project, provider, pillar, level, district, people reached a quarter)
PROJECTS = (
    ("Knife crime education in secondary schools", "Warwickshire Education Services", "prevent", "universal",
     COUNTY, 420),
    ("Detached youth work, Nuneaton and Bedworth", "Positive Youth Foundation", "prevent", "selected", "E07000219", 38),
    ("Detached youth work, Rugby", "Positive Youth Foundation", "prevent", "selected", "E07000220", 25),
    ("Street marshals, Leamington Spa", "Warwick District Council", "prevent", "universal", "E07000222", 600),
    ("Mentoring for young people at risk of exclusion", "Mentoring Works", "prevent", "selected", COUNTY, 22),
    ("Hospital youth worker, George Eliot A&E", "Redthread", "respond", "indicated", "E07000219", 9),
    ("Violence navigator, Warwick Hospital", "Redthread", "respond", "indicated", "E07000222", 6),
    ("County lines exploitation support", "St Giles Trust", "respond", "indicated", COUNTY, 11),
    ("Custody navigators", "Warwickshire Youth Justice Service", "respond", "indicated", COUNTY, 14),
    ("Focused deterrence call-ins", "Warwickshire Police", "respond", "indicated", "E07000219", 5),
    ("Support for young victims of violence", "Victim Support", "long_term_support", "selected", COUNTY, 30),
    ("Families bereaved by homicide", "Support After Murder and Manslaughter", "long_term_support", "indicated",
     COUNTY, 3),
    ("Community grants, North Warwickshire", "Warwickshire Community and Voluntary Action", "long_term_support",
     "universal", "E07000218", 150),
    ("Employment pathway after custody", "Nacro", "long_term_support", "indicated", COUNTY, 8),
)
# Committed as a share of each year's budget: 2026/27 is over-committed (the flag has a case).
COMMITTED_SHARE = {2025: 0.96, 2026: 1.04, 2027: 0.55}
OVERSPENT_PROJECT = 5  # index into PROJECTS: spends 12% more than committed


def budget_rows(rng) -> list[list]:
    rows = []
    for year in FUND_YEARS:
        grant = float(round(rng.uniform(55_000, 65_000), -2))
        rows.append([fy_label(year), "home_office", "Home Office (Serious Violence Duty grant)", grant,
                     "Grant letter received" if year < 2027 else "Indicative allocation"])
        rows.append([fy_label(year), "pcc_match", "Office of the Police and Crime Commissioner for Warwickshire",
                     grant, "Matched to the Home Office grant"])
        for funder, low, high in (("Warwickshire County Council Public Health", 6_000, 14_000),
                                  ("Nuneaton and Bedworth Borough Council", 2_000, 5_000)):
            rows.append([fy_label(year), "partner", funder, float(round(rng.uniform(low, high), -2)), None])
    return rows


def _quarter_end(year: int, quarter: int) -> dt.date:
    month = (quarter * 3 + 3 - 1) % 12 + 1  # Q1 ends June, Q4 ends March
    return month_end(year + (quarter == 4), month)


def fund_rows(rng, as_of: dt.date) -> list[list[list]]:
    """[budget, projects, quarters] rows."""
    budget = budget_rows(rng)
    totals = {year: sum(row[3] for row in budget if row[0] == fy_label(year)) for year in FUND_YEARS}
    projects, spans = [], []
    for index, (name, provider, pillar, level, district, _reach) in enumerate(PROJECTS, start=1):
        first, last = sorted(int(y) for y in rng.choice(FUND_YEARS, 2))
        if index == 1 or index - 1 == OVERSPENT_PROJECT:  # one project every year; the overspend has spend
            first, last = FUND_YEARS[0], max(last, FUND_YEARS[1])
        start = dt.date(first, int(rng.choice([4, 5, 6, 7, 9])), 1)
        end = dt.date(last + 1, 3, 31)
        projects.append([f"CF-{index:02d}", name, provider, pillar, level, district, start, end])
        spans.append((first, last, start))
    weights = rng.uniform(0.6, 1.6, len(PROJECTS))
    quarters = []
    for year in FUND_YEARS:
        active = [i for i, (first, last, _s) in enumerate(spans) if first <= year <= last]
        share = weights[active] / weights[active].sum() * totals[year] * COMMITTED_SHARE[year]
        for i, annual in zip(active, share, strict=True):
            quarters += _project_quarters(rng, i, year, float(annual), spans[i][2], as_of)
    return [budget, projects, quarters]


def _project_quarters(rng, index: int, year: int, annual: float, start: dt.date, as_of: dt.date) -> list[list]:
    rows = []
    live = [q for q in range(1, 5) if _quarter_end(year, q) >= start]
    for quarter in live:
        committed = float(round(annual / len(live), -1))
        ended = _quarter_end(year, quarter) <= as_of
        rate = 1.12 if index == OVERSPENT_PROJECT else rng.uniform(0.78, 1.0)
        spent = round(committed * rate, 2) if ended else None
        reach = int(rng.poisson(PROJECTS[index][5])) if ended else None
        rows.append([f"CF-{index + 1:02d}", fy_label(year), f"Q{quarter}", committed, spent, reach])
    return rows


# --- Offensive Weapons Homicide Reviews ---------------------------------------------------------

HOMICIDE_CODES = ("001/00", "004/01")
PARTNERS = "Warwickshire Police;Warwickshire County Council;NHS Coventry and Warwickshire ICB"
RECOMMENDATIONS = (
    ("Share A&E attendance alerts for young adults known to services with the youth justice service",
     "NHS Coventry and Warwickshire ICB"),
    ("Review the information-sharing agreement between the police and the youth justice service",
     "Warwickshire Police"),
    ("Include weapon carrying in the exploitation screening tool", "Warwickshire County Council"),
    ("Offer bereavement support to witnesses as well as families", "Office of the Police and Crime Commissioner"),
    ("Record housing instability in probation risk assessments", "Probation Service"),
    ("Train GP practice staff to ask about violence at home and in the community", "NHS Coventry and Warwickshire ICB"),
    ("Agree a single point of contact for schools when a former pupil is killed", "Warwickshire County Council"),
)


def qualifying_homicides(out_dir: Path, since: dt.date) -> pd.DataFrame:
    """Homicides of the generated force extract since `since` with a victim aged 18 or over and a
    weapon: crime_reference and the date of the offence (the first of the month when unknown)."""
    frames = [pd.read_csv(path, dtype=str, keep_default_na=False,
                          usecols=["crime_reference", "month", "offence_datetime", "ho_offence_code", "weapon",
                                   "victim_age"])
              for path in sorted((out_dir / "force_extract").glob("*.csv"))
              if path.name[:7] >= f"{since:%Y-%m}"]
    if not frames:
        return pd.DataFrame(columns=["crime_reference", "offence_date"])
    rows = pd.concat(frames, ignore_index=True)
    age = pd.to_numeric(rows["victim_age"], errors="coerce")
    rows = rows[rows["ho_offence_code"].isin(HOMICIDE_CODES) & (rows["weapon"] != "none") & (age >= 18)]
    day = rows["offence_datetime"].str[:10]  # "YYYY-MM-DD HH:MM" or empty
    when = pd.to_datetime(day.where(day != "", rows["month"] + "-01"), format="%Y-%m-%d")
    return pd.DataFrame({"crime_reference": rows["crime_reference"], "offence_date": when.dt.date}).sort_values(
        ["offence_date", "crime_reference"]).reset_index(drop=True)


def review_rows(rng, homicides: pd.DataFrame, as_of: dt.date) -> tuple[list[list], list[list]]:
    """(reviews, recommendations): the six latest qualifying homicides, with unlinked cases from 2024
    added when there are fewer than five (a homicide recorded by another force, say)."""
    cases = [(row.crime_reference, row.offence_date) for row in homicides.tail(6).itertuples()]
    while len(cases) < 5:
        cases.append(("", dt.date(2024, 5, 1) + _days(rng, 0, 210)))
    cases.sort(key=lambda case: case[1])
    reviews, recommendations = [], []
    for number, (reference, died) in enumerate(cases, start=1):
        aware = min(died + _days(rng, 1, 4), as_of)
        review_id = f"OWHR-{aware.year}-{number:02d}"
        row = _review(rng, [review_id, reference, aware], as_of, _role(number, len(cases)))
        reviews.append(row)
        recommendations += _recommendations(rng, review_id, row, as_of)
    return reviews, recommendations


def _role(number: int, count: int) -> str:
    """What happens to the case: the oldest review runs over its deadline, the second is completed,
    the third is not required (a domestic homicide review instead), the last but one is decided late
    and the newest awaits a decision (overdue once a month old)."""
    roles = {1: "overdue", 2: "completed", 3: "not_required", count - 1: "late_decision", count: "pending"}
    return roles.get(number, "normal")


def _review(rng, case: list, as_of: dt.date, role: str) -> list:
    """One row of the reviews sheet for a case [review_id, crime_reference, aware_date]."""
    aware = case[2]
    decided = aware + (_days(rng, 40, 50) if role == "late_decision" else _days(rng, 12, 28))
    if role == "pending" or decided > as_of:
        return [*case, "pending", None, None, None, "awaiting_decision", PARTNERS, None]
    notified = decided + _days(rng, 1, 6)
    notified = notified if notified <= as_of else None
    if role == "not_required":
        return [*case, "no", decided, "Domestic homicide review held instead (s.26)", notified, "not_required",
                PARTNERS, None]
    finished = decided + _days(rng, 270, 340)
    if role == "overdue" or finished > as_of:
        stage = "draft_report" if role != "overdue" and rng.random() < 0.4 else "in_progress"
        return [*case, "yes", decided, None, notified, stage, PARTNERS, None]
    return [*case, "yes", decided, None, notified, "completed", PARTNERS, finished]


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _recommendations(rng, review_id: str, review: list, as_of: dt.date) -> list[list]:
    if review[7] not in ("completed", "draft_report"):
        return []
    base = review[9] or as_of - dt.timedelta(days=30)
    rows = []
    for index in rng.choice(len(RECOMMENDATIONS), int(rng.integers(3, 6)), replace=False):
        due = base + _days(rng, 60, 360)
        status = str(rng.choice(["complete", "on_track", "at_risk"], p=[0.5, 0.3, 0.2])) if due < as_of else \
            str(rng.choice(["on_track", "at_risk", "not_started"], p=[0.6, 0.25, 0.15]))
        done = min(due - _days(rng, 0, 40), as_of) if status == "complete" else None
        text, owner = RECOMMENDATIONS[int(index)]
        rows.append([review_id, f"{review_id}-R{len(rows) + 1}", text, owner, due, status, done])
    return rows


# --- the training programme ----------------------------------------------------------------

# (agency, district, share of sessions)
AGENCIES = (
    ("George Eliot Hospital NHS Trust", "E07000219", 0.16),
    ("South Warwickshire University NHS Foundation Trust", "E07000222", 0.16),
    ("University Hospitals Coventry and Warwickshire (Hospital of St Cross, Rugby)", "E07000220", 0.08),
    ("Coventry and Warwickshire Partnership NHS Trust", COUNTY, 0.12),
    ("GP practices", None, 0.22),
    ("West Midlands Ambulance Service", COUNTY, 0.06),
    ("School nursing (Warwickshire County Council)", None, 0.10),
    ("Warwickshire Fire and Rescue Service", None, 0.05),
    ("Substance misuse services (CGL Warwickshire)", None, 0.05),
)
TRAINING_START = dt.date(2024, 6, 1)
TOPIC_SHARES = {"serious_violence_duty": 0.35, "identify_and_refer": 0.5, "trauma_informed_practice": 0.15}
REFERRALS_PER_TRAINED_MONTH = 0.035


def published_referrals(out_dir: Path) -> dict[int, int]:
    """Financial year start -> the county numerator of trained_practitioner_referrals published in
    the generated indicator-values file."""
    path = out_dir / "indicators" / "indicator-values.csv"
    if not path.is_file():
        return {}
    values = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = values[(values["indicator_id"] == "trained_practitioner_referrals") & (values["area_code"] == COUNTY)]
    return {int(row.period_start[:4]): int(float(row.numerator)) for row in rows.itertuples() if row.numerator}


def session_rows(rng, as_of: dt.date) -> list[list]:
    rows, day = [], TRAINING_START
    shares = np.array([agency[2] for agency in AGENCIES])
    while day <= as_of:
        if day.weekday() < 5 and rng.random() < 0.32:
            agency, home, _share = AGENCIES[int(rng.choice(len(AGENCIES), p=shares / shares.sum()))]
            online = rng.random() < 0.3
            district = COUNTY if online else (home or str(rng.choice(DISTRICTS)))
            topic = str(rng.choice(list(TOPIC_SHARES), p=list(TOPIC_SHARES.values())))
            rows.append([f"TR-{len(rows) + 1:04d}", day, agency, district, topic,
                         "online" if online else "in_person", int(rng.integers(6, 31))])
        day += dt.timedelta(days=1)
    return rows


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], dt.date(first.year, first.month, 1)
    while month <= last:
        months.append(month)
        month = _add_months(month, 1)
    return months


def _expected_referrals(sessions: list[list], as_of: dt.date) -> pd.DataFrame:
    """Expected referrals per month, agency and district: a share of the practitioners the agency had
    trained in the district by the end of the month before."""
    trained: dict[tuple[str, str], dict[dt.date, int]] = {}
    for _id, day, agency, district, _topic, _mode, count in sessions:
        by_month = trained.setdefault((agency, district), {})
        by_month[day.replace(day=1)] = by_month.get(day.replace(day=1), 0) + count
    rows = []
    for (agency, district), by_month in sorted(trained.items()):
        so_far = 0
        for month in _month_starts(TRAINING_START, as_of):
            if so_far:
                rows.append((month, agency, district, so_far * REFERRALS_PER_TRAINED_MONTH))
            so_far += by_month.get(month, 0)
    return pd.DataFrame(rows, columns=["month", "agency", "district", "expected"])


def training_rows(rng, as_of: dt.date, published: dict[int, int]) -> list[list[list]]:
    """[sessions, referrals]; referrals add up to the published county numerator in each year it covers."""
    sessions = session_rows(rng, as_of)
    expected = _expected_referrals(sessions, as_of)
    fy = np.array([m.year - (m.month < 4) for m in expected["month"]])
    rates = expected["expected"].to_numpy()
    last_month = max(expected["month"], default=TRAINING_START)
    matched = {year: total for year, total in published.items()
               if (fy == year).any() and last_month >= dt.date(year + 1, 3, 1)}
    if matched:  # later years continue at the level of the last published one
        last = max(matched)
        rates = np.where(fy > last, rates * matched[last] / rates[fy == last].sum(), rates)
    counts = rng.poisson(rates)
    for year, total in matched.items():
        cells = np.flatnonzero(fy == year)
        counts[cells] = rng.multinomial(total, rates[cells] / rates[cells].sum())
    referrals = [[month.strftime("%Y-%m"), agency, district, int(count)] for month, agency, district, count in
                 zip(expected["month"], expected["agency"], expected["district"], counts, strict=True)]
    return [sessions, sorted(referrals)]
