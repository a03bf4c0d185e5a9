"""质量标杆评审工作站 — the Quality Benchmark Reviewer Workstation.

The package is split so that the architecture shows in the tree: a Qt-free core
(``models``, ``scoring``, ``store``, ``ingest``, ``documents``, ``formal``,
``signing``, ``exchange``, ``secretariat``, ``cli``, ``demo``) and a thin Qt shell
in ``ui`` that is the only place importing PySide6.
"""

__version__ = "0.1.0"
