"""The Sources page's pieces as pure functions (no Streamlit): each dataset's texts in the reader's language, what it
covers (computed from the data), how to cite its original publisher and the copy it was read from, problems in plain
words, and what the UN's 2024 revision of the migrant stock changed (shared with the migration page)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from charts.theme import fmt_date, fmt_number, fmt_pct
from figures import FigureContext, Load
from geo.countries import FOCUS, is_known, table
from loaders.datasets import DATASETS
from loaders.provenance import Provenance
from loaders.snapshot import SnapshotError, read_meta, resolve, verify
from transforms import migration as mg
from ui.i18n import declined, has, translate

TEXT_FIELDS = ("publisher", "dataset", "vintage", "licence")  # what a source line says (ui.components reads these)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
CODE = re.compile(r"\b[A-Z]{3}\b")
# "owner/repo@commit:path", as the sidecars name the public copy (a GitHub repository) a file was read from.
MIRROR = re.compile(r"(?P<repo>[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]{7,40}):(?P<path>\S*)")
GITHUB = "https://github.com"
MAP_FILES = ("geo/boundaries.geojson", "geo/capitals.csv")  # drawn on every map, read outside loaders.datasets
REV = "ds.ims_revision_comparison.csv.rev"  # the comparison's words live with its dataset's texts
REVISION_COLUMNS = ("out_2020", "out_2024", "out_change", "in_2020", "in_2024", "in_change")


# --- a dataset's texts in the reader's language ----------------------------------------------------------------

def _key(prov: Provenance, name: str) -> str:
    """Return the catalogue key of a dataset's text (ui/locales/*/datasets.toml)."""
    return f"ds.{prov.file}.{name}"


def dates_in(text: str, lang: str) -> str:
    """Write every ISO date in a text as the reader's language writes dates (28.11.2026, 28 Nov 2026)."""
    return ISO_DATE.sub(lambda m: fmt_date(m.group(0), lang), text)


def described(prov: Provenance, name: str, lang: str, variant: str = "") -> str:
    """Return a sidecar field (publisher, dataset, vintage, licence) in lang, dates written as lang writes them;
    `variant` names a shorter text for the same field (e.g. vintage_short), used when the catalogue has it.

    The catalogue's text is used only while it speaks of the sidecar's dates: a refresh that stamps a new vintage
    shows the sidecar's own text rather than a translation of the old one.
    """
    raw = str(getattr(prov, name))
    key = _key(prov, variant) if variant and has(_key(prov, variant), lang) else _key(prov, name)
    current = has(key, lang) and set(ISO_DATE.findall(raw)) <= set(ISO_DATE.findall(translate(key, "en")))
    return dates_in(translate(key, lang) if current else raw, lang)


def source_line(provs: list[Provenance], computed: bool, lang: str) -> str:
    """Compose a chart's source line in a language: each source once, with its vintage, licence, date and copy."""
    parts = [translate("source.line", lang, publisher=described(p, "publisher", lang),
                       dataset=described(p, "dataset", lang), vintage=described(p, "vintage", lang),
                       licence=described(p, "licence", lang), accessed=fmt_date(p.accessed, lang),
                       mode=translate(f"source.mode.{p.mode}", lang)) for p in dict.fromkeys(provs)]
    return " · ".join(parts) + (" " + translate("source.computed", lang) if computed else "")


def gaps(prov: Provenance, lang: str) -> list[str]:
    """Return the dataset's known gaps in lang (the sidecar's own list while the catalogue has not the same count)."""
    keys = [_key(prov, f"gaps.{i}") for i in range(1, len(prov.gaps) + 1)]
    extra = _key(prov, f"gaps.{len(prov.gaps) + 1}")
    if all(has(k, lang) for k in keys) and not has(extra, lang):
        return [dates_in(translate(k, lang), lang) for k in keys]
    return [dates_in(g, lang) for g in prov.gaps]


def text(prov: Provenance, name: str, lang: str, fallback: str = "") -> str:
    """Return a dataset text that has no sidecar field of its own (gaps_short, notes, cite), or the fallback."""
    key = _key(prov, name)
    return dates_in(translate(key, lang), lang) if has(key, lang) else fallback


