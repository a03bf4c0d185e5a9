"""The 汇总表 (summary table) of a dossier batch: reading it and matching rows to folders.

The table is untrusted input from a province's office, laid out as described in
``docs/batch-format.md``. Reading is forgiving about layout (title rows, column
order, full-width characters, numbers typed as text) because offices differ, and
strict about the file itself (ZIP limits, no DTDs) because the bytes are hostile
until proven otherwise. Cell-level oddities become :class:`ManifestProblem` notes
for the formal review; only a table that cannot serve at all is refused.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

import openpyxl

from app.errors import InputRefused, Text

MAX_ROWS = 5000  # data rows read below the header
MAX_COLUMNS = 64
MAX_HEADER_SEARCH = 30  # rows scanned for the header row
MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per entry

ProblemKind = Literal["missing_enterprise", "unparseable", "duplicate"]


@dataclass(frozen=True)
class ManifestRow:
    """One enterprise row of the 汇总表, with values cleaned but not judged."""

    row_number: int  # 1-based row in the spreadsheet
    seq: int  # 序号; the row's ordinal among data rows when the cell is empty
    enterprise: str
    uscc: str
    recommending_unit: str
    unit_ran_own_activity: bool
    industry: str
    industry_code: str
    focus_area: str
    title: str
    profits: tuple[tuple[int, Decimal | None], ...]  # (year, 万元), oldest first
    contact: str
    phone: str


@dataclass(frozen=True)
class ManifestProblem:
    """A cell the reader could not take at face value; the formal review reports it."""

    row_number: int
    kind: ProblemKind
    column: str
    value: str


@dataclass(frozen=True)
class Manifest:
    """The rows of a 汇总表 plus what looked wrong in them."""

    rows: tuple[ManifestRow, ...]
    profit_years: tuple[int, ...]
    header_row: int
    problems: tuple[ManifestProblem, ...]


@dataclass(frozen=True)
class _Field:
    key: str
    header: str
    header_en: str
    aliases: tuple[str, ...]
    required: bool


# Order matters: a field listed earlier claims its column first, so that the
# longer header "推荐单位开展本地区活动" is not mistaken for "推荐单位", nor
# "行业代码" for "所属行业", nor "联系人电话" for "联系人".
_FIELDS: tuple[_Field, ...] = (
    _Field("own_activity", "推荐单位开展本地区活动", "unit ran its own activity",
           ("推荐单位开展本地区活动", "开展本地区活动", "本地区活动", "开展本地区"), False),
    _Field("enterprise", "企业名称", "enterprise name", ("企业名称",), True),
    _Field("uscc", "统一社会信用代码", "USCC", ("统一社会信用代码", "信用代码"), True),
    _Field("recommending_unit", "推荐单位", "recommending unit", ("推荐单位",), True),
    _Field("industry_code", "行业代码", "industry code", ("行业代码",), True),
    _Field("industry", "所属行业", "industry", ("所属行业", "行业名称", "行业"), False),
    _Field("focus_area", "聚焦领域", "focus area", ("聚焦领域", "重点领域", "领域"), False),
    _Field("title", "典型经验名称", "experience title",
           ("典型经验名称", "经验名称", "质量标杆名称", "标杆名称"), True),
    _Field("phone", "联系电话", "phone", ("联系电话", "电话", "手机"), False),
    _Field("contact", "联系人", "contact", ("联系人",), False),
    _Field("seq", "序号", "sequence number", ("序号",), False),
)  # fmt: skip

_PROFIT_HEADER = (re.compile(r"(\d{4})年.*利润"), re.compile(r"利润.*?(\d{4})"))
_BRACKETS = str.maketrans("【〔[〖{】〕]〗}", "((((()))))")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D~～]")
_DOTS = re.compile(r"[\u00B7\u2022\u2027\u2219\u30FB\uFF65\u318D]")
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")
_NUMBERING = re.compile(r"^\d{1,4}[.、\-_)）\s]+")
_SYSTEM_FOLDERS = frozenset({"__macosx", "$recycle.bin", "system volume information"})
_YES = frozenset({"是", "Y", "YES", "√", "✓", "✔", "TRUE", "1", "有", "开展", "已开展"})
_NO = frozenset({"", "否", "N", "NO", "×", "✗", "✘", "FALSE", "0", "无", "未开展", "/", "-"})


def normalise_name(text: str) -> str:
    """The form two spellings of one enterprise name share.

    Offices type names by hand: full-width brackets, stray spaces, U+3000, other
    dashes. Comparing this form finds the folder the row means while the
    original spellings are still shown to the user.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).translate(_BRACKETS)
    text = _DOTS.sub("·", _DASHES.sub("-", text))
    return text.casefold()


