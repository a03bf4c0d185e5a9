"""Verifying a received group report: the signature, who signed it, and every figure.

Like a score sheet, a report must be signed by a certificate of the round's own CA and
the signature must cover the whole file. Then: the signer is the leader the report names,
and against the chair's roster that person leads that group with the certificate the
secretariat issued; round, stage, scheme, rule and K are the round's; the report covers
exactly the dossiers assigned to the group. Finally every derived figure — members'
totals, group scores, spreads, flags, ranks, the computed shortlist, z-scores and
Kendall's W — is recomputed from the members' aspect scores and must match.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from app.chair.report_read import ReceivedReport, parse_report
from app.chair.roster import ChairRoster
from app.consolidation.report import ATTACHMENT_NAME, report_id_for
from app.consolidation.table import GroupTable
from app.errors import InputRefused, Text
from app.models.scheme import scheme_from_dict
from app.sheets.payload import ATTACHMENT_NAME as SHEET_ATTACHMENT
from app.sheets.payload import GENESIS
from app.signing.pki import load_certificate
from app.signing.signed_pdf import SignatureRejected, verify_signed_pdf

HASH = re.compile(r"[0-9a-f]{64}")


class ReportRejected(InputRefused):
    """A group report failed verification; ``code`` names the rule it broke.

    When the signature held, ``signer_id`` and ``report`` say who sent what, for the ledger.
    """

    def __init__(self, code: str, text: Text) -> None:
        super().__init__(text)
        self.code = code
        self.signer_id: str | None = None
        self.report: ReceivedReport | None = None


@dataclass(frozen=True)
class VerifiedReport:
    """A report that passed every check, with its table recomputed by the chair's app."""

    report: ReceivedReport
    table: GroupTable
    signer_certificate_pem: bytes
    signed_at: datetime
    file_sha256: str
    payload: bytes  # the embedded JSON exactly as signed


