"""Composes each enterprise's 典型经验材料 from the method prose, the shared prose and its facts.

Every figure an enterprise quotes (three years of indicators, savings, patents…) comes from one
generator seeded with the enterprise's key, so the summary, the form and the evidence agree with
each other and every build produces the same text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.demo import prose_common as common
from app.demo.prose_enterprises import UNITS
from app.demo.prose_methods_a import LEAN, QC_CIRCLE, RELIABILITY, SIX_SIGMA
from app.demo.prose_methods_b import DIGITAL, EXCELLENCE, TQM, ZERO_DEFECT
from app.demo.prose_model import (
    SECTION_HEADINGS,
    YEARS,
    Block,
    DataTable,
    EnterpriseProfile,
    Experience,
    MethodText,
    Metrics,
    Para,
    Section,
    SubHeading,
)

METHODS: dict[str, MethodText] = {
    m.name: m
    for m in (SIX_SIGMA, LEAN, QC_CIRCLE, RELIABILITY, DIGITAL, EXCELLENCE, ZERO_DEFECT, TQM)
}
TITLE_LIMIT = 40
_NUMERALS = "一二三四五六七八九十"
_MUNICIPALITIES = ("上海", "北京", "天津", "重庆")


@dataclass(frozen=True)
class ExperienceVariant:
    """How a summary departs from a clean one (the fixtures seed formal-review defects)."""

    long_title: bool = False
    free_title: bool = False
    long_abstract: bool = False
    long_practice: bool = False
    without_results: bool = False
    without_data: bool = False


def chars(text: str) -> int:
    """Characters as the material rules count them: whitespace does not count."""
    return sum(1 for ch in text if not ch.isspace())


def _rng(profile: EnterpriseProfile, purpose: str) -> random.Random:
    return random.Random(f"qbr-demo:{profile.key}:{purpose}")


def metrics_for(profile: EnterpriseProfile) -> Metrics:
    """Three years of indicators improving towards (and partly past) the benchmark."""
    rng = _rng(profile, "metrics")
    r0 = profile.metrics.rate_start + rng.uniform(-0.3, 0.3)
    gain = min(rng.uniform(0.9, 1.8), (99.9 - r0) * 0.75)
    rate = (round(r0, 2), round(r0 + gain * rng.uniform(0.4, 0.6), 2), round(r0 + gain, 2))
    l0 = rng.uniform(1.3, 2.6)
    l2 = l0 * rng.uniform(0.42, 0.6)
    loss = (round(l0, 2), round((l0 + l2) / 2 + rng.uniform(-0.05, 0.05), 2), round(l2, 2))
    c0 = rng.randint(28, 72)
    c2 = round(c0 * rng.uniform(0.22, 0.4))
    count = (c0, round((c0 + c2) / 2) + rng.randint(-2, 2), c2)
    avg = (round(r0 - rng.uniform(0.4, 1.2), 2), round(l0 * rng.uniform(0.95, 1.25), 2))
    bench = (
        min(99.95, round(rate[2] - rng.uniform(-0.15, 0.35), 2)),
        round(l2 * rng.uniform(0.95, 1.2), 2),
    )
    return Metrics(
        spec=profile.metrics,
        rate=rate,
        loss=loss,
        count=count,
        avg=(avg[0], avg[1], round(c0 * rng.uniform(0.9, 1.3))),
        benchmark=(bench[0], bench[1], max(1, round(c2 * rng.uniform(0.9, 1.3)))),
    )


def province_name(profile: EnterpriseProfile) -> str:
    """省/市 name as it appears in award titles (上海市, 江苏省)."""
    return profile.province + ("市" if profile.province in _MUNICIPALITIES else "省")


def facts_for(profile: EnterpriseProfile) -> dict[str, str]:
    """Every placeholder the templates use, as text."""
    rng = _rng(profile, "facts")
    m = metrics_for(profile)
    ri = rng.randint
    mtbf0 = rng.randrange(1800, 4000, 100)
    score0 = ri(420, 520)
    facts: dict[str, object] = {
        "belts": ri(8, 30), "gbs": ri(60, 220), "projects": ri(45, 160), "bb_projects": ri(12, 40),
        "cpk0": ri(52, 68), "cpk2": ri(86, 97), "case_saving": ri(80, 460), "n_lines": ri(3, 9),
        "proposals": ri(3, 8), "proposal_total": ri(1800, 9800), "cycle_cut": ri(28, 45),
        "wip_cut": ri(35, 60), "oee0": ri(62, 70), "oee2": ri(78, 86),
        "qc_before": f"{rng.uniform(2.5, 6.5):.2f}", "qc_after": f"{rng.uniform(0.4, 1.2):.2f}",
        "groups": ri(60, 240), "prov_awards": ri(8, 30), "nat_awards": ri(2, 9),
        "part0": ri(45, 62), "part2": ri(78, 93), "mtbf0": mtbf0,
        "mtbf2": int(round(mtbf0 * rng.uniform(1.9, 2.6), -2)), "n_fmea": ri(6, 18),
        "early_cut": ri(55, 82), "claim_cut": ri(40, 66), "n_items": ri(12, 48) * 100,
        "batch0": ri(9, 18), "batch2": ri(1, 3), "auto0": ri(35, 55), "auto2": ri(92, 98),
        "resp0": f"{rng.uniform(4, 8):.1f}", "resp2": f"{rng.uniform(0.5, 1.5):.1f}",
        "insp_up": ri(25, 45), "n_bench": ri(5, 12), "score0": score0,
        "score2": score0 + ri(80, 140), "sat0": f"{rng.uniform(84, 88):.1f}",
        "sat2": f"{rng.uniform(91, 95):.1f}", "ponc": f"{rng.uniform(4, 7):.1f}",
        "ponc0": f"{rng.uniform(2.8, 3.8):.2f}", "ponc2": f"{rng.uniform(1.1, 1.8):.2f}",
        "zd_teams": ri(12, 45), "invest": ri(600, 3600), "trained": ri(3500, 16000),
        "trainers": ri(20, 60), "share_n": ri(3, 12) * 10, "saving": ri(2800, 16000),
        "new_patents": ri(25, 90), "inventions": ri(6, 24), "standards": ri(3, 15),
        "patents": ri(80, 420), "internal_std": ri(40, 160), "suppliers": ri(6, 26) * 10,
        "engineers": round(profile.staff * rng.uniform(0.16, 0.3)),
    }  # fmt: skip
    unit = UNITS[profile.province][0]
    rate_word = "优于" if m.rate[2] >= m.benchmark[0] else "接近"
    loss_word = "优于" if m.loss[2] <= m.benchmark[1] else "接近"
    facts.update(
        name=profile.name, short=profile.short, founded=profile.founded, history=profile.history,
        ownership=profile.ownership, city=profile.city, area=profile.area,
        industry=profile.industry, code=profile.code, products=profile.products,
        product=profile.product, process=profile.process, applications=profile.applications,
        customers=profile.customers, staff=profile.staff, lab=profile.lab, value=profile.value,
        vision=profile.vision, honours=profile.honours, revenue=profile.revenue,
        position=profile.position, start=profile.start,
        method=METHODS[profile.method].practice,
        stage2=profile.start + 2, stage3=min(profile.start + 5, YEARS[-1] - 1),
        province=province_name(profile), year_first=YEARS[0], year_last=YEARS[-1],
        profit_last=f"{profile.profits[-1]:.1f}",
        recognition=f"{unit}、主要客户和质量奖评审专家",
        rate=m.spec.rate, loss=m.spec.loss, count=m.spec.count, unit=m.spec.count_unit,
        rate0=f"{m.rate[0]:.2f}", rate2=f"{m.rate[2]:.2f}", loss0=f"{m.loss[0]:.2f}",
        loss2=f"{m.loss[2]:.2f}", count0=m.count[0], count2=m.count[2],
        rate_gain=f"{m.rate[2] - m.rate[0]:.2f}",
        rate_cmp=f"高于行业平均水平{m.avg[0]:.2f}%，{rate_word}标杆企业的{m.benchmark[0]:.2f}%",
        loss_cmp=f"低于行业平均水平{m.avg[1]:.2f}%，{loss_word}标杆企业的{m.benchmark[1]:.2f}%",
    )  # fmt: skip
    return {key: str(value) for key, value in facts.items()}


def compose_title(profile: EnterpriseProfile, variant: ExperienceVariant | None = None) -> str:
    """单位名称 + 典型方法技术 + 经验, within 40 characters unless a defect asks otherwise."""
    variant = variant or ExperienceVariant()
    method = METHODS[profile.method]
    if variant.free_title:
        return f"匠心铸品质　创新促发展——{method.name}推进实践与探索"
    if variant.long_title:
        return f"{profile.name}基于{method.name}的全员全过程全要素质量持续改进与管理创新实践经验"
    rng = _rng(profile, "title")
    fitting = [t for t in method.titles if len(profile.name) + len(t) + 2 <= TITLE_LIMIT]
    return f"{profile.name}{rng.choice(fitting or [method.name])}经验"


def _abstract(profile: EnterpriseProfile, facts: dict[str, str], long: bool) -> tuple[Block, ...]:
    method = METHODS[profile.method]
    rng = _rng(profile, "abstract")
    first = [common.ABSTRACT_INTRO, rng.choice(method.abstract)]
    second = [method.feature, common.ABSTRACT_RESULTS, common.ABSTRACT_RECOGNITION]
    extras = list(common.ABSTRACT_EXTRA)
    rng.shuffle(extras)

    def text() -> str:
        return "".join(first + second).format_map(facts)

    while extras and (chars(text()) < 330 or (long and chars(text()) <= 520)):
        first.append(extras.pop())
    if not long and chars(text()) > 480:
        second.remove(method.feature)
    return tuple(Para("".join(part).format_map(facts)) for part in (first, second))


def _practice(profile: EnterpriseProfile, facts: dict[str, str], long: bool) -> tuple[Block, ...]:
    method = METHODS[profile.method]
    rng = _rng(profile, "practice")
    titles = [rng.choice(options) for options in common.SUBHEADINGS]
    parts: list[list[str]] = [
        [rng.choice(common.CONTEXT) + method.background, method.goals, common.STAGES],
        [method.organisation, rng.choice(common.EVALUATION)],
        [rng.choice(common.RESOURCES), rng.choice(common.TALENT), common.INFRASTRUCTURE],
        [*method.steps, rng.choice(common.SUPPLY_CHAIN)],
        list(method.case),
        [method.highlights],
        [
            rng.choice(common.LESSONS_INTRO) + method.lessons,
            rng.choice(common.SHORTCOMINGS),
            rng.choice(common.GENERALISE),
        ],
    ]
    if long:
        topics = list(common.EXTRA_TOPICS)
        rng.shuffle(topics)
        while chars("".join(p for part in parts for p in part)) < 8400:
            topic = topics[(len(parts[4]) - len(method.case)) % len(topics)]
            index = len(parts[4]) - len(method.case) + 1
            before = rng.uniform(2.0, 6.0)
            parts[4].append(
                common.EXTRA_CASE.format(
                    index=index, topic=topic, before=f"{before:.2f}", after=f"{before * 0.3:.2f}"
                )
            )
    blocks: list[Block] = []
    for number, (title, paragraphs) in enumerate(zip(titles, parts, strict=True)):
        blocks.append(SubHeading(f"（{_NUMERALS[number]}）{title}"))
        blocks.extend(Para(p.format_map(facts)) for p in paragraphs)
    return tuple(blocks)


def _results(
    profile: EnterpriseProfile, facts: dict[str, str], with_data: bool
) -> tuple[Block, ...]:
    method = METHODS[profile.method]
    rng = _rng(profile, "results")
    if not with_data:
        return (Para(common.RESULTS_QUALITATIVE.format_map(facts)),)
    metrics = metrics_for(profile)
    caption = f"表1　{profile.short}{YEARS[0]}—{YEARS[-1]}年主要质量指标及对比"
    return (
        SubHeading("（一）质量水平持续提升"),
        Para(common.RESULTS_QUALITY.format_map(facts)),
        DataTable(caption, metrics.header(), metrics.rows()),
        Para(method.effect.format_map(facts)),
        Para(common.RESULTS_BENCHMARK.format_map(facts)),
        SubHeading("（二）经济效益和管理效益"),
        Para(rng.choice(common.RESULTS_ECONOMIC).format_map(facts)),
        Para(rng.choice(common.RESULTS_MANAGEMENT).format_map(facts)),
        SubHeading("（三）创新能力不断增强"),
        Para(common.RESULTS_INNOVATION.format_map(facts)),
        SubHeading("（四）社会效益和推广价值"),
        Para(rng.choice(common.RESULTS_SOCIAL).format_map(facts)),
    )


def compose_experience(
    profile: EnterpriseProfile, variant: ExperienceVariant | None = None
) -> Experience:
    """The whole summary: title and the four sections (or fewer, for a seeded defect)."""
    variant = variant or ExperienceVariant()
    facts = facts_for(profile)
    bodies: list[tuple[Block, ...]] = [
        _abstract(profile, facts, variant.long_abstract),
        (Para(common.OVERVIEW.format_map(facts)),),
        _practice(profile, facts, variant.long_practice),
        _results(profile, facts, not variant.without_data),
    ]
    sections = [Section(h, b) for h, b in zip(SECTION_HEADINGS, bodies, strict=True)]
    if variant.without_results:
        sections.pop()
    return Experience(compose_title(profile, variant), tuple(sections))