def read_manifest(data: bytes) -> Manifest:
    """Read the first sheet of a 汇总表 given as the bytes of an .xlsx file."""
    _guard_xlsx(data)
    book = None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return _read_rows(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
    except InputRefused:
        raise
    except Exception as exc:  # any parser failure on untrusted bytes is a refusal
        raise _refused(
            "汇总表无法读取（{why}）。",
            "The summary table cannot be read ({why}).",
            why=type(exc).__name__,
        ) from exc
    finally:
        if book is not None:
            book.close()


def _read_rows(lines: Iterable[tuple[object, ...]]) -> Manifest:
    iterator = iter(lines)
    header: tuple[object, ...] | None = None
    header_row = 0
    seen_any = False
    for header_row, cells in enumerate(iterator, start=1):
        texts = [normalise_name(_text(c)) for c in cells]
        seen_any = seen_any or any(texts)
        # A merged title row may mention 企业名称 too; a header row has other cells.
        if any("企业名称" in t for t in texts) and sum(1 for t in texts if t) >= 2:
            header = cells
            break
        if header_row >= MAX_HEADER_SEARCH:
            break
    if header is None:
        if not seen_any:
            raise _refused("汇总表是空的。", "The summary table is empty.")
        raise _refused(
            "汇总表前 {n} 行中没有含“企业名称”的表头行。",
            "No header row containing 企业名称 (enterprise name) in the first {n} rows.",
            n=MAX_HEADER_SEARCH,
        )
    columns, profit_columns = _map_columns(header)
    rows: list[ManifestRow] = []
    problems: list[ManifestProblem] = []
    seen_names: set[str] = set()
    ordinal = 0
    for offset, cells in enumerate(iterator, start=1):
        if offset > MAX_ROWS:
            if any(_text(c) for c in cells):
                raise _refused(
                    "汇总表超过 {n} 行，不予读取。",
                    "The summary table has more than {n} rows.",
                    n=MAX_ROWS,
                )
            break
        if not any(_text(c) for c in cells):
            continue
        ordinal += 1
        row = _read_row(header_row + offset, ordinal, cells, columns, profit_columns, problems)
        if row is None:
            continue
        key = normalise_name(row.enterprise)
        if key in seen_names:
            problems.append(
                ManifestProblem(row.row_number, "duplicate", "企业名称", row.enterprise)
            )
        seen_names.add(key)
        rows.append(row)
    if not rows and not problems:
        raise _refused("汇总表没有企业数据行。", "The summary table has no enterprise rows.")
    years = tuple(sorted(profit_columns))
    return Manifest(tuple(rows), years, header_row, tuple(problems))


def _map_columns(header: Sequence[object]) -> tuple[dict[str, tuple[int, str]], dict[int, int]]:
    """Find each field's column by its header text; refuse naming every missing one."""
    names = [_text(c) for c in header]
    normal = [normalise_name(n) for n in names]
    taken: set[int] = set()
    profits: dict[int, int] = {}
    for index, text in enumerate(normal):
        for pattern in _PROFIT_HEADER:
            found = pattern.search(text)
            if found:
                profits.setdefault(int(found.group(1)), index)
                taken.add(index)
                break
    columns: dict[str, tuple[int, str]] = {}
    for spec in _FIELDS:
        free = [i for i in range(len(normal)) if i not in taken and normal[i]]
        exact = [i for i in free if normal[i] in spec.aliases]
        loose = [i for a in spec.aliases for i in free if a in normal[i]]
        if exact or loose:
            chosen = (exact or loose)[0]
            columns[spec.key] = (chosen, names[chosen])
            taken.add(chosen)
    missing = [s for s in _FIELDS if s.required and s.key not in columns]
    if missing or not profits:
        zh = [s.header for s in missing] + ([] if profits else ["YYYY年利润总额（万元）"])
        en = [f"{s.header} ({s.header_en})" for s in missing]
        en += [] if profits else ["YYYY年利润总额（万元） (profit per year)"]
        raise InputRefused(
            Text(
                "汇总表缺少以下列：" + "、".join(zh) + "。",
                "The summary table has no column for: " + ", ".join(en) + ".",
            )
        )
    return columns, profits


def _read_row(
    row_number: int,
    ordinal: int,
    cells: Sequence[object],
    columns: dict[str, tuple[int, str]],
    profit_columns: dict[int, int],
    problems: list[ManifestProblem],
) -> ManifestRow | None:
    def cell(key: str) -> object:
        if key not in columns:
            return None
        index = columns[key][0]
        return cells[index] if index < len(cells) else None

    def note(kind: ProblemKind, key: str, value: object) -> None:
        problems.append(ManifestProblem(row_number, kind, columns[key][1], _text(value)))

    enterprise = _text(cell("enterprise"))
    if not enterprise:
        problems.append(ManifestProblem(row_number, "missing_enterprise", "企业名称", ""))
        return None
    seq = _parse_int(cell("seq"))
    if seq is None:
        if _text(cell("seq")):
            note("unparseable", "seq", cell("seq"))
        seq = ordinal
    own = _parse_flag(cell("own_activity"))
    if own is None:
        note("unparseable", "own_activity", cell("own_activity"))
    profits: list[tuple[int, Decimal | None]] = []
    for year, index in sorted(profit_columns.items()):
        raw = cells[index] if index < len(cells) else None
        amount = parse_amount(raw)
        if amount is None and _text(raw):
            problems.append(ManifestProblem(row_number, "unparseable", f"{year}年利润", _text(raw)))
        profits.append((year, amount))
    return ManifestRow(
        row_number=row_number,
        seq=seq,
        enterprise=enterprise,
        uscc=_text(cell("uscc")),
        recommending_unit=_text(cell("recommending_unit")),
        unit_ran_own_activity=bool(own),
        industry=_text(cell("industry")),
        industry_code=_text(cell("industry_code")),
        focus_area=_text(cell("focus_area")),
        title=_text(cell("title")),
        profits=tuple(profits),
        contact=_text(cell("contact")),
        phone=_text(cell("phone")),
    )


def _text(value: object) -> str:
    """A cell as the text a person sees (whole floats without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _parse_int(value: object) -> int | None:
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _parse_flag(value: object) -> bool | None:
    text = unicodedata.normalize("NFKC", _text(value)).strip().upper()
    if text in _YES:
        return True
    return False if text in _NO else None


def parse_amount(value: object) -> Decimal | None:
    """A money cell in 万元: a number, or text like ``1,234.5`` / ``1234万元`` / ``(12)``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = unicodedata.normalize("NFKC", str(value))
        text = _INVISIBLE.sub("", text).replace(",", "").replace("\u2212", "-")
        text = re.sub(r"(万元|万|¥|RMB)", "", text, flags=re.IGNORECASE)
        negative = text.startswith("(") and text.endswith(")")
        text = text.strip("()") if negative else text
        if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
            return None
        amount = -Decimal(text) if negative else Decimal(text)
    return amount if amount.is_finite() else None


def _guard_xlsx(data: bytes) -> None:
    """Refuse bytes that are not a sane .xlsx before a parser sees them."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refused(
            "汇总表是旧版 .xls 文件或设有打开密码，请另存为无密码的 .xlsx。",
            "The summary table is an old .xls file or password-protected; "
            "save it as an unprotected .xlsx.",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise _refused("汇总表不是 .xlsx 文件。", "The summary table is not an .xlsx file.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refused(
            "汇总表已损坏，不是有效的 .xlsx 文件。", "The summary table is damaged."
        ) from exc
    if "xl/workbook.xml" not in archive.namelist():
        raise _refused("该文件不是 Excel 工作簿。", "The file is not an Excel workbook.")
    too_big = sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES
    bomb = any(e.file_size > MAX_RATIO * max(e.compress_size, 1) > 1024 * 1024 for e in entries)
    if len(entries) > MAX_ZIP_ENTRIES or too_big or bomb:
        raise _refused(
            "汇总表解压后过大或结构异常，已拒绝。",
            "The summary table unpacks too large or is malformed; refused.",
        )
    unpacked = 0
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        tail = b""
        try:
            with archive.open(entry) as part:
                while chunk := part.read(65536):
                    unpacked += len(chunk)
                    window = (tail + chunk).lower()
                    if unpacked > MAX_UNPACKED_BYTES or b"<!doctype" in window:
                        raise _refused(
                            "汇总表含有不安全的内容（DTD/实体）或解压后过大，已拒绝。",
                            "The summary table holds unsafe XML (a DTD) or unpacks too large.",
                        )
                    tail = chunk[-16:]
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
            raise _refused(
                "汇总表已损坏（{name}）。",
                "The summary table is damaged ({name}).",
                name=entry.filename,
            ) from exc


def _refused(zh: str, en: str, **values: object) -> InputRefused:
    return InputRefused(Text(zh, en).format(**values) if values else Text(zh, en))


@dataclass(frozen=True)
class FolderMatch:
    """A 汇总表 row paired with its folder; ``exact`` is False when spellings differ."""

    row: ManifestRow
    folder: str
    exact: bool


@dataclass(frozen=True)
class MatchResult:
    """How the rows of a 汇总表 and the enterprise folders of a batch pair up."""

    matches: tuple[FolderMatch, ...]
    missing_folders: tuple[ManifestRow, ...]  # rows no folder was found for
    extra_folders: tuple[str, ...]  # folders no row names
    ignored_folders: tuple[str, ...] = ()  # hidden/system folders, e.g. __MACOSX

    @property
    def name_mismatches(self) -> tuple[FolderMatch, ...]:
        return tuple(m for m in self.matches if not m.exact)

    def folder_for(self, row: ManifestRow) -> str | None:
        """The folder matched to ``row`` (by its spreadsheet row), if any."""
        for m in self.matches:
            if m.row.row_number == row.row_number:
                return m.folder
        return None


def _without_numbering(text: str) -> str:
    return normalise_name(_NUMBERING.sub("", unicodedata.normalize("NFKC", text).strip()))


# (folder key, row key) per matching level: exact, normalised, folder numbering dropped.
_MATCH_KEYS: tuple[tuple[Callable[[str], str], Callable[[str], str]], ...] = (
    (str, str),
    (normalise_name, normalise_name),
    (_without_numbering, normalise_name),
)


def is_system_folder(name: str) -> bool:
    """Folders archivers and operating systems add, which are never a dossier."""
    return name.startswith((".", "~$")) or name.casefold() in _SYSTEM_FOLDERS


def match_folders(rows: Sequence[ManifestRow], folder_names: Iterable[str]) -> MatchResult:
    """Pair rows with folders: exact name, then normalised name, then without numbering.

    Each folder serves one row. A folder like ``03-某某有限公司`` still pairs, but
    as a name mismatch, so the user sees both spellings.
    """
    folders: list[str] = []
    ignored: list[str] = []
    for name in folder_names:
        target = ignored if is_system_folder(name) else folders
        if name not in target:
            target.append(name)
    free = list(folders)
    found: dict[int, FolderMatch] = {}
    for level, (folder_key, row_key) in enumerate(_MATCH_KEYS):
        by_key: dict[str, str] = {}
        for folder in free:
            by_key.setdefault(folder_key(folder), folder)
        for row in rows:
            if row.row_number in found:
                continue
            hit = by_key.pop(row_key(row.enterprise), None)
            if hit is not None:
                found[row.row_number] = FolderMatch(row, hit, exact=level == 0)
                free.remove(hit)
    matches = tuple(found[r.row_number] for r in rows if r.row_number in found)
    missing = tuple(r for r in rows if r.row_number not in found)
    return MatchResult(matches, missing, tuple(free), tuple(ignored))
