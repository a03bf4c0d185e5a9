"""A passphrase-sealed, streamed container of records (加密交换文件), e.g. an assignment package.

Layout on disk, all integers big-endian::

    b"QBRENV1\\n" | header length (u32) | header (JSON, clear) | body length (u64) | chunks

The clear header (:mod:`app.exchange.header`) names the kind of file, a public label (round,
recipient) and the Argon2id and cipher parameters. The body is AES-256-GCM in the STREAM
construction: chunk *i* is sealed with nonce ``prefix(7) ‖ i (u32) ‖ last-flag (u8)`` and the
bytes before the body length as associated data, so editing the label, reordering, dropping,
truncating or extending chunks all fail authentication. The body length is not authenticated (it
is patched in once streaming ends); it only lets the reader say "incomplete" or "extra data"
instead of a vaguer "damaged" — the last-chunk flag is what guarantees the end.

Inside the decrypted stream, records are framed as ``0x01 | u32 | JSON {kind, name, meta}``
followed by payload segments ``u32 length | bytes`` ending with a zero-length segment; ``0x00``
ends the stream. Segments let a payload of unknown size be streamed without buffering it.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.errors import InputRefused, Text
from app.exchange import messages
from app.exchange.header import (
    CHUNK_SIZE,
    DEFAULT_KDF,
    U32,
    EnvelopeHeader,
    KdfParams,
    json_object,
    new_header,
    read_header,
    unlock,
)
from app.exchange.passphrase import generate_passphrase, normalise_passphrase
from app.store.files import atomic_writer

__all__ = [
    "CHUNK_SIZE",
    "DEFAULT_KDF",
    "EnvelopeReader",
    "EnvelopeRecord",
    "KdfParams",
    "Record",
    "generate_passphrase",
    "normalise_passphrase",
    "open_envelope",
    "read_label",
    "write_envelope",
]

_TAG = 16
_SEGMENT = 1 << 20
_MAX_RECORD_HEAD = 1 << 20
_U64 = struct.Struct(">Q")


@dataclass(frozen=True)
class Record:
    """One item to seal: its payload is bytes or an iterable of byte chunks (streamed)."""

    kind: str
    name: str
    payload: bytes | Iterable[bytes] = b""
    meta: Mapping[str, object] = field(default_factory=dict)


def write_envelope(
    path: Path,
    passphrase: str,
    *,
    kind: str,
    label: dict[str, str],
    records: Iterable[Record],
    kdf: KdfParams = DEFAULT_KDF,
    chunk_size: int = CHUNK_SIZE,
) -> None:
    """Seal ``records`` into ``path`` atomically; only ciphertext ever reaches the disk.

    ``kdf`` and ``chunk_size`` exist for tests; production files use the defaults. If
    ``records`` raises, the exception propagates and neither ``path`` nor a temp file remains.
    """
    if not normalise_passphrase(passphrase):
        raise ValueError("an envelope needs a passphrase")
    header, key = new_header(passphrase, kind=kind, label=label, kdf=kdf, chunk_size=chunk_size)
    with atomic_writer(path) as out:
        out.write(header.raw + _U64.pack(0))
        sealer = _Sealer(out, AESGCM(key), header)
        for record in records:
            head = {"kind": record.kind, "name": record.name, "meta": dict(record.meta)}
            encoded = _json_bytes(head)
            if len(encoded) > _MAX_RECORD_HEAD:
                raise ValueError(f"record metadata too large: {record.name!r}")
            sealer.feed(b"\x01" + U32.pack(len(encoded)) + encoded)
            for piece in _segments(record.payload):
                sealer.feed(U32.pack(len(piece)))
                sealer.feed(piece)
            sealer.feed(U32.pack(0))
        sealer.feed(b"\x00")
        body_length = sealer.finish()
        out.seek(len(header.raw))
        out.write(_U64.pack(body_length))


def read_label(path: Path, *, kind: str | None = None) -> dict[str, str]:
    """The clear label, readable without the passphrase — and not authenticated until opened."""
    with _open_file(path, kind) as file:
        return read_header(file, kind, os.fstat(file.fileno()).st_size).label


def open_envelope(path: Path, passphrase: str, *, kind: str) -> EnvelopeReader:
    """Open a sealed file for reading its records; use the result as a context manager.

    The passphrase check and the first chunk are verified here, so a wrong passphrase or a
    modified header is reported at once. Later chunks are verified as they are read, so a caller
    must not commit anything it read until :meth:`EnvelopeReader.records` ends without error.
    """
    file = _open_file(path, kind)
    try:
        size = os.fstat(file.fileno()).st_size
        header = read_header(file, kind, size)
        name = messages.noun(kind)
        raw_length = file.read(_U64.size)
        if len(raw_length) < _U64.size:
            raise InputRefused(messages.say(messages.INCOMPLETE, noun=name))
        (body_length,) = _U64.unpack(raw_length)
        actual = size - file.tell()
        if actual < body_length:
            raise InputRefused(messages.say(messages.INCOMPLETE, noun=name))
        if actual > body_length:
            raise InputRefused(messages.say(messages.TRAILING, noun=name))
        stream = _PlainStream(file, header, body_length, name)
        stream.start(unlock(header, passphrase))
    except BaseException:
        file.close()
        raise
    return EnvelopeReader(header.kind, header.label, stream, file)


class EnvelopeReader:
    """The records of an opened envelope, in order, each payload streamed before the next."""

    def __init__(
        self, kind: str, label: dict[str, str], stream: _PlainStream, file: BinaryIO
    ) -> None:
        self.kind = kind
        self.label = label
        self.complete = False
        self._stream = stream
        self._file = file
        self._started = False

    def __enter__(self) -> EnvelopeReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the file; the reader cannot be used afterwards."""
        self._file.close()

    def records(self) -> Iterator[EnvelopeRecord]:
        """Yield each record once; ``complete`` is set when the authenticated end is reached.

        A record whose payload the caller did not read is skipped (and still verified).
        """
        if self._started:
            raise RuntimeError("an envelope's records can be read only once")
        self._started = True
        return self._iterate()

    def _iterate(self) -> Iterator[EnvelopeRecord]:
        stream = self._stream
        while True:
            tag = stream.read(1)
            if tag == b"\x00":
                stream.expect_end()
                self.complete = True
                return
            if tag != b"\x01":
                raise stream.damaged()
            (length,) = U32.unpack(stream.read(U32.size))
            head = json_object(stream.read(length)) if length <= _MAX_RECORD_HEAD else None
            if head is None:
                raise stream.damaged()
            kind, name, meta = head.get("kind"), head.get("name"), head.get("meta")
            if not (isinstance(kind, str) and isinstance(name, str) and isinstance(meta, dict)):
                raise stream.damaged()
            record = EnvelopeRecord(kind, name, meta, stream)
            yield record
            record.skip()


