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


def _sentence(html: str, start: str) -> str:
    """The paragraph of its own that begins with `start`, unescaped (the scenario's own
    briefing may say much the same in its words)."""
    import html as markup

    found = re.search(rf"<p>({re.escape(start)}.*?)</p>", html, flags=re.DOTALL)
    assert found, start
    return " ".join(markup.unescape(found[1]).split())


def test_the_cards_say_who_must_sign_in_the_delegations_names() -> None:
    for path in (FLAGSHIP, TUTORIAL):
        scenario = load_scenario(path).scenario
        agreement = scenario.agreement
        html = briefings_html(scenario)
        public = html[:html.index('<section class="page"')]
        said = _sentence(public, "The agreement needs")
        for party_id in agreement.signatories:
            assert scenario.party(party_id).name in said
        names = " ".join(p.name for p in scenario.parties)
        raw = [p.id for p in scenario.parties if p.id not in names]
        assert not any(re.search(rf"\b{re.escape(i)}\b", said) for i in raw), said
        assert ("at least" in said) == (agreement.quorum > len(agreement.signatories))
        if agreement.quorum > len(agreement.signatories):
            assert f"at least {agreement.quorum} signatures in all" in said
        assert "signatories:" not in html


def test_a_quorum_beyond_the_signatories_is_stated_and_each_card_says_if_it_must_sign(
        minimal_text: str) -> None:
    text = minimal_text.replace("signatories: [north, south]",
                                "signatories: [south]\n  quorum: 2")
    scenario = load_bytes(text.encode(), "q.yaml").scenario
    html = briefings_html(scenario)
    assert _sentence(html, "The agreement needs") == (
        "The agreement needs the signature of South, and at least 2 signatures in all.")
    cards = {c.party.id: c.signing for c in role_cards(scenario)}
    assert "not required" in cards["north"] and "2" in cards["north"]
    assert "without your signature" in cards["south"]


def test_descriptive_names_take_the_article_and_proper_names_do_not() -> None:
    from game.report.briefings import with_article

    assert [with_article(n) for n in ("United States", "Russian Federation", "France",
                                      "Türkiye", "The Holy See", "NATO", "Republic of Korea")] \
        == ["the United States", "the Russian Federation", "France", "Türkiye", "The Holy See",
            "NATO", "the Republic of Korea"]


def test_combinations_name_the_clauses_and_options_not_their_ids() -> None:
    scenario = load_scenario(FLAGSHIP).scenario
    issues = {i.id: i for i in scenario.issues}
    seen = 0
    for card in role_cards(scenario):
        for interaction, line in zip(card.party.preferences.interactions, card.interactions,
                                     strict=True):
            rest = line.replace(interaction.note, "")
            for issue_id, options in interaction.when.items():
                issue = issues[issue_id]
                assert issue.name in line
                rest = rest.replace(issue.name, "")
                labels = {o.id: o.label for o in issue.options}
                for option in options:
                    assert f"“{labels[option]}”" in line
                    rest = rest.replace(f"“{labels[option]}”", "")
            # with the names and labels taken out, no id is left
            ids = {*interaction.when, *(o for os in interaction.when.values() for o in os)}
            assert not any(re.search(rf"\b{re.escape(i)}\b", rest) for i in ids), rest
            seen += 1
    assert seen  # the flagship has combinations to show
