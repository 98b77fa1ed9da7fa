"""What the meeting pack says: numbers and words gathered from the named queries, no rendering.

Headlines reuse the Overview's change test (ui/overview.py); the indicator table reuses
ui/indicators.py; cross-border and cohort summaries appear only when those pages are registered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from queries import run_query
from queries.disclosure import MARKER
from stats.intervals import wilson_ci
from ui.commentary import latest_commentary
from ui.filters import WARWICKSHIRE_DISTRICTS, Filters
from ui.indicators import fy_end, fy_start_year, indicator_table
from ui.overview import TILES, assess_change, change_sentence, trend_window
from ui.periods import Period, add_months

LATEST_12 = "latest_12_months"


@dataclass
class PackContent:
    meeting_date: dt.date
    period: Period
    period_label: str
    indicator_year: str
    latest_month: dt.date
    headlines: list[dict]
    indicators: pd.DataFrame
    series: dict
    definitions: pd.DataFrame
    districts: pd.DataFrame
    rates: pd.DataFrame
    monthly: pd.DataFrame
    commentary: list[dict]
    crossborder: dict | None = None
    cohort: dict | None = None
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)


def resolve_period(choice: str, latest_month: dt.date) -> tuple[Period, str, str]:
    """(months under review, their label, the financial year of the indicator table)."""
    from ui.indicators import default_year

    if choice == LATEST_12:
        period = Period(add_months(latest_month, -11), latest_month)
        return period, f"12 months to {latest_month:%B %Y}", default_year(latest_month)
    start = dt.date(fy_start_year(choice), 4, 1)
    return Period(start, fy_end(choice)), f"financial year {choice}", choice


def registered_paths() -> set[str]:
    import dashboard

    return {entry.path for entry in dashboard.REGISTRY}


def gather(meeting_date: dt.date, choice: str) -> PackContent:
    """Everything the pack shows for a meeting date and a period choice."""
    latest_month = run_query("months_available")["month"].dt.date.max()
    period, label, year = resolve_period(choice, latest_month)
    filters = Filters(period, tuple(WARWICKSHIRE_DISTRICTS), "serious_violence")
    current = run_query("offence_measures_by_district", **filters.params())
    previous = run_query("offence_measures_by_district", **filters.params(filters.comparison))
    monthly = run_query("offence_measures_by_month", **filters.params(trend_window(filters)))
    victims = [run_query("victims_under_25_total", **filters.params(p)) for p in (period, filters.comparison)]
    months_loaded = set(run_query("months_available")["month"].dt.date)
    comparison_loaded = all(month in months_loaded for month in filters.comparison.month_list())
    rates = run_query("offence_rate_by_district", start=period.start, end=period.end,
                      offence_group="serious_violence")
    table, series, definitions = indicator_table(year, latest_month)
    notes = latest_commentary(year)
    commentary = [{"name": name, **notes[ind]} for ind, name in zip(definitions["indicator_id"],
                                                                     definitions["short_name"], strict=True)
                  if ind in notes]
    paths = registered_paths()
    return PackContent(
        meeting_date=meeting_date, period=period, period_label=label, indicator_year=year,
        latest_month=latest_month,
        headlines=headlines(current, previous, monthly, filters, comparison_loaded, victims),
        indicators=table, series=series, definitions=definitions,
        districts=district_rows(current, previous), rates=rates, monthly=monthly, commentary=commentary,
        crossborder=crossborder_summary(period) if "pages/cross_border.py" in paths else None,
        cohort=cohort_summary(year, latest_month) if "pages/cohort.py" in paths else None,
        sources=run_query("latest_month_by_source"),
    )


def headlines(current, previous, monthly, filters: Filters, comparison_loaded: bool, victims) -> list[dict]:
    """The Overview's six tiles as data: label, value, change and the plain-words verdict."""
    from ui.components import measure

    population = int(current["pop_all_ages"].sum())
    tiles = []
    for key, column in TILES:
        if key == "under_25_victims":
            now, before = (frame[column].iloc[0] for frame in victims)
        else:
            now, before = int(current[column].sum()), int(previous[column].sum())
        label = filters.offence_label if key == "serious_violence" else measure(key)["label"]
        if pd.isna(now):
            tiles.append({"key": key, "label": label, "value": MARKER, "delta": "",
                          "sentence": "Suppressed: a small count about people (disclosure control)."})
            continue
        now = int(now)
        before = None if not comparison_loaded or pd.isna(before) else int(before)
        tiles.append(_tile(key, column, label, now, before, population, monthly, filters))
    return tiles


