"""Derive the generator's small reference tables from the real data.police.uk example files.

Run once by hand (`python -m sample_data.harvest`); the generator reads only the CSVs written
to `sample_data/data/`, so its output does not depend on which real files are present.

- `lsoa_profile.csv`: per Warwickshire LSOA, real crime counts Jan-Mar 2022 by offence group
  (the spatial pattern the generator reproduces) and a town-centre flag (night-time economy).
- `lsoa_locations.csv`: the 'On or near ...' street names published for each LSOA.
- `outside_points.csv`: rows Warwickshire Police published in LSOAs outside the reference area
  (elsewhere in Great Britain, old district names), with their map points.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from settings import load_settings

DATA_DIR = Path(__file__).resolve().parent / "data"
GROUPS = {
    "Violence and sexual offences": "vso",
    "Robbery": "robbery",
    "Possession of weapons": "weapons",
    "Drugs": "drugs",
    "Anti-social behaviour": "asb",
}


def main() -> None:
    """Write the three derived tables."""
    settings = load_settings()
    files = sorted(settings.police_uk_dir.glob("*warwickshire-street.csv"))
    rows = pd.concat([pd.read_csv(f, dtype=str) for f in files], ignore_index=True)
    lookup = pd.read_csv(settings.reference_dir / "lookups" / "lsoa11_to_lad_warwickshire.csv")
    iod = pd.read_csv(settings.reference_dir / "deprivation" / "iod2019_lsoa11_warwickshire_neighbours.csv")
    rows["group"] = rows["Crime type"].map(GROUPS).fillna("other")
    county = rows[rows["LSOA code"].isin(lookup["LSOA11CD"])]
    counts = county.pivot_table(index="LSOA code", columns="group", aggfunc="size", fill_value=0)
    counts = counts.reindex(lookup["LSOA11CD"], fill_value=0).reindex(
        columns=list(GROUPS.values()) + ["other"], fill_value=0
    )
    total = counts.sum(axis=1)
    nte_names = county["Location"].str.contains("Nightclub|Pub/Bar|Shopping Area|High Street", regex=True)
    nte_hits = county[nte_names].groupby("LSOA code").size().reindex(lookup["LSOA11CD"], fill_value=0)
    counts["town_centre"] = ((total.rank(ascending=False) <= 30) & (nte_hits > 0)).map(
        {True: "Y", False: "N"}
    )
    counts.index.name = "lsoa_code"
    counts.to_csv(DATA_DIR / "lsoa_profile.csv")
    locations = county[
        county["Location"].str.startswith("On or near ") & ~county["Location"].str.contains(",")
    ]
    locations = locations.groupby(["LSOA code", "Location"]).size().rename("rows").reset_index()
    locations.columns = ["lsoa_code", "location", "rows"]
    locations.sort_values(["lsoa_code", "location"]).to_csv(DATA_DIR / "lsoa_locations.csv", index=False)
    outside = rows[rows["LSOA code"].notna() & ~rows["LSOA code"].isin(iod["lsoa11_code"])]
    outside = outside[["LSOA code", "LSOA name", "Longitude", "Latitude", "Location"]].drop_duplicates(
        "LSOA code"
    )
    outside.columns = ["lsoa_code", "lsoa_name", "lon", "lat", "location"]
    outside.sort_values("lsoa_code").to_csv(DATA_DIR / "outside_points.csv", index=False)


if __name__ == "__main__":
    main()
