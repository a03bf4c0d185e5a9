"""The shapes the demo prose is composed into: profiles, method texts and finished summaries.

Kept apart from the text itself so that the Word and PDF builders depend on small typed records
and not on how the Chinese was put together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

YEARS = (2021, 2022, 2023)
SECTION_HEADINGS = ("一、摘要", "二、企业概况", "三、推进和应用情况", "四、实施效果")


def para(text: str) -> str:
    """One paragraph from a source block wrapped over several lines (newlines are not text)."""
    return "".join(line.strip() for line in text.strip().splitlines())


@dataclass(frozen=True)
class MetricSpec:
    """The three indicators an enterprise reports: one higher-is-better rate, two lower."""

    rate: str = "一次交检合格率"
    loss: str = "质量损失率"
    count: str = "客户投诉数"
    count_unit: str = "件"
    rate_start: float = 97.2


@dataclass(frozen=True)
class EnterpriseProfile:
    """A fictional enterprise: everything the summary table, the form and the prose need."""

    key: str
    name: str
    short: str
    province: str
    city: str
    division: str
    org_digits: str
    founded: int
    ownership: str
    history: str
    area: float
    staff: int
    industry: str
    code: str
    focus: str
    method: str
    start: int
    products: str
    product: str
    process: str
    applications: str
    customers: str
    lab: str
    value: str
    vision: str
    honours: str
    revenue: float
    profits: tuple[float, float, float]
    contact: str
    phone: str
    position: str = "国家高新技术企业"
    metrics: MetricSpec = field(default_factory=MetricSpec)


@dataclass(frozen=True)
class MethodText:
    """The method-specific prose of one quality method (典型方法技术), as format templates."""

    name: str
    practice: str  # how the shared prose names it: "推进质量管理数字化", "通过零缺陷管理…"
    titles: tuple[str, ...]
    abstract: tuple[str, ...]
    feature: str
    background: str
    goals: str
    organisation: str
    steps: tuple[str, ...]
    case: tuple[str, ...]
    highlights: str
    lessons: str
    effect: str


@dataclass(frozen=True)
class Para:
    """A body paragraph."""

    text: str


@dataclass(frozen=True)
class SubHeading:
    """A second-level heading such as （一）推进背景与目标."""

    text: str


@dataclass(frozen=True)
class DataTable:
    """A table with its caption (附表标题 above the table)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Para | SubHeading | DataTable


@dataclass(frozen=True)
class Section:
    """One of the four top-level sections of a 典型经验材料."""

    heading: str
    blocks: tuple[Block, ...]

    def body_text(self) -> str:
        """All text under the heading, tables included, as the formal review counts it."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, DataTable):
                parts.append(block.caption)
                parts.extend("".join(row) for row in (block.header, *block.rows))
            else:
                parts.append(block.text)
        return "".join(parts)


@dataclass(frozen=True)
class Experience:
    """A complete typical-experience summary ready to be written as Word."""

    title: str
    sections: tuple[Section, ...]

    def section(self, heading: str) -> Section | None:
        """The section whose heading contains ``heading``, if present."""
        return next((s for s in self.sections if heading in s.heading), None)


@dataclass(frozen=True)
class Metrics:
    """Three years of an enterprise's indicators with the industry average and a benchmark."""

    spec: MetricSpec
    rate: tuple[float, float, float]
    loss: tuple[float, float, float]
    count: tuple[int, int, int]
    avg: tuple[float, float, int]
    benchmark: tuple[float, float, int]

    def header(self) -> tuple[str, ...]:
        """Column headings of the data table (年度 then the three indicators with units)."""
        unit = self.spec.count_unit
        return (
            "年度",
            f"{self.spec.rate}（%）",
            f"{self.spec.loss}（%）",
            f"{self.spec.count}（{unit}）",
        )

    def rows(self) -> tuple[tuple[str, ...], ...]:
        """One row per year, then 行业平均 and 标杆企业 for the latest year."""
        rows = [
            (f"{year}年", f"{r:.2f}", f"{lo:.2f}", str(c))
            for year, r, lo, c in zip(YEARS, self.rate, self.loss, self.count, strict=True)
        ]
        rows.append(
            (
                f"行业平均（{YEARS[-1]}年）",
                f"{self.avg[0]:.2f}",
                f"{self.avg[1]:.2f}",
                str(self.avg[2]),
            )
        )
        bench = self.benchmark
        rows.append(
            (f"标杆企业（{YEARS[-1]}年）", f"{bench[0]:.2f}", f"{bench[1]:.2f}", str(bench[2]))
        )
        return tuple(rows)
