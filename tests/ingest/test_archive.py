"""Reading untrusted ZIP and RAR archives in memory: bombs, escapes, links, passwords, GBK.

The archives are real: ZIPs from zipfile or assembled byte by byte where zipfile
refuses to write what hostile tools write (GBK names, ZipCrypto encryption),
and RAR 4 / RAR 5 archives assembled from the format specification (stored
entries), read by the same ``bsdtar`` the product uses.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from app.ingest.archive import (
    ArchiveEntry,
    ArchiveLimits,
    ArchiveRefused,
    Budget,
    expand_nested,
    read_archive,
    read_zip,
)

needs_bsdtar = pytest.mark.skipif(shutil.which("bsdtar") is None, reason="bsdtar not installed")
MiB = 1024 * 1024


# --- archive builders -------------------------------------------------------------------


def make_zip(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_with_info(info: zipfile.ZipInfo, data: bytes = b"x") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, data)
    return buffer.getvalue()


def _zipcrypto(data: bytes, password: bytes, crc: int) -> bytes:
    """Traditional PKWARE encryption, as ``zip -P`` writes it."""
    keys = [0x12345678, 0x23456789, 0x34567890]

    def crc_byte(value: int, byte: int) -> int:
        return zlib.crc32(bytes([byte]), value ^ 0xFFFFFFFF) ^ 0xFFFFFFFF

    def update(byte: int) -> None:
        keys[0] = crc_byte(keys[0], byte)
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = crc_byte(keys[2], keys[1] >> 24)

    for byte in password:
        update(byte)
    out = bytearray()
    for byte in os.urandom(11) + bytes([crc >> 24]) + data:
        temp = (keys[2] | 2) & 0xFFFF
        out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
        update(byte)
    return bytes(out)


def raw_zip(
    entries: list[tuple[bytes, bytes]], flags: int = 0, password: bytes = b"", extra: bytes = b""
) -> bytes:
    """A stored-entry ZIP written by hand: raw name bytes, chosen flags, optional ZipCrypto."""
    body, central = bytearray(), bytearray()
    for name, data in entries:
        crc = zlib.crc32(data)
        stored = _zipcrypto(data, password, crc) if password else data
        entry_flags = flags | (0x1 if password else 0)
        fields = (20, entry_flags, 0, 0, 0, crc, len(stored), len(data), len(name), len(extra))
        offset = len(body)
        body += b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + name + extra + stored
        central += b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", 20, *fields, 0, 0, 0, 0, offset)
        central += name + extra
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(central), len(body), 0)  # fmt: skip
    return bytes(body + central + end)


def _rar_vint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _rar5_block(kind: int, fields: bytes, extra: bytes = b"", data: bytes | None = None) -> bytes:
    flags = (0x1 if extra else 0) | (0x2 if data is not None else 0)
    body = _rar_vint(kind) + _rar_vint(flags)
    body += _rar_vint(len(extra)) if extra else b""
    body += _rar_vint(len(data)) if data is not None else b""
    header = _rar_vint(len(body + fields + extra)) + body + fields + extra
    return struct.pack("<I", zlib.crc32(header)) + header + (data or b"")


def rar5_record(kind: int, body: bytes) -> bytes:
    record = _rar_vint(kind) + body
    return _rar_vint(len(record)) + record


RAR5_ENCRYPTION = rar5_record(0x01, b"\x00\x00\x0f" + b"S" * 16 + b"I" * 16)
RAR5_SYMLINK = rar5_record(0x05, b"\x01\x00\x0b/etc/passwd")


def rar5(entries: list[tuple[str, bytes]], extras: dict[str, bytes] | None = None) -> bytes:
    """A RAR 5 archive of stored (uncompressed) files, as ``rar a -m0 -ma5`` writes them."""
    out = bytearray(b"Rar!\x1a\x07\x01\x00") + _rar5_block(1, _rar_vint(0))
    for name, data in entries:
        encoded = name.encode("utf-8")
        extra = (extras or {}).get(name, b"")
        mode = 0o120777 if extra == RAR5_SYMLINK else 0o100644
        fields = _rar_vint(0x4) + _rar_vint(len(data)) + _rar_vint(mode)
        fields += struct.pack("<I", zlib.crc32(data)) + _rar_vint(0) + _rar_vint(1)
        fields += _rar_vint(len(encoded)) + encoded
        out += _rar5_block(2, fields, extra, data)
    return bytes(out + _rar5_block(5, _rar_vint(0)))


def rar4(entries: list[tuple[bytes, bytes]], file_flags: int = 0) -> bytes:
    """A RAR 4 archive of stored files with raw (legacy, e.g. GBK) names."""

    def block(body: bytes) -> bytes:
        return struct.pack("<H", zlib.crc32(body) & 0xFFFF) + body

    out = bytearray(b"Rar!\x1a\x07\x00") + block(struct.pack("<BHH", 0x73, 0, 13) + b"\0" * 6)
    for name, data in entries:
        fields = (0x74, 0x8000 | file_flags, 32 + len(name), len(data), len(data), 2)
        body = struct.pack("<BHHIIBIIBBHI", *fields, zlib.crc32(data), 0x5A210000, 29, 0x30,
                           len(name), 0x20) + name  # fmt: skip
        out += block(body) + data
    return bytes(out + bytes.fromhex("c43d7b00400700"))


# --- ZIP --------------------------------------------------------------------------------


def test_reads_files_and_skips_os_litter() -> None:
    data = make_zip(
        {
            "山东/汇总表.xlsx": b"sheet",
            "山东/企业A/申报书.pdf": b"%PDF-1.7",
            "__MACOSX/山东/._汇总表.xlsx": b"apple",
            "山东/.DS_Store": b"finder",
            "山东/企业A/Thumbs.db": b"windows",
            "山东/企业A/": b"",
        }
    )
    entries = read_zip(data, ArchiveLimits(), "batch.zip")
    assert [(e.name, e.data) for e in entries] == [
        ("山东/汇总表.xlsx", b"sheet"),
        ("山东/企业A/申报书.pdf", b"%PDF-1.7"),
    ]


def test_zip_bomb_entry_is_refused_by_ratio() -> None:
    bomb = make_zip({"企业A/申报书.pdf": bytes(100 * MiB)})
    assert len(bomb) < 200 * 1024  # 100 MB of zeros compress to ~100 KB
    with pytest.raises(ArchiveRefused) as refused:
        read_zip(bomb, ArchiveLimits(), "bomb.zip")
    assert refused.value.kind == "hostile"
    assert "zip bomb" in refused.value.text.en and "压缩炸弹" in refused.value.text.zh


def test_total_size_limit_counts_all_entries() -> None:
    data = make_zip({f"f{i}.bin": os.urandom(600 * 1024) for i in range(3)})
    with pytest.raises(ArchiveRefused, match="expands to more than 1 MiB"):
        read_zip(data, ArchiveLimits(max_total_bytes=1 * MiB), "big.zip")


def test_headers_that_understate_sizes_do_not_let_data_through() -> None:
    real = bytes(20 * MiB)
    data = bytearray(make_zip({"lie.bin": real}))
    # Claim 1000 bytes in both the local and the central header (a lying tool).
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 1000)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)
    with pytest.raises(ArchiveRefused) as refused:
        read_zip(bytes(data), ArchiveLimits(), "lie.zip")
    assert refused.value.kind in ("corrupt", "hostile")


def test_reading_is_bounded_by_the_declared_size() -> None:
    budget = Budget(ArchiveLimits(), "lie.zip")
    with pytest.raises(ArchiveRefused, match="larger than its header says"):
        budget.read(io.BytesIO(bytes(5 * MiB)), "lie.bin", 1000)


def test_too_many_entries() -> None:
    data = make_zip({f"{i}.txt": b"" for i in range(5001)}, zipfile.ZIP_STORED)
    with pytest.raises(ArchiveRefused, match="too many entries"):
        read_zip(data, ArchiveLimits(), "many.zip")
    assert len(read_zip(data, ArchiveLimits(max_entries=6000), "many.zip")) == 5001


@pytest.mark.parametrize("name", ["../evil", "/abs", "..\\evil", "C:/x", "C:\\x", "a/../../b"])
def test_escaping_names_are_refused(name: str) -> None:
    with pytest.raises(ArchiveRefused, match="outside the target folder") as refused:
        read_zip(zip_with_info(zipfile.ZipInfo(name)), ArchiveLimits(), "evil.zip")
    assert "解压目录之外" in refused.value.text.zh


def test_backslash_separators_are_folders() -> None:
    entries = read_zip(raw_zip([(b"dir\\a.txt", b"a")]), ArchiveLimits(), "win.zip")
    assert entries == [ArchiveEntry("dir/a.txt", b"a")]


def test_symlink_entry_is_refused() -> None:
    info = zipfile.ZipInfo("企业A/link")
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    with pytest.raises(ArchiveRefused, match="link"):
        read_zip(zip_with_info(info, b"/etc/passwd"), ArchiveLimits(), "link.zip")


def test_encrypted_entry_says_password_protected() -> None:
    data = raw_zip([(b"secret.pdf", b"%PDF-1.7 secret")], password=b"pw")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # a genuinely encrypted entry
        assert archive.read("secret.pdf", pwd=b"pw") == b"%PDF-1.7 secret"
    with pytest.raises(ArchiveRefused) as refused:
        read_zip(data, ArchiveLimits(), "secret.zip")
    assert refused.value.kind == "encrypted"
    assert "password protected" in refused.value.text.en and "密码" in refused.value.text.zh


def test_gbk_names_without_utf8_flag_are_decoded() -> None:
    names = ["企业甲/申报书.pdf", "中文", "山东省推荐材料/汇总表.xlsx"]
    data = raw_zip([(name.encode("gbk"), b"x") for name in names])
    assert [e.name for e in read_zip(data, ArchiveLimits(), "gbk.zip")] == names


def test_utf8_names_without_flag_and_with_flag() -> None:
    unflagged = raw_zip([("企业概况.docx".encode(), b"x")])
    flagged = raw_zip([("企业概况.docx".encode(), b"x")], flags=0x800)
    for data in (unflagged, flagged):
        assert read_zip(data, ArchiveLimits(), "utf8.zip")[0].name == "企业概况.docx"


def test_unicode_path_extra_field_wins_over_the_legacy_name() -> None:
    legacy = "企业?.pdf".encode("gbk")
    real = "企业甲.pdf".encode()
    body = b"\x01" + struct.pack("<I", zlib.crc32(legacy)) + real
    extra = struct.pack("<HH", 0x7075, len(body)) + body
    entries = read_zip(raw_zip([(legacy, b"x")], extra=extra), ArchiveLimits(), "7zip.zip")
    assert entries[0].name == "企业甲.pdf"


def test_corrupt_zip() -> None:
    data = make_zip({"a.txt": b"hello" * 1000})
    with pytest.raises(ArchiveRefused) as refused:
        read_zip(data[: len(data) // 2], ArchiveLimits(), "cut.zip")
    assert refused.value.kind == "corrupt"


def test_nested_zip_in_a_dossier_folder_is_expanded_one_level() -> None:
    innermost = make_zip({"deeper.txt": b"x"})
    inner = make_zip({"典型经验.docx": b"PK-docx", "更深.zip": innermost})
    hostile = make_zip({"../escape.txt": b"x"})
    outer = make_zip(
        {
            "汇总表.xlsx": b"sheet",
            "企业A/申报书.pdf": b"%PDF",
            "企业A/word文件.zip": inner,
            "企业B/坏.zip": hostile,
        }
    )
    entries, refused = expand_nested(read_archive(outer, "batch.zip"), ArchiveLimits())
    names = [e.name for e in entries]
    assert names == [
        "汇总表.xlsx",
        "企业A/申报书.pdf",
        "企业A/典型经验.docx",
        "企业A/更深.zip",  # one level only
        "企业B/坏.zip",
    ]
    assert list(refused) == ["企业B/坏.zip"] and refused["企业B/坏.zip"].kind == "hostile"


def test_nested_archives_share_the_batch_limits() -> None:
    inner = make_zip({f"{i}.txt": b"" for i in range(10)})
    outer = read_zip(make_zip({"企业A/材料.zip": inner}), ArchiveLimits(), "batch.zip")
    _, refused = expand_nested(outer, ArchiveLimits(max_entries=5))
    assert "too many entries" in refused["企业A/材料.zip"].text.en


def test_read_archive_from_a_path_and_refuses_other_formats(tmp_path: Path) -> None:
    path = tmp_path / "batch.zip"
    path.write_bytes(make_zip({"企业A/申报书.pdf": b"%PDF"}))
    assert read_archive(path, path.name)[0].name == "企业A/申报书.pdf"
    with pytest.raises(ArchiveRefused, match="7z"):
        read_archive(b"7z\xbc\xaf\x27\x1c" + bytes(30), "x.7z")
    with pytest.raises(ArchiveRefused, match="not a ZIP or RAR"):
        read_archive(b"%PDF-1.7", "x.zip")


# --- RAR --------------------------------------------------------------------------------


@needs_bsdtar
def test_rar5_is_read_in_memory() -> None:
    data = rar5([("山东/企业A/申报书.pdf", b"%PDF-1.7 content"), ("山东/汇总表.xlsx", b"PK")])
    assert read_archive(data, "batch.rar") == [
        ArchiveEntry("山东/企业A/申报书.pdf", b"%PDF-1.7 content"),
        ArchiveEntry("山东/汇总表.xlsx", b"PK"),
    ]


@needs_bsdtar
def test_rar4_from_a_path_with_gbk_names(tmp_path: Path) -> None:
    path = tmp_path / "batch.rar"
    path.write_bytes(rar4([("企业甲\\申报书.pdf".encode("gbk"), b"%PDF")]))
    assert read_archive(path, path.name) == [ArchiveEntry("企业甲/申报书.pdf", b"%PDF")]


@needs_bsdtar
@pytest.mark.parametrize(
    "data",
    [
        rar5([("secret.pdf", b"q" * 32)], {"secret.pdf": RAR5_ENCRYPTION}),
        rar4([(b"secret.pdf", b"q" * 32)], file_flags=0x0004),
    ],
    ids=["rar5", "rar4"],
)
def test_rar_password_protected_entry(data: bytes) -> None:
    with pytest.raises(ArchiveRefused) as refused:
        read_archive(data, "secret.rar")
    assert refused.value.kind == "encrypted"
    assert "secret.pdf" in refused.value.text.en


@needs_bsdtar
def test_rar_symlink_and_escaping_names_are_refused() -> None:
    with pytest.raises(ArchiveRefused, match="link"):
        read_archive(rar5([("link", b"")], {"link": RAR5_SYMLINK}), "link.rar")
    with pytest.raises(ArchiveRefused, match="outside the target folder"):
        read_archive(rar4([(b"..\\evil.txt", b"x")]), "evil.rar")


@needs_bsdtar
def test_rar_limits_and_damage() -> None:
    big = rar5([("a.bin", bytes(3 * MiB))])
    with pytest.raises(ArchiveRefused, match="expands to more than 1 MiB"):
        read_archive(big, "big.rar", ArchiveLimits(max_total_bytes=1 * MiB))
    many = rar5([(f"{i}.txt", b"") for i in range(20)])
    with pytest.raises(ArchiveRefused, match="too many entries"):
        read_archive(many, "many.rar", ArchiveLimits(max_entries=10))
    with pytest.raises(ArchiveRefused) as refused:
        read_archive(big[: len(big) // 2], "cut.rar")
    assert refused.value.kind == "corrupt"


def test_rar_without_a_tool_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ArchiveRefused) as refused:
        read_archive(rar5([("a.txt", b"a")]), "batch.rar")
    assert refused.value.kind == "tool_missing"
    assert "apt-get install libarchive-tools" in refused.value.text.en
    assert "apt-get install libarchive-tools" in refused.value.text.zh


# --- nothing on disk --------------------------------------------------------------------


def test_nothing_is_written_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp, work = tmp_path / "tmp", tmp_path / "cwd"
    temp.mkdir()
    work.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    monkeypatch.chdir(work)
    zipped = make_zip({"企业A/申报书.pdf": b"%PDF", "企业A/材料.zip": make_zip({"a.docx": b"d"})})
    entries, _ = expand_nested(read_archive(zipped, "batch.zip"))
    assert len(entries) == 2
    if shutil.which("bsdtar"):
        assert len(read_archive(rar5([("企业A/申报书.pdf", b"%PDF")]), "batch.rar")) == 1
    with pytest.raises(ArchiveRefused):
        read_archive(make_zip({"../evil.txt": b"x"}), "evil.zip")
    assert list(temp.iterdir()) == [] and list(work.iterdir()) == []
