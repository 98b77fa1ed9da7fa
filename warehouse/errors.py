"""The one exception the ingest raises: what is wrong, in which file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file (line 1 is the header; None when not line-specific)."""

    file: str
    line: int | None
    column: str | None
    message: str

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
