"""The score sheet (评分表) as a printable A4 PDF.

People read, print and file this page; the leader's app reads the embedded data. Both
come from one :class:`ScoreSheet`, so they cannot say different things. The bundled CJK
font is embedded, so the sheet looks the same on every machine. The last page keeps a
clear box where the visible signature goes; its position is returned for the signer.
"""

from __future__ import annotations

import functools
from datetime import datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.models.round import Stage
from app.models.scheme import Scheme, scheme_from_dict
from app.printed import (
    NumberedCanvas,
    RenderedPdf,
    SignatureSpace,
    build_pdf,
    cjk_font,
    escaped,
    page_number,
)
from app.sheets.payload import GENESIS, ScoreSheet, SheetEntry

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
FOOTER_Y = 10 * mm
SIGNATURE_SIZE = (250.0, 62.0)
DRAFT_NOTICE = "未签名草稿 · 不能作为正式评分表"
GREY = colors.HexColor("#F2F2F2")


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=cjk_font(), fontSize=10, leading=15, wordWrap="CJK")
    return {
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12.5),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER),
        "h": ParagraphStyle("h", parent=base, fontSize=12, leading=18, spaceBefore=10),
        "label": ParagraphStyle(
            "label", parent=base, fontSize=9, leading=13, spaceBefore=4, textColor=colors.dimgrey
        ),
        "comment": ParagraphStyle("comment", parent=base, fontSize=9.5, leading=14, leftIndent=12),
        "draft": ParagraphStyle(
            "draft", parent=base, fontSize=11, alignment=TA_CENTER, textColor=colors.red
        ),
    }


def _esc(text: str) -> str:
    """Text made safe for reportlab's paragraph markup, line breaks kept."""
    return escaped(text).replace("\n", "<br/>")


def _p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(_esc(text), _styles()[style])


def number(value: Decimal | None) -> str:
    """A score as people write it: "12.5", "10"; a dash when there is none."""
    return "—" if value is None else format(value.normalize(), "f")


def local_time(iso: str) -> str:
    """An ISO time shown in this computer's time zone, with the offset."""
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return moment.strftime("%Y-%m-%d %H:%M:%S (UTC%z)")


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else ("是" if value else "否")


def _table(rows: list[list[Any]], widths: list[float], extra: list[tuple[Any, ...]]) -> Table:
    cells = [[_p(v) if isinstance(v, str) else v for v in row] for row in rows]
    # splitInRow: a comment longer than a page continues on the next one.
    table = Table(cells, colWidths=[w * WIDTH for w in widths], repeatRows=0, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                *extra,
            ]
        )
    )
    return table


class _LabelledSpace(SignatureSpace):
    """The sheet's signature room: blank for the stamp, or ruled and labelled on a draft."""

    def __init__(self, label: str | None) -> None:
        super().__init__(*SIGNATURE_SIZE)
        self.label = label  # ``None``: leave it blank, the signature's stamp fills it

    def mark(self) -> None:
        if self.label is None:
            return
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.grey)
        canvas.setDash(2, 2)
        canvas.rect(0, 0, self.width, self.height)
        canvas.setFont(cjk_font(), 9)
        canvas.setFillColor(colors.grey)
        canvas.drawCentredString(self.width / 2, self.height / 2 - 3, self.label)
        canvas.restoreState()


class _SheetCanvas(NumberedCanvas):
    """Only "page x of y" here: the header is drawn per page by :func:`_decorate`."""

    def finish_page(self, page: int, total: int) -> None:
        self.setFont(cjk_font(), 8)
        self.setFillColor(colors.black)
        self.drawRightString(A4[0] - MARGIN, FOOTER_Y, page_number(page, total))


