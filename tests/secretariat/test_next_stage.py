"""Opening the defense stage from the chair's signed list (real signatures, real stores)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.chair.shortlist_verify import ShortlistRejected
from app.cli.main import main
from app.demo.round import SECRETARIAT_PASSPHRASE
from app.errors import InputRefused
from app.secretariat import assignment
from app.secretariat.next_stage import FILE_LIMIT, advance_stage
from app.signing.pki import RoundAuthority, issue_person_certificate
from app.signing.signed_pdf import sign_pdf
from app.store import audit
from app.store.schema import (
    AssignmentRow,
    ConflictRow,
    DocumentRow,
    DossierRow,
    RoundRow,
    SignedRevisionRow,
)
from app.store.store import Store
from tests.secretariat.signed_lists import (
    Workspace,
    build_workspace,
    copy_store,
    make_shortlist,
    one_page_pdf,
    write_list,
)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return build_workspace(tmp_path_factory.mktemp("next-stage") / "demo")


@pytest.fixture(scope="module")
def material_list(ws: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chair's 入围答辩名单, revision 1: the first two of each group go on."""
    folder = tmp_path_factory.mktemp("lists")
    return write_list(folder / "入围答辩名单.pdf", ws.demo.stores["chair"], make_shortlist(ws))


@pytest.fixture
def workspace(ws: Workspace, tmp_path: Path) -> Iterator[Store]:
    path = copy_store(ws.demo.workspace, tmp_path / "workspace")
    with Store.open(path, SECRETARIAT_PASSPHRASE) as store:
        yield store


def _state(store: Store) -> tuple[str, int, dict[str, str], int, int, int, int]:
    with store.session() as s:
        rnd = s.scalars(select(RoundRow)).one()
        return (
            rnd.stage,
            rnd.shortlist_size,
            {a.dossier_id: a.group_id for a in s.scalars(select(AssignmentRow))},
            s.scalar(select(func.count()).select_from(DossierRow)) or 0,
            s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
            s.scalar(select(func.count()).select_from(SignedRevisionRow)) or 0,
            audit.count(s),
        )


def _refused(store: Store, path: Path, **kwargs: int) -> str:
    """The code of the refusal; the store must not have changed at all."""
    before = _state(store)
    with pytest.raises(ShortlistRejected) as caught:
        advance_stage(store, path, **kwargs)
    assert caught.value.render("zh") and caught.value.render("en")
    assert _state(store) == before
    return caught.value.code


def flip_inside_a_stream(data: bytes) -> bytes:
    """One bit changed inside the first stream: the PDF still parses, its digest not."""
    start = data.index(b"stream", data.index(b"obj")) + len(b"stream\r\n") + 16
    changed = bytearray(data)
    changed[start] ^= 0x01
    return bytes(changed)


def _advanced(store: Store, path: Path) -> None:
    result = advance_stage(store, path)
    assert result.changed and result.stage == "defense"


def test_advancing_opens_the_defense_stage(
    ws: Workspace, workspace: Store, material_list: Path
) -> None:
    with workspace.session() as s:
        conflicts = s.scalar(select(func.count()).select_from(ConflictRow))
    _, k, _, dossiers, documents, _, entries = _state(workspace)

    result = advance_stage(workspace, material_list, shortlist_size=2)

    assert result.changed and result.list_stage == "material" and result.stage == "defense"
    assert {d.dossier_id for d in result.listed} == ws.on_list
    assert len(result.dropped) == len(ws.assignments) - len(ws.on_list) == 8
    assert "已核验主任委员签署的入围答辩名单第 1 版（4 项）" in result.message.zh
    assert "评审轮次已进入答辩评审阶段" in result.message.zh
    assert "8 项" in result.message.zh and "qbr round packages" in result.message.zh
    assert "defense stage" in result.message.en and "8 dossiers" in result.message.en
    as_json = json.loads(json.dumps(result.to_json()))
    assert as_json["file"] == str(material_list) and as_json["shortlist_size"] == 2
    data = material_list.read_bytes()
    assert result.file_sha256 == hashlib.sha256(data).hexdigest()

    stage, size, assigned, dossiers_after, documents_after, revisions, entries_after = _state(
        workspace
    )
    assert (stage, size) == ("defense", 2) and k == 3
    assert assigned == {d: g for d, g in ws.assignments.items() if d in ws.on_list}
    assert (dossiers_after, documents_after) == (dossiers, documents)  # nothing else goes
    assert revisions == 1 and entries_after == entries + 1
    with workspace.session() as s:
        assert s.scalar(select(func.count()).select_from(ConflictRow)) == conflicts
        row = s.scalars(select(SignedRevisionRow)).one()
        assert (row.kind, row.stage, row.state, row.group_id) == (
            "shortlist",
            "material",
            "applied",
            None,
        )
        assert row.signer_id == ws.chair[0] and row.round_id == ws.round_id
        assert row.document_id == f"{ws.round_id}:material:shortlist"
        assert (row.revision, row.file_sha256) == (1, result.file_sha256)
        assert row.content_hash == result.content_hash
        assert json.loads(row.payload)["shortlist"] == [d.dossier_id for d in result.listed]
        [entry] = audit.entries(s, limit=1)
        assert audit.verify(s) == []
    assert workspace.documents.has(result.file_sha256)
    assert (entry.actor, entry.action, entry.subject) == (
        "secretariat",
        "round.next_stage",
        ws.round_id,
    )
    assert entry.detail["previous_assignments"] == ws.assignments
    assert set(entry.detail["dropped"]) == set(ws.assignments) - ws.on_list
    assert entry.detail["stage"] == {"from": "material", "to": "defense"}
    assert entry.detail["shortlist_size"] == {"from": 3, "to": 2}
    assert (entry.detail["revision"], entry.detail["file_sha256"]) == (1, result.file_sha256)
    assert entry.detail["content_hash"] == result.content_hash


