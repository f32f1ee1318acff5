"""Where a TIP tier placement was read: the report itself (or a full copy of it), or a secondary publication that
reports it, so a page can say "as reported by <source>" instead of passing a news item off as the report."""
from __future__ import annotations

import re

# The U.S. government's own pages: the report, its country narratives, the embassies' statements.
OFFICIAL_HOSTS: tuple[str, ...] = ("state.gov", "usembassy.gov")
# Archives that reproduce the report's full text (ACCORD's ecoi.net, UNHCR's Refworld): read there, it is the report.
REPORT_COPIES: tuple[str, ...] = ("ecoi.net", "refworld.org")
# Secondary publications found in tip_tiers.csv, by host (or marker in a non-URL citation), with their names.
SECONDARY: dict[str, dict[str, str]] = {
    "CIA-World-Factbooks": {"en": "CIA World Factbook", "ru": "Всемирная книга фактов ЦРУ"},
    "indexmundi.com": {"en": "IndexMundi", "ru": "IndexMundi"},
    "fergana.ru": {"en": "Fergana News", "ru": "Фергана"},
    "gvnet.com": {"en": "gvnet.com", "ru": "gvnet.com"},
    "docslib.org": {"en": "docslib.org", "ru": "docslib.org"},
    "statenewswire.com": {"en": "State News Wire", "ru": "State News Wire"},
    "24.kg": {"en": "24.kg", "ru": "24.kg"},
    "kun.uz": {"en": "Kun.uz", "ru": "Kun.uz"},
    "daryo.uz": {"en": "Daryo", "ru": "Daryo"},
    "asiaplustj.info": {"en": "Asia-Plus", "ru": "Азия-Плюс"},
    "wikipedia.org": {"en": "Wikipedia", "ru": "Википедия"},
    "wikimili.com": {"en": "WikiMili", "ru": "WikiMili"},
    "raytodd.blog": {"en": "raytodd.blog", "ru": "raytodd.blog"},
}
HOST = re.compile(r"https?://([^/\s]+)")


def source_parts(source: str) -> list[str]:
    """Split a row's source text into its citations (they are separated by '; ')."""
    return [part.strip() for part in str(source or "").split("; ") if part.strip()]


def host_of(part: str) -> str:
    """Return a citation's host without 'www.' (or '' when it cites no URL, e.g. a repository path)."""
    found = HOST.search(part)
    return found.group(1).lower().removeprefix("www.") if found else ""


def _is(host: str, domain: str) -> bool:
    """Tell whether a host is the domain or one of its subdomains (kz.usembassy.gov is usembassy.gov)."""
    return host == domain or host.endswith("." + domain)


def kind(part: str) -> str:
    """Classify one citation: 'official' (state.gov, an embassy), 'copy' (a full copy of the report) or 'secondary'."""
    host = host_of(part)
    if any(_is(host, d) for d in OFFICIAL_HOSTS):
        return "official"
    if any(_is(host, d) for d in REPORT_COPIES):
        return "copy"
    return "secondary"


def short_name(part: str, lang: str = "en") -> str:
    """Name the publication a secondary citation comes from, in lang; an unknown one by its host."""
    host = host_of(part)
    for marker, names in SECONDARY.items():
        found = _is(host, marker) if host else marker in part  # a repository path names the Factbook in its path
        if found:
            return names.get(lang, names["en"])
    return host or part


def reported_by(evidence: str, source: str, lang: str = "en") -> str | None:
    """Return the secondary publication a 'stated' placement was read in (the first one cited), or None when the row
    cites the report itself, a full copy of it or the U.S. government, or is not a 'stated' row at all."""
    if not str(evidence or "").startswith("stated"):
        return None
    parts = source_parts(source)
    if not parts or any(kind(p) != "secondary" for p in parts):
        return None
    return short_name(parts[0], lang)
