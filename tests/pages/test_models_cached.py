"""Page models are cached per snapshot (queries.runner.per_snapshot) and shared by every session
with the same key, so no page may change a model it was given: after every page has run, each
cached model still equals the model computed afresh from the same arguments."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

import dashboard
from access.context import as_viewer
from access.policy import Viewer
from queries.runner import MODEL_CACHES
from tests.conftest import assert_no_exception, open_page


def same(left, right, where: str = "model") -> None:
    """Assert two models are equal, field by field, frames by value."""
    assert type(left) is type(right), where
    if dataclasses.is_dataclass(left):
        for field in dataclasses.fields(left):
            same(getattr(left, field.name), getattr(right, field.name), f"{where}.{field.name}")
    elif isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left, right, obj=where)
    elif isinstance(left, pd.Series):
        pd.testing.assert_series_equal(left, right, obj=where)
    elif isinstance(left, np.ndarray):
        np.testing.assert_array_equal(left, right, err_msg=where)
    elif isinstance(left, list | tuple):
        assert len(left) == len(right), where
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            same(a, b, f"{where}[{index}]")
    elif isinstance(left, dict):
        assert left.keys() == right.keys(), where
        for key in left:
            same(left[key], right[key], f"{where}[{key!r}]")
    elif isinstance(left, float) and np.isnan(left):
        assert np.isnan(right), where
    else:
        assert left == right, where


def test_every_model_is_cached_and_no_page_changes_one(app_env):
    # In the test (not a module fixture): the autouse no_pages_folder_mode must be in force.
    for entry in dashboard.REGISTRY:
        assert_no_exception(open_page(entry.path, timeout=180))
    names = {function.__name__ for function in MODEL_CACHES if function.cache_items()}
    assert names == {"watch_list", "overview_model", "trends_model", "hotspots_model", "cross_border_model",
                     "cohort_model", "indicators_model", "outcomes_model"}
    checked = 0
    for function in MODEL_CACHES:
        for (_snapshot, classes, _limits, args, kwargs), cached in function.cache_items():
            with as_viewer(Viewer(None, "test", "analyst", "test", classes)):
                same(cached, function.uncached(*args, **dict(kwargs)), function.__name__)
            checked += 1
    assert checked >= 8
