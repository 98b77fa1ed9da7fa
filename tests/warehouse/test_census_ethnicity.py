"""Census 2021 usual residents by ethnic group (ONS TS021, `ingest census-ethnicity`): the file as the
ONS custom-dataset tool gives it (quoted names with commas, 'Does not apply' rows, either
capitalisation of the geography columns, the 6-category table), exact totals per group, a reload
that replaces a district, and bad values refused naming file, line and column with nothing changed.

The fixture has the real file's layout and category names; its numbers are illustrative, not the
Census figures: per district i (0 to 4 in code order), category c has 100c + 10i residents, except
'White: English, Welsh, Scottish, Northern Irish or British' with 50,000 + 1,000i.
"""

from __future__ import annotations

from pathlib import Path

from tests.warehouse.conftest import damaged, refused, rows_of, write
from warehouse.ingest import ingest

TS021 = Path(__file__).resolve().parents[1] / "fixtures" / "census" / "TS021-2021-3-filtered-2026-11-30.csv"
# Five districts: asian = codes 1-5, black 6-8, mixed 9-12, white 13-17, other 18-19 (see the docstring).
TOTALS = {"asian": 8_000, "black": 10_800, "mixed": 21_400, "other": 18_700, "white": 291_400}


def _groups(con) -> dict:
    return dict(con.execute("select ethnic_group, sum(usual_residents)::bigint from population_district_ethnicity "
                            "group by 1 order by 1").fetchall())


def test_the_file_as_downloaded_loads_every_group_exactly(con):
    report = ingest(con, "census-ethnicity", [TS021])
    (loaded,) = report.files
    assert loaded.rows_loaded == 95 and loaded.rows_skipped == {"'Does not apply' (code -8)": 5}
    assert _groups(con) == TOTALS
    assert con.execute("select count(distinct district_code), count(*) from population_district_ethnicity"
                       ).fetchone() == (5, 95)
    assert con.execute("select category from population_district_ethnicity where district_code = 'E07000222' "
                       "and category_code = 14").fetchone() == ("White: Irish",)


def test_a_reload_of_a_district_replaces_it_and_the_other_capitalisation_is_read(con, tmp_path):
    ingest(con, "census-ethnicity", [TS021])
    rows = rows_of(TS021)
    header = ["Lower Tier Local Authorities Code", "Lower Tier Local Authorities", *rows[0][2:]]
    warwick = [row[:4] + [str(int(row[4]) * 2)] for row in rows[1:] if row[0] == "E07000222"]
    ingest(con, "census-ethnicity", [write(tmp_path / "warwick.csv", [header, *warwick])])
    # Warwick (i = 4) doubled: white 56,200 + 4,160 = 60,360 more, asian 1,700, other 3,780, ...
    assert _groups(con) == {"asian": 9_700, "black": 13_020, "mixed": 25_760, "other": 22_480, "white": 351_760}
    assert con.execute("select count(*) from population_district_ethnicity").fetchone() == (95,)


def test_the_six_category_table_is_accepted(con, tmp_path):
    six = [["Lower tier local authorities Code", "Lower tier local authorities", "Ethnic group (6 categories) Code",
            "Ethnic group (6 categories)", "Observation"],
           ["E07000220", "Rugby", "-8", "Does not apply", "0"],
           ["E07000220", "Rugby", "1", "Asian, Asian British or Asian Welsh", "9000"],
           ["E07000220", "Rugby", "2", "Black, Black British, Black Welsh, Caribbean or African", "3000"],
           ["E07000220", "Rugby", "3", "Mixed or Multiple ethnic groups", "3500"],
           ["E07000220", "Rugby", "4", "White", "96000"],
           ["E07000220", "Rugby", "5", "Other ethnic group", "2857"]]
    ingest(con, "census-ethnicity", [write(tmp_path / "ts021-6.csv", six)])
    assert _groups(con) == {"asian": 9000, "black": 3000, "mixed": 3500, "other": 2857, "white": 96000}


def test_bad_values_are_refused_naming_file_line_and_column(con, tmp_path):
    cases = [
        (5, "Ethnic group (20 categories) Code", "25", "'25' is not an ONS ethnic group code (-8, or 1 to 19)"),
        (6, "Ethnic group (20 categories)", "Pacific Islander",
         "'Pacific Islander' is not a Census 2021 ethnic group"),
        (7, "Observation", "-3", "'-3' is not a whole number"),
        (2, "Observation", "12", "'12' residents under 'Does not apply'"),
        (8, "Lower tier local authorities Code", "Warwick", "'Warwick' is not an ONS district code"),
    ]
    for line, column, value, words in cases:
        error = refused(con, "census-ethnicity", [damaged(tmp_path, TS021, line, column, value)])
        text = str(error)
        assert words in text and f"line {line}" in text and TS021.name in text, (column, text)
        # The column is named as published (the 20-category header), not by the format's own name.
        assert column.split(" (")[0] in text
    repeated = rows_of(TS021)
    error = refused(con, "census-ethnicity", [write(tmp_path / TS021.name, [*repeated, repeated[3]])])
    assert "repeats line 4" in str(error) and "line 102" in str(error)
