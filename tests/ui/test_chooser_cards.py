"""Role cards from the scenario chooser: the printable page `backstop briefings` writes."""

from __future__ import annotations

import html
import re
from pathlib import Path

from game import paths
from game.scenario import load_scenario
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.scenes.chooser import ChooserScene
from game.ui.scenes.menu import MenuScene

ROW = re.compile(r'<tr(?: class="red")?><td>(.*?)</td><td class="num">(.*?)</td>'
                 r"<td>(.*?)</td></tr>")


def pick(ctx: Context, chooser: ChooserScene, scenario_id: str) -> None:
    index = next(n for n, (_, p) in enumerate(chooser.entries) if p.stem == scenario_id)
    ctx.app.send(Intent("widget", widget=f"entry{index}"))
    ctx.app.step([], 1 / 60)


def test_the_chooser_writes_the_role_cards_and_says_where(ctx: Context) -> None:
    ctx.app.push(MenuScene(ctx))
    chooser = ChooserScene(ctx)
    ctx.app.push(chooser)
    ctx.app.step([], 1 / 60)
    pick(ctx, chooser, paths.FLAGSHIP)
    ctx.app.send(Intent("widget", widget="role_cards"))
    ctx.app.step([], 1 / 60)
    out = ctx.places.root / "role-cards" / "ukraine-reassurance-2025.html"
    assert out.is_file()
    shown = chooser.layout["message"].text
    assert str(out) in shown and shown.startswith("Role cards for")
    assert audit(chooser.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []
    page = out.read_text(encoding="utf-8")
    scenario = load_scenario(paths.bundled_scenario(paths.FLAGSHIP)).scenario
    for party in scenario.parties:
        first = " ".join(party.briefing_confidential.split())[:40]
        assert first in " ".join(html.unescape(page).split())
    pick(ctx, chooser, "tutorial-backstop-bargain")  # another scenario: the message goes
    assert "message" not in chooser.layout


def test_each_party_s_card_holds_its_own_values_and_nobody_else_s(tmp_path: Path) -> None:
    from game.report.briefings import briefings_html
    scenario = load_scenario(paths.bundled_scenario(paths.FLAGSHIP)).scenario
    pages = briefings_html(scenario).split('<section class="page"')[1:]
    assert len(pages) == len(scenario.parties)
    tables = []
    for page, party in zip(pages, scenario.parties, strict=True):
        prefs = party.preferences
        rows = [(html.unescape(label), float(value), html.unescape(red))
                for label, value, red in ROW.findall(page)]
        own = [(o.label, float(prefs.values.get(i.id, {}).get(o.id, 0.0)))
               for i in scenario.issues for o in i.options]
        assert [(label, value) for label, value, _ in rows] == own
        mine = {r.reason for r in prefs.red_lines if r.reason}
        assert {red for _, _, red in rows if red} <= mine | {"red line"}
        for other in scenario.parties:
            if other.id != party.id:
                theirs = {r.reason for r in other.preferences.red_lines if r.reason} - mine
                assert not any(reason in html.unescape(page) for reason in theirs)
        tables.append(own)
    assert len({tuple(t) for t in tables}) == len(tables)  # the pages really differ
