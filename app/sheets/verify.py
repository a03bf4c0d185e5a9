"""Verifying a received score sheet (评分表): signature first, then every content rule.

The signature says who sent the sheet and that nothing changed since; the content rules
say the sheet is one the leader may use. Every number that can be derived is derived
again and compared, never trusted. Each rejection carries a stable ``code`` and a
message naming the dossier and the figures concerned.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.errors import InputRefused, Text
from app.models.scheme import Scheme, scheme_from_dict
from app.sheets.payload import ATTACHMENT_NAME, GENESIS, ScoreSheet, SheetEntry, sheet_id_for
from app.sheets.roster import Roster
from app.signing.pki import load_certificate
from app.signing.signed_pdf import SignatureRejected, verify_signed_pdf

HASH = re.compile(r"[0-9a-f]{64}")
ZERO = Decimal(0)


class SheetRejected(InputRefused):
    """A score sheet failed verification; ``code`` names the rule it broke.

    When the signature held but a content rule failed, ``signer_id`` (proven by the
    signature) and ``sheet`` (what it claims) say who sent what, for the ledger.
    """

    def __init__(self, code: str, text: Text) -> None:
        super().__init__(text)
        self.code = code
        self.signer_id: str | None = None
        self.sheet: ScoreSheet | None = None


@dataclass(frozen=True)
class VerifiedSheet:
    """A sheet that passed every check, with what its signature proves."""

    sheet: ScoreSheet
    signer_certificate_pem: bytes
    signed_at: datetime
    file_sha256: str
    payload: bytes  # the embedded JSON exactly as signed


def verify_sheet(
    data: bytes, *, ca_certificate_pem: bytes, roster: Roster | None = None
) -> VerifiedSheet:
    """Verify a signed score sheet; raises :class:`SheetRejected` with the first problem.

    Without a roster the sheet is checked on its own: signature, chain to the round CA,
    and the rules its own scheme implies. With a leader's roster it must also belong to
    that leader's round, stage and group, from a member, for the group's dossiers.
    """
    try:
        signed = verify_signed_pdf(
            data, ca_certificate_pem=ca_certificate_pem, attachment_name=ATTACHMENT_NAME
        )
    except SignatureRejected as exc:
        raise SheetRejected(exc.code, exc.text) from exc
    try:
        sheet = ScoreSheet.from_json(json.loads(signed.attachment.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _reject(
            "not_a_sheet", "内嵌数据不是评分表。", "The embedded data is not a score sheet."
        ) from exc
    except InputRefused as exc:
        raise SheetRejected("not_a_sheet", exc.text) from exc
    try:
        _check_content(sheet, signed.signer_person_id, signed.signer_certificate_pem, roster)
    except SheetRejected as exc:
        exc.signer_id, exc.sheet = signed.signer_person_id, sheet
        raise
    return VerifiedSheet(
        sheet,
        signed.signer_certificate_pem,
        signed.signed_at,
        hashlib.sha256(data).hexdigest(),
        signed.attachment,
    )


def _check_content(
    sheet: ScoreSheet, signer_id: str, signer_pem: bytes, roster: Roster | None
) -> None:
    """Every rule a signed sheet's content must meet, alone and against the roster."""
    if sheet.draft:
        raise _reject(
            "draft",
            "这是评分表草稿，不能作为正式评分表接收。",
            "This is a draft score sheet; it cannot be accepted as a formal one.",
        )
    if signer_id != sheet.expert_id:
        raise _reject(
            "signer_mismatch",
            f"评分表写明的评审专家是 {sheet.expert_name}，但签名人不是他/她本人。",
            f"The sheet names {sheet.expert_name} as its expert, but someone else signed it.",
        )
    _check_identity(sheet)
    scheme = _scheme(sheet)
    if roster is not None:
        _check_roster(sheet, scheme, roster, signer_pem)
    seen: set[str] = set()
    for entry in sheet.entries:
        if entry.dossier_id in seen:
            raise _reject(
                "duplicate_dossier",
                f"{_name(entry)} 在评分表中出现了两次。",
                f"{_name_en(entry)} appears twice on the sheet.",
            )
        seen.add(entry.dossier_id)
        if roster is not None:
            _check_against_roster(entry, sheet, roster)
        _check_entry(entry, scheme)
    if roster is not None:
        missing = roster.group_dossiers() - seen
        if missing:
            raise _reject(
                "dossiers_missing",
                f"评分表缺少本组的 {len(missing)} 份申报材料，请评审专家用当前任务包重新导出。",
                f"The sheet lacks {len(missing)} of the group's dossiers; the expert should "
                "export again with the current assignment package.",
            )


