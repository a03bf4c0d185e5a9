"""The jobs the page renderer hands to its thread, and the priority queue between them.

The queue is what keeps scrolling smooth: pages the user is looking at jump ahead of
prefetching and thumbnails, and a wish list replaced by a newer one (the user scrolled
or zoomed on) drops the pending renders it no longer needs. It is shared by the UI
thread (which puts) and the render thread (which takes), hence the condition variable.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import IntEnum


class Tier(IntEnum):
    """How urgent a job is; lower runs first, ties run in the order they were asked."""

    CONTROL = 0  # open, close, text under a selection: the user waits on these
    VISIBLE = 1
    SEARCH = 2
    NEARBY = 3
    BACKGROUND_VISIBLE = 4  # thumbnails in view, pictures of a Word file
    BACKGROUND_NEARBY = 5


@dataclass(frozen=True)
class OpenJob:
    """Open a document in the worker (its bytes stay with the thread for reopening)."""

    key: str
    data: bytes
    filetype: str


@dataclass(frozen=True)
class CloseJob:
    """Forget a document, in the worker and in the thread."""

    key: str


@dataclass(frozen=True)
class RenderJob:
    """Render one page (0-based) at a zoom (device pixels per point)."""

    key: str
    page: int
    zoom: float
    channel: str  # whose wish list this came from ("view", "thumbnails", ...)


@dataclass(frozen=True)
class SearchJob:
    """Search a run of pages; ``last`` marks the final chunk of one search."""

    key: str
    serial: int
    query: str
    first: int
    count: int
    last: bool


@dataclass(frozen=True)
class TextJob:
    """Read the text inside a rectangle of a page (a selection to cite)."""

    key: str
    serial: int
    page: int
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class ImageJob:
    """Decode a standalone image (a picture inside a Word file) no wider than ``max_width``."""

    key: str
    data: bytes
    filetype: str
    max_width: int


@dataclass(frozen=True)
class DocxJob:
    """Check a Word file and lay it out as HTML (python-docx, in this process's render thread)."""

    key: str
    data: bytes


Job = OpenJob | CloseJob | RenderJob | SearchJob | TextJob | ImageJob | DocxJob


class JobQueue:
    """Pending jobs ordered by tier, then by arrival; closable so the thread can stop."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._pending: list[tuple[int, int, Job]] = []
        self._sequence = 0
        self._running: Job | None = None
        self._closed = False

    def put(self, job: Job, tier: Tier) -> None:
        """Queue one job."""
        with self._condition:
            self._add(job, tier)
            self._condition.notify()

    def replace_renders(self, key: str, channel: str, jobs: list[tuple[RenderJob, Tier]]) -> None:
        """Drop the pending renders of one wish list and queue its new ones.

        A page already being rendered is not queued again: its result is on the way.
        """
        with self._condition:
            self._pending = [
                entry
                for entry in self._pending
                if not (
                    isinstance(entry[2], RenderJob)
                    and entry[2].key == key
                    and entry[2].channel == channel
                )
            ]
            for job, tier in jobs:
                if job != self._running:
                    self._add(job, tier)
            self._condition.notify()

    def drop(self, key: str, kinds: tuple[type, ...] | None = None) -> None:
        """Drop the pending jobs of one document (of the given kinds, or all).

        Keys under it ("key/…", such as the pictures of a Word file) go with it.
        """
        prefix = key + "/"
        with self._condition:
            self._pending = [
                entry
                for entry in self._pending
                if not (entry[2].key == key or entry[2].key.startswith(prefix))
                or (kinds is not None and not isinstance(entry[2], kinds))
            ]

    def take(self) -> Job | None:
        """Wait for the most urgent job; None once the queue is closed."""
        with self._condition:
            while not self._pending and not self._closed:
                self._condition.wait()
            self._running = None
            if self._closed:
                return None
            entry = min(self._pending, key=lambda item: (item[0], item[1]))
            self._pending.remove(entry)
            self._running = entry[2]
            return entry[2]

    def done(self) -> None:
        """The job last taken has finished (it may be queued again from now on)."""
        with self._condition:
            self._running = None

    def close(self) -> None:
        """Wake the thread and make it stop; pending jobs are discarded."""
        with self._condition:
            self._closed = True
            self._pending.clear()
            self._condition.notify_all()

    @property
    def closed(self) -> bool:
        """Whether the queue was closed (the thread is stopping)."""
        return self._closed

    def pending(self) -> int:
        """How many jobs wait (for tests and diagnostics)."""
        with self._condition:
            return len(self._pending)

    def _add(self, job: Job, tier: Tier) -> None:
        if isinstance(job, RenderJob) and any(entry[2] == job for entry in self._pending):
            return
        self._sequence += 1
        self._pending.append((int(tier), self._sequence, job))
