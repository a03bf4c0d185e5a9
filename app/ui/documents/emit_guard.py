"""A guard against PySide6 6.12.0 freeing ``True`` one signal emission at a time.

In PySide6 6.12.0 ``SignalInstance.emit()`` returns ``True`` without taking a reference
to it, so every emission made from Python drops one reference to ``True``. On CPython
3.11 ``True`` is not immortal: after a few thousand emissions (the render thread emits
one per page) it is freed and the process dies with "bool_dealloc" or a segmentation
fault somewhere unrelated. PySide6 6.11 does not have the bug and CPython 3.12 makes
``True`` immortal, so the guard first checks whether emissions leak and does nothing
when they do not; when they do, it gives ``True`` a reference count no session can use up.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_PROBES = 16
_RESERVE = 1 << 40


class _Probe(QObject):
    """A throwaway object whose signal is emitted to see what an emission costs."""

    ping = Signal()


def emissions_leak_true() -> bool:
    """Whether emitting a signal from Python loses a reference to ``True``."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    return sys.getrefcount(True) <= before - _PROBES


def guard_emissions() -> bool:
    """Protect ``True`` if emissions leak it; returns whether the guard was needed.

    Safe to call more than once: each call that finds the leak adds the same reserve,
    which only ever keeps an object alive that lives for the whole process anyway.
    """
    if not emissions_leak_true():
        return False
    count = ctypes.c_ssize_t.from_address(id(True))  # ob_refcnt, the first field
    if count.value < _RESERVE:
        count.value += _RESERVE
    return True