# --- where a file was read from ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mirror:
    """A public copy a file was read from: a GitHub repository at a commit, a path in it, and what it held."""

    repo: str
    commit: str
    path: str
    scope: str = ""  # e.g. "2001-2015" or "2020 revision" when the copy holds only part of the file

    @property
    def url(self) -> str:
        """Return the copy's address (a folder when the path is one or names a pattern)."""
        path = self.path.split("<", 1)[0].rstrip("/")
        folder = "/" if self.path.endswith("/") or "<" in self.path else ""
        kind = "tree" if folder or not path else "blob"
        return f"{GITHUB}/{self.repo}/{kind}/{self.commit}/{path}".rstrip("/")


def originals(url_field: str) -> list[str]:
    """Return the publisher's own addresses named in a sidecar's url field."""
    return [part.split()[0] for part in _parts(url_field) if part.startswith(("http://", "https://"))]


def mirrors(url_field: str) -> list[Mirror]:
    """Return the public copies named in a sidecar's url field, a bare file name read as a sibling of the one before."""
    found: list[Mirror] = []
    for part in _parts(url_field):
        match = MIRROR.search(part)
        if match:
            scope = re.sub(r"\b(retrieved from|via)\b|:", " ", part[:match.start()]).strip()
            found.append(Mirror(match["repo"], match["commit"], match["path"], scope))
        elif found and re.fullmatch(r"[\w.-]+\.\w+", part):
            last = found[-1]
            found.append(Mirror(last.repo, last.commit, last.path.rsplit("/", 1)[0] + "/" + part, last.scope))
    return found


def _parts(url_field: str) -> list[str]:
    """Split a url field at its ' ; ' separators."""
    return [p.strip() for p in str(url_field).split(" ; ") if p.strip()]


def _where(mirror: Mirror, say) -> str:
    """Name a copy as a Markdown link, with the part of the data it held when the sidecar says so."""
    link = f"[{mirror.url}]({mirror.url})"
    if re.fullmatch(r"\d{4}(-\d{4})?", mirror.scope):
        return say("sources.cite.scope", years=mirror.scope.replace("-", "–"), url=link)
    if found := re.fullmatch(r"(\d{4}) revision", mirror.scope):
        return say("sources.cite.revision", year=found[1], url=link)
    return link


def citation(prov: Provenance, lang: str, say) -> str:
    """Return the dataset's citation as Markdown: the original publisher's work, its address, and the copy read."""
    cite = text(prov, "cite", lang, f"{described(prov, 'publisher', lang)}. {described(prov, 'dataset', lang)}")
    parts = [md(cite)] + [say("sources.cite.url", url=f"[{u}]({u})") for u in originals(prov.url)]
    copies, accessed = mirrors(prov.url), fmt_date(prov.accessed, lang)
    if copies:
        parts.append(say("sources.cite.retrieved", where="; ".join(_where(m, say) for m in copies), accessed=accessed))
    else:
        parts.append(say("sources.cite.accessed", accessed=accessed))
    return say("sources.cite.sep").join(parts) + "."


_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|$~])")


def md(value: str) -> str:
    """Escape Markdown in a text from data or messages (as ui.components.md_safe, for builders without Streamlit)."""
    return _MARKDOWN.sub(r"\\\1", str(value))


# --- what a dataset covers -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    """Countries and years a table holds: the six it covers, how many countries and groups, which years."""

    focus: tuple[str, ...] = ()
    countries: int = 0
    groups: int = 0
    years: tuple[int, ...] = ()
    by_country: bool = True
    of_origin: bool = False  # the table names countries of origin only (figures about where they went)


def _codes(frame: pd.DataFrame) -> tuple[set[str], bool]:
    """Return the country codes a table names (ISO3 columns, else codes inside a country column's text)."""
    columns = [c for c in frame.columns if str(c).endswith("iso3")]
    if columns:
        return {str(v) for c in columns for v in frame[c].dropna().unique()}, True
    texts = [c for c in frame.columns if "country" in str(c)]
    found = {code for c in texts for v in frame[c].dropna().astype(str) for code in CODE.findall(v) if is_known(code)}
    return found, bool(texts)


def _years(frame: pd.DataFrame) -> tuple[int, ...]:
    """Return the years a table holds (a year column, else years written in a period column)."""
    for column in ("year", "report_year"):
        if column in frame.columns:
            return tuple(sorted(int(y) for y in pd.to_numeric(frame[column], errors="coerce").dropna().unique()))
    if "period" in frame.columns:
        return tuple(sorted({int(y) for v in frame["period"].dropna().astype(str) for y in YEAR.findall(v)}))
    return ()


