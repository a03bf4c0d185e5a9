"""Batch import and the formal review on real generated batches (worker included)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.demo.defects import build_defect_batch
from app.documents.worker import DocumentWorker
from app.errors import InputRefused
from app.formal.model import RuleLimits
from app.secretariat import roster
from app.secretariat.checking import formal_review
from app.secretariat.importing import import_batch
from app.store.keyring import cheap_kdf_params
from app.store.store import Store, StoreKind
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def worker() -> Iterator[DocumentWorker]:
    with DocumentWorker() as running:
        yield running


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Store]:
    store = Store.create(tmp_path / "ws", PASSPHRASE, StoreKind.WORKSPACE, kdf=cheap_kdf_params())
    roster.init_round(store, name="测试轮次", year=2024)
    yield store
    store.close()


def _zip_folder(folder: Path, target: Path, *, gbk_names: bool = False) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = f"批次/{path.relative_to(folder).as_posix()}"
                if gbk_names:
                    info = zipfile.ZipInfo(name.encode("gbk").decode("cp437"))
                    info.flag_bits &= ~0x800
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
                else:
                    archive.write(path, name)
    return target


def test_every_seeded_defect_is_found_by_its_rule(
    tmp_path: Path, workspace: Store, worker: DocumentWorker
) -> None:
    batch = build_defect_batch(tmp_path / "batch")
    report = import_batch(workspace, batch.root, worker)
    assert report.added and report.files > 0
    review = formal_review(workspace, RuleLimits(dossier_bytes=2 * 1024 * 1024))
    found = {(f.rule_id, f.enterprise) for f in review.findings}
    for rule, enterprise in batch.defects:
        assert (rule, enterprise) in found, f"{rule} not reported for {enterprise}"
    assert review.dossiers_checked == len(report.added)
    clean = set(report.added) - {e for _, e in batch.defects}
    errors_on_clean = [
        f for f in review.findings if f.enterprise in clean and f.severity == "error"
    ]
    assert errors_on_clean == [], errors_on_clean


def test_reimport_changes_nothing_and_a_changed_file_updates_one_dossier(
    tmp_path: Path, workspace: Store, worker: DocumentWorker
) -> None:
    batch = build_defect_batch(tmp_path / "batch")
    first = import_batch(workspace, batch.root, worker)
    with workspace.session() as session:
        from app.store import audit

        head = audit.head(session)
    second = import_batch(workspace, batch.root, worker)
    assert second.added == () and second.updated == ()
    assert set(second.unchanged) == set(first.added)
    with workspace.session() as session:
        assert audit.head(session) == head, "a re-run wrote to the audit log"
    some_folder = next(
        p
        for p in sorted(batch.root.iterdir())
        if p.is_dir() and any(f.suffix == ".pdf" for f in p.iterdir())
    )
    pdf = next(f for f in some_folder.iterdir() if f.suffix == ".pdf")
    pdf.write_bytes(pdf.read_bytes() + b"\n% revised\n")
    third = import_batch(workspace, batch.root, worker)
    assert len(third.updated) == 1 and third.added == ()


def test_zip_batch_with_gbk_names_imports_like_the_folder(
    tmp_path: Path, workspace: Store, worker: DocumentWorker
) -> None:
    batch = build_defect_batch(tmp_path / "batch")
    archive = _zip_folder(batch.root, tmp_path / "batch.zip", gbk_names=True)
    report = import_batch(workspace, archive, worker)
    assert len(report.added) >= 10
    assert report.missing_folders  # the fixture's row without a folder is still noticed


def test_zip_bomb_batch_is_refused_and_nothing_is_written(
    tmp_path: Path, workspace: Store, worker: DocumentWorker
) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("汇总表.xlsx", b"PK")
        archive.writestr("某公司/证明材料.pdf", bytes(300 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    workspace.engine.dispose()  # checkpoint, so the file alone holds the state
    before = hashlib.sha256((workspace.path / "store.db").read_bytes()).hexdigest()
    with pytest.raises(InputRefused) as caught:
        import_batch(workspace, bomb, worker)
    assert "压缩" in caught.value.render("zh") or "bomb" in caught.value.render("en").lower()
    workspace.engine.dispose()
    after = hashlib.sha256((workspace.path / "store.db").read_bytes()).hexdigest()
    assert after == before
    assert workspace.documents.total_bytes() == 0


@pytest.mark.parametrize("name", ["../逃逸.pdf", "/etc/passwd", "..\\evil.pdf"])
def test_escaping_entries_are_refused(
    tmp_path: Path, workspace: Store, worker: DocumentWorker, name: str
) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("汇总表.xlsx", b"PK")
        archive.writestr(name, b"%PDF-1.4")
    (tmp_path / "evil.zip").write_bytes(data.getvalue())
    with pytest.raises(InputRefused):
        import_batch(workspace, tmp_path / "evil.zip", worker)
    assert not (tmp_path.parent / "逃逸.pdf").exists()


def test_batch_without_summary_table_is_refused(
    tmp_path: Path, workspace: Store, worker: DocumentWorker
) -> None:
    (tmp_path / "b" / "某公司").mkdir(parents=True)
    (tmp_path / "b" / "某公司" / "申报书.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputRefused) as caught:
        import_batch(workspace, tmp_path / "b", worker)
    assert "汇总表" in caught.value.render("zh")