def _reject(code: str, zh: str, en: str) -> SheetRejected:
    return SheetRejected(code, Text(zh, en))


def _name(entry: SheetEntry) -> str:
    return f"序号 {entry.seq}“{entry.enterprise}”"


def _name_en(entry: SheetEntry) -> str:
    return f"No. {entry.seq} “{entry.enterprise}”"


def _check_identity(sheet: ScoreSheet) -> None:
    """The sheet id and revision chain fields must be well formed."""
    if sheet.sheet_id != sheet_id_for(sheet.round_id, sheet.stage, sheet.expert_id):
        raise _reject(
            "sheet_id_mismatch",
            "评分表编号与其评审轮次、阶段和评审专家不符。",
            "The sheet id does not match its round, stage and expert.",
        )
    chained = HASH.fullmatch(sheet.prev_hash) is not None
    first = sheet.revision == 1
    if sheet.revision < 1 or not chained or first != (sheet.prev_hash == GENESIS):
        raise _reject(
            "revision_invalid",
            f"评分表的修订版本号（{sheet.revision}）或上一版本哈希无效。",
            f"The sheet's revision number ({sheet.revision}) or previous-revision hash is invalid.",
        )


def _scheme(sheet: ScoreSheet) -> Scheme:
    try:
        return scheme_from_dict(dict(sheet.scheme))
    except InputRefused as exc:
        raise SheetRejected("scheme_invalid", exc.text) from exc


def _check_roster(sheet: ScoreSheet, scheme: Scheme, roster: Roster, signer_pem: bytes) -> None:
    """The sheet must be of the leader's round, stage and group, signed by a member."""
    if sheet.round_id != roster.round_id:
        raise _reject(
            "other_round",
            f"此评分表属于另一评审轮次（{sheet.round_name}），不是“{roster.round_name}”。",
            f"This sheet belongs to another round ({sheet.round_name}), not “{roster.round_name}”.",
        )
    if sheet.stage != roster.stage:
        raise _reject(
            "other_stage",
            "此评分表属于另一评审阶段，与本机当前的评审阶段不符。",
            f"This sheet is of the {sheet.stage} stage, but this store is at the "
            f"{roster.stage} stage.",
        )
    if scheme != scheme_from_dict(dict(roster.scheme)):
        raise _reject(
            "scheme_mismatch",
            "评分表使用的评分方案与本轮评审的评分方案不一致。",
            "The sheet uses a scoring scheme other than the round's.",
        )
    if sheet.group_id != roster.group_id:
        other = roster.group_names.get(sheet.group_id, sheet.group_name)
        raise _reject(
            "other_group",
            f"{sheet.expert_name} 的这份评分表属于“{other}”，不是本组（{roster.group_name}）的。",
            f"This sheet of {sheet.expert_name} belongs to “{other}”, not to this group "
            f"({roster.group_name}).",
        )
    member = roster.members.get(sheet.expert_id)
    if member is None:
        raise _reject(
            "not_a_member",
            f"签名人 {sheet.expert_name} 不是本组（{roster.group_name}）的成员。",
            f"The signer {sheet.expert_name} is not a member of this group ({roster.group_name}).",
        )
    recorded = member.certificate_pem
    if recorded is not None and load_certificate(recorded) != load_certificate(signer_pem):
        raise _reject(
            "unknown_certificate",
            f"签名证书不是办公室为 {member.name} 签发的当前证书（可能来自旧的任务包）。"
            "请该专家用当前任务包导出评分表。",
            f"The signing certificate is not the current one issued to {member.name} (perhaps "
            "from an old package). The expert should export with the current package.",
        )


