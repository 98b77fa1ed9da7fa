"""Load files of one format into the warehouse: `ingest(con, format_name, paths) -> IngestReport`.

The whole command is one transaction: every file is checked first (text, quoting, field counts
and header in one streaming pass, warehouse/csvscan.py; then every value against
warehouse/formats.py, its range and the reference codes) and on any problem an IngestError
names file, line (the physical line where the record starts; header = 1) and column and
nothing changes. A file with a header and no data rows is refused, like an empty one: it
cannot say which month or area it replaces. DuckDB reads the canonical copies all at once
(`read_csv`, all text, one fixed dialect); validation is one SQL scan per format.

Replacement: each format has a replace key (police.uk: force ("Falls within") and month). Rows
already in the warehouse with a key the command loads are deleted first, so loading a file again
replaces and never adds; within one command the last file holding a key wins.

The police-uk command takes a whole data.police.uk download: street, outcomes and stop-and-search
files, each recognised by its name's ending (then its header) and loaded as its own format in the
same transaction. Stop-and-search files have no force or month column: both are read from the
file name (`_name_force`, `_name_month` in the stage), and each search is placed in an LSOA and
district from its coordinates (warehouse/places.py).
"""

from __future__ import annotations

import json
import re
import tempfile
import uuid
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from settings import PROJECT_ROOT, Settings, load_settings
from warehouse import db, snapshots
from warehouse.archives import ArchiveLimits, Budget
from warehouse.checks import Bounds, Check, format_checks, quote_ident, quote_literal
from warehouse.errors import IngestError, Problem, shown
from warehouse.formats import FORMATS, INGEST_FORMATS, FileFormat
from warehouse.loaders import LOADERS, Loader
from warehouse.places import register_places
from warehouse.report import FileResult, IngestReport
from warehouse.sources import (
    SourceFile,
    canonical_header,
    choose_format,
    header_problems,
    resolve,
    width_problems,
)
from warehouse.workbooks import name_sheets

PROJECT_REFERENCE = PROJECT_ROOT / "reference"
MAX_PROBLEMS = 25


def ingest(
    con_or_path: duckdb.DuckDBPyConnection | str | Path,
    format_name: str,
    paths: list[str | Path] | str | Path,
    reference_dir: str | Path | None = None,
    *,
    labels: list[str] | None = None,
) -> IngestReport:
    """Load the files (one command, one transaction); raise IngestError with nothing changed.

    `labels`, one per path, name the files in messages, the report and the ingest log instead of
    their paths (the upload passes the names users gave; a zip's members are `label!member`).
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if format_name not in INGEST_FORMATS:
        raise IngestError(
            Problem(shown(format_name), None, None, f"unknown format; one of {', '.join(INGEST_FORMATS)}")
        )
    if labels is not None and len(labels) != len(paths):
        raise ValueError("ingest: give one label per path")
    if not paths:
        raise IngestError(Problem(format_name, None, None, "no files given"))
    if not isinstance(con_or_path, duckdb.DuckDBPyConnection):
        return _ingest_snapshot(Path(con_or_path), format_name, paths, reference_dir, labels)
    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="svd-ingest-") as extract_dir:
        try:
            sources = _prepare(format_name, [Path(p) for p in paths], Path(extract_dir), settings, labels)
            return _in_transaction(con_or_path, format_name, sources, Bounds.from_settings(settings))
        except IngestError as error:  # a workbook's sheets are named by workbook, sheet and row
            named = name_sheets(error)
            if named is error:
                raise
            raise named from error


def _in_transaction(con, format_name: str, sources: list[SourceFile], bounds: Bounds) -> IngestReport:
    """Run the load in one transaction; any failure rolls back (a DuckDB error becomes a refusal)."""
    con.begin()
    try:
        report = _load(con, format_name, sources, bounds)
        con.commit()
    except duckdb.Error as error:
        con.rollback()
        message = f"the warehouse refused the rows ({str(error).splitlines()[0]}); nothing was loaded"
        raise IngestError(Problem(format_name, None, None, message)) from error
    except BaseException:
        con.rollback()
        raise
    return report


def _ingest_snapshot(path: Path, format_name: str, paths: list, reference_dir, labels) -> IngestReport:
    """Ingest into a new snapshot of the warehouse at `path`, published only if every file loads.

    Readers keep the snapshot they have until it is published (warehouse/snapshots.py); a refusal,
    an error or a kill leaves the served warehouse exactly as it was."""
    detail = ", ".join(labels or [Path(p).name for p in paths])
    try:
        with snapshots.writing(path, f"ingest {format_name}", detail) as con:
            prepare_warehouse(con, reference_dir)
            return ingest(con, format_name, paths, labels=labels)
    except snapshots.SnapshotError as error:
        raise IngestError(Problem(str(path), None, None, str(error))) from error
    except duckdb.Error as error:
        first = str(error).splitlines()[0]
        raise IngestError(
            Problem(str(path), None, None, f"cannot open the warehouse ({first}); nothing was changed")
        ) from error


def open_for_ingest(path: str | Path, reference_dir: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file in place (tests' fixtures), with its schema and reference tables."""
    con = db.connect(path)
    prepare_warehouse(con, reference_dir)
    return con


