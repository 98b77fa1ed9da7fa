"""Cross-check of stats.spc against a line-by-line port of NHSRplotthedots' R source.

The port below follows, statement by statement, R/ptd_spc_standard.R (limits, screening,
fix_after_n_points, rebase groups) and R/ptd_calculate_point_type.R (ptd_seven_point_one_side_mean,
ptd_part_of_seven_trend, ptd_seven_point_trend, ptd_two_in_three, ptd_part_of_two_in_three,
ptd_special_cause_type, ptd_point_type) and R/ptd_calculate_assurance_type.R of
nhs-r-community/NHSRplotthedots, read through the search tool. It uses plain Python loops and R's
1-based indexing so that it shares no code or structure with the vectorised implementation. R's NA
becomes None; comparisons with NA are NA and case_when treats NA as not matched, as in R.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from stats.spc import assurance_type, variation_icon, xmr_chart

LIMIT = 2.66
LIMITCLOSE = 2 * (LIMIT / 3)


# ---- R helpers ---------------------------------------------------------------------------------


def r_mean(values):
    """mean(x, na.rm = TRUE): long-double sum / n, then the correction pass of R's summary.c."""
    kept = [v for v in values if v is not None]
    if not kept:
        return math.nan
    total = np.longdouble(0)
    for v in kept:
        total += np.longdouble(v)
    mean = total / len(kept)
    correction = np.longdouble(0)
    for v in kept:
        correction += np.longdouble(v) - mean
    return float(mean + correction / len(kept))


def r_sign(x):
    return 0 if x == 0 else (1 if x > 0 else -1)


def na_gt(a, b):
    """a > b with NaN limits giving NA (None)."""
    return None if (a is None or b is None or math.isnan(a) or math.isnan(b)) else a > b


def na_lt(a, b):
    return None if (a is None or b is None or math.isnan(a) or math.isnan(b)) else a < b


def na_or(a, b):
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def na_and(a, b):
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def na_not(a):
    return None if a is None else not a


# ---- R/ptd_spc_standard.R -------------------------------------------------------------------------


def ptd_spc_standard(y, rebase, fix_after_n_points, screen_outliers):
    n = len(y)
    rebase_group, acc = [], 0
    for i in range(n):
        acc += rebase[i]
        rebase_group.append(acc)
    rows = [{"y": y[i], "rebase_group": rebase_group[i]} for i in range(n)]
    for group in sorted(set(rebase_group)):
        members = [row for row in rows if row["rebase_group"] == group]
        fix = math.inf if fix_after_n_points is None else fix_after_n_points
        fix_y = [row["y"] if (k + 1) <= fix else None for k, row in enumerate(members)]
        mean_col = r_mean(fix_y)
        mr = [None] + [
            None if (fix_y[k] is None or fix_y[k - 1] is None) else abs(fix_y[k] - fix_y[k - 1])
            for k in range(1, len(fix_y))
        ]
        amr = r_mean(mr)
        if screen_outliers:
            # case_when(!screen ~ mr, mr < 3.267 * amr ~ mr, TRUE ~ NA)
            mr = [m if (m is not None and not math.isnan(amr) and m < 3.267 * amr) else None for m in mr]
        amr = r_mean(mr)
        lpl, upl = mean_col - (LIMIT * amr), mean_col + (LIMIT * amr)
        nlpl, nupl = mean_col - (LIMITCLOSE * amr), mean_col + (LIMITCLOSE * amr)
        for row in members:
            outside = na_or(na_gt(row["y"], upl), na_lt(row["y"], lpl))
            row.update(mean_col=mean_col, lpl=lpl, upl=upl, outside_limits=outside,
                       relative_to_mean=r_sign(row["y"] - mean_col),
                       close_to_limits=na_and(na_not(outside), na_or(na_lt(row["y"], nlpl), na_gt(row["y"], nupl))))
    return rows


# ---- R/ptd_calculate_point_type.R -----------------------------------------------------------------


def ptd_seven_point_one_side_mean(v):
    vp = [0] * 6 + list(v)  # vp[[i]] in R is vp[i - 1] here
    out = []
    for i in range(7, len(v) + 7):  # seq_along(v) + 6
        current = vp[i - 1]
        out.append(1 if all(current == vp[i - 1 - k] for k in range(1, 7)) and current != 0 else 0)
    return out


def ptd_part_of_seven_trend(v):
    vp = list(v) + [0] * 6
    return [1 if any(abs(vp[i - 1 + k]) == 1 for k in range(7)) else 0 for i in range(1, len(v) + 1)]


