"""The delivery workbooks of the sample generator: the same seed gives the same bytes, another seed
other workbooks, and reviews are linked to qualifying homicides of the generated force extract."""

from __future__ import annotations

import hashlib

import pandas as pd

from sample_data.delivery import write_delivery
from sample_data.generate import Manifest
from sample_data.timing import months_between

MONTHS = months_between("2019-01", "2026-09")
BOOKS = ("delivery/delivery-plan.xlsx", "fund/commissioning-fund.xlsx", "owhr/owhr-reviews.xlsx",
         "training/training.xlsx")


def _generate(folder, sample_files, seed: int) -> dict[str, str]:
    """The four workbooks for `seed`, next to links to the sample's force extract and indicator values."""
    for name in ("force_extract", "indicators"):
        (folder / name).symlink_to(sample_files / name)
    manifest = Manifest(folder)
    write_delivery(folder, MONTHS, seed, manifest)
    return {book: hashlib.sha256((folder / book).read_bytes()).hexdigest() for book in BOOKS}


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path, sample_files):
    from tests.conftest import FIXTURE_SEED

    first, again, other = (tmp_path / name for name in ("a", "b", "c"))
    for folder in (first, again, other):
        folder.mkdir()
    digests = _generate(first, sample_files, FIXTURE_SEED)
    assert digests == _generate(again, sample_files, FIXTURE_SEED)
    assert digests == {book: hashlib.sha256((sample_files / book).read_bytes()).hexdigest() for book in BOOKS}
    different = _generate(other, sample_files, FIXTURE_SEED + 1)
    assert all(different[book] != digests[book] for book in BOOKS)


def test_reviews_link_to_qualifying_homicides_of_the_extract(sample_files):
    reviews = pd.read_excel(sample_files / "owhr" / "owhr-reviews.xlsx", sheet_name="reviews", dtype={"crime_reference": str})
    linked = reviews["crime_reference"].dropna()
    assert len(linked) >= 1
    extract = pd.concat(pd.read_csv(path, dtype=str, keep_default_na=False)
                        for path in sorted((sample_files / "force_extract").glob("202[4-6]-*.csv")))
    rows = extract.set_index("crime_reference").loc[linked]
    assert set(rows["ho_offence_code"]) <= {"001/00", "004/01"}  # murder or manslaughter
    assert (rows["weapon"] != "none").all() and (rows["victim_age"].astype(int) >= 18).all()
