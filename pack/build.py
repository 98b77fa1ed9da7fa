"""Build the meeting pack: HTML from pack/templates/pack.html.j2 with inline figures, and a PDF
printed from that HTML by headless Chromium (Playwright, no network: every request is refused).

Results are cached per request and warehouse state (file path and modification time, which a
commentary write or a rebuild changes), so a second download of the same pack is instant.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd

from access.context import current_viewer
from charts.delivery import fund_by_year, progress_by_pillar
from charts.indicator_table import indicator_table_html
from charts.overview import district_rate_map, monthly_trend
from charts.spc import control_chart
from geo.boundaries import ATTRIBUTION, geojson
from models.commentary import byline
from models.indicators import RAG_RULES, spc_for, spc_points
from pack.content import PackContent, gather, source_lines
from pack.figures import to_png_data_uri, to_svg
from queries import run_query
from queries.connection import database_path
from settings import load_settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
PACK_ATTENTION_ROWS = 6  # the late or off-track actions the pack lists (all are on the Delivery page)
NATIONAL_SPC = ("sv_knife_admissions", "sv_knife_crime", "sv_homicides", "vio_admissions_all")


@dataclass(frozen=True)
class PackRequest:
    meeting_date: dt.date
    period: str  # a financial year label ('2025/26') or LATEST_12


def _state() -> tuple[str, float, frozenset[str]]:
    # The viewer's data classes are part of the key: a pack built for an analyst is never served to
    # a board member (access/policy.py).
    path = database_path()
    return str(path), path.stat().st_mtime if path.exists() else 0.0, current_viewer().classes


def build_html(request: PackRequest) -> tuple[str, dict]:
    """(self-contained HTML, timings and facts) for a request; cached per warehouse state."""
    return _build_html(request, *_state())


def build_pdf(request: PackRequest) -> tuple[bytes, dict]:
    """(PDF bytes, timings and facts) for a request; cached per warehouse state."""
    return _build_pdf(request, *_state())


@functools.lru_cache(maxsize=16)
def _build_html(request: PackRequest, db_path: str, mtime: float, classes: frozenset[str]) -> tuple[str, dict]:
    started = time.perf_counter()
    content = gather(request.meeting_date, request.period)
    gathered = time.perf_counter()
    page = render(content)
    return page, {
        "gather_seconds": round(gathered - started, 2), "render_seconds": round(time.perf_counter() - gathered, 2),
        "footer": footer_text(content), "period_label": content.period_label,
        "indicator_year": content.indicator_year, "latest_month": content.latest_month,
        "headlines": content.overview.tiles,
    }


@functools.lru_cache(maxsize=8)
def _build_pdf(request: PackRequest, db_path: str, mtime: float, classes: frozenset[str]) -> tuple[bytes, dict]:
    page, facts = _build_html(request, db_path, mtime, classes)
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:  # Playwright's sync API wants a thread
        pdf = pool.submit(print_pdf, page, facts["footer"]).result(timeout=120)
    return pdf, facts | {"pdf_seconds": round(time.perf_counter() - started, 2)}


def footer_text(content: PackContent) -> str:
    return (f"Serious violence in Warwickshire: meeting pack for {content.meeting_date:%d %B %Y} | "
            f"Period: {content.period_label} | Data loaded to {content.latest_month:%B %Y}")


def bold_markdown(text: str) -> str:
    """Escape text, then turn **bold** into <strong> (the change sentences use it)."""
    bold = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text))
    return re.sub(r"\*(.+?)\*", r"<em>\1</em>", bold)


def _markdown_block(text: str) -> str:
    lines = [bold_markdown(line.strip().removeprefix("- ")) for line in text.split("\n\n")]
    return "<br>".join(line.replace("\n", " ") for line in lines)


def render(content: PackContent) -> str:
    """The pack as one HTML document with every figure inline."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    figures = pack_figures(content)
    return environment.get_template("pack.html.j2").render(
        title=f"Serious violence meeting pack, {content.meeting_date:%d %B %Y}",
        meeting_date=f"{content.meeting_date:%d %B %Y}", period_label=content.period_label,
        period_range=content.period.label(), comparison_label=content.period.comparison().label(),
        indicator_year=content.indicator_year, latest_month=f"{content.latest_month:%B %Y}",
        headlines=[headline(tile) for tile in content.overview.tiles], watch=content.watch,
        indicator_table=indicator_table_html(content.indicators.table), glance=at_a_glance(content.indicators.table),
        rag_rules=_markdown_block(RAG_RULES),
        districts=district_rows(content.overview.districts), commentary=commentary_rows(content.commentary),
        crossborder=content.crossborder, cohort=content.cohort, delivery=delivery_section(content.delivery),
        sources=source_lines(run_query("latest_month_by_source")),
        attribution=ATTRIBUTION, footer_text=footer_text(content), **figures,
    )


