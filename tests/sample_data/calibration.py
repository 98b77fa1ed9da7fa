"""Calibration measures computed from written sample files (shared by tests and the report)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SV_TYPES = ("Violence and sexual offences", "Robbery", "Possession of weapons")


def read_street(out_dir: Path, force_slug: str = "warwickshire", year: int | None = None) -> pd.DataFrame:
    """All police.uk rows of one force (optionally one year), as strings."""
    pattern = f"{year}-*/*-{force_slug}-street.csv" if year else f"*/*-{force_slug}-street.csv"
    files = sorted((out_dir / "police_uk").glob(pattern))
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)


def top_decile_share(rows: pd.DataFrame, lsoas: list[str]) -> float:
    """Share of rows in the 10% of LSOAs with most rows (LSOAs with none count as zero)."""
    counts = rows.groupby("LSOA code").size().reindex(lsoas, fill_value=0).sort_values(ascending=False)
    top = round(len(lsoas) * 0.1)
    return float(counts.iloc[:top].sum() / counts.sum())


def measures(out_dir: Path, lookup: pd.DataFrame, year: int = 2022) -> dict[str, float]:
    """Monthly means of serious violence by category and district, and concentration, for a year."""
    rows = read_street(out_dir, year=year)
    county = rows[rows["LSOA code"].isin(lookup["LSOA11CD"])].merge(
        lookup[["LSOA11CD", "LAD13CD"]], left_on="LSOA code", right_on="LSOA11CD"
    )
    sv = county[county["Crime type"].isin(SV_TYPES)]
    months = sv["Month"].nunique()
    out = {"sv_per_month": len(sv) / months}
    for crime_type, key in zip(SV_TYPES, ("vso", "robbery", "weapons")):
        subset = sv[sv["Crime type"] == crime_type]
        out[f"{key}_per_month"] = len(subset) / months
        out[f"{key}_top10_share"] = top_decile_share(subset, list(lookup["LSOA11CD"]))
    out["sv_top10_share"] = top_decile_share(sv, list(lookup["LSOA11CD"]))
    vso = sv[sv["Crime type"] == SV_TYPES[0]]
    for district, count in vso.groupby("LAD13CD").size().items():
        out[f"vso_{district}"] = count / months
    return out
