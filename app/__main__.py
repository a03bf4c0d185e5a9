"""``python -m app`` runs the ``qbr`` command line."""

from app.cli.main import main

if __name__ == "__main__":  # the document worker's "spawn" start re-imports this module
    raise SystemExit(main())
