"""Outcome indicators: each indicator's yearly values with 95% intervals, its SPC series, and the
assessment a board member reads (benchmarks, trend, target, Making Data Count icons).

The arithmetic is in stats/ (intervals, spc, benchmark); this module gathers the named queries'
results into one assessment table (`indicators_model`), shared by the Indicators page and the
meeting pack, and the detail of one indicator (`indicator_detail`).

The period: every indicator is assessed for one **financial year** (April to March), because the
benchmarks (England, West Midlands, the neighbour group) are published by financial year and a
value is only comparable with a benchmark for the same months. The default year is the latest
complete financial year ending on or before the sidebar's 'To month'. Warehouse-computed values
count a year only when all its months are loaded; cohort reoffending only when every entrant's
12-month follow-up has passed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from access.context import current_viewer
from models.cohort import reoffending_table
from models.periods import (
    follow_up_complete,
    fy_label,
    fy_of,
    fy_options,
    fy_period,
    fy_start_year,
    latest_complete_fy,
)
from queries import list_queries, run_query
from queries.runner import data_class, per_snapshot
from stats.benchmark import FingertipsTrend, compare_with_benchmark, fingertips_trend, rag_status
from stats.intervals import rate_ci, wilson_ci
from stats.spc import (
    SpcResult,
    assurance_icon,
    c_chart,
    days_between_events,
    g_chart,
    improvement_direction_of,
    variation_icon,
    xmr_chart,
)

COUNTY = "E10000031"
BENCHMARKS = (("E92000001", "England"), ("E12000005", "the region"), ("NEIGHBOURS", "similar areas"))
BENCHMARK_COLUMNS = {"E92000001": "vs_england", "E12000005": "vs_region", "NEIGHBOURS": "vs_neighbours"}
PILLARS = {
    "national": "National success measures (Serious Violence Duty)",
    "vru": "Violence Reduction Unit secondary measures",
    "prevent": "Prevent",
    "respond": "Respond",
    "long_term_support": "Long-term support",
}
# cube queries -> the count column they return
CUBE_COUNTS = {
    "indicator_admissions_by_quarter": "admissions",
    "indicator_ae_by_quarter": "attendances",
    "indicator_victims_u25_by_quarter": "victim_count",
}
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "financial_year": 1}
VARIATION_TEXT = {
    "common_cause": ("~", "Common cause", "No significant change: the latest point is within normal variation."),
    "special_cause_improvement": ("+", "Improving", "Special cause variation: a significant improvement."),
    "special_cause_concern": ("!", "Concern", "Special cause variation: a significant change for the worse."),
    "special_cause_neutral": ("*", "Special cause", "Special cause variation (neither better nor worse)."),
    "not_calculated": ("-", "Not assessed", "Too few unsuppressed points to draw a control chart."),
}
ASSURANCE_TEXT = {
    "consistently_pass": ("P", "Will pass", "The process limits are all on the passing side of the target."),
    "consistently_fail": ("F", "Will fail", ("The target is outside the process limits: it will not be met "
                                            "without a change to the system.")),
    "hit_and_miss": ("?", "Hit and miss", ("The target lies between the process limits: it will be met "
                                          "in some periods and missed in others.")),
    "no_target": ("-", "No target", "No target is set, or the chart type has no assurance test."),
}
RAG_TEXT = {
    "green": "On track",
    "amber": "Within margin of error: misses the target, but not significantly",
    "red": "Off track",
    "grey": "No target",
}
OUTCOME_WORDS = {"better": "Better than", "worse": "Worse than", "similar": "Similar to",
                 "higher": "Higher than", "lower": "Lower than", "not_compared": "Not compared with"}


# --- the catalogue and the series --------------------------------------------------------------


def catalogue() -> pd.DataFrame:
    """The indicator catalogue from the warehouse, in display order."""
    frame = run_query("indicator_definitions_all")
    frame["params"] = frame["query_params"].map(json.loads)
    return frame


@dataclass(frozen=True)
class Series:
    """One indicator for Warwickshire.

    annual: one row per financial year: period_label, numerator, denominator, value, lower, upper,
    complete (all months loaded), suppressed. spc: the control chart's points: label, period_start,
    value (annualised in the indicator's unit, or days between events), suppressed.
    """

    annual: pd.DataFrame
    spc: pd.DataFrame
    spc_unit: str


def _with_values(annual: pd.DataFrame, unit: str, multiplier: float) -> pd.DataFrame:
    """Value and 95% CI from numerator and denominator (Byar/exact for rates, Wilson for percent)."""
    values, lowers, uppers = [], [], []
    for numerator, denominator in zip(annual["numerator"], annual["denominator"], strict=True):
        interval = _interval(numerator, denominator, unit, multiplier)
        values.append(interval[0])
        lowers.append(interval[1])
        uppers.append(interval[2])
    return annual.assign(value=values, lower=lowers, upper=uppers)


def _interval(numerator, denominator, unit: str, multiplier: float) -> tuple[float, float, float]:
    if pd.isna(numerator) or pd.isna(denominator) or not denominator:
        return (math.nan, math.nan, math.nan)
    if unit == "percent":
        ci = wilson_ci(float(numerator), float(denominator))
        return (100 * ci.value, 100 * ci.lower, 100 * ci.upper)
    ci = rate_ci(float(numerator), float(denominator), per=multiplier)
    return (ci.value, ci.lower, ci.upper)


def indicator_value(numerator, denominator, unit: str, multiplier: float) -> tuple[float, float, float]:
    """(value, lower, upper) of one indicator value as the page computes it."""
    return _interval(numerator, denominator, unit, multiplier)


def load_series(row: pd.Series, values: pd.DataFrame, latest_month: dt.date) -> Series:
    """The series of one catalogue row, from its query (through run_query, so suppression applies)."""
    query, params = row["query"], row["params"]
    if query in list_queries() and not current_viewer().may_see(data_class(query)):
        # An indicator built on data the viewer may not see (the cohort's reoffending for a board
        # member) is shown with no values rather than refused: the table stays whole.
        empty = pd.DataFrame({"period_label": pd.Series(dtype=str), "period_start": pd.Series(dtype="datetime64[ns]"),
                              **{name: pd.Series(dtype=float) for name in
                                 ("numerator", "denominator", "value", "lower", "upper")},
                              "complete": pd.Series(dtype=bool), "suppressed": pd.Series(dtype=bool)})
        spc = empty[["period_label", "period_start", "value", "suppressed"]].rename(columns={"period_label": "label"})
        return Series(empty, spc, row["unit_label"])
    if query == "indicator_values":
        annual = _published(values, row["indicator_id"])
    elif query == "indicator_crimes_by_month":
        annual, spc = _monthly(run_query(query, **params), row)
        if row["chart_type"] == "g_chart":
            spc = _event_gaps(run_query("indicator_homicide_dates"))
            return Series(annual, spc, "days between homicides")
        return Series(annual, spc, f"annualised, {row['unit_label']}")
    elif query in CUBE_COUNTS:
        annual, spc = _cube(run_query(query, **params), CUBE_COUNTS[query], row)
        unit = row["unit_label"] if row["spc_grain"] == "financial_year" else f"annualised, {row['unit_label']}"
        if row["chart_type"] == "c_chart":
            spc = annual[["period_label", "period_start", "numerator", "suppressed"]].rename(
                columns={"period_label": "label", "numerator": "value"})
            spc = spc[annual["complete"]].reset_index(drop=True)
            unit = "count per financial year"
        return Series(annual, spc, unit)
    elif query == "delivery_training_referrals_by_year":
        annual = _training_referrals(run_query(query))
    elif query == "cohort_pathway_by_stage":
        annual = _reoffending(reoffending_table(), latest_month)
    else:
        raise ValueError(f"indicator {row['indicator_id']}: unknown query {query!r}")
    annual = _with_values(annual, row["unit"], row["multiplier"]) if query != "indicator_values" else annual
    spc = annual.loc[annual["complete"], ["period_label", "period_start", "value", "suppressed"]]
    return Series(annual, spc.rename(columns={"period_label": "label"}).reset_index(drop=True), row["unit_label"])


def _training_referrals(referrals: pd.DataFrame) -> pd.DataFrame:
    """County referrals by trained practitioners per financial year (the protected table's county
    cells) over the county's residents (Census 2021)."""
    county = referrals[(referrals["agency"] == "all") & (referrals["district_code"] == "all")
                       & (referrals["financial_year"] != "all")]
    districts = run_query("districts_all")
    population = float(districts.loc[districts["is_warwickshire"], "pop_all_ages"].sum())
    return pd.DataFrame({
        "period_label": county["financial_year"].to_numpy(),
        "period_start": [pd.Timestamp(fy_start_year(label), 4, 1) for label in county["financial_year"]],
        "numerator": county["referral_count"].astype("Float64").astype(float).to_numpy(),
        "denominator": population, "complete": True,
        "suppressed": county["referral_count_suppressed"].astype(bool).to_numpy(),
    })


def _published(values: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    rows = values[(values["indicator_id"] == indicator_id) & (values["area_code"] == COUNTY)]
    annual = rows.rename(columns={"lower_ci": "lower", "upper_ci": "upper"})[
        ["period_label", "period_start", "numerator", "denominator", "value", "lower", "upper"]]
    return annual.assign(complete=True, suppressed=annual["value"].isna()).reset_index(drop=True)


def _monthly(frame: pd.DataFrame, row: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    grouped = frame.groupby("financial_year", as_index=False).agg(
        period_start=("month", "min"), numerator=("offence_count", "sum"),
        denominator=("denominator", "first"), month_count=("month", "count"))
    annual = grouped.rename(columns={"financial_year": "period_label"})
    annual = annual.assign(complete=annual["month_count"] == 12, suppressed=False)
    annual = _with_values(annual, row["unit"], row["multiplier"])
    spc = pd.DataFrame({
        "label": frame["month"].dt.strftime("%b %Y"), "period_start": frame["month"],
        "value": frame["offence_count"] / frame["denominator"] * row["multiplier"] * 12, "suppressed": False,
    })
    return annual, spc


def _cube(frame: pd.DataFrame, column: str, row: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    flag = frame[f"{column}_suppressed"].astype(bool)
    counts = frame[column].astype("Float64").astype(float)
    data = frame.assign(numerator=counts, suppressed=flag)
    years = data[data["quarter"] == "all"].rename(columns={"financial_year": "period_label"})
    annual = years.assign(complete=years["month_count"] == 12)[
        ["period_label", "period_start", "numerator", "denominator", "complete", "suppressed"]]
    annual = _with_values(annual.reset_index(drop=True), row["unit"], row["multiplier"])
    quarters = data[(data["quarter"] != "all") & (data["month_count"] == 3)]
    per_year = PERIODS_PER_YEAR["quarter"]
    spc = pd.DataFrame({
        "label": quarters["financial_year"] + " " + quarters["quarter"],
        "period_start": quarters["period_start"],
        "value": quarters["numerator"] / quarters["denominator"] * row["multiplier"] * per_year,
        "suppressed": quarters["suppressed"],
    })
    if row["spc_grain"] == "financial_year":
        spc = annual.loc[annual["complete"], ["period_label", "period_start", "value", "suppressed"]].rename(
            columns={"period_label": "label"})
    return annual, spc.reset_index(drop=True)


def _reoffending(frame: pd.DataFrame, latest_month: dt.date) -> pd.DataFrame:
    rows = frame[(frame["agency"] == "all") & (frame["level"] == "all") & (frame["financial_year"] != "all")]
    complete = [follow_up_complete(label, latest_month) for label in rows["financial_year"]]
    annual = pd.DataFrame({
        "period_label": rows["financial_year"].to_numpy(),
        "period_start": [pd.Timestamp(fy_start_year(label), 4, 1) for label in rows["financial_year"]],
        "numerator": rows["reoffended_count"].astype("Float64").astype(float).to_numpy(),
        "denominator": rows["person_count"].astype("Float64").astype(float).to_numpy(),
        "complete": complete,
        "suppressed": (rows["reoffended_count_suppressed"] | rows["person_count_suppressed"]).to_numpy(),
    })
    return annual


def _event_gaps(dates: pd.DataFrame) -> pd.DataFrame:
    """Days between consecutive homicides (the g-chart's points), labelled by the later date."""
    events = pd.to_datetime(dates["occurred_on"]).sort_values().reset_index(drop=True)
    if len(events) < 2:
        return pd.DataFrame(columns=["label", "period_start", "value", "suppressed"])
    return pd.DataFrame({"label": events.iloc[1:].dt.strftime("%d %b %Y"), "period_start": events.iloc[1:],
                         "value": days_between_events(events), "suppressed": False}).reset_index(drop=True)


# --- assessment ------------------------------------------------------------------------------------


def chart_polarity(row: pd.Series) -> str:
    """The polarity of the control chart's values: on a g-chart (days between events) a long gap is
    good when the events are bad, so the indicator's polarity is reversed."""
    if row["chart_type"] != "g_chart" or row["polarity"] == "neutral":
        return row["polarity"]
    return "higher_is_better" if row["polarity"] == "lower_is_better" else "lower_is_better"


def spc_for(row: pd.Series, series: Series, year: str) -> SpcResult | None:
    """The control chart of the series up to the end of `year` (None with fewer than 4 points)."""
    points = spc_points(series, year)
    if len(points) < 4:
        return None
    chart = {"xmr": xmr_chart, "c_chart": c_chart, "g_chart": g_chart}[row["chart_type"]]
    direction = improvement_direction_of(chart_polarity(row))
    return chart(points["value"].to_numpy(dtype=float), improvement_direction=direction)


def spc_points(series: Series, year: str) -> pd.DataFrame:
    """The unsuppressed points the control chart of `year` is drawn from."""
    end = pd.Timestamp(fy_period(year).end)
    points = series.spc[(series.spc["period_start"] <= end) & ~series.spc["suppressed"].astype(bool)]
    return points.dropna(subset=["value"]).reset_index(drop=True)


def baseline_and_target(row: pd.Series, annual: pd.DataFrame, year: str) -> tuple[float, float, float]:
    """(baseline, final target, this year's target on the straight line from baseline to target).

    The baseline is the catalogue's value, or the value computed for its baseline period. The year's
    target is interpolated between the baseline year and the target's financial year."""
    baseline = row["baseline_value"]
    if pd.isna(baseline) and row["baseline_period"]:
        match = annual.loc[annual["period_label"] == row["baseline_period"], "value"]
        baseline = float(match.iloc[0]) if len(match) else math.nan
    target = row["target_value"]
    if pd.isna(target) and not pd.isna(row["target_change_pct"]):
        target = baseline * (1 + row["target_change_pct"] / 100)
    if pd.isna(target) or pd.isna(row["target_date"]) or not row["baseline_period"]:
        return baseline, math.nan, math.nan
    first = fy_start_year(row["baseline_period"])
    last = fy_start_year(fy_of(pd.Timestamp(row["target_date"]).date()))
    share = min(max((fy_start_year(year) - first) / max(last - first, 1), 0.0), 1.0)
    return baseline, float(target), float(baseline + (target - baseline) * share)


# Fingertips calculates recent trends only for crude rates and proportions (stats.benchmark).
TREND_VALUE_TYPES = {"rate": "crude_rate", "percent": "proportion"}


def recent_trend(row: pd.Series, annual: pd.DataFrame, year: str) -> FingertipsTrend:
    """The Fingertips recent trend marker of the latest five financial years up to `year`: every
    year from the first loaded to `year` is a point (a year missing or suppressed breaks the run)."""
    known = annual[annual["complete"] & (annual["period_label"] <= year)].set_index("period_label")
    if known.empty:
        return FingertipsTrend("cannot_be_calculated", "No data for the period")
    labels = [fy_label(y) for y in range(fy_start_year(known.index.min()), fy_start_year(year) + 1)]
    history = known.reindex(labels)
    shown = ~history["suppressed"].fillna(True).astype(bool)
    columns = [history[column].where(shown).astype(float).to_numpy() for column in ("value", "lower", "upper")]
    return fingertips_trend(*columns, value_type=TREND_VALUE_TYPES.get(row["unit"], row["unit"]), period_years=1)


def benchmark_rows(values: pd.DataFrame, indicator_id: str, year: str) -> pd.DataFrame:
    """England, region and neighbour group values for the indicator and year."""
    rows = values[(values["indicator_id"] == indicator_id) & (values["period_label"] == year)
                  & values["area_code"].isin([code for code, _ in BENCHMARKS])]
    return rows.set_index("area_code")


def assess(row: pd.Series, series: Series, values: pd.DataFrame, year: str) -> dict:
    """Everything the indicator table shows for one indicator and financial year."""
    annual = series.annual
    current = annual[(annual["period_label"] == year) & annual["complete"]]
    value = current.iloc[0] if len(current) else None
    result = {
        "indicator_id": row["indicator_id"], "pillar": row["pillar"], "name": row["short_name"],
        "unit_label": row["unit_label"], "polarity": row["polarity"], "period_label": year,
        "numerator": math.nan, "value": math.nan, "lower": math.nan, "upper": math.nan,
        "suppressed": value is not None and bool(value["suppressed"]), "available": value is not None,
    }
    if value is not None and not value["suppressed"]:
        result.update(numerator=value["numerator"], value=value["value"], lower=value["lower"],
                      upper=value["upper"])
    bench = benchmark_rows(values, row["indicator_id"], year)
    for code, _ in BENCHMARKS:
        bench_value = bench.loc[code, "value"] if code in bench.index else math.nan
        result[f"{BENCHMARK_COLUMNS[code]}_value"] = bench_value
        result[BENCHMARK_COLUMNS[code]] = compare_with_benchmark(
            _none(result["lower"]), _none(result["upper"]), _none(bench_value), row["polarity"]).outcome
    trend = recent_trend(row, annual, year)
    result["trend"], result["trend_marker"] = trend.label(row["polarity"]), trend.marker
    baseline, target, year_target = baseline_and_target(row, annual, year)
    result.update(baseline=baseline, target=target, year_target=year_target)
    result["rag"] = rag_status(_none(result["value"]), _none(year_target), row["polarity"],
                               _none(result["lower"]), _none(result["upper"]))
    chart = spc_for(row, series, year)
    result["variation"] = variation_icon(chart, chart_polarity(row)).icon if chart else "not_calculated"
    if chart is not None and row["chart_type"] == "xmr" and not math.isnan(year_target):
        result["assurance"] = assurance_icon(chart, year_target, row["polarity"])
    else:
        result["assurance"] = "no_target"
    result["summary"] = plain_summary(result)
    return result


def _none(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value) else value


def comparison_words(outcome: str, against: str) -> str:
    """'Better than England', 'Similar to the region', ..."""
    return f"{OUTCOME_WORDS[outcome]} {against}"


def plain_summary(result: dict) -> str:
    """One sentence for board members."""
    if result["suppressed"]:
        return "Suppressed: the count is too small to publish (disclosure control)."
    if not result["available"]:
        return f"No value for {result['period_label']} yet."
    parts = [comparison_words(result["vs_england"], "England")]
    parts.append(result["trend"].lower() if result["trend_marker"] != "cannot_be_calculated"
                 else "no trend can be calculated")
    target_words = {"green": "on track for this year's target", "red": "off track for this year's target",
                    "amber": "missing this year's target, but within the margin of error"}
    if result["rag"] in target_words:
        parts.append(target_words[result["rag"]])
    return "; ".join(parts) + "."


@dataclass(frozen=True)
class IndicatorsModel:
    year: str
    latest_month: dt.date
    years: tuple[str, ...]  # financial years offered, newest first
    table: pd.DataFrame  # one row per indicator: value, CI, comparisons, trend, RAG, icons, summary
    series: dict  # indicator id -> Series
    definitions: pd.DataFrame  # the catalogue, in display order
    values: pd.DataFrame  # published values (benchmarks)
    # OHID Fingertips values as published, for the catalogue indicators they are mapped onto
    fingertips: pd.DataFrame = field(default_factory=pd.DataFrame)


def latest_month_loaded() -> dt.date:
    return run_query("months_available")["month"].dt.date.max()


@per_snapshot()
def indicators_model(year: str | None = None, latest_month: dt.date | None = None) -> IndicatorsModel:
    """The assessment of every indicator for a financial year (default: the latest complete)."""
    latest_month = latest_month or latest_month_loaded()
    year = year or latest_complete_fy(latest_month)
    definitions = catalogue()
    values = run_query("indicator_values_all")
    series = {row["indicator_id"]: load_series(row, values, latest_month) for _, row in definitions.iterrows()}
    rows = [assess(row, series[row["indicator_id"]], values, year) for _, row in definitions.iterrows()]
    return IndicatorsModel(year, latest_month, tuple(fy_options(latest_month)), pd.DataFrame(rows), series,
                           definitions, values, run_query("fingertips_values_by_indicator"))


def format_value(value, unit_label: str = "", digits: int | None = None) -> str:
    """A value with sensible decimals ('12.3', '0.13'); '[c]' style markers are left to callers."""
    if value is None or pd.isna(value):
        return "-"
    value = float(value)
    if digits is None:
        digits = 0 if abs(value) >= 100 else (1 if abs(value) >= 1 else 2)
    return f"{value:,.{digits}f}"


def plain_table(table: pd.DataFrame) -> pd.DataFrame:
    """The indicator table as text columns (for CSV downloads and tests)."""
    def ci(row):
        if row["suppressed"]:
            return "[c]"
        if pd.isna(row["value"]):
            return "-"
        return f"{format_value(row['lower'])} to {format_value(row['upper'])}"

    return pd.DataFrame({
        "Indicator": table["name"],
        "Period": table["period_label"],
        "Value": [("[c]" if s else format_value(v)) for v, s in zip(table["value"], table["suppressed"], strict=True)],
        "95% CI": table.apply(ci, axis=1),
        "Unit": table["unit_label"],
        "Compared with England": [comparison_words(o, "England") for o in table["vs_england"]],
        "Compared with the region": [comparison_words(o, "the region") for o in table["vs_region"]],
        "Compared with similar areas": [comparison_words(o, "similar areas") for o in table["vs_neighbours"]],
        "Trend (5 years)": table["trend"],
        "Target this year": [format_value(v) for v in table["year_target"]],
        "Target status": [RAG_TEXT[r] for r in table["rag"]],
        "Variation": [VARIATION_TEXT[v][1] for v in table["variation"]],
        "Assurance": [ASSURANCE_TEXT[a][1] for a in table["assurance"]],
        "In plain words": table["summary"],
    })


def history_table(series: Series, values: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """Warwickshire's yearly values with intervals beside England's, newest first."""
    annual = series.annual.copy()
    england = values[(values["indicator_id"] == indicator_id) & (values["area_code"] == "E92000001")]
    annual = annual.merge(england[["period_label", "value"]].rename(columns={"value": "england"}),
                          on="period_label", how="left")
    annual = annual.sort_values("period_label", ascending=False)
    marker = np.where(annual["suppressed"], "[c]", "")
    return pd.DataFrame({
        "Financial year": annual["period_label"],
        "Count": [m or ("-" if pd.isna(n) else f"{n:,.0f}") for m, n in zip(marker, annual["numerator"], strict=True)],
        "Denominator": [("-" if pd.isna(d) else f"{d:,.0f}") for d in annual["denominator"]],
        "Value": [m or format_value(v) for m, v in zip(marker, annual["value"], strict=True)],
        "Lower 95% CI": [m or format_value(v) for m, v in zip(marker, annual["lower"], strict=True)],
        "Upper 95% CI": [m or format_value(v) for m, v in zip(marker, annual["upper"], strict=True)],
        "England": [format_value(v) for v in annual["england"]],
        "Complete year": np.where(annual["complete"], "Yes", "No (not all months loaded)"),
    })



RAG_RULES = """\
**How the target status is decided (RAG rules).** Each indicator with a target is judged for the chosen
financial year against the target for that year, on a straight line from the 2023/24 baseline to the
target for 2029/30.

- **● On track (green):** the value meets this year's target (at or below it when lower is better; at or
  above it when higher is better).
- **◆ Within margin of error (amber):** the value misses the target, but the target lies inside the
  value's 95% confidence interval, so the miss may be chance.
- **■ Off track (red):** the value misses the target and the 95% confidence interval excludes it.
- **○ No target:** no target is set for the indicator, or no value is available.

**Comparisons** with England, the West Midlands and similar areas follow OHID Fingertips: *better* or
*worse* when Warwickshire's 95% confidence interval excludes the benchmark value, otherwise *similar*.
**Confidence intervals:** exact Poisson (under 10 events) or Byar's method for counts and rates, Wilson
score for percentages. **Trend:** the Fingertips recent trend marker: the latest five financial years,
weighted regression (weights 1/SE², SE from the 95% interval), significant only above chi-square 9.55
(99.8%) and only when leaving out any one year keeps the slope's sign; crude rates and proportions
only, otherwise "Cannot be calculated". **Variation and assurance** follow NHS
Making Data Count: *common cause* means the latest point is within normal variation; *improving* or
*concern* means a special-cause rule fired (a point outside the limits, 7 in a row on one side of the
mean, 7 rising or falling, or 2 of 3 beyond two-thirds of the way to a limit on the same side), the
direction read by NHSRplotthedots' precedence (outside the limits, then trend, then 2 of 3, then
the run); *will pass*, *will fail* and *hit and miss* say where the target lies against the process
limits.
"""


# --- one indicator in detail -------------------------------------------------------------------

SUPPRESSION_WORDS = ("Counts about people of 1-4 and health counts of 1-7 are shown as [c]; health counts are "
                     "rounded to the nearest 5 and the rate is computed from the rounded count.")
BENCHMARK_NAMES = {"E92000001": "England", "E12000005": "West Midlands", "NEIGHBOURS": "Similar areas"}


@dataclass(frozen=True)
class FingertipsPublished:
    """One Fingertips indicator as published for Warwickshire, beside a catalogue indicator.

    latest: Warwickshire's latest row (period, value, limits, comparisons, trend, as published);
    history: every period, newest first, as text; source: 'OHID Fingertips, exported <date>' and more;
    shown: which value the page shows where the partnership's own value and Fingertips' both exist."""

    fingertips_indicator_id: int
    indicator_name: str
    relation: str  # 'same' | 'broader' (reference/fingertips_indicators.csv)
    note: str
    latest: dict
    history: pd.DataFrame
    source: str
    shown: str
    headline: str  # 'Warwickshire, <period>: <value> (95% CI ...); compared to England: ...; recent trend: ...'


@dataclass(frozen=True)
class IndicatorDetail:
    """What the page shows for one indicator: words, the control chart, benchmarks, history."""

    indicator_id: str
    row: pd.Series  # the catalogue row
    result: dict  # the indicator's row of the assessment table
    chart: SpcResult | None
    spc_points: pd.DataFrame
    spc_unit: str
    spc_target: float | None
    spc_caption: str
    benchmarks: pd.DataFrame
    history: pd.DataFrame
    definition: tuple[tuple[str, str], ...]
    fingertips: tuple[FingertipsPublished, ...] = ()  # the indicator's values as Fingertips publishes them


def indicator_detail(model: IndicatorsModel, indicator_id: str) -> IndicatorDetail:
    row = model.definitions.set_index("indicator_id").loc[indicator_id].copy()
    row["indicator_id"] = indicator_id
    result = model.table.set_index("indicator_id").loc[indicator_id].to_dict() | {"indicator_id": indicator_id}
    series = model.series[indicator_id]
    chart = spc_for(row, series, model.year)
    target = result["year_target"] if row["chart_type"] == "xmr" else None
    return IndicatorDetail(
        indicator_id=indicator_id, row=row, result=result, chart=chart, spc_points=spc_points(series, model.year),
        spc_unit=series.spc_unit, spc_target=target,
        spc_caption=spc_caption(chart) if chart else "No control chart: fewer than four unsuppressed points are "
        "available.",
        benchmarks=benchmark_frame(result, model.values), history=history_table(series, model.values, indicator_id),
        definition=definition_lines(row, result),
        fingertips=fingertips_published(model.fingertips, indicator_id, result, row["query"]),
    )


def benchmark_frame(result: dict, values: pd.DataFrame) -> pd.DataFrame:
    """Rows for the benchmark chart: Warwickshire, then England, the region and similar areas."""
    bench = benchmark_rows(values, result["indicator_id"], result["period_label"])
    rows = [{"area": "Warwickshire", "value": result["value"], "lower": result["lower"], "upper": result["upper"],
             "outcome": ""}]
    for code, against in BENCHMARKS:
        if code in bench.index:
            outcome = comparison_words(result[BENCHMARK_COLUMNS[code]], "").strip().lower()
            rows.append({"area": BENCHMARK_NAMES[code], "value": bench.loc[code, "value"],
                         "lower": bench.loc[code, "lower_ci"], "upper": bench.loc[code, "upper_ci"],
                         "outcome": f"Warwickshire {outcome} {against}"})
    return pd.DataFrame(rows)


def spc_caption(chart: SpcResult) -> str:
    """What the chart shows and the limits convention (NHSRplotthedots), in words."""
    if chart.chart == "g":
        kind = ("g-chart: each point is the number of days since the previous homicide, so a high point is a "
                "long gap (good). Limits from the mean gap (Benneyan 2001); centre line at the geometric median.")
    elif chart.chart == "c":
        kind = "c-chart of counts per financial year: limits at the mean count ± 3 × its square root."
    else:
        kind = (f"XmR chart of {len(chart.points)} points: limits at the mean ± 2.66 × the mean moving range "
                "(NHS Making Data Count). Suppressed points are left out.")
    return f"{kind} {chart.note}".strip()


def definition_lines(row: pd.Series, result: dict) -> tuple[tuple[str, str], ...]:
    """(name, text) pairs of the indicator's definition: what, source, unit, baseline, target."""
    if pd.isna(result["target"]):
        target = "None set"
    else:
        change = (f"a change of {row['target_change_pct']:+.0f}% on the baseline"
                  if not pd.isna(row["target_change_pct"]) else "absolute")
        target = (f"{format_value(result['target'])} {row['unit_label']} by {pd.Timestamp(row['target_date']):%B %Y} "
                  f"({change}); {format_value(result['year_target'])} for {result['period_label']} on the straight line")
    polarity = {"lower_is_better": "Lower is better", "higher_is_better": "Higher is better",
                "neutral": "Neither higher nor lower is better"}[row["polarity"]]
    computed = ("published values (indicator-values file)" if row["query"] == "indicator_values"
                else f"the query `queries/{row['query']}.sql` from the warehouse")
    return (
        ("Definition", row["definition"]), ("Numerator", row["numerator"]), ("Denominator", row["denominator"]),
        ("Unit", row["unit_label"]), ("Polarity", polarity), ("Source", row["source"]),
        ("Baseline", f"{format_value(result['baseline'])} in {row['baseline_period']}"), ("Target", target),
        ("Pillar", PILLARS[row["pillar"]]), ("Computed by", computed),
        ("Suppression", SUPPRESSION_WORDS),
    )


# --- OHID Fingertips values as published (issue #17) ------------------------------------------------

def _text(value) -> str:
    return "-" if value is None or pd.isna(value) or value == "" else str(value)


def _interval_text(lower, upper) -> str:
    return "-" if pd.isna(lower) or pd.isna(upper) else f"{format_value(lower)} to {format_value(upper)}"


def fingertips_history(rows: pd.DataFrame) -> pd.DataFrame:
    """Warwickshire's Fingertips rows as published, newest first (pooled periods keep their label)."""
    rows = rows.sort_values("period_sortable", ascending=False)
    parent = rows["parent_column"].iloc[0] if len(rows) else FINGERTIPS_PARENT_WORDS
    return pd.DataFrame({
        "Period": rows["period_label"],
        "Value": [format_value(v) for v in rows["value"]],
        "95% CI": [_interval_text(lo, hi) for lo, hi in zip(rows["lower_ci_95"], rows["upper_ci_95"], strict=True)],
        "99.8% CI": [_interval_text(lo, hi) for lo, hi in zip(rows["lower_ci_99_8"], rows["upper_ci_99_8"],
                                                            strict=True)],
        "Count": ["-" if pd.isna(n) else f"{n:,.0f}" for n in rows["count"]],
        "Denominator": ["-" if pd.isna(d) else f"{d:,.0f}" for d in rows["denominator"]],
        "Compared to England": rows["compared_to_england"].fillna("-"),
        parent.removesuffix(" value or percentiles"): rows["compared_to_parent"].fillna("-"),
        "Recent trend": rows["recent_trend"].fillna("-"),
        "Value note": rows["value_note"].fillna(""),
    })


FINGERTIPS_PARENT_WORDS = "Compared to parent value or percentiles"


def fingertips_source(row: pd.Series) -> str:
    """'OHID Fingertips, exported 1 October 2026', with the indicator, the file and how the date is known."""
    exported = pd.Timestamp(row["exported_on"]) if not pd.isna(row["exported_on"]) else None
    when = f"exported {exported.day} {exported:%B %Y}" if exported is not None else "export date unknown"
    basis = {"file name": "the date in the file name", "file modified": "the file's modification date"}.get(
        row["exported_basis"], "")
    return (f"OHID Fingertips, {when}" + (f" ({basis})" if basis else "") + f". Indicator {row['fingertips_indicator_id']}"
            f" '{row['indicator_name']}', {row['sex']}, {row['age']}; file {row['file']}. Values, confidence limits, "
            "comparisons and the recent trend are Fingertips' own, as published.")


def fingertips_shown(relation: str, note: str, result: dict, query: str) -> str:
    """Which value the page shows where the partnership's own value and Fingertips' both exist."""
    own = ("the partnership's own published value (indicator-values file)" if query == "indicator_values"
           else "the dashboard's own value, computed from the warehouse")
    if relation == "broader":
        return (f"Fingertips publishes a broader measure: the table shows {own}; Fingertips' value is shown here "
                f"beside it, never in its place. {note}")
    if result.get("available") or result.get("suppressed"):
        return (f"Both exist: the table and the charts show {own} for {result['period_label']}; this panel shows "
                f"Fingertips' published value. {note}")
    return (f"The partnership has no value of its own for {result['period_label']}: the value to read is "
            f"Fingertips' published one, shown here. {note}")


def fingertips_headline(latest: pd.Series) -> str:
    """Warwickshire's latest published value in one line, the words Fingertips' own."""
    interval = _interval_text(latest["lower_ci_95"], latest["upper_ci_95"])
    interval = "" if interval == "-" else f" (95% CI {interval})"
    note = "" if _text(latest["value_note"]) == "-" else f" {latest['value_note']}."
    return (f"Warwickshire, {latest['period_label']}: **{format_value(latest['value'])}**{interval}; compared to "
            f"England: **{_text(latest['compared_to_england'])}**; recent trend: **{_text(latest['recent_trend'])}**."
            + note)


def fingertips_published(frame: pd.DataFrame, indicator_id: str, result: dict, query: str
                         ) -> tuple[FingertipsPublished, ...]:
    """Warwickshire's Fingertips values as published for a catalogue indicator (persons first)."""
    if frame.empty:
        return ()
    mine = frame[(frame["indicator_id"] == indicator_id) & (frame["area_code"] == COUNTY)]
    out = []
    for fingertips_id, rows in mine.groupby("fingertips_indicator_id", sort=True):
        persons = rows[rows["sex"] == "Persons"]
        rows = persons if len(persons) else rows
        rows = rows[rows["age"] == rows["age"].mode().iloc[0]]
        latest = rows.sort_values("period_sortable").iloc[-1]
        out.append(FingertipsPublished(
            fingertips_indicator_id=int(fingertips_id), indicator_name=latest["indicator_name"],
            relation=latest["relation"], note=latest["note"], latest=latest.to_dict(),
            history=fingertips_history(rows), source=fingertips_source(latest),
            shown=fingertips_shown(latest["relation"], latest["note"], result, query),
            headline=fingertips_headline(latest),
        ))
    return tuple(out)


def fingertips_summary(model: IndicatorsModel) -> pd.DataFrame:
    """One row per catalogue indicator x Fingertips indicator: Warwickshire's latest published value."""
    rows = []
    names = dict(zip(model.definitions["indicator_id"], model.definitions["short_name"], strict=True))
    queries = dict(zip(model.definitions["indicator_id"], model.definitions["query"], strict=True))
    results = model.table.set_index("indicator_id")
    for indicator_id, name in names.items():
        if indicator_id not in results.index:
            continue
        for published in fingertips_published(model.fingertips, indicator_id,
                                              results.loc[indicator_id].to_dict(), queries[indicator_id]):
            latest = published.latest
            rows.append({
                "Indicator": name,
                "Fingertips indicator": f"{published.fingertips_indicator_id} {published.indicator_name}",
                "Relation": "same measure" if published.relation == "same" else "broader measure",
                "Period": latest["period_label"], "Value": format_value(latest["value"]),
                "95% CI": _interval_text(latest["lower_ci_95"], latest["upper_ci_95"]),
                "Compared to England": _text(latest["compared_to_england"]),
                "Recent trend": _text(latest["recent_trend"]),
                "Source": published.source,
            })
    return pd.DataFrame(rows)