def test_the_same_list_again_changes_nothing(
    ws: Workspace, workspace: Store, material_list: Path
) -> None:
    _advanced(workspace, material_list)
    before = _state(workspace)
    again = advance_stage(workspace, material_list)
    assert not again.changed and again.stage == "defense"
    assert "已经核验并记录过，未做任何修改" in again.message.zh
    assert "nothing changed" in again.message.en
    assert _state(workspace) == before


def test_another_revision_of_the_material_list_after_advancing_is_refused(
    ws: Workspace, workspace: Store, material_list: Path, tmp_path: Path
) -> None:
    _advanced(workspace, material_list)
    first = make_shortlist(ws)
    group = sorted(ws.groups)[0]
    second = make_shortlist(
        ws, revision=2, prev_hash=first.content_hash, on_list=set(ws.listed(group))
    )
    path = write_list(tmp_path / "rev2.pdf", ws.demo.stores["chair"], second)
    with pytest.raises(ShortlistRejected) as caught:
        advance_stage(workspace, path)
    assert caught.value.code == "already_advanced"
    assert "已根据入围答辩名单第 1 版开启" in caught.value.render("zh")
    assert "already opened from revision 1" in caught.value.render("en")


def test_a_changed_byte_breaks_the_signature(
    workspace: Store, material_list: Path, tmp_path: Path
) -> None:
    path = tmp_path / "changed.pdf"
    path.write_bytes(flip_inside_a_stream(material_list.read_bytes()))
    assert _refused(workspace, path) == "signature_invalid"


def test_a_list_signed_by_a_leader_is_refused(
    ws: Workspace, workspace: Store, tmp_path: Path
) -> None:
    leader_store = ws.demo.stores["leader"]
    leader = next(ws.leaders[g] for g in ws.groups if ws.leaders[g][1] == "李明华")
    as_chair = write_list(
        tmp_path / "as-chair.pdf", leader_store, make_shortlist(ws, signer=leader)
    )
    assert _refused(workspace, as_chair) == "not_the_chair"
    naming_the_chair = write_list(tmp_path / "naming.pdf", leader_store, make_shortlist(ws))
    assert _refused(workspace, naming_the_chair) == "signer_mismatch"


def test_a_certificate_not_the_chairs_current_one_is_refused(
    ws: Workspace, workspace: Store, tmp_path: Path
) -> None:
    with workspace.session() as s:
        rnd = s.scalars(select(RoundRow)).one()
        assert rnd.ca_private_key is not None
        authority = RoundAuthority(rnd.ca_certificate, rnd.ca_private_key)
    chair_id, chair_name = ws.chair
    stale = issue_person_certificate(
        authority,
        person_id=chair_id,
        name=chair_name,
        organisation="中国质量协会",
        role="chair",
        group=None,
    )
    shortlist = make_shortlist(ws)
    path = tmp_path / "stale.pdf"
    path.write_bytes(
        sign_pdf(
            one_page_pdf("stale certificate"),
            attachment_name="shortlist.json",
            attachment=shortlist.canonical_bytes(),
            certificate_pem=stale.certificate_pem,
            private_key_pem=stale.private_key_pem,
            ca_certificate_pem=authority.certificate_pem,
            signer_name=chair_name,
            box=(320.0, 60.0, 570.0, 122.0),
            page=0,
        )
    )
    assert _refused(workspace, path) == "unknown_certificate"


def test_lists_that_do_not_fit_the_round_are_refused(
    ws: Workspace, workspace: Store, tmp_path: Path
) -> None:
    chair = ws.demo.stores["chair"]
    first, second = sorted(ws.groups)
    moved = next(d for d, g in ws.assignments.items() if g == first)
    one_group = {d: g for d, g in ws.assignments.items() if g == first}
    short = dict(ws.assignments)
    del short[next(d for d, g in ws.assignments.items() if d not in ws.on_list)]
    other_round = dataclasses.replace(
        make_shortlist(ws), round_id="0" * 32, shortlist_id=f"{'0' * 32}:material:shortlist"
    )
    cases = {
        "other_round": other_round,
        "other_stage": make_shortlist(ws, stage="defense"),
        "not_assigned": make_shortlist(ws, assignments={**ws.assignments, moved: second}),
        "group_missing": make_shortlist(ws, assignments=one_group),
        "dossier_missing": make_shortlist(ws, assignments=short),
        "empty_list": make_shortlist(ws, on_list=set()),
    }
    for code, shortlist in cases.items():
        path = write_list(tmp_path / f"{code}.pdf", chair, shortlist)
        assert _refused(workspace, path) == code, code