def prepare_warehouse(con: duckdb.DuckDBPyConnection, reference_dir: str | Path | None = None) -> None:
    """Create the schema and load the reference tables if the warehouse is new."""
    from warehouse.catalogue import has_project_reference, load_project_reference
    from warehouse.reference import has_reference, load_reference

    db.apply_schema(con)
    if not has_reference(con) or not has_project_reference(con):
        con.begin()
        if not has_reference(con):
            load_reference(con, reference_dir or load_settings().reference_dir)
        load_project_reference(con, load_settings().harm_weights_path)
        con.commit()


def _prepare(
    format_name: str, paths: list[Path], extract_dir: Path, settings: Settings, labels: list[str] | None
) -> list[SourceFile]:
    """Copy and scan the files, then check each header against its format."""
    formats = [FORMATS[name] for name in INGEST_FORMATS[format_name]]
    budget = Budget(ArchiveLimits.from_settings(settings))
    sources = resolve(format_name, paths, extract_dir, budget, labels)
    problems: list[Problem] = []
    bounds = Bounds.from_settings(settings)
    for source in sources:
        # A workbook's sheet knows its format; a CSV file by its name's ending, else its header.
        fmt = FORMATS[source.format_name] if source.format_name else choose_format(source, source.header, formats)
        source.format_name = fmt.name
        source.header, source.renamed = canonical_header(source.header, fmt)
        problems += _name_problems(source, fmt, bounds)
        problems += header_problems(source, source.header, fmt) or width_problems(source)
    if problems:
        raise IngestError(problems[:MAX_PROBLEMS])
    return sources


def _name_problems(source: SourceFile, fmt: FileFormat, bounds: Bounds) -> list[Problem]:
    """A format that reads values from the file name (`extra["name_pattern"]`): the name must match,
    and its month be a month in range; the values go to `source.name_fields`."""
    pattern = fmt.extra.get("name_pattern")
    if not pattern:
        return []
    name = re.split(r"[!/\\]", source.display)[-1].lower()
    match = re.fullmatch(pattern, name)
    if match is None:
        example = fmt.extra["suffix"].lstrip("-")
        return [Problem(source.display, None, None, f"the file name must be YYYY-MM-<force>-{example} as "
                        "data.police.uk names it: the force and month are read from it")]
    month = match.group("month")
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", month) or not (
            bounds.earliest_month <= month <= bounds.today.strftime("%Y-%m")):
        return [Problem(source.display, None, None,
                        f"the month of the file name, {month}, is not a month in {bounds.months}")]
    source.name_fields = {"_name_force": match.group("force"), "_name_month": month}
    return []


