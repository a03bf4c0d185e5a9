"""Read RAR archives in memory through libarchive's ``bsdtar``, after checking their headers.

No RAR reader exists in the Python standard library, and RAR decompression is
exactly the kind of C code that hostile input crashes, so it runs in a separate
``bsdtar`` process with its own memory and CPU limits. ``bsdtar`` re-packs the
RAR's entries as a pax tar stream on its standard output (``-cf - @archive``),
which is read entry by entry into memory: nothing is written to disk, names
arrive exactly as stored, and one process serves the whole archive.

``bsdtar`` silently passes the bytes of password-protected entries through, so
the RAR headers are scanned here first for encryption, entry count and sizes.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import resource
import shutil
import struct
import subprocess
import tarfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from app.errors import Text
from app.ingest.archive import (
    CORRUPT,
    PASSWORD_PROTECTED,
    SPECIAL_FILE,
    SYMLINK,
    TOO_MANY_ENTRIES,
    ArchiveEntry,
    ArchiveLimits,
    ArchiveRefused,
    Budget,
    decode_legacy_name,
    is_junk,
    normalise_name,
)

TIMED_OUT = Text(
    "读取 RAR 压缩包“{name}”超时（{seconds} 秒），已停止。",
    "Reading the RAR archive “{name}” took longer than {seconds} s and was stopped.",
)
TOOL_MISSING = Text(
    "无法读取 RAR 压缩包“{name}”：本机缺少解压工具。请安装后重试：apt-get install libarchive-tools",
    "Cannot read the RAR archive “{name}”: no RAR tool is installed. "
    "Install it and try again: apt-get install libarchive-tools",
)

_RAR4_MAGIC = b"Rar!\x1a\x07\x00"
_RAR5_MAGIC = b"Rar!\x1a\x07\x01\x00"
_TOOL_MEMORY = 1024 * 1024 * 1024  # address space for bsdtar; RAR dictionaries are ≤ 4 GiB
_STDERR_KEEP = 4096


@dataclass(frozen=True)
class RarHeader:
    """What a RAR file header claims about one entry."""

    name: str  # for messages only; the names used come from bsdtar
    packed: int
    unpacked: int | None  # None when the archive says the size is unknown
    encrypted: bool
    is_dir: bool


def read_rar(source: bytes | Path, name: str, limits: ArchiveLimits) -> list[ArchiveEntry]:
    """Check a RAR's headers, then read its files into memory through ``bsdtar``."""
    tool = shutil.which("bsdtar")
    if tool is None:
        raise ArchiveRefused(TOOL_MISSING.format(name=name), "tool_missing")
    budget = Budget(limits, name)
    if isinstance(source, Path):
        with source.open("rb") as handle:
            headers = scan_rar(handle, name, limits)
    else:
        headers = scan_rar(io.BytesIO(source), name, limits)
    budget.check_declared(sum(h.unpacked or 0 for h in headers))
    for header in headers:
        if header.encrypted:
            entry = header.name
            raise ArchiveRefused(PASSWORD_PROTECTED.format(name=name, entry=entry), "encrypted")
        if header.unpacked is not None and not header.is_dir:
            budget.check_ratio(header.name, header.unpacked, header.packed)
    return _extract(tool, source, budget)


def scan_rar(handle: BinaryIO, name: str, limits: ArchiveLimits) -> list[RarHeader]:
    """Walk the block headers of a RAR 4 or RAR 5 archive without decompressing anything."""
    magic = handle.read(8)
    if magic.startswith(_RAR4_MAGIC):
        blocks = _scan_rar4(handle)
    elif magic == _RAR5_MAGIC:
        blocks = _scan_rar5(handle)
    else:
        raise _corrupt(name, "not a RAR archive")
    headers: list[RarHeader] = []
    try:
        for header in blocks:
            headers.append(header)
            if len(headers) > limits.max_entries:
                break
    except (struct.error, ValueError) as exc:
        raise _corrupt(name, f"bad header: {exc}") from exc
    except _HeadersEncrypted as exc:
        raise ArchiveRefused(PASSWORD_PROTECTED.format(name=name, entry=name), "encrypted") from exc
    if len(headers) > limits.max_entries:
        raise ArchiveRefused(TOO_MANY_ENTRIES.format(name=name, limit=limits.max_entries))
    return headers


