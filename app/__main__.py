"""``python -m app`` runs the ``qbr`` command line."""

from app.cli.main import main

raise SystemExit(main())