def ptd_seven_point_trend(y):
    if len(y) < 7:
        return [0] * len(y)
    out = [0] * 6
    for i in range(7, len(y) + 1):
        window = [y[i - 1 - k] for k in range(7)]  # y[i - 0:6]
        d = [r_sign(window[k + 1] - window[k]) * -1 for k in range(6)]
        out.append(1 if all(x == 1 for x in d) else (-1 if all(x == -1 for x in d) else 0))
    return out


def r_sum(values):
    return None if any(v is None for v in values) else sum(values)


def ptd_two_in_three(v, rtm):
    if len(v) == 0:
        return []
    vp = [0, 0] + [None if x is None else int(x) for x in v] + [0, 0]
    rtmp = [0, 0] + list(rtm) + [0, 0]
    out = []
    for i in range(1, len(v) + 1):
        result = False
        for offset in (0, 1, 2):
            idx = [i - 1 + offset + k for k in range(3)]  # vp[i + offset + 0:2]
            total = r_sum([vp[j] for j in idx])
            enough = None if total is None else total >= 2
            same_side = abs(sum(rtmp[j] for j in idx)) == 3
            result = na_or(result, na_and(enough, same_side))
        out.append(None if result is None else int(result))
    return out


def ptd_part_of_two_in_three(v, x):
    return [na_and(None if a is None else a == 1, None if b is None else abs(int(b)) == 1) for a, b in zip(v, x)]


def ptd_special_cause_type(y, relative_to_mean, close_to_limits, outside_limits):
    part_trend = ptd_part_of_seven_trend(ptd_seven_point_trend(y))
    part_two = ptd_part_of_two_in_three(ptd_two_in_three(close_to_limits, relative_to_mean), close_to_limits)
    part_shift = ptd_part_of_seven_trend(ptd_seven_point_one_side_mean(relative_to_mean))
    sdy = [r_sign(y[k] - y[k - 1]) for k in range(1, len(y))]
    sdy_right = sdy + sdy[-1:]
    sdy_left = [0] + sdy
    shifted = part_trend[1:] + [0]
    sdy = [sdy_right[k] if (shifted[k] and part_trend[k]) else sdy_left[k] for k in range(len(y))]
    labels = []
    for k in range(len(y)):
        above_or_below = "Above" if relative_to_mean[k] > 0 else "Below"
        if outside_limits[k] is True:  # outside_limits != 0; NA is not matched
            labels.append("Above UCL" if relative_to_mean[k] == 1 else "Below LCL")
        elif part_trend[k] != 0:
            labels.append(f"7 Point Trend ({'In' if sdy[k] == 1 else 'De'}creasing)")
        elif part_two[k] is True:
            labels.append(f"2 in 3 {above_or_below} CL")
        elif part_shift[k] != 0:
            labels.append(f"7 Points {above_or_below} CL")
        else:
            labels.append("Common Cause")
    return labels


def ptd_point_type(special_cause_type, improvement_direction):
    out = []
    for label in special_cause_type:
        v = 1 if ("Above" in label or "Increasing" in label) else (-1 if ("Below" in label or "Decreasing" in label) else 0)
        if improvement_direction == 0:
            out.append({1: "special_cause_neutral_high", -1: "special_cause_neutral_low", 0: "common_cause"}[v])
        else:
            out.append({1: "special_cause_improvement", -1: "special_cause_concern", 0: "common_cause"}[v * improvement_direction])
    return out


def ptd_calculate_assurance_type(last_row, target, improvement_direction):
    if target is None or improvement_direction == "neutral":
        return None
    is_increasing = improvement_direction == "increase"
    if na_gt(target, last_row["upl"]) is True:
        return "consistent_fail" if is_increasing else "consistent_pass"
    if na_lt(target, last_row["lpl"]) is True:
        return "consistent_pass" if is_increasing else "consistent_fail"
    return "inconsistent"


def ptd_spc(y, *, rebase_at=(), fix_after_n_points=None, improvement_direction="increase", screen_outliers=True):
    rebase = [1 if i in rebase_at else 0 for i in range(len(y))]
    rows = ptd_spc_standard(list(map(float, y)), rebase, fix_after_n_points, screen_outliers)
    direction = {"increase": 1, "neutral": 0, "decrease": -1}[improvement_direction]
    for group in sorted({row["rebase_group"] for row in rows}):
        members = [row for row in rows if row["rebase_group"] == group]
        labels = ptd_special_cause_type([r["y"] for r in members], [r["relative_to_mean"] for r in members],
                                        [r["close_to_limits"] for r in members], [r["outside_limits"] for r in members])
        for row, label, kind in zip(members, labels, ptd_point_type(labels, direction)):
            row.update(special_cause_type=label, point_type=kind)
    return rows


