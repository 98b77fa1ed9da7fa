"""The examples in the statistics docstrings run and give the values they show."""

import doctest

import pytest

from stats import benchmark, change, concentration, intervals, spc


@pytest.mark.parametrize("module", [intervals, spc, concentration, benchmark, change])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
