"""The form's hidden metadata sheet: where the form came from and what each row held.

It names the store, round, stage and person the form was made for, so a form is
only ever imported where it belongs; and per dossier the record's time at export
(for the edit-conflict rule) and which cells were filled (so an emptied cell can be
told from one never filled in). It holds no scores or words of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.errors import InputRefused, Text
from app.forms.layout import FORM_FORMAT, META_SHEET
from app.models.round import Stage

_FIELDS = (
    "format",
    "store_id",
    "round_id",
    "round_name",
    "stage",
    "person_id",
    "person_name",
    "exported_at",
)
_TABLE = ("dossier_id", "seq", "updated_at", "conflict", "filled")
_MAX_ROWS = 5000


@dataclass(frozen=True)
class MetaDossier:
    """A dossier's row as exported."""

    dossier_id: str
    seq: int
    updated_at: datetime | None
    conflict: bool
    filled: frozenset[str]  # column keys of the input cells that held something


@dataclass(frozen=True)
class FormMeta:
    """Where a form came from, and the state of each of its dossiers at export."""

    store_id: str
    round_id: str
    round_name: str
    stage: Stage
    person_id: str
    person_name: str
    exported_at: datetime
    dossiers: tuple[MetaDossier, ...]


def write_meta(sheet: Any, meta: FormMeta) -> None:
    """Fill the (very hidden) metadata sheet."""
    sheet.title = META_SHEET
    values = {
        "format": FORM_FORMAT,
        "store_id": meta.store_id,
        "round_id": meta.round_id,
        "round_name": meta.round_name,
        "stage": meta.stage.value,
        "person_id": meta.person_id,
        "person_name": meta.person_name,
        "exported_at": meta.exported_at.isoformat(),
    }
    for row, key in enumerate(_FIELDS, start=1):
        _text(sheet, row, 1, key)
        _text(sheet, row, 2, values[key])
    first = len(_FIELDS) + 2
    for column, title in enumerate(_TABLE, start=1):
        _text(sheet, first, column, title)
    for row, d in enumerate(meta.dossiers, start=first + 1):
        _text(sheet, row, 1, d.dossier_id)
        sheet.cell(row=row, column=2, value=d.seq)
        _text(sheet, row, 3, d.updated_at.isoformat() if d.updated_at else "")
        _text(sheet, row, 4, "1" if d.conflict else "0")
        _text(sheet, row, 5, " ".join(sorted(d.filled)))
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def _text(sheet: Any, row: int, column: int, value: str) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.data_type = "s"  # an id is never a number or a formula


def _damaged(why: str) -> InputRefused:
    return InputRefused(
        Text(
            f"评审表格的元数据已损坏（{why}），无法确认它的来源，未导入任何内容。请重新导出表格。",
            f"The review form's metadata is damaged ({why}), so where it came from cannot be "
            "confirmed; nothing was imported. Export the form again.",
        )
    )


def _string(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _damaged(what)
    return value.strip()


def _moment(value: object, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_string(value, what))
    except ValueError as exc:
        raise _damaged(what) from exc
    if moment.tzinfo is None:
        raise _damaged(what)
    return moment


def read_meta(sheet: Any) -> FormMeta:
    """The metadata as written by :func:`write_meta`; anything else is refused."""
    rows = list(sheet.iter_rows(max_row=_MAX_ROWS, max_col=len(_TABLE), values_only=True))
    pairs = {str(r[0]): r[1] for r in rows[: len(_FIELDS)] if r and r[0] is not None}
    found = pairs.get("format")
    if found != FORM_FORMAT:
        raise InputRefused(
            Text(
                f"此表格的格式版本为“{found}”，本程序只能导入“{FORM_FORMAT}”格式的评审表格。"
                "请用本程序重新导出表格。",
                f"This form's format is “{found}”; this program imports only “{FORM_FORMAT}” "
                "forms. Export the form again with this program.",
            )
        )
    try:
        stage = Stage(_string(pairs.get("stage"), "stage"))
    except ValueError as exc:
        raise _damaged("stage") from exc
    header = len(_FIELDS) + 1  # 0-based index of the table's header row
    if len(rows) <= header or tuple(rows[header][: len(_TABLE)]) != _TABLE:
        raise _damaged("dossier table")
    dossiers: list[MetaDossier] = []
    for cells in rows[header + 1 :]:
        if all(c is None for c in cells):
            continue
        dossier_id, seq, updated_at, conflict, filled = (tuple(cells) + (None,) * 5)[:5]
        if isinstance(seq, bool) or not isinstance(seq, int):
            raise _damaged("seq")
        dossiers.append(
            MetaDossier(
                dossier_id=_string(dossier_id, "dossier_id"),
                seq=seq,
                updated_at=_moment(updated_at, "updated_at") if updated_at else None,
                conflict=conflict == "1",
                filled=frozenset(str(filled or "").split()),
            )
        )
    if len({d.dossier_id for d in dossiers}) != len(dossiers) or len(
        {d.seq for d in dossiers}
    ) != len(dossiers):
        raise _damaged("duplicate dossiers")
    return FormMeta(
        store_id=_string(pairs.get("store_id"), "store_id"),
        round_id=_string(pairs.get("round_id"), "round_id"),
        round_name=str(pairs.get("round_name") or ""),
        stage=stage,
        person_id=_string(pairs.get("person_id"), "person_id"),
        person_name=str(pairs.get("person_name") or ""),
        exported_at=_moment(pairs.get("exported_at"), "exported_at"),
        dossiers=tuple(dossiers),
    )
