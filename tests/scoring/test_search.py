"""Full-text search over the demo round's real stores (FTS5 trigram inside SQLCipher)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select

from app.demo.round import PERSONAL_PASSPHRASE, build_demo_round
from app.scoring.search import SearchHit, fts_string, search, search_terms
from app.store import migrate
from app.store.keyring import cheap_kdf_params
from app.store.schema import Base, DocumentRow, DossierRow, PageTextRow, include_name
from app.store.store import Store

WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Demo:
    chair: Path  # all twelve dossiers
    expert: Path  # the first group's six


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    root = tmp_path_factory.mktemp("search")
    built = build_demo_round(root / "demo", kdf=cheap_kdf_params())
    return Demo(built.stores["chair"], built.stores["expert"])


@pytest.fixture(scope="module")
def chair(demo: Demo) -> Iterator[Store]:
    """Opened once and only read from."""
    with Store.open(demo.chair, PERSONAL_PASSPHRASE) as store:
        yield store


@pytest.fixture
def chair_copy(demo: Demo, tmp_path: Path) -> Iterator[Store]:
    """A copy for tests that write."""
    shutil.copytree(demo.chair, tmp_path / "chair")
    with Store.open(tmp_path / "chair", PERSONAL_PASSPHRASE) as store:
        yield store


def _pages(store: Store) -> dict[tuple[str, int], str]:
    with store.session() as session:
        return {(p.document_id, p.page): p.text for p in session.scalars(select(PageTextRow))}


def _squashed(text: str) -> str:
    return WHITESPACE.sub("", text).lower()


def _pages_with(store: Store, terms: list[str]) -> set[tuple[str, int]]:
    return {
        key
        for key, text in _pages(store).items()
        if all(t.lower() in _squashed(text) for t in terms)
    }


def _assert_hits_are_on_their_pages(store: Store, hits: list[SearchHit], terms: list[str]) -> None:
    pages = _pages(store)
    with store.session() as session:
        for hit in hits:
            text = pages[(hit.document_id, hit.page)]
            for term in terms:
                assert term.lower() in _squashed(text)
            assert _squashed(hit.hit) in {t.lower() for t in terms}
            context = _squashed(hit.before.strip("…") + hit.hit + hit.after.strip("…"))
            assert context in _squashed(text)
            document = session.get(DocumentRow, hit.document_id)
            assert document is not None and document.name == hit.document_name
            assert document.pages is None or 1 <= hit.page <= document.pages
            dossier = session.get(DossierRow, document.dossier_id)
            assert dossier is not None
            assert (dossier.id, dossier.enterprise, dossier.seq) == (
                hit.dossier_id,
                hit.enterprise,
                hit.dossier_seq,
            )


@pytest.mark.parametrize("query", ["六西格玛", "质量管理", "DMAIC", "dmaic", "精益生产 价值流"])
def test_chinese_substrings_are_found_on_every_page_that_has_them(chair: Store, query: str) -> None:
    terms = search_terms(query)
    hits = search(chair, query, limit=1000)
    assert hits
    assert {(h.document_id, h.page) for h in hits} == _pages_with(chair, terms)
    _assert_hits_are_on_their_pages(chair, hits, terms)
    assert len({h.dossier_id for h in hits}) >= 2


def test_snippets_mark_the_hit_for_the_ui(chair: Store) -> None:
    hit = search(chair, "六西格玛", limit=1)[0]
    assert hit.hit == "六西格玛"
    assert hit.snippet == f"{hit.before}【六西格玛】{hit.after}"
    assert "\n" not in hit.snippet
    assert len(hit.before) <= 25 and len(hit.after) <= 25


def test_results_are_ranked_and_limited(chair: Store) -> None:
    every = search(chair, "质量管理", limit=1000)
    assert len(every) > 5
    assert search(chair, "质量管理", limit=5) == every[:5]
    assert search(chair, "质量管理", limit=0) == []


def test_two_character_queries_scan_the_pages(chair: Store) -> None:
    hits = search(chair, "精益", limit=1000)
    assert {(h.document_id, h.page) for h in hits} == _pages_with(chair, ["精益"])
    _assert_hits_are_on_their_pages(chair, hits, ["精益"])
    assert [h.hit for h in hits] == ["精益"] * len(hits)
    one = search(chair, "益", limit=1000)
    assert len(one) >= len(hits)
    # A short term beside a long one narrows the long one's matches.
    both = search(chair, "六西格玛 黑带", limit=1000)
    assert {(h.document_id, h.page) for h in both} == _pages_with(chair, ["六西格玛", "黑带"])


def test_words_wrapped_across_lines_are_found(chair_copy: Store) -> None:
    with chair_copy.session() as session:
        document = session.scalars(select(DocumentRow)).first()
        assert document is not None
        session.add(
            PageTextRow(document_id=document.id, page=999, text="推行六西\n格玛与精\n益生产。")
        )
    hits = [h for h in search(chair_copy, "六西格玛", limit=1000) if h.page == 999]
    assert len(hits) == 1 and hits[0].hit == "六西格玛"
    assert hits[0].snippet == "推行【六西格玛】与精益生产。"
    assert any(h.page == 999 for h in search(chair_copy, "精益", limit=1000))


def test_the_index_follows_inserts_updates_and_deletes(chair_copy: Store) -> None:
    marker = "标记词甲乙丙"
    assert search(chair_copy, marker) == []
    with chair_copy.session() as session:
        document = session.scalars(select(DocumentRow)).first()
        assert document is not None
        document_id = document.id
        session.add(PageTextRow(document_id=document_id, page=500, text=f"第一稿{marker}"))
    assert [(h.document_id, h.page) for h in search(chair_copy, marker)] == [(document_id, 500)]
    with chair_copy.session() as session:
        row = session.get(PageTextRow, (document_id, 500))
        assert row is not None
        row.text = "改写后的文字"
    assert search(chair_copy, marker) == []
    assert [h.page for h in search(chair_copy, "改写后")] == [500]
    with chair_copy.session() as session:
        row = session.get(PageTextRow, (document_id, 500))
        session.delete(row)
    assert search(chair_copy, "改写后") == []
    # Everything else is still found.
    assert search(chair_copy, "六西格玛")


HOSTILE = [
    '"',
    "*",
    "AND",
    "(",
    ")",
    '"六西格玛',
    '六西格玛"',
    "六西格玛*",
    "NEAR(六西格玛 质量)",
    "质量 AND 管理",
    "六西格玛 OR",
    "-质量管理",
    "^质量管理",
    "text:质量管理",
    "{text} : 质量",
    "'; DROP TABLE page_texts; --",
    "\x00六西格玛",
    "六西\x00格玛",
    '""""""',
    "*质量管理*",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_matched_literally(chair: Store, query: str) -> None:
    hits = search(chair, query, limit=1000)
    terms = search_terms(query)
    assert {(h.document_id, h.page) for h in hits} == _pages_with(chair, terms)
    _assert_hits_are_on_their_pages(chair, hits, terms)


def test_fts_strings_double_their_quotes() -> None:
    assert fts_string('a"b') == '"a""b"'
    assert search_terms("  质量\u3000管理\t质量 ") == ["质量", "管理"]
    assert search_terms("\x00\n") == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=12))
def test_no_query_breaks_the_search(chair: Store, query: str) -> None:
    search(chair, query, limit=5)


def test_only_documents_in_the_store_are_searched(demo: Demo, chair: Store) -> None:
    with Store.open(demo.expert, PERSONAL_PASSPHRASE) as expert:
        with expert.session() as session:
            own = set(session.scalars(select(DossierRow.enterprise)))
        with chair.session() as session:
            others = set(session.scalars(select(DossierRow.enterprise))) - own
        assert own and others
        for enterprise in others:
            assert search(expert, enterprise) == []
        found = {h.enterprise for e in own for h in search(expert, e)}
    assert found == own


def test_the_migration_back_fills_the_index(demo: Demo, tmp_path: Path, chair: Store) -> None:
    expected = search(chair, "六西格玛", limit=1000)
    shutil.copytree(demo.chair, tmp_path / "s")
    with Store.open(tmp_path / "s", PERSONAL_PASSPHRASE) as store:
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS))
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")
        with store.engine.connect() as conn:
            assert "page_search" not in inspect(conn).get_table_names()
        migrate.upgrade(store.engine)
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        assert search(store, "六西格玛", limit=1000) == expected
        assert store.check().ok


def test_the_schema_matches_the_metadata_apart_from_the_index(chair: Store) -> None:
    with chair.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert {"page_search", "page_search_data", "page_search_idx"} <= tables
