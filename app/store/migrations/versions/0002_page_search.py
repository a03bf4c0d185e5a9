"""Full-text search over page texts: an FTS5 trigram index kept in step by triggers.

The trigram tokenizer finds any substring of three or more characters, which is what
Chinese text needs (it has no spaces to split words on). The index holds its own copy
of each page's text inside the encrypted store, under the rowid of the page_texts
row it mirrors, so the triggers find an entry without scanning the index.

The copy has its whitespace removed: PDF text breaks lines in the middle of Chinese
words ("六西\n格玛"), and a search would otherwise miss every word that wraps. Search
terms never contain whitespace, so nothing findable is lost.

A later migration that rebuilds ``page_texts`` (Alembic's batch mode copies a table
to alter it on SQLite) drops these triggers with it and must create them again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


# The page text without whitespace (SQLite has no regular expressions): newline, carriage
# return, tab, form feed, vertical tab, space, no-break space and the ideographic space.
_SQUASHED = "{column}"
for _code in (10, 13, 9, 12, 11, 160, 12288):
    _SQUASHED = f"replace({_SQUASHED}, char({_code}), '')"
_SQUASHED = f"replace({_SQUASHED}, ' ', '')"


def _squashed(column: str) -> str:
    return _SQUASHED.format(column=column)


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE page_search USING fts5("
        "text, document_id UNINDEXED, page UNINDEXED, tokenize='trigram')"
    )
    op.execute(
        "INSERT INTO page_search (rowid, text, document_id, page) "
        f"SELECT rowid, {_squashed('text')}, document_id, page FROM page_texts"
    )
    op.execute(
        "CREATE TRIGGER page_texts_search_insert AFTER INSERT ON page_texts BEGIN "
        "INSERT INTO page_search (rowid, text, document_id, page) "
        f"VALUES (new.rowid, {_squashed('new.text')}, new.document_id, new.page); END"
    )
    op.execute(
        "CREATE TRIGGER page_texts_search_delete AFTER DELETE ON page_texts BEGIN "
        "DELETE FROM page_search WHERE rowid = old.rowid; END"
    )
    op.execute(
        "CREATE TRIGGER page_texts_search_update AFTER UPDATE ON page_texts BEGIN "
        "DELETE FROM page_search WHERE rowid = old.rowid; "
        "INSERT INTO page_search (rowid, text, document_id, page) "
        f"VALUES (new.rowid, {_squashed('new.text')}, new.document_id, new.page); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER page_texts_search_update")
    op.execute("DROP TRIGGER page_texts_search_delete")
    op.execute("DROP TRIGGER page_texts_search_insert")
    op.execute("DROP TABLE page_search")
