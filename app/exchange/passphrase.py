"""One-time passphrases (一次性口令) that travel apart from the file they open.

The secretariat reads them over the phone or sends them by text message, and the recipient types
them, often with a Chinese input method active: so the alphabet avoids look-alikes and reading
forgives case, spaces, full-width characters and missing dashes.
"""

from __future__ import annotations

import secrets
import unicodedata

PASSPHRASE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""31 symbols: digits and capitals without 0/O and 1/I/L, which are misread aloud and on paper."""

_GROUPS = 5
_GROUP_LENGTH = 5
_DASHES = "-‐‑‒–—―−_"


def generate_passphrase() -> str:
    """A passphrase like ``K7RM2-9QXHD-...``: 25 symbols of 31, about 124 bits of entropy."""
    symbols = "".join(secrets.choice(PASSPHRASE_ALPHABET) for _ in range(_GROUPS * _GROUP_LENGTH))
    return _grouped(symbols)


def normalise_passphrase(text: str) -> str:
    """The canonical form of what someone typed, used on both sides of the key derivation.

    Text that reads as a generated passphrase once case, width, spaces and dashes are set aside
    becomes the canonical ``XXXXX-XXXXX-XXXXX-XXXXX-XXXXX``; anything else is kept as typed
    (trimmed, NFC), so other passphrases stay exact.
    """
    folded = unicodedata.normalize("NFKC", text).upper()
    compact = "".join(c for c in folded if not c.isspace() and c not in _DASHES)
    if len(compact) == _GROUPS * _GROUP_LENGTH and all(c in PASSPHRASE_ALPHABET for c in compact):
        return _grouped(compact)
    return unicodedata.normalize("NFC", text.strip())


def _grouped(symbols: str) -> str:
    return "-".join(symbols[i : i + _GROUP_LENGTH] for i in range(0, len(symbols), _GROUP_LENGTH))