def _load(con, format_name: str, sources: list[SourceFile], bounds: Bounds) -> IngestReport:
    tag = uuid.uuid4().hex[:10]
    batch_id = str(uuid.uuid4())
    _reference_temp_tables(con)
    con.execute(f"create temp table files_{tag} (file_idx integer, ingest_id integer, file varchar, "
                "modified date, renamed varchar)")
    _line_breaks_table(con, sources, tag)
    stages: dict[str, str] = {}
    problems: list[Problem] = []
    for name in INGEST_FORMATS[format_name]:
        mine = [(i, s) for i, s in enumerate(sources) if s.format_name == name]
        if not mine:
            continue
        stage = f"stage_{name.replace('-', '_')}_{tag}"
        staged = _stage(con, stage, mine, tag)
        if staged:  # later formats' rules read this one's stage: stop here
            problems += staged
            break
        stages[name] = stage
        problems += _validate(con, stage, FORMATS[name], LOADERS[name], sources, stages, bounds)
    if problems:
        raise IngestError(problems[:MAX_PROBLEMS])
    report = IngestReport(batch_id=batch_id, format=format_name)
    results = {i: FileResult(s.display, s.format_name, s.sha256) for i, s in enumerate(sources)}
    kept = {name: _keep(con, stage, LOADERS[name], results) for name, stage in stages.items()}
    _log_files(con, batch_id, results, sources, tag)
    for name, kept_table in kept.items():
        if name == "force-extract":
            _register_coordinates(con, kept_table)
        if name == "police-uk-stop-search":
            register_places(con, kept_table, '"Longitude"', '"Latitude"')
        _replace(con, LOADERS[name], kept_table, tag)
    if kept.keys() & {"police-uk", "force-extract"}:
        db.refresh_incidents(con)
    report.files = [results[i] for i in sorted(results)]
    _summarise(con, report, stages, tag)
    return report


def _reference_temp_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The project's own reference CSVs that rules and loaders join to."""
    for table, name in (
        ("ref_offence_groups", "offence_groups.csv"),
        ("ref_ho_codes", "ho_offence_codes.csv"),
        ("ref_indicators", "indicators.csv"),
        ("ref_fingertips", "fingertips_indicators.csv"),
        ("ref_outcome_groups", "outcome_groups.csv"),
        ("ref_stop_search_objects", "stop_search_objects.csv"),
    ):
        con.execute(
            f"create or replace temp table {table} as select * from read_csv($p, all_varchar = true)",
            {"p": str(PROJECT_REFERENCE / name)},
        )


def _line_breaks_table(con, sources: list[SourceFile], tag: str) -> None:
    """Where records stop being one line each (quoted line breaks, blank lines), per file."""
    con.execute(f"create temp table lines_{tag} (file_idx integer, rec bigint, extra bigint)")
    rows = [(i, first, extra) for i, s in enumerate(sources) for first, extra in s.scan.breaks]
    if rows:
        con.executemany(f"insert into lines_{tag} values (?, ?, ?)", rows)


def _read_csv_sql(header: tuple[str, ...]) -> str:
    """DuckDB's reader over canonical copies: one dialect, strict, every column text."""
    columns = "{" + ", ".join(f"{quote_literal(name)}: 'VARCHAR'" for name in header) + "}"
    return f"""read_csv($files, columns = {columns}, header = true, auto_detect = false, delim = ',',
        quote = '"', escape = '"', new_line = '\\n', strict_mode = true, filename = true,
        encoding = 'utf-8')"""


# Records spanning lines or after blank lines: the physical line from the file's breakpoints.
_LINE_SQL = """select r.*, (r._rec + 1 + coalesce(b.extra, 0))::bigint as _line
    from r asof left join lines_{tag} as b on b.file_idx = r._file and r._rec >= b.rec"""


