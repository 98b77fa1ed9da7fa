"""The Overview's tiles and district table (Streamlit rendering; the arithmetic is in stats/)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stats.change import CountChange, compare_counts, dispersion_from_monthly
from ui.components import definition, measure, table_with_download
from ui.filters import Filters
from ui.periods import Period, add_months

# tile key (reference/measures.csv) -> column of the measure queries
TILES = (
    ("serious_violence", "offence_count"),
    ("rate_per_1000", "offence_count"),
    ("knife_sharp", "knife_sharp_count"),
    ("under_25_victims", "under_25_victim_count"),  # from victims_under_25_total (people rule)
    ("robbery", "robbery_count"),
    ("possession_of_weapons", "weapons_count"),
)
DETAIL_ONLY = {"knife_sharp", "under_25_victims"}


def trend_window(filters: Filters) -> Period:
    """The months the trend shows: the comparison period, the period, and at least 36 months."""
    start = min(filters.comparison.start, add_months(filters.period.end, -35))
    return Period(start, filters.period.end)


def _period_sum(monthly: pd.DataFrame, column: str, period: Period) -> pd.Series:
    months = monthly["month"].dt.date
    return monthly.loc[(months >= period.start) & (months <= period.end), column]


def assess_change(
    monthly: pd.DataFrame, column: str, filters: Filters, current: int, previous: int
) -> CountChange:
    """Compare the two periods' counts, widening for the month-to-month variation seen.

    Victim counts have no monthly series (they are suppressed per cell); their dispersion is the
    offence series' thinned to their share: phi = 1 + (phi_all - 1) x share, as for a negative
    binomial count whose mean is scaled by the share.
    """
    source = column if column in monthly.columns else "offence_count"
    phi = dispersion_from_monthly(
        _period_sum(monthly, source, filters.period), _period_sum(monthly, source, filters.comparison)
    )
    if source != column:
        total = int(_period_sum(monthly, source, filters.period).sum())
        phi = 1 + (phi - 1) * (current / total if total else 0)
    return compare_counts(current, previous, dispersion=phi)


def change_sentence(change: CountChange) -> str:
    """Plain words (the metric above shows the arrow), so the verdict never relies on colour."""
    if change.change_pct is None:
        return "No comparison: nothing was recorded in the comparison period."
    verdict = (
        f"**Beyond normal variation** ({'a real rise' if change.direction == 'up' else 'a real fall'})"
        if change.beyond_normal_variation
        else "Within normal variation"
    )
    return (
        f"{change.change_pct:+.1f}% on the comparison period. {verdict} "
        f"(95% interval of the ratio: {change.ratio_lower:.2f} to {change.ratio_upper:.2f})."
    )


def headline_tiles(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    monthly: pd.DataFrame,
    filters: Filters,
    comparison_loaded: bool,
    victims: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """Six tiles; county figures are the sums of the district rows.

    When the comparison period's months are not all loaded, no change is shown: a rise from
    "nothing loaded" is not a rise.
    """
    population = int(current["pop_all_ages"].sum())
    columns = st.columns(3)
    for index, (key, column) in enumerate(TILES):
        if key == "under_25_victims":
            now, before = (frame[column].iloc[0] for frame in victims)
        else:
            now, before = int(current[column].sum()), int(previous[column].sum())
        with columns[index % 3].container(border=True, key=f"overview.tile.{key}"):
            if pd.isna(now):
                _suppressed_tile(key, filters)
                continue
            before = None if not comparison_loaded or pd.isna(before) else int(before)
            _tile(key, column, int(now), before, population, current, monthly, filters)


def _suppressed_tile(key: str, filters: Filters) -> None:
    st.metric(measure(key)["label"], "[c]")
    st.caption("Suppressed: counts of 1 to the threshold about people are not shown (disclosure control).")
    definition(key, filters.period.label())


def _tile(key, column, now, before, population, current, monthly, filters) -> None:
    label = filters.offence_label if key == "serious_violence" else measure(key)["label"]
    detail_total = int(current["offence_count_with_detail"].sum())
    if key in DETAIL_ONLY and detail_total == 0:
        st.metric(label, "Not available")
        st.caption(
            "police.uk files carry no weapon flag or ages; no force extract is loaded for this period."
        )
        definition(key, filters.period.label())
        return
    value = f"{1000 * now / population:.2f}" if key == "rate_per_1000" else f"{now:,}"
    if before is None:
        st.metric(label, value)
        st.caption(f"No comparison: {filters.comparison.label()} is not fully loaded.")
    else:
        delta = (
            f"{1000 * (now - before) / population:+.2f}" if key == "rate_per_1000" else f"{now - before:+,}"
        )
        st.metric(
            label, value, delta=delta, delta_color="inverse", delta_description="on the comparison period"
        )
        st.caption(change_sentence(assess_change(monthly, column, filters, now, before)))
    if key in DETAIL_ONLY and detail_total < int(current["offence_count"].sum()):
        share = 100 * detail_total / max(int(current["offence_count"].sum()), 1)
        st.caption(f"From the force extract, which covers {share:.0f}% of these offences in the period.")
    definition(key, filters.period.label())


def district_table(current: pd.DataFrame, previous: pd.DataFrame, filters: Filters) -> None:
    """District rows with a county total row that is their sum."""
    table = current[["district_name", "offence_count", "rate_per_1000", "pop_all_ages"]].copy()
    table["previous_count"] = (
        previous.set_index("district_code").loc[current["district_code"], "offence_count"].to_numpy()
    )
    total = pd.DataFrame(
        [
            {
                "district_name": "Chosen districts (total)",
                "offence_count": table["offence_count"].sum(),
                "pop_all_ages": table["pop_all_ages"].sum(),
                "previous_count": table["previous_count"].sum(),
            }
        ]
    )
    total["rate_per_1000"] = 1000 * total["offence_count"] / total["pop_all_ages"]
    table = pd.concat([table, total], ignore_index=True)
    table["change_pct"] = (
        100 * (table["offence_count"] - table["previous_count"]) / table["previous_count"]
    ).round(1)
    table["rate_per_1000"] = table["rate_per_1000"].round(2)
    table = table.rename(
        columns={
            "district_name": "District",
            "offence_count": "Offences",
            "rate_per_1000": "Rate per 1,000",
            "pop_all_ages": "Residents (Census 2021)",
            "previous_count": "Comparison period",
            "change_pct": "Change %",
        }
    )
    table_with_download(
        table,
        key="overview.districts",
        filename="overview-districts",
        caption="The total row is the sum of the district rows.",
    )


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """The latest month loaded per source and force, in words."""
    table = sources.copy()
    for column in ("first_month", "latest_month"):
        table[column] = pd.to_datetime(table[column]).dt.strftime("%b %Y")
    table["source"] = table["source"].map({"police.uk": "data.police.uk", "force_extract": "Force crime extract"})
    return table.rename(columns={
        "source": "Source", "force": "Force", "first_month": "First month", "latest_month": "Latest month",
        "row_count": "Records in use",
    })