class _HeadersEncrypted(Exception):
    """The archive encrypts its file list (``rar -hp``): nothing can be checked or read."""


def _scan_rar4(handle: BinaryIO) -> Iterator[RarHeader]:
    """RAR 1.5-4.x: fixed 7-byte block heads; file blocks carry their packed size."""
    pos = len(_RAR4_MAGIC)
    while True:
        handle.seek(pos)
        head = handle.read(7)
        if len(head) < 7:
            return
        _crc, kind, flags, size = struct.unpack("<HBHH", head)
        if size < 7:
            raise ValueError("block shorter than its head")
        body = handle.read(size - 7)
        extra = 0
        if kind == 0x73 and flags & 0x0080:  # main header: block headers encrypted
            raise _HeadersEncrypted
        if kind in (0x74, 0x7A):  # file header, new-style sub-block
            packed, unpacked = struct.unpack_from("<II", body, 0)
            if flags & 0x0100:  # 64-bit sizes
                high_packed, high_unpacked = struct.unpack_from("<II", body, 25)
                packed += high_packed << 32
                unpacked += high_unpacked << 32
            extra = packed
            if kind == 0x74:
                (name_size,) = struct.unpack_from("<H", body, 19)
                start = 33 if flags & 0x0100 else 25
                name = body[start : start + name_size].split(b"\0", 1)[0]
                is_dir = flags & 0x00E0 == 0x00E0
                yield RarHeader(
                    decode_legacy_name(name), packed, unpacked, bool(flags & 0x0004), is_dir
                )
        elif flags & 0x8000:
            (extra,) = struct.unpack_from("<I", body, 0)
        if kind == 0x7B:  # end of archive
            return
        pos += size + extra


def _scan_rar5(handle: BinaryIO) -> Iterator[RarHeader]:
    """RAR 5: variable-length integers; an encryption record marks protected files."""
    pos = len(_RAR5_MAGIC)
    while True:
        handle.seek(pos + 4)  # skip the header CRC32
        size_bytes = handle.read(3)
        if not size_bytes:
            return
        size, used = _vint(size_bytes, 0)
        if size > 2 * 1024 * 1024:
            raise ValueError("header larger than RAR 5 allows")
        handle.seek(pos + 4 + used)
        header = handle.read(size)
        if len(header) < size:
            raise ValueError("truncated header")
        kind, at = _vint(header, 0)
        flags, at = _vint(header, at)
        extra_size = data_size = 0
        if flags & 0x1:
            extra_size, at = _vint(header, at)
        if flags & 0x2:
            data_size, at = _vint(header, at)
        if kind == 4:  # archive encryption header
            raise _HeadersEncrypted
        if kind == 2:  # file header
            file_flags, at = _vint(header, at)
            unpacked, at = _vint(header, at)
            _attributes, at = _vint(header, at)
            at += (4 if file_flags & 0x2 else 0) + (4 if file_flags & 0x4 else 0)
            _compression, at = _vint(header, at)
            _host, at = _vint(header, at)
            name_size, at = _vint(header, at)
            name = header[at : at + name_size].decode("utf-8", "replace")
            encrypted = _rar5_has_encryption_record(header[size - extra_size :])
            known = not file_flags & 0x0008
            is_dir = bool(file_flags & 0x1)
            yield RarHeader(name, data_size, unpacked if known else None, encrypted, is_dir)
        if kind == 5:  # end of archive
            return
        pos += 4 + used + size + data_size


def _rar5_has_encryption_record(extra: bytes) -> bool:
    at = 0
    while at < len(extra):
        record_size, start = _vint(extra, at)
        record_type, _ = _vint(extra, start)
        if record_type == 0x01:
            return True
        at = start + record_size
    return False


def _vint(data: bytes, at: int) -> tuple[int, int]:
    """Decode a RAR 5 variable-length integer; return it and the position after it."""
    value = shift = 0
    for offset in range(10):
        if at + offset >= len(data):
            raise ValueError("truncated number")
        byte = data[at + offset]
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at + offset + 1
        shift += 7
    raise ValueError("number too long")


