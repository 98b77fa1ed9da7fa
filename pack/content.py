"""What the meeting pack says: gathered from the page models, no rendering.

Headlines are the Overview model's tiles for the pack's period and the whole county; the
indicator table is the Indicators model's; cross-border and cohort summaries come from their
models' protected results and appear only when those pages are registered; so does the Delivery
section (models/delivery.py: plan, fund, homicide reviews, training).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from access.context import current_viewer
from access.policy import COHORT
from models import reference
from models.cohort import cohort_summary
from models.commentary import latest_commentary
from models.cross_border import balance_summary
from models.delivery import DeliveryModel, delivery_model
from models.filters import DEFAULT_OFFENCE, make_filters
from models.indicators import IndicatorsModel, indicators_model, latest_month_loaded
from models.overview import OverviewModel, overview_model
from models.periods import Period, default_period, fy_period, latest_complete_fy
from models.registry import registered_paths
from models.watchlist import WatchList, watch_list

LATEST_12 = "latest_12_months"


@dataclass(frozen=True)
class PackContent:
    meeting_date: dt.date
    period: Period
    period_label: str
    indicator_year: str
    latest_month: dt.date
    overview: OverviewModel
    watch: WatchList
    indicators: IndicatorsModel
    commentary: tuple[dict, ...]
    crossborder: dict | None
    cohort: dict | None
    delivery: DeliveryModel | None = None  # the Delivery page's model, when the page is registered


def period_options(latest_month: dt.date) -> list[str]:
    """LATEST_12 then the complete financial years, newest first."""
    from models.periods import fy_options

    return [LATEST_12, *fy_options(latest_month)]


def period_name(option: str, latest_month: dt.date) -> str:
    return f"Latest 12 months (to {latest_month:%B %Y})" if option == LATEST_12 else f"Financial year {option}"


def resolve_period(choice: str, latest_month: dt.date) -> tuple[Period, str, str]:
    """(months under review, their label, the financial year of the indicator table)."""
    if choice == LATEST_12:
        return default_period(latest_month), f"12 months to {latest_month:%B %Y}", latest_complete_fy(latest_month)
    return fy_period(choice), f"financial year {choice}", choice


def gather(meeting_date: dt.date, choice: str) -> PackContent:
    """Everything the pack shows for a meeting date and a period choice."""
    latest_month = latest_month_loaded()
    period, label, year = resolve_period(choice, latest_month)
    filters = make_filters(period.start, period.end, list(reference.warwickshire_districts()), DEFAULT_OFFENCE)
    indicators = indicators_model(year, latest_month)
    notes = latest_commentary(year)
    names = dict(zip(indicators.definitions["indicator_id"], indicators.definitions["short_name"], strict=True))
    paths = registered_paths()
    # Built for the viewer: the cross-border balance (which counts cohort reoffences) and the cohort
    # summary are left out for a role that may not see the cohort (a board member).
    cohort_seen = current_viewer().may_see(COHORT)
    return PackContent(
        meeting_date=meeting_date, period=period, period_label=label, indicator_year=year,
        latest_month=latest_month, overview=overview_model(filters), watch=watch_list(latest_month),
        indicators=indicators,
        commentary=tuple({"name": name, **notes[key]} for key, name in names.items() if key in notes),
        crossborder=balance_summary(filters) if "pages/cross_border.py" in paths and cohort_seen else None,
        cohort=cohort_summary(year, latest_month) if "pages/cohort.py" in paths and cohort_seen else None,
        delivery=_delivery() if "pages/delivery.py" in paths else None,
    )


def _delivery() -> DeliveryModel | None:
    """The Delivery model as at today, or None when no delivery plan is loaded."""
    model = delivery_model()
    return model if model.has_plan else None


def source_lines(sources: pd.DataFrame) -> list[str]:
    """Where the pack's figures come from, in words."""
    lines = [f"{row['source']} ({row['force']}): {pd.Timestamp(row['first_month']):%b %Y} to "
             f"{pd.Timestamp(row['latest_month']):%b %Y}" for _, row in sources.iterrows()
             if row.get("force") == "Warwickshire Police" or row.get("source") != "police.uk"]
    lines.append("Indicator benchmarks: the published values loaded in the indicator-values file (OHID Fingertips, "
                 "ONS, Ministry of Justice, DfE, NHS England).")
    lines.append("Population: ONS Census 2021 usual residents.")
    return lines
