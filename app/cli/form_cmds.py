"""``qbr form …``: the offline spreadsheet form, exported to fill in and imported back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import Context, add_passphrase_option, context, store_passphrase
from app.errors import Text, UserError

if TYPE_CHECKING:  # openpyxl and the store load when a command runs, not at start-up
    from app.forms import EditConflict


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    form = sub.add_parser("form", help="the offline spreadsheet form (Excel)")
    cmds = form.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = cmds.add_parser("export", help="write your dossiers to an .xlsx form to fill in")
    p.add_argument("store", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FORM.xlsx")
    add_passphrase_option(p)
    p.set_defaults(func=cmd_export)

    p = cmds.add_parser("import", help="bring a filled-in form back into the store")
    p.add_argument("store", type=Path)
    p.add_argument("form", type=Path, metavar="FORM.xlsx")
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="let the form win over records changed in the store after it was exported",
    )
    add_passphrase_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from app.forms import export_form
    from app.store.store import Store

    ctx = context(args)
    with Store.open(args.store, store_passphrase(args, ctx)) as store:
        exported = export_form(store, args.output)
    ctx.say(exported.message)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import; refusals with --json are a JSON document too, so scripts see the problems."""
    from app.forms import EditConflict, apply_form, read_form
    from app.store.store import Store

    ctx = context(args)
    try:
        with Store.open(args.store, store_passphrase(args, ctx)) as store:
            form = read_form(store, args.form)
            try:
                applied = apply_form(store, form, overwrite=args.overwrite)
            except EditConflict as conflict:
                if not sys.stdin.isatty():
                    raise
                if not _confirm_overwrite(ctx, conflict):
                    print(
                        Text("已取消，未导入任何内容。", "Cancelled; nothing was imported.").render(
                            ctx.lang
                        ),
                        file=sys.stderr,
                    )
                    return 1
                applied = apply_form(store, form, overwrite=True)
    except UserError as exc:
        if not ctx.json:
            raise
        ctx.emit(_refusal_json(exc, ctx))
        print(exc.render(ctx.lang), file=sys.stderr)
        return 1
    if ctx.json:
        ctx.emit(applied.to_json())
    ctx.say(applied.message)
    return 0


def _confirm_overwrite(ctx: Context, conflict: EditConflict) -> bool:
    """Ask on the terminal whether the form may overwrite later edits (default no)."""
    listing = conflict.listing
    intro = Text(
        f"导出此表格之后，以下申报材料在工作站中又有修改：\n{listing.zh}",
        f"These dossiers changed in the workstation after the form was exported:\n{listing.en}",
    )
    print(intro.render(ctx.lang), file=sys.stderr)
    question = Text(
        "仍以表格内容覆盖这些修改吗？[y/N] ", "Overwrite those changes with the form? [y/N] "
    )
    print(question.render(ctx.lang), end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip().lower()
    return answer in ("y", "yes", "是")


def _refusal_json(exc: UserError, ctx: Context) -> dict[str, Any]:
    from app.forms import EditConflict, FormRefused

    problems: list[dict[str, Any]]
    if isinstance(exc, FormRefused):
        problems = [p.to_json(ctx.lang) for p in exc.problems]
    else:
        problems = [
            {
                "sheet": None,
                "row": None,
                "column": None,
                "cell": None,
                "message": exc.render(ctx.lang),
            }
        ]
    conflicts = exc.dossiers if isinstance(exc, EditConflict) else ()
    return {
        "ok": False,
        "applied": [],
        "unchanged": [],
        "overwritten": [],
        "conflicts": [d.to_json() for d in conflicts],
        "problems": problems,
    }