# ---- series to compare on ----------------------------------------------------------------------------


def adversarial_series():
    yield [12] * 7 + [1, 2, 3, 4, 5, 6, 7]
    yield [10, 12] * 6 + [18, 11, 18, 10, 12, 10]
    yield [10, 12] * 6 + [18, 30, 14, 10, 12, 10]
    yield [5] * 15
    yield [5] * 14 + [6]
    yield [1, 2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 8, 9]
    yield [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    yield [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    yield [3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4, 3, 3]  # many points on or next to the mean
    yield [0.1, 0.2, 0.3] * 6  # mean not representable exactly
    yield [1e9 + k % 3 for k in range(20)]


def random_series(rng: np.random.Generator, count: int):
    for _ in range(count):
        size = int(rng.integers(2, 40))
        kind = rng.integers(0, 5)
        if kind == 0:
            values = rng.normal(50, 10, size)
        elif kind == 1:
            values = rng.integers(0, 4, size).astype(float)  # ties and points on the mean
        elif kind == 2:
            values = rng.poisson(3, size).astype(float) + np.repeat(rng.integers(0, 3, 4), -(-size // 4))[:size] * 3
        elif kind == 3:
            values = np.cumsum(rng.choice([-1.0, 1.0, 0.0], size)) + rng.integers(0, 2, size)
        else:
            values = rng.normal(0, 1, size)
            values[rng.integers(0, size)] += rng.choice([-8, 8])
        yield np.round(values, int(rng.integers(0, 3))).tolist()


def compare(values, **options):
    ours = xmr_chart(values, rebase=list(options.get("rebase_at", ())) or None,
                     fix_after_n_points=options.get("fix_after_n_points"),
                     improvement_direction=options.get("improvement_direction", "increase"),
                     screen_outliers=options.get("screen_outliers", True))
    reference = ptd_spc(values, **options)
    assert ours.points["special_cause_type"].tolist() == [row["special_cause_type"] for row in reference]
    assert ours.points["point_type"].tolist() == [row["point_type"] for row in reference]
    expected_upper = [row["upl"] for row in reference]
    assert ours.points["upper_limit"].to_numpy() == pytest.approx(expected_upper, abs=0, nan_ok=True)
    return ours, reference


@pytest.mark.parametrize("values", list(adversarial_series()))
@pytest.mark.parametrize("screen", [True, False])
@pytest.mark.parametrize("direction", ["increase", "decrease", "neutral"])
def test_adversarial_series_match_the_port(values, screen, direction):
    ours, reference = compare(values, screen_outliers=screen, improvement_direction=direction)
    polarity = {"increase": "higher_is_better", "decrease": "lower_is_better", "neutral": "neutral"}[direction]
    assert variation_icon(ours, polarity).point_type == reference[-1]["point_type"]
    for target in (reference[-1]["upl"], reference[-1]["lpl"], reference[-1]["mean_col"], 1e12, -1e12):
        target = 0.0 if math.isnan(target) else target
        assert assurance_type(ours, target, direction) == ptd_calculate_assurance_type(reference[-1], target, direction)


def test_random_series_match_the_port():
    rng = np.random.default_rng(20240613)
    checked = special = 0
    for values in random_series(rng, 400):
        options = {"screen_outliers": bool(rng.integers(0, 2)),
                   "improvement_direction": ["increase", "decrease", "neutral"][int(rng.integers(0, 3))]}
        if len(values) >= 14 and rng.random() < 0.3:
            options["rebase_at"] = (int(rng.integers(1, len(values))),)
        if len(values) >= 12 and rng.random() < 0.3:
            options["fix_after_n_points"] = 12
        ours, _ = compare(values, **options)
        checked += 1
        special += int(ours.points["special_cause"].any())
    assert checked == 400
    assert special > 100  # the sample exercises the rules, not only common cause


@pytest.mark.parametrize("rebase_at", [(13,), (1,), (5, 9)])
def test_short_and_single_point_rebase_groups_match_the_port(rebase_at):
    values = [10, 12, 11, 13, 12, 30, 11, 12, 10, 11, 13, 12, 11, 25]
    ours, reference = compare(values, rebase_at=rebase_at)
    assert ours.points["trial_limits"].tolist() == [
        sum(row["rebase_group"] == r["rebase_group"] for r in reference) < 12 for row in reference
    ]
