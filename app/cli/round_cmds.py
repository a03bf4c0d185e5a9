"""``qbr round …``: the secretariat sets up a round and issues packages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import Context, Progress, add_passphrase_option, context, store_passphrase
from app.errors import Text
from app.models.round import Role, Stage

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; commands import it when they run
    from app.store.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rnd = sub.add_parser("round", help="the secretariat's round (workspace store)")
    cmds = rnd.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = cmds.add_parser("init", help="create a workspace with a round and its CA")
    p.add_argument("store", type=Path)
    p.add_argument("--name", required=True)
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--stage", choices=[s.value for s in Stage], default=Stage.MATERIAL.value)
    p.add_argument("--scheme", type=Path, help="scoring scheme TOML (default: the built-in one)")
    p.add_argument("--shortlist-size", type=int, default=10, metavar="K")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_init)

    group = cmds.add_parser("group", help="specialty groups")
    group_cmds = group.add_subparsers(dest="group_command", required=True, metavar="COMMAND")
    p = group_cmds.add_parser("add", help="add a group")
    p.add_argument("store", type=Path)
    p.add_argument("name")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_group_add)

    person = cmds.add_parser("person", help="people of the round")
    person_cmds = person.add_subparsers(dest="person_command", required=True, metavar="COMMAND")
    p = person_cmds.add_parser("add", help="add a person")
    p.add_argument("store", type=Path)
    p.add_argument("--name", required=True)
    p.add_argument("--org", required=True)
    p.add_argument(
        "--role", required=True, choices=[r.value for r in Role if r is not Role.SECRETARIAT]
    )
    p.add_argument("--group")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_person_add)

    p = cmds.add_parser("import", help="import a batch: folder, .zip or .rar")
    p.add_argument("store", type=Path)
    p.add_argument("source", type=Path)
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_import)

    p = cmds.add_parser("check", help="the formal-review report (形式审查)")
    p.add_argument("store", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument("--xlsx", type=Path, help="also write the report as a spreadsheet")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_check)

    p = cmds.add_parser("assign", help="assign dossiers to a group")
    p.add_argument("store", type=Path)
    p.add_argument("--group", required=True)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true")
    which.add_argument(
        "--dossier", action="append", metavar="ID", help="序号, id or enterprise name; repeatable"
    )
    add_passphrase_option(p)
    p.set_defaults(func=cmd_assign)

    conflict = cmds.add_parser("conflict", help="conflicts of interest (回避)")
    conflict_cmds = conflict.add_subparsers(
        dest="conflict_command", required=True, metavar="COMMAND"
    )
    p = conflict_cmds.add_parser("add", help="record that a person must not score a dossier")
    p.add_argument("store", type=Path)
    p.add_argument("--person", required=True)
    p.add_argument("--dossier", required=True)
    p.add_argument("--reason", default="")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_conflict_add)

    p = cmds.add_parser("packages", help="one encrypted assignment package per person")
    p.add_argument("store", type=Path)
    p.add_argument("outdir", type=Path)
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_packages)

    p = cmds.add_parser(
        "next-stage", help="open the defense stage from the chair's signed shortlist"
    )
    p.add_argument("store", type=Path)
    p.add_argument("--shortlist", type=Path, required=True, metavar="FILE")
    p.add_argument("--shortlist-size", type=int, metavar="K", help="K for the defense stage")
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_next_stage)

    p = cmds.add_parser("ca", help="export the round CA certificate")
    p.add_argument("store", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    add_passphrase_option(p)
    p.set_defaults(func=cmd_ca)


def _open(args: argparse.Namespace, ctx: Context) -> Store:
    from app.store.store import Store

    return Store.open(args.store, store_passphrase(args, ctx))


def cmd_init(args: argparse.Namespace) -> int:
    from app.models.scheme import load_scheme
    from app.secretariat import roster
    from app.store.store import Store, StoreKind

    ctx = context(args)
    scheme = load_scheme(args.scheme) if args.scheme else None
    if (args.store / "key.json").exists():
        store = _open(args, ctx)
    else:
        store = Store.create(args.store, store_passphrase(args, ctx, new=True), StoreKind.WORKSPACE)
    with store:
        rnd = roster.init_round(
            store,
            name=args.name,
            year=args.year,
            stage=Stage(args.stage),
            scheme=scheme,
            shortlist_size=args.shortlist_size,
        )
    ctx.say(
        Text(
            f"已创建评审轮次“{rnd.name}”（{rnd.year}，{rnd.stage.label}，答辩名单每组 {rnd.shortlist_size} 个），"
            f"并生成本轮 CA 证书。工作区：{args.store}",
            f"Created the round “{rnd.name}” ({rnd.year}, {rnd.stage.value}, shortlist "
            f"{rnd.shortlist_size} per group) with its own CA. Workspace: {args.store}",
        )
    )
    return 0


def cmd_group_add(args: argparse.Namespace) -> int:
    from app.secretariat import roster

    ctx = context(args)
    with _open(args, ctx) as store:
        group = roster.add_group(store, args.name)
    ctx.say(Text(f"已添加专业组“{group.name}”。", f"Added the group “{group.name}”."))
    return 0


def cmd_person_add(args: argparse.Namespace) -> int:
    from app.secretariat import roster

    ctx = context(args)
    with _open(args, ctx) as store:
        person = roster.add_person(
            store, name=args.name, organisation=args.org, role=Role(args.role), group=args.group
        )
    ctx.say(
        Text(
            f"已添加{person.role.label} {person.name}（编号 {person.id}）。",
            f"Added {person.role.value} {person.name} (id {person.id}).",
        )
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.documents.worker import DocumentWorker
    from app.secretariat.importing import import_batch

    ctx = context(args)
    with _open(args, ctx) as store, DocumentWorker() as worker:
        report = import_batch(
            store, args.source, worker, progress=Progress(ctx, Text("导入", "Importing"))
        )
    if ctx.json:
        ctx.emit(report.to_json())
    for line in report.lines():
        ctx.say(line)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.formal.report import report_json, write_report_xlsx
    from app.secretariat.checking import formal_review

    ctx = context(args)
    with _open(args, ctx) as store:
        review = formal_review(store)
    findings = review.findings
    if args.xlsx:
        write_report_xlsx(findings, args.xlsx, ctx.lang, dossiers_checked=review.dossiers_checked)
    if ctx.json:
        ctx.emit(report_json(findings, ctx.lang, dossiers_checked=review.dossiers_checked))
    else:
        for f in findings:
            where = " / ".join(x for x in (f.enterprise, f.file) if x)
            print(f"[{f.rule_id}] {where}: {f.message.render(ctx.lang)}")
        ctx.say(
            Text(
                f"形式审查完成：{len(findings)} 项发现。",
                f"Formal review done: {len(findings)} findings.",
            )
        )
    if args.xlsx:
        ctx.say(Text(f"报告已写入 {args.xlsx}", f"Report written to {args.xlsx}"))
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from app.secretariat import assignment

    ctx = context(args)
    with _open(args, ctx) as store:
        result = assignment.assign(store, args.group, None if args.all else args.dossier)
    ctx.say(
        Text(
            f"专业组“{result.group}”：新分配 {len(result.assigned)} 份，已在本组 {len(result.unchanged)} 份。",
            f"Group “{result.group}”: {len(result.assigned)} assigned, "
            f"{len(result.unchanged)} already there.",
        )
    )
    return 0


def cmd_conflict_add(args: argparse.Namespace) -> int:
    from app.secretariat import assignment

    ctx = context(args)
    with _open(args, ctx) as store:
        added = assignment.add_conflict(store, args.person, args.dossier, args.reason)
    ctx.say(
        Text("已记录回避。", "Conflict recorded.")
        if added
        else Text(
            "该回避已记录过，未做修改。", "That conflict was already recorded; nothing changed."
        )
    )
    return 0


def cmd_packages(args: argparse.Namespace) -> int:
    from app.secretariat.packaging import issue_packages

    ctx = context(args)
    with _open(args, ctx) as store:
        issued = issue_packages(
            store, args.outdir, progress=Progress(ctx, Text("打包", "Packaging"))
        )
    if ctx.json:
        ctx.emit(issued.to_json())
    ctx.say(issued.message)
    return 0


def cmd_next_stage(args: argparse.Namespace) -> int:
    from app.chair.shortlist_verify import ShortlistRejected
    from app.secretariat.next_stage import advance_stage

    ctx = context(args)
    with _open(args, ctx) as store:
        try:
            result = advance_stage(store, args.shortlist, shortlist_size=args.shortlist_size)
        except ShortlistRejected as exc:
            if ctx.json:
                ctx.emit({"ok": False, "code": exc.code, "reason": exc.render(ctx.lang)})
            refused = Text(f"未采用此名单：{exc.text.zh}", f"List refused: {exc.text.en}")
            print(refused.render(ctx.lang), file=sys.stderr)
            return 1
    if ctx.json:
        ctx.emit({"ok": True, **result.to_json()})
    ctx.say(result.message)
    return 0


def cmd_ca(args: argparse.Namespace) -> int:
    from app.secretariat.packaging import export_ca

    ctx = context(args)
    with _open(args, ctx) as store:
        export_ca(store, args.output)
    ctx.say(
        Text(f"本轮 CA 证书已写入 {args.output}", f"Round CA certificate written to {args.output}")
    )
    return 0
