"""Words from data and messages render as typed, and a CSV download carries its provenance."""
import io

import pandas as pd
import pytest

from ui.components import csv_bytes, md_safe


@pytest.mark.parametrize("text, shown", [
    ("US$ per person … US$", "US\\$ per person … US\\$"),
    ("remittances_per_person", "remittances\\_per\\_person"),
    ("5 * 3 and *not italic*", "5 \\* 3 and \\*not italic\\*"),
    ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ("**Bold** stays bold", "**Bold** stays bold"),
    ("Таджикистан: 47,2 %", "Таджикистан: 47,2 %"),
])
def test_text_from_data_or_messages_is_escaped_before_markdown(text, shown):
    assert md_safe(text) == shown


def test_a_csv_download_opens_with_its_provenance_and_still_reads_as_a_table():
    frame = pd.DataFrame({"country": ["Tajikistan"], "value": [47.15]})
    data = csv_bytes(frame, ["# Source: World Bank, WDI", "# Vintage: 2026-07-01; Licence: CC BY 4.0"])
    text = data.decode("utf-8-sig")
    assert text.splitlines()[:2] == ["# Source: World Bank, WDI", "# Vintage: 2026-07-01; Licence: CC BY 4.0"]
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(text), comment="#"), frame)
