"""Rules for the files of a dossier: each one readable, all together within the size limit.

The document inspector has already decided each file's status in its worker; these
rules turn a status into a finding an office can act on ("save it as .docx",
"remove the password") and add the per-enterprise size limit (Shandong: 200 MB).
"""

from __future__ import annotations

from app.errors import Text
from app.formal.findings import Finding, finding
from app.formal.model import CheckedDossier, CheckInput
from app.models.inspection import FileStatus

# Status → (rule id, what is wrong and what to do about it).
STATUS_RULES: dict[FileStatus, tuple[str, Text]] = {
    FileStatus.ENCRYPTED: (
        "file.encrypted",
        Text(
            "已加密（设有密码），无法打开，请提供无密码的文件",
            "is encrypted (password-protected) and cannot be opened; supply it without a password",
        ),
    ),
    FileStatus.CORRUPT: (
        "file.corrupt",
        Text("已损坏，无法解析", "is damaged and cannot be parsed"),
    ),
    FileStatus.WRONG_TYPE: (
        "file.wrong_type",
        Text(
            "的内容与扩展名不符（实际为 {detected}）",
            "has content that does not match its extension (it is {detected})",
        ),
    ),
    FileStatus.EMPTY: ("file.empty", Text("是空文件", "is empty")),
    FileStatus.LEGACY_DOC: (
        "file.legacy_doc",
        Text(
            "是旧版 Word 97-2003（.doc）文件，请另存为 .docx",
            "is an old Word 97-2003 (.doc) file; save it as .docx",
        ),
    ),
    FileStatus.EXECUTABLE: (
        "file.executable",
        Text("是可执行程序或脚本，已拒绝", "is an executable or a script and was refused"),
    ),
    FileStatus.UNSUPPORTED: (
        "file.unsupported",
        Text(
            "是本系统不支持的文件类型（{detected}）",
            "is of a type the workstation does not read ({detected})",
        ),
    ),
    FileStatus.HOSTILE: (
        "file.hostile",
        Text(
            "含有不安全的内容（如 XML 实体、压缩炸弹或越界路径），已拒绝",
            "holds unsafe content (such as XML entities, a ZIP bomb or escaping paths) "
            "and was refused",
        ),
    ),
    FileStatus.CRASHED: (
        "file.unreadable",
        Text(
            "在读取时导致解析进程崩溃或超时，无法显示",
            "made the reader crash or time out and cannot be shown",
        ),
    ),
}

MB = 1024 * 1024


def status_text(status: FileStatus, detected_type: str) -> Text:
    """What a file status means, as the predicate of a sentence naming the file."""
    if status is FileStatus.OK:
        return Text("可以读取", "is readable")
    return STATUS_RULES[status][1].format(detected=detected_type or "?")


def check_files(data: CheckInput) -> list[Finding]:
    """One finding per unreadable file, and one per dossier over the size limit."""
    out: list[Finding] = []
    for dossier in data.dossiers:
        out.extend(_unreadable(dossier))
        out.extend(_too_large(dossier, data.limits.dossier_bytes))
    return out


def _seq(dossier: CheckedDossier) -> int | None:
    return dossier.row.seq if dossier.row is not None else None


def _unreadable(dossier: CheckedDossier) -> list[Finding]:
    out: list[Finding] = []
    for file in dossier.files:
        inspection = file.inspection
        if inspection.status is FileStatus.OK:
            continue
        rule_id = STATUS_RULES[inspection.status][0]
        what = status_text(inspection.status, inspection.detected_type)
        why_zh = f"（原因：{inspection.reason}）" if inspection.reason else ""
        why_en = f" (reason: {inspection.reason})" if inspection.reason else ""
        out.append(
            finding(
                rule_id,
                Text(
                    f"“{dossier.enterprise}”的文件“{file.name}”{what.zh}。{why_zh}",
                    f"The file '{file.name}' of '{dossier.enterprise}' {what.en}.{why_en}",
                ),
                enterprise=dossier.enterprise,
                file=file.name,
                seq=_seq(dossier),
                status=inspection.status.value,
                detected_type=inspection.detected_type,
                reason=inspection.reason,
            )
        )
    return out


def _too_large(dossier: CheckedDossier, limit: int) -> list[Finding]:
    total = sum(f.size for f in dossier.files)
    if total <= limit:
        return []
    size, allowed = f"{total / MB:.1f}", f"{limit / MB:.0f}"
    return [
        finding(
            "file.too_large",
            Text(
                f"“{dossier.enterprise}”的材料共 {size} MB，超过每家企业 {allowed} MB 的上限。",
                f"The materials of '{dossier.enterprise}' total {size} MB, more than the "
                f"{allowed} MB allowed per enterprise.",
            ),
            enterprise=dossier.enterprise,
            seq=_seq(dossier),
            bytes=total,
            limit_bytes=limit,
        )
    ]
