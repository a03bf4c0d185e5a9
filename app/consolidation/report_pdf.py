"""The group report as a printable PDF (专业组评审汇总表), ready for the leader's signature.

A4 landscape so the members' totals fit side by side. The bundled CJK font is embedded,
so the chair and the office read the same glyphs on any machine. The last page keeps an
empty box for the visible signature; :func:`render_report_pdf` says where it landed so
the signing step can put the stamp exactly there.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.consolidation.report import GroupReport
from app.consolidation.report_rows import (
    aids_text,
    dropped_members,
    member_text,
    missing_text,
    rule_text,
    shortlist_cell,
    shortlist_note,
    when,
)
from app.consolidation.table import DossierLine, GroupTable
from app.printed import RenderedPdf, cjk_font, escaped

PAGE = landscape(A4)
MARGIN = 14 * mm
WIDTH = PAGE[0] - 2 * MARGIN
SIGNATURE_SIZE = (75 * mm, 24 * mm)
_GRID = colors.HexColor("#9AA5B1")
_HEAD = colors.HexColor("#DDE6F0")
_SOFT = colors.HexColor("#F4F6F8")
_FLAG = colors.HexColor("#FFF1DC")
_CHANGED = colors.HexColor("#E3F1E0")
_WARN = colors.HexColor("#B42318")


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=cjk_font(), fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "num": ParagraphStyle("num", parent=base, fontSize=8.5, leading=11, alignment=1),
        "head": ParagraphStyle("head", parent=base, fontSize=8.5, leading=11, alignment=1),
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10.5, leading=16, alignment=1),
        "h": ParagraphStyle("h", parent=base, fontSize=12, leading=18, spaceBefore=10),
        "warn": ParagraphStyle("warn", parent=base, textColor=_WARN, fontSize=10, leading=15),
    }


def _p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escaped(text), _styles()[style])


class _SignatureSpace(Flowable):  # type: ignore[misc]
    """Empty room for the visible signature; remembers where it was drawn."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.placed: tuple[int, tuple[float, float, float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        page = self.canv.getPageNumber() - 1
        self.placed = (page, (x, y, x + self.width, y + self.height))


