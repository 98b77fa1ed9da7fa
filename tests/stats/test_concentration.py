"""Lorenz curve, Gini and top-share: hand-worked arrays and the lorenzgini package's examples."""

import pytest

from stats.concentration import (
    concentration_sentence,
    generalised_gini,
    gini,
    lorenz_curve,
    places_holding_share,
    top_share,
)


def test_lorenz_curve_hand_worked():
    # counts 3, 0, 1 -> ascending 0, 1, 3 of 4 crimes
    curve = lorenz_curve([3, 0, 1])
    assert curve["share_of_places"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert curve["share_of_crimes"].tolist() == pytest.approx([0, 0, 0.25, 1])
    # 4 crimes >= 3 places: maximal equality is the diagonal
    assert curve["share_max_equality"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])


def test_lorenz_line_of_maximal_equality_when_sparse():
    # 2 crimes over 4 places: maximal equality puts one crime in each of 2 places
    curve = lorenz_curve([2, 0, 0, 0])
    assert curve["share_max_equality"].tolist() == pytest.approx([0, 0, 0, 0.5, 1])


def test_gini_hand_worked():
    # ascending 1, 2, 3, 4: sum (2i - 5) x_i = -3 - 2 + 3 + 12 = 10; G = 10 / (4 x 10) = 0.25
    assert gini([4, 1, 3, 2]) == pytest.approx(0.25, abs=1e-12)


def test_gini_perfect_equality_and_all_in_one_place():
    assert gini([7, 7, 7, 7, 7]) == 0.0
    for places in (2, 5, 10, 339):
        counts = [0] * (places - 1) + [12]
        assert gini(counts) == pytest.approx((places - 1) / places, abs=1e-12)
        assert gini(counts, unbiased=True) == pytest.approx(1.0, abs=1e-12)


# Worked examples in the documentation of lorenzgini::gini (Steenbeek & Bernasco's R package).
def test_lorenzgini_documented_examples():
    assert gini([10, 8, 2] + [0] * 7) == pytest.approx(0.78, abs=1e-12)
    assert generalised_gini([10, 8, 2] + [0] * 7) == pytest.approx(0.78, abs=1e-12)  # 20 >= 10
    assert gini([5, 2, 1] + [0] * 7) == pytest.approx(0.8, abs=1e-12)
    assert generalised_gini([5, 2, 1] + [0] * 7) == pytest.approx(0.75, abs=1e-12)  # 8 < 10
    assert gini([10] + [0] * 9) == pytest.approx(0.9, abs=1e-12)
    assert gini([10] + [0] * 99) == pytest.approx(0.99, abs=1e-12)
    assert gini([10] + [0] * 9, unbiased=True) == pytest.approx(1.0, abs=1e-12)


def test_generalised_gini_sparse_limits():
    # maximal equality given the data (N crimes in N of n places, one each) scores 0
    assert generalised_gini([1, 1, 1] + [0] * 7) == pytest.approx(0.0, abs=1e-12)
    # all N < n crimes in one place: biased form 1 - 1/N, unbiased (lorenzgini default) exactly 1
    assert generalised_gini([8] + [0] * 9) == pytest.approx(1 - 1 / 8, abs=1e-12)
    assert generalised_gini([8] + [0] * 9, unbiased=True) == pytest.approx(1.0, abs=1e-12)
    assert generalised_gini([3] + [0] * 338, unbiased=True) == pytest.approx(1.0, abs=1e-12)


def test_top_share_and_inverse():
    counts = [10, 5, 3, 1, 1, 0, 0, 0, 0, 0]  # 20 crimes over 10 places
    assert top_share(counts, 10) == pytest.approx(50.0)  # top place holds 10 of 20
    assert top_share(counts, 20) == pytest.approx(75.0)
    assert top_share(counts, 15) == pytest.approx(62.5)  # half-way through the 2nd place
    assert top_share(counts, 100) == pytest.approx(100.0)
    assert places_holding_share(counts, 50) == pytest.approx(10.0)
    assert places_holding_share(counts, 62.5) == pytest.approx(15.0)
    assert places_holding_share(counts, 100) == pytest.approx(50.0)


def test_sentence():
    counts = [10, 5, 3, 1, 1, 0, 0, 0, 0, 0]
    assert concentration_sentence(counts) == "10% of LSOAs hold 50% of serious violence"
    assert concentration_sentence(counts, 20, "places", "robbery") == "20% of places hold 75% of robbery"
    assert concentration_sentence([0, 0, 0]) == "No serious violence was recorded in these LSOAs"


def test_invalid_inputs_raise():
    for bad in ([], [1, -1], [float("nan"), 1], [0, 0]):
        with pytest.raises(ValueError):
            gini(bad)
    with pytest.raises(ValueError):
        top_share([1, 2], 120)