def _stage(con, stage: str, mine: list[tuple[int, SourceFile]], tag: str) -> list[Problem]:
    """Read the files into one all-text table with _file, _rec (record in file) and _line
    (physical line where the record starts), blank values as NULL."""
    groups: dict[tuple, list[tuple[int, SourceFile]]] = defaultdict(list)
    for index, source in mine:
        groups[source.header].append((index, source))
    fmt = FORMATS[mine[0][1].format_name]
    broken = any(source.scan.breaks for _index, source in mine)
    for n, (header, group) in enumerate(groups.items()):
        # A column the format lets a file leave out (absent_ok) is staged as blank.
        cleaned = ", ".join(
            f"nullif(trim(r.{quote_ident(c)}), '') as {quote_ident(c)}" if c in header
            else f"null::varchar as {quote_ident(c)}"
            for c in fmt.column_names
        )
        path_index = {str(source.path): index for index, source in group}
        con.execute(f"create or replace temp table files_map_{tag} (path varchar, file_idx integer)")
        con.executemany(f"insert into files_map_{tag} values (?, ?)", list(path_index.items()))
        select = f"""
            with r as (
                select {cleaned}, m.file_idx as _file,
                    (r.ordinality - min(r.ordinality) over (partition by m.file_idx) + 1)::bigint as _rec
                from {_read_csv_sql(header)} with ordinality as r
                join files_map_{tag} as m on m.path = r.filename
            )
            {_LINE_SQL.format(tag=tag) if broken else "select r.*, r._rec + 1 as _line from r"}
        """
        target = f"insert into {stage}" if n else f"create temp table {stage} as"
        try:
            con.execute(f"{target} {select}", {"files": list(path_index)})
        except duckdb.Error as error:
            return [_unreadable(group, header, error)]
    _name_columns(con, stage, mine, tag)
    return _row_counts(con, stage, fmt, dict(mine))


def _name_columns(con, stage: str, mine: list[tuple[int, SourceFile]], tag: str) -> None:
    """The values read from the file names (stop and search: force and month) as stage columns."""
    names = sorted({key for _index, source in mine for key in source.name_fields})
    if not names:
        return
    con.execute(f"create or replace temp table names_{tag} (file_idx integer, "
                + ", ".join(f"{name} varchar" for name in names) + ")")
    con.executemany(f"insert into names_{tag} values (?, {', '.join('?' for _ in names)})",
                    [[index, *(source.name_fields.get(name) for name in names)] for index, source in mine])
    for name in names:
        con.execute(f"alter table {stage} add column {name} varchar")
        con.execute(f"update {stage} as s set {name} = n.{name} from names_{tag} as n where n.file_idx = s._file")


def _unreadable(group, header, error: duckdb.Error) -> Problem:
    """Which file DuckDB could not parse (tried one by one), with its first message line."""
    for _index, source in group:
        probe = duckdb.connect()
        try:
            probe.execute(
                f"select count(*) from {_read_csv_sql(header)}", {"files": [str(source.path)]}
            ).fetchall()
        except duckdb.Error as inner:
            return Problem(source.display, None, None, f"not readable as CSV: {str(inner).splitlines()[0]}")
        finally:
            probe.close()
    return Problem(group[0][1].display, None, None, f"not readable as CSV: {str(error).splitlines()[0]}")


def _row_counts(con, stage: str, fmt: FileFormat, sources: dict[int, SourceFile]) -> list[Problem]:
    """DuckDB's rows per file must be the records the scan found (a safety net: they never differ
    for a file the scan accepts). Rows whose every value is blank (the `,,,,` rows spreadsheets
    leave below the data) are then dropped, as blank lines are; a file of nothing else is refused."""
    blank = f"coalesce({', '.join(quote_ident(name) for name in fmt.column_names)}) is null"
    counts = {
        file: (rows, blank_rows)
        for file, rows, blank_rows in con.execute(
            f"select _file, count(*), count(*) filter (where {blank}) from {stage} group by 1"
        ).fetchall()
    }
    problems = []
    for index, source in sources.items():
        rows, blank_rows = counts.get(index, (0, 0))
        if rows != source.scan.records:
            message = f"read as {rows:,} rows but holds {source.scan.records:,} records: not loaded"
            problems.append(Problem(source.display, None, None, message))
        elif rows == blank_rows:
            problems.append(
                Problem(source.display, None, None, "has a header but no data rows: nothing to load")
            )
    if not problems and any(blank_rows for _rows, blank_rows in counts.values()):
        con.execute(f"delete from {stage} where {blank}")
    return problems


