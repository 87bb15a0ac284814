"""Printed role cards: one confidential page per party, escaped, from the CLI."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import escape

from game.cli import main
from game.report.briefings import briefings_html, role_cards
from game.scenario import load_bytes, load_scenario
from tests.conftest import FLAGSHIP, TUTORIAL


def test_each_party_gets_its_own_page_in_order() -> None:
    scenario = load_scenario(FLAGSHIP).scenario
    html = briefings_html(scenario)
    pages = html.split('<section class="page"')[1:]
    assert len(pages) == len(scenario.parties)
    for page, party in zip(pages, scenario.parties, strict=True):
        def first(p):  # type: ignore[no-untyped-def]
            return str(escape(p.briefing_confidential.strip().splitlines()[0]))

        assert party.name in page and first(party) in page
        others = [p for p in scenario.parties if p.id != party.id]
        assert not any(first(o) in page for o in others)
        assert f"Walk-away value (reservation): {party.preferences.reservation:g}" in page
    # the public part comes before any confidential page
    assert html.index("Public briefing") < html.index('<section class="page"')


def test_values_weights_and_red_lines_match_the_preferences() -> None:
    scenario = load_scenario(TUTORIAL).scenario
    for card in role_cards(scenario):
        prefs = card.party.preferences
        assert abs(sum(i.weight_pct for i in card.issues) - 100) < 0.5
        reds = {(r.issue, o) for r in prefs.red_lines for o in r.options}
        for issue, shown in zip(scenario.issues, card.issues, strict=True):
            for option, row in zip(issue.options, shown.options, strict=True):
                assert row.value == prefs.values.get(issue.id, {}).get(option.id, 0.0)
                assert bool(row.red_line) == ((issue.id, option.id) in reds)


def test_scenario_text_cannot_inject_markup() -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", 'title: "<script>alert(1)</script>"', text, count=1,
                  flags=re.MULTILINE)
    scenario = load_bytes(text.encode(), "t.yaml").scenario
    html = briefings_html(scenario)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_cli_writes_the_cards_and_fails_cleanly(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cards.html"
    assert main(["briefings", "tutorial-backstop-bargain", "--html", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count('<section class="page"') == 3
    assert main(["briefings", "no-such-scenario", "--html", str(out)]) == 2
    blocked = tmp_path / "file"
    blocked.write_text("x")
    assert main(["briefings", "tutorial-backstop-bargain", "--html",
                 str(blocked / "cards.html")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "cannot write" in err
