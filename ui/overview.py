"""Rendering of the Overview model: the six tiles and the district table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.overview import OverviewModel, Tile
from models.watchlist import FDR, MONTHS, WatchList
from ui.components import definition, table_with_download

DISTRICT_COLUMNS = {
    "district_name": "District", "offence_count": "Offences", "rate_per_1000": "Rate per 1,000",
    "pop_all_ages": "Residents (Census 2021)", "previous_count": "Comparison period", "change_pct": "Change %",
}
SOURCE_NAMES = {"police.uk": "data.police.uk", "force_extract": "Force crime extract"}


def render_tiles(model: OverviewModel) -> None:
    """Three columns of bordered tiles, each with its definition one click away."""
    columns = st.columns(3)
    for index, tile in enumerate(model.tiles):
        with columns[index % 3].container(border=True, key=f"overview.tile.{tile.key}"):
            _tile(tile, model.filters.period.label())


def _tile(tile: Tile, period_label: str) -> None:
    if tile.delta is None:
        st.metric(tile.label, tile.value)
    else:
        st.metric(tile.label, tile.value, delta=tile.delta, delta_color="inverse",
                  delta_description="on the comparison period")
    st.caption(tile.sentence)
    for note in tile.notes:
        st.caption(note)
    definition(tile.key, period_label)


def district_table(model: OverviewModel) -> None:
    """District rows with the total row that is their sum."""
    table = model.districts[list(DISTRICT_COLUMNS)].copy()
    table["rate_per_1000"] = table["rate_per_1000"].round(2)
    table["change_pct"] = table["change_pct"].round(1)
    table_with_download(table.rename(columns=DISTRICT_COLUMNS), key="overview.districts",
                        filename="overview-districts", caption="The total row is the sum of the district rows.")


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """The latest month loaded per source and force, in words."""
    table = sources.copy()
    for column in ("first_month", "latest_month"):
        table[column] = pd.to_datetime(table[column]).dt.strftime("%b %Y")
    table["source"] = table["source"].map(SOURCE_NAMES)
    return table.rename(columns={"source": "Source", "force": "Force", "first_month": "First month",
                                 "latest_month": "Latest month", "row_count": "Records in use"})


def render_watch_list(watch: WatchList) -> None:
    """What changed beyond normal variation last month, first, each with its chart one click away."""
    month = f"{watch.latest_month:%B %Y}"
    with st.container(border=True, key="overview.watchlist"):
        st.markdown(f"**Watch list, {month}:** {len(watch.signals)} of {watch.scanned} series (offence group x "
                    "district and county) changed beyond normal variation in the latest month.")
        for signal in watch.signals:
            word = "Concern" if signal.icon == "special_cause_concern" else "Improvement"
            link = (f"trends?offence={signal.selector}&dimension=total&grain=month"
                    + ("" if signal.area_code == "all" else f"&district={signal.area_code}"))
            st.markdown(f"- **{word}.** {signal.sentence} [Open the chart]({link})")
        if not watch.signals:
            st.caption(f"{watch.candidates} series signalled a special cause before the false-discovery control; "
                       "none is more than chance would give across the scan.")
        with st.popover("How the watch list is made", icon=":material/info:", key="overview.watchlist_definition"):
            st.markdown(
                f"Every offence group in every district and the county is charted over the last {MONTHS} months "
                "(XmR chart, NHS Making Data Count rules as NHSRplotthedots applies them). A series is listed when "
                "its latest month is a special cause and the signal survives a false-discovery-rate control "
                f"(Benjamini-Hochberg at {FDR:.0%}) across all the series scanned: each signal's p-value is the "
                "chance that its rule fires at the latest month when nothing has changed. Offence counts by "
                "place: no suppression needed. Source: data.police.uk and the Warwickshire Police crime extract.")
