"""Where a table came from: the metadata that travels with every dataset."""
from __future__ import annotations

from dataclasses import dataclass, field, asdict

REQUIRED_KEYS = ("file", "publisher", "dataset", "vintage", "url", "licence", "accessed", "sha256", "rows", "gaps", "notes", "mode")


@dataclass(frozen=True)
class Provenance:
    """Publisher, dataset, vintage, licence and checksum of one snapshot file."""

    file: str
    publisher: str
    dataset: str
    vintage: str
    url: str
    licence: str
    accessed: str
    sha256: str
    rows: int
    gaps: tuple[str, ...] = field(default_factory=tuple)
    notes: str = ""
    mode: str = "snapshot"  # "snapshot" (bundled), "live" (refreshed), "stale" (last good after a failed check)

    @classmethod
    def from_dict(cls, meta: dict) -> "Provenance":
        """Build from a sidecar dict, refusing one with missing keys."""
        missing = [k for k in REQUIRED_KEYS if k not in meta]
        if missing:
            raise ValueError(f"metadata for {meta.get('file', '?')} lacks {', '.join(missing)}")
        kwargs = {k: meta[k] for k in REQUIRED_KEYS}
        kwargs["gaps"] = tuple(meta["gaps"])
        kwargs["rows"] = int(meta["rows"])
        return cls(**kwargs)

    def to_dict(self) -> dict:
        """Return the sidecar form."""
        d = asdict(self)
        d["gaps"] = list(self.gaps)
        return d

    def with_mode(self, mode: str) -> "Provenance":
        """Return a copy marked as snapshot, live or stale."""
        d = asdict(self)
        d["mode"] = mode
        return Provenance(**d)