def coverage(frame: pd.DataFrame) -> Coverage:
    """Compute what a table covers from its rows (a row without a value covers nothing)."""
    rows = frame[frame["value"].notna()] if "value" in frame.columns else frame
    codes, by_country = _codes(rows)
    aggregates = table().index[table()["is_aggregate"].astype(str) == "True"]
    groups = codes & set(aggregates)
    countries = codes - groups - {"ALL", mg.UNKNOWN}  # all foreign citizens, other / unknown origin: no country
    columns = [str(c) for c in frame.columns if str(c).endswith("iso3")]
    of_origin = bool(columns) and all("origin" in c for c in columns)
    return Coverage(tuple(c for c in FOCUS if c in codes), len(countries), len(groups), _years(rows), by_country,
                    of_origin)


def _joined(codes, case: str, lang: str, say) -> str:
    """Join country names in a case: "Tajikistan and Russia", «Таджикистана и России»."""
    names = [declined(c, case, lang) for c in codes]
    return names[0] if len(names) == 1 else say("sources.cov.and", first=", ".join(names[:-1]), last=names[-1])


def countries_text(cov: Coverage, lang: str, say) -> str:
    """Say which of the six and how many countries and groups a table covers."""
    if not cov.by_country:
        return say("sources.cov.not_by_country")
    missing = [c for c in FOCUS if c not in cov.focus]
    if not cov.focus:
        words = say("sources.cov.none")
    elif not missing:
        words = say("sources.cov.six")
    else:
        words = say("sources.cov.some", n=len(cov.focus), missing=_joined(missing, "gen", lang, say))
    if cov.countries > len(cov.focus):
        words = say("sources.cov.in_all", focus=words, n=fmt_number(cov.countries, lang))
    if cov.groups:
        words = say("sources.cov.groups", text=words, n=cov.groups)
    return say("sources.cov.origin", text=words) if cov.of_origin else words


def years_text(cov: Coverage, say) -> str:
    """Say which years a table covers: a list when few, else the span and how many years it holds."""
    years = cov.years
    if not years:
        return "–"
    if len(years) <= 3:
        return ", ".join(str(y) for y in years)
    return say("sources.cov.span", first=years[0], last=years[-1], n=len(years))


# --- problems in plain words -------------------------------------------------------------------------------------

def problem_kind(detail: str) -> str:
    """Sort a loader's message into what a reader needs to know: missing, changed, unreadable or undescribed."""
    where = detail.split(":", 1)[0]
    if where.endswith(".meta.json"):
        return "undescribed"
    if "checksum" in detail:
        return "changed"
    if "No such file" in detail or "cannot be read" in detail:
        return "missing"
    return "unreadable"


# --- the table of every dataset ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One data file as the Sources page lists it: its provenance, its rows (None when unreadable) and any problem."""

    path: str  # under data/
    prov: Provenance | None
    frame: pd.DataFrame | None = None
    problem: str = ""  # "" when it passed its checks, else a problem_kind
    cov: Coverage = field(default_factory=Coverage)


def sidecar(path: Path) -> Provenance | None:
    """Return a file's provenance from its sidecar alone, or None when that cannot be read either."""
    try:
        return read_meta(path)
    except SnapshotError:
        return None


def title_of(path: str, lang: str) -> str:
    """Name a data file for a reader: its dataset's short title, else its path under data/ (never a server path)."""
    key = f"ds.{Path(path).name}.dataset"
    return translate(key, lang) if has(key, lang) else path


def dataset_entry(name: str, load: Load, problems: dict[str, str]) -> Entry:
    """Load a registered dataset for the page; a damaged file falls back to its last good copy (marked stale), and a
    file with no good copy keeps what its sidecar says."""
    path = DATASETS[name].path
    try:
        frame, prov = load(name)
    except SnapshotError as exc:
        return Entry(path, sidecar(resolve(path)), None, problem_kind(problems.get(name, str(exc))))
    problem = problem_kind(problems[name]) if name in problems else ""
    return Entry(path, prov, frame, problem, coverage(frame))


