"""``qbr store …``: a person's own encrypted store."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import (
    add_passphrase_option,
    context,
    package_passphrase,
    secret,
    store_passphrase,
)
from app.errors import Text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    store = sub.add_parser("store", help="a person's own encrypted store")
    cmds = store.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = cmds.add_parser("init", help="create an empty encrypted store")
    p.add_argument("store", type=Path)
    add_passphrase_option(p)
    p.set_defaults(func=cmd_init)

    p = cmds.add_parser("import-package", help="load an assignment package into the store")
    p.add_argument("store", type=Path)
    p.add_argument("package", type=Path)
    add_passphrase_option(p)
    p.add_argument(
        "--package-passphrase-file",
        metavar="FILE",
        help="the package's one-time passphrase (else $QBR_PACKAGE_PASSPHRASE)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import_package)

    p = cmds.add_parser("check", help="verify the store's integrity and audit chain")
    p.add_argument("store", type=Path)
    add_passphrase_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    p = cmds.add_parser("change-passphrase", help="choose a new passphrase")
    p.add_argument("store", type=Path)
    add_passphrase_option(p)
    p.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help="read the new passphrase from FILE (else $QBR_NEW_PASSPHRASE or a prompt)",
    )
    p.set_defaults(func=cmd_change_passphrase)

    p = cmds.add_parser("backup", help="make an encrypted backup of the store")
    p.add_argument("store", type=Path)
    p.add_argument("-o", "--output", type=Path, help="backup folder (default: STORE/backups/…)")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_backup)


def cmd_init(args: argparse.Namespace) -> int:
    from app.store.store import Store, StoreKind

    ctx = context(args)
    passphrase = store_passphrase(args, ctx, new=True)
    Store.create(args.store, passphrase, StoreKind.PERSONAL).close()
    ctx.say(
        Text(
            f"已创建加密存储：{args.store}\n下一步：qbr store import-package {args.store} 任务包.qbrpkg",
            f"Created the encrypted store {args.store}\n"
            f"Next: qbr store import-package {args.store} PACKAGE.qbrpkg",
        )
    )
    return 0


def cmd_import_package(args: argparse.Namespace) -> int:
    from app.exchange.package_import import import_package
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        result = import_package(store, args.package, package_passphrase(args, ctx))
    if ctx.json:
        ctx.emit(result.to_json())
    ctx.say(result.message)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        report = store.check()
    if ctx.json:
        ctx.emit(
            {
                "ok": report.ok,
                "problems": list(report.problems),
                "schema_revision": report.schema_revision,
                "audit_entries": report.audit_entries,
                "audit_head": report.audit_head,
                "document_bytes": report.document_bytes,
            }
        )
    if report.ok:
        ctx.say(
            Text(
                f"存储完好：两个数据库文件均通过完整性校验，审计日志 {report.audit_entries} 条、哈希链完整"
                f"（链头 {report.audit_head[:16]}…），文档 {report.document_bytes / 1e6:.1f} MB。",
                f"The store is intact: both database files pass their integrity checks, the audit "
                f"log's {report.audit_entries} entries chain correctly (head "
                f"{report.audit_head[:16]}…), documents {report.document_bytes / 1e6:.1f} MB.",
            )
        )
        return 0
    for problem in report.problems:
        ctx.say(Text(f"问题：{problem}", f"Problem: {problem}"))
    return 1


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        new = secret(
            args.new_passphrase_file,
            "QBR_NEW_PASSPHRASE",
            Text("新口令：", "New passphrase:"),
            ctx,
            confirm=True,
        )
        store.change_passphrase(new)
    ctx.say(
        Text(
            "口令已更改。旧的备份仍需旧口令才能打开。",
            "Passphrase changed. Older backups still open with the old passphrase.",
        )
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        folder = store.backup(args.output)
    ctx.say(
        Text(
            f"已备份到 {folder}（仍为加密状态，需用口令打开）。",
            f"Backed up to {folder} (still encrypted; it opens with the passphrase).",
        )
    )
    return 0