def _check_against_roster(entry: SheetEntry, sheet: ScoreSheet, roster: Roster) -> None:
    if roster.assignments.get(entry.dossier_id) != roster.group_id:
        raise _reject(
            "not_assigned",
            f"{_name(entry)} 没有分配给本组（{roster.group_name}），评分表不能对其评分。",
            f"{_name_en(entry)} is not assigned to this group ({roster.group_name}); the sheet "
            "cannot score it.",
        )
    if (sheet.expert_id, entry.dossier_id) in roster.conflicts and not entry.conflict:
        raise _reject(
            "conflict_scored",
            f"评审办公室已登记 {sheet.expert_name} 对{_name(entry)}回避，但评分表对其进行了评分。",
            f"The secretariat recorded a conflict of {sheet.expert_name} on {_name_en(entry)}, "
            "yet the sheet scores it.",
        )


def _check_entry(entry: SheetEntry, scheme: Scheme) -> None:
    """Scores in range and on the step, complete, and every sum as stated."""
    if entry.conflict:
        if (
            entry.scores
            or entry.subtotals
            or entry.total is not None
            or entry.recommendation is not None
            or entry.overall_comment.strip()
            or any(v.strip() for v in entry.pair_comments.values())
        ):
            raise _reject(
                "conflict_scored",
                f"评分表声明对{_name(entry)}回避，却又给出了分数、评语或推荐意见。",
                f"The sheet declares a conflict on {_name_en(entry)} yet gives it scores, "
                "comments or a recommendation.",
            )
        return
    known = {a.key for a in scheme.aspects}
    pairs = {p.key for p in scheme.pairs}
    unknown = (set(entry.scores) - known) | (set(entry.pair_comments) - pairs)
    if unknown:
        raise _reject(
            "unknown_aspect",
            f"{_name(entry)} 含有评分方案中没有的项目：{'、'.join(sorted(unknown))}。",
            f"{_name_en(entry)} holds items the scheme lacks: {', '.join(sorted(unknown))}.",
        )
    for aspect in scheme.aspects:
        value = entry.scores.get(aspect.key)
        if value is None:
            continue
        if value < 0 or value > aspect.points:
            raise _reject(
                "score_out_of_range",
                f"{_name(entry)} 的{aspect.name}得分 {value} 超出 0 到 {aspect.points} 分的范围。",
                f"{_name_en(entry)}: {aspect.name_en} scored {value}, outside 0 to "
                f"{aspect.points}.",
            )
        if (value / scheme.step) % 1 != 0:
            raise _reject(
                "score_off_step",
                f"{_name(entry)} 的{aspect.name}得分 {value} 不是 {scheme.step} 分的整数倍。",
                f"{_name_en(entry)}: {aspect.name_en} scored {value}, not in steps of "
                f"{scheme.step}.",
            )
    if (
        set(entry.scores) != known
        or not entry.overall_comment.strip()
        or (entry.recommendation is None)
    ):
        raise _reject(
            "incomplete_entry",
            f"{_name(entry)} 的评分不完整（缺少分数、总体评语或推荐意见）。",
            f"{_name_en(entry)} is incomplete (a score, the overall comment or the "
            "recommendation is missing).",
        )
    _check_sums(entry, scheme)


def _check_sums(entry: SheetEntry, scheme: Scheme) -> None:
    """Recompute each pair subtotal and the total; any difference is refused."""
    if set(entry.subtotals) != {p.key for p in scheme.pairs}:
        raise _reject(
            "subtotal_mismatch",
            f"{_name(entry)} 的小计不完整。",
            f"{_name_en(entry)} lacks pair subtotals.",
        )
    for pair in scheme.pairs:
        expected = sum((entry.scores[a.key] for a in pair.aspects), ZERO)
        stated = entry.subtotals[pair.key]
        if stated != expected:
            raise _reject(
                "subtotal_mismatch",
                f"{_name(entry)} 的{pair.name}小计写为 {stated}，按各项得分应为 {expected}。",
                f"{_name_en(entry)}: the {pair.name_en} subtotal is stated as {stated} but the "
                f"scores add up to {expected}.",
            )
    expected_total = sum(entry.scores.values(), ZERO)
    if entry.total != expected_total:
        raise _reject(
            "total_mismatch",
            f"{_name(entry)} 的总分写为 {entry.total}，按各项得分应为 {expected_total}。",
            f"{_name_en(entry)}: the total is stated as {entry.total} but the scores add up "
            f"to {expected_total}.",
        )


__all__ = ["SheetRejected", "VerifiedSheet", "verify_sheet"]
