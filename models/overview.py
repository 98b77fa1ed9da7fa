"""The Overview: headline measures for the period, whether each change is beyond normal
variation, the district table, the monthly trend and where the figures come from. The meeting
pack's headlines are this model's tiles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from access.context import current_viewer
from access.policy import DISTRICT
from models import people, reference
from models.filters import Filters
from models.periods import Period, fy_period, window_ending
from queries import run_query
from queries.disclosure import MARKER
from queries.runner import per_snapshot
from stats.change import CountChange, change_between_periods, compare_counts, paired_dispersion, t_widening

# tile key (measures table) -> the count column it shows
TILES = (
    ("serious_violence", "offence_count"),
    ("rate_per_1000", "offence_count"),
    ("knife_sharp", "knife_sharp_count"),
    ("under_25_victims", "victim_count"),  # victims_by_age_band, whole financial years (people rule)
    ("robbery", "robbery_count"),
    ("possession_of_weapons", "weapons_count"),
)
# Measures only the force extract records (police.uk files carry no weapon flag and no ages).
DETAIL_ONLY = frozenset({"knife_sharp", "under_25_victims"})
TREND_MONTHS = 36


@dataclass(frozen=True)
class Tile:
    """One headline number as shown: `state` is 'shown', 'suppressed' or 'not_available'."""

    key: str
    label: str
    state: str
    value: str
    delta: str | None
    sentence: str
    notes: tuple[str, ...]
    change: CountChange | None = None


@dataclass(frozen=True)
class OverviewModel:
    filters: Filters
    has_data: bool
    comparison_loaded: bool
    tiles: tuple[Tile, ...]
    districts: pd.DataFrame  # one row per chosen district and a total row (is_total)
    rates: pd.DataFrame  # rate per 1,000 for every Warwickshire district (the map)
    monthly: pd.DataFrame  # month, offence_count, ... over `trend_period`
    trend_period: Period
    unlocated_count: int
    latest_month: dt.date
    sources: pd.DataFrame


def trend_period(filters: Filters) -> Period:
    """The months the trend shows: the comparison period, the period, and at least 36 months."""
    return window_ending(filters.period.end, TREND_MONTHS, filters.comparison.start)


@per_snapshot()
def overview_model(filters: Filters) -> OverviewModel:
    """Everything the Overview (and the pack's headline page) shows for the filters."""
    current = run_query("offence_measures_by_district", **filters.params())
    previous = run_query("offence_measures_by_district", **filters.params(filters.comparison))
    window = trend_period(filters)
    monthly = run_query("offence_measures_by_month", **filters.params(window))
    loaded = set(run_query("months_available")["month"].dt.date)
    comparison_loaded = all(month in loaded for month in filters.comparison.month_list())
    scope = {"start": filters.period.start, "end": filters.period.end, "offence_group": filters.offence_group}
    sources = run_query("latest_month_by_source")
    return OverviewModel(
        filters=filters,
        has_data=bool(current["offence_count"].sum() or previous["offence_count"].sum()),
        comparison_loaded=comparison_loaded,
        tiles=headline_tiles(current, previous, monthly, filters, comparison_loaded),
        districts=district_table(current, previous),
        rates=run_query("offence_rate_by_district", **scope),
        monthly=monthly,
        trend_period=window,
        unlocated_count=int(run_query("unlocated_count_by_status", **scope)["row_count"].sum()),
        latest_month=max(loaded),
        sources=sources,
    )


def headline_tiles(current, previous, monthly, filters: Filters, comparison_loaded: bool) -> tuple[Tile, ...]:
    """The six tiles; county figures are the sums of the district rows. When the comparison
    period's months are not all loaded, no change is shown: a rise from "nothing loaded" is not
    a rise. Victims under 25 are counted for whole financial years (models/people.py)."""
    population = int(current["pop_all_ages"].sum())
    tiles = []
    for key, column in TILES:
        label = filters.offence_label if key == "serious_violence" else reference.measure(key)["label"]
        if key in DETAIL_ONLY and int(current["offence_count_with_detail"].sum()) == 0:
            tiles.append(_not_available(key, label))
        elif key == "under_25_victims" and not current_viewer().may_see(DISTRICT):
            # Open mode on partner data (access/policy.py): the Overview shows open data only.
            tiles.append(_not_available(key, label, "Counts about people are not shown to this viewer."))
        elif key == "under_25_victims":
            tiles.append(victims_tile(label, filters))
        else:
            before = int(previous[column].sum()) if comparison_loaded else None
            tiles.append(_tile(key, column, label, int(current[column].sum()), before, population, current, monthly,
                               filters))
    return tuple(tiles)


def _not_available(key: str, label: str, reason: str = "") -> Tile:
    return Tile(key, label, "not_available", "Not available", None,
                reason or "police.uk files carry no weapon flag or ages; no force extract is loaded for this period.",
                ())


def victims_tile(label: str, filters: Filters) -> Tile:
    """Offences with a victim under 25 in the latest whole financial year of the period, against the
    year before, from the protected victims table; hidden ([c]) when a cell it adds up is."""
    cube = run_query("victims_by_age_band")
    year = people.people_year(filters)
    before_year = people.previous_year(year)
    label = f"{label}, {year}"
    if not people.year_published(cube, year):
        return _not_available("under_25_victims", label, f"The force extract does not cover the whole of {year}.")
    chosen = {"district_code": people.districts_of(filters), "offence_group": filters.offence_group,
              "age_band": "Under 25"}
    now = people.cell(cube, "victim_count", period=year, **chosen)
    note = (people.PERIOD_NOTE.format(year=year),)
    if pd.isna(now):
        return Tile("under_25_victims", label, "suppressed", MARKER, None,
                    "Suppressed: a count of 1 to the threshold about people, or a count hidden so that one cannot "
                    "be worked out (disclosure control).", note)
    before = (people.cell(cube, "victim_count", period=before_year, **chosen)
              if people.year_published(cube, before_year) else pd.NA)
    if pd.isna(before):
        return Tile("under_25_victims", label, "shown", f"{int(now):,}", None,
                    f"No comparison: {before_year} is not published (not loaded, or suppressed).", note)
    change = victims_change(int(now), int(before), year, before_year, filters)
    return Tile("under_25_victims", label, "shown", f"{int(now):,}", f"{int(now) - int(before):+,}",
                change_sentence(change), (note[0] + f" Compared with {before_year}.",), change)


def victims_change(now: int, before: int, year: str, before_year: str, filters: Filters) -> CountChange:
    """The change test for victims: the month-paired dispersion of the offences in the two years,
    thinned to the victims' share (phi = 1 + (phi_all - 1) x share, as for a negative binomial
    count whose mean is scaled by the share)."""
    months = run_query("offence_measures_by_month", **filters.params(Period(fy_period(before_year).start,
                                                                            fy_period(year).end)))
    counts = months["offence_count"].to_numpy()
    estimate = paired_dispersion(counts[12:], counts[:12])
    share = now / counts[12:].sum() if counts[12:].sum() else 0.0
    phi = 1 + (estimate.phi - 1) * min(share, 1.0)
    widening = t_widening(estimate.df)
    return compare_counts(now, before, dispersion=max(phi, 1 / widening), dispersion_df=estimate.df or None)


def _tile(key, column, label, now, before, population, current, monthly, filters: Filters) -> Tile:
    rate = key == "rate_per_1000"
    value = f"{1000 * now / population:.2f}" if rate else f"{now:,}"
    notes = []
    if key in DETAIL_ONLY:
        detail, total = int(current["offence_count_with_detail"].sum()), int(current["offence_count"].sum())
        if detail < total:
            notes.append(f"From the force extract, which covers {100 * detail / max(total, 1):.0f}% of these "
                         "offences in the period.")
    if before is None:
        return Tile(key, label, "shown", value, None, f"No comparison: {filters.comparison.label()} is not fully "
                    "loaded.", tuple(notes))
    delta = f"{1000 * (now - before) / population:+.2f}" if rate else f"{now - before:+,}"
    change = assess_change(monthly, column, filters)
    return Tile(key, label, "shown", value, delta, change_sentence(change), tuple(notes), change)


def _period_counts(monthly: pd.DataFrame, column: str, period: Period) -> pd.Series:
    months = monthly["month"].dt.date
    return monthly.loc[(months >= period.start) & (months <= period.end), column]


def assess_change(monthly: pd.DataFrame, column: str, filters: Filters) -> CountChange:
    """Compare the period's count with the comparison period's, month k paired with month k
    (stats.change.change_between_periods: seasonality shared by the two periods cancels)."""
    return change_between_periods(_period_counts(monthly, column, filters.period).to_numpy(),
                                  _period_counts(monthly, column, filters.comparison).to_numpy())


def change_sentence(change: CountChange) -> str:
    """Plain words (markdown bold) so that the verdict never relies on colour or an arrow."""
    if change.change_pct is None:
        return "No comparison: nothing was recorded in the comparison period."
    if change.beyond_normal_variation:
        verdict = f"**Beyond normal variation** ({'a real rise' if change.direction == 'up' else 'a real fall'})"
    else:
        verdict = "Within normal variation"
    return (f"{change.change_pct:+.1f}% on the comparison period. {verdict} "
            f"(95% interval of the ratio: {change.ratio_lower:.2f} to {change.ratio_upper:.2f}).")


def district_table(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """District rows and a total row that is their sum: counts, rate per 1,000, change %."""
    table = current[["district_code", "district_name", "offence_count", "pop_all_ages"]].copy()
    before = previous.set_index("district_code")["offence_count"]
    table["previous_count"] = table["district_code"].map(before).fillna(0).astype("int64")
    table["is_total"] = False
    total = pd.DataFrame([{
        "district_code": "total", "district_name": "Chosen districts (total)", "is_total": True,
        **{column: int(table[column].sum()) for column in ("offence_count", "pop_all_ages", "previous_count")},
    }])
    table = pd.concat([table, total], ignore_index=True)
    table["rate_per_1000"] = 1000 * table["offence_count"] / table["pop_all_ages"]
    previous_counts = table["previous_count"].where(table["previous_count"] > 0)
    table["change_pct"] = 100 * (table["offence_count"] - table["previous_count"]) / previous_counts
    return table
