"""The formal review (形式审查): pure rules over a batch's 汇总表, folders and inspections.

Nothing here touches Qt, the store or the file system except the report writer,
which writes only where the user asked. Import :func:`run_checks` and the input
dataclasses from :mod:`app.formal.rules`, the report from :mod:`app.formal.report`.
"""
