"""Opening a returned form: an untrusted .xlsx, checked before a parser sees it.

The file has been out in the world (e-mail, USB sticks, other people's Excel), so
it is handled like any other hostile archive (SPEC §6): size, entry count,
compression ratio and XML DTDs are checked first, and any failure of the parser
is a refusal with a reason, never a traceback.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from app.errors import InputRefused, Text

MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 500
MAX_RATIO = 200


def _refused(path: Path, zh: str, en: str) -> InputRefused:
    return InputRefused(
        Text(
            f"无法导入评审表格 {path.name}：{zh}未导入任何内容。",
            f"Cannot import the review form {path.name}: {en} Nothing was imported.",
        )
    )


def open_form(path: Path) -> Any:
    """The workbook at ``path``, or a refusal saying why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FORM_BYTES:
            raise _refused(
                path,
                f"文件过大（{size / 1e6:.1f} MB），不像本程序导出的表格。",
                f"the file is too large ({size / 1e6:.1f} MB) to be a form this program exported.",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise _refused(
            path, f"文件无法读取（{exc.strerror or exc}）。", f"it cannot be read ({exc})."
        ) from exc
    _guard(path, data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it skips
            return load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # any parser failure on untrusted bytes is a refusal
        raise _refused(
            path,
            f"文件已损坏，无法作为 Excel 工作簿读取（{type(exc).__name__}）。",
            f"the file is damaged and cannot be read as an Excel workbook ({type(exc).__name__}).",
        ) from exc


def _guard(path: Path, data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refused(
            path,
            "这是旧版 .xls 文件或设有打开密码的文件，请在 Excel 中另存为无密码的 .xlsx 后再导入。",
            "it is an old .xls file or password-protected; save it as an unprotected .xlsx.",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise _refused(path, "这不是 .xlsx 文件。", "it is not an .xlsx file.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refused(path, "文件已损坏。", "the file is damaged.") from exc
    if "xl/workbook.xml" not in archive.namelist():
        raise _refused(path, "这不是 Excel 工作簿。", "it is not an Excel workbook.")
    too_big = sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES
    bomb = any(e.file_size > MAX_RATIO * max(e.compress_size, 1) > 1024 * 1024 for e in entries)
    if len(entries) > MAX_ENTRIES or too_big or bomb:
        raise _refused(path, "文件解压后过大或结构异常。", "it unpacks too large or is malformed.")
    unpacked = 0
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        tail = b""
        try:
            with archive.open(entry) as part:
                while chunk := part.read(65536):
                    unpacked += len(chunk)
                    if unpacked > MAX_UNPACKED_BYTES or b"<!doctype" in (tail + chunk).lower():
                        raise _refused(
                            path,
                            "文件含有不安全的内容（DTD/实体）或解压后过大。",
                            "it holds unsafe XML (a DTD) or unpacks too large.",
                        )
                    tail = chunk[-16:]
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as exc:
            raise _refused(
                path,
                f"文件已损坏（{entry.filename}）。",
                f"the file is damaged ({entry.filename}).",
            ) from exc