class EnvelopeRecord:
    """A record being read. Its ``name`` and ``meta`` come from the sender: treat them as input
    (never as a path to write to without checking)."""

    def __init__(self, kind: str, name: str, meta: dict[str, object], stream: _PlainStream) -> None:
        self.kind = kind
        self.name = name
        self.meta = meta
        self._stream = stream
        self._started = False
        self._done = False
        self._passed = False

    def chunks(self) -> Iterator[bytes]:
        """The payload in pieces of at most 1 MiB, each verified; may be iterated only once."""
        if self._started:
            raise RuntimeError(f"the payload of {self.name!r} was already read")
        self._started = True
        while (piece := self._next_segment()) is not None:
            yield piece

    def read_bytes(self, limit: int = 64 << 20) -> bytes:
        """The whole payload, for small records; refuses one larger than ``limit`` bytes."""
        parts: list[bytes] = []
        total = 0
        for piece in self.chunks():
            total += len(piece)
            if total > limit:
                raise InputRefused(messages.say(messages.TOO_LARGE, name=self.name))
            parts.append(piece)
        return b"".join(parts)

    def skip(self) -> None:
        """Read past what is left of the payload (still verifying it): the reader moves on."""
        self._started = True
        while self._next_segment() is not None:
            pass
        self._passed = True

    def _next_segment(self) -> bytes | None:
        if self._passed:
            raise RuntimeError(f"the envelope has moved past the record {self.name!r}")
        if self._done:
            return None
        (length,) = U32.unpack(self._stream.read(U32.size))
        if length == 0:
            self._done = True
            return None
        if length > _SEGMENT:
            raise self._stream.damaged()
        return self._stream.read(length)


