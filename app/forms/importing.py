"""Import a returned form (评审表格): check all of it, then apply all of it, or nothing.

Reading and applying are separate steps so the GUI can show what a form would do
and ask before overwriting. :func:`read_form` refuses a form from another store,
round, stage or person, and lists every bad cell at once. :func:`apply_form`
follows HotCRP's rule for offline reviews: a record changed in the store after the
form was exported is overwritten only when the caller says so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.errors import InputRefused, Text, UserError
from app.forms.cells import RowContext, is_blank, read_row
from app.forms.layout import (
    FIRST_ROW,
    HEADER_ROW,
    META_SHEET,
    SCORES_SHEET,
    ColumnKind,
    FormLayout,
    form_layout,
    same_header,
)
from app.forms.metadata import FormMeta, MetaDossier, read_meta
from app.forms.model import (
    EditConflict,
    FormApplied,
    FormDossier,
    FormEntry,
    FormImport,
    FormProblem,
    FormRefused,
)
from app.forms.workbook import open_form
from app.models.round import Person, Round
from app.scoring.record import DossierStatus, ReviewRecord
from app.scoring.service import ReviewService
from app.scoring.views import DossierSummary, changes
from app.store.store import Store

# Rows past the dossiers' own, allowing for blank lines an expert left below them.
_SPARE_ROWS = 1000


def read_form(store: Store, path: Path) -> FormImport:
    """The form at ``path`` read and checked against ``store``; nothing is written.

    Raises :class:`FormRefused` listing every problem found in the cells, or
    :class:`~app.errors.InputRefused` when the file is not a form of this store.
    """
    book = open_form(path)
    try:
        names = book.sheetnames
        if META_SHEET not in names:
            raise _not_ours(path)
        if SCORES_SHEET not in names:
            raise InputRefused(
                Text(
                    f"评审表格 {path.name} 中没有“{SCORES_SHEET}”工作表（是否被重命名或删除？），"
                    "未导入任何内容。",
                    f"The review form {path.name} has no “{SCORES_SHEET}” sheet (renamed or "
                    "deleted?); nothing was imported.",
                )
            )
        with _parsing(path):
            meta = read_meta(book[META_SHEET])
        service = ReviewService(store)
        owner, rnd = service.owner(), service.round()
        _check_origin(store, owner, rnd, meta)
        layout = form_layout(rnd.scheme, rnd.stage)
        with _parsing(path):
            entries = _read_scores(book[SCORES_SHEET], layout, rnd, meta, service.dossiers())
    finally:
        book.close()
    return FormImport(
        path=path,
        store_id=meta.store_id,
        round_id=meta.round_id,
        stage=meta.stage,
        person_id=meta.person_id,
        exported_at=meta.exported_at,
        entries=entries,
    )


def apply_form(store: Store, form: FormImport, *, overwrite: bool = False) -> FormApplied:
    """Store what the form changes, in one unit of work; unchanged records are not touched.

    Raises :class:`EditConflict`, writing nothing, when a record the form would
    change was changed in the store after the export, unless ``overwrite``. Records
    are read here and written by :meth:`ReviewService.save_all`, which checks each
    again inside its unit of work; the GUI runs both on its one store worker.
    """
    service = ReviewService(store)
    owner, rnd = service.owner(), service.round()
    if (form.store_id, form.round_id, form.stage, form.person_id) != (
        store.store_id,
        rnd.id,
        rnd.stage,
        owner.id,
    ):
        raise InputRefused(
            Text(
                "此表格不是为当前存储、轮次和阶段读取的，未导入任何内容；请重新读取表格。",
                "This form was not read for the current store, round and stage; nothing was "
                "imported. Read the form again.",
            )
        )
    proposed: list[tuple[FormEntry, ReviewRecord]] = []
    unchanged: list[FormDossier] = []
    stale: list[FormDossier] = []
    for entry in form.entries:
        current = service.record(entry.dossier.dossier_id)
        record = entry.applied_to(current)
        if not changes(current, record):
            unchanged.append(entry.dossier)
            continue
        # Any other time than the exported one means an edit since (clocks can go back).
        if current.updated_at != entry.exported_updated_at:
            stale.append(entry.dossier)
        proposed.append((entry, record))
    if stale and not overwrite:
        raise EditConflict(stale)
    service.save_all([record for _entry, record in proposed])
    return FormApplied(
        applied=tuple(entry.dossier for entry, _record in proposed),
        unchanged=tuple(unchanged),
        overwritten=tuple(stale),
    )


@contextlib.contextmanager
def _parsing(path: Path) -> Iterator[None]:
    """Whatever goes wrong reading the workbook's cells is a refusal, never a traceback."""
    try:
        yield
    except UserError:
        raise
    except Exception as exc:
        raise InputRefused(
            Text(
                f"评审表格 {path.name} 的内容无法读取（{type(exc).__name__}），未导入任何内容。",
                f"The content of the review form {path.name} cannot be read "
                f"({type(exc).__name__}); nothing was imported.",
            )
        ) from exc