def _decorate(sheet: ScoreSheet, stage: Stage) -> Any:
    """Header and (for a draft) the watermark, drawn beneath each page's content."""
    revision = "未签名草稿" if sheet.draft else f"修订第 {sheet.revision} 版"

    def on_page(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        if sheet.draft:
            canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.13))
            canvas.setFont(cjk_font(), 150)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -50, "草稿")
            canvas.rotate(-45)
            canvas.translate(-A4[0] / 2, -A4[1] / 2)
            canvas.setFillColor(colors.red)
            canvas.setFont(cjk_font(), 10)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 10 * mm, DRAFT_NOTICE)
        canvas.setFillColor(colors.black)
        canvas.setFont(cjk_font(), 8)
        top = A4[1] - MARGIN + 4 * mm
        canvas.drawString(MARGIN, top, f"质量标杆评审 · 评分表（{stage.label}）")
        canvas.drawRightString(A4[0] - MARGIN, top, f"{sheet.expert_name[:16]} · {revision}")
        canvas.setFont(cjk_font(), 7)
        canvas.drawString(MARGIN, FOOTER_Y, f"评分表编号 {sheet.sheet_id}")
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, top - 2 * mm, A4[0] - MARGIN, top - 2 * mm)
        canvas.restoreState()

    return on_page


def _header(sheet: ScoreSheet, stage: Stage, content_hash: str | None) -> list[Any]:
    styles = _styles()
    out: list[Any] = [Paragraph(f"评分表（{stage.label}）", styles["title"])]
    if sheet.draft:
        out.append(Paragraph(DRAFT_NOTICE, styles["draft"]))
    out.append(Spacer(1, 4 * mm))
    previous = "无（首版）" if sheet.prev_hash == GENESIS else sheet.prev_hash
    rows = [
        ["评审轮次", f"{sheet.round_name}（{sheet.year} 年）"],
        ["评审阶段", stage.label],
        ["专业组", sheet.group_name],
        ["评审专家", f"{sheet.expert_name}（{sheet.organisation}）"],
        ["评分表编号", sheet.sheet_id],
        ["修订版本", "草稿（未签名）" if sheet.draft else f"第 {sheet.revision} 版"],
        ["上一版本哈希", previous],
    ]
    if content_hash is not None:
        rows.append(["本版内容哈希", content_hash])
    rows += [["审计日志链头", sheet.audit_head], ["导出时间", local_time(sheet.exported_at)]]
    out.append(_table(rows, [0.2, 0.8], [("BACKGROUND", (0, 0), (0, -1), GREY)]))
    return out


def _overview(sheet: ScoreSheet, scheme: Scheme, stage: Stage) -> list[Any]:
    """All dossiers at a glance: pair subtotals, total, recommendation."""
    head = ["序号", "企业名称", *[p.name for p in scheme.pairs], "总分", stage.recommendation]
    rows: list[list[Any]] = [head]
    spans: list[tuple[Any, ...]] = []
    for entry in sheet.entries:
        if entry.conflict:
            rows.append(
                [str(entry.seq), entry.enterprise, "回避（不评分）"] + [""] * (len(head) - 3)
            )
            spans.append(("SPAN", (2, len(rows) - 1), (-1, len(rows) - 1)))
            continue
        subtotals = [number(entry.subtotals.get(p.key)) for p in scheme.pairs]
        rows.append(
            [
                str(entry.seq),
                entry.enterprise,
                *subtotals,
                number(entry.total),
                _yes_no(entry.recommendation),
            ]
        )
    pair_width = 0.36 / max(len(scheme.pairs), 1)
    widths = [0.07, 0.33, *[pair_width] * len(scheme.pairs), 0.09, 0.15]
    style = [("BACKGROUND", (0, 0), (-1, 0), GREY), *spans]
    return [Paragraph("评分汇总", _styles()["h"]), _table(rows, widths, style)]


