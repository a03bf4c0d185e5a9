"""``qbr group report`` (the signed group report) and ``qbr group status`` (the table, read-only).

Both work on a group leader's own store. ``status`` changes nothing: it shows what a report
made now would say, so a leader can check the figures before signing. The ``group`` area
is shared with ``group import``: see :mod:`app.cli.areas`.
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.areas import add_list_change, group_parser
from app.cli.common import add_passphrase_option, context, store_passphrase
from app.errors import InputRefused, Lang, Text

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; commands import it when they run
    from app.consolidation.table import DossierLine, GroupTable

NAME_WIDTH = 28
"""Terminal columns for a dossier's enterprise name (a CJK character takes two)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmds = group_parser(sub)

    p = cmds.add_parser("report", help="export the signed group report for the chair")
    p.add_argument("store", type=Path)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="REPORT.pdf")
    p.add_argument("--xlsx", type=Path, metavar="FILE", help="also write an XLSX copy")
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_report)

    p = add_list_change(
        cmds,
        "put a dossier on or off the group's list, with a reason",
        "required unless it is where the rule puts it",
    )
    add_passphrase_option(p)
    p.set_defaults(func=cmd_change)

    p = cmds.add_parser("consensus", help="write the group's consensus comment (合议意见)")
    p.add_argument("store", type=Path)
    p.add_argument("--dossier", required=True, metavar="ID|序号")
    p.add_argument("--text", required=True, help="the comment; an empty text clears it")
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_consensus)

    p = cmds.add_parser("status", help="show the group table: figures, flags, ranks, shortlist")
    p.add_argument("store", type=Path)
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_status)


def cmd_report(args: argparse.Namespace) -> int:
    from app.consolidation.export import export_group_report
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        result = export_group_report(store, args.output, args.xlsx)
    if ctx.json:
        ctx.emit(result.to_json())
    ctx.say(result.message)
    return 0


def _dossier(table: GroupTable, given: str) -> DossierLine:
    for line in table.lines:
        d = line.dossier
        if given in (d.id, str(d.seq), d.enterprise):
            return line
    raise InputRefused(
        Text(
            f"本组没有申报材料“{given}”（可用编号、序号或企业名称），未做修改。",
            f"The group has no dossier “{given}” (give its id, number or enterprise name); "
            "nothing changed.",
        )
    )


def cmd_change(args: argparse.Namespace) -> int:
    from app.consolidation.service import GroupService
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        service = GroupService(store)
        line = service.change_shortlist(
            _dossier(service.table(), args.dossier).dossier.id, bool(args.include), args.reason
        )
    name = line.dossier.enterprise
    if ctx.json:
        ctx.emit(
            {
                "dossier_id": line.dossier.id,
                "shortlist": line.effective,
                "computed": line.computed,
                "changed": line.changed,
                "reason": line.decision.reason if line.decision else "",
            }
        )
    where = Text("列入", "on") if line.effective else Text("未列入", "off")
    if line.changed:
        ctx.say(
            Text(
                f"已将“{name}”{'调入' if line.effective else '调出'}本组入围名单，理由已记录。",
                f"Put “{name}” {where.en} the group's list; the reason is recorded.",
            )
        )
    else:
        ctx.say(
            Text(
                f"“{name}”按规则{where.zh}本组入围名单，无需调整。",
                f"“{name}” is {where.en} the group's list as the rule puts it; no change.",
            )
        )
    return 0


def cmd_consensus(args: argparse.Namespace) -> int:
    from app.consolidation.service import GroupService
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        service = GroupService(store)
        line = _dossier(service.table(), args.dossier)
        text = service.set_consensus(line.dossier.id, args.text)
    if ctx.json:
        ctx.emit({"dossier_id": line.dossier.id, "consensus": text})
    ctx.say(
        Text(
            f"已保存“{line.dossier.enterprise}”的合议意见。" if text else "已清除合议意见。",
            f"Saved the consensus comment on “{line.dossier.enterprise}”."
            if text
            else "Cleared the consensus comment.",
        )
    )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from app.consolidation.report import substance, verification_rows
    from app.consolidation.service import GroupService
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        table = GroupService(store).table()
        rows = verification_rows(store)
    if ctx.json:
        ctx.emit(substance(table, rows))
        return 0
    for line in status_lines(table, ctx.lang):
        print(line)
    return 0


