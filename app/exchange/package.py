"""The assignment package (评审任务包): what the secretariat hands one person.

An encrypted envelope (``app.exchange.envelope``) holding, in order:

1. ``manifest`` — the round (stage, scheme, rule, groups), the recipient, the people whose
   certificates they verify, the round CA, the assigned dossiers with their documents'
   metadata and the conflicts already known. Nothing of anyone's scores.
2. ``identity`` — the recipient's signing key and certificate (issued by the round CA).
3. ``texts`` — extracted page texts, for search.
4. one ``document`` record per distinct document, named by its SHA-256.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.errors import InputRefused, Text

PACKAGE_KIND = "assignment-package"
MANIFEST_FORMAT = "qbr-assignment/1"
PACKAGE_SUFFIX = ".qbrpkg"


@dataclass(frozen=True)
class PackageManifest:
    """The manifest record, parsed and checked for shape."""

    package_id: str
    issued_at: str
    round: dict[str, Any]
    groups: list[dict[str, Any]]
    recipient: dict[str, Any]
    people: list[dict[str, Any]]
    ca_certificate: str
    dossiers: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    assignments: list[dict[str, Any]]
    conflicts: list[str]
    member_conflicts: list[dict[str, str]] = field(default_factory=list)
    """For a leader: the conflicts the secretariat recorded for the group's members
    (``person_id``, ``dossier_id``), so received sheets scoring them are refused. Packages
    made before this field existed carry none."""

    def to_json(self) -> dict[str, Any]:
        return {"format": MANIFEST_FORMAT, **self.__dict__}

    @classmethod
    def from_json(cls, data: object) -> PackageManifest:
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            raise damaged_package("unknown manifest format")
        try:
            manifest = cls(
                package_id=str(data["package_id"]),
                issued_at=str(data["issued_at"]),
                round=dict(data["round"]),
                groups=list(data["groups"]),
                recipient=dict(data["recipient"]),
                people=list(data["people"]),
                ca_certificate=str(data["ca_certificate"]),
                dossiers=list(data["dossiers"]),
                documents=list(data["documents"]),
                assignments=list(data["assignments"]),
                conflicts=[str(c) for c in data["conflicts"]],
                member_conflicts=[
                    {"person_id": str(c["person_id"]), "dossier_id": str(c["dossier_id"])}
                    for c in data.get("member_conflicts", [])
                ],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise damaged_package(f"manifest field {exc}") from exc
        for key in ("id", "name", "year", "stage", "scheme", "rule", "shortlist_size"):
            if key not in manifest.round:
                raise damaged_package(f"round lacks {key}")
        for key in ("id", "name", "organisation", "role"):
            if key not in manifest.recipient:
                raise damaged_package(f"recipient lacks {key}")
        return manifest


def damaged_package(detail: str) -> InputRefused:
    return InputRefused(
        Text(
            f"评审任务包内容不完整或格式错误（{detail}），请向办公室索取新的任务包。",
            f"The assignment package is malformed ({detail}); ask the secretariat for a new one.",
        )
    )
