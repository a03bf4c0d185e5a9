"""Rules for the experience title (典型经验名称): length and naming pattern.

Shanghai 附件1: the title is at most 40 characters and reads 单位名称 + 典型方法技术
+ 经验, e.g. "××公司实施六西格玛设计的经验". Enterprises shorten their own name
("海尔" for 青岛海尔股份有限公司), so the pattern check accepts any recognisable
short form and is a warning: it points a person at the title, it does not judge it.
"""

from __future__ import annotations

import re

from app.errors import Text
from app.formal.findings import Finding, finding
from app.formal.model import CheckInput
from app.ingest.manifest import ManifestRow, normalise_name

_SUFFIXES = (
    "集团股份有限公司",
    "集团有限责任公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "股份公司",
    "总公司",
    "分公司",
    "公司",
    "集团",
    "股份",
    "总厂",
    "厂",
)
_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:省|市|自治区|特别行政区|自治州|地区|盟)")
_UNLISTED_PLACE = (2, 3)  # a city or province name without 市/省, e.g. 青岛, 黑龙江
_BRACKETED = re.compile(r"\([^)]*\)")
_EDGE = "\"'“”‘’《》「」<>。.,，、:：;；!！?？·-"


def check_titles(data: CheckInput) -> list[Finding]:
    """Length and pattern of each row's title."""
    out: list[Finding] = []
    for row in data.rows():
        if row.title.strip():
            out.extend(_length(row, data.limits.title_chars))
            out.extend(_pattern(row))
    return out


def _length(row: ManifestRow, limit: int) -> list[Finding]:
    chars = len(re.sub(r"\s", "", row.title))
    if chars <= limit:
        return []
    return [
        finding(
            "title.too_long",
            Text(
                f"“{row.enterprise}”的典型经验名称“{row.title}”有 {chars} 字，"
                f"超过 {limit} 字的限制。",
                f"The experience title of '{row.enterprise}' has {chars} characters, "
                f"more than the {limit} allowed: '{row.title}'.",
            ),
            enterprise=row.enterprise,
            seq=row.seq,
            chars=chars,
            limit=limit,
        )
    ]


def name_forms(name: str) -> set[str]:
    """The name and the short forms an enterprise may use for itself in a title.

    Drops bracketed parts, legal-form suffixes (有限公司, 集团 …) and leading place
    names ending in 省/市/自治区 …, in every combination.
    """
    base = normalise_name(name)
    forms = {base, _BRACKETED.sub("", base)}
    pending = list(forms)
    while pending:
        form = pending.pop()
        shorter = [form[: -len(s)] for s in _SUFFIXES if form.endswith(s)]
        place = _PLACE.match(form)
        if place:
            shorter.append(form[place.end() :])
        for candidate in shorter:
            if len(candidate) >= 2 and candidate not in forms:
                forms.add(candidate)
                pending.append(candidate)
    return forms


def _name_prefix(title: str, name: str) -> int:
    """How many leading characters of ``title`` name the enterprise (0 if none do)."""
    forms = name_forms(name)
    whole = [len(f) for f in forms if title.startswith(f)]
    if whole:
        return max(whole)
    best = 0
    for form in forms:
        for skip in (0, *_UNLISTED_PLACE):
            rest = form[skip:]
            common = 0
            while common < min(len(rest), len(title)) and rest[common] == title[common]:
                common += 1
            best = max(best, common)
    return best if best >= 2 else 0


def title_pattern_problems(title: str, enterprise: str) -> list[Text]:
    """What keeps ``title`` from reading 单位名称 + 典型方法技术 + 经验."""
    text = normalise_name(title).strip(_EDGE)
    problems: list[Text] = []
    ends = text.endswith("经验")
    if not ends:
        problems.append(Text("未以“经验”结尾", "it does not end with 经验 (experience)"))
    prefix = _name_prefix(text, enterprise)
    if prefix == 0:
        problems.append(
            Text(
                "未以单位名称或其简称开头",
                "it does not begin with the enterprise's name or a short form of it",
            )
        )
    elif ends:
        middle = text[prefix:-2].strip(_EDGE + "的之")
        if len(middle) < 2:
            problems.append(
                Text(
                    "单位名称与“经验”之间缺少典型方法技术",
                    "there is no method or technique between the name and 经验",
                )
            )
    return problems


def _pattern(row: ManifestRow) -> list[Finding]:
    problems = title_pattern_problems(row.title, row.enterprise)
    if not problems:
        return []
    return [
        finding(
            "title.pattern",
            Text(
                f"“{row.enterprise}”的典型经验名称“{row.title}”不符合“单位名称＋典型方法技术＋经验”"
                "的命名规则：" + "；".join(p.zh for p in problems) + "。",
                f"The experience title '{row.title}' of '{row.enterprise}' does not follow "
                "'enterprise name + method + 经验': " + "; ".join(p.en for p in problems) + ".",
            ),
            enterprise=row.enterprise,
            seq=row.seq,
            title=row.title,
            reasons=[p.en for p in problems],
        )
    ]
