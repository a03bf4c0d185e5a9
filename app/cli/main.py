"""Entry point of ``qbr``: parse, dispatch, and turn user errors into messages.

Exit status: 0 done, 1 the input was refused (message on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.cli import (
    chair_cmds,
    demo_cmd,
    form_cmds,
    group_cmds,
    round_cmds,
    sheet_cmds,
    store_cmds,
)
from app.errors import Lang, Text, UserError

log = logging.getLogger("qbr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qbr",
        description="质量标杆评审工作站 · Quality Benchmark Reviewer Workstation",
    )
    parser.add_argument("--version", action="version", version=f"qbr {__version__}")
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=os.environ.get("QBR_LANG", "zh"),
        help="language of messages (default zh)",
    )
    sub = parser.add_subparsers(dest="area", required=True, metavar="AREA")
    demo_cmd.register(sub)
    round_cmds.register(sub)
    store_cmds.register(sub)
    form_cmds.register(sub)
    sheet_cmds.register(sub)
    group_cmds.register(sub)
    chair_cmds.register(sub)
    gui = sub.add_parser("gui", help="open the desktop app")
    gui.add_argument("store", nargs="?")
    gui.set_defaults(func=demo_cmd.cmd_gui)
    return parser


def _log_to_file() -> Path:
    """Bugs are logged with their traceback to a file, never shown raw to the user."""
    from platformdirs import user_log_path

    folder = user_log_path("qbr-workstation", ensure_exists=True)
    handler = logging.FileHandler(folder / "qbr.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    return folder / "qbr.log"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang: Lang = "en" if args.lang == "en" else "zh"
    try:
        return int(args.func(args))
    except UserError as exc:
        print(exc.render(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("中断 / interrupted", file=sys.stderr)
        return 1
    except Exception:  # a bug: log it with its traceback, show one line
        try:
            where = str(_log_to_file())
        except OSError:
            where = "stderr"
        log.exception("unexpected error in %s", " ".join(sys.argv))
        print(
            Text(
                f"内部错误，详细信息已记录在 {where}。", f"Internal error; details are in {where}."
            ).render(lang),
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
