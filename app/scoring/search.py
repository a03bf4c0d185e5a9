"""Search across every dossier the store holds (全文检索), inside the encrypted store.

Pages are indexed by an FTS5 table with the trigram tokenizer (migration 0002), which
matches any substring of three or more characters — Chinese has no spaces to split
words on, so a word index would miss most of what a reviewer types. Shorter queries
("精益") cannot use trigrams and scan the index's copy of the texts instead; on the
stores an expert holds that is still quick. The copy has no whitespace, so a word that
a PDF breaks across two lines is found all the same.

The reviewer's words never become query syntax: each whitespace-separated term is
bound as a parameter and quoted as an FTS5 string, so quotes, ``*``, ``AND`` or
brackets are searched for like any other characters. Terms must all occur on a page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text as sql

from app.store.store import Store

TRIGRAM = 3  # the trigram index can only look up terms at least this long
CONTEXT = 24  # characters of page text kept on each side of a hit in the snippet
MAX_QUERY = 200  # characters; nobody types more, and it bounds the work per keystroke
ELLIPSIS = "…"


@dataclass(frozen=True)
class SearchHit:
    """One page that matches, with the first hit and its surroundings.

    The snippet comes in three parts so the UI can set ``hit`` in bold or a highlight
    colour without parsing markers out of page text (which may contain any character);
    ``snippet`` joins them with 【】 for plain-text places such as the command line.
    """

    dossier_id: str
    dossier_seq: int
    enterprise: str
    document_id: str
    document_name: str
    page: int  # 1-based, as the document viewer counts
    before: str
    hit: str
    after: str

    @property
    def snippet(self) -> str:
        return f"{self.before}【{self.hit}】{self.after}"


def search_terms(query: str) -> list[str]:
    """The distinct terms of a query, in order, without control characters."""
    cleaned = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in query[:MAX_QUERY]
    )
    return list(dict.fromkeys(cleaned.split()))


def fts_string(term: str) -> str:
    """``term`` as an FTS5 string literal: whatever it holds, it is matched literally."""
    return '"' + term.replace('"', '""') + '"'


# Both queries first pick at most :limit rowids of the index, its whitespace-free copy
# of the text (so words broken across lines are found), and only then fetch the rest
# for those few: reading document ids and names for every match of a common word
# before cutting the list would cost ten times as much on a store of a few thousand
# pages. The page text comes from page_texts, as stored, for the snippet.
_RESULT = """
SELECT page_texts.document_id, page_texts.page, page_texts.text,
       documents.name, dossiers.id, dossiers.seq, dossiers.enterprise
FROM found
CROSS JOIN page_search ON page_search.rowid = found.id
CROSS JOIN page_texts ON page_texts.document_id = page_search.document_id
                     AND page_texts.page = page_search.page
CROSS JOIN documents ON documents.id = page_texts.document_id
CROSS JOIN dossiers ON dossiers.id = documents.dossier_id
ORDER BY {order}
"""

# Ties in rank fall back to the index's order, inside and out, so a shorter limit
# gives a prefix of a longer one.
_FTS = """WITH found AS (
    SELECT rowid AS id, bm25(page_search) AS score FROM page_search
    WHERE page_search MATCH :match {extra}
    ORDER BY score, rowid
    LIMIT :limit
)""" + _RESULT.format(order="found.score, found.id")

# No rank without the index: the first pages found, shown in dossier order. Stopping
# at the limit keeps a common one- or two-character prefix, typed on the way to a
# longer query, from scanning every page on each keystroke.
_SCAN = """WITH found AS (
    SELECT rowid AS id FROM page_search
    WHERE {where}
    ORDER BY rowid
    LIMIT :limit
)""" + _RESULT.format(order="dossiers.seq, documents.name, page_texts.page")


def _contains(terms: Mapping[str, str]) -> str:
    """SQL requiring each bound term on the page (the names are ours, never the user's).

    Folding case costs a pass over the text, so only terms with letters that have case
    pay for it; Chinese has none.
    """
    return " AND ".join(
        f"instr(lower(page_search.text), lower(:{name})) > 0"
        if term.lower() != term.upper()
        else f"instr(page_search.text, :{name}) > 0"
        for name, term in terms.items()
    )


def search(store: Store, query: str, limit: int = 50) -> list[SearchHit]:
    """Pages of the store's documents that contain every term of ``query``, best first.

    Ranked by BM25 when some term is long enough for the trigram index (the shorter
    terms then filter its matches); otherwise the first pages found, in dossier order.
    """
    terms = search_terms(query)
    if not terms or limit < 1:
        return []
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    short = {f"t{i}": t for i, t in enumerate(t for t in terms if len(t) < TRIGRAM)}
    params: dict[str, Any] = {"limit": limit, **short}
    if long_terms:
        params["match"] = " ".join(fts_string(t) for t in long_terms)
        statement = _FTS.format(extra=("AND " + _contains(short)) if short else "")
    else:
        statement = _SCAN.format(where=_contains(short))
    with store.session() as session:
        rows = session.execute(sql(statement), params).all()
    pattern = _hit_pattern(terms)
    return [_hit(tuple(row), pattern) for row in rows]


def _hit_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """Any of the terms in the stored page text, which may break a term across lines."""
    spaced = (r"\s*".join(re.escape(c) for c in t) for t in sorted(terms, key=len, reverse=True))
    return re.compile("|".join(spaced), re.IGNORECASE)


_WIDE_BREAK = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
_SPACES = re.compile(r"\s+")


def _squash(text: str) -> str:
    """Page text on one line: a break between Chinese characters is a PDF line wrap."""
    return _SPACES.sub(" ", _WIDE_BREAK.sub("", text))


def _hit(row: tuple[Any, ...], pattern: re.Pattern[str]) -> SearchHit:
    document_id, page, page_text, document_name, dossier_id, seq, enterprise = row
    found = pattern.search(page_text)
    start, end = (found.start(), found.end()) if found else (0, 0)
    lead = max(0, start - CONTEXT)
    tail = min(len(page_text), end + CONTEXT)
    # Squash each side together with its neighbouring character of the hit, so a line
    # break right beside the hit is judged like any other, then drop that character.
    hit_text = page_text[start:end]
    before = _squash(page_text[lead:start] + hit_text[:1])[: -1 if hit_text else None].lstrip()
    after = _squash(hit_text[-1:] + page_text[end:tail])[1 if hit_text else 0 :].rstrip()
    return SearchHit(
        dossier_id=str(dossier_id),
        dossier_seq=int(seq),
        enterprise=str(enterprise),
        document_id=str(document_id),
        document_name=str(document_name),
        page=int(page),
        before=(ELLIPSIS if lead > 0 else "") + before,
        hit=_SPACES.sub("", hit_text),
        after=after + (ELLIPSIS if tail < len(page_text) else ""),
    )


__all__ = ["SearchHit", "fts_string", "search", "search_terms"]