def _not_ours(path: Path) -> InputRefused:
    return InputRefused(
        Text(
            f"{path.name} 不是本程序导出的评审表格（缺少隐藏的元数据工作表），无法确认它的来源，"
            "未导入任何内容。请用“导出评审表格”生成的文件填写。",
            f"{path.name} is not a review form exported by this program (its hidden metadata "
            "sheet is missing), so where it came from cannot be confirmed; nothing was "
            "imported. Fill in a form made with “Export review form”.",
        )
    )


def _check_origin(store: Store, owner: Person, rnd: Round, meta: FormMeta) -> None:
    """Refuse a form made for another store, round, stage or person, each in its own words."""
    if meta.store_id != store.store_id:
        raise InputRefused(
            Text(
                f"此表格是从另一个评审存储导出的（{meta.person_name}，{meta.round_name}），"
                "不能导入到这里，未导入任何内容。请在导出它的存储中导入。",
                f"This form was exported from another review store ({meta.person_name}, "
                f"{meta.round_name}) and cannot be imported here; nothing was imported. Import "
                "it into the store it came from.",
            )
        )
    if meta.round_id != rnd.id:
        raise InputRefused(
            Text(
                f"此表格属于另一个评审轮次（{meta.round_name}），当前存储的轮次是"
                f"“{rnd.name}”，未导入任何内容。",
                f"This form belongs to another round ({meta.round_name}); the store holds "
                f"“{rnd.name}”. Nothing was imported.",
            )
        )
    if meta.stage is not rnd.stage:
        raise InputRefused(
            Text(
                f"此表格是在{meta.stage.label}阶段导出的，当前为{rnd.stage.label}阶段，"
                "未导入任何内容。请重新导出表格。",
                f"This form was exported at the {meta.stage.value} stage, but the round is at "
                f"the {rnd.stage.value} stage; nothing was imported. Export the form again.",
            )
        )
    if meta.person_id != owner.id:
        raise InputRefused(
            Text(
                f"此表格属于评审专家 {meta.person_name}，而此存储属于 {owner.name}，未导入任何内容。",
                f"This form belongs to {meta.person_name}, but this store is {owner.name}'s; "
                "nothing was imported.",
            )
        )


def _header_problems(sheet: Any, layout: FormLayout) -> list[FormProblem]:
    problems = []
    for column in layout.columns:
        found = sheet.cell(row=HEADER_ROW, column=column.index).value
        if not same_header(found, column.header):
            problems.append(
                FormProblem(
                    Text(
                        f"表头应为“{column.header}”，而不是“{found or ''}”；"
                        "请勿插入、删除或移动列。",
                        f"the header should read “{column.header}”, not “{found or ''}”; do not "
                        "insert, delete or move columns.",
                    ),
                    SCORES_SHEET,
                    HEADER_ROW,
                    column.letter,
                )
            )
    return problems


