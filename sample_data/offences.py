"""Offence mix and the per-offence probabilities behind the force-extract fields.

Monthly 2022 levels for Warwickshire LSOAs follow the real data.police.uk files (Jan-Mar 2022)
and the calibration targets of issue 2 (serious violence about 1,480 a month).
"""

from __future__ import annotations

import numpy as np

# Violence and sexual offences a month in 2022 by district (calibration targets).
VSO_BY_DISTRICT = {"E07000218": 147, "E07000219": 413, "E07000220": 258, "E07000221": 239, "E07000222": 346}

# crime type -> (monthly 2022 county level, profile column of lsoa_profile.csv, spatial power, family)
# Spatial powers were tuned so the top 10% of LSOAs hold ~27% of serious violence, ~52% of
# robbery and ~42% of weapons possession over a year (see tests/sample_data).
CRIME_TYPES = {
    "Violence and sexual offences": (sum(VSO_BY_DISTRICT.values()), "vso", 0.895, "violence"),
    "Robbery": (28, "robbery", 0.855, "violence"),
    "Possession of weapons": (46, "weapons", 0.80, "violence"),
    "Drugs": (64, "drugs", 0.8, "drugs"),
    "Other theft": (307, "other", 1.0, "acquisitive"),
    "Vehicle crime": (321, "other", 0.9, "acquisitive"),
    "Criminal damage and arson": (283, "other", 0.9, "acquisitive"),
    "Public order": (233, "vso", 0.9, "violence"),
    "Burglary": (180, "other", 0.8, "acquisitive"),
    "Shoplifting": (164, "other", 1.3, "acquisitive"),
    "Other crime": (79, "other", 0.9, "acquisitive"),
    "Bicycle theft": (35, "other", 1.1, "acquisitive"),
    "Theft from the person": (16, "other", 1.3, "acquisitive"),
}
ASB_LEVEL = 680
TYPE_NAMES = list(CRIME_TYPES)

# Home Office codes by crime type with their shares (homicides are added separately).
HO_CODES = {
    "Violence and sexual offences": {
        "002/00": 0.003,
        "005/01": 0.04,
        "008/01": 0.30,
        "105/01": 0.30,
        "009/01": 0.03,
        "008/58": 0.08,
        "008/70": 0.14,
        "019/07": 0.035,
        "017/00": 0.07,
    },
    "Robbery": {"034/01": 0.88, "034/02": 0.12},
    "Possession of weapons": {"010/04": 0.70, "081/01": 0.05, "010/01": 0.25},
    "Drugs": {"092/01": 0.25, "092/40": 0.75},
    "Burglary": {"028/01": 0.70, "030/01": 0.30},
    "Criminal damage and arson": {"058/01": 1.0},
    "Vehicle crime": {"045/00": 1.0},
    "Other theft": {"049/00": 1.0},
    "Shoplifting": {"046/00": 1.0},
    "Bicycle theft": {"044/00": 1.0},
    "Theft from the person": {"039/00": 1.0},
    "Public order": {"066/00": 1.0},
    "Other crime": {"099/00": 1.0},
}

WEAPON_KINDS = ("knife_sharp", "firearm", "corrosive", "other", "none")
# code -> (weapon shares knife/firearm/corrosive/other, domestic, suspect identified, victim kind,
#          night-time-economy eligible, hate, county lines, out-of-county suspect multiplier)
# victim kind: 'person' (age/sex), 'young' (younger victims), 'sexual', 'business', '' (none)
PROFILE = {
    "001/00": ((0.45, 0.08, 0.0, 0.20), 0.30, 0.90, "person", True, 0.03, 0.05, 1.5),
    "004/01": ((0.20, 0.0, 0.0, 0.30), 0.20, 0.95, "person", True, 0.0, 0.0, 1.0),
    "002/00": ((0.55, 0.08, 0.03, 0.15), 0.25, 0.75, "person", True, 0.02, 0.05, 1.5),
    "005/01": ((0.14, 0.01, 0.01, 0.18), 0.20, 0.65, "person", True, 0.02, 0.02, 1.2),
    "008/01": ((0.025, 0.001, 0.002, 0.05), 0.38, 0.60, "person", True, 0.02, 0.002, 1.0),
    "105/01": ((0.005, 0.0, 0.0, 0.02), 0.35, 0.55, "person", True, 0.04, 0.0, 1.0),
    "009/01": ((0.12, 0.02, 0.0, 0.05), 0.45, 0.75, "person", False, 0.02, 0.01, 1.0),
    "008/58": ((0.0, 0.0, 0.0, 0.0), 0.55, 0.85, "person", False, 0.01, 0.0, 0.6),
    "008/70": ((0.0, 0.0, 0.0, 0.0), 0.45, 0.70, "person", False, 0.05, 0.0, 0.6),
    "019/07": ((0.01, 0.0, 0.0, 0.01), 0.40, 0.55, "sexual", False, 0.0, 0.0, 0.8),
    "017/00": ((0.0, 0.0, 0.0, 0.0), 0.15, 0.40, "sexual", True, 0.01, 0.0, 0.8),
    "034/01": ((0.20, 0.015, 0.01, 0.08), 0.02, 0.30, "young", True, 0.01, 0.03, 1.8),
    "034/02": ((0.30, 0.05, 0.0, 0.15), 0.0, 0.35, "business", False, 0.0, 0.02, 1.8),
    "010/04": ((1.0, 0.0, 0.0, 0.0), 0.01, 0.97, "", True, 0.0, 0.06, 2.0),
    "081/01": ((0.0, 1.0, 0.0, 0.0), 0.01, 0.95, "", False, 0.0, 0.20, 2.0),
    "010/01": ((0.0, 0.0, 0.06, 0.94), 0.01, 0.95, "", True, 0.0, 0.04, 1.8),
    "092/01": ((0.0, 0.0, 0.0, 0.0), 0.0, 0.97, "", False, 0.0, 0.35, 1.8),
    "092/40": ((0.0, 0.0, 0.0, 0.0), 0.0, 0.99, "", False, 0.0, 0.03, 1.2),
    "028/01": ((0.0, 0.0, 0.0, 0.0), 0.02, 0.15, "", False, 0.0, 0.0, 1.5),
    "030/01": ((0.0, 0.0, 0.0, 0.0), 0.0, 0.12, "", False, 0.0, 0.0, 1.5),
    "058/01": ((0.0, 0.0, 0.0, 0.0), 0.15, 0.25, "", False, 0.01, 0.0, 0.8),
    "045/00": ((0.0, 0.0, 0.0, 0.0), 0.0, 0.08, "", False, 0.0, 0.0, 1.3),
    "049/00": ((0.0, 0.0, 0.0, 0.0), 0.02, 0.15, "", False, 0.0, 0.0, 1.0),
    "046/00": ((0.0, 0.0, 0.0, 0.0), 0.0, 0.60, "", False, 0.0, 0.0, 1.3),
    "044/00": ((0.0, 0.0, 0.0, 0.0), 0.0, 0.06, "", False, 0.0, 0.0, 1.0),
    "039/00": ((0.0, 0.0, 0.0, 0.0), 0.0, 0.10, "young", True, 0.0, 0.0, 1.3),
    "066/00": ((0.0, 0.0, 0.0, 0.02), 0.05, 0.55, "", True, 0.12, 0.0, 1.0),
    "099/00": ((0.0, 0.0, 0.0, 0.02), 0.05, 0.45, "", False, 0.01, 0.01, 1.0),
}
HOMICIDE_CODES = {"001/00": 0.8, "004/01": 0.2}
CODES = list(PROFILE)
CODE_INDEX = {code: i for i, code in enumerate(CODES)}


