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
        """Build from a sidecar dict, refusing one that is not an object, lacks keys or holds a wrong type."""
        if not isinstance(meta, dict):
            raise ValueError(f"metadata must be a JSON object, not {_json_type(meta)}")
        missing = [k for k in REQUIRED_KEYS if k not in meta]
        if missing:
            raise ValueError(f"metadata for {meta.get('file', '?')} lacks {', '.join(missing)}")
        wrong = [_type_problem(k, meta[k]) for k in REQUIRED_KEYS]
        wrong = [w for w in wrong if w]
        if wrong:
            raise ValueError(f"metadata for {str(meta['file'])[:80]}: {'; '.join(wrong)}")
        kwargs = {k: meta[k] for k in REQUIRED_KEYS}
        kwargs["gaps"] = tuple(meta["gaps"])
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


def _type_problem(key: str, value: object) -> str | None:
    """Say how a sidecar field has the wrong JSON type (rows a whole number >= 0, gaps a list of texts, others a text)."""
    if key == "rows":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else f"'rows' must be a whole number, not {_json_type(value)}"
    if key == "gaps":
        ok = isinstance(value, list) and all(isinstance(g, str) for g in value)
        return None if ok else f"'gaps' must be a list of texts, not {_json_type(value)}"
    return None if isinstance(value, str) else f"'{key}' must be a text, not {_json_type(value)}"


def _json_type(value: object) -> str:
    """Name a value's JSON type as a sidecar's author would see it."""
    names = {type(None): "null", bool: "true/false", int: "a number", float: "a number", str: "a text",
             list: "a list", dict: "an object"}
    if isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
        return "a list holding something other than texts"
    return names.get(type(value), type(value).__name__)
