"""Zip archives as data.police.uk serves them, opened as if written by an attacker.

Every member name is checked before anything is unpacked: an absolute path, a drive letter,
a `..` part, a backslash, a NUL or other control character, a symbolic link or other special
file, an encrypted member or a zip inside the zip refuses the whole archive, naming it and
the member. Members are never unpacked under their own names (the caller gives each a
generated path), so nothing can be written outside the extraction folder whatever a name says.

Limits (settings `SVD_ZIP_MAX_MEMBERS`, `SVD_ZIP_MAX_UNPACKED_MB`, `SVD_ZIP_MAX_RATIO`): the
number of members; the bytes unpacked from the members taken; the unpacked/packed ratio of
any member unpacking to more than 1 MiB. They are checked from the central directory first
and enforced again while streaming (`MemberReader`), so a header that lies about a size
stops at the declared size, the budget or the ratio, whichever comes first.
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from settings import Settings
from warehouse.errors import IngestError, Problem, clean_name

MIB = 1 << 20
# Small members may pack tightly (a few repeated rows); a bomb has to unpack to a lot.
RATIO_FLOOR_BYTES = MIB
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int
    max_unpacked_bytes: int
    max_ratio: int

    @classmethod
    def from_settings(cls, settings: Settings) -> ArchiveLimits:
        return cls(settings.zip_max_members, settings.zip_max_unpacked_mb * MIB, settings.zip_max_ratio)


def unsafe_name(name: str) -> str | None:
    """Why a member name may not be unpacked, or None when it stays inside the extraction folder."""
    if not name:
        return "has an empty name"
    if "\x00" in name:
        return "has a NUL byte in its name"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "has a control character in its name"
    if "\\" in name:
        return "has a backslash in its name (a Windows path)"
    if name.startswith("/") or _DRIVE.match(name):
        return "has an absolute path"
    if ".." in name.split("/"):
        return "has a '..' part that leaves the extraction folder"
    return None


def _special(info: zipfile.ZipInfo) -> str | None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return "is a special file (device, pipe or socket)"
    if info.flag_bits & 0x1:
        return "is encrypted"
    if not info.is_dir() and info.filename.lower().endswith(".zip"):
        return "is a zip inside the zip: unpack it and load its files"
    return None


class Budget:
    """Bytes still allowed to be unpacked by one command."""

    def __init__(self, limits: ArchiveLimits):
        self.limits = limits
        self.used = 0


def _packs_too_tightly(unpacked: int, packed: int, limits: ArchiveLimits) -> bool:
    return unpacked > RATIO_FLOOR_BYTES and unpacked > limits.max_ratio * max(packed, 1)


def _refuse(label: str, member: str | None, message: str) -> IngestError:
    where = f"{label}!{clean_name(member)}" if member is not None else label
    return IngestError(Problem(where, None, None, message))


def members_to_unpack(
    bundle: zipfile.ZipFile, label: str, wanted: Callable[[str], bool], budget: Budget
) -> list[zipfile.ZipInfo]:
    """The members to take (sorted by name), after checking every member's header."""
    limits = budget.limits
    infos = bundle.infolist()
    if len(infos) > limits.max_members:
        raise _refuse(
            label, None, f"holds {len(infos):,} members; at most {limits.max_members:,} are accepted"
        )
    chosen = []
    for info in infos:
        # orig_filename is the name as stored: zipfile cuts `filename` at a NUL byte.
        reason = unsafe_name(info.orig_filename) or _special(info)
        if reason:
            raise _refuse(label, info.orig_filename, f"member {reason}: the archive is refused")
        if info.is_dir() or info.filename.startswith("__MACOSX/") or not wanted(info.filename):
            continue
        if _packs_too_tightly(info.file_size, info.compress_size, limits):
            raise _refuse(label, info.filename, _ratio_message(limits))
        chosen.append(info)
    total = budget.used + sum(info.file_size for info in chosen)
    if total > limits.max_unpacked_bytes:
        raise _refuse(label, None, _budget_message(total, limits))
    return sorted(chosen, key=lambda info: info.filename)


def _ratio_message(limits: ArchiveLimits) -> str:
    return (
        f"unpacks to more than {limits.max_ratio} times its packed size (a zip bomb?); "
        "the limit is SVD_ZIP_MAX_RATIO"
    )


def _budget_message(total: int | None, limits: ArchiveLimits) -> str:
    """`total` from the headers, or None when the limit was passed while unpacking."""
    limit = f"{limits.max_unpacked_bytes / MIB:,.1f} MiB"
    told = f"would unpack to {total / MIB:,.1f} MiB" if total is not None else f"unpacks to more than {limit}"
    return f"{told}; at most {limit} are accepted (SVD_ZIP_MAX_UNPACKED_MB)"


class MemberReader:
    """A member's unpacked bytes, refused as soon as they exceed the header, the budget or the ratio."""

    def __init__(self, bundle: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, budget: Budget):
        self.stream = bundle.open(info)
        self.info, self.label, self.budget = info, label, budget
        self.unpacked = 0

    def read(self, size: int) -> bytes:
        data = self.stream.read(size)
        self.unpacked += len(data)
        self.budget.used += len(data)
        limits, info = self.budget.limits, self.info
        if self.unpacked > info.file_size:
            raise _refuse(
                self.label, info.filename, "unpacks to more than its header declares: the archive is refused"
            )
        if self.budget.used > limits.max_unpacked_bytes:
            raise _refuse(self.label, info.filename, _budget_message(None, limits))
        if _packs_too_tightly(self.unpacked, info.compress_size, limits):
            raise _refuse(self.label, info.filename, _ratio_message(limits))
        return data

    def close(self) -> None:
        self.stream.close()