class _Sealer:
    """Buffers plaintext and writes sealed chunks; the last one is held back to flag it."""

    def __init__(self, out: BinaryIO, aead: AESGCM, header: EnvelopeHeader) -> None:
        self._out, self._aead, self._header = out, aead, header
        self._buffer = bytearray()
        self._counter = 0
        self._written = 0

    def feed(self, data: bytes | memoryview) -> None:
        self._buffer += data
        size = self._header.chunk_size
        while len(self._buffer) > size:  # strictly more: the final chunk is never empty
            self._seal(bytes(self._buffer[:size]), last=False)
            del self._buffer[:size]

    def finish(self) -> int:
        """Seal the final chunk; returns the body length."""
        self._seal(bytes(self._buffer), last=True)
        return self._written

    def _seal(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._header.nonce_prefix, self._counter, last)
        sealed = self._aead.encrypt(nonce, plain, self._header.raw)
        self._out.write(sealed)
        self._written += len(sealed)
        self._counter += 1


class _PlainStream:
    """The decrypted body as a byte stream; each chunk is authenticated before any use."""

    def __init__(self, file: BinaryIO, header: EnvelopeHeader, body_length: int, noun: Text):
        self._file, self._header, self._noun = file, header, noun
        sealed = header.chunk_size + _TAG
        self._count = max(1, -(-body_length // sealed))
        self._last_size = body_length - (self._count - 1) * sealed
        if self._last_size <= _TAG or self._count > 1 << 32:
            raise self.damaged()
        self._aead: AESGCM | None = None
        self._index = 0
        self._plain = memoryview(b"")

    def damaged(self) -> InputRefused:
        return InputRefused(messages.say(messages.DAMAGED, noun=self._noun))

    def start(self, key: bytes) -> None:
        """Verify the first chunk now: with the passphrase right, failure means tampering."""
        self._aead = AESGCM(key)
        self._plain = self._next_chunk()

    def read(self, size: int) -> bytes:
        """Exactly ``size`` bytes; running out before the end marker means damage."""
        parts: list[bytes] = []
        while size > 0:
            if not self._plain:
                if self._index == self._count:
                    raise self.damaged()
                self._plain = self._next_chunk()
            piece = self._plain[:size]
            parts.append(bytes(piece))
            self._plain = self._plain[len(piece) :]
            size -= len(piece)
        return b"".join(parts)

    def expect_end(self) -> None:
        if self._plain or self._index != self._count:
            raise self.damaged()

    def _next_chunk(self) -> memoryview:
        if self._aead is None:
            raise RuntimeError("the stream was not started")
        last = self._index == self._count - 1
        size = self._last_size if last else self._header.chunk_size + _TAG
        sealed = self._file.read(size)
        if len(sealed) < size:  # the file shrank while being read
            raise InputRefused(messages.say(messages.INCOMPLETE, noun=self._noun))
        nonce = _nonce(self._header.nonce_prefix, self._index, last)
        try:
            plain = self._aead.decrypt(nonce, sealed, self._header.raw)
        except InvalidTag:
            raise self.damaged() from None
        self._index += 1
        return memoryview(plain)


def _json_bytes(value: Mapping[str, object]) -> bytes:
    """Strict JSON (no NaN), UTF-8, as written into record heads."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode()


def _segments(payload: bytes | Iterable[bytes]) -> Iterator[memoryview]:
    pieces = [payload] if isinstance(payload, bytes | bytearray | memoryview) else payload
    for piece in pieces:
        view = memoryview(piece).cast("B")
        for start in range(0, len(view), _SEGMENT):
            yield view[start : start + _SEGMENT]


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 1 << 32:
        raise ValueError("too many chunks for one envelope")
    return prefix + U32.pack(counter) + (b"\x01" if last else b"\x00")


def _open_file(path: Path, kind: str | None) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        text = messages.say(messages.CANNOT_OPEN, noun=messages.noun(kind), reason=reason)
        raise InputRefused(text) from error
