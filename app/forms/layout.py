"""Where everything sits in the offline form (评审表格), shared by its writer and its reader.

The reader never guesses: it expects exactly the columns this layout gives for the
round's scheme and stage, and refuses a form whose header row says otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from app.models.round import Stage
from app.models.scheme import Scheme

FORM_FORMAT = "qbr-form/1"
SCORES_SHEET = "评分"
GUIDE_SHEET = "说明"
META_SHEET = "qbr-meta"
TITLE_ROW = 1
HEADER_ROW = 2
FIRST_ROW = 3
CONFLICT_MARK = "回避"
YES, NO = "是", "否"


class ColumnKind(StrEnum):
    """What a column of the 评分 sheet holds, and so whether the expert may fill it in."""

    SEQ = "seq"
    ENTERPRISE = "enterprise"
    TITLE = "title"
    SCORE = "score"
    SUBTOTAL = "subtotal"
    TOTAL = "total"
    RECOMMENDATION = "recommendation"
    OVERALL = "overall"
    PAIR_COMMENT = "pair_comment"

    @property
    def is_input(self) -> bool:
        return self in _INPUT


_INPUT = frozenset(
    {ColumnKind.SCORE, ColumnKind.RECOMMENDATION, ColumnKind.OVERALL, ColumnKind.PAIR_COMMENT}
)


@dataclass(frozen=True)
class Column:
    """One column of the 评分 sheet; ``subject`` is its aspect or criterion pair key."""

    index: int  # 1-based, as openpyxl counts
    kind: ColumnKind
    header: str
    width: float
    subject: str | None = None

    @property
    def letter(self) -> str:
        return str(get_column_letter(self.index))

    @property
    def key(self) -> str:
        """A stable name for the column, as the metadata sheet records filled cells."""
        return self.kind.value if self.subject is None else f"{self.kind.value}:{self.subject}"


@dataclass(frozen=True)
class FormLayout:
    """The 评分 sheet's columns for one scheme and stage."""

    columns: tuple[Column, ...]

    def of_kind(self, kind: ColumnKind) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind is kind)

    def one(self, kind: ColumnKind) -> Column:
        (found,) = self.of_kind(kind)
        return found

    def score(self, aspect_key: str) -> Column:
        return next(c for c in self.of_kind(ColumnKind.SCORE) if c.subject == aspect_key)

    @property
    def inputs(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind.is_input)

    @property
    def last(self) -> Column:
        return self.columns[-1]


def points_text(points: Decimal) -> str:
    """Points as people write them: "15", "12.5"."""
    return format(points.normalize(), "f")


def form_layout(scheme: Scheme, stage: Stage) -> FormLayout:
    """The columns: who, the scores, what the formulas add up, then the verdict and the words.

    Aspects follow the scheme's order, so each criterion pair's aspects are adjacent
    and its subtotal formula is one range.
    """
    specs: list[tuple[ColumnKind, str, float, str | None]] = [
        (ColumnKind.SEQ, "序号", 6, None),
        (ColumnKind.ENTERPRISE, "企业名称", 24, None),
        (ColumnKind.TITLE, "典型经验名称", 30, None),
    ]
    for aspect in scheme.aspects:
        header = f"{aspect.name}（{points_text(aspect.points)}分）"
        specs.append((ColumnKind.SCORE, header, 11, aspect.key))
    for pair in scheme.pairs:
        header = f"{pair.name}小计（{points_text(pair.points)}分）"
        specs.append((ColumnKind.SUBTOTAL, header, 13, pair.key))
    specs.append((ColumnKind.TOTAL, f"总分（{points_text(scheme.total)}分）", 10, None))
    specs.append((ColumnKind.RECOMMENDATION, f"{stage.recommendation}（{YES}/{NO}）", 13, None))
    specs.append((ColumnKind.OVERALL, "总体评语（必填）", 48, None))
    for pair in scheme.pairs:
        specs.append((ColumnKind.PAIR_COMMENT, f"{pair.name}评语（选填）", 34, pair.key))
    return FormLayout(
        tuple(
            Column(index, kind, header, width, subject)
            for index, (kind, header, width, subject) in enumerate(specs, start=1)
        )
    )


def same_header(found: object, expected: str) -> bool:
    """Whether a header cell still says what was exported (spacing and width aside)."""
    if not isinstance(found, str):
        return False
    squeeze = re.compile(r"\s+")
    normal = unicodedata.normalize
    return squeeze.sub("", normal("NFKC", found)) == squeeze.sub("", normal("NFKC", expected))


def step_multiplier(step: Decimal) -> int | None:
    """How many steps make one point (2 for 0.5), or ``None`` when that is not whole."""
    per_point = Decimal(1) / step
    return int(per_point) if per_point == per_point.to_integral_value() else None


def step_formula(cell: str, step: Decimal) -> str:
    """An Excel test that ``cell`` is on the scheme's step (data validation has no step)."""
    multiplier = step_multiplier(step)
    if multiplier == 1:
        return f"MOD({cell},1)=0"
    if multiplier is not None:
        return f"MOD({cell}*{multiplier},1)=0"
    step_text = points_text(step)
    return f"ABS({cell}/{step_text}-ROUND({cell}/{step_text},0))<0.000001"


def printable(text: str) -> str:
    """Text as a worksheet can hold it: control characters other than tab and newline go."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))