def verify_report(
    data: bytes, *, ca_certificate_pem: bytes, roster: ChairRoster | None = None
) -> VerifiedReport:
    """Verify a signed group report; raises :class:`ReportRejected` with the first problem.

    Without a roster the report is checked on its own terms (signature, chain, its own
    figures); with the chair's roster it must also be of the chair's round and stage,
    signed by that group's leader, for exactly the group's dossiers.
    """
    try:
        signed = verify_signed_pdf(
            data, ca_certificate_pem=ca_certificate_pem, attachment_name=ATTACHMENT_NAME
        )
    except SignatureRejected as exc:
        if SHEET_ATTACHMENT in exc.attachments:
            raise _reject(
                "not_a_report",
                "这是评审专家的评分表，不是专业组汇总表：评分表应交给本组组长，由组长汇总后签署汇总表。",
                "This is an expert's score sheet, not a group report: sheets go to the group's "
                "leader, who signs the group report.",
            ) from exc
        raise ReportRejected(exc.code, exc.text) from exc
    try:
        report = parse_report(json.loads(signed.attachment.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _reject(
            "not_a_report",
            "内嵌数据不是专业组汇总表（可能是评分表或其他文件）。",
            "The embedded data is not a group report (perhaps a score sheet or another file).",
        ) from exc
    except InputRefused as exc:
        raise ReportRejected("not_a_report", exc.text) from exc
    try:
        table = _check(report, signed.signer_person_id, signed.signer_certificate_pem, roster)
    except ReportRejected as exc:
        exc.signer_id, exc.report = signed.signer_person_id, report
        raise
    return VerifiedReport(
        report,
        table,
        signed.signer_certificate_pem,
        signed.signed_at,
        hashlib.sha256(data).hexdigest(),
        signed.attachment,
    )


def _reject(code: str, zh: str, en: str) -> ReportRejected:
    return ReportRejected(code, Text(zh, en))


def _check(
    report: ReceivedReport, signer_id: str, signer_pem: bytes, roster: ChairRoster | None
) -> GroupTable:
    group = report.group.name
    if report.leader is None or signer_id != report.leader.id:
        raise _reject(
            "signer_mismatch",
            f"“{group}”汇总表写明的组长与签名人不是同一人。",
            f"The report of “{group}” names a leader other than the person who signed it.",
        )
    if report.report_id != report_id_for(report.round_id, report.stage, report.group.id):
        raise _reject(
            "report_id_mismatch",
            "汇总表编号与其评审轮次、阶段和专业组不符。",
            "The report id does not match its round, stage and group.",
        )
    chained = HASH.fullmatch(report.prev_hash) is not None
    if (
        report.revision < 1
        or not chained
        or (report.revision == 1) != (report.prev_hash == GENESIS)
    ):
        raise _reject(
            "revision_invalid",
            f"汇总表的修订版本号（{report.revision}）或上一版本哈希无效。",
            f"The report's revision number ({report.revision}) or previous-revision hash is "
            "invalid.",
        )
    if roster is None:
        try:
            rnd = report.own_round()
        except InputRefused as exc:
            raise ReportRejected("scheme_invalid", exc.text) from exc
    else:
        _check_roster(report, roster, signer_pem)
        rnd = roster.round
    table = report.recompute(rnd)
    wrong = report.differences(table)
    if wrong:
        raise _reject(
            "figure_mismatch",
            f"“{group}”汇总表中的统计结果与按各成员分数重新计算的结果不符（{'，'.join(wrong)}），"
            "未采用。请组长重新导出汇总表。",
            f"Figures in the report of “{group}” differ from those recomputed from the members' "
            f"scores ({', '.join(wrong)}); not applied. Ask the leader to export it again.",
        )
    return table


def _check_roster(report: ReceivedReport, roster: ChairRoster, signer_pem: bytes) -> None:
    """The report must be of the chair's round and stage, from the group's own leader."""
    rnd = roster.round
    if report.round_id != rnd.id:
        raise _reject(
            "other_round",
            f"此汇总表属于另一评审轮次（{report.round_name}），不是“{rnd.name}”。",
            f"This report belongs to another round ({report.round_name}), not “{rnd.name}”.",
        )
    if report.stage != rnd.stage.value:
        raise _reject(
            "other_stage",
            f"此汇总表属于另一评审阶段，本机当前为{rnd.stage.label}阶段。",
            f"This report is of the {report.stage} stage, but this store is at the "
            f"{rnd.stage.value} stage.",
        )
    if (
        scheme_from_dict(dict(report.scheme)) != rnd.scheme
        or report.rule != rnd.rule
        or report.shortlist_size != rnd.shortlist_size
    ):
        raise _reject(
            "scheme_mismatch",
            "汇总表使用的评分方案、汇总规则或入围名额与本轮评审的规定不一致。",
            "The report uses a scoring scheme, consolidation rule or shortlist size other than "
            "the round's.",
        )
    group_id = report.group.id
    if group_id not in roster.group_names:
        raise _reject(
            "unknown_group",
            f"本轮评审没有“{report.group.name}”这个专业组。",
            f"This round has no group “{report.group.name}”.",
        )
    group = roster.group_names[group_id]
    leader = roster.leaders.get(group_id)
    assert report.leader is not None  # checked by the caller
    if leader is None or leader.person_id != report.leader.id:
        raise _reject(
            "not_the_leader",
            f"签名人 {report.leader.name} 不是“{group}”的组长，不能提交该组的汇总表。",
            f"The signer {report.leader.name} is not the leader of “{group}” and cannot send "
            "its report.",
        )
    if leader.certificate_pem is not None and load_certificate(
        leader.certificate_pem
    ) != load_certificate(signer_pem):
        raise _reject(
            "unknown_certificate",
            f"签名证书不是办公室为 {leader.name} 签发的当前证书（可能来自旧的任务包）。"
            "请组长用当前任务包导出汇总表。",
            f"The signing certificate is not the current one issued to {leader.name} (perhaps "
            "from an old package). The leader should export with the current package.",
        )
    expected = roster.group_dossiers(group_id)
    listed = {d.id for d in report.dossiers}
    foreign = sorted(listed - expected, key=lambda d: roster.dossier_seq.get(d, 0))
    if foreign:
        named = next(d for d in report.dossiers if d.id == foreign[0])
        raise _reject(
            "not_assigned",
            f"汇总表列有未分配给“{group}”的申报材料（序号 {named.seq}“{named.enterprise}”等 "
            f"{len(foreign)} 份）。",
            f"The report lists dossiers not assigned to “{group}” (No. {named.seq} "
            f"“{named.enterprise}” and {len(foreign) - 1} more).",
        )
    if expected - listed:
        raise _reject(
            "dossiers_missing",
            f"汇总表缺少“{group}”的 {len(expected - listed)} 份申报材料，请组长用当前任务包重新导出。",
            f"The report lacks {len(expected - listed)} of the dossiers of “{group}”; the leader "
            "should export it again with the current package.",
        )


__all__ = ["ReportRejected", "VerifiedReport", "verify_report"]
