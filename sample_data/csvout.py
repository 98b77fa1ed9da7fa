"""Fast, byte-stable CSV writing: header as given, no quoting unless a value needs it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv


def write_csv(table: pd.DataFrame, path: Path, columns: list[str], plain: bool = False) -> int:
    """Write table[columns] to path; returns the row count. Blank for missing values.

    plain=True promises no value holds a comma, quote or newline (skips the check).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    table = table[columns]
    needs_quotes = not plain and any(
        not pd.api.types.is_numeric_dtype(table[c])
        and table[c].astype(str).str.contains('[,"\n]', regex=True).any()
        for c in columns
    )
    if needs_quotes:
        table.to_csv(path, index=False, lineterminator="\n")
        return len(table)
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    with open(path, "wb") as handle:
        handle.write((",".join(columns) + "\n").encode())
        pacsv.write_csv(arrow, handle, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    return len(table)