def profile_arrays() -> dict[str, np.ndarray]:
    """The PROFILE table as arrays indexed by CODE_INDEX."""
    rows = [PROFILE[code] for code in CODES]
    return {
        "weapon": np.array([list(r[0]) + [1 - sum(r[0])] for r in rows]),
        "domestic": np.array([r[1] for r in rows]),
        "identified": np.array([r[2] for r in rows]),
        "victim": np.array([r[3] for r in rows]),
        "nte": np.array([r[4] for r in rows]),
        "hate": np.array([r[5] for r in rows]),
        "county_lines": np.array([r[6] for r in rows]),
        "cross_border": np.array([r[7] for r in rows]),
    }


# Age bands (low, high inclusive) and shares; under 25 about 30% for victims of violence.
VICTIM_AGES = {
    "person": (
        (0, 9, 0.03),
        (10, 15, 0.07),
        (16, 17, 0.05),
        (18, 24, 0.16),
        (25, 34, 0.24),
        (35, 49, 0.26),
        (50, 64, 0.13),
        (65, 90, 0.06),
    ),
    "young": (
        (10, 15, 0.12),
        (16, 17, 0.12),
        (18, 24, 0.24),
        (25, 34, 0.20),
        (35, 49, 0.18),
        (50, 64, 0.09),
        (65, 90, 0.05),
    ),
    "sexual": (
        (5, 12, 0.08),
        (13, 15, 0.12),
        (16, 17, 0.08),
        (18, 24, 0.20),
        (25, 34, 0.22),
        (35, 49, 0.20),
        (50, 64, 0.08),
        (65, 90, 0.02),
    ),
    "business": (
        (16, 17, 0.04),
        (18, 24, 0.35),
        (25, 34, 0.25),
        (35, 49, 0.22),
        (50, 64, 0.12),
        (65, 75, 0.02),
    ),
}
SUSPECT_AGES = {
    "default": ((10, 17, 0.10), (18, 24, 0.22), (25, 34, 0.31), (35, 49, 0.26), (50, 75, 0.11)),
    "young": ((10, 17, 0.26), (18, 24, 0.36), (25, 34, 0.22), (35, 49, 0.13), (50, 70, 0.03)),
}
FEMALE_VICTIM = {"person": 0.38, "young": 0.25, "sexual": 0.90, "business": 0.45}

OUTCOMES_NO_SUSPECT = {
    "Investigation complete; no suspect identified": 0.88,
    "Status update unavailable": 0.07,
    "Unable to prosecute suspect": 0.05,
}
OUTCOMES_SUSPECT = {
    "Unable to prosecute suspect": 0.66,
    "Status update unavailable": 0.08,
    "Court result unavailable": 0.06,
    "Action to be taken by another organisation": 0.04,
    "Awaiting court outcome": 0.03,
    "Offender given a caution": 0.03,
    "Local resolution": 0.03,
    "Further action is not in the public interest": 0.015,
    "Further investigation is not in the public interest": 0.01,
    "Formal action is not in the public interest": 0.005,
    "Offender given penalty notice": 0.005,
    "Offender given a drugs possession warning": 0.005,
    "Suspect charged as part of another case": 0.005,
}


def draw_ages(rng: np.random.Generator, bands: tuple, n: int) -> np.ndarray:
    """Integer ages from (low, high, share) bands, uniform within a band."""
    shares = np.array([b[2] for b in bands])
    band = rng.choice(len(bands), n, p=shares / shares.sum())
    low = np.array([b[0] for b in bands])[band]
    high = np.array([b[1] for b in bands])[band]
    return low + np.floor(rng.random(n) * (high - low + 1)).astype(int)
