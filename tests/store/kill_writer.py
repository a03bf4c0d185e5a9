"""Child process for the kill -9 harness: writes, and acknowledges each commit on stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.store import audit
from app.store.schema import Meta
from app.store.store import Store


def main() -> None:
    path, passphrase, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = Store.open(path, passphrase)
    i = start
    while True:
        with store.session() as session:
            session.merge(Meta(key=f"ack-{i}", value=json.dumps("x" * (i % 700))))
            audit.record(session, actor="harness", action="write", subject=str(i))
        if i % 7 == 0:
            store.documents.put(f"document {i} ".encode() * (1 + i % 5000))
        sys.stdout.write(f"{i}\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main()