def map_entry(path: str, geojson: Callable[[], dict]) -> Entry:
    """Check a map file against its sidecar and read what it covers (the boundaries through the app's GeoJSON)."""
    file = resolve(path)
    try:
        prov = verify(file)
    except SnapshotError as exc:
        return Entry(path, sidecar(file), None, problem_kind(str(exc)))
    try:
        rows = [f.get("properties", {}) for f in geojson()["features"]] if file.suffix == ".geojson" else None
        frame = pd.DataFrame(rows) if rows is not None else pd.read_csv(file)
    except (OSError, ValueError, KeyError, TypeError):
        return Entry(path, prov, None, "unreadable")
    return Entry(path, prov, frame, "", coverage(frame))


def coverage_text(cov: Coverage, lang: str, say) -> str:
    """Say in one cell which countries and years a table covers."""
    years = years_text(cov, say)
    countries = countries_text(cov, lang, say)
    return say("sources.cov.both", countries=countries, years=years) if cov.years else countries


def overview(entries: list[Entry], lang: str, say) -> pd.DataFrame:
    """Return the table of every dataset with translated headings: title, publisher, vintage, licence, coverage
    (countries and years, computed from the rows) and known gaps in short."""
    rows = []
    for e in (e for e in entries if e.prov is not None):
        p = e.prov
        short = text(p, "gaps_short", lang, "; ".join(gaps(p, lang))) if p.gaps else say("sources.no_gaps")
        short = short[:1].upper() + short[1:]  # a table cell starts as a sentence does
        rows.append([described(p, "dataset", lang), described(p, "publisher", lang),
                     described(p, "vintage", lang, "vintage_short"), described(p, "licence", lang),
                     coverage_text(e.cov, lang, say) if e.frame is not None else "–", short])
    heads = [say(f"sources.col.{c}") for c in ("dataset", "publisher", "vintage", "licence", "coverage", "gaps")]
    return pd.DataFrame(rows, columns=heads)


def details_markdown(e: Entry, lang: str, say) -> str:
    """Write one dataset's details as Markdown: publisher, vintage, licence, dates, rows, coverage, its check, the
    checksum, the known gaps and what to know about the figures (every text escaped)."""
    p = e.prov
    if p is None:
        return md(say(f"sources.status.{e.problem}"))
    status = "stale" if p.mode == "stale" else e.problem or "ok"
    fields = [("publisher", described(p, "publisher", lang)), ("vintage", described(p, "vintage", lang)),
              ("licence", described(p, "licence", lang)), ("accessed", fmt_date(p.accessed, lang)),
              ("rows", fmt_number(p.rows, lang)), ("countries", countries_text(e.cov, lang, say)),
              ("years", years_text(e.cov, say)), ("status", say(f"sources.status.{status}"))]
    lines = [f"- **{md(say('sources.field.' + k))}**: {md(v)}" for k, v in fields]
    lines.append(f"- **{md(say('sources.field.checksum'))}**: `{p.sha256}`")
    found = gaps(p, lang)
    lines += ["", f"**{md(say('sources.field.gaps'))}**", ""]
    lines += [f"- {md(g)}" for g in found] if found else [md(say("sources.no_gaps"))]
    if notes := text(p, "notes", lang, p.notes):
        lines += ["", f"**{md(say('sources.field.notes'))}**: {md(notes)}"]
    return "\n".join(lines)


