"""The scoring scheme (评分方案): criterion pairs, aspects, points, step and bands."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.errors import InputRefused, Text
from app.resources import DEFAULT_SCHEME


@dataclass(frozen=True)
class Band:
    """A quick-pick band (优/良/中/差) as a fraction range of an aspect's points."""

    key: str
    label: str
    label_en: str
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class Aspect:
    """One scored aspect (评分要素), e.g. 科学性, with its points and guidance."""

    key: str
    name: str
    name_en: str
    points: Decimal
    guidance: str
    guidance_en: str


@dataclass(frozen=True)
class CriterionPair:
    """One of the three criterion pairs (评价准则), e.g. 科学性和创新性."""

    key: str
    name: str
    name_en: str
    aspects: tuple[Aspect, ...]

    @property
    def points(self) -> Decimal:
        return sum((a.points for a in self.aspects), Decimal(0))


@dataclass(frozen=True)
class Scheme:
    """A validated scoring scheme (评分方案)."""

    name: str
    name_en: str
    version: int
    total: Decimal
    step: Decimal
    bands: tuple[Band, ...]
    pairs: tuple[CriterionPair, ...]

    @property
    def aspects(self) -> tuple[Aspect, ...]:
        return tuple(a for p in self.pairs for a in p.aspects)

    def aspect(self, key: str) -> Aspect:
        for a in self.aspects:
            if a.key == key:
                return a
        raise KeyError(key)

    def check_score(self, aspect_key: str, value: Decimal) -> Text | None:
        """Why ``value`` is not a valid score for the aspect, or ``None`` if it is."""
        aspect = self.aspect(aspect_key)
        if value < 0 or value > aspect.points:
            return Text(
                f"{aspect.name}的分数应在 0 到 {aspect.points} 之间，而不是 {value}。",
                f"{aspect.name_en} must be between 0 and {aspect.points}, not {value}.",
            )
        if (value / self.step) % 1 != 0:
            return Text(
                f"{aspect.name}的分数须以 {self.step} 分为单位，{value} 不符合。",
                f"{aspect.name_en} must be in steps of {self.step}; {value} is not.",
            )
        return None

    def to_dict(self) -> dict[str, Any]:
        """The scheme as plain TOML-shaped data (for storage and packages)."""
        return {
            "name": self.name,
            "name_en": self.name_en,
            "version": self.version,
            "total": str(self.total),
            "step": str(self.step),
            "bands": [
                {
                    "key": b.key,
                    "label": b.label,
                    "label_en": b.label_en,
                    "low": str(b.low),
                    "high": str(b.high),
                }
                for b in self.bands
            ],
            "pairs": [
                {
                    "key": p.key,
                    "name": p.name,
                    "name_en": p.name_en,
                    "aspects": [
                        {
                            "key": a.key,
                            "name": a.name,
                            "name_en": a.name_en,
                            "points": str(a.points),
                            "guidance": a.guidance,
                            "guidance_en": a.guidance_en,
                        }
                        for a in p.aspects
                    ],
                }
                for p in self.pairs
            ],
        }


def _refuse(zh: str, en: str) -> InputRefused:
    return InputRefused(Text(f"评分方案无效：{zh}", f"Invalid scoring scheme: {en}"))


def _dec(data: dict[str, Any], key: str, where: str) -> Decimal:
    raw = data.get(key)
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _refuse(f"{where} 缺少数值 {key}", f"{where} lacks the number {key}")
    try:
        return Decimal(str(raw))
    except ArithmeticError as exc:
        raise _refuse(f"{where} 的 {key} 不是数字", f"{key} of {where} is not a number") from exc


def _str(data: dict[str, Any], key: str, where: str) -> str:
    raw = data.get(key)
    if not isinstance(raw, str) or not raw.strip():
        raise _refuse(f"{where} 缺少文字 {key}", f"{where} lacks the text {key}")
    return raw


def scheme_from_dict(data: dict[str, Any]) -> Scheme:
    """Build and validate a scheme from TOML-shaped data."""
    step = _dec(data, "step", "方案")
    total = _dec(data, "total", "方案")
    if step <= 0:
        raise _refuse("分数步长须大于 0", "the step must be positive")
    bands = tuple(
        Band(
            _str(b, "key", "档次"),
            _str(b, "label", "档次"),
            _str(b, "label_en", "档次"),
            _dec(b, "low", "档次"),
            _dec(b, "high", "档次"),
        )
        for b in data.get("bands", [])
    )
    for b in bands:
        if not (0 <= b.low <= b.high <= 1):
            raise _refuse(f"档次 {b.label} 的范围无效", f"band {b.label_en} has an invalid range")
    pairs: list[CriterionPair] = []
    seen: set[str] = set()
    for p in data.get("pairs", []):
        where = f"准则 {p.get('name', '?')}"
        aspects: list[Aspect] = []
        for a in p.get("aspects", []):
            aspect = Aspect(
                _str(a, "key", where),
                _str(a, "name", where),
                _str(a, "name_en", where),
                _dec(a, "points", where),
                _str(a, "guidance", where),
                _str(a, "guidance_en", where),
            )
            if aspect.key in seen:
                raise _refuse(f"要素 {aspect.key} 重复", f"aspect {aspect.key} appears twice")
            if aspect.points <= 0 or (aspect.points / step) % 1 != 0:
                raise _refuse(
                    f"要素 {aspect.name} 的分值须为步长的正整数倍",
                    f"aspect {aspect.name_en} points must be a positive multiple of the step",
                )
            seen.add(aspect.key)
            aspects.append(aspect)
        if not aspects:
            raise _refuse(f"{where} 没有评分要素", f"{where} has no aspects")
        pairs.append(
            CriterionPair(
                _str(p, "key", where),
                _str(p, "name", where),
                _str(p, "name_en", where),
                tuple(aspects),
            )
        )
    if not pairs:
        raise _refuse("没有评价准则", "no criterion pairs")
    scheme = Scheme(
        name=_str(data, "name", "方案"),
        name_en=_str(data, "name_en", "方案"),
        version=int(data.get("version", 1)),
        total=total,
        step=step,
        bands=bands,
        pairs=tuple(pairs),
    )
    summed = sum((p.points for p in scheme.pairs), Decimal(0))
    if summed != total:
        raise _refuse(
            f"各要素分值之和为 {summed}，与总分 {total} 不符",
            f"the aspects sum to {summed}, not the stated total {total}",
        )
    return scheme


def load_scheme(path: Path = DEFAULT_SCHEME) -> Scheme:
    """Load and validate a scheme TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _refuse(f"无法读取 {path.name}（{exc}）", f"cannot read {path.name} ({exc})") from exc
    return scheme_from_dict(data)
