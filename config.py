"""Settings declared as data, each with a default, a help text and an environment override."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default value and what it is for."""

    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("WORLDBANK_API_URL", "https://api.worldbank.org/v2", "Base URL of the World Bank API v2 (or a mirror)."),
    Setting("WORLDBANK_TIMEOUT", "20", "Seconds before one World Bank API request gives up."),
    Setting("WORLDBANK_RETRIES", "3", "Retries with backoff on 429, 5xx and connection errors."),
    Setting("WORLDBANK_TOTAL_TIMEOUT", "300", "Seconds a whole refresh may take, every request and retry included."),
    Setting("WORLDBANK_MAX_PAGES", "20", "Most pages fetched for one indicator; an answer announcing more is refused."),
    Setting("DATA_DIR", str(ROOT / "data"), "Folder holding the snapshot the app reads."),
    Setting("SNAPSHOT_KEEP_PREVIOUS", "3", "Copies of a refreshed file kept in previous/ (the newest ones)."),
    Setting("SURVIVOR_THRESHOLD", "5", "Survivor counts below this are shown as '<N' everywhere."),
    Setting("UPLOAD_MAX_MB", "5", "Largest indicator file accepted, in megabytes of 1,000,000 bytes."),
    Setting("UPLOAD_MAX_ROWS", "20000", "Most rows accepted in one indicator file."),
    Setting("UPLOAD_PARSE_SECONDS", "20", "Seconds a worker process may spend reading one indicator file."),
    Setting("DEFAULT_LANG", "en", "Language when neither the URL nor the browser chooses one."),
    Setting("REPLICA_ADDRESS", "", "This replica's address as the proxy names it (host:port); empty: compare ports."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """Return a setting's value: the environment first, then the declared default."""
    return os.environ.get(name, _BY_NAME[name].default)


def get_int(name: str) -> int:
    """Return a setting as an integer."""
    return int(get(name))


def data_dir() -> Path:
    """Return the snapshot folder."""
    return Path(get("DATA_DIR"))