def headline(tile) -> dict:
    """A tile as the template shows it."""
    return {"key": tile.key, "label": tile.label, "value": tile.value, "delta": tile.delta or "",
            "sentence_html": bold_markdown(" ".join([tile.sentence, *tile.notes]))}


def pack_figures(content: PackContent) -> dict:
    overview, indicators = content.overview, content.indicators
    map_figure = district_rate_map(overview.rates, geojson("districts"),
                                   f"Serious violence per 1,000 residents, {content.period_label}")
    trend = monthly_trend(overview.monthly, "Serious violence: monthly count and rolling 12-month average",
                          content.period.start)
    charts = []
    definitions = indicators.definitions.set_index("indicator_id", drop=False)
    table = indicators.table.set_index("indicator_id")
    for indicator in NATIONAL_SPC:
        row, series = definitions.loc[indicator], indicators.series[indicator]
        chart = spc_for(row, series, content.indicator_year)
        if chart is None:
            continue
        target = table.loc[indicator, "year_target"] if row["chart_type"] == "xmr" else None
        figure = control_chart(spc_points(series, content.indicator_year)["label"], chart, row["short_name"],
                               series.spc_unit, target)
        figure.update_layout(title={"font": {"size": 13}}, legend={"font": {"size": 8}},
                             margin={"l": 70, "r": 15, "t": 45, "b": 40}, font={"size": 11})
        figure.update_xaxes(nticks=6, tickangle=0)
        figure.update_yaxes(title_text=series.spc_unit.replace("annualised, ", "annualised<br>"),
                            title_font={"size": 10}, automargin=True)
        charts.append({"svg": to_svg(figure, width=540, height=265),
                       "alt": f"Control chart of {row['name']} ({series.spc_unit}) with its mean and process limits"
                              + (" and this year's target" if target is not None and not pd.isna(target) else "")
                              + "; special-cause points are marked by shape and named in the legend."})
    trend.update_layout(margin={"l": 70, "r": 20, "t": 50, "b": 40})
    trend.update_yaxes(automargin=True)
    return {"map_png": to_png_data_uri(map_figure, width=620, height=520, scale=1.5),
            "trend_svg": to_svg(trend, width=1000, height=330), "spc_charts": charts}


def delivery_section(model) -> dict | None:
    """The Delivery model as the template's Delivery section shows it (None when not loaded)."""
    if model is None:
        return None
    actions = model.all_actions
    attention = actions[actions["is_late"].astype(bool) | (actions["status"] == "off_track")]
    attention = attention.sort_values(["is_late", "days_late", "action_id"], ascending=[False, False, True])
    more = max(len(attention) - PACK_ATTENTION_ROWS, 0)
    updates = actions[actions["stated_in"] == "page"].sort_values("stated_at", ascending=False).head(10)
    progress = progress_by_pillar(model.progress, "Actions by pillar and current status")
    progress.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, legend={"y": -0.18})
    progress.update_xaxes(title_text="")
    fund = fund_by_year(model.fund_years, "Commissioning fund by financial year") if len(model.fund_years) else None
    return {
        "as_of": f"{model.as_of:%d %B %Y}", "headlines": model.headlines,
        "progress": model.progress.to_dict("records"), "at_risk": int((actions["status"] == "at_risk").sum()),
        "attention": [_action_row(row) for _, row in attention.head(PACK_ATTENTION_ROWS).iterrows()], "more": more,
        "updates": [_action_row(row) for _, row in updates.iterrows()],
        "fund": [_fund_row(row) for row in model.fund_years.to_dict("records")],
        "overspent": model.projects.loc[model.projects["is_overspent"].astype(bool), "project_name"].tolist(),
        "reviews": _review_counts(model.reviews),
        "training": model.indicator.to_dict("records"),
        "progress_svg": to_svg(progress, width=560, height=230), "fund_svg": to_svg(fund, width=560, height=300)
        if fund is not None else "",
    }