def _seq(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None


def _identify(
    raw: object,
    number: int,
    exported: dict[int, MetaDossier],
    seen: dict[int, int],
    summaries: dict[str, DossierSummary],
) -> DossierSummary | Text:
    """The dossier a row is about, by its 序号, or why the row cannot be placed."""
    seq = _seq(raw)
    if seq is None or seq not in exported:
        what = "没有序号" if is_blank(raw) else f"序号“{raw}”"
        what_en = "no 序号" if is_blank(raw) else f"序号 “{raw}”"
        return Text(
            f"此行{what}，对应不到此表格导出的任何申报材料；请勿修改序号或添加行。",
            f"this row has {what_en}, which matches no dossier the form was exported with; "
            "do not change the numbers or add rows.",
        )
    if seq in seen:
        return Text(
            f"序号 {seq} 重复出现（另见第 {seen[seq]} 行）。",
            f"序号 {seq} appears twice (see also row {seen[seq]}).",
        )
    summary = summaries.get(exported[seq].dossier_id)
    if summary is None:
        return Text(
            f"序号 {seq} 的申报材料已不在您的评审任务中。",
            f"the dossier numbered {seq} is no longer among those assigned to you.",
        )
    return summary


def _read_scores(
    sheet: Any, layout: FormLayout, rnd: Round, meta: FormMeta, visible: list[DossierSummary]
) -> tuple[FormEntry, ...]:
    problems = _header_problems(sheet, layout)
    if problems:
        raise FormRefused(problems)  # with the columns moved, no cell can be trusted
    summaries = {s.id: s for s in visible}
    exported = {d.seq: d for d in meta.dossiers}
    last_row = sheet.max_row
    if last_row > FIRST_ROW + len(meta.dossiers) + _SPARE_ROWS:
        raise FormRefused(
            [
                FormProblem(
                    Text(
                        f"表格有 {last_row} 行，远多于导出的 {len(meta.dossiers)} 份申报材料；"
                        "请只保留导出的行。",
                        f"the sheet has {last_row} rows, far more than the "
                        f"{len(meta.dossiers)} dossiers exported; keep only the exported rows.",
                    )
                )
            ]
        )
    seq_column = layout.one(ColumnKind.SEQ)
    seen: dict[int, int] = {}
    entries: list[FormEntry] = []
    for cells in sheet.iter_rows(min_row=FIRST_ROW, max_row=last_row, max_col=layout.last.index):
        number, raw = cells[0].row, cells[seq_column.index - 1].value
        if is_blank(raw) and all(is_blank(cells[c.index - 1].value) for c in layout.inputs):
            continue  # an empty line
        found = _identify(raw, number, exported, seen, summaries)
        if isinstance(found, Text):
            problems.append(FormProblem(found, SCORES_SHEET, number, seq_column.letter))
            continue
        seen[found.seq] = number
        context = RowContext(
            scheme=rnd.scheme,
            stage=rnd.stage,
            layout=layout,
            dossier=FormDossier(found.id, found.seq, found.enterprise),
            exported=exported[found.seq],
            conflicted=found.status is DossierStatus.CONFLICT,
        )
        entry, cell_problems = read_row(tuple(cells), context)
        problems.extend(cell_problems)
        entries.append(entry)
    for seq, d in exported.items():
        if seq not in seen:
            name = summaries[d.dossier_id].enterprise if d.dossier_id in summaries else "?"
            problems.append(
                FormProblem(
                    Text(
                        f"缺少序号 {seq}（{name}）的行；请勿删除行或修改序号。",
                        f"the row of 序号 {seq} ({name}) is missing; do not delete rows or "
                        "change the numbers.",
                    )
                )
            )
    if problems:
        raise FormRefused(problems)
    return tuple(entries)


__all__ = ["apply_form", "read_form"]
