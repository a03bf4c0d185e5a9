"""The application form (申报书 / 申报信息表) as a text PDF made with reportlab.

Real forms are filled online and printed to PDF, so their text can be extracted; the demo embeds
the bundled CJK TrueType font (reportlab cannot embed CFF outlines) so the text survives.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.demo.manifest import SummaryRow
from app.demo.prose_model import YEARS, EnterpriseProfile, Metrics
from app.printed import cjk_font, escaped

_WIDTH = A4[0] - 40 * mm

PLEDGE = (
    "本单位郑重承诺：所提交的申报材料及证实性材料真实、准确、完整，不涉及国家秘密和商业秘密；"
    "本单位具有独立法人资格，近三年连续盈利，在质量、诚信、安全、环保等方面无违法违规行为和不良记录；"
    "申报的管理方法（技术）已在本单位成熟应用；在不涉及商业秘密的情况下，愿意积极参与质量标杆"
    "典型经验的分享交流活动。如有不实，本单位愿意承担由此产生的一切责任。"
)


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    base = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=13),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", parent=base, fontSize=12, leading=18, alignment=TA_CENTER),
        "h": ParagraphStyle("h", parent=base, fontSize=12.5, leading=20, spaceBefore=6),
    }


def _grid(
    rows: list[list[Any]],
    widths: list[float],
    spans: list[tuple[int, int, int]],
    *,
    shade: bool = True,
) -> Table:
    """A ruled table; ``spans`` are (row, first column, last column) merges."""
    style = _styles()["cell"]
    cells = [
        [Paragraph(escaped(v), style) if isinstance(v, str) else v for v in row] for row in rows
    ]
    table = Table(cells, colWidths=[w * _WIDTH for w in widths])
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if shade:
        commands.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2")))
    commands += [("SPAN", (c0, r), (c1, r)) for r, c0, c1 in spans]
    table.setStyle(TableStyle(commands))
    return table


def _para(text: str, style: str) -> Paragraph:
    return Paragraph(escaped(text), _styles()[style])


def _footer(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(cjk_font(), 9)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc.page} —")
    canvas.restoreState()


def application_pdf_bytes(
    row: SummaryRow,
    profile: EnterpriseProfile,
    metrics: Metrics,
    abstract: list[str],
    evidence: list[str],
) -> bytes:
    """A three-page A4 form: basics and contacts, the method summary, the pledge and opinion."""
    profits = [f"{p:.2f}" for p in row.profits]
    basics = _grid(
        [
            ["单位名称", row.name, "", ""],
            ["统一社会信用代码", row.uscc, "单位性质", profile.ownership],
            ["成立时间", f"{profile.founded}年", "从业人员", f"{profile.staff}人"],
            ["注册地址", profile.city, "", ""],
            ["所属行业", row.industry, "行业代码", row.code],
            ["推荐单位", row.unit, "聚焦领域", row.focus],
            ["典型经验名称", row.title, "", ""],
            ["主要方法（技术）", profile.method, "", ""],
            [f"{YEARS[-1]}年营业收入", f"{profile.revenue}亿元", "", ""],
            *([f"{y}年利润总额", f"{p}万元", "", ""] for y, p in zip(YEARS, profits, strict=True)),
        ],
        [0.2, 0.32, 0.16, 0.32],
        [(0, 1, 3), (3, 1, 3), (6, 1, 3), (7, 1, 3), (8, 1, 3), (9, 1, 3), (10, 1, 3), (11, 1, 3)],
    )
    contact = _grid(
        [
            ["联系人", row.contact, "职务", "质量管理部部长"],
            ["联系电话", row.phone, "电子邮箱", f"quality.{profile.key}@example.com"],
            ["通讯地址", profile.city, "", ""],
        ],
        [0.2, 0.32, 0.16, 0.32],
        [(2, 1, 3)],
    )
    indicators = _grid(
        [list(metrics.header()), *map(list, metrics.rows())],
        [0.28, 0.24, 0.24, 0.24],
        [],
        shade=False,
    )
    story: list[Any] = [
        _para(f"{YEARS[-1] + 1}年度质量标杆申报信息表", "title"),
        _para("（申报书）", "sub"),
        Spacer(1, 6 * mm),
        _para("一、申报单位基本信息", "h"),
        basics,
        _para("二、联系方式", "h"),
        contact,
        PageBreak(),
        _para("三、典型经验简介", "h"),
        *(_para(text, "body") for text in abstract),
        _para("四、近三年主要质量指标", "h"),
        indicators,
        _para("五、证实性材料清单", "h"),
        *(_para(f"{i}. {name}", "body") for i, name in enumerate(evidence, start=1)),
        PageBreak(),
        _para("六、申报单位承诺", "h"),
        _para(PLEDGE, "body"),
        Spacer(1, 14 * mm),
        _para("单位负责人（签字）：　　　　　　　　申报单位（盖章）", "body"),
        _para(f"{YEARS[-1] + 1}年　　月　　日", "body"),
        Spacer(1, 10 * mm),
        _para("七、推荐单位意见", "h"),
        _grid(
            [[f"经审核，{row.name}符合质量标杆申报条件，材料真实，同意推荐。"]],
            [1.0],
            [],
            shade=False,
        ),
        Spacer(1, 8 * mm),
        _para(f"推荐单位（盖章）：{row.unit}", "body"),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=f"{row.name}质量标杆申报书",
        author=row.name,
        invariant=True,
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
