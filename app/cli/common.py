"""What every command shares: secrets, language, output, progress."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InputRefused, Lang, Text, UserError


@dataclass(frozen=True)
class Context:
    """Options common to all commands."""

    lang: Lang
    json: bool = False

    def say(self, text: Text) -> None:
        """A human message on stderr when --json keeps stdout for data, else stdout."""
        stream = sys.stderr if self.json else sys.stdout
        print(text.render(self.lang), file=stream)

    def emit(self, data: Any) -> None:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def context(args: argparse.Namespace) -> Context:
    lang: Lang = "en" if getattr(args, "lang", "zh") == "en" else "zh"
    return Context(lang=lang, json=bool(getattr(args, "json", False)))


def _read_secret_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").strip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputRefused(
            Text(
                f"无法读取口令文件 {path}（{exc}）。",
                f"Cannot read the passphrase file {path} ({exc}).",
            )
        ) from exc


def secret(
    file_arg: str | None, env: str, prompt: Text, ctx: Context, *, confirm: bool = False
) -> str:
    """A secret from ``--…-file``, the environment, or a prompt — never from argv."""
    if file_arg:
        return _read_secret_file(file_arg)
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise InputRefused(
            Text(
                f"需要口令：请在终端中运行，或使用口令文件参数或环境变量 {env}。",
                f"A passphrase is needed: run in a terminal, or use the passphrase-file "
                f"option or the {env} environment variable.",
            )
        )
    first = getpass.getpass(prompt.render(ctx.lang) + " ")
    if confirm:
        again = getpass.getpass(Text("再次输入：", "Again:").render(ctx.lang) + " ")
        if again != first:
            raise InputRefused(Text("两次输入的口令不一致。", "The passphrases do not match."))
    return first


def store_passphrase(args: argparse.Namespace, ctx: Context, *, new: bool = False) -> str:
    prompt = (
        Text("新存储的口令：", "Passphrase for the new store:")
        if new
        else Text("存储口令：", "Store passphrase:")
    )
    return secret(
        getattr(args, "passphrase_file", None), "QBR_PASSPHRASE", prompt, ctx, confirm=new
    )


def package_passphrase(args: argparse.Namespace, ctx: Context) -> str:
    return secret(
        getattr(args, "package_passphrase_file", None),
        "QBR_PACKAGE_PASSPHRASE",
        Text("任务包的一次性口令：", "The package's one-time passphrase:"),
        ctx,
    )


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the store passphrase from FILE (else $QBR_PASSPHRASE or a prompt)",
    )


class Progress:
    """A one-line progress counter on stderr (only on a terminal)."""

    def __init__(self, ctx: Context, label: Text) -> None:
        self.ctx = ctx
        self.label = label
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int, item: str) -> None:
        if self.live:
            line = f"\r{self.label.render(self.ctx.lang)} {done}/{total} {item[:40]}"
            print(line.ljust(78), end="", file=sys.stderr, flush=True)
            if done == total:
                print(file=sys.stderr)


__all__ = [
    "Context",
    "Progress",
    "UserError",
    "add_passphrase_option",
    "context",
    "package_passphrase",
    "secret",
    "store_passphrase",
]
