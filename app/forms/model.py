"""What exporting and importing an offline form hand back, and how an import is refused.

Plain frozen data, so the GUI can show a result or a refusal from any thread, and
the command line can print it as text or JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from app.errors import InputRefused, Lang, Text
from app.forms.layout import SCORES_SHEET, printable
from app.models.round import Stage
from app.scoring.record import ReviewRecord

# An expert reads problems in a list; past this many the rest are counted, not listed.
LISTED_PROBLEMS = 30


@dataclass(frozen=True)
class FormDossier:
    """A dossier as the form's messages name it: 序号 and enterprise."""

    dossier_id: str
    seq: int
    enterprise: str

    @property
    def label(self) -> Text:
        return Text(f"序号 {self.seq}（{self.enterprise}）", f"No. {self.seq} ({self.enterprise})")

    def to_json(self) -> dict[str, Any]:
        return {"dossier_id": self.dossier_id, "seq": self.seq, "enterprise": self.enterprise}


@dataclass(frozen=True)
class ExportedForm:
    """A form written to disk."""

    path: Path
    dossiers: int
    conflicted: int
    exported_at: datetime

    @property
    def message(self) -> Text:
        return Text(
            f"已导出评审表格：{self.path}（{self.dossiers} 份申报材料，其中回避 {self.conflicted} 份）。"
            "此文件未加密，请妥善保管；填写后导入工作站即可（qbr form import）。",
            f"Exported the review form {self.path} ({self.dossiers} dossiers, "
            f"{self.conflicted} under a conflict). The file is not encrypted: keep it safe; "
            "once filled in, import it into the workstation (qbr form import).",
        )


@dataclass(frozen=True)
class FormProblem:
    """One thing wrong with the form, at a cell when it is a cell's fault."""

    reason: Text
    sheet: str = SCORES_SHEET
    row: int | None = None
    column: str | None = None

    @property
    def cell(self) -> str | None:
        return None if self.row is None or self.column is None else f"{self.column}{self.row}"

    @property
    def text(self) -> Text:
        if self.row is not None and self.column is not None:
            where = Text(
                f"工作表“{self.sheet}”第 {self.row} 行 {self.column} 列",
                f"Sheet “{self.sheet}”, row {self.row}, column {self.column}",
            )
        elif self.row is not None:
            where = Text(
                f"工作表“{self.sheet}”第 {self.row} 行", f"Sheet “{self.sheet}”, row {self.row}"
            )
        else:
            where = Text(f"工作表“{self.sheet}”", f"Sheet “{self.sheet}”")
        return Text(f"{where.zh}：{self.reason.zh}", f"{where.en}: {self.reason.en}")

    def to_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "message": self.text.render(lang),
        }


def _listed(lines: Sequence[Text]) -> Text:
    shown = [f"{n}. " for n in range(1, min(len(lines), LISTED_PROBLEMS) + 1)]
    zh = [p + t.zh for p, t in zip(shown, lines, strict=False)]
    en = [p + t.en for p, t in zip(shown, lines, strict=False)]
    if len(lines) > LISTED_PROBLEMS:
        rest = len(lines) - LISTED_PROBLEMS
        zh.append(f"……另有 {rest} 处问题。")
        en.append(f"… and {rest} more.")
    return Text("\n".join(zh), "\n".join(en))


class FormRefused(InputRefused):
    """The form has problems: every one is listed, and nothing was imported."""

    def __init__(self, problems: Sequence[FormProblem]) -> None:
        self.problems = tuple(problems)
        listed = _listed([p.text for p in self.problems])
        super().__init__(
            Text(
                f"评审表格中有 {len(self.problems)} 处问题，未导入任何内容：\n{listed.zh}",
                f"The review form has {len(self.problems)} problem(s); nothing was imported:\n"
                f"{listed.en}",
            )
        )