def test_a_file_too_large_is_refused_unread(workspace: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(FILE_LIMIT + 1)
    assert _refused(workspace, path) == "too_large"
    assert _refused(workspace, tmp_path / "missing.pdf") == "unreadable"
    assert _refused(workspace, path, shortlist_size=0) == "size_invalid"


def test_the_defense_list_is_recorded_as_the_preliminary_list(
    ws: Workspace, workspace: Store, material_list: Path, tmp_path: Path
) -> None:
    _advanced(workspace, material_list)
    chair = ws.demo.stores["chair"]
    narrowed = {d: g for d, g in ws.assignments.items() if d in ws.on_list}
    winners = {ws.listed(g)[0] for g in ws.groups}
    first = make_shortlist(ws, stage="defense", assignments=narrowed, on_list=winners)
    path = write_list(tmp_path / "初评名单.pdf", chair, first)

    result = advance_stage(workspace, path)

    assert result.changed and (result.list_stage, result.stage) == ("defense", "defense")
    assert (len(result.listed), len(result.dropped)) == (2, 2)
    assert "初评名单第 1 版" in result.message.zh and "公示" in result.message.zh
    assert "preliminary list" in result.message.en and "publicity" in result.message.en
    assert _state(workspace)[2] == narrowed  # the stage and the groups stay
    with workspace.session() as s:
        row = s.scalars(select(SignedRevisionRow).where(SignedRevisionRow.stage == "defense")).one()
        assert (row.document_id, row.state) == (f"{ws.round_id}:defense:shortlist", "applied")
        assert audit.entries(s, limit=1)[0].action == "round.preliminary_list"
    assert _refused(workspace, path, shortlist_size=2) == "size_not_applicable"
    assert not advance_stage(workspace, path, shortlist_size=3).changed  # K as it is
    assert not advance_stage(workspace, material_list).changed

    second = make_shortlist(
        ws,
        stage="defense",
        revision=2,
        prev_hash=first.content_hash,
        assignments=narrowed,
        on_list=set(ws.on_list),
    )
    later = advance_stage(workspace, write_list(tmp_path / "rev2.pdf", chair, second))
    assert later.changed and later.replaced == 1 and "取代第 1 版" in later.message.zh
    with workspace.session() as s:
        rows = s.scalars(select(SignedRevisionRow).where(SignedRevisionRow.stage == "defense"))
        states = {r.revision: r.state for r in rows}
    assert states == {1: "superseded", 2: "applied"}
    assert not advance_stage(workspace, path).changed  # held already: nothing changes
    other = make_shortlist(ws, stage="defense", assignments=narrowed, on_list=set(ws.on_list))
    assert (
        _refused(workspace, write_list(tmp_path / "other1.pdf", chair, other)) == "older_revision"
    )


def test_assigning_a_dropped_dossier_at_the_defense_stage_is_refused(
    ws: Workspace, workspace: Store, material_list: Path
) -> None:
    _advanced(workspace, material_list)
    first, second = sorted(ws.groups)
    dropped = next(d for d, g in ws.assignments.items() if g == first and d not in ws.on_list)
    with pytest.raises(InputRefused) as caught:
        assignment.assign(workspace, ws.groups[first], [dropped])
    assert "不在主任委员签署的入围答辩名单上" in caught.value.render("zh")
    assert "not on the chair's signed defense shortlist" in caught.value.render("en")
    kept = ws.listed(first)[0]
    moved = assignment.assign(workspace, ws.groups[second], [kept])
    assert moved.assigned == (ws.dossiers[kept][1],)
    everything = assignment.assign(workspace, ws.groups[second], None)
    assert len(everything.assigned) + len(everything.unchanged) == len(ws.on_list)
    assert set(_state(workspace)[2]) == ws.on_list


def test_round_next_stage_on_the_command_line(
    ws: Workspace,
    material_list: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = copy_store(ws.demo.workspace, tmp_path / "workspace")
    monkeypatch.setenv("QBR_PASSPHRASE", SECRETARIAT_PASSPHRASE)
    other_stage = write_list(
        tmp_path / "defense.pdf", ws.demo.stores["chair"], make_shortlist(ws, stage="defense")
    )
    command = ["round", "next-stage", str(path), "--json", "--shortlist"]

    assert main([*command, str(other_stage)]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert refused["ok"] is False and refused["code"] == "other_stage"

    assert main([*command, str(material_list), "--shortlist-size", "2"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["ok"] and done["changed"] and done["stage"] == "defense"
    assert done["shortlist_size"] == 2 and len(done["listed"]) == len(ws.on_list)
    assert done["file"] == str(material_list)

    assert main(["round", "next-stage", str(path), "--shortlist", str(material_list)]) == 0
    assert "未做任何修改" in capsys.readouterr().out
    assert main(["round", "next-stage", str(path), "--shortlist", str(tmp_path / "none")]) == 1
    assert "无法读取名单文件" in capsys.readouterr().err
