"""The one exception the ingest raises: what is wrong, in which file, line and column.

Everything a message quotes comes from a file or an upload and may be hostile, so file names
are cleaned (`clean_name`) and values are quoted with control characters escaped and length
capped (`shown`): a message can never carry a terminal escape, a forged second line or a
megabyte of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# C0/C1 controls, DEL, and the Unicode bidirectional overrides that can make text read backwards.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NAME_MAX_CHARS = 120
VALUE_MAX_CHARS = 60


def clean_name(name: str, max_chars: int = NAME_MAX_CHARS) -> str:
    """A file or member name fit for messages and the ingest log: controls stripped, length capped.

    A name cut short keeps its end (the extension and month are there): 'abc…-street.csv'.
    """
    text = _CONTROL.sub("", str(name))
    if len(text) <= max_chars:
        return text
    tail = max_chars // 3
    return text[: max_chars - tail - 1] + "…" + text[-tail:]


def shown(value: object, max_chars: int = VALUE_MAX_CHARS) -> str:
    """A value as a message quotes it: control characters escaped (\\x1b), long values cut (…)."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else "?", str(value))
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file (line 1 is the header; None when not line-specific)."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", clean_name(self.file, 400))
        if self.column is not None:
            object.__setattr__(self, "column", shown(self.column))

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class IngestError(Exception):
    """A refused ingest command; the warehouse is unchanged. `problems` holds one entry per problem."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        if not self.problems:
            raise ValueError("IngestError needs at least one problem")
        first = self.problems[0]
        self.file, self.line, self.column, self.message = first.file, first.line, first.column, first.message
        super().__init__("\n".join(str(problem) for problem in self.problems))
