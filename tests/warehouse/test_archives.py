"""Hostile zip archives: names that leave the folder, links, bombs, lying headers, nested zips.

Each is refused naming the archive and the member, writes nothing outside the extraction
folder (checked on the filesystem) and leaves the warehouse unchanged.
"""

from __future__ import annotations

import hashlib
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from tests.warehouse.conftest import POLICE, refused
from warehouse.archives import ArchiveLimits, Budget, MemberReader
from warehouse.errors import IngestError
from warehouse.ingest import ingest
from warehouse.sources import resolve

MIB = 1 << 20


def make_zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in members:
            bundle.writestr(name, content)
    return path


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    "member, reason",
    [
        ("../escaped-street.csv", "has a '..' part that leaves the extraction folder"),
        ("2023-01/../../escaped-street.csv", "has a '..' part that leaves the extraction folder"),
        ("/tmp/escaped-street.csv", "has an absolute path"),
        ("C:/escaped-street.csv", "has an absolute path"),
        ("C:escaped-street.csv", "has an absolute path"),
        ("..\\escaped-street.csv", "has a backslash in its name (a Windows path)"),
        ("2023-01/esc\naped-street.csv", "has a control character in its name"),
    ],
)
def test_member_leaving_the_folder_refuses_the_archive(loaded_con, tmp_path, member, reason):
    work = tmp_path / "work"
    work.mkdir()
    archive = make_zip(
        tmp_path / "download.zip", [("2023-01/ok-street.csv", POLICE.read_bytes()), (member, b"x")]
    )
    error = refused(loaded_con, "police-uk", [archive])
    shown_member = member.replace("\n", "")
    assert (error.file, error.line, error.column) == (f"{archive}!{shown_member}", None, None)
    assert error.message == f"member {reason}: the archive is refused"
    assert not (tmp_path / "escaped-street.csv").exists() and not Path("/tmp/escaped-street.csv").exists()
    assert tree(tmp_path) == ["download.zip", "work"]


def test_nothing_written_outside_the_extraction_folder(tmp_path):
    """resolve() itself: the sentinel a '../' member names stays absent, even for a name the
    archive check would let through if it were skipped (members never unpack under their names)."""
    extract = tmp_path / "a" / "b" / "extract"
    extract.mkdir(parents=True)
    sentinel = tmp_path / "a" / "sentinel-street.csv"
    archive = make_zip(tmp_path / "x.zip", [("../../sentinel-street.csv", POLICE.read_bytes())])
    with pytest.raises(IngestError):
        resolve("police-uk", [archive], extract, Budget(ArchiveLimits(100, 10 * MIB, 100)))
    assert not sentinel.exists() and tree(tmp_path / "a") == ["b", "b/extract"]
    good = make_zip(tmp_path / "good.zip", [("2023-01/2023-01-warwickshire-street.csv", POLICE.read_bytes())])
    sources = resolve("police-uk", [good], extract, Budget(ArchiveLimits(100, 10 * MIB, 100)))
    assert [s.path for s in sources] == [extract / "00001.csv"]
    assert sources[0].display == f"{good}!2023-01/2023-01-warwickshire-street.csv"


def _nul_name_zip(path: Path) -> Path:
    """A member whose stored name holds a NUL byte (zipfile cuts the name there when reading)."""
    make_zip(path, [("a\x01b-street.csv", POLICE.read_bytes())])
    path.write_bytes(path.read_bytes().replace(b"a\x01b-street", b"a\x00b-street"))
    return path


def test_nul_in_member_name_refused(loaded_con, tmp_path):
    archive = _nul_name_zip(tmp_path / "nul.zip")
    error = refused(loaded_con, "police-uk", [archive])
    assert (error.file, error.message) == (
        f"{archive}!ab-street.csv",
        "member has a NUL byte in its name: the archive is refused",
    )


@pytest.mark.parametrize(
    "mode, reason",
    [
        (stat.S_IFLNK | 0o777, "is a symbolic link"),
        (stat.S_IFIFO | 0o644, "is a special file (device, pipe or socket)"),
    ],
)
def test_symlink_and_special_members_refused(loaded_con, tmp_path, mode, reason):
    info = zipfile.ZipInfo("2023-01/link-street.csv")
    info.external_attr = mode << 16
    archive = make_zip(tmp_path / "links.zip", [(info, b"/etc/passwd")])
    error = refused(loaded_con, "police-uk", [archive])
    assert (error.file, error.message) == (
        f"{archive}!2023-01/link-street.csv",
        f"member {reason}: the archive is refused",
    )


