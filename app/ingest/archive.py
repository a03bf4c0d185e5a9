"""Read ZIP and RAR archives from untrusted provinces into memory, refusing hostile ones.

A batch (申报材料批次) arrives as a ``.zip`` or ``.rar`` and a dossier folder may
hold another one. Nothing is ever extracted to disk (the documents are
confidential and the disk is not encrypted), so every entry is read into
memory through a bounded stream. Header sizes are only claims: the limits are
checked against them first and enforced again on the bytes actually read.
"""

from __future__ import annotations

import io
import itertools
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO, Literal

from app.errors import InputRefused, Text

MiB = 1024 * 1024
GiB = 1024 * MiB
_CHUNK = 1 * MiB

RefusalKind = Literal["hostile", "encrypted", "corrupt", "unsupported", "tool_missing"]

TOO_MANY_ENTRIES = Text(
    "压缩包“{name}”包含的文件过多（超过 {limit} 个），已拒绝。",
    "The archive “{name}” holds too many entries (more than {limit}); refused.",
)
TOO_LARGE = Text(
    "压缩包“{name}”解压后超过 {limit}，可能是“压缩炸弹”，已拒绝。",
    "The archive “{name}” expands to more than {limit}; it may be a zip bomb. Refused.",
)
RATIO_TOO_HIGH = Text(
    "压缩包“{name}”中的“{entry}”压缩比异常（约 {ratio}:1），可能是“压缩炸弹”，已拒绝。",
    "“{entry}” in the archive “{name}” is compressed {ratio}:1; it may be a zip bomb. Refused.",
)
SIZE_MISMATCH = Text(
    "压缩包“{name}”中的“{entry}”实际大小与记录不符，已拒绝。",
    "“{entry}” in the archive “{name}” is larger than its header says; refused.",
)
OVERLAPPING = Text(
    "压缩包“{name}”中的条目相互重叠（一种“压缩炸弹”的构造），已拒绝。",
    "Entries of the archive “{name}” overlap (a zip bomb construction); refused.",
)
ESCAPING_PATH = Text(
    "压缩包“{name}”中的路径“{entry}”指向解压目录之外，已拒绝。",
    "The path “{entry}” in the archive “{name}” points outside the target folder; refused.",
)
SYMLINK = Text(
    "压缩包“{name}”含有链接“{entry}”，出于安全考虑已拒绝。",
    "The archive “{name}” contains the link “{entry}”; refused for safety.",
)
SPECIAL_FILE = Text(
    "压缩包“{name}”含有特殊文件“{entry}”（不是普通文件或文件夹），已拒绝。",
    "The archive “{name}” contains “{entry}”, which is not a plain file or folder; refused.",
)
PASSWORD_PROTECTED = Text(
    "压缩包“{name}”中的“{entry}”设有密码保护，无法读取。请提供未加密的压缩包。",
    "“{entry}” in the archive “{name}” is password protected and cannot be read. "
    "Please provide an archive without a password.",
)
UNSUPPORTED_METHOD = Text(
    "压缩包“{name}”中的“{entry}”使用了不支持的压缩方式，无法读取。",
    "“{entry}” in the archive “{name}” uses a compression method that is not supported.",
)
CORRUPT = Text(
    "压缩包“{name}”已损坏或不完整，无法读取（{detail}）。",
    "The archive “{name}” is damaged or incomplete and cannot be read ({detail}).",
)
NOT_AN_ARCHIVE = Text(
    "“{name}”不是 ZIP 或 RAR 压缩包。",
    "“{name}” is not a ZIP or RAR archive.",
)
SEVEN_ZIP = Text(
    "暂不支持 7z 压缩包“{name}”，请改用 ZIP 或 RAR 格式。",
    "7z archives such as “{name}” are not supported; please use ZIP or RAR.",
)

_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP "Unicode Path" extra field
_ZIP_UTF8_FLAG = 0x800
_ZIP_ENCRYPTED_FLAG = 0x1
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2})


