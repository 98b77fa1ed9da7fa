"""Load files of one format into the warehouse: `ingest(con, format_name, paths) -> IngestReport`.

The whole command is one transaction: every file is checked first (header, text, field counts,
every value against warehouse/formats.py and the reference codes) and on any problem an
IngestError names file, line (header = 1) and column and nothing changes. Files are read by
DuckDB all at once (`read_csv`, all text); validation is one SQL scan per format.

Replacement: each format has a replace key (police.uk: force ("Falls within") and month). Rows
already in the warehouse with a key the command loads are deleted first, so loading a file again
replaces and never adds; within one command the last file holding a key wins.
"""

from __future__ import annotations

import tempfile
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from settings import PROJECT_ROOT, load_settings
from warehouse import db
from warehouse.checks import Check, format_checks, quote_ident
from warehouse.errors import IngestError, Problem
from warehouse.formats import FORMATS, INGEST_FORMATS, FileFormat
from warehouse.loaders import LOADERS, Loader
from warehouse.sources import (
    SourceFile,
    check_text,
    choose_format,
    field_count,
    header_problems,
    physical_line,
    read_header,
    record_at,
    resolve,
)

PROJECT_REFERENCE = PROJECT_ROOT / "reference"
MAX_PROBLEMS = 25


@dataclass
class FileResult:
    file: str
    format: str
    sha256: str
    rows_loaded: int = 0
    rows_replaced: int = 0
    ingest_id: int | None = None


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

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_replaced(self) -> int:
        return sum(f.rows_replaced for f in self.files)

    def lines(self) -> list[str]:
        """A plain-text account for the command line."""
        out = [
            (
                f"{self.format}: {len(self.files)} file(s), {self.rows_loaded:,} rows loaded, "
                f"{self.rows_replaced:,} rows replaced (batch {self.batch_id})"
            )
        ]
        for name in self.by_key:
            out.append(
                f"  rows per {'force-month' if name in ('police-uk', 'force-extract') else 'key'} ({name}):"
            )
            out += [f"    {label}: {count:,}" for label, count in self.by_key[name]]
            if self.by_district.get(name):
                out.append(f"  rows per district ({name}):")
                out += [f"    {label}: {count:,}" for label, count in self.by_district[name]]
        if self.format in ("police-uk", "force-extract"):
            out.append(f"  rows with unknown location: {self.unknown_location:,}")
            out.append(
                f"  rows outside the reference area (LSOA not in the reference): {self.outside_reference:,}"
            )
        if self.unknown_crime_types:
            out.append(
                f"  crime types not in reference/offence_groups.csv (grouped as 'other'): {self.unknown_crime_types}"
            )
        return out


def ingest(
    con_or_path: duckdb.DuckDBPyConnection | str | Path,
    format_name: str,
    paths: list[str | Path] | str | Path,
    reference_dir: str | Path | None = None,
) -> IngestReport:
    """Load the files (one command, one transaction); raise IngestError with nothing changed."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if format_name not in INGEST_FORMATS:
        raise IngestError(
            Problem(format_name, None, None, f"unknown format; one of {', '.join(INGEST_FORMATS)}")
        )
    if not isinstance(con_or_path, duckdb.DuckDBPyConnection):
        owned = open_for_ingest(con_or_path, reference_dir)
        try:
            return ingest(owned, format_name, paths)
        finally:
            owned.close()
    con = con_or_path
    with tempfile.TemporaryDirectory(prefix="svd-ingest-") as extract_dir:
        sources = _prepare(format_name, [Path(p) for p in paths], Path(extract_dir))
        con.begin()
        try:
            report = _load(con, format_name, sources)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return report


def open_for_ingest(path: str | Path, reference_dir: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open a warehouse, creating the schema and loading the reference tables if it is new."""
    from warehouse.catalogue import has_project_reference, load_project_reference
    from warehouse.reference import has_reference, load_reference

    con = db.connect(path)
    db.apply_schema(con)
    if not has_reference(con) or not has_project_reference(con):
        con.begin()
        if not has_reference(con):
            load_reference(con, reference_dir or load_settings().reference_dir)
        load_project_reference(con, load_settings().harm_weights_path)
        con.commit()
    return con


def _prepare(format_name: str, paths: list[Path], extract_dir: Path) -> list[SourceFile]:
    """Find the files, check each is UTF-8 text with a header of its format."""
    formats = [FORMATS[name] for name in INGEST_FORMATS[format_name]]
    sources = resolve(format_name, paths, extract_dir)
    problems: list[Problem] = []
    for source in sources:
        try:
            check_text(source)
            source.header = read_header(source)
        except IngestError as error:
            problems += error.problems
            continue
        fmt = choose_format(source, source.header, formats)
        source.format_name = fmt.name
        problems += header_problems(source, source.header, fmt)
    if problems:
        raise IngestError(problems[:MAX_PROBLEMS])
    return sources


