"""The chair's list as a printable PDF (入围答辩名单 / 初评名单), ready for the chair's signature.

This is the page the committee chair (主任委员) signs and the secretariat files, so it
reads like an official list: the dossiers on it in order, every change with its reason,
the dossiers left off, and the signed group reports it rests on. A4 landscape like the
group reports, with the same header, footer and embedded CJK font. The last page keeps
an empty box for the visible signature; :func:`render_shortlist_pdf` says where it
landed so the signing step can put the stamp exactly there.

The wording of a dossier's note and of the change records lives here and is reused by
the XLSX copy, so the two never tell different stories.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.chair.shortlist import ATTACHMENT_NAME, ListedDossier, Shortlist
from app.consolidation.report_rows import when
from app.models.round import Stage
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

AID_NOTE_ZH = "组内标准分与各组分布仅供校准参考，正式依据为各组按规则计算的组评分。"
_BOX = colors.HexColor("#8A96A3")


@dataclass(frozen=True)
class Adjustment:
    """One change to a computed list, by a group leader (组长) or the chair (主任委员)."""

    by: str  # 主任委员 or 组长
    verb: str  # 调入 or 调出
    dossier: ListedDossier
    reason: str


def score_text(d: ListedDossier) -> str:
    """The group score as the group report printed it: two decimals, or — when none."""
    return "—" if d.group_score is None else f"{d.group_score:.2f}"


def rank_text(d: ListedDossier) -> str:
    return "—" if d.rank is None else str(d.rank)


def z_text(d: ListedDossier) -> str:
    return "—" if d.z_in_group is None else f"{d.z_in_group:+.2f}"


def listed_note(d: ListedDossier) -> str:
    """Why a dossier on the list needs a word: a change by the chair or leader, or a flag."""
    parts = []
    if d.changed:
        parts.append(f"主任委员调入：{d.chair_reason}")
    if d.leader_reason:
        parts.append(f"组长{'调入' if d.proposed else '调出'}：{d.leader_reason}")
    if d.flagged:
        parts.append("评分分歧（见该组汇总表）")
    return "；".join(parts)


def unlisted_note(d: ListedDossier) -> str:
    """Why a considered dossier is not on the list."""
    if d.changed:
        return f"主任委员调出：{d.chair_reason}"
    if d.leader_reason:
        return f"组长调出：{d.leader_reason}"
    return "未列入专业组报送名单"


def adjustments(shortlist: Shortlist) -> list[Adjustment]:
    """Every change with its reason: the chair's first, then the leaders', in list order."""
    chair = [
        Adjustment("主任委员", "调入" if d.included else "调出", d, d.chair_reason)
        for d in shortlist.dossiers
        if d.changed
    ]
    leaders = [
        Adjustment("组长", "调入" if d.proposed else "调出", d, d.leader_reason)
        for d in shortlist.dossiers
        if d.leader_reason
    ]
    return chair + leaders


def group_names(shortlist: Shortlist) -> dict[str, str]:
    return {g.id: g.name for g in shortlist.groups}


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    return table_styles(
        title=dict(fontSize=18, leading=26, alignment=1),
        h=dict(fontSize=12, leading=18, spaceBefore=10, keepWithNext=1),
        sign=dict(fontSize=11, leading=16, alignment=2),
    )


def _p(text: str, style: str = "cell") -> Paragraph:
    """A paragraph of plain text; a newline in ``text`` is a line break."""
    return Paragraph(escaped(text).replace("\n", "<br/>"), _styles()[style])


class _FramedSpace(SignatureSpace):
    """The signature's room with a dashed frame, so a printed copy shows where to sign."""

    def mark(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColor(_BOX)
        self.canv.setLineWidth(0.6)
        self.canv.setDash(3, 2)
        self.canv.rect(0, 0, self.width, self.height)
        self.canv.restoreState()


def render_shortlist_pdf(shortlist: Shortlist) -> RenderedPdf:
    """Lay the list out as a PDF; the signature box is left empty for :func:`sign_pdf`."""
    title = shortlist.title.zh
    stage = Stage(shortlist.stage).label
    space = _FramedSpace(*LANDSCAPE_SIGNATURE)
    listed = shortlist.listed
    story: list[Flowable] = [
        _p(title, "title"),
        _p(f"{shortlist.round_name} · {stage} · 主任委员：{shortlist.chair_name}", "sub"),
        _p(
            f"第 {shortlist.revision} 版　　生成于 {when(shortlist.created_at)}　　"
            f"列入名单 {len(listed)} 项（共审核 {len(shortlist.dossiers)} 项，"
            f"来自 {len(shortlist.groups)} 个专业组；本轮每组报送 {shortlist.shortlist_size} 项）",
            "sub",
        ),
        Spacer(1, 3 * mm),
        _p(
            "本名单以各专业组组长签署的汇总表为依据，由各组报送名单合并而成，按专业组及组内"
            "排名排列；主任委员和组长对报送名单的每项调整均在下文注明理由。",
            "small",
        ),
        Spacer(1, 2 * mm),
        _main_table(shortlist),
    ]
    story += _adjustments_section(shortlist)
    story += _unlisted_section(shortlist)
    story += _basis_section(shortlist)
    story += [_p("参考指标说明", "h"), _p(AID_NOTE_ZH, "body")]
    story.append(_signature_block(space))
    header = f"{shortlist.round_name} · {stage} · {title}"
    footer = f"名单编号 {shortlist.shortlist_id} · 第 {shortlist.revision} 版"
    return build_landscape_pdf(
        story,
        space,
        header=header,
        footer=footer,
        title=f"{shortlist.round_name} {title}",
        author=shortlist.chair_name,
        subject=shortlist.shortlist_id,
    )


def _ruled(rows: list[list[Any]], widths: list[float], extra: list[Any] | None = None) -> Table:
    """A ruled table padded as tightly as the group report's main table, to fit long lists."""
    return ruled(
        rows,
        widths,
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    )


def _main_table(shortlist: Shortlist) -> Flowable:
    names = group_names(shortlist)
    heads = (
        "序号",
        "申报序号",
        "企业名称",
        "典型经验题目",
        "专业组",
        "组评分",
        "组内排名",
        "组内标准分\n（参考）",
        "说明",
    )
    rows: list[list[Any]] = [[_p(t, "head") for t in heads]]
    extra: list[Any] = []
    for position, d in enumerate(shortlist.listed, start=1):
        rows.append(
            [
                _p(str(position), "num"),
                _p(str(d.seq), "num"),
                _p(d.enterprise),
                _p(d.title),
                _p(names.get(d.group_id, d.group_id)),
                _p(score_text(d), "num"),
                _p(rank_text(d), "num"),
                _p(z_text(d), "num"),
                _p(listed_note(d) or "—"),
            ]
        )
        if d.changed or d.leader_reason:
            extra.append(("BACKGROUND", (-1, position), (-1, position), CHANGED_FILL))
        elif d.flagged:
            extra.append(("BACKGROUND", (-1, position), (-1, position), FLAG_FILL))
    if len(rows) == 1:
        return _p("（名单上没有申报材料）", "body")
    fixed = [11 * mm, 17 * mm, 56 * mm, 58 * mm, 26 * mm, 15 * mm, 17 * mm, 20 * mm]
    return _ruled(rows, [*fixed, LANDSCAPE_WIDTH - sum(fixed)], extra)


def _adjustments_section(shortlist: Shortlist) -> list[Flowable]:
    heading = _p("调整记录", "h")
    changes = adjustments(shortlist)
    if not changes:
        return [heading, _p("无调整：名单与各专业组报送名单一致。", "body")]
    names = group_names(shortlist)
    rows: list[list[Any]] = [
        [_p(t, "head") for t in ("调整人", "调整", "申报序号", "企业名称", "专业组", "理由")]
    ]
    for change in changes:
        d = change.dossier
        rows.append(
            [
                _p(change.by, "num"),
                _p(change.verb, "num"),
                _p(str(d.seq), "num"),
                _p(d.enterprise),
                _p(names.get(d.group_id, d.group_id)),
                _p(change.reason),
            ]
        )
    fixed = [20 * mm, 14 * mm, 17 * mm, 56 * mm, 26 * mm]
    grid = _ruled(rows, [*fixed, LANDSCAPE_WIDTH - sum(fixed)])
    return [heading, grid]


def _unlisted_section(shortlist: Shortlist) -> list[Flowable]:
    heading = _p("未列入名单的申报材料", "h")
    left = [d for d in shortlist.dossiers if not d.included]
    if not left:
        return [heading, _p("无：审核的申报材料全部列入名单。", "body")]
    names = group_names(shortlist)
    heads = ("申报序号", "企业名称", "典型经验题目", "专业组", "组评分", "组内排名", "说明")
    rows: list[list[Any]] = [[_p(t, "head") for t in heads]]
    for d in left:
        rows.append(
            [
                _p(str(d.seq), "num"),
                _p(d.enterprise),
                _p(d.title),
                _p(names.get(d.group_id, d.group_id)),
                _p(score_text(d), "num"),
                _p(rank_text(d), "num"),
                _p(unlisted_note(d)),
            ]
        )
    fixed = [17 * mm, 56 * mm, 58 * mm, 26 * mm, 15 * mm, 17 * mm]
    return [heading, _ruled(rows, [*fixed, LANDSCAPE_WIDTH - sum(fixed)])]


def _basis_section(shortlist: Shortlist) -> list[Flowable]:
    heads = (
        "专业组",
        "组长",
        "汇总表编号",
        "版本",
        "内容哈希（前 16 位）",
        "文件 SHA-256（前 16 位）",
    )
    rows: list[list[Any]] = [[_p(t, "head") for t in heads]]
    for g in shortlist.groups:
        rows.append(
            [
                _p(g.name),
                _p(g.leader_name or "—"),
                _p(g.report_id),
                _p(f"第 {g.report_revision} 版", "num"),
                _p(g.report_content_hash[:16], "num"),
                _p(g.report_file_sha256[:16], "num"),
            ]
        )
    fixed = [40 * mm, 26 * mm, 20 * mm, 48 * mm, 48 * mm]
    widths = [fixed[0], fixed[1], LANDSCAPE_WIDTH - sum(fixed), *fixed[2:]]
    return [
        KeepTogether(
            [
                _p("依据的专业组汇总表（均已通过签名核验）", "h"),
                _ruled(rows, widths),
            ]
        )
    ]


def _signature_block(space: SignatureSpace) -> Flowable:
    # As wide as the tables above, so the box's right edge lines up with theirs.
    label = 50 * mm
    line = Table(
        [["", _p("主任委员（签名）：", "sign"), space]],
        colWidths=[LANDSCAPE_WIDTH - label - LANDSCAPE_SIGNATURE[0], label, LANDSCAPE_SIGNATURE[0]],
    )
    line.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (2, 0), (2, 0), 0),
                ("RIGHTPADDING", (2, 0), (2, 0), 0),
                ("TOPPADDING", (2, 0), (2, 0), 0),
                ("BOTTOMPADDING", (2, 0), (2, 0), 0),
            ]
        )
    )
    return KeepTogether(
        [
            _p("主任委员电子签名", "h"),
            _p(
                "本名单由主任委员以本轮评审证书电子签名，签名覆盖本文件全部内容及内嵌的"
                f"机读数据（{ATTACHMENT_NAME}）；签名后任何改动都会使签名失效。",
                "small",
            ),
            Spacer(1, 4 * mm),
            line,
        ]
    )
