"""The project's own realistic sample batch (申报材料批次) and defect fixtures.

The demo round, the README quick start and the formal-review tests all need dossiers that look
like what a province really delivers: a 汇总表, one folder per enterprise with a Word summary, a
text PDF application form and scanned evidence. Real dossiers are confidential, so the project
composes fictional ones here, deterministically, without Qt.
"""
