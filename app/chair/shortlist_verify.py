"""Verifying the chair's signed list on its own: signature, signer and consistency.

Anyone holding the round CA can run this (``qbr chair verify``); the secretariat runs it
before opening the next stage and then checks the list against its own round (see
:mod:`app.secretariat.next_stage`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from app.chair.shortlist import ATTACHMENT_NAME, Shortlist, shortlist_id_for
from app.errors import InputRefused, Text
from app.sheets.payload import GENESIS
from app.signing.signed_pdf import SignatureRejected, verify_signed_pdf

HASH = re.compile(r"[0-9a-f]{64}")


class ShortlistRejected(InputRefused):
    """The chair's list failed verification; ``code`` names the rule it broke."""

    def __init__(self, code: str, text: Text) -> None:
        super().__init__(text)
        self.code = code


@dataclass(frozen=True)
class VerifiedShortlist:
    """A list that passed every check, with what its signature proves."""

    shortlist: Shortlist
    signer_id: str
    signer_certificate_pem: bytes
    signed_at: datetime
    file_sha256: str
    payload: bytes  # the embedded JSON exactly as signed


def _reject(code: str, zh: str, en: str) -> ShortlistRejected:
    return ShortlistRejected(code, Text(zh, en))


def verify_shortlist(data: bytes, *, ca_certificate_pem: bytes) -> VerifiedShortlist:
    """Verify a signed chair's list; raises :class:`ShortlistRejected` with the first problem."""
    try:
        signed = verify_signed_pdf(
            data, ca_certificate_pem=ca_certificate_pem, attachment_name=ATTACHMENT_NAME
        )
    except SignatureRejected as exc:
        raise ShortlistRejected(exc.code, exc.text) from exc
    try:
        shortlist = Shortlist.from_json(json.loads(signed.attachment.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _reject(
            "not_a_shortlist",
            "内嵌数据不是主任委员签署的名单。",
            "The embedded data is not a chair's list.",
        ) from exc
    except InputRefused as exc:
        raise ShortlistRejected("not_a_shortlist", exc.text) from exc
    if signed.signer_person_id != shortlist.chair_id:
        raise _reject(
            "signer_mismatch",
            f"名单写明的主任委员是 {shortlist.chair_name}，但签名人不是他/她本人。",
            f"The list names {shortlist.chair_name} as the chair, but someone else signed it.",
        )
    if shortlist.shortlist_id != shortlist_id_for(shortlist.round_id, shortlist.stage):
        raise _reject(
            "shortlist_id_mismatch",
            "名单编号与其评审轮次和阶段不符。",
            "The list's id does not match its round and stage.",
        )
    first = shortlist.revision == 1
    if (
        shortlist.revision < 1
        or HASH.fullmatch(shortlist.prev_hash) is None
        or first != (shortlist.prev_hash == GENESIS)
    ):
        raise _reject(
            "revision_invalid",
            f"名单的修订版本号（{shortlist.revision}）或上一版本哈希无效。",
            f"The list's revision number ({shortlist.revision}) or previous-revision hash is "
            "invalid.",
        )
    ids = [d.dossier_id for d in shortlist.dossiers]
    if len(set(ids)) != len(ids):
        raise _reject(
            "duplicate_dossier",
            "名单中有申报材料出现了两次。",
            "A dossier appears twice on the list.",
        )
    groups = {g.id for g in shortlist.groups}
    for d in shortlist.dossiers:
        if d.group_id not in groups:
            raise _reject(
                "unknown_group",
                f"序号 {d.seq}“{d.enterprise}”所属的专业组不在名单所依据的汇总表中。",
                f"No. {d.seq} “{d.enterprise}” belongs to a group whose report the list does "
                "not name.",
            )
        if d.changed and not d.chair_reason.strip():
            raise _reject(
                "reason_missing",
                f"主任委员调整了序号 {d.seq}“{d.enterprise}”，但没有写明理由。",
                f"The chair changed No. {d.seq} “{d.enterprise}” without a written reason.",
            )
    return VerifiedShortlist(
        shortlist,
        signed.signer_person_id,
        signed.signer_certificate_pem,
        signed.signed_at,
        hashlib.sha256(data).hexdigest(),
        signed.attachment,
    )


__all__ = ["ShortlistRejected", "VerifiedShortlist", "verify_shortlist"]
