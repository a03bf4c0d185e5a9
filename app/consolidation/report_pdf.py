"""The group report as a printable PDF (专业组评审汇总表), ready for the leader's signature.

A4 landscape so the members' totals fit side by side. The bundled CJK font is embedded,
so the chair and the office read the same glyphs on any machine. The last page keeps an
empty box for the visible signature; :func:`render_report_pdf` says where it landed so
the signing step can put the stamp exactly there.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

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
from app.printed import (
    CHANGED_FILL,
    FLAG_FILL,
    LANDSCAPE_SIGNATURE,
    LANDSCAPE_WIDTH,
    RenderedPdf,
    SignatureSpace,
    build_landscape_pdf,
    escaped,
    ruled,
    table_styles,
)

_SOFT = colors.HexColor("#F4F6F8")
_WARN = colors.HexColor("#B42318")


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    return table_styles(
        title=dict(fontSize=17, leading=24, alignment=1),
        h=dict(fontSize=12, leading=18, spaceBefore=10),
        warn=dict(textColor=_WARN, fontSize=10, leading=15),
    )


def _p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escaped(text), _styles()[style])


def render_report_pdf(report: GroupReport) -> RenderedPdf:
    """Lay the report out as a PDF; the signature box is left empty for :func:`sign_pdf`."""
    table = report.table
    rnd = table.round
    space = SignatureSpace(*LANDSCAPE_SIGNATURE)
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
    header = f"{rnd.name} · {table.group.name} · {rnd.stage.label}汇总表"
    footer = f"报告编号 {report.report_id} · 第 {report.revision} 版"
    return build_landscape_pdf(
        story,
        space,
        header=header,
        footer=footer,
        title=f"{table.group.name} {rnd.stage.label}汇总表",
        author=table.leader.name if table.leader else "",
        subject=report.report_id,
    )


def _boxed(text: str) -> Table:
    box = Table([[_p(text, "warn")]], colWidths=[LANDSCAPE_WIDTH])
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


def _widths(members: int) -> list[float]:
    fixed = [11 * mm, 11 * mm]  # 排名, 序号
    tail = [17 * mm, 13 * mm, 16 * mm, 22 * mm, 50 * mm]  # 组评分 极差 标准化 入围 分歧提示
    left = LANDSCAPE_WIDTH - sum(fixed) - sum(tail)
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
            commands.append(("BACKGROUND", (columns - 1, r), (columns - 1, r), FLAG_FILL))
        if line.effective:
            commands.append(("BACKGROUND", (columns - 2, r), (columns - 2, r), CHANGED_FILL))
        if line.consensus.strip():
            rows.append([_p(f"合议意见：{line.consensus.strip()}", "small")] + [""] * (columns - 1))
            commands += [
                ("SPAN", (0, r + 1), (-1, r + 1)),
                ("BACKGROUND", (0, r + 1), (-1, r + 1), _SOFT),
            ]
    return ruled(rows, _widths(len(members)), *commands)


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
    grid = ruled(rows, [14 * mm, 14 * mm, 80 * mm, 20 * mm, LANDSCAPE_WIDTH - 128 * mm])
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
    grid = ruled(rows, [24 * mm, 52 * mm, 62 * mm, 12 * mm, 34 * mm, LANDSCAPE_WIDTH - 184 * mm])
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
