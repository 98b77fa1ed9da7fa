"""WCAG 2.2 AA in the browser (issue #16): axe-core on every registered page, in its default state and
with its main controls changed; every chart named, titled, labelled and legible; headings in order;
200% zoom; and the sidebar filters to a table's download with the keyboard alone.

Pages come from models.registry.REGISTRY, so a new page is checked in its default state without
any change here; CHANGED says how to change a page's main controls (the URL parameters its
widgets read) and what to open (a table view, a definition).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import parse_qs, urlparse

import pytest

from models.registry import REGISTRY
from tests.browser.a11y import (
    AA_TEXT,
    ALLOWED,
    CHART_TEXT_JS,
    HTML_TEXT_JS,
    contrast,
    run_axe,
    split_allowed,
)
from tests.browser.conftest import fit_height, load, page_name, shoot, wait_until_drawn

pytestmark = pytest.mark.browser

# url_path -> (query string changing the page's main controls, what to open: (kind, label start)).
# The meeting pack is checked in its default state (the preview holds the whole pack, which axe
# reads inside the frame) and as a file in test_pack_accessibility.py; the Data page has no control
# to change, and its expanders hold the same tables as the views opened here.
CHANGED = {
    "": ("?offence=robbery", (("expander", "Monthly figures"), ("popover", "Definition"))),
    "indicators": ("?indicator=sv_homicides", (("expander", "How to read this table"),)),
    "trends": ("?dimension=district&measure=rate_per_1000",
               (("expander", "Table view of the chart"), ("popover", "Definitions and method"))),
    "hotspots": ("?value=rate_per_1000&layer=gi",
                 (("expander", "Table view of the Lorenz curve"), ("popover", "Definitions and harm weights"))),
    "cross-border": ("?matrix_view=share", (("expander", "Flows drawn on the map"),)),
    "cohort": ("?profile_by=ethnicity", (("expander", "Quarterly figures"),)),
}
ZOOM_WIDTH = 640  # CSS px: a 1280 px wide window at 200% zoom


@dataclass(frozen=True)
class View:
    path: str
    name: str
    opens: tuple = ()


VIEWS = [View(entry.url_path, page_name(entry)) for entry in REGISTRY] + [
    View(entry.url_path + CHANGED[entry.url_path][0], f"{page_name(entry)}-changed", CHANGED[entry.url_path][1])
    for entry in REGISTRY if entry.url_path in CHANGED]
_opened: set[str] = set()


def open_control(page, kind: str, label: str) -> None:
    """Open an expander or a popover whose label starts with `label`, and wait until it is drawn."""
    if kind == "expander":
        summary = page.locator("[data-testid=stExpander] summary", has_text=label).first
        summary.click()
        page.wait_for_function("summary => summary.closest('details').open", arg=summary.element_handle())
    else:
        page.locator("[data-testid=stPopover] button", has_text=label).first.click()
        page.wait_for_selector("[data-testid=stPopoverBody]", state="visible")
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')")


def opened(visit, view: View):
    """The view's page, loaded once, with its table view or definition opened once."""
    page = visit(view.path, view.name).page
    if view.opens and view.name not in _opened:
        _opened.add(view.name)
        for kind, label in view.opens:
            open_control(page, kind, label)
        fit_height(page)
        shoot(page, view.name)
    return page


def test_every_changed_view_is_a_registered_page():
    assert set(CHANGED) <= {entry.url_path for entry in REGISTRY}


@pytest.mark.parametrize("view", VIEWS, ids=[v.name for v in VIEWS])
def test_axe_finds_no_serious_or_critical_wcag_violation(visit, view):
    page = opened(visit, view)
    unexpected, _ = split_allowed(page, run_axe(page))
    assert unexpected == [], "\n".join(str(violation) for violation in unexpected)