@dataclass(frozen=True)
class ArchiveLimits:
    """How much an archive may hold; the defaults suit a whole provincial batch."""

    max_entries: int = 5000
    max_total_bytes: int = 2 * GiB
    max_ratio: float = 200.0
    ratio_min_bytes: int = 1 * MiB  # small entries compress well legitimately
    tool_timeout: float = 600.0  # seconds an external extraction tool may run


@dataclass(frozen=True)
class ArchiveEntry:
    """One file of an archive: a normalised relative "/"-separated name and its bytes."""

    name: str
    data: bytes


class ArchiveRefused(InputRefused):
    """An archive (or an entry of it) was refused; ``kind`` says which way it failed."""

    def __init__(self, text: Text, kind: RefusalKind = "hostile") -> None:
        super().__init__(text)
        self.kind: RefusalKind = kind


def format_size(size: int) -> str:
    """Render a byte count the way limits are stated ("2 GiB", "512 MiB")."""
    if size >= GiB and size % GiB == 0:
        return f"{size // GiB} GiB"
    if size >= MiB:
        return f"{size / MiB:g} MiB"
    return f"{size} B"


def normalise_name(raw: str, archive: str) -> str:
    """Return a safe relative "/"-separated name, refusing any that could leave the target.

    Backslashes are separators too (Windows tools write them), so ``..\\evil``
    is caught as well as ``../evil``; absolute paths, UNC paths and drive
    letters are refused rather than silently stripped, because an archive that
    tries them is hostile, not careless.
    """
    refuse = ArchiveRefused(ESCAPING_PATH.format(name=archive, entry=raw[:200]))
    if "\x00" in raw or any(unicodedata.category(ch) == "Cc" for ch in raw):
        raise refuse
    unified = raw.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        raise refuse
    parts: list[str] = []
    for part in unified.split("/"):
        if part in ("", "."):
            continue
        # Windows resolves "..", ".. " and "..." style components to the parent.
        if set(part) <= {".", " "} and part.count(".") >= 2:
            raise refuse
        parts.append(part)
    return "/".join(parts)


def is_junk(name: str) -> bool:
    """Operating-system litter that is never part of a dossier (macOS and Windows)."""
    path = PurePosixPath(name)
    if "__MACOSX" in path.parts:
        return True
    return path.name.lower() in _JUNK_NAMES or path.name.startswith("._")


def decode_legacy_name(raw: bytes) -> str:
    """Decode an entry name stored without a charset flag, as Chinese Windows tools write it.

    Such names are GBK in practice. UTF-8 is taken first only when the result is
    plausible (ASCII and CJK), because short GBK names can also be valid UTF-8
    (``中`` is ``D6 D0``, a Hebrew letter in UTF-8) while UTF-8 Chinese names often
    decode as GBK into mojibake.
    """
    try:
        as_utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if all(ch.isascii() or _is_cjk(ch) for ch in as_utf8):
            return as_utf8
    for encoding in ("gbk", "gb18030", "utf-8"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("cp437")


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x2000 <= code <= 0x206F  # general punctuation
        or 0x3000 <= code <= 0x9FFF  # CJK punctuation, kana, unified ideographs
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
    )


class Budget:
    """Counts entries and bytes across everything read from one archive (or one batch)."""

    def __init__(self, limits: ArchiveLimits, archive: str) -> None:
        self.limits = limits
        self.archive = archive
        self.entries = 0
        self.total = 0

    def count_entry(self) -> None:
        self.entries += 1
        if self.entries > self.limits.max_entries:
            raise ArchiveRefused(
                TOO_MANY_ENTRIES.format(name=self.archive, limit=self.limits.max_entries)
            )

    def check_declared(self, size: int) -> None:
        if self.total + size > self.limits.max_total_bytes:
            raise self._too_large()

    def check_ratio(self, entry: str, size: int, packed: int) -> None:
        if size <= self.limits.ratio_min_bytes:
            return
        if packed <= 0 or size / packed > self.limits.max_ratio:
            ratio = "∞" if packed <= 0 else f"{size // packed}"
            raise ArchiveRefused(RATIO_TOO_HIGH.format(name=self.archive, entry=entry, ratio=ratio))

    def read(self, stream: IO[bytes], entry: str, declared: int | None) -> bytes:
        """Read one entry through the budget: never more than declared, never past the total."""
        chunks: list[bytes] = []
        got = 0
        while chunk := stream.read(_CHUNK):
            got += len(chunk)
            self.total += len(chunk)
            if declared is not None and got > declared:
                raise ArchiveRefused(SIZE_MISMATCH.format(name=self.archive, entry=entry))
            if self.total > self.limits.max_total_bytes:
                raise self._too_large()
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self) -> ArchiveRefused:
        limit = format_size(self.limits.max_total_bytes)
        return ArchiveRefused(TOO_LARGE.format(name=self.archive, limit=limit))


