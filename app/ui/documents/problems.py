"""Why a document (or one page of it) cannot be shown, and how to say so to the user.

The document worker and the Word safety check describe failures in technical English for
logs; the tab that shows the document needs a sentence in the user's language. A
:class:`DocumentProblem` carries the kind (what to say) and the technical detail (what to
log and show in small print); :class:`~app.ui.documents.problem_view.ProblemView` says it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.models.inspection import FileStatus


class ProblemKind(StrEnum):
    """The kinds of failure a reader can be told apart, each with its own explanation."""

    ENCRYPTED = "encrypted"
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    CRASHED = "crashed"
    TIMED_OUT = "timed_out"
    TOO_LARGE = "too_large"
    HOSTILE = "hostile"
    LEGACY = "legacy"
    UNSUPPORTED = "unsupported"
    NOT_LOADED = "not_loaded"


@dataclass(frozen=True)
class DocumentProblem:
    """A failure to show a document: its kind and the technical detail behind it."""

    kind: ProblemKind
    detail: str = ""


_WORKER_PROBLEMS = {
    "encrypted": ProblemKind.ENCRYPTED,
    "unreadable": ProblemKind.UNREADABLE,
    "too_large": ProblemKind.TOO_LARGE,
}

_STATUS_PROBLEMS = {
    FileStatus.ENCRYPTED: ProblemKind.ENCRYPTED,
    FileStatus.CORRUPT: ProblemKind.UNREADABLE,
    FileStatus.EMPTY: ProblemKind.EMPTY,
    FileStatus.HOSTILE: ProblemKind.HOSTILE,
    FileStatus.LEGACY_DOC: ProblemKind.LEGACY,
    FileStatus.CRASHED: ProblemKind.CRASHED,
}


def from_worker(problem: str, detail: str) -> DocumentProblem:
    """A refusal reported by the worker (``WorkerFailed.problem``) as a problem to show."""
    return DocumentProblem(_WORKER_PROBLEMS.get(problem, ProblemKind.UNREADABLE), detail)


def from_status(status: FileStatus, detail: str) -> DocumentProblem:
    """An inspection outcome (used for Word files) as a problem to show."""
    return DocumentProblem(_STATUS_PROBLEMS.get(status, ProblemKind.UNSUPPORTED), detail)