def _set_flag_bits(path: Path, bits: int) -> Path:
    """Set general-purpose flag bits of the only member (0x1: encrypted) in both headers."""
    data = bytearray(path.read_bytes())
    for offset in (data.index(b"PK\x03\x04") + 6, data.rindex(b"PK\x01\x02") + 8):
        struct.pack_into("<H", data, offset, struct.unpack_from("<H", data, offset)[0] | bits)
    path.write_bytes(bytes(data))
    return path


def test_encrypted_and_nested_members_refused(loaded_con, tmp_path):
    archive = _set_flag_bits(
        make_zip(tmp_path / "secret.zip", [("2023-01/secret-street.csv", POLICE.read_bytes())]), 0x1
    )
    assert (
        refused(loaded_con, "police-uk", [archive]).message == "member is encrypted: the archive is refused"
    )
    inner = make_zip(tmp_path / "inner.zip", [("2023-01-warwickshire-street.csv", POLICE.read_bytes())])
    outer = make_zip(tmp_path / "outer.zip", [("2023/inner.zip", inner.read_bytes())])
    error = refused(loaded_con, "police-uk", [outer])
    assert (error.file, error.message) == (
        f"{outer}!2023/inner.zip",
        "member is a zip inside the zip: unpack it and load its files: the archive is refused",
    )
    disguised = make_zip(tmp_path / "disguised.zip", [("2023-01/x-street.csv", inner.read_bytes())])
    error = refused(loaded_con, "police-uk", [disguised])
    assert (error.file, error.line) == (f"{disguised}!2023-01/x-street.csv", 1)
    assert error.message == "a zip archive, not a CSV text file (a zip inside a zip is not accepted)"


def test_too_many_members_refused_from_the_header(loaded_con, tmp_path, monkeypatch):
    monkeypatch.setenv("SVD_ZIP_MAX_MEMBERS", "3")
    members = [(f"2023-01/{i}-outcomes.csv", b"a\n") for i in range(3)] + [
        ("2023-01/a-street.csv", POLICE.read_bytes())
    ]
    archive = make_zip(tmp_path / "many.zip", members)
    error = refused(loaded_con, "police-uk", [archive])
    assert (error.file, error.message) == (str(archive), "holds 4 members; at most 3 are accepted")


def test_unpacked_size_over_the_limit_refused_from_the_header(loaded_con, tmp_path, monkeypatch):
    monkeypatch.setenv("SVD_ZIP_MAX_UNPACKED_MB", "1")
    header, row = POLICE.read_bytes().splitlines(keepends=True)[:2]
    # Distinct crime ids, so the member packs like real data (3 times), not like a bomb.
    big = header + b"".join(hashlib.sha256(b"%d" % i).hexdigest().encode() + row[64:] for i in range(6000))
    archive = make_zip(tmp_path / "big.zip", [("2023-01/a-street.csv", big)])
    error = refused(loaded_con, "police-uk", [archive])
    assert (error.file, error.message) == (
        str(archive),
        "would unpack to 1.1 MiB; at most 1.0 MiB are accepted (SVD_ZIP_MAX_UNPACKED_MB)",
    )


def _bomb(path: Path, unpacked_bytes: int) -> Path:
    """A valid police.uk header, then zeros: packs about 1000 times."""
    header = POLICE.read_bytes().splitlines(keepends=True)[0]
    return make_zip(path, [("2023-01/bomb-street.csv", header + b"0" * unpacked_bytes)])


def test_zip_bomb_refused_before_anything_is_unpacked(loaded_con, tmp_path):
    archive = _bomb(tmp_path / "bomb.zip", 16 * MIB)
    assert archive.stat().st_size < 100_000
    error = refused(loaded_con, "police-uk", [archive])
    assert (error.file, error.message) == (
        f"{archive}!2023-01/bomb-street.csv",
        "unpacks to more than 100 times its packed size (a zip bomb?); the limit is SVD_ZIP_MAX_RATIO",
    )
    extract = tmp_path / "extract"
    extract.mkdir()
    with pytest.raises(IngestError):
        resolve("police-uk", [archive], extract, Budget(ArchiveLimits(100, 4096 * MIB, 100)))
    assert tree(extract) == []


def _lie_about_size(path: Path, declared_bytes: int) -> Path:
    """Rewrite the only member's uncompressed size in both headers (a lying header)."""
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, data.rindex(b"PK\x01\x02") + 24, declared_bytes)
    struct.pack_into("<I", data, data.index(b"PK\x03\x04") + 22, declared_bytes)
    path.write_bytes(bytes(data))
    return path