def _tile(key, column, label, now, before, population, monthly, filters) -> dict:
    rate = key == "rate_per_1000"
    value = f"{1000 * now / population:.2f}" if rate else f"{now:,}"
    if before is None:
        return {"key": key, "label": label, "value": value, "delta": "",
                "sentence": f"No comparison: {filters.comparison.label()} is not fully loaded."}
    delta = f"{1000 * (now - before) / population:+.2f}" if rate else f"{now - before:+,}"
    sentence = change_sentence(assess_change(monthly, column, filters, now, before))
    return {"key": key, "label": label, "value": value, "delta": delta, "sentence": sentence}


def district_rows(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    table = current[["district_code", "district_name", "offence_count", "rate_per_1000"]].copy()
    before = previous.set_index("district_code")["offence_count"]
    table["previous_count"] = table["district_code"].map(before).fillna(0).astype(int)
    table["change_pct"] = 100 * (table["offence_count"] - table["previous_count"]) / table["previous_count"].where(
        table["previous_count"] > 0)
    return table


def crossborder_summary(period: Period) -> dict:
    """Import/export of serious violence across the county boundary (people rule applied)."""
    balance = run_query("crossborder_balance_by_source", start=period.start, end=period.end)
    extract = balance[balance["source"] == "force_extract"].set_index("direction")

    def count(direction: str):
        if direction not in extract.index or extract.loc[direction, "offence_count_suppressed"]:
            return MARKER
        return f"{int(extract.loc[direction, 'offence_count']):,}"

    return {"import": count("import"), "export": count("export"), "all": count("all")}


def cohort_summary(year: str, latest_month: dt.date) -> dict:
    """Interventions started by level in a financial year, and proven reoffending for the latest
    year of entry up to it whose 12-month follow-up is complete."""
    reoffending = run_query("cohort_reoffending_by_level")
    mask = (reoffending["agency"] == "all") & (reoffending["level"] == "all")
    rows = reoffending[mask & (reoffending["financial_year"] != "all")]
    rows = rows[~rows["person_count_suppressed"] & ~rows["reoffended_count_suppressed"]]
    followed_up = [dt.date(fy_start_year(fy) + 2, 3, 1) <= latest_month for fy in rows["financial_year"]]
    rows = rows[followed_up]
    latest = None
    if len(rows):
        chosen = rows[rows["financial_year"] <= year].tail(1)
        chosen = chosen if len(chosen) else rows.tail(1)
        last = chosen.iloc[0]
        interval = wilson_ci(int(last["reoffended_count"]), int(last["person_count"]))
        latest = {"year": last["financial_year"], "people": int(last["person_count"]),
                  "reoffended": int(last["reoffended_count"]), "pct": 100 * interval.value,
                  "lower": 100 * interval.lower, "upper": 100 * interval.upper}
    levels = run_query("cohort_interventions_by_level")
    levels = levels[(levels["financial_year"] == year) & (levels["agency"] == "all") & (levels["pillar"] == "all")]
    started = {row["level"]: (MARKER if row["started_count_suppressed"] else f"{int(row['started_count']):,}")
               for _, row in levels.iterrows()}
    return {"reoffending": latest, "started": started, "year": year}
