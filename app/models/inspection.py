"""What inspecting an untrusted file found: type, readability, pages, text, sections.

Produced by the document worker (a child process) and consumed by import, the
formal review and search. Plain data that crosses the process boundary as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class FileStatus(StrEnum):
    """Whether a file could be read, and if not, why."""

    OK = "ok"
    EMPTY = "empty"
    ENCRYPTED = "encrypted"  # password-protected PDF or Office file
    CORRUPT = "corrupt"  # cannot be parsed
    WRONG_TYPE = "wrong_type"  # content does not match the extension
    LEGACY_DOC = "legacy_doc"  # .doc (OLE2 Word 97-2003)
    EXECUTABLE = "executable"  # ELF/PE/Mach-O/script
    UNSUPPORTED = "unsupported"  # a type the product does not read
    HOSTILE = "hostile"  # DOCTYPE/entities, zip bomb, escaping paths
    CRASHED = "crashed"  # the worker died or hung on it


@dataclass(frozen=True)
class Section:
    """A section of a 典型经验材料 found by heading style or bold heading paragraph."""

    title: str
    level: int
    chars: int  # characters of body text under it (whitespace excluded)
    has_year_table: bool  # a table (or text) with three years of data
    text: str = ""


@dataclass(frozen=True)
class Inspection:
    """The outcome of inspecting one file."""

    status: FileStatus
    detected_type: str  # "pdf", "docx", "xlsx", "jpeg", "png", "doc", "zip", "rar", "exe", ...
    reason: str = ""  # why, when status is not OK (English, technical)
    pages: int | None = None
    page_texts: tuple[str, ...] = ()
    sections: tuple[Section, ...] = field(default_factory=tuple)
    title: str = ""  # first heading or document title, where one exists

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        data["page_texts"] = list(self.page_texts)
        data["sections"] = [asdict(s) for s in self.sections]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inspection:
        return cls(
            status=FileStatus(data["status"]),
            detected_type=str(data["detected_type"]),
            reason=str(data.get("reason", "")),
            pages=data.get("pages"),
            page_texts=tuple(str(t) for t in data.get("page_texts", [])),
            sections=tuple(Section(**s) for s in data.get("sections", [])),
            title=str(data.get("title", "")),
        )
