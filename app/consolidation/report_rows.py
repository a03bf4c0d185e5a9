"""The group report's wording, shared by the PDF, the XLSX and ``qbr group status``.

One place says how a cell reads (a conflict is 回避, a dropped extreme is in parentheses,
a leader's change names its reason), so the three outputs never tell different stories.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.consolidation.table import DossierLine, GroupTable, MemberState
from app.errors import Text
from app.models.round import Round


def dropped_members(line: DossierLine) -> frozenset[int]:
    """Which members' totals the rule left out: the first holder of the highest and of the
    lowest total (one each, even when several members share an extreme)."""
    if line.dropped is None:
        return frozenset()
    high, low = line.dropped
    out: list[int] = []
    for wanted in (high, low):
        for i, m in enumerate(line.members):
            if m.total == wanted and i not in out:
                out.append(i)
                break
    return frozenset(out)


def member_text(line: DossierLine, index: int) -> str:
    """One member's cell: the recomputed total, or why there is none."""
    m = line.members[index]
    if m.state is MemberState.SCORED and m.total is not None:
        return format(m.total.normalize(), "f")
    return m.state.label


def shortlist_cell(line: DossierLine) -> str:
    """The shortlist mark: 入围 or —, saying when the leader changed it or a tie decided it."""
    if line.changed:
        return "入围（组长调入）" if line.effective else "不入围（组长调出）"
    if line.effective:
        return "入围（并列）" if line.boundary_tie else "入围"
    return "—"


def shortlist_note(line: DossierLine, k: int) -> str:
    """Why a dossier is on (or was taken off) the shortlist."""
    if line.changed and line.decision is not None:
        verb = "组长调入" if line.effective else "组长调出"
        return f"{verb}（{line.decision.decided_by}）：{line.decision.reason}"
    if line.boundary_tie:
        return (
            f"与其他项目并列第 {line.rank} 名，跨越第 {k} 名，按规则全部列入；"
            f"如只取 {k} 项，须由组长调整并写明理由"
        )
    if line.decision is not None and line.decision.reason:
        return f"按组评分排名入围；组长确认：{line.decision.reason}"
    return "按组评分排名入围"


def rule_text(rnd: Round) -> str:
    """The consolidation rule as a reader of the report needs it, with the round's numbers."""
    rule = rnd.rule
    fraction = format((rule.aspect_spread_fraction * 100).normalize(), "f")
    return (
        f"组评分：未回避成员总分的平均值；{max(rule.trim_at, 3)} 人及以上评分时去掉一个最高分和"
        "一个最低分（括号内为去掉的分数），结果保留两位小数（四舍五入）。"
        f"分歧提示：总分极差超过 {format(rule.total_spread.normalize(), 'f')} 分，"
        f"或某一要素的极差超过该要素分值的 {fraction}%。"
        "排名：依次比较组评分、显效性和发展性小计的平均值（计法同组评分）、总分中位数，"
        "三者均相同者名次并列。"
        f"计算入围：排名前 {rnd.shortlist_size} 名；并列跨越第 {rnd.shortlist_size} 名时全部列入"
        "并标注“并列”。组长对入围名单的任何调整均须写明理由。"
        "“未提交”指尚未收到该成员的评分表，“回避”的成员不计入任何统计。"
    )


def aids_text(table: GroupTable) -> str:
    """What the aids say and how to read them."""
    agreement = table.agreement
    if agreement.w is None:
        w = (
            "肯德尔和谐系数 W 无法计算：需要至少 2 位评审人对至少 2 份相同的申报材料"
            "（均未回避）评分。"
        )
    else:
        w = (
            f"肯德尔和谐系数 W = {agreement.w:.2f}（含同分校正；依据 {agreement.reviewers} 位"
            f"评审人均已评分的 {agreement.dossiers} 份申报材料；1 表示各人排序完全一致，"
            "0 表示毫无一致）。"
        )
    return (
        w + "标准化均值：每位评审人的总分先按其本人在本组所评各项目的平均分和标准差换算为"
        " z 分数（所给总分全部相同者记为 0），再对未回避的成员取平均；正数表示评审人普遍"
        "评价高于各自的平均水平。以上两项只用于观察评分尺度与一致程度，正式结果以组评分为准。"
    )


def missing_text(table: GroupTable) -> Text | None:
    """The warning shown wherever the report is read, when members' sheets are missing."""
    if not table.missing_members:
        return None
    names = "、".join(p.name for p in table.missing_members)
    names_en = ", ".join(p.name for p in table.missing_members)
    return Text(
        f"尚未收到以下成员的评分表：{names}。",
        f"No score sheet received yet from: {names_en}.",
    )


def when(iso: str) -> str:
    """An ISO 8601 time as a reader wants it, in UTC and said so."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
