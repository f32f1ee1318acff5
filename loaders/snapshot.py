"""Read and write snapshot files in data/ together with their metadata sidecars."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import time
from pathlib import Path

import pandas as pd

import config
from loaders.provenance import Provenance

SIDECAR_SUFFIX = ".meta.json"


# An absolute path inside a message (an OSError's filename, a parser's): visitors and logs get its last part only.
_ABS_PATH = re.compile(r"(?<![\w.:/~-])/(?:[^/\s'\"]+/)+([^/\s'\"]*)")


class SnapshotError(RuntimeError):
    """A snapshot file is missing, unreadable or does not match its sidecar; the message starts with its name.

    The message never holds an absolute path of the server: any is cut to its file name.
    """

    def __init__(self, message: object = ""):
        super().__init__(_ABS_PATH.sub(r"\1", str(message)))

    @property
    def file(self) -> str:
        """Return the name of the file at fault."""
        return str(self).split(":", 1)[0]


def sidecar_path(path: Path) -> Path:
    """Return the sidecar path of a data file."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def count_rows(path: Path) -> int:
    """Count data rows (CSV) or features (GeoJSON) in a file."""
    path = Path(path)
    if path.suffix == ".geojson":
        return len(json.loads(path.read_text(encoding="utf-8"))["features"])
    return len(pd.read_csv(path, dtype=str, keep_default_na=False))


def read_meta(path: Path) -> Provenance:
    """Read the sidecar of a data file."""
    side = sidecar_path(Path(path))
    try:
        raw = side.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"{side.name}: cannot be read ({(exc.strerror or type(exc).__name__).lower()})") from exc
    try:
        return Provenance.from_dict(json.loads(raw.decode("utf-8")))
    except ValueError as exc:  # not JSON, or JSON of the wrong shape or types (UnicodeDecodeError is one too)
        raise SnapshotError(f"{side.name}: {exc}") from exc


def verified_bytes(path: Path, attempts: int = 3) -> tuple[bytes, Provenance]:
    """Return a file's bytes and provenance once their checksums agree.

    A refresh renames the data file, then its sidecar: a reader between the two renames sees a new file with the old
    sidecar. Reading the pair again a moment later gets the finished pair, so a reader never takes a pair in the
    middle of a swap for a damaged file; a file that still disagrees after that is damaged.
    """
    for attempt in range(attempts):
        meta = read_meta(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise SnapshotError(f"{Path(path).name}: cannot be read ({exc.strerror})") from exc
        if hashlib.sha256(raw).hexdigest() == meta.sha256:
            return raw, meta
        time.sleep(0.05 * (attempt + 1))
    raise SnapshotError(f"{Path(path).name}: checksum does not match its metadata (file changed or truncated)")


def verify(path: Path) -> Provenance:
    """Check a file against its sidecar checksum and return its provenance."""
    return verified_bytes(path)[1]


def resolve(name: str, data_dir: Path | None = None) -> Path:
    """Return the path of a snapshot file named relative to data/."""
    return Path(data_dir or config.data_dir()) / name


def read_table(name: str, data_dir: Path | None = None) -> tuple[pd.DataFrame, Provenance]:
    """Read a verified CSV snapshot and its provenance."""
    path = resolve(name, data_dir)
    raw, meta = verified_bytes(path)  # parse the very bytes that were checked, not a file that may be replaced since
    try:
        frame = pd.read_csv(io.BytesIO(raw), keep_default_na=True)
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"{path.name}: cannot be parsed ({exc})") from exc
    return frame, meta


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write bytes to a temporary file beside path, then rename it into place."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; snapshot files are meant to be readable by the app user
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_sidecar(path: Path, meta: dict) -> Provenance:
    """Write a data file's sidecar, filling file name, sha256 and row count from the file."""
    path = Path(path)
    full = {"gaps": [], "notes": "", "mode": "snapshot", **meta}
    full.update(file=path.name, sha256=sha256_of(path), rows=count_rows(path))
    prov = Provenance.from_dict(full)
    text = json.dumps(prov.to_dict(), ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(sidecar_path(path), text.encode("utf-8"))
    return prov


def list_snapshot(data_dir: Path | None = None) -> list[Path]:
    """Return every data file in the snapshot that has (or should have) a sidecar."""
    root = Path(data_dir or config.data_dir())
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in {".csv", ".geojson"}]
    return sorted(p for p in files if "indicators" not in p.relative_to(root).parts)


def verify_files(data_dir: Path | None = None) -> dict[str, str]:
    """Check every snapshot file (datasets, boundaries, capitals) against its sidecar; return problems by path."""
    root = Path(data_dir or config.data_dir())
    problems = {}
    for path in list_snapshot(root):
        if "previous" in path.relative_to(root).parts:
            continue  # kept copies are checked when they are needed
        try:
            verify(path)
        except SnapshotError as exc:
            problems[str(path.relative_to(root))] = str(exc)
    return problems