class EditConflict(InputRefused):
    """Dossiers changed in the store since the form was exported, and the form would change them.

    Importing anyway would silently undo those later edits, so it takes an explicit
    ``overwrite`` (HotCRP's rule for offline review forms).
    """

    def __init__(self, dossiers: Sequence[FormDossier]) -> None:
        self.dossiers = tuple(dossiers)
        names = self.listing
        super().__init__(
            Text(
                "导出此表格之后，以下申报材料在工作站中又有修改，导入会以表格内容覆盖这些修改：\n"
                f"{names.zh}\n未导入任何内容。如确认以表格为准，请选择覆盖（命令行加 --overwrite）；"
                "否则请重新导出表格，再填写。",
                "These dossiers changed in the workstation after the form was exported, and "
                f"importing would overwrite those changes with the form:\n{names.en}\n"
                "Nothing was imported. To let the form win, choose to overwrite (--overwrite on "
                "the command line); otherwise export a fresh form and fill that in.",
            )
        )

    @property
    def listing(self) -> Text:
        """The dossiers concerned, one per line (for a prompt that asks what to do)."""
        return _listed([d.label for d in self.dossiers])


def _frozen(mapping: Mapping[str, object]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class FormEntry:
    """What the form says about one dossier: only the fields it sets or clears.

    A field the form leaves alone is absent, so the store's value stands: a score
    mapped to ``None`` and a comment mapped to ``""`` are cleared.
    """

    dossier: FormDossier
    exported_updated_at: datetime | None  # the record's time when the form was made
    scores: Mapping[str, Decimal | None] = field(default_factory=dict)
    pair_comments: Mapping[str, str] = field(default_factory=dict)
    overall_comment: str | None = None
    recommendation: bool | None = None
    sets_recommendation: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", _frozen(self.scores))
        object.__setattr__(self, "pair_comments", _frozen(self.pair_comments))

    def applied_to(self, record: ReviewRecord) -> ReviewRecord:
        """``record`` with what the form says; the rest (private notes too) as it was.

        Text the worksheet could not hold was stripped on export; coming back that way
        it means "unchanged", not "edited".
        """
        for aspect_key, value in self.scores.items():
            record = record.with_score(aspect_key, value)
        for pair_key, text in self.pair_comments.items():
            if text != printable(record.pair_comments.get(pair_key, "")):
                record = record.with_comment(pair_key, text)
        if self.overall_comment is not None and self.overall_comment != printable(
            record.overall_comment
        ):
            record = record.with_comment(None, self.overall_comment)
        if self.sets_recommendation:
            record = record.with_recommendation(self.recommendation)
        return record


@dataclass(frozen=True)
class FormImport:
    """A form read and checked against the store, ready to apply."""

    path: Path
    store_id: str
    round_id: str
    stage: Stage
    person_id: str
    exported_at: datetime
    entries: tuple[FormEntry, ...]


@dataclass(frozen=True)
class FormApplied:
    """What an import did: dossiers whose records changed, those left as they were."""

    applied: tuple[FormDossier, ...]
    unchanged: tuple[FormDossier, ...]
    overwritten: tuple[FormDossier, ...] = ()  # changed since export, and overwritten

    @property
    def message(self) -> Text:
        if not self.applied:
            return Text(
                "表格与工作站中的内容一致，没有需要导入的修改。",
                "The form matches the workstation; there was nothing to import.",
            )
        names = "、".join(d.label.zh for d in self.applied)
        names_en = "; ".join(d.label.en for d in self.applied)
        text = Text(
            f"已导入 {len(self.applied)} 份申报材料的评审意见：{names}。"
            f"另有 {len(self.unchanged)} 份没有修改。",
            f"Imported the review of {len(self.applied)} dossier(s): {names_en}. "
            f"{len(self.unchanged)} were unchanged.",
        )
        if self.overwritten:
            text = Text(
                text.zh + f"其中 {len(self.overwritten)} 份覆盖了导出后在工作站中的修改。",
                text.en + f" {len(self.overwritten)} overwrote changes made after the export.",
            )
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": True,
            "applied": [d.to_json() for d in self.applied],
            "unchanged": [d.to_json() for d in self.unchanged],
            "overwritten": [d.to_json() for d in self.overwritten],
            "problems": [],
        }
