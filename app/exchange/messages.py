"""What a person is told when a sealed file is refused, in both languages.

Each failure has its own message so the recipient knows what to do: fix the passphrase, copy the
file again, or ask the secretariat for a new one.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.errors import Text

NOUNS: Mapping[str, Text] = {"assignment-package": Text("评审任务包", "assignment package")}
"""How each kind of envelope is named in messages."""

GENERIC_NOUN = Text("加密交换文件", "encrypted exchange file")


def noun(kind: str | None) -> Text:
    """The name of a kind of envelope; an unknown or missing kind gets the generic name."""
    return NOUNS.get(kind or "", GENERIC_NOUN)


def say(template: Text, **values: Text | str) -> Text:
    """Fill a message, taking each language's form of the values that are themselves Text."""
    zh = {k: v.zh if isinstance(v, Text) else v for k, v in values.items()}
    en = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
    return Text(template.zh.format(**zh), template.en.format(**en))


NOT_ENVELOPE = Text("这不是{noun}文件。", "This file is not a valid {noun}.")
UNKNOWN_VERSION = Text(
    "无法识别此{noun}的格式版本（{version}），它可能由更新版本的软件生成。",
    "This {noun} has a format version this software does not know ({version}); it may have "
    "been made by a newer version.",
)
WRONG_KIND = Text(
    "文件类型不对：需要{expected}，但这是{actual}。",
    "Wrong kind of file: expected: {expected}; this file is: {actual}.",
)
WRONG_PASSPHRASE = Text(
    "一次性口令不正确，无法打开{noun}。请与评审办公室核对口令（不区分大小写，可省略连字符）。",
    "The one-time passphrase for this {noun} is wrong. Check it with the secretariat "
    "(letter case and dashes do not matter).",
)
DAMAGED = Text(
    "{noun}文件已被修改或损坏，无法使用。请向评审办公室重新索取。",
    "The {noun} file has been modified or damaged and cannot be used. Ask the secretariat "
    "for a new copy.",
)
INCOMPLETE = Text(
    "{noun}文件不完整（可能复制或下载时被中断）。请重新复制完整的文件。",
    "The {noun} file is incomplete (a copy or download was probably interrupted). Copy the "
    "whole file again.",
)
TRAILING = Text(
    "{noun}文件末尾多出了数据，可能已被篡改，已拒绝打开。",
    "The {noun} file has extra data after its end and may have been tampered with; it was refused.",
)
HOSTILE_KDF = Text(
    "{noun}文件要求的密钥参数超出允许范围，已拒绝打开（文件可能是恶意构造的）。",
    "The {noun} file asks for key-derivation settings beyond the allowed limits and was "
    "refused (it may be hostile).",
)
CANNOT_OPEN = Text("无法读取{noun}文件：{reason}", "Cannot read the {noun} file: {reason}")
TOO_LARGE = Text("记录“{name}”过大，已拒绝读取。", "The record '{name}' is too large to read.")