def _review_counts(reviews: pd.DataFrame) -> dict | None:
    """The all-years, all-stages counts of the protected reviews table as text ([c] when hidden)."""
    total = reviews[reviews["stage"] == "all"]
    if total.empty or total["case_count"].iloc[0] == 0:
        return None
    return {name: "[c]" if pd.isna(value) else f"{int(value):,}" for name, value in total.iloc[0].items()
            if name.endswith("_count")}


def _fund_row(row: dict) -> dict:
    money = {key: f"£{value:,.0f}" for key, value in row.items() if key.endswith("_gbp")}
    year = "All years" if row["financial_year"] == "all" else row["financial_year"]
    return {**money, "year": year, "flag": "Over-committed" if row["is_over_committed"] else ""}


def _action_row(row: pd.Series) -> dict:
    """One action as the pack's tables show it: due, late by, status, latest update and who made it."""
    late = f"{int(row['days_late'])} days" if row["is_late"] else ""
    return {"id": row["action_id"], "action": row["action"], "lead": row["lead_agency"], "due": f"{row['due_date']:%d %b %Y}",
            "late": late, "status": row["status_label"], "update_text": row["update_text"] or "",
            "by": f"{row['author']}, {pd.Timestamp(row['stated_at']):%d %b %Y %H:%M}" if row["stated_in"] == "page"
            else f"Workbook, {pd.Timestamp(row['stated_at']):%d %b %Y}"}


def at_a_glance(table: pd.DataFrame) -> list[str]:
    """Plain sentences summarising the indicator table for the first page."""
    shown = table[table["available"] & ~table["suppressed"]]

    def names(mask) -> str:
        chosen = shown.loc[mask, "name"].tolist()
        return ", ".join(chosen) if chosen else "none"

    return [
        f"{len(shown)} of {len(table)} indicators have a value for {table['period_label'].iloc[0]}.",
        f"Worse than England: {names(shown['vs_england'] == 'worse')}.",
        f"Better than England: {names(shown['vs_england'] == 'better')}.",
        f"Special-cause concern (a real change for the worse): {names(shown['variation'] == 'special_cause_concern')}.",
        f"Special-cause improvement: {names(shown['variation'] == 'special_cause_improvement')}.",
        f"Off track against this year's target: {names(shown['rag'] == 'red')}.",
    ]


def district_rows(frame: pd.DataFrame) -> list[dict]:
    """The Overview model's district rows (total included) as the template's table rows."""
    return [{"name": row["district_name"], "count": f"{row['offence_count']:,}", "rate": f"{row['rate_per_1000']:.2f}",
             "previous": f"{row['previous_count']:,}",
             "change": "-" if pd.isna(row["change_pct"]) else f"{row['change_pct']:+.1f}%"}
            for _, row in frame.iterrows()]


def commentary_rows(notes) -> list[dict]:
    return [{"name": note["name"], "body": note["body"], "byline": byline(note)} for note in notes]


def print_pdf(page: str, footer: str) -> bytes:
    """Print HTML to a tagged A4 landscape PDF with headless Chromium; page numbers and the footer on every page."""
    from playwright.sync_api import sync_playwright

    footer_html = (
        '<div style="font-size:7px;width:100%;padding:0 12mm;color:#424242;font-family:Arial,sans-serif">'
        f'<div style="display:flex;justify-content:space-between"><span>{html.escape(footer)}</span>'
        '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
        f'<div style="font-size:6px;margin-top:1px">{html.escape(ATTRIBUTION)}</div></div>'
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=load_settings().chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        try:
            context = browser.new_context(offline=True)
            tab = context.new_page()
            tab.route("**/*", lambda route: route.abort())  # nothing may be fetched
            tab.set_content(page, wait_until="load")
            # tagged: a structure tree (headings, tables, lists, figures with their alt text) for screen
            # readers, with the <title> as /Title and <html lang> as /Lang; outline: bookmarks from headings.
            return tab.pdf(format="A4", landscape=True, print_background=True, display_header_footer=True,
                           header_template="<span></span>", footer_template=footer_html,
                           margin={"top": "14mm", "bottom": "18mm", "left": "12mm", "right": "12mm"},
                           tagged=True, outline=True)
        finally:
            browser.close()