def _load(con: duckdb.DuckDBPyConnection, format_name: str, sources: list[SourceFile]) -> IngestReport:
    tag = uuid.uuid4().hex[:10]
    batch_id = str(uuid.uuid4())
    _reference_temp_tables(con)
    con.execute(f"create temp table files_{tag} (file_idx integer, ingest_id integer)")
    stages: dict[str, str] = {}
    problems: list[Problem] = []
    for name in INGEST_FORMATS[format_name]:
        mine = [(i, s) for i, s in enumerate(sources) if s.format_name == name]
        if not mine:
            continue
        stage = f"stage_{name.replace('-', '_')}_{tag}"
        problems += _stage(con, stage, FORMATS[name], mine, tag)
        stages[name] = stage
        if not problems:  # value checks on misaligned rows would only add noise
            problems += _validate(con, stage, FORMATS[name], LOADERS[name], sources, stages)
    if problems:
        raise IngestError(problems[:MAX_PROBLEMS])
    report = IngestReport(batch_id=batch_id, format=format_name)
    results = {i: FileResult(s.display, s.format_name, s.sha256) for i, s in enumerate(sources)}
    kept = {name: _keep(con, stage, LOADERS[name], results) for name, stage in stages.items()}
    _log_files(con, batch_id, results, tag)
    for name, kept_table in kept.items():
        if name == "force-extract":
            _register_coordinates(con, kept_table)
        _replace(con, LOADERS[name], kept_table, tag)
    report.files = [results[i] for i in sorted(results)]
    _summarise(con, report, stages, tag)
    return report


def _reference_temp_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "create or replace temp table ref_offence_groups as select * from read_csv($p, all_varchar = true)",
        {"p": str(PROJECT_REFERENCE / "offence_groups.csv")},
    )
    con.execute(
        "create or replace temp table ref_ho_codes as select * from read_csv($p, all_varchar = true)",
        {"p": str(PROJECT_REFERENCE / "ho_offence_codes.csv")},
    )


EXTRA = "__svd_extra_field"
# No real value equals this, so DuckDB makes NULL only of fields a short row lacks (null_padding);
# blank fields stay '' until cleaned. Field counts are then exact, trailing empty fields included.
NO_NULL = "<<svd-no-null>>"


def _read_csv_sql(header: tuple[str, ...], newline: str, rejects: str, scans: str) -> str:
    names = [*header, EXTRA]
    columns = "{" + ", ".join(f"'{name.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for name in names) + "}"
    crlf = newline == "\r\n"
    # DuckDB 2.0 refuses CRLF files with null_padding in strict mode; field counts stay exact.
    newline_sql, strict = ("\\r\\n", "false") if crlf else ("\\n", "true")
    return f"""read_csv($files, columns = {columns}, header = true, auto_detect = false, delim = ',',
        quote = '"', escape = '"', new_line = '{newline_sql}', strict_mode = {strict}, filename = true, null_padding = true,
        nullstr = '{NO_NULL}', store_rejects = true, rejects_table = '{rejects}',
        rejects_scan = '{scans}', encoding = 'utf-8')"""


def _stage(con, stage: str, fmt: FileFormat, mine: list[tuple[int, SourceFile]], tag: str) -> list[Problem]:
    """Read the files into one all-text table with _file, _rec (record in file), _line, _fields."""
    groups: dict[tuple, list[tuple[int, SourceFile]]] = defaultdict(list)
    for index, source in mine:
        groups[(source.header, source.newline)].append((index, source))
    problems: list[Problem] = []
    present = lambda c: f"(r.{quote_ident(c)} is not null)::integer"
    fields = " + ".join(present(c) for c in fmt.column_names)
    cleaned = ", ".join(f"nullif(trim(r.{quote_ident(c)}), '') as {quote_ident(c)}" for c in fmt.column_names)
    for n, ((header, newline), group) in enumerate(groups.items()):
        rejects, scans = f"rej_{tag}_{n}", f"rejscan_{tag}_{n}"
        path_index = {str(source.path): index for index, source in group}
        con.execute(f"create or replace temp table files_map_{tag} (path varchar, file_idx integer)")
        con.executemany(f"insert into files_map_{tag} values (?, ?)", list(path_index.items()))
        select = f"""
            select {cleaned}, m.file_idx as _file,
                (r.ordinality - min(r.ordinality) over (partition by m.file_idx) + 1)::bigint as _rec,
                (r.ordinality - min(r.ordinality) over (partition by m.file_idx) + 2)::bigint as _line,
                {fields} + (r.{EXTRA} is not null)::integer as _fields
            from {_read_csv_sql(header, newline, rejects, scans)} with ordinality as r
            join files_map_{tag} as m on m.path = r.filename
        """
        target = f"insert into {stage}" if n else f"create temp table {stage} as"
        try:
            con.execute(f"{target} {select}", {"files": list(path_index)})
        except duckdb.Error as error:
            return [_unreadable(con, group, header, newline, error)]
        problems += _rejects(con, rejects, scans, path_index, mine, fmt)
    return problems + _field_counts(con, stage, fmt, dict(mine))