def test_lying_header_stops_at_the_declared_size(loaded_con, tmp_path):
    """A 16 MiB bomb whose headers claim 500 kB passes the header checks; unpacking stops at the
    claim (zipfile stops there and fails the CRC; MemberReader would refuse one byte more)."""
    archive = _lie_about_size(_bomb(tmp_path / "liar.zip", 16 * MIB), 500_000)
    assert zipfile.ZipFile(archive).infolist()[0].file_size == 500_000
    error = refused(loaded_con, "police-uk", [archive])
    assert (error.file, error.message) == (
        f"{archive}!2023-01/bomb-street.csv",
        "damaged archive member, not readable (Bad CRC-32 for file '2023-01/bomb-street.csv')",
    )
    extract = tmp_path / "extract"
    extract.mkdir()
    with pytest.raises(IngestError):
        resolve("police-uk", [archive], extract, Budget(ArchiveLimits(100, 4096 * MIB, 100)))
    assert sum(p.stat().st_size for p in extract.rglob("*")) <= 500_000


@pytest.mark.parametrize(
    "limits, used_bytes, message",
    [
        (ArchiveLimits(10, 8 * MIB, 100), 0, ("unpacks to more than 100 times its packed size (a zip bomb?); "
         "the limit is SVD_ZIP_MAX_RATIO")),
        (ArchiveLimits(10, 8 * MIB, 100_000), 6 * MIB, ("unpacks to more than 8.0 MiB; at most 8.0 MiB are "
         "accepted (SVD_ZIP_MAX_UNPACKED_MB)")),
    ],
)  # fmt: skip
def test_streaming_enforces_ratio_and_budget_without_the_header_checks(tmp_path, limits, used_bytes, message):
    """MemberReader alone (as if the header checks were fooled): it stops within one read of the
    limit, whatever the member still holds."""
    archive = _bomb(tmp_path / "bomb.zip", 16 * MIB)
    budget = Budget(limits)
    budget.used = used_bytes
    returned_bytes = 0
    with zipfile.ZipFile(archive) as bundle:
        info = bundle.infolist()[0]
        reader = MemberReader(bundle, info, str(archive), budget)
        with pytest.raises(IngestError) as error:
            while chunk := reader.read(MIB):
                returned_bytes += len(chunk)
        reader.close()
    assert error.value.message == message
    allowed = limits.max_unpacked_bytes - used_bytes if used_bytes else limits.max_ratio * info.compress_size
    assert returned_bytes <= allowed < reader.unpacked <= returned_bytes + MIB


def test_damaged_and_truncated_archives_refused(loaded_con, tmp_path):
    good = make_zip(tmp_path / "good.zip", [("2023-01/a-street.csv", POLICE.read_bytes() * 3)])
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[:300])
    error = refused(loaded_con, "police-uk", [truncated])
    assert (error.file, error.line) == (str(truncated), None)
    assert error.message.startswith("damaged zip archive, not readable (")
    corrupt = tmp_path / "corrupt.zip"
    data = bytearray(good.read_bytes())
    data[60:200] = bytes(140)
    corrupt.write_bytes(bytes(data))
    error = refused(loaded_con, "police-uk", [corrupt])
    assert error.file == f"{corrupt}!2023-01/a-street.csv"
    assert error.message.startswith("damaged archive member, not readable (")


def test_archive_with_no_police_uk_files_refused(loaded_con, tmp_path):
    archive = make_zip(tmp_path / "other.zip", [("2023-01/2023-01-warwickshire-notes.txt", b"a,b\n1,2\n")])
    error = refused(loaded_con, "police-uk", [archive])
    assert (error.file, error.message) == (
        str(archive), "zip archive holds no *-street.csv or *-outcomes.csv or *-stop-and-search.csv files")


def test_small_tightly_packed_member_is_not_a_bomb(con, tmp_path):
    """Below 1 MiB the ratio is not applied: a few hundred identical rows pack 100+ times."""
    rows = POLICE.read_bytes().splitlines(keepends=True)
    repeated = rows[0] + rows[1] * 2000
    archive = make_zip(tmp_path / "repeats.zip", [("2023-01/a-street.csv", repeated)])
    info = zipfile.ZipFile(archive).infolist()[0]
    assert info.file_size / info.compress_size > 100 and info.file_size < MIB
    assert ingest(con, "police-uk", [archive]).rows_loaded == 2000
