"""The leader's verification table (核验结果): every score sheet file offered and its fate.

The shared :class:`~app.ui.received_files_model.ReceivedFilesModel` over the ledger's
plain :class:`~app.sheets.received.VerificationRow` values, the member who sent the
sheet first. Rejected files are highlighted so the leader sees at once which member must
send the sheet again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.sheets.received import VerificationRow
from app.ui.received_files_model import (
    REASON,
    RECEIVED,
    REVISION,
    VERDICT,
    VERDICT_ROLE,
    ReceivedFilesModel,
)

MEMBER, FILE = 0, 1

__all__ = [
    "FILE",
    "MEMBER",
    "REASON",
    "RECEIVED",
    "REVISION",
    "VERDICT",
    "VERDICT_ROLE",
    "VerificationModel",
]


class VerificationModel(ReceivedFilesModel[VerificationRow]):
    """Rows of ``VerificationRow``, in the order the files were offered."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(FILE, MEMBER, parent)

    def sent_by(self, item: VerificationRow) -> str:
        """The member who signed the sheet."""
        return item.member

    def sent_by_title(self) -> str:
        """成员: a sheet is one member's."""
        return self.tr("成员")