def _unreadable(con, group, header, newline, error: duckdb.Error) -> Problem:
    """Which file DuckDB could not parse at all (tried one by one), with its first message line."""
    for _index, source in group:
        try:
            sql = _read_csv_sql(header, newline, "rej_probe", "rejscan_probe")
            probe = duckdb.connect()
            try:
                probe.execute(f"select count(*) from {sql}", {"files": [str(source.path)]}).fetchall()
            finally:
                probe.close()
        except duckdb.Error as inner:
            return Problem(source.display, None, None, f"not readable as CSV: {str(inner).splitlines()[0]}")
    return Problem(group[0][1].display, None, None, f"not readable as CSV: {str(error).splitlines()[0]}")


def _field_counts(con, stage: str, fmt: FileFormat, sources: dict[int, SourceFile]) -> list[Problem]:
    """Rows with too few or too many fields (first few per file)."""
    expected = len(fmt.columns)
    rows = con.execute(
        f"select _file, _rec, _fields from (select _file, _rec, _fields, row_number() over "
        f"(partition by _file order by _rec) as k from {stage} where _fields <> {expected}) where k <= 3 "
        "order by _file, _rec"
    ).fetchall()
    problems = []
    for file_idx, rec, found in rows:
        source = sources[file_idx]
        line, fields = record_at(source.path, rec)
        fields = fields or found  # the csv module gave up (e.g. an unclosed quote): trust DuckDB
        column = fmt.column_names[found] if found < expected else fmt.column_names[-1]
        problems.append(
            Problem(
                source.display, line, column, f"wrong number of fields: expected {expected}, found {fields}"
            )
        )
    return problems


def _rejects(con, rejects: str, scans: str, path_index: dict, mine, fmt: FileFormat) -> list[Problem]:
    """Rows DuckDB could not split into fields (too many, bad quoting) or not decode."""
    rows = con.execute(
        f"select distinct s.file_path, e.line, e.error_type::varchar, e.csv_line from {rejects} as e "
        f"join {scans} as s using (scan_id, file_id) order by s.file_path, e.line"
    ).fetchall()
    display = {index: source.display for index, source in mine}
    expected = len(fmt.columns)
    problems, seen = [], set()
    for path, line, error_type, csv_line in rows:
        if (path, line) in seen:
            continue
        seen.add((path, line))
        file, column = display[path_index[path]], None
        if error_type in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
            found = field_count((csv_line or "").strip("\r\n"))
            column = fmt.column_names[-1] if found > expected else fmt.column_names[min(found, expected - 1)]
            text = f"wrong number of fields: expected {expected}, found {found}"
        elif error_type == "INVALID ENCODING":
            text = "not UTF-8 text: save the file as UTF-8 CSV"
        else:
            text = f"malformed CSV ({error_type.lower()}): check quotes and delimiters"
        problems.append(Problem(file, int(line), column, text))
    return problems


def _validate(
    con, stage: str, fmt: FileFormat, loader: Loader, sources, stages: dict[str, str]
) -> list[Problem]:
    """First bad value per rule, located by file and physical line."""
    people = stages.get("cohort-people", "(select null::varchar as person_id where false)")
    checks: list[Check] = format_checks(fmt) + list(loader.checks)
    flags = ", ".join(f"({c.bad.replace('{people}', people)}) as _bad{i}" for i, c in enumerate(checks))
    firsts = ", ".join(
        f"arg_min(struct_pack(f := _file, r := _rec, v := {quote_ident(c.column)}), _file * 1e12 + _rec) "
        f"filter (where _bad{i})"
        for i, c in enumerate(checks)
    )
    found = con.execute(f"with s as (select *, {flags} from {stage} as s) select {firsts} from s").fetchall()[
        0
    ]
    problems = []
    for check, first in zip(checks, found):
        if first is None:
            continue
        source = sources[first["f"]]
        line = physical_line(source.path, int(first["r"]))
        problems.append(Problem(source.display, line, check.column, check.message.format(value=first["v"])))
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


def _keep(con, stage: str, loader: Loader, results: dict[int, FileResult]) -> str:
    """Rows to load (the last file of the command wins a key), with counts per file."""
    kept = stage.replace("stage_", "kept_", 1)
    key_exprs = ", ".join(expr for expr, _ in loader.key)
    con.execute(
        f"""create temp table {kept} as
        select * exclude (_owner) from (
            select *, max(_file) over (partition by {key_exprs}) as _owner from {stage}
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


def _log_files(con, batch_id: str, results: dict[int, FileResult], tag: str) -> None:
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
    con.executemany(f"insert into files_{tag} values (?, ?)", [[i, results[i].ingest_id] for i in order])


def _register_coordinates(con, kept: str) -> None:
    """Easting/northing (EPSG:27700) -> lon/lat (EPSG:4326), vectorised with pyproj."""
    from pyproj import Transformer

    arrays = con.execute(
        f"select _file, _rec, easting::double as e, northing::double as n from {kept} "
        "where easting is not null and northing is not null"
    ).fetchnumpy()
    transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lon, lat = transformer.transform(np.asarray(arrays["e"]), np.asarray(arrays["n"]))
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
    for statement in loader.insert:
        con.execute(statement.format(kept=with_ids))


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
