"""``qbr sheet …`` (an expert's signed score sheet) and ``qbr group import`` (the leader's).

``qbr group import`` exits 0 when every file was taken in (applied, kept or a
duplicate) and 1 when any was refused, so a script notices a bad file in a batch.
The ``group`` area is shared: see :mod:`app.cli.areas`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.areas import group_parser
from app.cli.common import Context, add_passphrase_option, context, store_passphrase
from app.errors import InputRefused, Text

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; commands import it when they run
    from app.sheets.ledger import ImportResult
    from app.sheets.verify import VerifiedSheet

VERDICTS = {
    "applied": Text("已采用", "applied"),
    "kept": Text("已保存未采用", "kept"),
    "duplicate": Text("重复", "duplicate"),
    "conflicting": Text("冲突", "conflicting"),
    "rejected": Text("拒收", "rejected"),
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sheet = sub.add_parser("sheet", help="signed score sheets (评分表)")
    cmds = sheet.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = cmds.add_parser("export", help="export your score sheet, signed (or a draft)")
    p.add_argument("store", type=Path)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    p.add_argument("--draft", action="store_true", help="an unsigned draft, to check")
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_export)

    p = cmds.add_parser("verify", help="verify a signed score sheet against the round CA")
    p.add_argument("file", type=Path)
    p.add_argument("--ca", required=True, type=Path, metavar="CA.pem")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    p = group_parser(sub).add_parser("import", help="import members' signed score sheets")
    p.add_argument("store", type=Path)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="PDF files or folders")
    p.add_argument("--json", action="store_true")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_group_import)


def cmd_export(args: argparse.Namespace) -> int:
    from app.sheets.export import export_sheet
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        result = export_sheet(store, args.output, draft=args.draft)
    if ctx.json:
        ctx.emit(result.to_json())
    ctx.say(result.message)
    return 0


def read_input(path: Path, what: Text) -> bytes:
    """A file the user named, or a refusal saying which one could not be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputRefused(
            Text(
                f"无法读取{what.zh} {path}（{exc}）。", f"Cannot read the {what.en} {path} ({exc})."
            )
        ) from exc


def cmd_verify(args: argparse.Namespace) -> int:
    from app.sheets.verify import SheetRejected, verify_sheet

    ctx = context(args)
    ca = read_input(args.ca, Text("CA 证书", "CA certificate"))
    data = read_input(args.file, Text("评分表", "score sheet"))
    try:
        verified = verify_sheet(data, ca_certificate_pem=ca)
    except SheetRejected as exc:
        if ctx.json:
            ctx.emit({"ok": False, "code": exc.code, "reason": exc.render(ctx.lang)})
        ctx.say(Text(f"未通过核验：{exc.text.zh}", f"Not verified: {exc.text.en}"))
        return 1
    if ctx.json:
        ctx.emit(_verified_json(verified))
    else:
        _print_verified(ctx, verified)
    return 0


def _verified_json(verified: VerifiedSheet) -> dict[str, Any]:
    sheet = verified.sheet
    return {
        "ok": True,
        "signer_id": sheet.expert_id,
        "signer": sheet.expert_name,
        "signed_at": verified.signed_at.isoformat(),
        "file_sha256": verified.file_sha256,
        "content_hash": sheet.content_hash,
        "sheet": sheet.to_json(),
    }


def _print_verified(ctx: Context, verified: VerifiedSheet) -> None:
    from app.sheets.render import local_time, number

    sheet = verified.sheet
    ctx.say(
        Text(
            f"签名有效：{sheet.expert_name}（{sheet.organisation}）签署于 "
            f"{local_time(verified.signed_at.isoformat())}；{sheet.round_name}，{sheet.group_name}，"
            f"评分表第 {sheet.revision} 版，{len(sheet.entries)} 份申报材料。",
            f"Valid signature: {sheet.expert_name} ({sheet.organisation}) signed on "
            f"{local_time(verified.signed_at.isoformat())}; {sheet.round_name}, {sheet.group_name}, "
            f"score sheet revision {sheet.revision}, {len(sheet.entries)} dossiers.",
        )
    )
    for entry in sheet.entries:
        if entry.conflict:
            ctx.say(
                Text(
                    f"  {entry.seq:>3} {entry.enterprise}：回避",
                    f"  {entry.seq:>3} {entry.enterprise}: conflict",
                )
            )
            continue
        yes = {True: ("是", "yes"), False: ("否", "no"), None: ("—", "—")}[entry.recommendation]
        ctx.say(
            Text(
                f"  {entry.seq:>3} {entry.enterprise}：总分 {number(entry.total)}，推荐 {yes[0]}",
                f"  {entry.seq:>3} {entry.enterprise}: total {number(entry.total)}, "
                f"recommended {yes[1]}",
            )
        )


def cmd_group_import(args: argparse.Namespace) -> int:
    from app.sheets.ledger import import_sheets
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        results = import_sheets(store, args.files)
    return tell_verdicts(ctx, results)


def tell_verdicts(ctx: Context, results: Sequence[ImportResult]) -> int:
    """Each offered file's verdict and a count; exit 0 only when every file was taken in."""
    if ctx.json:
        ctx.emit([r.to_json() for r in results])
    else:
        for result in results:
            ctx.say(_line(result))
    accepted = sum(r.accepted for r in results)
    ctx.say(
        Text(
            f"共 {len(results)} 个文件：接收 {accepted} 个，拒收 {len(results) - accepted} 个。",
            f"{len(results)} files: {accepted} taken in, {len(results) - accepted} refused.",
        )
    )
    return 0 if accepted == len(results) else 1


def _line(result: ImportResult) -> Text:
    verdict = VERDICTS.get(result.verdict, Text(result.verdict, result.verdict))
    return Text(
        f"[{verdict.zh}] {result.file.name}：{result.reason.zh}",
        f"[{verdict.en}] {result.file.name}: {result.reason.en}",
    )


__all__ = ["group_parser", "register"]
