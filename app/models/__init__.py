"""The domain's plain data: rounds, schemes, groups, people, dossiers, documents.

These are frozen dataclasses with no storage or Qt in them; the store maps them
to tables and the UI adapts them to item models.
"""