def _scores(entry: SheetEntry, scheme: Scheme, stage: Stage) -> Table:
    """The six aspects grouped by criterion pair, with pair subtotals and the total."""
    rows: list[list[Any]] = [["评价准则", "评分要素", "分值", "得分", "小计"]]
    style: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), GREY)]
    for pair in scheme.pairs:
        first = len(rows)
        for index, aspect in enumerate(pair.aspects):
            rows.append(
                [
                    f"{pair.name}（{number(pair.points)} 分）" if index == 0 else "",
                    aspect.name,
                    number(aspect.points),
                    number(entry.scores.get(aspect.key)),
                    number(entry.subtotals.get(pair.key)) if index == 0 else "",
                ]
            )
        last = len(rows) - 1
        style += [("SPAN", (0, first), (0, last)), ("SPAN", (4, first), (4, last))]
    rows.append(["总分", "", number(scheme.total), number(entry.total), ""])
    rows.append([stage.recommendation, "", "", _yes_no(entry.recommendation), ""])
    end = len(rows) - 1
    style += [
        ("SPAN", (0, end - 1), (1, end - 1)),
        ("SPAN", (0, end), (2, end)),
        ("SPAN", (3, end), (4, end)),
        ("SPAN", (3, end - 1), (4, end - 1)),
        ("BACKGROUND", (0, end - 1), (-1, end), GREY),
    ]
    return _table(rows, [0.3, 0.2, 0.14, 0.18, 0.18], style)


def _entry(entry: SheetEntry, scheme: Scheme, stage: Stage) -> list[Any]:
    styles = _styles()
    heading = Paragraph(_esc(f"序号 {entry.seq}　{entry.enterprise}"), styles["h"])
    title = _p(f"典型经验：{entry.title}", "body")
    if entry.conflict:
        notice = _p(
            "回避：评审专家对此申报材料声明回避，不评分、不写评语、不给出推荐意见。", "body"
        )
        return [KeepTogether([heading, title, notice])]
    out: list[Any] = [
        KeepTogether([heading, title, Spacer(1, 2 * mm), _scores(entry, scheme, stage)])
    ]
    out.append(Spacer(1, 2 * mm))
    for pair in scheme.pairs:
        text = entry.pair_comments.get(pair.key, "")
        if text.strip():
            out.append(KeepTogether([_p(f"{pair.name}评语", "label"), _p(text, "comment")]))
    out.append(KeepTogether([_p("总体评语", "label"), _p(entry.overall_comment or "—", "comment")]))
    if entry.citations:
        out.append(_p("引用的证据页", "label"))
        for number_, c in enumerate(entry.citations, start=1):
            quote = f"：“{c.quote}”" if c.quote else ""
            out.append(_p(f"{number_}. {c.document} 第 {c.page} 页{quote}", "comment"))
    return out


def _closing(sheet: ScoreSheet) -> tuple[list[Any], SignatureSpace]:
    styles = _styles()
    if sheet.draft:
        statement = "本文件为未签名草稿，仅供核对，不能作为正式评分表提交。"
        space = _LabelledSpace("未签名草稿")
    else:
        statement = (
            "本人确认以上评分、评语和推荐意见由本人独立作出。本评分表以本人在本轮评审中的证书"
            "进行电子签名，签名覆盖全部内容及内嵌的评分数据；签名后的任何改动都会使签名失效。"
        )
        space = _LabelledSpace(None)
    block = KeepTogether(
        [
            Paragraph("评审专家确认", styles["h"]),
            _p(statement, "body"),
            Spacer(1, 4 * mm),
            _p(f"评审专家：{sheet.expert_name}　　单位：{sheet.organisation}", "body"),
            Spacer(1, 3 * mm),
            space,
        ]
    )
    return [block], space


def render_sheet(sheet: ScoreSheet, *, content_hash: str | None = None) -> RenderedPdf:
    """Lay the sheet out on A4 pages; ``content_hash`` is printed when given (signed sheets)."""
    scheme = scheme_from_dict(dict(sheet.scheme))
    stage = Stage(sheet.stage)
    story: list[Any] = [*_header(sheet, stage, content_hash), *_overview(sheet, scheme, stage)]
    for entry in sheet.entries:
        story += _entry(entry, scheme, stage)
    closing, space = _closing(sheet)
    story += closing
    return build_pdf(
        story,
        space,
        page=A4,
        margin=MARGIN,
        header_room=4 * mm,
        canvas=_SheetCanvas,
        on_page=_decorate(sheet, stage),
        title=f"评分表 · {sheet.expert_name} · {stage.label}",
        author=sheet.expert_name,
        subject=sheet.sheet_id,
        creator="质量标杆评审工作站",
    )


__all__ = ["DRAFT_NOTICE", "local_time", "number", "render_sheet"]
