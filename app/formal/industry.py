"""The industry scope of the selection and reading GB/T 4754-2017 industry codes.

The scope table lives in ``resources/rules/industry_scope.toml`` with its sources,
so that a change of policy is a reviewed data change rather than a code change.
Codes arrive as offices type them — ``C3825``, ``3825``, ``38``, ``C`` or
``C38 电气机械和器材制造业`` — and only the section letter and the two-digit
division matter for the scope.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.errors import InputRefused, Text
from app.resources import resource

INDUSTRY_SCOPE = resource("rules", "industry_scope.toml")
_CODE = re.compile(r"([A-Z])?(\d+)?")


@dataclass(frozen=True)
class IndustrySection:
    """A GB/T 4754-2017 section (门类), e.g. C 制造业 = divisions 13–43."""

    letter: str
    first: int
    last: int
    name: str
    name_en: str


@dataclass(frozen=True)
class IndustryScope:
    """Which divisions (大类) the selection accepts, and why each is accepted."""

    sections: tuple[IndustrySection, ...]
    reasons: dict[int, Text]  # division → the scope entry that admits it

    def section_of(self, division: int) -> IndustrySection | None:
        for section in self.sections:
            if section.first <= division <= section.last:
                return section
        return None

    def section(self, letter: str) -> IndustrySection | None:
        return next((s for s in self.sections if s.letter == letter), None)

    def admits(self, division: int) -> bool:
        return division in self.reasons


@dataclass(frozen=True)
class IndustryCode:
    """A parsed code: its section and, unless only a letter was given, its division."""

    section: IndustrySection
    division: int | None


def load_industry_scope(path: Path = INDUSTRY_SCOPE) -> IndustryScope:
    """Read a scope table; a broken table is refused with the file named."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        sections = tuple(
            IndustrySection(letter, int(v[0]), int(v[1]), str(v[2]), str(v[3]))
            for letter, v in data["sections"].items()
        )
        core = data["core"]
        reasons = {
            d: Text(str(core["name"]), str(core["name_en"]))
            for d in range(int(core["first"]), int(core["last"]) + 1)
        }
        for entry in data["productive_services"]:
            why = Text(f"生产性服务业：{entry['name']}", f"productive services: {entry['name_en']}")
            for division in entry["divisions"]:
                reasons.setdefault(int(division), why)
    except (OSError, tomllib.TOMLDecodeError, KeyError, IndexError, TypeError, ValueError) as exc:
        raise InputRefused(
            Text(
                f"行业范围表 {path} 无法读取：{exc}",
                f"Industry scope table {path} is broken: {exc}",
            )
        ) from exc
    return IndustryScope(sections, reasons)


@cache
def bundled_industry_scope() -> IndustryScope:
    """The scope table shipped with the application (read once)."""
    return load_industry_scope()


def parse_industry_code(text: str, scope: IndustryScope) -> IndustryCode | Text:
    """The section and division of a typed code, or why it cannot be read."""
    cleaned = re.sub(r"[\s\-./]", "", unicodedata.normalize("NFKC", text)).upper()
    found = _CODE.match(cleaned)
    letter, digits = (found.group(1), found.group(2)) if found else (None, None)
    rest = cleaned[found.end() :] if found else cleaned
    if (letter is None and digits is None) or (rest and rest[0].isascii()):
        return Text(
            f"“{text}”不是国民经济行业代码（应如 C3825、3825、38 或 C）",
            f"'{text}' is not a GB/T 4754-2017 code (expected e.g. C3825, 3825, 38 or C)",
        )
    if digits is not None and not 2 <= len(digits) <= 4:
        return Text(
            f"行业代码“{text}”的数字部分应为 2–4 位",
            f"industry code '{text}' must have 2 to 4 digits",
        )
    if digits is None:
        by_letter = scope.section(letter or "")
        if by_letter is None:
            return Text(f"“{letter}”不是行业门类", f"'{letter}' is not an industry section")
        return IndustryCode(by_letter, None)
    division = int(digits[:2])
    section = scope.section_of(division)
    if section is None:
        return Text(f"大类“{digits[:2]}”不存在", f"division '{digits[:2]}' does not exist")
    if letter is not None and letter != section.letter:
        return Text(
            f"门类“{letter}”与大类“{digits[:2]}”（属门类 {section.letter}）不符",
            f"section '{letter}' does not match division '{digits[:2]}' "
            f"(which is in section {section.letter})",
        )
    return IndustryCode(section, division)
