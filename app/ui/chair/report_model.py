"""The chair's verification table (报告核验): every group report file offered and its verdict.

The shared :class:`~app.ui.received_files_model.ReceivedFilesModel` over the chair
service's plain :class:`~app.chair.service.ReceivedReportRow` values, the file first and
the group that signed it beside it. A refused file (a broken signature, a score sheet
sent to the chair by mistake) is highlighted so the chair sees at once which leader must
send the report again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.chair.service import ReceivedReportRow
from app.ui.received_files_model import (
    REASON,
    RECEIVED,
    REVISION,
    VERDICT,
    VERDICT_ROLE,
    ReceivedFilesModel,
)

FILE, GROUP = 0, 1

__all__ = [
    "FILE",
    "GROUP",
    "REASON",
    "RECEIVED",
    "REVISION",
    "VERDICT",
    "VERDICT_ROLE",
    "ReportVerificationModel",
]


class ReportVerificationModel(ReceivedFilesModel[ReceivedReportRow]):
    """Rows of ``ReceivedReportRow`` in the order the files were offered."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(FILE, GROUP, parent)

    def sent_by(self, item: ReceivedReportRow) -> str:
        """The group whose leader signed the report."""
        return item.group

    def sent_by_title(self) -> str:
        """专业组: a report speaks for a group, whoever its leader is."""
        return self.tr("专业组")
