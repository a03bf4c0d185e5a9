"""The ``qbr`` command line: the secretariat's tools and every hand-over step, scriptable."""
