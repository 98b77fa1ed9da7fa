"""Accessibility checks shared by the browser tests: axe-core (from axe-playwright-python, never a
CDN), the allow-list of what Streamlit itself gets wrong, and WCAG contrast computed here from the
colours (independently of charts/common.py, which chooses them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}
AA_TEXT = 4.5


@dataclass(frozen=True)
class Allowed:
    """A violation that comes from Streamlit's own markup and that the project cannot change."""

    rule: str
    selector: str  # the element axe names must match this CSS selector
    reason: str


# Every entry must still occur (test_accessibility.py checks), so the list cannot silently grow
# or outlive the Streamlit version it was written for (streamlit==1.67.0).
ALLOWED = (
    Allowed("list", 'nav[aria-label="App pages"] > ul[data-testid="stSidebarNavItems"]',
            "Streamlit's sidebar navigation (st.navigation with sections) puts each section's header and its "
            "<li> items in a <div> directly inside the <ul>. Chromium's accessibility tree still exposes one "
            "list of 8 links with the section names as text between them, inside <nav aria-label='App "
            "pages'>, the current page marked aria-current='page'. The markup is Streamlit's; only replacing "
            "its navigation would change it."),
    Allowed("listitem", '[data-testid="stSidebarNavItems"] > div > li',
            "The same Streamlit navigation markup seen from each <li>: its parent is Streamlit's section "
            "<div>, not the <ul>."),
)


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    target: tuple[str, ...]  # axe's selector path (more than one part: inside an iframe)
    html: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule} [{self.impact}] {' >> '.join(self.target)}: {self.message} | {self.html[:160]}"


def run_axe(page) -> list[Violation]:
    """Run axe-core on the page and every same-origin frame in it, for the WCAG A/AA rules only;
    return the serious and critical violations, one per element."""
    from axe_playwright_python.base import AXE_SCRIPT

    for frame in page.frames:
        frame.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    found = []
    for rule in result["violations"]:
        for node in rule["nodes"]:
            impact = node.get("impact") or rule["impact"]
            if impact in FAILING_IMPACTS:
                checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
                message = checks[0]["message"] if checks else rule["help"]
                found.append(Violation(rule["id"], impact, tuple(node["target"]), node["html"], message))
    return found


def split_allowed(page, violations: list[Violation]) -> tuple[list[Violation], set[Allowed]]:
    """(violations not on the allow-list, allow-list entries that matched at least one violation)."""
    unexpected, matched = [], set()
    for violation in violations:
        entry = next((allowed for allowed in ALLOWED if allowed.rule == violation.rule and len(violation.target) == 1
                      and page.evaluate("([target, selector]) => !!document.querySelector(target)?.matches(selector)",
                                        [violation.target[0], allowed.selector])), None)
        if entry is None:
            unexpected.append(violation)
        else:
            matched.add(entry)
    return unexpected, matched


def parse_colour(text: str) -> tuple[float, float, float, float]:
    """'#RRGGBB', '#RGB', 'rgb(r, g, b)' or 'rgba(r, g, b, a)' as (r, g, b, alpha), channels 0-255."""
    text = text.strip()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), 1.0)
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    if len(numbers) == 3:
        numbers.append(1.0)
    return tuple(numbers[:4])


def over(colour: str, background: str) -> tuple[float, float, float]:
    """`colour` (possibly translucent) as seen on the opaque `background`."""
    red, green, blue, alpha = parse_colour(colour)
    back = parse_colour(background)[:3]
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip((red, green, blue), back, strict=True))


def luminance(rgb: tuple[float, float, float]) -> float:
    """Relative luminance, WCAG 2.2 definition (sRGB channels 0-255)."""
    def linear(channel: float) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of `foreground` (may be translucent) drawn on the opaque `background`."""
    back = over(background, "#FFFFFF")
    front = over(foreground, "rgb({:f}, {:f}, {:f})".format(*back))
    lighter, darker = sorted([luminance(front), luminance(back)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Text inside every plotly chart: (text, fill, fill-opacity, paper colour, what it is). Cell labels
# drawn over heatmap cells (a text-only scatter trace) are left out here: their backgrounds are
# the cells, and tests/browser/test_colours.py checks each one against its cell's colour.
CHART_TEXT_JS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].flatMap(chart => {
  const svg = chart.querySelector('svg.main-svg');
  if (!svg) return [];
  const paper = getComputedStyle(svg).backgroundColor;
  return [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim()
      && !t.closest('.scatterlayer') && t.getBBox().width > 0 && getComputedStyle(t).display !== 'none'
      && getComputedStyle(t).visibility !== 'hidden' && Number(getComputedStyle(t).opacity) > 0)
    .map(t => ({text: t.textContent.trim(), fill: getComputedStyle(t).fill,
                opacity: Number(getComputedStyle(t).fillOpacity), paper: paper,
                part: (t.getAttribute('class') || t.parentNode.getAttribute('class') || 'text'),
                chart: chart.getAttribute('aria-label') || ''}));
})"""

# Streamlit's own grey texts (captions, labels, help) in main and sidebar against the first opaque
# background behind them: axe leaves many of these 'incomplete' (overlapped by the sticky header).
HTML_TEXT_JS = """selector => [...document.querySelectorAll(selector)].filter(e => e.textContent.trim()
    && e.getClientRects().length).map(e => {
  let node = e, background = 'rgb(255, 255, 255)';
  while (node && node.nodeType === 1) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(colour)) { background = colour; break; }
    node = node.parentElement;
  }
  return {text: e.textContent.trim().slice(0, 60), colour: getComputedStyle(e).color, background: background};
})"""
