"""A delivered batch as a list of files, whether it came as a folder or an archive.

Archives are read into memory (never extracted to disk) with the safety checks of
``app.ingest.archive``; folders are walked without following symbolic links.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.errors import InputRefused, Text
from app.ingest.archive import ArchiveLimits, is_junk, read_archive


@dataclass(frozen=True)
class SourceFile:
    """One file of the batch: its "/"-separated path relative to the batch root."""

    path: str
    size: int
    read: Callable[[], bytes]


@dataclass(frozen=True)
class BatchSource:
    """The files of a batch, with the 汇总表 and the enterprise folders picked out."""

    name: str
    manifest: SourceFile
    folders: dict[str, list[SourceFile]]  # folder name → files, paths relative to the folder
    stray_files: tuple[str, ...]  # files at the top that are neither the 汇总表 nor in a folder
    skipped_links: tuple[str, ...]


def _walk_folder(root: Path) -> tuple[list[SourceFile], list[str]]:
    files: list[SourceFile] = []
    links: list[str] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(folder)
        for d in list(dirnames):
            if (base / d).is_symlink():
                links.append((base / d).relative_to(root).as_posix())
                dirnames.remove(d)
        for name in filenames:
            path = base / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                links.append(rel)
                continue
            if is_junk(rel):
                continue
            files.append(SourceFile(rel, path.stat().st_size, path.read_bytes))
    return files, links


def _constant(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def _from_archive(path: Path, limits: ArchiveLimits) -> list[SourceFile]:
    entries = read_archive(path, path.name, limits)
    return [
        SourceFile(e.name, len(e.data), _constant(e.data)) for e in entries if not is_junk(e.name)
    ]


def _strip_common_root(files: list[SourceFile]) -> list[SourceFile]:
    """Drop a single wrapping folder (``山东省推荐材料/汇总表.xlsx`` → ``汇总表.xlsx``)."""
    while files and all("/" in f.path for f in files):
        if len({f.path.split("/", 1)[0] for f in files}) != 1:
            break
        files = [SourceFile(f.path.split("/", 1)[1], f.size, f.read) for f in files]
    return files


def _pick_manifest(top: list[SourceFile], source: Path) -> SourceFile:
    sheets = [f for f in top if f.path.lower().endswith(".xlsx") and not f.path.startswith("~$")]
    named = [f for f in sheets if "汇总" in f.path]
    chosen = named or sheets
    if len(chosen) == 1:
        return chosen[0]
    if not chosen:
        raise InputRefused(
            Text(
                f"{source.name} 中找不到汇总表（顶层的 汇总表.xlsx）。",
                f"{source.name} has no summary table (汇总表.xlsx at its top level).",
            )
        )
    names = "、".join(f.path for f in chosen)
    raise InputRefused(
        Text(
            f"{source.name} 顶层有多个汇总表：{names}，请只保留一个。",
            f"{source.name} has several summary tables at its top: {names}.",
        )
    )


def open_source(source: Path, limits: ArchiveLimits | None = None) -> BatchSource:
    """List a batch folder or archive."""
    limits = limits or ArchiveLimits()
    if source.is_dir():
        files, links = _walk_folder(source)
    elif source.is_file():
        files, links = _from_archive(source, limits), []
    else:
        raise InputRefused(Text(f"找不到 {source}。", f"{source} does not exist."))
    files = _strip_common_root(files)
    top = [f for f in files if "/" not in f.path]
    manifest = _pick_manifest(top, source)
    folders: dict[str, list[SourceFile]] = {}
    for f in files:
        if "/" in f.path:
            folder, rest = f.path.split("/", 1)
            folders.setdefault(folder, []).append(SourceFile(rest, f.size, f.read))
    stray = tuple(f.path for f in top if f is not manifest)
    for folder_files in folders.values():
        folder_files.sort(key=lambda f: PurePosixPath(f.path).parts)
    return BatchSource(source.name, manifest, folders, stray, tuple(links))
