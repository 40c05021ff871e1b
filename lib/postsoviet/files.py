"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Every file the collection writes for keeps (notebooks written back, build/verdicts.*,
build/index.html, the README's Findings, data CSVs and the catalog) goes through
`write_atomic()`: the bytes go to a temporary file in the same folder, are flushed to disk,
and the temporary file is renamed over the target. A full disk, a kill or a Ctrl-C before
the rename leaves the old file whole and removes the temporary one. `write_together()`
commits several files so that either all are replaced or none is.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

PREFIX = ".tmp-"


def _data(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _staged(path: Path, content: str | bytes) -> Path:
    """The content in a synced temporary file next to `path` (removed again on any failure)."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f"{PREFIX}{path.name}.")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_data(content))
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():  # keep the permissions of the file being replaced
            with contextlib.suppress(OSError):
                temporary.chmod(path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            temporary.chmod(0o666 & ~umask)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_atomic(path: Path | str, content: str | bytes) -> None:
    """Replace `path` with `content` (text is written as UTF-8), all at once or not at all."""
    path = Path(path)
    temporary = _staged(path, content)
    try:
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def write_together(files: Iterable[tuple[Path | str, str | bytes]]) -> None:
    """Replace several files so that either every one is replaced or none is.

    All contents are staged first (where a full disk shows); only then are the files
    renamed into place, and a rename that fails puts back the ones already replaced.
    """
    files = [(Path(p), c) for p, c in files]
    staged: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, Path | None]] = []  # (file, backup of its old content or None)
    try:
        for path, content in files:
            staged.append((path, _staged(path, content)))
        for path, temporary in staged:
            backup = _staged(path, path.read_bytes()) if path.exists() else None
            try:
                temporary.replace(path)
            except BaseException:
                if backup is not None:
                    backup.unlink(missing_ok=True)
                raise
            replaced.append((path, backup))
    except BaseException:
        for path, backup in reversed(replaced):
            if backup is None:
                path.unlink(missing_ok=True)
            else:
                backup.replace(path)
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
        raise
    finally:
        for _, backup in replaced:
            if backup is not None:
                backup.unlink(missing_ok=True)
    for folder in {p.parent for p, _ in files}:
        _sync_folder(folder)
