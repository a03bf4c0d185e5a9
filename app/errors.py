"""Errors a user can cause, each carrying a message in Chinese and English.

Anything that is not a :class:`UserError` is a bug: the command line and the UI
show a ``UserError`` as a plain message and log everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class Text:
    """A human message in both of the product's languages."""

    zh: str
    en: str

    def render(self, lang: Lang = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def format(self, **values: object) -> Text:
        return Text(self.zh.format(**values), self.en.format(**values))


class UserError(Exception):
    """An expected failure caused by input, to be shown to the user as is."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text

    def render(self, lang: Lang = "zh") -> str:
        return self.text.render(lang)


class WrongPassphrase(UserError):
    """The passphrase does not unlock the store or package."""


class StoreCorrupt(UserError):
    """The store's files fail their integrity checks."""


class InputRefused(UserError):
    """A file or archive was refused (hostile, broken or of the wrong kind)."""