def read_zip(
    data: bytes, limits: ArchiveLimits | None = None, name: str = ""
) -> list[ArchiveEntry]:
    """Read every file of a ZIP held in memory, after checking the whole archive."""
    return list(iter_zip(data, limits, name))


def iter_zip(
    source: bytes | BinaryIO, limits: ArchiveLimits | None = None, name: str = ""
) -> Iterator[ArchiveEntry]:
    """Yield a ZIP's files one at a time, so a caller that only scans them holds one at once.

    All names and headers are checked before the first byte of content is
    decompressed: a hostile archive is refused whole, never half-read.
    """
    limits = limits or ArchiveLimits()
    budget = Budget(limits, name)
    fileobj = io.BytesIO(source) if isinstance(source, bytes) else source
    if _declared_entry_count(fileobj) > limits.max_entries:
        raise ArchiveRefused(TOO_MANY_ENTRIES.format(name=name, limit=limits.max_entries))
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error) as exc:
        raise ArchiveRefused(CORRUPT.format(name=name, detail=str(exc)[:200]), "corrupt") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise ArchiveRefused(TOO_MANY_ENTRIES.format(name=name, limit=limits.max_entries))
        budget.check_declared(sum(info.file_size for info in infos))
        _check_overlap(infos, name)
        wanted = [(info, entry) for info in infos if (entry := _check_zip_info(info, budget))]
        for info, entry in wanted:
            budget.count_entry()
            try:
                with archive.open(info) as stream:
                    data = budget.read(stream, entry, info.file_size)
            except ArchiveRefused:
                raise
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                detail = f"{entry}: {exc}"[:200]
                raise ArchiveRefused(CORRUPT.format(name=name, detail=detail), "corrupt") from exc
            budget.check_ratio(entry, len(data), info.compress_size)
            yield ArchiveEntry(entry, data)


def _declared_entry_count(fileobj: BinaryIO) -> int:
    """The entry count the end-of-central-directory record claims, read before zipfile does.

    zipfile builds an object per central-directory entry before anything can be
    checked, so a tiny archive claiming millions of entries is refused first.
    Returns 0 when the record cannot be found (zipfile then reports the damage).
    """
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    start = max(0, size - (1 << 16) - 22)
    fileobj.seek(start)
    tail = fileobj.read()
    fileobj.seek(0)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        return 0
    (count,) = struct.unpack_from("<H", tail, pos + 10)
    locator = pos - 20
    if count == 0xFFFF and locator >= 0 and tail.startswith(b"PK\x06\x07", locator):
        (record,) = struct.unpack_from("<Q", tail, locator + 8)
        fileobj.seek(record)
        head = fileobj.read(56)
        fileobj.seek(0)
        if len(head) == 56 and head.startswith(b"PK\x06\x06"):
            (count,) = struct.unpack_from("<Q", head, 32)
    return int(count)


def _check_zip_info(info: zipfile.ZipInfo, budget: Budget) -> str | None:
    """Check one header; return the entry's safe name, or None for folders and litter."""
    name = budget.archive
    entry = normalise_name(_zip_entry_name(info), name)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ArchiveRefused(SYMLINK.format(name=name, entry=entry))
    if info.is_dir() or not entry or is_junk(entry):
        return None
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ArchiveRefused(SPECIAL_FILE.format(name=name, entry=entry))
    if info.flag_bits & _ZIP_ENCRYPTED_FLAG:
        raise ArchiveRefused(PASSWORD_PROTECTED.format(name=name, entry=entry), "encrypted")
    if info.compress_type not in _ZIP_METHODS:
        raise ArchiveRefused(UNSUPPORTED_METHOD.format(name=name, entry=entry), "unsupported")
    budget.check_ratio(entry, info.file_size, info.compress_size)
    return entry