def _extract(tool: str, source: bytes | Path, budget: Budget) -> list[ArchiveEntry]:
    """Run ``bsdtar`` and read its tar stream through the budget; kill it on any refusal."""
    archive_arg = f"@{source.resolve()}" if isinstance(source, Path) else "@-"
    command = [tool, "-c", "-f", "-", "--format", "pax", "-P", archive_arg]
    env = {"LC_ALL": "C.UTF-8", "PATH": os.environ.get("PATH", "")}
    if "TMPDIR" in os.environ:  # so a test can prove nothing lands in the temp folder
        env["TMPDIR"] = os.environ["TMPDIR"]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE if isinstance(source, bytes) else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=functools.partial(_limit_tool, int(budget.limits.tool_timeout) + 1),
    )
    errors = bytearray()
    threads = [threading.Thread(target=_drain, args=(process.stderr, errors), daemon=True)]
    if isinstance(source, bytes):
        threads.append(threading.Thread(target=_feed, args=(process.stdin, source), daemon=True))
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        process.kill()

    timer = threading.Timer(budget.limits.tool_timeout, stop)
    for thread in [*threads, timer]:
        thread.start()
    entries: list[ArchiveEntry] = []
    try:
        assert process.stdout is not None
        try:
            entries = _read_tar(process.stdout, budget)
        except (tarfile.TarError, EOFError, OSError) as exc:
            process.stdout.close()  # a bsdtar still writing stops on the broken pipe
            if process.wait() == 0:
                raise _corrupt(budget.archive, str(exc)) from exc
        returncode = process.wait()
    finally:
        timer.cancel()
        if process.poll() is None:
            process.kill()
        process.wait()
        for thread in threads:
            thread.join(timeout=5)
        if process.stdout is not None:
            process.stdout.close()
    if timed_out.is_set():
        seconds = f"{budget.limits.tool_timeout:g}"
        raise ArchiveRefused(TIMED_OUT.format(name=budget.archive, seconds=seconds), "hostile")
    if returncode != 0:
        message = errors.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else ""
        if not detail or detail.endswith("(null)"):
            detail = f"damaged or truncated data, bsdtar exit status {returncode}"
        if "encrypt" in detail.lower() or any("encrypt" in line.lower() for line in message):
            raise ArchiveRefused(
                PASSWORD_PROTECTED.format(name=budget.archive, entry=budget.archive), "encrypted"
            )
        raise _corrupt(budget.archive, detail.removeprefix("bsdtar: "))
    return entries


def _read_tar(stream: IO[bytes], budget: Budget) -> list[ArchiveEntry]:
    entries: list[ArchiveEntry] = []
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            raw_name = member.name.encode("utf-8", "surrogateescape")
            entry = normalise_name(decode_legacy_name(raw_name), budget.archive)
            if member.issym() or member.islnk():
                raise ArchiveRefused(SYMLINK.format(name=budget.archive, entry=entry))
            if member.isdir() or not entry or is_junk(entry):
                continue
            if not member.isfile():
                raise ArchiveRefused(SPECIAL_FILE.format(name=budget.archive, entry=entry))
            budget.count_entry()
            budget.check_declared(member.size)
            handle = tar.extractfile(member)
            data = b"" if handle is None else budget.read(handle, entry, member.size)
            entries.append(ArchiveEntry(entry, data))
    return entries


def _limit_tool(cpu_seconds: int) -> None:
    """Runs in the ``bsdtar`` child before exec: bound its memory and CPU time.

    Only ``setrlimit`` runs here (no imports, no locks), which keeps the
    fork-then-exec window safe even though the app has other threads.
    """
    resource.setrlimit(resource.RLIMIT_AS, (_TOOL_MEMORY, _TOOL_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _feed(pipe: IO[bytes] | None, data: bytes) -> None:
    if pipe is None:
        return
    try:
        pipe.write(data)
    except (BrokenPipeError, ValueError, OSError):
        pass  # bsdtar stopped reading: it failed or was killed, which is reported elsewhere
    finally:
        with contextlib.suppress(OSError):
            pipe.close()


def _drain(pipe: IO[bytes] | None, sink: bytearray) -> None:
    """Keep bsdtar's error output flowing (a full pipe would stall it) but keep only the end."""
    if pipe is None:
        return
    with pipe:
        while chunk := pipe.read(4096):
            sink.extend(chunk)
            del sink[:-_STDERR_KEEP]


def _corrupt(name: str, detail: str) -> ArchiveRefused:
    return ArchiveRefused(CORRUPT.format(name=name, detail=detail[:200]), "corrupt")