def _validate(
    con, stage: str, fmt: FileFormat, loader: Loader, sources, stages: dict[str, str], bounds: Bounds
) -> list[Problem]:
    """First bad value per rule, located by file and physical line."""
    people = stages.get("cohort-people", "(select null::varchar as person_id where false)")
    checks: list[Check] = format_checks(fmt, bounds) + list(loader.checks)
    flags = ", ".join(
        f"({_stage_refs(c.bad.replace('{people}', people), stages)}) as _bad{i}, ({c.other}) as _other{i}"
        for i, c in enumerate(checks)
    )
    firsts = ", ".join(
        f"arg_min(struct_pack(f := _file, l := _line, v := {quote_ident(c.column)}, o := _other{i}), "
        f"_file * 1e12 + _rec) filter (where _bad{i})"
        for i, c in enumerate(checks)
    )
    sql = f"with s as (select *, {flags} from {stage} as s) select {firsts} from s"
    params = {name: value for name, value in bounds.params().items() if f"${name}" in sql}
    found = con.execute(sql, params).fetchall()[0]
    problems = []
    for check, first in zip(checks, found):
        if first is None:
            continue
        message = check.message.format(value=shown(first["v"]), other=shown(first["o"]))
        problems.append(Problem(sources[first["f"]].display, int(first["l"]), check.column, message))
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


def _stage_refs(predicate: str, stages: dict[str, str]) -> str:
    """`{stage:<format>.<column>}` -> that column of the format's rows staged in this command (an
    empty relation when the command has none), for rules that look across the sheets of a workbook."""
    def staged(match: re.Match) -> str:
        name, column = match.group(1), quote_ident(match.group(2))
        if name in stages:
            return f"(select {column} from {stages[name]})"
        return f"(select null::varchar as {column} where false)"

    return re.sub(r"\{stage:([a-z-]+)\.([a-z_]+)\}", staged, predicate)


def _keep(con, stage: str, loader: Loader, results: dict[int, FileResult]) -> str:
    """Rows to load (the last file of the command wins a key), with counts per file; rows a loader
    skips (its `skip` rules: valid rows it does not load) are counted per file and reason."""
    kept = stage.replace("stage_", "kept_", 1)
    key_exprs = ", ".join(expr for expr, _ in loader.key)
    reasons = " ".join(f"when {predicate} then {quote_literal(reason)}" for reason, predicate in loader.skip)
    flagged = f"(select *, case {reasons} end as _skip from {stage})" if loader.skip else f"(select *, null as _skip from {stage})"
    con.execute(f"create temp table flagged_{kept} as select * from {flagged}")
    for file_idx, reason, count in con.execute(
        f"select _file, _skip, count(*) from flagged_{kept} where _skip is not null group by all order by all"
    ).fetchall():
        results[file_idx].rows_skipped[reason] = count
    con.execute(
        f"""create temp table {kept} as
        select * exclude (_owner, _skip) from (
            select *, max(_file) over (partition by {key_exprs}) as _owner from flagged_{kept} where _skip is null
        ) where _file = _owner"""
    )
    keys = kept.replace("kept_", "keys_", 1)
    key_select = ", ".join(f"{expr} as {target}" for expr, target in loader.key)
    con.execute(f"create temp table {keys} as select distinct {key_select}, _file from {kept}")
    join = " and ".join(f"t.{target} = k.{target}" for _, target in loader.key)
    for file_idx, count in con.execute(f"select _file, count(*) from {kept} group by 1").fetchall():
        results[file_idx].rows_loaded = count
    replaced = con.execute(
        f"select k._file, count(*) from {loader.table} as t join {keys} as k on {join} group by 1"
    )
    for file_idx, count in replaced.fetchall():
        results[file_idx].rows_replaced = count
    return kept