def markdown_table(frame: pd.DataFrame, right: tuple[str, ...] = ()) -> str:
    """Write a small table as Markdown (cells escaped; columns named in `right` aligned right), wrapping long text."""
    head = "| " + " | ".join(md(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---:" if c in right else "---" for c in frame.columns) + "|"
    body = ["| " + " | ".join(md(v).replace("\n", " ") for v in row) + " |" for row in frame.astype(str).values]
    return "\n".join([head, rule, *body])


# --- what the UN's 2024 revision changed (shared with the migration page) -------------------------------------------

@dataclass
class RevisionView:
    """The revision comparison in words and a small table: `table` holds the numbers (the CSV), `shown` the same
    formatted for the screen, both with translated headings; `facts` are one sentence each, from the data."""

    title: str
    lead: str
    facts: tuple[str, ...]
    why: str
    method: str
    caption: str
    table: pd.DataFrame
    shown: pd.DataFrame
    provs: list[Provenance]
    filename: str = "migrant_stock_2020_in_two_revisions"

    @property
    def lines(self) -> tuple[str, ...]:
        """Every sentence in reading order (for presenter lines or a plain paragraph)."""
        return (self.lead, *self.facts, self.why, self.method)


def revision_comparison(fc: FigureContext) -> RevisionView:
    """Build what the 2024 revision changed for the year 2020: per country, emigrants and immigrants in each
    revision (sums of each file's rows), the corridors the file names, and the reason the UN gives for revising."""
    frame, prov = fc.load("migrant_stock_revisions")
    rows = mg.revision_table(frame)
    wide, heads = _revision_wide(rows), _revision_heads(fc)
    country = fc.t(REV + ".country")
    numbers = wide.rename(columns={"iso3": country, **heads})
    numbers[country] = [mg.place_name(c, fc.lang) for c in wide["iso3"]]
    shown = numbers.copy()
    for column in REVISION_COLUMNS:
        signed = column.endswith("change")
        shown[heads[column]] = [_signed_pct(v, fc.lang) if signed else fmt_number(v, fc.lang) for v in wide[column]]
    return RevisionView(fc.t(REV + ".title"), fc.t(REV + ".lead"), tuple(_revision_sentences(rows, fc)),
                        fc.t(REV + ".why"), fc.t(REV + ".method"), fc.t(REV + ".caption"),
                        numbers, shown, [prov])


def _revision_wide(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per country: emigrants and immigrants of 2020 in each revision, and the change in % of the old."""
    totals = rows[rows["measure"].isin(["emigrants", "immigrants"])]
    wide = totals.pivot(index="iso3", columns="measure", values=["rev2020", "rev2024", "change_pct"])
    out = pd.DataFrame({"iso3": [c for c in FOCUS if c in wide.index]})
    for side, measure in (("out", "emigrants"), ("in", "immigrants")):
        for column, source in (("2020", "rev2020"), ("2024", "rev2024"), ("change", "change_pct")):
            out[f"{side}_{column}"] = [wide.at[c, (source, measure)] for c in out["iso3"]]
        out[[f"{side}_2020", f"{side}_2024"]] = out[[f"{side}_2020", f"{side}_2024"]].astype("Int64")  # people
        out[f"{side}_change"] = out[f"{side}_change"].round(1)  # as shown: one decimal of a percent
    return out


def _revision_heads(fc: FigureContext) -> dict[str, str]:
    """Translated headings of the comparison's columns."""
    return {c: fc.t(f"{REV}.col.{c}") for c in REVISION_COLUMNS}


def _signed_pct(value, lang: str) -> str:
    """Write a change in percent with its sign (+12.3%, −28.0 %); a gap stays a dash."""
    if value is None or pd.isna(value):
        return "–"
    return ("+" if value > 0 else "−" if value < 0 else "") + fmt_pct(abs(value), lang)


def _revision_sentences(rows: pd.DataFrame, fc: FigureContext) -> list[str]:
    """Say for the six which totals the 2024 revision lowered or raised, then each corridor the file names."""
    out = []
    # Emigrants are "born in" a country (Russian genitive), immigrants live "in" it (prepositional).
    for side, measure, case in (("out", "emigrants", "gen"), ("in", "immigrants", "prep")):
        part = rows[rows["measure"] == measure]
        fewer, more = list(part.loc[part["change"] < 0, "iso3"]), list(part.loc[part["change"] > 0, "iso3"])
        kind = "mixed" if fewer and more else "fewer" if fewer else "more" if more else None
        if kind:
            out.append(fc.t(f"{REV}.{side}_{kind}", fewer=_joined(fewer, case, fc.lang, fc.t) if fewer else "",
                            more=_joined(more, case, fc.lang, fc.t) if more else ""))
    number = partial(fmt_number, lang=fc.lang)
    for row in rows[(rows["measure"] == "immigrants") & (rows["iso3"] == "RUS")].itertuples():
        out.append(fc.t(REV + ".russia", old=number(row.rev2020), new=number(row.rev2024)))
    for row in rows[rows["measure"] == "corridor"].itertuples():
        out.append(fc.t(REV + ".corridor", origin=row.iso3, dest=row.partner_iso3, old=number(row.rev2020),
                        new=number(row.rev2024)))
    return out