def _numbered_canvas(header: str, footer: str) -> type[Canvas]:
    """A canvas that writes the header, the footer and "page x of y" on every page."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(cjk_font(), 8)
                self.setFillColor(colors.HexColor("#555555"))
                top = PAGE[1] - MARGIN + 4 * mm
                self.drawString(MARGIN, top, header)
                self.drawRightString(PAGE[0] - MARGIN, top, "机密 · 仅供评审使用")
                self.drawString(MARGIN, MARGIN - 7 * mm, footer)
                number = f"第 {self._pageNumber} 页 / 共 {total} 页"
                self.drawRightString(PAGE[0] - MARGIN, MARGIN - 7 * mm, number)
                super().showPage()
            super().save()

    return NumberedCanvas


def render_report_pdf(report: GroupReport) -> RenderedPdf:
    """Lay the report out as a PDF; the signature box is left empty for :func:`sign_pdf`."""
    table = report.table
    rnd = table.round
    space = _SignatureSpace(*SIGNATURE_SIZE)
    story: list[Flowable] = [
        _p("专业组评审汇总表", "title"),
        _p(f"{rnd.name} · {rnd.stage.label} · {table.group.name}", "sub"),
        _p(
            f"组长：{table.leader.name if table.leader else '—'}　　第 {report.revision} 版"
            f"　　生成于 {when(report.created_at)}　　"
            f"已收到评分表 {table.received} / {len(table.members)} 份",
            "sub",
        ),
        Spacer(1, 3 * mm),
    ]
    missing = missing_text(table)
    if missing is not None:
        story.append(
            _boxed(
                f"注意：{missing.zh}本表只依据已收到的 {table.received} 份评分表汇总，"
                "由组长决定在此情况下报送。"
            )
        )
        story.append(Spacer(1, 3 * mm))
    story += [_p(rule_text(rnd), "small"), Spacer(1, 2 * mm), _main_table(table)]
    story += _shortlist_section(table)
    story += [_p("参考指标（仅供参考，不作为正式结果）", "h"), _p(aids_text(table), "body")]
    story += _sheets_section(table)
    story.append(
        KeepTogether(
            [
                _p("组长电子签名", "h"),
                _p(
                    "本汇总表由组长以本轮评审证书电子签名，签名覆盖本文件全部内容及内嵌的"
                    "机读数据（group-report.json）；签名后任何改动都会使签名失效。",
                    "small",
                ),
                Spacer(1, 3 * mm),
                space,
            ]
        )
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 3 * mm,
        bottomMargin=MARGIN,
        title=f"{table.group.name} {rnd.stage.label}汇总表",
        author=table.leader.name if table.leader else "",
        subject=report.report_id,
    )
    header = f"{rnd.name} · {table.group.name} · {rnd.stage.label}汇总表"
    footer = f"报告编号 {report.report_id} · 第 {report.revision} 版"
    doc.build(story, canvasmaker=_numbered_canvas(header, footer))
    if space.placed is None:  # pragma: no cover - the flowable is always drawn
        raise RuntimeError("the signature box was not placed")
    page, box = space.placed
    return RenderedPdf(buffer.getvalue(), page, box)


def _boxed(text: str) -> Table:
    box = Table([[_p(text, "warn")]], colWidths=[WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, _WARN),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FEF3F2")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return box


def _ruled(rows: list[list[Any]], widths: list[float]) -> Table:
    """A plain ruled table whose header row repeats on each page."""
    grid = Table(rows, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
                ("BACKGROUND", (0, 0), (-1, 0), _HEAD),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return grid


def _widths(members: int) -> list[float]:
    fixed = [11 * mm, 11 * mm]  # 排名, 序号
    tail = [17 * mm, 13 * mm, 16 * mm, 22 * mm, 50 * mm]  # 组评分 极差 标准化 入围 分歧提示
    left = WIDTH - sum(fixed) - sum(tail)
    member = min(19 * mm, max(12 * mm, (left - 55 * mm) / max(members, 1)))
    return [*fixed, left - member * members, *([member] * members), *tail]


def _ranked(table: GroupTable) -> list[DossierLine]:
    return sorted(table.lines, key=lambda x: (x.rank is None, x.rank or 0, x.dossier.seq))


def _main_table(table: GroupTable) -> Table:
    members = table.members
    head = [
        _p("排名", "head"),
        _p("序号", "head"),
        _p("申报企业 / 典型经验", "head"),
        *[
            _p(m.person.name + ("（组长）" if m.person.role.value == "leader" else ""), "head")
            for m in members
        ],
        _p("组评分", "head"),
        _p("极差", "head"),
        _p("标准化均值（参考）", "head"),
        _p("入围", "head"),
        _p("分歧提示", "head"),
    ]
    rows: list[list[Any]] = [head]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("BACKGROUND", (0, 0), (-1, 0), _HEAD),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    columns = 3 + len(members) + 5
    for line in _ranked(table):
        r = len(rows)
        normalised = "—" if line.normalised is None else f"{line.normalised:+.2f}"
        rows.append(
            [
                _p("—" if line.rank is None else str(line.rank), "num"),
                _p(str(line.dossier.seq), "num"),
                Paragraph(
                    f"{escaped(line.dossier.enterprise)}<br/>"
                    f"<font size=7.5 color='#555555'>{escaped(line.dossier.title)}</font>",
                    _styles()["cell"],
                ),
                *_member_cells(line),
                _p("—" if line.group_score is None else f"{line.group_score:.2f}", "num"),
                _p("—" if line.spread is None else format(line.spread.normalize(), "f"), "num"),
                _p(normalised, "num"),
                _p(shortlist_cell(line), "num"),
                _p("；".join(f.text.zh for f in line.flags) or "—", "cell"),
            ]
        )
        if line.flags:
            commands.append(("BACKGROUND", (columns - 1, r), (columns - 1, r), _FLAG))
        if line.effective:
            commands.append(("BACKGROUND", (columns - 2, r), (columns - 2, r), _CHANGED))
        if line.consensus.strip():
            rows.append([_p(f"合议意见：{line.consensus.strip()}", "small")] + [""] * (columns - 1))
            commands += [
                ("SPAN", (0, r + 1), (-1, r + 1)),
                ("BACKGROUND", (0, r + 1), (-1, r + 1), _SOFT),
            ]
    grid = Table(rows, colWidths=_widths(len(members)), repeatRows=1)
    grid.setStyle(TableStyle(commands))
    return grid


def _member_cells(line: DossierLine) -> list[Paragraph]:
    dropped = dropped_members(line)
    cells = []
    for i in range(len(line.members)):
        text = escaped(member_text(line, i))
        if i in dropped:
            text = f"<font color='#8A8A8A'>（{text}）</font>"
        elif line.members[i].total is None:
            text = f"<font size=7.5 color='#555555'>{text}</font>"
        cells.append(Paragraph(text, _styles()["num"]))
    return cells


def _shortlist_section(table: GroupTable) -> list[Flowable]:
    chosen = table.shortlist
    k = table.round.shortlist_size
    out: list[Flowable] = [_p(f"入围名单（共 {len(chosen)} 项；本轮每组 K = {k}）", "h")]
    rows: list[list[Any]] = [
        [_p(t, "head") for t in ("名次", "序号", "申报企业", "组评分", "说明")]
    ]
    for line in chosen:
        rows.append(
            [
                _p("—" if line.rank is None else str(line.rank), "num"),
                _p(str(line.dossier.seq), "num"),
                _p(line.dossier.enterprise),
                _p("—" if line.group_score is None else f"{line.group_score:.2f}", "num"),
                _p(shortlist_note(line, k)),
            ]
        )
    removed = [line for line in _ranked(table) if line.changed and not line.effective]
    for line in removed:
        rows.append(
            [
                _p("—" if line.rank is None else str(line.rank), "num"),
                _p(str(line.dossier.seq), "num"),
                _p(f"{line.dossier.enterprise}（调出）"),
                _p("—" if line.group_score is None else f"{line.group_score:.2f}", "num"),
                _p(shortlist_note(line, k)),
            ]
        )
    if len(rows) == 1:
        out.append(_p("（尚无入围项目）", "body"))
        return out
    grid = _ruled(rows, [14 * mm, 14 * mm, 80 * mm, 20 * mm, WIDTH - 128 * mm])
    out.append(grid)
    return [KeepTogether(out)]


def _sheets_section(table: GroupTable) -> list[Flowable]:
    rows: list[list[Any]] = [
        [_p(t, "head") for t in ("成员", "单位", "评分表编号", "修订", "导出时间", "内容哈希")]
    ]
    for m in table.members:
        person, sheet = m.person, m.sheet
        name = person.name + ("（组长）" if person.role.value == "leader" else "")
        if sheet is None:
            rows.append([_p(name), _p(person.organisation), _p("未收到评分表", "warn"), "", "", ""])
            continue
        rows.append(
            [
                _p(name),
                _p(person.organisation),
                _p(sheet.sheet_id, "small"),
                _p(str(sheet.revision), "num"),
                _p(when(sheet.exported_at), "small"),
                _p(sheet.content_hash, "small"),
            ]
        )
    grid = _ruled(rows, [24 * mm, 52 * mm, 62 * mm, 12 * mm, 34 * mm, WIDTH - 184 * mm])
    return [
        KeepTogether(
            [
                _p("汇总依据的评分表（均已通过签名核验）", "h"),
                _p(
                    "每位成员的分数取自下列已签名评分表的最新有效修订；总分由各要素分数重新计算，"
                    "不采用评分表中填写的合计数。",
                    "small",
                ),
                Spacer(1, 2 * mm),
                grid,
            ]
        )
    ]
