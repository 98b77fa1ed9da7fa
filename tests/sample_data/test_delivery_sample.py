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


def test_qualifying_homicides_read_timed_and_untimed_offences_alike(tmp_path):
    """The first qualifying row has no time and a later one has: a single inferred datetime format
    broke the default-scale build."""
    import datetime as dt

    from sample_data.delivery import qualifying_homicides

    (tmp_path / "force_extract").mkdir()
    header = "crime_reference,month,offence_datetime,ho_offence_code,weapon,victim_age\n"
    (tmp_path / "force_extract" / "2025-01.csv").write_text(
        header + "A1,2025-01,,001/00,knife_sharp,30\n"
        "A2,2025-01,2025-01-20 23:15,004/01,firearm,41\n"
        "A3,2025-01,2025-01-21 01:00,001/00,none,30\n"  # no weapon: not qualifying
        "A4,2025-01,2025-01-22 10:00,001/00,knife_sharp,17\n")  # under 18: not qualifying
    rows = qualifying_homicides(tmp_path, dt.date(2024, 4, 1))
    assert rows.to_dict("list") == {"crime_reference": ["A1", "A2"],
                                    "offence_date": [dt.date(2025, 1, 1), dt.date(2025, 1, 20)]}
