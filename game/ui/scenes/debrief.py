"""The debrief: how the game ended, what everyone got, how good the deal was, and how it went.

Two tabs, three after no deal. **Outcome**: agreement or no deal (with the reason), the final
text on the map and clause by clause, each party's score, walk-away and surplus, and the deal's
quality from `game.core.analysis` (Pareto-optimal for the signatories or not, the Nash ratio,
and whether it is inside the zone of possible agreement), judged on the game as it ended so
that the verdict agrees with the scores beside it (`analyze_game`: discounted to the round of
the deal).
**How it went**: concession curves (each party's utility for the draft after every logged
action) and a timeline of proposals, events and signings by round. After no deal, **What was
possible**: the Nash text of the game as it ended (a deal every signatory would have signed)
on the map and clause by clause, marked where it differs from the last draft, with what it
would have given each signatory: a student who got no deal sees what was within reach.

The game is over, so every party's preferences are revealed (`view.all_preferences`). The
curves replay the log once (only the public draft of each state is read); the deal analysis
takes under a second on the flagship and runs on a worker thread, cached per game, so the
window never freezes and a resize does not recompute it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.core.analysis import Analysis, DealAssessment, analyze_game
from game.core.log import replay
from game.core.model import Preferences, Scenario
from game.core.scoring import utility, with_fallbacks
from game.core.state import GameState, stories
from game.core.view import OBSERVER, View, scored_text
from game.core.words import signed
from game.ui import style, widgets
from game.ui.intents import Intent
from game.ui.map_view import MapView
from game.ui.report_export import ReportExport
from game.ui.scenes import kit
from game.ui.scenes import table_parts as tp
from game.ui.scenes.kit import Action as FooterButton
from game.ui.scenes.private_common import (
    PrivateScreen,
    draw_clauses,
    draw_panel,
    issue_name,
    lay_clauses,
    lay_panel,
    option_label,
    panel_inner,
    party_color,
    plural,
    points,
)

if TYPE_CHECKING:
    from game.ui.context import Context

EXPORT_NOTICE_SECONDS = 10.0
"""How long the notice of where the report was saved stays up (unless put away)."""
EXIT_DELAY = 1.5
"""Seconds (at speed 1) the debrief stays up before `--exit-after-debrief` closes the window."""

CURVES_NOTE = ("Curves show what the text is worth before the urgency discount; scores take "
               "off each party's urgency for every round the deal took.")
"""The caption under the concession curves (why they end above a late deal's scores)."""

CHART_LEVELS = (0, 25, 50, 75, 100)
"""The utility levels the concession chart marks."""


TABS = {"tab_outcome": "outcome", "tab_story": "story", "tab_possible": "possible"}
"""The footer's tab buttons and the tabs they show ("possible" only after no deal)."""

Assessment = DealAssessment | Analysis | str
"""A deal's assessment; after no deal, the analysis of what was possible; or why neither."""

_ASSESSED: dict[int, tuple[GameState, DealAssessment | Analysis]] = {}


def assess(final: GameState) -> DealAssessment | Analysis:
    """A finished game judged against the game as it ended (the preferences events left,
    discounted to the round of the deal or the end): its agreement's assessment, or after no
    deal the analysis of the texts that were possible. Cached per final state."""
    hit = _ASSESSED.get(id(final))
    if hit is not None and hit[0] is final:
        return hit[1]
    analysis = analyze_game(final)
    found = analysis if final.agreement is None else analysis.assess(dict(final.agreement))
    if len(_ASSESSED) > 16:
        _ASSESSED.clear()
    _ASSESSED[id(final)] = (final, found)
    return found


@dataclass(frozen=True, slots=True)
class WalkAway:
    """Where a party's walk-away value stood at the start, and the news that moved it."""

    start: float
    moved_by: tuple[str, ...]

    def moved(self, now: float) -> bool:
        """Whether the walk-away is `now` other than it started (as the scores show it)."""
        return abs(now - self.start) >= 0.05


@dataclass(frozen=True, slots=True)
class Curves:
    """Each party's utility for the draft after every action, where rounds begin, and how
    each party's walk-away moved during the game (read in the same replay of the log)."""

    values: dict[str, list[float]]
    rounds: list[tuple[int, int]]
    """(action index, round) where each round starts."""
    walk_aways: dict[str, WalkAway]

    @property
    def length(self) -> int:
        return max((len(v) for v in self.values.values()), default=0)


def concession_curves(scenario: Scenario, records: list[dict[str, object]], view: View
                      ) -> Curves:
    """Replay the log and score each state's (public) draft with the revealed preferences;
    under alternating offers, where the draft never moves, the standing offer. The same pass
    notes which news moved each party's walk-away from where it stood at the start (as the
    after-action report compares it)."""
    prefs = view.all_preferences
    assert prefs is not None, "the curves need the revealed preferences (game over)"
    states = replay(scenario, records, keep_states=True).states
    ids = [i.id for i in view.issues]
    values: dict[str, list[float]] = {p.id: [] for p in view.parties}
    moved_by: dict[str, list[str]] = {p.id: [] for p in view.parties}
    rounds: list[tuple[int, int]] = []
    last_round = 0
    protocol = view.protocol
    for k, state in enumerate(states):
        if state.round != last_round:
            rounds.append((k, state.round))
            last_round = state.round
        reading = with_fallbacks(view.issues, scored_text(protocol, state.draft, state.offer))
        for party, series in values.items():
            series.append(utility(prefs[party], reading, ids))
        if k and state.prefs is not states[k - 1].prefs:
            news = [item.title for item in state.news[len(states[k - 1].news):]]
            for party, said in moved_by.items():
                if state.prefs[party].reservation != states[k - 1].prefs[party].reservation:
                    said.extend(t for t in news if t not in said)
    walk_aways = {p: WalkAway(states[0].prefs[p].reservation, tuple(by))
                  for p, by in moved_by.items()}
    return Curves(values, rounds, walk_aways)


@dataclass(frozen=True, slots=True)
class Sheets:
    """What the Outcome and What was possible tabs show (see `DebriefScene._lay_sheets`): a
    text, each party's score in it, and a verdict in lines."""

    text: Mapping[str, str | None]
    text_title: str
    on_map: str
    """The map's tooltip."""
    scores: Mapping[str, float]
    ids: Sequence[str]
    """The parties with a row, in order."""
    scores_title: str
    verdict: str
    """The verdict panel's name in the layout (its lines are `<verdict>.<k>`)."""
    verdict_title: str
    lines: Sequence[str]
    tips: Sequence[str]
    keep: int | None = None
    """How many lines always stay, the one after them giving way when room is short (None:
    every line stays)."""


def keep_finished(ctx: Context) -> Path | None:
    """Save a finished game among the saves, once, so it can be replayed or reported later
    (`<scenario>-<final state hash>.finished.jsonl`); None when there is nothing to keep or
    the folder cannot be written."""
    table = ctx.table
    if table is None or not table.over or not table.session.records:
        return None
    session = table.session
    path = ctx.places.kept(str(session.header.get("scenario_id") or "game"),
                           str(session.records[-1]["hash"]), True)
    if not path.exists():
        try:
            session.save(path)
        except OSError:
            return None
        ctx.keep_options(path)
    return path


class DebriefScene(PrivateScreen):
    name = "debrief"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, ("debrief", ""))
        self.tab = "outcome"
        self.assessment: Assessment | None = None
        self._worker: threading.Thread | None = None
        self._result: list[Assessment] = []
        self.curves: Curves | None = None
        self.map: MapView | None = None
        self._frames_at_enter = -1
        self._exit_clock = 0.0
        self.export_status = ""
        self.exporter = ReportExport()
        self._marks_read: tuple[int, tuple[list[tuple[int, str, str]],
                                           list[tuple[int, str]]]] = (-1, ([], []))
        """The offers and signings of the log (see `_marks`), as of how many records."""
        self.kept = keep_finished(ctx)
        self.pager = kit.Pager("sheet")
        """The page of the Outcome or What was possible tab, when it takes two (see
        `_lay_sheets`)."""

    # -- data, once ------------------------------------------------------------------------

    def _start_assessment(self, view: View) -> None:
        if self._worker is not None or self.assessment is not None:
            return
        if view.status == "running":
            self.assessment = "no deal to assess"
            return
        final = self.table.session.state
        result = self._result

        def work() -> None:
            try:
                result.append(assess(final))
            except Exception as exc:  # the screen must not wait forever on a failed analysis
                result.append(f"not assessed ({type(exc).__name__}: {exc})")

        self._worker = threading.Thread(target=work, name="deal-assessment", daemon=True)
        self._worker.start()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the deal assessment is in (tests and scripted runs)."""
        if self._worker is not None:
            self._worker.join(timeout)
        if self._collect() and self.app is not None:
            self.rebuild()

    def _collect(self) -> bool:
        if self.assessment is None and self._result:
            self.assessment = self._result[0]
            return True
        return False

    # -- layout ----------------------------------------------------------------------------

    def build(self) -> None:
        st = self.ctx.style
        view = self.table.view(OBSERVER)
        if self._frames_at_enter < 0 and self.app is not None:
            self._frames_at_enter = self.app.frames_drawn
        self._start_assessment(view)
        agreed = view.status == "agreement"
        self.accent = st.palette.gold if agreed else st.palette.bad
        end_round = min(view.round, view.rounds)
        title = (f"Agreement reached in round {end_round}" if agreed
                 else "No deal")
        reason = view.in_words(view.end_reason)
        subtitle = reason[:1].upper() + reason[1:] or (
            view.title if agreed
            else "The talks ended without an agreement: everyone scores their walk-away value")
        subtitle = self.export_status or subtitle
        tabs = [FooterButton("tab_outcome", "Outcome", "Scores, the final text and the deal's "
                             "quality", primary=self.tab == "outcome"),
                FooterButton("tab_story", "How it went", "Concession curves and the timeline",
                             primary=self.tab == "story"),
                *([FooterButton("tab_possible", "What was possible", "A text every signatory "
                                "would have signed, and what it gave each",
                                primary=self.tab == "possible")] if not agreed else []),
                FooterButton("replay", "Replay", "Step through the game action by action"),
                FooterButton("export", "Export", "Write the after-action report (HTML, "
                             "Markdown and CSV) into the data folder",
                             enabled=not self.exporter.busy),
                FooterButton("main_menu", "Main menu", "Back to the main menu"),
                FooterButton("quit", "Quit", "Close Backstop")]
        moves = (plural(len(self._offers()), "offer") if self.offers
                 else plural(len(view.proposals), "proposal"))
        right = f"{moves} · {plural(len(stories(view.news)), 'event')}"
        body = self.lay_frame(title, subtitle, right,
                              hint="Preferences are revealed now · hover for details",
                              buttons=tabs)
        if self.tab == "outcome":
            self._lay_outcome(view, body)
        elif self.tab == "possible":
            self._lay_possible(view, body)
        else:
            self._lay_story(view, body)

    def _lay_outcome(self, view: View, body: pygame.Rect) -> None:
        text = dict(view.agreement) if view.agreement is not None else dict(view.draft)
        lines = self._quality_lines(view)
        self._lay_sheets(view, body, Sheets(
            text=text, text_title="The agreement" if view.agreement else "The last draft",
            on_map="The final text on the ground", scores=view.scores or {},
            ids=[p.id for p in view.parties], scores_title="Scores · walk-away · surplus",
            verdict="quality", verdict_title="Deal quality (for the signatories)",
            lines=lines, tips=[""] * len(lines)))

    def _lay_sheets(self, view: View, body: pygame.Rect, sheets: Sheets) -> None:
        """A text (map and clauses), the parties' scores and a verdict in lines, on one page
        when every clause, every party's row (in at least small type) and every line fit
        there; else on two pages, the scores and the verdict first, then the text on the map
        and clause by clause (a projector's large scale: nothing hidden, all of it readable)."""
        st = self.ctx.style
        f = st.body
        left = pygame.Rect(body.x, body.y, int(body.w * 0.42), body.h)
        right = pygame.Rect(left.right + st.px(16), body.y, body.right - left.right - st.px(16),
                            body.h)
        lines, tips = list(sheets.lines), list(sheets.tips)
        verdict_h = self._lines_height(lines, right.w)
        if not self._scores_fit(right.h - verdict_h - st.px(12), len(sheets.ids)) and \
                sheets.keep is not None and len(lines) > sheets.keep:
            # an optional line (an explanation kept in a tooltip) gives way to stay on one page
            k = sheets.keep
            shorter, fewer_tips = lines[:k] + lines[k + 1:], tips[:k] + tips[k + 1:]
            shorter_h = self._lines_height(shorter, right.w)
            if self._scores_fit(right.h - shorter_h - st.px(12), len(sheets.ids)):
                lines, tips, verdict_h = shorter, fewer_tips, shorter_h
        one_page = (self._scores_fit(right.h - verdict_h - st.px(12), len(sheets.ids))
                    and self._clauses_fit(view, left))
        if not one_page:  # two pages have the room for every line
            lines, tips = list(sheets.lines), list(sheets.tips)
        self.pager.split([1] * (1 if one_page else 2), 1)  # one page a sheet
        if not one_page:
            strip_h = st.px(36)
            self.pager.controls(self, pygame.Rect(body.x, body.bottom - strip_h, st.px(300),
                                                  strip_h), st, "body")
            body = pygame.Rect(body.x, body.y, body.w, body.h - strip_h - st.px(8))
            if self.pager.page == 1:
                self._lay_text(view, body, sheets.text_title, sheets.text, sheets.on_map,
                               side=True)
                return
            left = pygame.Rect(body.x, body.y, int(body.w * 0.58), body.h)
            right = pygame.Rect(left.right + st.px(16), body.y,
                                body.right - left.right - st.px(16), body.h)
            scores = left
            verdict = right
        else:
            self._lay_text(view, left, sheets.text_title, sheets.text, sheets.on_map)
            scores = pygame.Rect(right.x, right.y, right.w, right.h - verdict_h - st.px(12))
            verdict = pygame.Rect(right.x, scores.bottom + st.px(12), right.w, verdict_h)
        self._lay_scores(view, lay_panel(self.layout, "scores", scores, "body", st,
                                         title=sheets.scores_title),
                         sheets.scores, sheets.ids)
        inner = lay_panel(self.layout, sheets.verdict, verdict, "body", st,
                          title=sheets.verdict_title)
        y = inner.y
        for k, (line, tip) in enumerate(zip(lines, tips, strict=True)):
            n = len(style.wrap(line, f, inner.w))
            self.layout.paragraph(f"{sheets.verdict}.{k}", (inner.x, y, inner.w,
                                                            n * f.get_linesize()),
                                  line, f, sheets.verdict, tooltip=tip)
            y += n * f.get_linesize() + st.px(6)

    def _lines_height(self, lines: Sequence[str], width: int) -> int:
        """The height of a panel of `lines` wrapped in body type (see `_lay_sheets`)."""
        st = self.ctx.style
        f = st.body
        rows = sum(len(style.wrap(line, f, width - 2 * st.px(10))) for line in lines)
        return (rows * f.get_linesize() + st.px(6) * (len(lines) - 1)
                + widgets.title_height(st) + 2 * st.px(8))

    def _scores_fit(self, height: int, n: int) -> bool:
        """Whether a scores panel `height` high shows `n` rows in at least small type."""
        st = self.ctx.style
        room = height - 2 * st.px(8) - widgets.title_height(st) - st.small.get_linesize()
        return room >= n * st.small.get_linesize()

    def _clauses_fit(self, view: View, rect: pygame.Rect) -> bool:
        """Whether `_lay_text` in `rect` shows every clause under the map (in the small rows
        of `lay_clauses`)."""
        st = self.ctx.style
        inner = panel_inner(rect, st)
        h = inner.h - widgets.title_height(st)
        if self.table.map_spec is not None:
            h -= self._map_height(inner.w, h) + st.px(8)
        return h >= len(view.issues) * (st.small.get_linesize() + st.px(4))

    @staticmethod
    def _map_height(width: int, height: int) -> int:
        """The map's height over the clauses in a panel's content `width` by `height`."""
        return min(int(height * 0.55), int(width * 0.62))

    def _lay_text(self, view: View, rect: pygame.Rect, title: str,
                  text: Mapping[str, str | None], on_map: str, *, side: bool = False) -> None:
        """A panel of a text on the map (when the scenario has one) and clause by clause: the
        map over the clauses, or with `side` (a page of its own) beside them."""
        st, lay = self.ctx.style, self.layout
        inner = lay_panel(lay, "final", rect, "body", st, title=title)
        spec = self.table.map_spec
        clauses = inner
        if spec is not None:
            if side:
                mw = min(int(inner.w * 0.5), int(inner.h / 0.62))
                mh = min(inner.h, int(mw * 0.62))
                clauses = pygame.Rect(inner.x + mw + st.px(16), inner.y,
                                      inner.w - mw - st.px(16), inner.h)
            else:
                mw, mh = inner.w, self._map_height(inner.w, inner.h)
                clauses = pygame.Rect(inner.x, inner.y + mh + st.px(8), inner.w,
                                      inner.h - mh - st.px(8))
            size = (mw, mh)
            if self.map is None or self.map.size != size:
                self.map = MapView(spec, size, st.small)
            self.map.set_draft(text)
            lay.region("map", (inner.x, inner.y, mw, mh), "final", tooltip=on_map)
        lay_clauses(lay, "clauses", clauses, "final", st, view=view, text=text)

    def tooltip_at(self, pos: tuple[int, int]) -> str:
        """Over the map, every place under the pointer (its kind and who controls it), else
        the map's own tooltip; elsewhere the laid-out box's."""
        if self.map is not None and "map" in self.layout:
            at = self.layout["map"].rect
            if at.collidepoint(pos):
                places = self.map.tooltip_at((pos[0] - at.x, pos[1] - at.y))
                if places:
                    return places
        return super().tooltip_at(pos)

    def _lay_possible(self, view: View, body: pygame.Rect) -> None:
        """After no deal: the Nash text (the deal every signatory would have signed that gives
        the largest product of their gains) on the map and clause by clause, the clauses where
        it differs from the last draft marked, and what it would have given each signatory."""
        st, lay = self.ctx.style, self.layout
        a = self.assessment
        if not isinstance(a, Analysis) or a.nash is None:
            inner = lay_panel(lay, "possible", body, "body", st, title="What was possible")
            said = ("Looking for the deals that were possible…" if a is None
                    else f"Not analysed: {a}." if not isinstance(a, Analysis)
                    else self._possible_line(a, here=True))
            lay.paragraph("possible.said", (inner.x, inner.y, inner.w, inner.h), said,
                          st.heading, "possible")
            return
        nash = dict(a.nash.text)
        # The last draft as every screen reads it: an open clause counts as its fallback.
        last = with_fallbacks(view.issues, view.draft)
        changed = [i for i in view.issues if last.get(i.id) != nash.get(i.id)]
        explained = ("The Nash text gives the signatories the largest product of their gains "
                     "over walk-away: a fair deal every one of them would have signed.")
        # Every signatory's row comes first; short of room, the explanation of the Nash text
        # gives way (it stays in the first line's tooltip).
        self._lay_sheets(view, body, Sheets(
            text=nash, text_title="A deal all would have signed: the Nash text",
            on_map="The Nash text on the ground", scores=a.nash.scores,
            ids=[p.id for p in view.parties if p.id in a.parties],  # as the Outcome tab
            scores_title="What it gave each signatory · walk-away · surplus",
            verdict="reading", verdict_title="What was possible",
            lines=[self._possible_line(a, here=True), explained,
                   (f"Gold marks the {plural(len(changed), 'clause')} where it differs from "
                    "the last draft (hover over a clause for the draft's option).") if changed
                   else "It is the last draft's text, which went to signing and was not "
                        "signed."],
            tips=[explained, "", ""], keep=1))
        for issue in changed:
            row = f"clauses.{issue.id}"
            if row in lay:
                was = last.get(issue.id)
                # over the whole row, so hovering anywhere on it says what the draft had
                lay.region(f"{row}.changed", lay[row].rect, row, overlay=True,
                           tooltip=f"{lay[row].tooltip}\nThe last draft: "
                                   + (f"“{option_label(view, issue.id, was)}”" if was
                                      else "open, with no fallback"))

    @staticmethod
    def _possible_line(a: Analysis, *, here: bool = False) -> str:
        """After no deal: whether a deal was possible, and how many texts would have been; on
        the Outcome tab (not `here`), one line that points to What was possible."""
        if here or a.zone_is_empty or a.nash is None:
            return a.no_deal_verdict()
        about = "about " if a.approximate else ""
        return (f"No deal, yet {about}{a.zone_size:,} texts would have suited every signatory: "
                "see What was possible.")

    def _quality_lines(self, view: View) -> list[str]:
        a = self.assessment
        if view.status != "agreement":
            # The last round's votes show nowhere else once the game is over: who sank what.
            last = tp.round_results(view, min(view.round, view.rounds), self.table.session.records)
            first = (self._possible_line(a) if isinstance(a, Analysis) else
                     "No deal. Looking for the deals that were possible…" if a is None else
                     f"No deal; what was possible was not analysed ({a}).")
            if last:
                return [first, last]
            return [first, "A deal in the zone of possible agreement would have given every "
                    "signatory at least its walk-away value."]
        if a is None:
            return ["Assessing the deal against every possible text…"]
        if isinstance(a, str):
            return [f"Deal quality: {a}."]
        assert isinstance(a, DealAssessment)
        pareto = ("Pareto-optimal: no other text is better for one signatory without being "
                  "worse for another" if a.pareto_optimal else
                  "Not Pareto-optimal: another text was better for some signatory and no "
                  f"worse for any (distance {a.distance_to_frontier or 0:.1f} points)")
        approx = " (estimated)" if a.approximate else ""
        return [pareto,
                f"Nash ratio: {a.nash_percent:.0f}% of the best possible product of surpluses"
                f"{approx}",
                a.zone_verdict(lambda p: view.party(p).name)]

    def _lay_scores(self, view: View, inner: pygame.Rect, scores: Mapping[str, float],
                    ids: Sequence[str]) -> None:
        """A row for each of the parties `ids`: its score in `scores` against its walk-away,
        in body type where the rows fit it, else small. A walk-away that news moved during the
        game reads "45 (was 52)", the news named in the row's tooltip."""
        st = self.ctx.style
        lay = self.layout
        parties = [view.party(p) for p in ids]
        n = len(parties)
        head = st.small.get_linesize()
        lay.region("scores.table", inner, "scores")
        room = (inner.h - head) // max(1, n)
        f = st.body if st.body.get_linesize() <= room else st.small
        row_h = max(f.get_linesize(), min(st.px(44), room))
        shown = min(n, (inner.h - head) // row_h)
        prefs: Mapping[str, Preferences] = view.all_preferences or {}
        moves = self._curves(view).walk_aways
        walks: dict[str, str] = {}
        for p in parties:
            res = prefs[p.id].reservation if p.id in prefs else 0.0
            was = moves.get(p.id)
            walks[p.id] = (f"{res:g} (was {was.start:g})" if was is not None and was.moved(res)
                           else f"{res:g}")
        cols = (("score", "Score"), ("walk", "Walk-away"), ("surplus", "Surplus"))
        values: dict[str, list[str]] = {"score": [], "walk": list(walks.values()),
                                        "surplus": []}
        for p in parties:
            res = prefs[p.id].reservation if p.id in prefs else 0.0
            values["score"].append(points(scores.get(p.id, res)))
            values["surplus"].append(signed(scores.get(p.id, res) - res))
        # Each number column as wide as its header or its widest value, whichever is wider,
        # plus a gap before it: the right-aligned headers never run together.
        gap, edge = st.px(12), st.px(6)
        widths = {key: max(st.px(70) - gap, st.small.size(label)[0],
                           *(f.size(v)[0] for v in values[key])) + gap
                  for key, label in cols}
        widest = max((f.size(p.name)[0] for p in parties), default=0) + st.px(28)
        name_w = max(int(inner.w * 0.30), min(int(inner.w * 0.4), widest))
        bar_x = inner.x + name_w
        bar_w = inner.w - name_w - sum(widths.values()) - edge - st.px(12)
        # the columns' left edges, from the right: surplus, walk-away, score
        lefts: dict[str, int] = {}
        right = inner.right - edge
        for key, _ in reversed(cols):
            right -= widths[key]
            lefts[key] = right
        lay.text("scores.h.party", (inner.x, inner.y, name_w, head), "Party", st.small,
                 "scores.table")
        for key, label in cols:  # right-aligned over their values (as `_draw_scores` draws)
            lay.text(f"scores.h.{key}", (lefts[key] + gap, inner.y, widths[key] - gap, head),
                     label, st.small, "scores.table")
        if shown < n:  # never hide a party silently: the last row names the rest
            shown -= 1
            rest = parties[shown:]
            lay.text("scores.more", (inner.x + st.px(12), inner.y + head + shown * row_h,
                                     inner.w - st.px(12), row_h), f"… and {len(rest)} more",
                     f, "scores.table", tooltip="; ".join(
                         f"{p.name}: {points(scores[p.id])}" for p in rest if p.id in scores))
        for k, p in enumerate(parties[:shown]):
            y = inner.y + head + k * row_h
            row = f"score.{p.id}"
            res = prefs[p.id].reservation if p.id in prefs else 0.0
            sc = scores.get(p.id, res)
            signatory = " (signatory)" if p.id in view.signatories else ""
            was = moves.get(p.id)
            moved = ""
            if was is not None and was.moved(res):
                moved = (f" (it was {was.start:g} at the start; "
                         + (f"moved by: {'; '.join(was.moved_by)})" if was.moved_by
                            else "moved by the news)"))
            lay.region(row, (inner.x, y, inner.w, row_h), "scores.table",
                       tooltip=f"{p.name}{signatory}: score {points(sc)}, walk-away {res:g}"
                               f"{moved}, surplus {signed(sc - res)}")
            ty, th = y + (row_h - f.get_linesize()) // 2, f.get_linesize()
            lay.text(f"{row}.name", (inner.x + st.px(12), ty, name_w - st.px(16), th),
                     p.name, f, row)
            lay.region(f"{row}.bar", (bar_x, y + row_h // 2 - st.px(4), bar_w, st.px(8)), row)
            for key, value in (("score", points(sc)), ("walk", walks[p.id]),
                               ("surplus", signed(sc - res))):
                lay.text(f"{row}.{key}", (lefts[key] + gap, ty, widths[key] - gap, th), value,
                         f, row)

    def _curves(self, view: View) -> Curves:
        """The concession curves and walk-away moves, from one replay of the log (kept)."""
        if self.curves is None:
            self.curves = concession_curves(self.table.session.scenario,
                                            self.table.session.records, view)
        return self.curves

    def _lay_story(self, view: View, body: pygame.Rect) -> None:
        st = self.ctx.style
        lay = self.layout
        curves = self._curves(view)
        top = pygame.Rect(body.x, body.y, body.w, int(body.h * 0.56))
        inner = lay_panel(lay, "curves", top, "body", st,
                          title="Concession curves: each party's utility for the "
                                + ("standing offer" if self.offers else "draft"))
        # The curves end above the scores of a late deal: say why, on the chart itself (the
        # after-action report's curves plot the same undiscounted utility).
        legend_w = min(st.px(190), inner.w // 4)
        chart_w = inner.w - legend_w - st.px(10)
        note_h = min(2, len(style.wrap(CURVES_NOTE, st.small, chart_w))) \
            * st.small.get_linesize()
        lay.paragraph("curves.note", (inner.x, inner.bottom - note_h, chart_w, note_h),
                      CURVES_NOTE, st.small, "curves")
        chart = lay.region("chart", (inner.x, inner.y, chart_w, inner.h - note_h - st.px(4)),
                           "curves").rect
        self._lay_chart(chart, curves)
        legend = pygame.Rect(inner.right - legend_w, inner.y, legend_w, inner.h)
        lay.region("legend", legend, "curves")
        lh = min(st.small.get_linesize() + st.px(2), legend.h // max(1, len(view.parties)))
        prefs: Mapping[str, Preferences] = view.all_preferences or {}
        scores: Mapping[str, float] = view.scores or {}
        for k, p in enumerate(view.parties):
            final = curves.values[p.id][-1] if curves.values[p.id] else 0.0
            res = prefs[p.id].reservation if p.id in prefs else 0.0
            scored = (f", its score {points(scores[p.id])} after the urgency discount"
                      if view.status == "agreement" and p.id in scores else "")
            lay.text(f"legend.{p.id}", (legend.x + st.px(18), legend.y + k * lh,
                                        legend.w - st.px(18), lh), p.name, st.small, "legend",
                     tooltip=f"{p.name}: the final text is worth {points(final)} to it before "
                             f"urgency{scored} (walk-away {res:g})")
        bottom = pygame.Rect(body.x, top.bottom + st.px(12), body.w,
                             body.bottom - top.bottom - st.px(12))
        inner = lay_panel(lay, "timeline", bottom, "body", st,
                          title=f"Timeline: {'offers' if self.offers else 'proposals'}, "
                                "events and signings by round")
        self._lay_timeline(view, inner)

    def _lay_chart(self, chart: pygame.Rect, curves: Curves) -> None:
        """The chart's plot area (`chart.plot`) and its labels: the utility levels in a gutter
        to its left (`chart.y.<level>`), the rounds in a strip above it (`chart.r.<round>`),
        the plot padded by the labels' sizes so that no curve crosses a label and no label
        sits on another. A round or level whose label would touch the one before it (rounds of
        few actions, a short chart) goes unlabelled: its line still marks it."""
        st, lay = self.ctx.style, self.layout
        f = st.font(11)
        lh = f.get_linesize()
        pad = st.px(8)
        gutter = max(f.size(str(level))[0] for level in CHART_LEVELS) + st.px(6)
        plot = pygame.Rect(chart.x + pad + gutter, chart.y + pad + lh,
                           chart.w - 2 * pad - gutter, chart.h - 2 * pad - lh - lh // 2)
        lay.region("chart.plot", plot, "chart")
        top = chart.bottom  # the top of the last level label laid (from the bottom up)
        for level in CHART_LEVELS:
            y = plot.bottom - plot.h * level // 100 - lh // 2
            if y + lh <= top:
                lay.text(f"chart.y.{level}", (chart.x + pad, y, gutter - st.px(6), lh),
                         str(level), f, "chart")
                top = y
        n = curves.length - 1
        if n < 1:
            return
        end = chart.x  # the right end of the last round label laid
        for index, number in curves.rounds:
            x = plot.x + plot.w * index // n + st.px(3)
            w = f.size(f"R{number}")[0]
            if x < end + st.px(4) or x + w > plot.right:
                continue
            lay.text(f"chart.r.{number}", (x, plot.y - lh, w, lh), f"R{number}", f, "chart")
            end = x + w

    def _lay_timeline(self, view: View, inner: pygame.Rect) -> None:
        st = self.ctx.style
        lay = self.layout
        key_h = st.small.get_linesize()
        key = ("Squares: offers in the offerer's colour · gold diamonds: news · circles: the "
               "agreement · hover over any mark for what happened" if self.offers else
               "Squares: proposals in the proposer's colour (edge green: passed, red: failed, "
               "grey: lapsed) · gold diamonds: news · circles: signings (green: agreement) · "
               "hover over any mark for what happened")
        lay.text("timeline.key", (inner.x, inner.bottom - key_h, inner.w, key_h), key,
                 st.small, "timeline", tooltip=key)
        inner = pygame.Rect(inner.x, inner.y, inner.w, inner.h - key_h - st.px(4))
        rounds = max(1, min(view.round, view.rounds))
        col_w = inner.w // rounds
        mk = st.px(16)
        step = mk + st.px(4)
        head = st.small.get_linesize()
        for r in range(1, rounds + 1):
            col = pygame.Rect(inner.x + (r - 1) * col_w, inner.y, col_w - st.px(4), inner.h)
            name = f"round.{r}"
            lay.region(name, col, "timeline")
            lay.text(f"{name}.label", (col.x + st.px(4), col.y, col.w - st.px(8), head),
                     f"Round {r}", st.small, name)
            per_row = max(1, (col.w - st.px(8)) // step)
            items: list[tuple[str, str]] = []
            for p in view.proposals:
                if p.round == r:
                    amend = "; ".join(f"{issue_name(view, i)}: {option_label(view, i, o)}"
                                      for i, o in p.amendments)
                    why = f" ({view.in_words(p.reason)})" if p.reason else ""
                    items.append((f"p{p.id}", f"Proposal {p.id} by {view.party(p.party).name}: "
                                  f"{p.result}{why}. {amend}"))
            items.extend((f"o{k}", tip) for k, (at, _, tip) in enumerate(self._offers())
                         if at == r)
            for n, item in enumerate(stories(view.news)):
                if item.round == r:
                    items.append((f"n{n}", f"News: {item.title}. {item.text}"))
            items.extend((f"s{k}", tip) for k, (at, tip) in enumerate(self._signings())
                         if at == r)
            capacity = per_row * max(1, (col.h - head - st.px(4)) // step)
            for k, (key, tip) in enumerate(items[:capacity]):
                row, c = divmod(k, per_row)
                lay.region(f"{name}.{key}", (col.x + st.px(4) + c * step,
                                             col.y + head + st.px(4) + row * step, mk, mk),
                           name, tooltip=tip)

    @property
    def offers(self) -> bool:
        """Whether the game was played by alternating offers (no proposals, no draft)."""
        return self.table.session.scenario.protocol == "alternating_offers"

    def _offers(self) -> list[tuple[int, str, str]]:
        """(round, offerer, what happened) for every offer the log records, with who accepted
        it (alternating offers)."""
        return self._marks()[0]

    def _signings(self) -> list[tuple[int, str]]:
        """(round, what happened) for every signing the log records."""
        return self._marks()[1]

    def _marks(self) -> tuple[list[tuple[int, str, str]], list[tuple[int, str]]]:
        """The offers and signings of the log, read in one pass and kept until it grows (the
        story tab lays them out, and draws the offers every frame)."""
        records = self.table.session.records
        if self._marks_read[0] == len(records):
            return self._marks_read[1]
        view = self.table.view(OBSERVER)
        offers: list[tuple[int, str, str]] = []
        signings: list[tuple[int, str]] = []
        for rec in records:
            events = rec.get("events", [])
            at = int(rec["round"])
            for ev in events if isinstance(events, list) else []:
                kind = ev.get("kind")
                if kind == "OfferMade":
                    party = str(ev.get("party", ""))
                    text = "; ".join(f"{issue_name(view, str(i))}: "
                                     f"{option_label(view, str(i), str(o))}"
                                     for i, o in ev.get("text", []))
                    offers.append((at, party, f"Offer by {view.party(party).name}: {text}"))
                elif kind == "OfferAccepted" and offers:
                    r, party, tip = offers[-1]
                    offers[-1] = (r, party, f"{tip} · accepted by "
                                  f"{view.party(str(ev.get('party', ''))).name}")
                elif kind == "AgreementReached":
                    signings.append((at, "Signing: agreement reached"))
                elif kind == "SigningFailed":
                    signings.append((at, "Signing failed: "
                                     + view.in_words(str(ev.get("reason", "")))))
                elif kind == "SigningImpossible":
                    signings.append((at, "No signing possible: clauses still open"))
        self._marks_read = (len(records), (offers, signings))
        return offers, signings

    # -- input and time --------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if intent.kind == "widget" and intent.widget in TABS:
            self.tab = TABS[intent.widget]
            self.pager.page = 0
            self.rebuild()
            return
        if intent.kind == "widget" and self.pager.handle(intent.widget):
            self.rebuild()
            return
        if (intent.kind == "key" and intent.key in kit.PAGE_KEYS and self.pager.needed
                and self.tab != "story"):  # the story is one page: the pages are the sheets'
            if self.pager.turn(kit.PAGE_KEYS[intent.key]):
                self.rebuild()
            return
        if intent.kind == "widget" and intent.widget == "export":
            self._export()
            return
        if intent.kind == "widget" and intent.widget == "replay":
            self._replay()
            return
        if intent.kind == "widget" and intent.widget == "main_menu":
            self._to_menu()
            return
        if intent.kind == "widget" and intent.widget == "quit":
            assert self.app is not None
            self.app.running = False
            return
        if intent.kind == "confirm":
            self.press_focused_or_first()
            return
        super().handle(intent)

    def _replay(self) -> None:
        from game.ui.scenes.replay import Replay, open_replay
        session = self.table.session
        self.error = open_replay(self.ctx, lambda: Replay.of(
            "The game just played", session.scenario, session.records))

    def _to_menu(self) -> None:
        from game.ui.scenes.menu import MenuScene
        app = self.app
        assert app is not None
        self.ctx.end_game()
        while len(app.scenes) > 1:
            app.scenes.pop()
        app.replace(MenuScene(self.ctx))

    def _export(self) -> None:
        """Write the after-action report on a worker thread (it takes a second or two)."""
        if self.exporter.start(self.table.session, self.ctx.places.root / "reports"):
            self.export_status = "Writing the after-action report…"
            self.rebuild()

    def update(self, dt: float) -> None:
        if self._collect():
            self.rebuild()
        result = self.exporter.poll()
        if result and self.app is not None:
            # told in a notice: the subtitle goes back to what it says about the game
            self.export_status = ""
            self.app.toast(result, EXPORT_NOTICE_SECONDS)
            self.rebuild()
        app = self.app
        if (self.ctx.run.exit_after_debrief and app is not None
                and app.frames_drawn > self._frames_at_enter >= 0):
            self._exit_clock += dt
            if self._exit_clock >= EXIT_DELAY / max(0.05, self.ctx.run.speed):
                app.running = False
        super().update(dt)

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        view = self.table.view(OBSERVER)
        self.draw_frame(surface)
        if self.tab == "outcome":
            self._draw_outcome(surface, view)
        elif self.tab == "possible":
            self._draw_possible(surface, view)
        else:
            self._draw_story(surface, view)

    def _draw_outcome(self, surface: pygame.Surface, view: View) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        self._draw_map(surface)
        text = dict(view.agreement) if view.agreement is not None else dict(view.draft)
        draw_clauses(surface, lay, "clauses", st, view=view, text=text)
        self._draw_scores(surface, view, view.scores or {}, [p.id for p in view.parties])
        self.pager.draw(surface, lay, st)
        if "quality" not in lay:  # on the page of the text
            return
        draw_panel(surface, lay, "quality", st)
        a = self.assessment
        for k in range(3):
            name = f"quality.{k}"
            if name not in lay:
                continue
            color = pal.text
            if isinstance(a, DealAssessment):
                good = (a.pareto_optimal, a.nash_percent >= 80, a.in_zone)[k]
                color = pal.good if good else pal.warn
            lay.draw_text(surface, name, color)

    def _draw_map(self, surface: pygame.Surface) -> None:
        st, lay = self.ctx.style, self.layout
        if "final" not in lay:  # on the page of the scores
            return
        draw_panel(surface, lay, "final", st, edge=self.accent)
        if self.map is not None and "map" in lay:
            r = lay["map"].rect
            self.map.draw(surface, r.topleft)
            pygame.draw.rect(surface, st.palette.panel_edge, r, 1)

    def _draw_possible(self, surface: pygame.Surface, view: View) -> None:
        st, lay = self.ctx.style, self.layout
        pal = st.palette
        a = self.assessment
        if "possible" in lay:
            draw_panel(surface, lay, "possible", st)
            lay.draw_text(surface, "possible.said", pal.muted)
            return
        assert isinstance(a, Analysis) and a.nash is not None
        self._draw_map(surface)
        draw_clauses(surface, lay, "clauses", st, view=view, text=dict(a.nash.text))
        for issue in view.issues:
            mark = f"clauses.{issue.id}.changed"
            if mark in lay:
                r = lay[mark].rect
                pygame.draw.rect(surface, pal.gold, (r.x, r.y, st.px(4), r.h))
        self._draw_scores(surface, view, a.nash.scores, a.parties)
        self.pager.draw(surface, lay, st)
        if "reading" not in lay:  # on the page of the text
            return
        draw_panel(surface, lay, "reading", st)
        for k in range(3):
            if f"reading.{k}" in lay:
                lay.draw_text(surface, f"reading.{k}", pal.text if k else pal.gold)

    def _draw_scores(self, surface: pygame.Surface, view: View,
                     scores: Mapping[str, float], ids: Sequence[str]) -> None:
        """The rows `_lay_scores` laid out for the parties `ids`."""
        st, lay = self.ctx.style, self.layout
        pal = st.palette
        if "scores" not in lay:  # on the page of the text
            return
        draw_panel(surface, lay, "scores", st)
        for key in ("party", "score", "walk", "surplus"):
            lay.draw_text(surface, f"scores.h.{key}", pal.faint,
                          align="left" if key == "party" else "right")
        prefs: Mapping[str, Preferences] = view.all_preferences or {}
        for k, p in enumerate(view.party(q) for q in ids):
            row = f"score.{p.id}"
            if row not in lay:
                continue
            color = party_color(view, p.id)
            rect = lay[row].rect
            if k % 2 == 0:
                pygame.draw.rect(surface, style.mix(pal.panel, pal.raised, 0.35), rect,
                                 border_radius=st.px(3))
            pygame.draw.rect(surface, color, (rect.x, rect.y + st.px(3), st.px(5),
                                              rect.h - st.px(6)))
            res = prefs[p.id].reservation if p.id in prefs else 0.0
            sc = scores.get(p.id, res)
            lay.draw_text(surface, f"{row}.name", pal.text)
            widgets.value_bar(surface, lay[f"{row}.bar"].rect, st, sc,
                              color=style.mix(color, (255, 255, 255), 0.2),
                              marks=((res, pal.gold),))
            lay.draw_text(surface, f"{row}.score", pal.text, align="right")
            lay.draw_text(surface, f"{row}.walk", pal.muted, align="right")
            gain = sc - res
            lay.draw_text(surface, f"{row}.surplus", pal.good if gain > 0.05 else (
                pal.bad if gain < -0.05 else pal.muted), align="right")
        if "scores.more" in lay:
            lay.draw_text(surface, "scores.more", pal.faint)

    def _draw_story(self, surface: pygame.Surface, view: View) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        draw_panel(surface, lay, "curves", st)
        lay.draw_text(surface, "curves.note", pal.faint)
        chart = lay["chart"].rect
        pygame.draw.rect(surface, style.mix(pal.panel, pal.bg, 0.5), chart,
                         border_radius=st.px(3))
        plot = lay["chart.plot"].rect
        for level in CHART_LEVELS:
            y = plot.bottom - plot.h * level // 100
            pygame.draw.line(surface, pal.raised, (plot.x, y), (plot.right, y))
            if f"chart.y.{level}" in lay:
                lay.draw_text(surface, f"chart.y.{level}", pal.faint, align="right")
        curves = self.curves
        if curves is not None and curves.length > 1:
            n = curves.length - 1
            for index, number in curves.rounds:
                x = plot.x + plot.w * index // n
                pygame.draw.line(surface, pal.panel_edge, (x, plot.y), (x, plot.bottom))
                if f"chart.r.{number}" in lay:
                    lay.draw_text(surface, f"chart.r.{number}", pal.faint)
            for p in view.parties:
                series = curves.values[p.id]
                pts: list[tuple[float, float]] = []
                for k, v in enumerate(series):
                    px = plot.x + plot.w * k / n
                    if pts:
                        pts.append((px, pts[-1][1]))
                    pts.append((px, plot.bottom - plot.h * v / 100))
                if len(pts) > 1:
                    pygame.draw.lines(surface, party_color(view, p.id), False, pts,
                                      max(2, st.px(2)))
        for party in view.parties:
            name = f"legend.{party.id}"
            at = lay[name].rect
            pygame.draw.line(surface, party_color(view, party.id), (at.x - st.px(16),
                                                                    at.centery),
                             (at.x - st.px(4), at.centery), max(3, st.px(3)))
            lay.draw_text(surface, name, pal.muted)
        draw_panel(surface, lay, "timeline", st)
        lay.draw_text(surface, "timeline.key", pal.faint)
        rounds = max(1, min(view.round, view.rounds))
        proposals = {f"p{p.id}": p for p in view.proposals}
        offerers = {f"o{k}": party for k, (_, party, _) in enumerate(self._offers())}
        for r in range(1, rounds + 1):
            name = f"round.{r}"
            col = lay[name].rect
            pygame.draw.rect(surface, style.mix(pal.panel, pal.raised, 0.3 if r % 2 else 0.15),
                             col, border_radius=st.px(3))
            lay.draw_text(surface, f"{name}.label", pal.muted)
            prefix = f"{name}."
            for box in lay:
                if not box.name.startswith(prefix) or box.name.endswith(".label"):
                    continue
                key = box.name[len(prefix):]
                rect = box.rect
                if key in proposals:
                    tabled = proposals[key]
                    pygame.draw.rect(surface, party_color(view, tabled.party), rect,
                                     border_radius=st.px(2))
                    edge = {"passed": pal.good, "failed": pal.bad}.get(tabled.result, pal.faint)
                    pygame.draw.rect(surface, edge, rect, max(2, st.px(2)),
                                     border_radius=st.px(2))
                elif key in offerers:
                    pygame.draw.rect(surface, party_color(view, offerers[key]), rect,
                                     border_radius=st.px(2))
                    pygame.draw.rect(surface, pal.faint, rect, max(1, st.px(1)),
                                     border_radius=st.px(2))
                elif key.startswith("s"):
                    agreed = (box.tooltip or "").endswith("agreement reached")
                    pygame.draw.circle(surface, pal.good if agreed else pal.bad, rect.center,
                                       rect.w // 2)
                    pygame.draw.circle(surface, pal.text, rect.center, rect.w // 2, 1)
                else:
                    c = rect.center
                    h = rect.w // 2
                    pygame.draw.polygon(surface, pal.gold, [(c[0], c[1] - h), (c[0] + h, c[1]),
                                                            (c[0], c[1] + h), (c[0] - h, c[1])])

