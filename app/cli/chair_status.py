"""The chair's table as terminal lines and as JSON (``qbr chair status``)."""

from __future__ import annotations

from typing import Any

from app.chair.table import ChairLine, ChairTable, GroupPart
from app.cli.group_cmds import clipped, padded, text_width
from app.consolidation.report import figure
from app.errors import Lang, Text

NAME_WIDTH = 28


def _t(lang: Lang, zh: str, en: str) -> str:
    return Text(zh, en).render(lang)


def _number(value: float | None, places: int = 2) -> str:
    if value is None:
        return "—"
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def status_lines(table: ChairTable, lang: Lang) -> list[str]:
    """Every group's ranked lines, the calibration figures and the chair's list."""
    rnd = table.round
    out = [f"{rnd.name} · {rnd.stage.label if lang == 'zh' else rnd.stage.value}"]
    if table.missing_groups:
        names = "、".join(g.name for g in table.missing_groups)
        out.append(_t(lang, f"尚未收到汇总表：{names}", f"No report yet from: {names}"))
    for part in table.groups:
        out += ["", *_group_lines(part, lang)]
    out += ["", _t(lang, "各组分布（校准参考）", "Group distributions (calibration aid)")]
    head = [
        _t(lang, "专业组", "Group"),
        "n",
        _t(lang, "均值", "Mean"),
        _t(lang, "标准差", "SD"),
        _t(lang, "最低", "Min"),
        _t(lang, "中位", "Median"),
        _t(lang, "最高", "Max"),
        "W",
    ]
    rows = [head]
    for part in table.groups:
        d = part.distribution
        if d is None or part.table is None:
            continue
        q = d.quartiles
        rows.append(
            [
                part.group.name,
                str(len(d.group_scores)),
                _number(d.mean),
                _number(d.sd),
                _number(q[0] if q else None),
                _number(q[2] if q else None),
                _number(q[4] if q else None),
                _number(part.table.agreement.w),
            ]
        )
    out += _aligned(rows)
    listed = table.shortlist
    out += [
        "",
        _t(lang, f"主任委员名单（{len(listed)} 项）：", f"The chair's list ({len(listed)}):"),
    ]
    for position, line in enumerate(listed, start=1):
        score = figure(line.line.group_score) or "—"
        out.append(f"  {position}. {line.line.dossier.enterprise}  {line.group.name}  {score}")
    return out


def _group_lines(part: GroupPart, lang: Lang) -> list[str]:
    if part.table is None or part.report is None:
        return [part.group.name + _t(lang, "：尚未收到汇总表", ": no report yet")]
    table = part.table
    leader = table.leader.name if table.leader else "—"
    out = [
        f"{part.group.name} · {_t(lang, '组长', 'leader')} {leader} · "
        + _t(lang, f"汇总表第 {part.report.revision} 版", f"report revision {part.report.revision}")
    ]
    if table.missing_members:
        names = "、".join(p.name for p in table.missing_members)
        out.append(
            "  " + _t(lang, f"该组未收到评分表：{names}", f"Sheets missing in the group: {names}")
        )
    head = [
        _t(lang, "排名", "Rank"),
        _t(lang, "序号", "No."),
        _t(lang, "申报企业", "Enterprise"),
        _t(lang, "组评分", "Group"),
        _t(lang, "极差", "Spread"),
        _t(lang, "组内标准分", "z in group"),
        _t(lang, "组报送", "Group list"),
        _t(lang, "名单", "List"),
    ]
    ranked = sorted(
        part.lines, key=lambda x: (x.line.rank is None, x.line.rank or 0, x.line.dossier.seq)
    )
    rows = [head] + [_row(line, lang) for line in ranked]
    aligned = _aligned(rows)
    out.append("  " + aligned[0])
    for line, text in zip(ranked, aligned[1:], strict=True):
        out.append("  " + text)
        for flag in line.line.flags:
            out.append("        ! " + flag.text.render(lang))
        if line.line.changed and line.line.decision is not None:
            out.append(
                "        * "
                + _t(lang, "组长调整理由：", "Leader's reason: ")
                + line.line.decision.reason
            )
        if line.changed and line.decision is not None:
            out.append(
                "        # "
                + _t(lang, "主任委员调整理由：", "Chair's reason: ")
                + line.decision.reason
            )
        if line.line.consensus:
            out.append("        " + _t(lang, "合议意见：", "Consensus: ") + line.line.consensus)
    return out


def _row(line: ChairLine, lang: Lang) -> list[str]:
    group_line = line.line
    yes, no = _t(lang, "是", "yes"), "—"
    mark = yes if line.included else no
    if line.changed:
        mark = _t(lang, "调入", "added") if line.included else _t(lang, "调出", "removed")
    return [
        "—" if group_line.rank is None else str(group_line.rank),
        str(group_line.dossier.seq),
        clipped(group_line.dossier.enterprise, NAME_WIDTH),
        figure(group_line.group_score) or "—",
        "—" if group_line.spread is None else format(group_line.spread.normalize(), "f"),
        _number(line.z),
        yes if line.proposed else no,
        mark,
    ]


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(text_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(padded(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def status_json(table: ChairTable) -> dict[str, Any]:
    """The chair's table as one JSON document."""
    rnd = table.round
    groups: list[dict[str, Any]] = []
    for part in table.groups:
        entry: dict[str, Any] = {"id": part.group.id, "name": part.group.name, "report": None}
        if part.table is not None and part.report is not None and part.distribution is not None:
            d = part.distribution
            entry |= {
                "report": {
                    "revision": part.report.revision,
                    "content_hash": part.report.content_hash,
                },
                "leader": part.table.leader.name if part.table.leader else None,
                "missing_members": [p.name for p in part.table.missing_members],
                "kendalls_w": part.table.agreement.w,
                "distribution": {
                    "group_scores": [figure(s) for s in d.group_scores],
                    "mean": d.mean,
                    "sd": d.sd,
                    "five_numbers": None if d.quartiles is None else list(d.quartiles),
                    "reviewer_means": [
                        {"name": n, "mean": m, "dossiers": k} for n, m, k in d.reviewer_means
                    ],
                },
                "dossiers": [
                    {
                        "dossier_id": x.dossier_id,
                        "seq": x.line.dossier.seq,
                        "enterprise": x.line.dossier.enterprise,
                        "group_score": figure(x.line.group_score),
                        "rank": x.line.rank,
                        "spread": None if x.line.spread is None else str(x.line.spread),
                        "flags": [f.text.zh for f in x.line.flags],
                        "z_in_group": x.z,
                        "computed": x.line.computed,
                        "proposed": x.proposed,
                        "leader_reason": x.line.decision.reason
                        if x.line.changed and x.line.decision
                        else "",
                        "consensus": x.line.consensus,
                        "included": x.included,
                        "chair_reason": x.decision.reason if x.changed and x.decision else "",
                    }
                    for x in part.lines
                ],
            }
        groups.append(entry)
    return {
        "round": {"id": rnd.id, "name": rnd.name, "stage": rnd.stage.value},
        "missing_groups": [g.name for g in table.missing_groups],
        "groups": groups,
        "shortlist": [x.dossier_id for x in table.shortlist],
    }


__all__ = ["status_json", "status_lines"]
