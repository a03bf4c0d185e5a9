"""The sealed envelope: round trips, every refusal with its own message, and atomic writes."""

from __future__ import annotations

import hashlib
import json
import math
import re
import struct
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InputRefused, WrongPassphrase
from app.exchange import header as header_module
from app.exchange.envelope import (
    CHUNK_SIZE,
    DEFAULT_KDF,
    KdfParams,
    Record,
    generate_passphrase,
    normalise_passphrase,
    open_envelope,
    read_label,
    write_envelope,
)
from app.exchange.passphrase import PASSPHRASE_ALPHABET

KIND = "assignment-package"
CHEAP = KdfParams(memory_cost_kib=8, iterations=1, lanes=1)  # the production default is strong
PASSPHRASE = "K7RM2-9QXHD-T4BWE-PZ3NA-8GCUF"
LABEL = {"round": "2025年度质量标杆遴选", "recipient": "张三"}
SEALED = CHUNK_SIZE + 16

Read = list[tuple[str, str, dict[str, object], bytes]]


def _write(path: Path, records: list[Record], **options: object) -> None:
    settings_ = {"kdf": CHEAP, "label": LABEL, "kind": KIND} | options
    write_envelope(path, PASSPHRASE, records=records, **settings_)  # type: ignore[arg-type]


def _read(path: Path, passphrase: str = PASSPHRASE, kind: str = KIND) -> Read:
    with open_envelope(path, passphrase, kind=kind) as reader:
        found = [(r.kind, r.name, r.meta, r.read_bytes()) for r in reader.records()]
        assert reader.complete
    return found


def _layout(data: bytes) -> tuple[int, int]:
    """(header length, offset of the first chunk)."""
    (length,) = struct.unpack(">I", data[8:12])
    return length, 12 + length + 8


def _rewrite_header(path: Path, change: Callable[[dict[str, object]], None]) -> None:
    data = path.read_bytes()
    length, _ = _layout(data)
    fields = json.loads(data[12 : 12 + length])
    change(fields)
    new = json.dumps(fields, ensure_ascii=False).encode()
    path.write_bytes(data[:8] + struct.pack(">I", len(new)) + new + data[12 + length :])


