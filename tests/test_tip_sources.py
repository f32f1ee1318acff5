"""TIP tier rows read in a secondary publication say so: "as reported by <source>", never passed off as the report."""
import pytest

from loaders.datasets import load
from transforms import tip_sources as ts

TIERS, _ = load("tip_tiers")
ROWS = {(r.iso3, r.report_year): r for r in TIERS.itertuples()}
# Every 'stated' row of data/tip/tip_tiers.csv whose citations are all secondary publications, with the name shown.
SECONDARY_ROWS = {
    ("KGZ", 2021): ("24.kg", "24.kg"), ("KGZ", 2023): ("State News Wire", "State News Wire"),
    ("RUS", 2023): ("gvnet.com", "gvnet.com"), ("RUS", 2024): ("CIA World Factbook", "Всемирная книга фактов ЦРУ"),
    ("RUS", 2025): ("CIA World Factbook", "Всемирная книга фактов ЦРУ"), ("TJK", 2021): ("docslib.org", "docslib.org"),
    ("TJK", 2022): ("State News Wire", "State News Wire"), ("TJK", 2023): ("State News Wire", "State News Wire"),
    ("TJK", 2024): ("CIA World Factbook", "Всемирная книга фактов ЦРУ"), ("TJK", 2025): ("Asia-Plus", "Азия-Плюс"),
    ("TKM", 2017): ("Wikipedia", "Википедия"), ("TKM", 2018): ("raytodd.blog", "raytodd.blog"),
    ("TKM", 2022): ("gvnet.com", "gvnet.com"), ("TKM", 2023): ("gvnet.com", "gvnet.com"),
    ("TKM", 2024): ("CIA World Factbook", "Всемирная книга фактов ЦРУ"),
    ("TKM", 2025): ("CIA World Factbook", "Всемирная книга фактов ЦРУ"),
    ("UZB", 2022): ("Kun.uz", "Kun.uz"), ("UZB", 2023): ("gvnet.com", "gvnet.com"),
}


@pytest.mark.parametrize("key, names", sorted(SECONDARY_ROWS.items()), ids=lambda v: str(v))
def test_a_placement_read_in_a_secondary_publication_names_it_in_both_languages(key, names):
    row = ROWS[key]
    assert (ts.reported_by(row.evidence, row.source, "en"), ts.reported_by(row.evidence, row.source, "ru")) == names


@pytest.mark.parametrize("key", sorted(k for k in ROWS if k not in SECONDARY_ROWS), ids=str)
def test_every_other_row_is_the_report_a_copy_of_it_the_us_government_or_a_compiled_dataset(key):
    row = ROWS[key]
    assert ts.reported_by(row.evidence, row.source) is None


@pytest.mark.parametrize("evidence, source, expected", [
    ("stated", "https://www.state.gov/reports/2020-trafficking-in-persons-report/turkmenistan/", None),
    ("stated", "https://kz.usembassy.gov/2023-trafficking-in-persons-report-kazakhstan/", None),
    ("stated", "https://www.ecoi.net/en/document/2111695.html (2024 TIP narrative)", None),  # full copy of the report
    ("stated", "https://en.fergana.ru/news/140974", "Fergana News"),
    ("stated", "https://indexmundi.com/uzbekistan/trafficking_in_persons.html", "IndexMundi"),
    ("stated", "https://indexmundi.com/x; https://uz.usembassy.gov/y", None),  # the embassy says it too
    ("stated", "MilkMp/CIA-World-Factbooks-Archive-1990-2025@b998f60a:data/fields/x.sql.gz; https://en.fergana.ru/n",
     "CIA World Factbook"),  # several secondary sources: the first cited
    ("stated", "https://example.org/news/1", "example.org"),  # unknown: named by its host
    ("compiled dataset", "https://gvnet.com/x", None),
    ("stated", "", None), ("stated", None, None),
])
def test_sources_are_classified_by_where_the_placement_was_read(evidence, source, expected):
    assert ts.reported_by(evidence, source) == expected


@pytest.mark.parametrize("part, kind", [
    ("https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2016/258883.htm", "official"),
    ("https://www.refworld.org/docid/5b3e0a9a4.html", "copy"), ("https://notstate.gov.example.com/x", "secondary"),
    ("https://fakestate.gov/x", "secondary"),
])
def test_a_host_counts_as_official_only_as_the_domain_or_its_subdomain(part, kind):
    assert ts.kind(part) == kind


def test_every_secondary_row_of_the_file_is_covered_by_the_table():
    stated = TIERS[TIERS["evidence"].str.startswith("stated")]
    found = {(r.iso3, r.report_year) for r in stated.itertuples() if ts.reported_by(r.evidence, r.source)}
    assert found == set(SECONDARY_ROWS)