def _zip_entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's real name: UTF-8 when flagged, else the Unicode extra field, else GBK."""
    if info.flag_bits & _ZIP_UTF8_FLAG:
        return info.orig_filename
    raw = info.orig_filename.encode("cp437")  # zipfile decoded the raw bytes as cp437
    extra = info.extra
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        if tag == _ZIP_UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            (crc,) = struct.unpack_from("<I", body, 1)
            if crc == zlib.crc32(raw):
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    break
        pos += 4 + size
    return decode_legacy_name(raw)


def _check_overlap(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse entries whose compressed data runs into the next entry (overlapping bombs)."""
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for current, following in itertools.pairwise(ordered):
        if current.header_offset + current.compress_size > following.header_offset:
            raise ArchiveRefused(OVERLAPPING.format(name=name))


def read_archive(
    source: bytes | Path, name: str, limits: ArchiveLimits | None = None
) -> list[ArchiveEntry]:
    """Read a ZIP or RAR (from memory or a path) into memory, choosing by content, not name."""
    limits = limits or ArchiveLimits()
    if isinstance(source, Path):
        with source.open("rb") as handle:
            head = handle.read(8)
            if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
                return list(iter_zip(handle, limits, name))
    else:
        head = source[:8]
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return read_zip(source, limits, name)
    if head.startswith(b"Rar!\x1a\x07"):
        # Imported here because the RAR reader builds on this module's rules.
        from app.ingest.rar import read_rar

        return read_rar(source, name, limits)
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        raise ArchiveRefused(SEVEN_ZIP.format(name=name), "unsupported")
    raise ArchiveRefused(NOT_AN_ARCHIVE.format(name=name), "unsupported")


def is_nested_archive(entry: ArchiveEntry) -> bool:
    """A ``.zip``/``.rar`` inside a dossier folder (Shandong packs its Word files this way)."""
    suffix = PurePosixPath(entry.name).suffix.lower()
    if suffix == ".zip":
        return entry.data.startswith((b"PK\x03\x04", b"PK\x05\x06"))
    return suffix == ".rar" and entry.data.startswith(b"Rar!\x1a\x07")


def expand_nested(
    entries: list[ArchiveEntry], limits: ArchiveLimits | None = None
) -> tuple[list[ArchiveEntry], dict[str, ArchiveRefused]]:
    """Expand archives found inside an archive, one level, under the same overall limits.

    An inner archive's files take its place in its folder (under a folder named
    after it when a name would clash). An inner archive that is refused stays
    as it is and its refusal is returned by name, so one hostile file marks one
    dossier rather than failing a whole provincial batch.
    """
    limits = limits or ArchiveLimits()
    used_entries = len(entries)
    used_bytes = sum(len(entry.data) for entry in entries)
    taken = {entry.name for entry in entries}
    result: list[ArchiveEntry] = []
    refused: dict[str, ArchiveRefused] = {}
    for entry in entries:
        if not is_nested_archive(entry):
            result.append(entry)
            continue
        remaining = replace(
            limits,
            max_entries=max(limits.max_entries - used_entries, 0),
            max_total_bytes=max(limits.max_total_bytes - used_bytes, 0),
        )
        try:
            inner = read_archive(entry.data, entry.name, remaining)
        except ArchiveRefused as exc:
            refused[entry.name] = exc
            result.append(entry)
            continue
        used_entries += len(inner)
        used_bytes += sum(len(item.data) for item in inner)
        path = PurePosixPath(entry.name)
        folder = "" if str(path.parent) == "." else f"{path.parent}/"
        for item in inner:
            target = f"{folder}{item.name}"
            if target in taken:
                target = f"{folder}{path.stem}/{item.name}"
            taken.add(target)
            result.append(ArchiveEntry(target, item.data))
    return result, refused