def _pseudo_random(size: int, piece: int = 300_000) -> Iterator[bytes]:
    """Deterministic incompressible bytes, produced piece by piece (odd sizes on purpose)."""
    counter = 0
    while size > 0:
        block = b"".join(
            hashlib.sha256(f"{counter}:{i}".encode()).digest() for i in range(piece // 32 + 1)
        )[: min(piece, size)]
        counter += 1
        size -= len(block)
        yield block


@pytest.fixture
def sealed(tmp_path: Path) -> Path:
    """Three records whose body spans four chunks."""
    path = tmp_path / "张三.qbrpkg"
    records = [
        Record("manifest", "manifest.json", b'{"round": "R-2025-A"}', {"version": 1}),
        Record("document", "a" * 64, _pseudo_random(3 * CHUNK_SIZE + 12345)),
        Record("identity", "identity", b"key material", {}),
    ]
    _write(path, records)
    return path


def test_round_trip_with_a_streamed_20_mb_payload(tmp_path: Path) -> None:
    path = tmp_path / "package.qbrpkg"
    size = 20 * 1024 * 1024 + 7
    expected = hashlib.sha256()
    for piece in _pseudo_random(size):
        expected.update(piece)
    records = [
        Record("manifest", "manifest.json", b'{"dossiers": 3}', {"schema": 1, "ok": True}),
        Record("document", "dossier-1.pdf", _pseudo_random(size), {"pages": 120}),
        Record("empty", "nothing", b""),
        Record("texts", "文本", "中文内容".encode(), {"语言": "zh"}),
    ]
    _write(path, records)

    with open_envelope(path, "k7rm29qxhdt4bwepz3na8gcuf", kind=KIND) as reader:
        assert reader.label == LABEL and reader.kind == KIND
        records_read = reader.records()
        manifest = next(records_read)
        assert (manifest.kind, manifest.name, manifest.meta) == (
            "manifest",
            "manifest.json",
            {"schema": 1, "ok": True},
        )
        assert manifest.read_bytes() == b'{"dossiers": 3}'
        document = next(records_read)
        assert document.meta == {"pages": 120}
        digest, total, largest = hashlib.sha256(), 0, 0
        for chunk in document.chunks():
            digest.update(chunk)
            total += len(chunk)
            largest = max(largest, len(chunk))
        assert total == size and digest.digest() == expected.digest()
        assert largest <= 1 << 20
        rest = [(r.kind, r.name, r.meta, r.read_bytes()) for r in records_read]
        assert rest == [
            ("empty", "nothing", {}, b""),
            ("texts", "文本", {"语言": "zh"}, "中文内容".encode()),
        ]
        assert reader.complete


def test_label_is_readable_without_the_passphrase(sealed: Path) -> None:
    assert read_label(sealed) == LABEL
    assert read_label(sealed, kind=KIND) == LABEL


def test_unread_records_are_skipped_and_stale_ones_refuse_use(sealed: Path) -> None:
    with open_envelope(sealed, PASSPHRASE, kind=KIND) as reader:
        records = reader.records()
        manifest = next(records)
        document = next(records)  # the manifest's payload was never read
        pieces = document.chunks()
        next(pieces)  # stop after one piece: the rest is skipped, still verified
        identity = next(records)
        assert identity.read_bytes() == b"key material"
        with pytest.raises(RuntimeError):
            manifest.read_bytes()
        with pytest.raises(RuntimeError):
            next(pieces)
        assert list(records) == [] and reader.complete
        with pytest.raises(RuntimeError):
            reader.records()


def test_read_bytes_refuses_a_payload_over_its_limit(sealed: Path) -> None:
    with open_envelope(sealed, PASSPHRASE, kind=KIND) as reader:
        records = reader.records()
        next(records)
        with pytest.raises(InputRefused, match="too large"):
            next(records).read_bytes(limit=1 << 20)


def test_wrong_passphrase_is_told_apart(sealed: Path) -> None:
    with pytest.raises(WrongPassphrase) as wrong:
        open_envelope(sealed, "K7RM2-9QXHD-T4BWE-PZ3NA-8GCUE", kind=KIND)
    assert "一次性口令不正确" in wrong.value.text.zh and "评审办公室" in wrong.value.text.zh
    assert "passphrase" in wrong.value.text.en


def test_passphrases_are_strong_and_forgiving_to_type() -> None:
    phrase = generate_passphrase()
    assert re.fullmatch(r"([2-9A-HJKMNP-Z]{5}-){4}[2-9A-HJKMNP-Z]{5}", phrase)
    assert not set("01OIL") & set(PASSPHRASE_ALPHABET)
    assert 25 * math.log2(len(PASSPHRASE_ALPHABET)) >= 100
    assert len({generate_passphrase() for _ in range(200)}) == 200
    for typed in [
        PASSPHRASE.lower(),
        PASSPHRASE.replace("-", ""),
        " k7rm2 9qxhd t4bwe pz3na 8gcuf ",
        "Ｋ７ＲＭ２－９ＱＸＨＤ－Ｔ４ＢＷＥ－ＰＺ３ＮＡ－８ＧＣＵＦ",  # full-width, as an IME types
        "K7RM2—9QXHD—T4BWE—PZ3NA—8GCUF",
    ]:
        assert normalise_passphrase(typed) == PASSPHRASE
    assert normalise_passphrase("  my own Passphrase ") == "my own Passphrase"


def test_typed_variants_of_the_passphrase_open_the_file(sealed: Path) -> None:
    assert len(_read(sealed, " k7rm2 9qxhd-t4bwe pz3na8gcuf")) == 3


def test_edited_label_is_detected(sealed: Path) -> None:
    data = sealed.read_bytes()
    forged = data.replace("张三".encode(), "李四".encode(), 1)  # same length, still valid JSON
    assert forged != data
    sealed.write_bytes(forged)
    assert read_label(sealed)["recipient"] == "李四"  # the clear label alone proves nothing
    with pytest.raises(InputRefused) as refused:
        open_envelope(sealed, PASSPHRASE, kind=KIND)
    assert "已被修改或损坏" in refused.value.text.zh


@pytest.mark.parametrize("where", ["label byte", "header structure", "header length"])
def test_flipped_header_byte_is_refused(sealed: Path, where: str) -> None:
    data = bytearray(sealed.read_bytes())
    offset = {
        "label byte": data.index("张三".encode()) + 1,
        "header structure": 12,
        "header length": 11,
    }[where]
    data[offset] ^= 0x01
    sealed.write_bytes(bytes(data))
    with pytest.raises(InputRefused):
        _read(sealed)


@pytest.mark.parametrize("chunk", [0, 1, 3])
def test_flipped_chunk_byte_is_refused(sealed: Path, chunk: int) -> None:
    data = bytearray(sealed.read_bytes())
    _, body = _layout(bytes(data))
    data[body + chunk * SEALED + 100] ^= 0x80
    sealed.write_bytes(bytes(data))
    with pytest.raises(InputRefused) as refused:
        _read(sealed)
    assert "已被修改或损坏" in refused.value.text.zh


def test_reordered_chunks_are_refused(sealed: Path) -> None:
    data = sealed.read_bytes()
    _, body = _layout(data)
    first, second = data[body : body + SEALED], data[body + SEALED : body + 2 * SEALED]
    sealed.write_bytes(data[:body] + second + first + data[body + 2 * SEALED :])
    with pytest.raises(InputRefused, match="modified or damaged"):
        _read(sealed)


def _cuts(data: bytes) -> list[int]:
    _, body = _layout(data)
    return [3, 10, 30, body - 4, body, body + 500, body + SEALED, body + 2 * SEALED, len(data) - 1]


def test_truncation_anywhere_says_the_file_is_incomplete(sealed: Path) -> None:
    data = sealed.read_bytes()
    assert len(data) > _layout(data)[1] + 3 * SEALED  # four chunks: a mid-file boundary exists
    for cut in _cuts(data):
        sealed.write_bytes(data[:cut])
        with pytest.raises(InputRefused) as refused:
            _read(sealed)
        assert "不完整" in refused.value.text.zh, cut
        assert "incomplete" in refused.value.text.en


def test_truncation_at_a_chunk_boundary_with_a_forged_length_is_still_refused(
    sealed: Path,
) -> None:
    """The body length only improves the message: the last-chunk flag is what guarantees."""
    data = sealed.read_bytes()
    length, body = _layout(data)
    cut = body + 2 * SEALED
    forged_length = struct.pack(">Q", 2 * SEALED)
    sealed.write_bytes(data[: 12 + length] + forged_length + data[body:cut])
    with pytest.raises(InputRefused, match="modified or damaged"):
        _read(sealed)


def test_data_after_the_final_chunk_is_refused(sealed: Path) -> None:
    data = sealed.read_bytes()
    sealed.write_bytes(data + b"\x00" * 17)
    with pytest.raises(InputRefused) as refused:
        _read(sealed)
    assert "多出了数据" in refused.value.text.zh

    length, body = _layout(data)
    extended = struct.pack(">Q", len(data) - body + SEALED)  # the length is forged too
    sealed.write_bytes(data[: 12 + length] + extended + data[body:] + data[body : body + SEALED])
    with pytest.raises(InputRefused, match="modified or damaged"):
        _read(sealed)


def test_kind_mismatch_is_refused(sealed: Path) -> None:
    with pytest.raises(InputRefused) as refused:
        open_envelope(sealed, PASSPHRASE, kind="score-backup")
    assert "文件类型不对" in refused.value.text.zh and "评审任务包" in refused.value.text.zh
    with pytest.raises(InputRefused):
        read_label(sealed, kind="score-backup")


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\n...", b"PK\x03\x04" + b"\x00" * 100])
def test_other_files_are_not_envelopes(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "something.qbrpkg"
    path.write_bytes(content)
    with pytest.raises(InputRefused) as refused:
        open_envelope(path, PASSPHRASE, kind=KIND)
    assert refused.value.text.zh == "这不是评审任务包文件。"


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(InputRefused, match="Cannot read the assignment package"):
        open_envelope(tmp_path / "absent.qbrpkg", PASSPHRASE, kind=KIND)


def test_unknown_format_version_is_refused(sealed: Path) -> None:
    _rewrite_header(sealed, lambda fields: fields.update(format=2))
    with pytest.raises(InputRefused) as refused:
        read_label(sealed)
    assert "格式版本" in refused.value.text.zh and "(2)" in refused.value.text.en


@pytest.mark.parametrize(
    "costs",
    [
        {"memory_cost_kib": (1 << 20) + 1},
        {"memory_cost_kib": 1 << 40},
        {"iterations": 21},
        {"iterations": 10**9},
        {"lanes": 0},
        {"lanes": 1 << 20},
    ],
)
def test_hostile_kdf_parameters_are_refused_before_the_kdf_runs(
    sealed: Path, costs: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_args: object) -> tuple[bytes, bytes]:
        raise AssertionError("the KDF ran on hostile parameters")

    monkeypatch.setattr(header_module, "derive_keys", never)

    def raise_costs(fields: dict[str, object]) -> None:
        kdf = fields["kdf"]
        assert isinstance(kdf, dict)
        kdf.update(costs)

    _rewrite_header(sealed, raise_costs)
    with pytest.raises(InputRefused) as refused:
        open_envelope(sealed, PASSPHRASE, kind=KIND)
    assert "密钥参数超出允许范围" in refused.value.text.zh


def test_writer_keeps_to_the_limits_readers_enforce(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        _write(tmp_path / "x", [], kdf=KdfParams(iterations=50))
    with pytest.raises(ValueError):
        _write(tmp_path / "x", [], label={"note": "x" * 70_000})
    assert KdfParams(memory_cost_kib=64 * 1024, iterations=3, lanes=4) == DEFAULT_KDF
    assert list(tmp_path.iterdir()) == []


def test_no_plaintext_reaches_the_file(tmp_path: Path) -> None:
    canary = "CANARY-评审意见-7f3a9c"
    path = tmp_path / "package.qbrpkg"
    records = [
        Record("comment", canary, canary.encode() * 1000, {"note": canary}),
        Record("document", "doc", [canary.encode(), b"x" * CHUNK_SIZE, canary.encode()]),
    ]
    _write(path, records)
    data = path.read_bytes()
    assert canary.encode() not in data and b"CANARY" not in data
    assert canary.encode("utf-16-le") not in data
    assert _read(path)[0][1] == canary


def test_failure_mid_write_leaves_neither_file_nor_temp(tmp_path: Path) -> None:
    def records() -> Iterator[Record]:
        yield Record("document", "first", b"x" * (3 * CHUNK_SIZE))
        raise OSError("the source document vanished")

    target = tmp_path / "package.qbrpkg"
    with pytest.raises(OSError, match="vanished"):
        _write(target, records())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []

    _write(target, [Record("old", "old", b"previous")])
    before = target.read_bytes()
    with pytest.raises(OSError, match="vanished"):
        _write(target, records())  # type: ignore[arg-type]
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["package.qbrpkg"]


_meta = st.dictionaries(
    st.text(max_size=8), st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
)
_payload = st.one_of(st.binary(max_size=600), st.lists(st.binary(max_size=200), max_size=6))
_records = st.lists(
    st.builds(Record, st.text(max_size=10), st.text(max_size=20), _payload, _meta), max_size=6
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=_records, chunk_size=st.sampled_from([64, 100, 257, 4096]))
def test_round_trip_property(records: list[Record], chunk_size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "envelope"
        _write(path, records, chunk_size=chunk_size)
        expected = [
            (
                r.kind,
                r.name,
                dict(r.meta),
                r.payload if isinstance(r.payload, bytes) else b"".join(r.payload),
            )
            for r in records
        ]
        assert _read(path) == expected