def test_every_allowed_violation_still_occurs(visit):
    """The allow-list names only what Streamlit still gets wrong: an entry that no longer occurs fails."""
    page = opened(visit, VIEWS[0])
    _, matched = split_allowed(page, run_axe(page))
    assert set(ALLOWED) - matched == set(), "no longer found: remove from ALLOWED in tests/browser/a11y.py"


CHARTS_JS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(chart => {
  const text = selector => [...chart.querySelectorAll(selector)].map(t => t.textContent.trim()).filter(Boolean);
  return {role: chart.getAttribute('role'), label: chart.getAttribute('aria-label') || '',
          title: text('.gtitle').join(' '), xticks: text('.xtick text').length, yticks: text('.ytick text').length,
          xtitle: text('.xtitle').join(' '), ytitle: text('.ytitle').join(' ')};
})"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


@pytest.mark.parametrize("view", VIEWS, ids=[v.name for v in VIEWS])
def test_every_chart_has_a_title_axis_labels_and_a_description_that_names_it(visit, view):
    charts = opened(visit, view).evaluate(CHARTS_JS)
    for chart in charts:
        assert chart["role"] == "figure" and len(chart["label"].split()) >= 8, chart
        assert chart["title"], chart
        assert _squash(chart["title"]) in _squash(chart["label"]), chart  # the description names the chart
        assert chart["xtitle"] or not chart["xticks"], f"x axis without a title: {chart}"
        assert chart["ytitle"] or not chart["yticks"], f"y axis without a title: {chart}"


@pytest.mark.parametrize("view", VIEWS, ids=[v.name for v in VIEWS])
def test_chart_and_caption_text_is_at_least_4_5_to_1(visit, view):
    page = opened(visit, view)
    texts = page.evaluate(CHART_TEXT_JS)
    low = [(t["part"], t["text"][:30], t["fill"], round(contrast(_with_alpha(t["fill"], t["opacity"]), t["paper"]), 2))
           for t in texts if contrast(_with_alpha(t["fill"], t["opacity"]), t["paper"]) < AA_TEXT]
    assert low == [], low
    grey = page.evaluate(HTML_TEXT_JS, "[data-testid=stCaptionContainer], [data-testid=stWidgetLabel], "
                                       "[data-testid=stMetricLabel], [data-testid=stMetricDelta]")
    low = [(t["text"], t["colour"], t["background"], round(contrast(t["colour"], t["background"]), 2))
           for t in grey if contrast(t["colour"], t["background"]) < AA_TEXT]
    assert low == [], low


def _with_alpha(colour: str, opacity: float) -> str:
    numbers = re.findall(r"[\d.]+", colour)[:3]
    alpha = float(re.findall(r"[\d.]+", colour)[3]) if colour.startswith("rgba") else 1.0
    return f"rgba({', '.join(numbers)}, {alpha * opacity})"


HEADINGS_JS = """() => [...document.querySelectorAll('[data-testid=stMain] :is(h1, h2, h3, h4, h5, h6)')]
  .filter(h => h.getClientRects().length && h.textContent.trim())
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 50)])"""


@pytest.mark.parametrize("view", VIEWS, ids=[v.name for v in VIEWS])
def test_headings_start_at_one_h1_and_skip_no_level(visit, view):
    headings = opened(visit, view).evaluate(HEADINGS_JS)
    levels = [level for level, _ in headings]
    assert levels[0] == 1 and levels.count(1) == 1, headings
    skips = [(before, after) for before, after in pairwise(headings) if after[0] > before[0] + 1]
    assert skips == [], skips


