"""The summary table (汇总表.xlsx) of a batch, laid out as docs/batch-format.md describes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.demo.prose_model import YEARS

FIXED_TIME = datetime(2024, 2, 26, 9, 30)
MANIFEST_HEADERS = (
    "序号",
    "企业名称",
    "统一社会信用代码",
    "推荐单位",
    "推荐单位开展本地区活动",
    "所属行业",
    "行业代码",
    "聚焦领域",
    "典型经验名称",
    *(f"{year}年利润总额（万元）" for year in YEARS),
    "联系人",
    "联系电话",
)


@dataclass(frozen=True)
class SummaryRow:
    """One enterprise's row in 汇总表.xlsx, exactly as the batch presents it."""

    seq: int
    name: str
    uscc: str
    unit: str
    unit_activity: bool
    industry: str
    code: str
    focus: str
    title: str
    profits: tuple[float, float, float]
    contact: str
    phone: str

    def cells(self) -> tuple[object, ...]:
        """The row's values in :data:`MANIFEST_HEADERS` order."""
        activity = "是" if self.unit_activity else "否"
        return (
            self.seq,
            self.name,
            self.uscc,
            self.unit,
            activity,
            self.industry,
            self.code,
            self.focus,
            self.title,
            *self.profits,
            self.contact,
            self.phone,
        )


def write_manifest_xlsx(path: Path, rows: list[SummaryRow], *, title: str) -> None:
    """汇总表.xlsx: a merged title row, the header row, then one row per enterprise."""
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总表"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(MANIFEST_HEADERS))
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(list(MANIFEST_HEADERS))
    for cell in ws[2]:
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(list(row.cells()))
    widths = (6, 36, 22, 18, 12, 24, 10, 20, 48, 14, 14, 14, 10, 16)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=2, column=index).column_letter].width = width
    wb.properties.creator = "质量标杆推荐工作办公室"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(path)