def _log_files(con, batch_id: str, results: dict[int, FileResult], sources: list[SourceFile], tag: str) -> None:
    """One ingest_log row per file (in command order), and each file's ingest_id."""
    loaded_at = datetime.now().replace(microsecond=0)
    order = sorted(results)
    con.executemany(
        "insert into ingest_log (batch_id, file, sha256, format, rows_loaded, rows_replaced, loaded_at) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        [
            [batch_id, r.file, r.sha256, r.format, r.rows_loaded, r.rows_replaced, loaded_at]
            for r in (results[i] for i in order)
        ],
    )
    ids = [row[0] for row in con.execute(
        "select ingest_id from ingest_log where batch_id = ? order by ingest_id", [batch_id]
    ).fetchall()]  # fmt: skip
    for index, ingest_id in zip(order, ids, strict=True):
        results[index].ingest_id = ingest_id
    con.executemany(
        f"insert into files_{tag} values (?, ?, ?, ?, ?)",
        [[i, results[i].ingest_id, results[i].file, sources[i].modified, json.dumps(sources[i].renamed)]
         for i in order],
    )


def _register_coordinates(con, kept: str) -> None:
    """Easting/northing (EPSG:27700) -> lon/lat (EPSG:4326), with the project's one converter."""
    from geo.projection import to_lonlat

    arrays = con.execute(
        f"select _file, _rec, easting::double as e, northing::double as n from {kept} "
        "where easting is not null and northing is not null"
    ).fetchnumpy()
    lon, lat = to_lonlat(np.asarray(arrays["e"]), np.asarray(arrays["n"]))
    frame = pd.DataFrame({"_file": arrays["_file"], "_rec": arrays["_rec"], "lon": lon, "lat": lat})
    con.register("fx_coords_frame", frame)
    con.execute("create or replace temp table fx_coords as select * from fx_coords_frame")
    con.unregister("fx_coords_frame")


def _replace(con, loader: Loader, kept: str, tag: str) -> None:
    """Delete rows of the keys being loaded, then insert the kept rows."""
    keys = kept.replace("kept_", "keys_", 1)
    join = " and ".join(f"t.{target} = k.{target}" for _, target in loader.key)
    for table in (loader.table, *loader.also_clear):
        con.execute(f"delete from {table} as t using {keys} as k where {join}")
    with_ids = f"(select s.*, f.ingest_id from {kept} as s join files_{tag} as f on f.file_idx = s._file)"
    for statement in loader.insert:  # {files}: the command's files (ingest_id, file, modified, renamed)
        con.execute(statement.format(kept=with_ids, files=f"files_{tag}"))


def _summarise(con, report: IngestReport, stages: dict[str, str], tag: str) -> None:
    mine = f"ingest_id in (select ingest_id from files_{tag})"
    for name in stages:
        loader = LOADERS[name]
        report.by_key[name] = [tuple(r) for r in con.execute(loader.by_key.format(mine=mine)).fetchall()]
        if loader.by_district:
            sql = loader.by_district.format(mine=mine)
            report.by_district[name] = [tuple(r) for r in con.execute(sql).fetchall()]
        if loader.table in ("police_uk_rows", "force_extract_rows"):
            counts = con.execute(
                f"select count(*) filter (where location_status = 'unknown'), "
                f"count(*) filter (where location_status = 'outside_reference') from {loader.table} where {mine}"
            ).fetchall()[0]
            report.unknown_location += counts[0]
            report.outside_reference += counts[1]
    if "police-uk" in stages:
        rows = con.execute(
            f"select distinct crime_type from police_uk_rows where {mine} "
            "and crime_type not in (select crime_type from ref_offence_groups) order by 1"
        ).fetchall()
        report.unknown_crime_types = [r[0] for r in rows]
    if "police-uk-outcomes" in stages:
        rows = con.execute(
            f"select distinct outcome_type from police_uk_outcomes where {mine} and outcome_group = 'other' order by 1"
        ).fetchall()
        report.unknown_outcome_types = [r[0] for r in rows]