def status_lines(table: GroupTable, lang: Lang) -> list[str]:
    """The group table as plain text lines for a terminal."""
    rnd = table.round
    t = _Words(lang)
    out = [
        f"{table.group.name} · {rnd.stage.label if lang == 'zh' else rnd.stage.value} · {rnd.name}",
        t("已收到评分表", "Sheets received") + f" {table.received}/{len(table.members)}",
    ]
    if table.missing_members:
        names = "、".join(p.name for p in table.missing_members)
        out.append(t("未收到：", "Missing: ") + names)
    head = [t("排名", "Rank"), t("序号", "No."), t("申报企业", "Enterprise")]
    head += [m.person.name for m in table.members]
    head += [t("组评分", "Group"), t("极差", "Spread"), t("入围", "Shortlist")]
    ranked = _ranked(table)
    rows = [head] + [_row(line, lang) for line in ranked]
    widths = [max(text_width(r[i]) for r in rows) for i in range(len(head))]
    out.append("")
    for index, row in enumerate(rows):
        out.append("  ".join(padded(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            continue
        line = ranked[index - 1]
        for flag in line.flags:
            out.append("      ! " + (flag.text.zh if lang == "zh" else flag.text.en))
        if line.changed and line.decision is not None:
            out.append("      * " + t("组长调整理由：", "Leader's reason: ") + line.decision.reason)
        if line.consensus:
            out.append("      " + t("合议意见：", "Consensus: ") + line.consensus)
    k = rnd.shortlist_size
    out += ["", t(f"入围名单（K = {k}）：", f"Shortlist (K = {k}):")]
    out += [
        f"  {line.rank or '—'}. {line.dossier.enterprise}  {line.group_score}"
        for line in table.shortlist
    ]
    w = table.agreement.w
    figure = "—" if w is None else f"{w:.2f}"
    out += [
        "",
        t(
            f"肯德尔和谐系数 W = {figure}（参考；{table.agreement.dossiers} 份申报材料）",
            f"Kendall's W = {figure} (an aid; {table.agreement.dossiers} dossiers)",
        ),
    ]
    return out


class _Words:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def __call__(self, zh: str, en: str) -> str:
        return Text(zh, en).render(self.lang)


def _ranked(table: GroupTable) -> list[DossierLine]:
    return sorted(table.lines, key=lambda x: (x.rank is None, x.rank or 0, x.dossier.seq))


def _row(line: DossierLine, lang: Lang) -> list[str]:
    members = [
        format(m.total.normalize(), "f")
        if m.total is not None
        else (m.state.label if lang == "zh" else m.state.label_en)
        for m in line.members
    ]
    return [
        "—" if line.rank is None else str(line.rank),
        str(line.dossier.seq),
        clipped(line.dossier.enterprise, NAME_WIDTH),
        *members,
        "—" if line.group_score is None else f"{line.group_score:.2f}",
        "—" if line.spread is None else format(line.spread.normalize(), "f"),
        _mark(line, lang),
    ]


def _mark(line: DossierLine, lang: Lang) -> str:
    if line.changed:
        if line.effective:
            return Text("入围（组长调入）", "yes (added by the leader)").render(lang)
        return Text("不入围（组长调出）", "no (removed by the leader)").render(lang)
    if line.effective:
        tie = Text("入围（并列）", "yes (tied at K)")
        return (tie if line.boundary_tie else Text("入围", "yes")).render(lang)
    return "—"


def text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def padded(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


def clipped(text: str, width: int) -> str:
    if text_width(text) <= width:
        return text
    out = ""
    for c in text:
        if text_width(out + c) > width - 1:
            break
        out += c
    return out + "…"


__all__ = ["clipped", "padded", "register", "status_lines", "text_width"]
