"""Command areas that several modules add commands to.

``qbr group …`` holds the leader's commands: ``group import`` (score sheets, in
``sheet_cmds``) and ``group report`` (the group report, in its own module). Each module
calls :func:`group_parser` and adds its commands to what it returns; whichever module
registers first creates the area, the others find it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TypeAlias

    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def area_commands(sub: Subparsers, name: str, help_text: str) -> Subparsers:
    """The commands action of the area ``name`` under ``sub``, created on first use."""
    existing = sub.choices.get(name)
    if existing is None:
        area = sub.add_parser(name, help=help_text)
        return area.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for action in existing._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise ValueError(f"the command area {name!r} exists without subcommands")


def add_list_change(cmds: Subparsers, help_text: str, reason_help: str) -> argparse.ArgumentParser:
    """``… change STORE --dossier D (--include | --exclude) [--reason R]``: a move on or off
    a list (the leader's or the chair's); the caller adds the passphrase option and command."""
    p = cmds.add_parser("change", help=help_text)
    p.add_argument("store", type=Path)
    p.add_argument("--dossier", required=True, metavar="ID|序号")
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--include", action="store_true", help="put it on the list")
    side.add_argument("--exclude", action="store_true", help="take it off the list")
    p.add_argument("--reason", default="", help=reason_help)
    p.add_argument("--json", action="store_true")
    return p


def group_parser(sub: Subparsers) -> Subparsers:
    """The ``qbr group`` commands action: a leader's consolidation of the group's sheets."""
    return area_commands(sub, "group", "a group leader's consolidation of the group's sheets")


__all__ = ["add_list_change", "area_commands", "group_parser"]
