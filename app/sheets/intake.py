"""Taking in signed files (收件): what the leader's and the chair's ledgers share.

A leader takes in members' score sheets and the chair takes in groups' reports, and both
must judge a file the same way, or a replay refused on one desk would roll scores back on
the other. So the rules live here once: a file is read with a size limit, the same file
again is a duplicate, and a verified revision is placed by its number and content; every
file offered gets one line in the verification table and one audit entry. What differs
is only how the verdicts name the document, which each ledger supplies as its ``Words``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import Text
from app.exchange.messages import say
from app.sheets.build import OWN
from app.sheets.received import APPLIED, CONFLICTING, DUPLICATE, KEPT, REJECTED, SUPERSEDED
from app.store import audit
from app.store.schema import ReceivedFileRow, SignedRevisionRow
from app.store.store import Store

FILE_LIMIT = 64 << 20
"""Larger files are refused unread: a group's score sheet or report is well under 1 MB."""


@dataclass(frozen=True)
class ImportResult:
    """The verdict on one offered file."""

    file: Path
    verdict: str  # applied | kept | duplicate | conflicting | rejected
    code: str
    reason: Text
    signer_id: str | None = None
    signer_name: str | None = None
    sheet_id: str | None = None
    revision: int | None = None

    @property
    def accepted(self) -> bool:
        return self.verdict in (APPLIED, KEPT, DUPLICATE)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "verdict": self.verdict,
            "code": self.code,
            "reason_zh": self.reason.zh,
            "reason_en": self.reason.en,
            "signer_id": self.signer_id,
            "signer_name": self.signer_name,
            "sheet_id": self.sheet_id,
            "revision": self.revision,
        }


@dataclass(frozen=True)
class OfferedFile:
    """A file read whole, with the hash its table line and audit entry carry."""

    path: Path
    data: bytes
    sha256: str


@dataclass(frozen=True)
class Revision:
    """A verified signed revision, as much of it as placing it in the ledger needs."""

    document_id: str
    revision: int
    content_hash: str
    prev_hash: str
    signer_id: str | None
    name: str  # the member's or the group's name, as the verdicts show it
    keep: Callable[[str, str], SignedRevisionRow]
    """The row that keeps this revision, given its state and the stored file's hash."""


Note = Callable[[Revision, Sequence[SignedRevisionRow]], tuple[str, Text] | None]
"""A ledger's own remark on a newly applied revision, given the revisions held: a code to
use instead of ``applied`` and words to add, or None."""


def _no_note(offered: Revision, held: Sequence[SignedRevisionRow]) -> None:
    return None


@dataclass(frozen=True)
class Words:
    """How a ledger's verdicts name what it takes in: a member's sheet or a group's report.

    Each template may use ``{name}`` and ``{revision}``; ``kept`` also ``{applied}`` (the
    revision applied), ``applied`` also ``{replacing}``, and ``too_large`` only ``{limit}``
    (in MB).
    """

    name_of: Callable[[SignedRevisionRow], str]  # a held revision's name, for a repeated file
    too_large: Text
    file_duplicate: Text
    duplicate: Text
    conflicting: Text
    kept: Text
    applied: Text
    note: Note = _no_note


REPLACING = Text("（取代第 {revision} 版）", " (replacing revision {revision})")


