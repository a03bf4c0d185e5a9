"""The group leader's consolidation (专业组合议): statistics, the group table, the group report.

``stats`` is pure arithmetic, ``table`` turns verified score sheets into the group table,
``service`` is the leader's store-backed unit of work, and ``report*``/``export`` make the
signed group report (专业组汇总表) that travels to the chair.
"""