ZOOM_JS = """width => {
  const main = document.querySelector('[data-testid=stMain]'), problems = [];
  const byDesign = e => e.closest('[data-testid=stDataFrame], iframe')
    || [...ancestors(e)].some(a => /(auto|scroll)/.test(getComputedStyle(a).overflowX)
                                   && a.getBoundingClientRect().right <= width + 1);
  function* ancestors(e) { for (let a = e.parentElement; a && a !== main; a = a.parentElement) yield a; }
  for (const e of main.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width && r.height && (r.right > width + 1 || r.left < -1) && !byDesign(e))
      problems.push(`beyond the window: ${e.dataset.testid || e.tagName} ${(e.textContent || '').trim().slice(0, 40)}`);
  }
  for (const e of main.querySelectorAll('h1, h2, h3, [data-testid=stMetricValue], [data-testid=stMetricLabel]')) {
    const r = e.getBoundingClientRect();
    if (e.getClientRects().length && (r.width < 1 || e.scrollWidth > e.clientWidth + 1))
      problems.push(`cut off: ${e.tagName} ${e.textContent.trim().slice(0, 40)}`);
  }
  if (document.scrollingElement.scrollWidth > width + 1)
    problems.push(`the page scrolls sideways: ${document.scrollingElement.scrollWidth} px`);
  return problems;
}"""
CHARTS_FIT = """width => [...document.querySelectorAll('[data-testid=stPlotlyChart] svg.main-svg')]
  .every(svg => svg.getBoundingClientRect().right <= width + 1)"""


@pytest.mark.parametrize("entry", REGISTRY, ids=[page_name(e) for e in REGISTRY])
def test_page_reflows_at_200_percent_zoom(visit, entry):
    """At 640 CSS px (1280 px at 200%) nothing but the tables (which scroll by design) is cut off or
    makes the page scroll sideways; headings and tiles are whole. Streamlit sizes its dataframes
    itself (one inside a closed expander keeps the width it had when the page was wider), so
    elements inside them are left to the table's own scrolling."""
    page = opened(visit, View(entry.url_path, page_name(entry)))
    wide = page.viewport_size
    try:
        page.set_viewport_size({"width": ZOOM_WIDTH, "height": 1600})
        page.wait_for_function(CHARTS_FIT, arg=ZOOM_WIDTH, timeout=15_000)
        problems = page.evaluate(ZOOM_JS, ZOOM_WIDTH)
        assert page.locator("[data-testid=stMain] h1").first.is_visible()
        fit_height(page)
        shoot(page, f"{page_name(entry)}-zoom-200")
        assert problems == [], problems
    finally:
        page.set_viewport_size(wide)
        page.wait_for_function(CHARTS_FIT, arg=wide["width"], timeout=15_000)


# The focused element, or the nearest of its ancestors (4 levels) drawing a ring, must show an
# outline or box-shadow that is on screen, not hidden (a native radio input is invisible: its label
# carries the ring), and not covered by another painted element such as the sticky header (WCAG
# 2.4.11: in the middle of its part on screen nothing with a background lies over it).
FOCUS_JS = """async () => {
  // let focus transitions (Streamlit fades some controls in) finish; endless spinners are not waited on
  await Promise.all(document.getAnimations().filter(a => a.effect.getComputedTiming().endTime !== Infinity)
                    .map(a => a.finished.catch(() => null)));
  const active = document.activeElement;
  let covered = null;
  const visible = e => { const r = e.getBoundingClientRect(); let n = e;
    for (; n; n = n.parentElement) if (Number(getComputedStyle(n).opacity) === 0) return false;
    return r.width >= 4 && r.height >= 4 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; };
  for (let e = active, i = 0; e && i < 5; e = e.parentElement, i++) {
    const s = getComputedStyle(e);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    if (!ring || !visible(e)) continue;
    const r = e.getBoundingClientRect();  // the middle of the part of it on screen
    const x = (Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2;
    const y = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
    const top = document.elementFromPoint(x, y);
    if (top && !e.contains(top) && !top.contains(e) && opaque(top, e)) { covered = describe(top); continue; }
    let background = 'rgb(255, 255, 255)';
    for (let n = e.parentElement; n; n = n.parentElement) {
      const b = getComputedStyle(n).backgroundColor;
      if (b && !/rgba\\(.*, 0\\)$/.test(b) && b !== 'transparent') { background = b; break; } }
    return {ok: true, outline: s.outlineColor,
            width: s.outlineWidth, shadow: s.boxShadow, background: background, what: describe(active)};
  }
  return {ok: false, covered_by: covered, what: describe(active)};
  function opaque(top, e) {  // does anything painted between `top` and what it shares with `e` hide it?
    for (let n = top; n && !n.contains(e); n = n.parentElement) {
      const b = getComputedStyle(n).backgroundColor;
      if (b && b !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(b)) return true; }
    return false; }
  function describe(e) { return (e.closest('[data-testid]') || {dataset: {}}).dataset.testid + ' '
    + (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 40); }
}"""