@dataclass(frozen=True)
class Intake:
    """One ledger's desk: where files of its kind are read, judged and written down."""

    store: Store
    kind: str  # SignedRevisionRow.kind / ReceivedFileRow.kind
    actor: str  # who takes the files in, for the audit log
    action: str  # the audit entry's action
    words: Words

    def read(self, path: Path) -> OfferedFile | ImportResult:
        """The file, or its recorded rejection; one unreadable file spares the rest."""
        try:
            if path.stat().st_size > FILE_LIMIT:
                with path.open("rb") as handle:
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()
                too_large = say(self.words.too_large, limit=str(FILE_LIMIT >> 20))
                outcome = ImportResult(path, REJECTED, "too_large", too_large)
                return self.record(path, digest, outcome)
            data = path.read_bytes()
        except OSError as exc:
            unreadable = Text(
                f"无法读取此文件（{exc.strerror or exc}），未导入。",
                f"The file cannot be read ({exc.strerror or exc}); not imported.",
            )
            return self.record(path, "", ImportResult(path, REJECTED, "unreadable", unreadable))
        return OfferedFile(path, data, hashlib.sha256(data).hexdigest())

    def receive(self, path: Path) -> OfferedFile | ImportResult:
        """The file to verify, or its recorded verdict: unreadable, too large or seen before."""
        offered = self.read(path)
        if isinstance(offered, ImportResult):
            return offered
        return self.known(offered) or offered

    def known(self, offered: OfferedFile) -> ImportResult | None:
        """The recorded duplicate verdict when this very file was received before."""
        with self.store.session() as session:
            held = session.scalars(
                select(SignedRevisionRow).where(
                    SignedRevisionRow.kind == self.kind,
                    SignedRevisionRow.file_sha256 == offered.sha256,
                    SignedRevisionRow.state != OWN,
                )
            ).first()
            if held is None:
                return None
            name = self.words.name_of(held)
            outcome = ImportResult(
                offered.path,
                DUPLICATE,
                "duplicate",
                say(self.words.file_duplicate, name=name, revision=str(held.revision)),
                held.signer_id,
                name,
                held.document_id,
                held.revision,
            )
            return self.record(offered.path, offered.sha256, outcome, session)

    def place(self, offered: OfferedFile, revision: Revision) -> ImportResult:
        """Place a verified revision: applied, kept, duplicate or conflicting."""
        words, name, rev = self.words, revision.name, revision.revision
        named = {"name": name, "revision": str(rev)}

        def result(verdict: str, code: str, text: Text) -> ImportResult:
            return ImportResult(
                offered.path,
                verdict,
                code,
                text,
                revision.signer_id,
                name,
                revision.document_id,
                rev,
            )

        with self.store.session() as session:
            rows = list(
                session.scalars(
                    select(SignedRevisionRow).where(
                        SignedRevisionRow.kind == self.kind,
                        SignedRevisionRow.document_id == revision.document_id,
                        SignedRevisionRow.state != OWN,
                    )
                )
            )
            same = [r for r in rows if r.revision == rev]
            if any(r.content_hash == revision.content_hash for r in same):
                outcome = result(DUPLICATE, "duplicate", say(words.duplicate, **named))
                return self.record(offered.path, offered.sha256, outcome, session)
            if same:
                outcome = result(CONFLICTING, "conflicting", say(words.conflicting, **named))
                return self.record(offered.path, offered.sha256, outcome, session)
            applied = next((r for r in rows if r.state == APPLIED), None)
            if applied is not None and rev < applied.revision:
                state = KEPT
                kept = say(words.kept, **named, applied=str(applied.revision))
                outcome = result(KEPT, "kept_older", kept)
            else:
                state = APPLIED
                outcome = result(APPLIED, *self._applied(revision, rows, applied))
                if applied is not None:
                    applied.state = SUPERSEDED
            session.add(revision.keep(state, self.store.documents.put(offered.data)))
            return self.record(offered.path, offered.sha256, outcome, session)

    def _applied(
        self,
        revision: Revision,
        held: Sequence[SignedRevisionRow],
        replaced: SignedRevisionRow | None,
    ) -> tuple[str, Text]:
        """The code and words for a newly applied revision, with the ledger's note if any."""
        instead = say(REPLACING, revision=str(replaced.revision)) if replaced else Text("", "")
        text = say(
            self.words.applied,
            name=revision.name,
            revision=str(revision.revision),
            replacing=instead,
        )
        note = self.words.note(revision, held)
        if note is None:
            return "applied", text
        code, more = note
        return code, Text(text.zh + more.zh, text.en + more.en)

    def record(
        self, path: Path, digest: str, outcome: ImportResult, session: Session | None = None
    ) -> ImportResult:
        """The verification table's line and the audit entry for one offered file."""
        if session is None:
            with self.store.session() as own:
                return self.record(path, digest, outcome, own)
        session.add(
            ReceivedFileRow(
                kind=self.kind,
                file_name=path.name,
                file_sha256=digest,
                signer_id=outcome.signer_id,
                document_id=outcome.sheet_id,
                revision=outcome.revision,
                verdict=outcome.verdict,
                reason_code=outcome.code,
                reason_zh=outcome.reason.zh,
                reason_en=outcome.reason.en,
                received_at=datetime.now(UTC),
            )
        )
        audit.record(
            session,
            actor=self.actor,
            action=self.action,
            subject=path.name,
            detail={
                "verdict": outcome.verdict,
                "code": outcome.code,
                "file_sha256": digest,
                "signer": outcome.signer_id,
                "revision": outcome.revision,
            },
        )
        return outcome
