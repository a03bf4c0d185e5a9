"""``qbr chair …``: the committee chair's review of the groups' reports and the signed list.

``chair import`` exits 0 when every file was taken in (applied, kept or a duplicate) and
1 when any was refused. ``chair status`` changes nothing. ``chair change`` moves one
dossier on or off the list with the chair's reason. ``chair shortlist`` signs and writes
the list (入围答辩名单 after the material stage, 初评名单 after the defense stage).
``chair verify`` checks a signed list, or a group report, against the round CA.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.areas import add_list_change, area_commands
from app.cli.common import Context, add_passphrase_option, context, store_passphrase
from app.cli.sheet_cmds import read_input, tell_verdicts
from app.errors import InputRefused, Text

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; commands import it when they run
    from app.chair.table import ChairTable


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmds = area_commands(sub, "chair", "the committee chair's review (主任委员审核)")

    p = cmds.add_parser("import", help="import the groups' signed reports")
    p.add_argument("store", type=Path)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="PDF files or folders")
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_import)

    p = cmds.add_parser("status", help="every group's figures, calibration and the list")
    p.add_argument("store", type=Path)
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_status)

    p = add_list_change(
        cmds, "put a dossier on or off the list, with a reason", "required unless undoing a change"
    )
    add_passphrase_option(p)
    p.set_defaults(func=cmd_change)

    p = cmds.add_parser("shortlist", help="sign and export the list for the secretariat")
    p.add_argument("store", type=Path)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="LIST.pdf")
    p.add_argument("--xlsx", type=Path, metavar="FILE", help="also write an XLSX copy")
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_shortlist)

    p = cmds.add_parser("verify", help="verify a signed list or group report against the CA")
    p.add_argument("file", type=Path)
    p.add_argument("--ca", required=True, type=Path, metavar="CA.pem")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)


def cmd_import(args: argparse.Namespace) -> int:
    from app.chair.ledger import import_reports
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        results = import_reports(store, args.files)
    return tell_verdicts(ctx, results)


def cmd_status(args: argparse.Namespace) -> int:
    from app.chair.service import ChairService
    from app.cli.chair_status import status_json, status_lines
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        table = ChairService(store).table()
    if ctx.json:
        ctx.emit(status_json(table))
        return 0
    for line in status_lines(table, ctx.lang):
        print(line)
    return 0


def cmd_change(args: argparse.Namespace) -> int:
    from app.chair.service import ChairService
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        service = ChairService(store)
        table = service.table()
        dossier_id = _dossier(table, args.dossier)
        line = service.change(dossier_id, bool(args.include), args.reason)
    name = line.line.dossier.enterprise
    if ctx.json:
        ctx.emit(
            {
                "dossier_id": dossier_id,
                "included": line.included,
                "proposed": line.proposed,
                "changed": line.changed,
                "reason": line.decision.reason if line.decision else "",
            }
        )
    if not line.changed:
        ctx.say(
            Text(
                f"“{name}”与“{line.group.name}”报送的名单一致，{'列入' if line.included else '未列入'}名单。",
                f"“{name}” is {'on' if line.included else 'off'} the list, as “{line.group.name}” "
                "proposed.",
            )
        )
    else:
        ctx.say(
            Text(
                f"已将“{name}”{'调入' if line.included else '调出'}名单，理由已记录。",
                f"Put “{name}” {'on' if line.included else 'off'} the list; the reason is recorded.",
            )
        )
    return 0


def _dossier(table: ChairTable, given: str) -> str:
    for line in table.lines:
        d = line.line.dossier
        if given in (d.id, str(d.seq), d.enterprise):
            return d.id
    raise InputRefused(
        Text(
            f"已收到的汇总表中没有申报材料“{given}”（可用编号、序号或企业名称），未做修改。",
            f"No dossier “{given}” in the reports received (give its id, number or enterprise "
            "name); nothing changed.",
        )
    )


def cmd_shortlist(args: argparse.Namespace) -> int:
    from app.chair.export import export_shortlist
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        result = export_shortlist(store, args.output, args.xlsx)
    if ctx.json:
        ctx.emit(result.to_json())
    ctx.say(result.message)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.chair.shortlist_verify import ShortlistRejected, verify_shortlist
    from app.chair.verify import ReportRejected, verify_report

    ctx = context(args)
    ca = read_input(args.ca, Text("CA 证书", "CA certificate"))
    data = read_input(args.file, Text("文件", "file"))
    try:
        listed = verify_shortlist(data, ca_certificate_pem=ca)
    except ShortlistRejected as exc:
        if exc.code != "no_attachment":
            return _refused(ctx, exc.code, exc.text)
        try:
            report = verify_report(data, ca_certificate_pem=ca)
        except ReportRejected as again:
            return _refused(ctx, again.code, again.text)
        r = report.report
        leader = r.leader.name if r.leader else ""
        if ctx.json:
            ctx.emit(
                {
                    "ok": True,
                    "kind": "group_report",
                    "file_sha256": report.file_sha256,
                    "report": dict(r.data),
                }
            )
        ctx.say(
            Text(
                f"签名有效，统计结果复核无误：{r.group.name}汇总表第 {r.revision} 版，组长 {leader}，"
                f"{len(r.dossiers)} 份申报材料。",
                f"Valid signature, figures recomputed and matching: report of {r.group.name}, "
                f"revision {r.revision}, leader {leader}, {len(r.dossiers)} dossiers.",
            )
        )
        return 0
    s = listed.shortlist
    if ctx.json:
        ctx.emit(
            {
                "ok": True,
                "kind": "shortlist",
                "file_sha256": listed.file_sha256,
                "content_hash": s.content_hash,
                "shortlist": s.to_json(),
            }
        )
    ctx.say(
        Text(
            f"签名有效：主任委员 {s.chair_name} 签署的{s.title.zh}第 {s.revision} 版，"
            f"{s.round_name}，{len(s.listed)} 项。",
            f"Valid signature: the {s.title.en} signed by the chair {s.chair_name}, revision "
            f"{s.revision}, {s.round_name}, {len(s.listed)} dossiers.",
        )
    )
    if not ctx.json:
        for position, d in enumerate(s.listed, start=1):
            score = d.group_score if d.group_score is not None else "—"
            print(f"  {position}. {d.enterprise}  {score}")
    return 0


def _refused(ctx: Context, code: str, text: Text) -> int:
    if ctx.json:
        ctx.emit({"ok": False, "code": code, "reason": text.render(ctx.lang)})
    ctx.say(Text(f"未通过核验：{text.zh}", f"Not verified: {text.en}"))
    return 1


__all__ = ["register"]