def _assert_focus_visible(page, steps: list[str]) -> dict:
    focus = page.evaluate(FOCUS_JS)
    steps.append(focus["what"])
    assert focus["ok"], f"no visible focus on {focus['what']} (after {steps[-4:]}): {focus}"
    if focus["shadow"] == "none":  # a ring drawn by our outline: it must stand out (WCAG 1.4.11, 3:1)
        assert contrast(focus["outline"], focus["background"]) >= 3, focus
    return focus


def _tab_until(page, predicate_js: str, steps: list[str], most: int = 45, key: str = "Tab") -> None:
    for _ in range(most):
        page.keyboard.press(key)
        _assert_focus_visible(page, steps)
        if page.evaluate(predicate_js):
            return
    raise AssertionError(f"not reached by {key} in {most} steps: {steps}")


ACTIVE_LABEL = "label => (document.activeElement.getAttribute('aria-label') || '') === label"
ACTIVE_SUMMARY = ("text => document.activeElement.tagName === 'SUMMARY' "
                  "&& document.activeElement.textContent.includes(text)")
ACTIVE_DOWNLOAD = ("() => !!document.activeElement.closest('[data-testid=stDownloadButton]') "
                   "&& document.activeElement.closest('details')?.open")


def _offence_line(page) -> str:
    """The page's sentence naming the offence group, districts and period."""
    return page.locator("[data-testid=stMain] p", has_text=re.compile(r"\bin\b.*\b20\d\d\b")).first.inner_text()


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_filters_to_table_view_to_download_with_the_keyboard_alone(server, browser):
    """From the top of the Trends page: Tab to the sidebar's offence group, choose another with the
    arrow keys and Enter, Tab to the first chart's table view, open it with Enter, Tab to its
    'Download CSV' and press it with Space; focus is visible at every step; Shift+Tab goes back."""
    loaded = load(browser, f"{server}/trends", viewport={"width": 1400, "height": 1000})
    page, steps = loaded.page, []
    try:
        _tab_until(page, f"() => ({ACTIVE_LABEL})('Offence group')", steps)
        url, before = page.url, _offence_line(page)
        page.keyboard.press("ArrowDown")  # opens the list on the current option
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_function("url => location.href !== url", arg=url)  # the rerun writes the new choice
        wait_until_drawn(page)
        assert _offence_line(page) != before and _query(page.url)["offence"] != _query(url)["offence"]
        _assert_focus_visible(page, steps)  # focus stays on the filter after the rerun
        _tab_until(page, f"() => ({ACTIVE_SUMMARY})('Table view of the chart')", steps)
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.closest('details')?.open && document.activeElement"
                               ".closest('details').querySelector('[data-testid=stDataFrame] canvas')")
        _tab_until(page, ACTIVE_DOWNLOAD, steps)
        with page.expect_download() as download:
            page.keyboard.press("Space")
        assert download.value.suggested_filename == "trends-series.csv"
        page.keyboard.press("Shift+Tab")
        _assert_focus_visible(page, steps)
        assert not page.evaluate(ACTIVE_DOWNLOAD)
        shoot(page, "trends-keyboard")
    finally:
        page.close()
