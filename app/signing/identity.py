"""The store owner's signing material: key, certificate and the round CA, from their package."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.store.schema import IdentityRow, RoundRow


@dataclass(frozen=True)
class SigningIdentity:
    """What ``sign_pdf`` needs of the signer (PEM bytes)."""

    private_key_pem: bytes
    certificate_pem: bytes
    ca_certificate_pem: bytes


def signing_identity(
    session: Session, person_id: str, round_id: str, document: Text
) -> SigningIdentity:
    """The owner's signing material, or a refusal naming the ``document`` that cannot be signed."""
    identity = session.get(IdentityRow, person_id)
    rnd = session.get(RoundRow, round_id)
    if identity is None or rnd is None:
        raise InputRefused(
            Text(
                f"此存储中没有您的签名证书，不能签署{document.zh}。请重新导入评审任务包。",
                f"This store holds no signing certificate of yours, so the {document.en} "
                "cannot be signed. Import your assignment package again.",
            )
        )
    return SigningIdentity(identity.private_key, identity.certificate, rnd.ca_certificate)
