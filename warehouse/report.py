"""What one ingest command did, told once and rendered twice: plain lines for the command line
(`IngestReport.lines()`) and markdown for the Data page (`IngestReport.markdown()`).

Every label here may come from a file (force names, crime types, file names), so the markdown
escapes it: a file cannot put a link, an image or an HTML tag on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warehouse.errors import shown

LABEL_MAX_CHARS = 120
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&$:])")


@dataclass
class FileResult:
    """One file of the command: its name as reported, format, hash and rows."""

    file: str
    format: str
    sha256: str
    rows_loaded: int = 0
    rows_replaced: int = 0
    ingest_id: int | None = None
    # Valid rows the format does not load, by reason (e.g. Fingertips indicators not in the catalogue).
    rows_skipped: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """A titled list of (label, value) lines of the account."""

    title: str
    items: tuple[tuple[str, str], ...]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def escape_markdown(text: str) -> str:
    """Text shown literally by st.markdown: every markdown and HTML character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@dataclass
class IngestReport:
    """What one ingest command did."""

    batch_id: str
    format: str
    files: list[FileResult] = field(default_factory=list)
    by_key: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    by_district: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    unknown_location: int = 0
    outside_reference: int = 0
    unknown_crime_types: list[str] = field(default_factory=list)
    unknown_outcome_types: list[str] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_replaced(self) -> int:
        return sum(f.rows_replaced for f in self.files)

    @property
    def rows_skipped(self) -> int:
        return sum(sum(f.rows_skipped.values()) for f in self.files)

    def headline(self) -> str:
        """One sentence: files, rows loaded and replaced, the batch."""
        return (
            f"{self.format}: {_plural(len(self.files), 'file')}, {_plural(self.rows_loaded, 'row')} loaded, "
            f"{_plural(self.rows_replaced, 'row')} replaced (batch {self.batch_id})"
        )

    def sections(self) -> list[Section]:
        """The account after the headline, in the order both renderings show it."""
        files = tuple(
            (f.file, f"{f.rows_loaded:,} loaded, {f.rows_replaced:,} replaced"
                     + (f", {sum(f.rows_skipped.values()):,} skipped" if f.rows_skipped else "") + f" ({f.format})")
            for f in self.files
        )
        out = [Section("files", files)]
        skipped = tuple((reason, f"{count:,} ({f.file})") for f in self.files
                        for reason, count in f.rows_skipped.items())
        if skipped:
            out.append(Section("rows skipped (valid, not loaded)", skipped))
        for name, rows in self.by_key.items():
            unit = "force-month" if name.startswith("police-uk") or name == "force-extract" else "key"
            out.append(Section(f"rows per {unit} ({name})", tuple((k, f"{n:,}") for k, n in rows)))
            if self.by_district.get(name):
                districts = tuple((k, f"{n:,}") for k, n in self.by_district[name])
                out.append(Section(f"rows per district ({name})", districts))
        return out

    def facts(self) -> list[tuple[str, str]]:
        """The counts that end the account (locations, crime types outside the reference)."""
        out = []
        if self.format in ("police-uk", "force-extract"):
            out.append(("rows with unknown location", f"{self.unknown_location:,}"))
            out.append(
                ("rows outside the reference area (LSOA not in the reference)", f"{self.outside_reference:,}")
            )
        if self.unknown_crime_types:
            names = ", ".join(f"'{name}'" for name in self.unknown_crime_types)
            out.append(("crime types not in reference/offence_groups.csv (grouped as 'other')", names))
        if self.unknown_outcome_types:
            names = ", ".join(f"'{name}'" for name in self.unknown_outcome_types)
            out.append(("outcome types not in reference/outcome_groups.csv (grouped as 'other')", names))
        return out

    def lines(self) -> list[str]:
        """A plain-text account for the command line."""
        out = [self.headline()]
        for section in self.sections():
            out.append(f"  {section.title}:")
            out += [f"    {shown(label, LABEL_MAX_CHARS)}: {value}" for label, value in section.items]
        out += [f"  {label}: {value}" for label, value in self.facts()]
        return out

    def markdown(self) -> str:
        """The same account as markdown for the Data page (labels escaped)."""
        out = [f"**{escape_markdown(self.headline())}**", ""]
        for section in self.sections():
            out += [f"**{escape_markdown(_sentence(section.title))}**", ""]
            out += [
                f"- {escape_markdown(shown(label, LABEL_MAX_CHARS))}: {escape_markdown(value)}"
                for label, value in section.items
            ]
            out.append("")
        out += [
            f"- {escape_markdown(_sentence(label))}: {escape_markdown(value)}"
            for label, value in self.facts()
        ]
        return "\n".join(out).strip() + "\n"
