"""The replay viewer: a finished or saved game, step by step, as control or one delegation saw it.

The log is replayed once when the screen opens (`game.core.log.replay`, verified, keeping every
state). Position k shows the game after its first k actions: what the action was, the draft with
who put each option in, the map, each party's utility for the draft against its walk-away, and
the proposals on the table with their votes. Everything shown at k is built from
`player_view(states[k], viewer)`, so a delegation's view hides other delegations' votes and
preferences exactly as the game did; the control view shows them all.

The screen only reads: it never touches the game being played or its autosave.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from game.core.actions import (
    CONTROL,
    Accept,
    Action,
    EventRoll,
    FireEvent,
    ForceSigning,
    Inject,
    Offer,
    Pass,
    Propose,
    Refuse,
    Reseat,
    Sign,
    Statement,
    Vote,
)
from game.core.log import LogError, replay
from game.core.model import Scenario
from game.core.state import GameState
from game.core.view import ProposalView, View, player_view, scored_text
from game.core.words import possessive
from game.report.transcript import transcript
from game.ui import style, widgets
from game.ui.context import Context, GameLoadError
from game.ui.intents import Intent
from game.ui.map_view import MapView
from game.ui.names import bot_name
from game.ui.scenes import kit
from game.ui.scenes.private_common import party_color, party_name, tag
from game.ui.scenes.table_parts import (
    Worth,
    amendments_text,
    option_label,
    option_value,
    phase_name,
    worth,
)
from game.ui.style import Color

_ECHOES = frozenset({"ProposalTabled", "TurnPassed", "StatementMade", "OfferMade",
                     "OfferAccepted"})
"""Event kinds that only repeat the action itself (the headline says it already)."""


class ReplayError(Exception):
    """A log that cannot be replayed, with a one-line reason for the player."""


@dataclass(frozen=True, slots=True)
class Replay:
    """A game's log replayed once: every state from the start to the last action."""

    name: str
    scenario: Scenario
    records: tuple[Mapping[str, Any], ...]
    actions: tuple[Action, ...]
    states: tuple[GameState, ...]
    round_starts: tuple[tuple[int, int], ...]
    """(position, round) where each round begins, in order."""

    @property
    def length(self) -> int:
        """N: the number of actions (positions run 0..N)."""
        return len(self.actions)

    @classmethod
    def of(cls, name: str, scenario: Scenario, records: Sequence[Mapping[str, Any]], *,
           file: str = "") -> Replay:
        """Replay `records` once; `name` is shown, `file` names the log in a ReplayError."""
        try:
            done = replay(scenario, records, verify=True, keep_states=True)
        except LogError as exc:
            raise ReplayError(f"{file or name} does not replay: {exc}") from None
        starts: list[tuple[int, int]] = []
        for k, state in enumerate(done.states):
            if not starts or state.round != starts[-1][1]:
                starts.append((k, state.round))
        return cls(name, scenario, tuple(records), done.actions, done.states, tuple(starts))

    @classmethod
    def from_file(cls, ctx: Context, path: Path) -> Replay:
        """Read a log and find the scenario it was played on (ReplayError says why not)."""
        try:
            log, loaded = ctx.read_saved(path)
        except GameLoadError as exc:
            raise ReplayError(str(exc)) from None
        return cls.of(path.stem, loaded.scenario, log.records, file=path.name)

    def round_of(self, k: int) -> int:
        return self.states[k].round

    def start_of_round(self, k: int, step: int) -> int:
        """The start of the round before (`step` -1) or after (+1) position `k`."""
        if step < 0:
            return max((at for at, _ in self.round_starts if at < k), default=0)
        return min((at for at, _ in self.round_starts if at > k), default=self.length)


# -- what one position shows -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Frame:
    """What the screen shows at position `k` for `viewer`, all read from the viewer's View."""

    k: int
    viewer: str
    view: View
    headline: str
    details: str
    utilities: dict[str, Worth]
    """Party -> what the draft is worth to it (every party for control, else the viewer)."""
    votes: dict[int, dict[str, bool]] = field(default_factory=dict)
    """Proposal id -> the votes this viewer may see, for the proposals of the round."""


def describe(view: View, action: Action, text: str) -> str:
    """The action in words, as `view`'s viewer may know it: a vote or a signing decision stays
    hidden until the view shows it."""
    if isinstance(action, Propose):
        note = f" — “{action.note}”" if action.note else ""
        return (f"{party_name(view, action.party)} proposes "
                f"{amendments_text(view, action.amendments)}{note}")
    if isinstance(action, Pass):
        return f"{party_name(view, action.party)} passes"
    if isinstance(action, Vote):
        who = party_name(view, action.party)
        shown = next((p.votes.get(action.party) for p in view.proposals
                      if p.id == action.proposal), None)
        if shown is None:
            return f"{who} votes on proposal {action.proposal} (hidden until all have voted)"
        return f"{who} votes {'for' if shown else 'against'} proposal {action.proposal}"
    if isinstance(action, Sign | Refuse):
        who = party_name(view, action.party)
        decided = view.decisions.get(action.party)
        if decided is None:
            return f"{who} makes its signing decision (hidden until all have decided)"
        return f"{who} {'signs' if decided else 'refuses to sign'}"
    if isinstance(action, Statement):
        return f"{party_name(view, action.party)} says “{action.text}”"
    if isinstance(action, Offer):
        return f"{party_name(view, action.party)} offers {amendments_text(view, action.text)}"
    if isinstance(action, Accept):
        return f"{party_name(view, action.party)} accepts the standing offer"
    if isinstance(action, FireEvent):
        return "Control fires an event"
    if isinstance(action, Inject):
        return f"Control injects news: “{action.headline}”"
    if isinstance(action, ForceSigning):
        return "Control opens the signing now"
    if isinstance(action, Reseat):
        kind, _, who = action.seat.partition(":")
        seat = f"a bot ({bot_name(who)})" if kind == "bot" else (who or "a player")
        return f"{possessive(party_name(view, action.party))} seat passes to {seat}"
    if isinstance(action, EventRoll):
        if view.viewer == CONTROL:
            title = dict(view.events).get(action.event, action.event)
            return f"Chance: “{title}” {'happens' if action.fired else 'does not happen'}"
        return "Chance: news breaks" if action.fired else "Chance: nothing happens"
    return text


def consequences(scenario: Scenario, record: Mapping[str, Any] | None,
                 earlier: Sequence[Mapping[str, Any]] = ()) -> str:
    """What followed from a record (votes revealed, a proposal passed, a round began), from its
    public events in the transcript's words; at the start (`None`), the opening. `earlier`
    records name what their injects added (an issue a lapse names)."""
    try:
        base = len(transcript(scenario, []))
        if record is None:
            lines = transcript(scenario, [])[1:]
        else:
            events = record.get("events", [])
            kept = [e for e in events if isinstance(e, Mapping)
                    and e.get("kind") not in _ECHOES] if isinstance(events, list) else []
            lines = transcript(scenario, [{"events": kept}], known=earlier)[base:]
    except (KeyError, TypeError, ValueError, AttributeError):
        return ""
    return " · ".join(line.strip() for line in lines if line.strip())


def frame(rep: Replay, k: int, viewer: str, details: str) -> Frame:
    """The model of position `k` for `viewer` (`control` or a party id)."""
    view = player_view(rep.states[k], viewer)
    if k == 0:
        headline = "The opening: the draft as the scenario sets it"
    else:
        record = rep.records[k - 1]
        headline = describe(view, rep.actions[k - 1], str(record.get("text", "")))
    text = scored_text(view.protocol, view.draft, view.offer)
    utilities: dict[str, Worth] = {}
    if viewer == CONTROL and view.all_preferences is not None:
        for p in view.parties:
            utilities[p.id] = worth(view, view.all_preferences[p.id], text)
    elif view.me is not None:
        utilities[viewer] = worth(view, view.me.preferences, text)
    votes = {p.id: dict(p.votes) for p in view.proposals if p.round == view.round}
    return Frame(k, viewer, view, headline, details, utilities, votes)


# -- the screen ----------------------------------------------------------------------------------


class ReplayScene(kit.MenuScreen):
    """Step through a replayed game; Esc goes back to the screen it was opened from."""

    name = "replay"

    def __init__(self, ctx: Context, rep: Replay) -> None:
        super().__init__(ctx)
        self.rep = rep
        self.k = 0
        self.viewer = CONTROL
        self._details: dict[int, str] = {}
        self.model = self._frame()
        self.map: MapView | None = None
        self.menus: dict[str, pygame_gui.elements.UIDropDownMenu] = {}
        self.chips: list[tuple[str, str, Color]] = []
        self.dots: list[tuple[pygame.Rect, Color, bool]] = []
        self.bars: list[tuple[str, Worth, Color]] = []
        self.stripes: list[pygame.Rect] = []
        """Row backgrounds (every other clause, every proposal)."""
        self.outlines: list[pygame.Rect] = []
        """Rows drawn with an accent edge (the proposal the action touched)."""

    # -- the model -------------------------------------------------------------------------

    def _frame(self) -> Frame:
        k = self.k
        if k not in self._details:
            self._details[k] = consequences(
                self.rep.scenario, self.rep.records[k - 1] if k else None,
                self.rep.records[:k - 1] if k else ())
        return frame(self.rep, k, self.viewer, self._details[k])

    def go(self, k: int) -> None:
        """Show position `k` (kept within 0..N)."""
        k = max(0, min(self.rep.length, k))
        if k != self.k:
            self.k = k
            self._refresh()

    def look_as(self, viewer: str) -> None:
        if viewer != self.viewer:
            self.viewer = viewer
            self._refresh()

    def _refresh(self) -> None:
        """A new position or viewer: rebuild, keeping the keyboard focus where it was."""
        self.model = self._frame()
        self.rebuild_keeping_focus()

    # -- layout ----------------------------------------------------------------------------

    def rebuild(self) -> None:
        self.chips, self.dots, self.bars, self.menus = [], [], [], {}
        self.stripes, self.outlines = [], []
        super().rebuild()

    def build(self) -> None:
        st = self.ctx.style
        w = self.layout.size[0]
        m = st.px(18)
        top = self._header(m)
        bottom = self._footer(m)
        strip = self._where(pygame.Rect(m, top + st.px(8), w - 2 * m, 0))
        body = pygame.Rect(m, strip.bottom + st.px(10), w - 2 * m,
                           bottom - strip.bottom - st.px(20))
        self.layout.region("body", body)
        gap = st.px(12)
        left = pygame.Rect(body.x, body.y, int(body.w * 0.37), body.h)
        right_w = int(body.w * 0.29)
        right = pygame.Rect(body.right - right_w, body.y, right_w, body.h)
        middle = pygame.Rect(left.right + gap, body.y, right.x - gap - left.right - gap, body.h)
        self._draft(left)
        self._middle(middle)
        self._utilities(right)

    def _header(self, m: int) -> int:
        st = self.ctx.style
        w = self.layout.size[0]
        view = self.model.view
        tf, sf = st.font(22, bold=True), st.small
        bh = st.px(34)
        hh = st.px(12) + max(tf.get_linesize() + sf.get_linesize(), bh) + st.px(10)
        self.layout.region("header", (0, 0, w, hh))
        vw, rw = st.px(210), st.px(150)
        y = (hh - bh) // 2
        viewer = pygame.Rect(w - m - vw, y, vw, bh)
        rounds = pygame.Rect(viewer.x - st.px(10) - rw, y, rw, bh)
        views: list[str | tuple[str, str]] = [("Control view", CONTROL)]
        views += [(f"As {p.name}", p.id) for p in view.parties]
        now = next(o for o in views if isinstance(o, tuple) and o[1] == self.viewer)
        self.menus["viewer"] = self.add(pygame_gui.elements.UIDropDownMenu(
            views, now, viewer, self.manager, object_id=pygame_gui.core.ObjectID(
                object_id="#replay_viewer"), expansion_height_limit=st.px(320)))
        here = self.rep.round_of(self.k)
        rounds_list: list[str | tuple[str, str]] = [
            (self._round_label(r), str(r)) for _, r in self.rep.round_starts]
        chosen = next(o for o in rounds_list if isinstance(o, tuple) and o[1] == str(here))
        self.menus["round"] = self.add(pygame_gui.elements.UIDropDownMenu(
            rounds_list, chosen, rounds, self.manager, object_id=pygame_gui.core.ObjectID(
                object_id="#replay_round"), expansion_height_limit=st.px(320)))
        tw = rounds.x - st.px(14) - m
        ty = (hh - tf.get_linesize() - sf.get_linesize()) // 2
        self.label("title", (m, ty, tw, tf.get_linesize()), f"Replay · {view.title}", tf,
                   parent="header")
        self.label("subtitle", (m, ty + tf.get_linesize(), tw, sf.get_linesize()),
                   f"{self.rep.name} · {self.rep.length} actions · read-only: the game and "
                   "its autosave are not changed", sf, "muted", parent="header")
        return hh

    def _round_label(self, r: int) -> str:
        rounds = self.rep.scenario.rounds
        return f"Round {r}" if r <= rounds else "After the talks"

    def _footer(self, m: int) -> int:
        st = self.ctx.style
        w, h = self.layout.size
        bh = kit.button_height(st)
        y = h - st.px(14) - bh
        self.layout.region("footer", (0, y - st.px(10), w, h - y + st.px(10)))
        back = pygame.Rect(m, y, st.px(110), bh)
        b = self.add(widgets.button(self.manager, back, "Back", "back_button",
                                    tooltip_text="Return to the previous screen (Esc)"))
        self.footer_widgets.append(b)
        n, k = self.rep.length, self.k
        specs = (("replay_first", "« First", "The opening, before any action (Home)", k > 0),
                 ("replay_back", "‹ Step back", "One action back (Left)", k > 0),
                 ("replay_forward", "Step forward ›", "One action forward (Right)", k < n),
                 ("replay_last", "Last »", "After the last action (End)", k < n))
        widths = [st.font(17, bold=True).size(label)[0] + st.px(30) if oid == "replay_forward"
                  else st.font(16).size(label)[0] + st.px(30) for oid, label, _, _ in specs]
        g = st.px(8)
        x = w - m - sum(widths) - g * (len(specs) - 1)
        hint_x = back.right + st.px(16)
        for (oid, label, tip, enabled), bw in zip(specs, widths, strict=True):
            button = kit.class_button(self, pygame.Rect(x, y, bw, bh), label, oid,
                                      class_id="@primary" if oid == "replay_forward"
                                      else "@button", tip=tip)
            self.footer_widgets.append(button)
            if not enabled:
                button.disable()  # type: ignore[no-untyped-call]
            x += bw + g
        first = w - m - sum(widths) - g * (len(specs) - 1)
        hint_w = first - st.px(16) - hint_x
        if hint_w > st.px(60):
            sf = st.small
            self.label("hint", (hint_x, y + (bh - sf.get_linesize()) // 2, hint_w,
                                sf.get_linesize()),
                       "Left / Right step · PgUp / PgDn round · Home / End · click the bar "
                       "to jump", sf, "faint", parent="footer")
        return y - st.px(10)

    def _where(self, at: pygame.Rect) -> pygame.Rect:
        """Where we are, what the action was and what followed, and the progress bar."""
        st = self.ctx.style
        model = self.model
        view = model.view
        f1, f2, f3 = st.font(17, bold=True), st.body, st.small
        pad = st.px(12)
        bar_h = st.px(10)
        h = pad + f1.get_linesize() + f2.get_linesize() + f3.get_linesize() + st.px(8) \
            + bar_h + pad
        box = pygame.Rect(at.x, at.y, at.w, h)
        self.layout.region("where", box)
        inner = box.inflate(-2 * pad, 0)
        y = box.y + pad
        # Where the action was taken (the state before it): a round's last vote is a vote of
        # that round, although the state after it is already the next round's news.
        at_action = self.rep.states[model.k - 1] if model.k else view
        phase = phase_name(at_action.phase)
        rounds = view.rounds
        round_text = (f"Round {at_action.round} of {rounds}" if at_action.round <= rounds
                      else "After the last round")
        where = f"Action {model.k} of {self.rep.length} · {round_text} · {phase}"
        if at_action.round != view.round and view.round <= rounds:
            where += f", which ends it: now round {view.round}"  # as the panels below show
        lw = inner.w * 3 // 5
        self.label("where.pos", (inner.x, y, lw, f1.get_linesize()), where, f1,
                   parent="where")
        who = ("Control view: every vote and every party's utility" if self.viewer == CONTROL
               else f"As {party_name(view, self.viewer)}: only what it could see")
        self.label("where.viewer", (inner.x + lw, y, inner.w - lw, f1.get_linesize()), who,
                   st.font(14, italic=True), "muted", parent="where", align="right")
        y += f1.get_linesize()
        self.label("where.action", (inner.x, y, inner.w, f2.get_linesize()), model.headline,
                   f2, parent="where")
        y += f2.get_linesize()
        self.label("where.after", (inner.x, y, inner.w, f3.get_linesize()),
                   model.details or "Nothing else changed.", f3,
                   "muted" if model.details else "faint", parent="where")
        y += f3.get_linesize() + st.px(8)
        self.layout.region("progress", (inner.x, y, inner.w, bar_h), "where",
                           tooltip="Click to jump to that point of the game")
        return box

    def _draft(self, rect: pygame.Rect) -> None:
        st = self.ctx.style
        view = self.model.view
        inner = self._panel("draft", rect, "Draft text", f"{len(view.issues)} clauses")
        issues = list(view.issues)
        roomy = inner.h >= len(issues) * (st.body.get_linesize() + st.px(10))
        f = st.body if roomy else st.small
        row_h = max(f.get_linesize(), min(f.get_linesize() + st.px(22),
                                           inner.h // max(1, len(issues))))
        capacity = max(1, inner.h // row_h)
        shown = issues if len(issues) <= capacity else issues[:capacity - 1]
        chip_w = st.px(58)
        name_w = int((inner.w - chip_w) * 0.45)
        for k, issue in enumerate(shown):
            y = inner.y + k * row_h
            row = f"clause.{issue.id}"
            option = view.draft.get(issue.id)
            label = option_label(issue, option)
            by = view.draft_by.get(issue.id)
            source = (f"put in by {party_name(view, by)}" if by else
                      "the scenario's opening text" if option is not None else "still open")
            tip = f"{issue.name}: {label} — {source}"
            self.layout.region(row, (inner.x, y, inner.w, row_h), "draft", tooltip=tip)
            if k % 2 == 0:
                self.stripes.append(pygame.Rect(inner.x, y, inner.w, row_h))
            ty, th = y + (row_h - f.get_linesize()) // 2, f.get_linesize()
            self.label(f"{row}.name", (inner.x + st.px(6), ty, name_w - st.px(10), th),
                       issue.name, f, "muted", parent=row, tooltip=tip)
            self.label(f"{row}.option", (inner.x + name_w, ty, inner.w - name_w - chip_w
                                         - st.px(6), th), label, f,
                       "warn" if option is None else "text", parent=row, tooltip=tip)
            chip = pygame.Rect(inner.right - chip_w, y + (row_h - min(st.px(18), row_h)) // 2,
                               chip_w - st.px(4), min(st.px(18), row_h))
            if by:
                self.layout.region(f"{row}.by", chip, row, tooltip=tip)
                self.chips.append((f"{row}.by", tag(by), party_color(view, by)))
        if len(shown) < len(issues):
            rest = issues[len(shown):]
            y = inner.y + len(shown) * row_h
            self.label("draft.more", (inner.x, y, inner.w, row_h), f"… and {len(rest)} more",
                       f, "faint", parent="draft", tooltip="; ".join(
                           f"{i.name}: {option_label(i, view.draft.get(i.id))}" for i in rest))

    def _middle(self, rect: pygame.Rect) -> None:
        st = self.ctx.style
        spec = self.rep.scenario.map
        top = rect.y
        if spec is not None and spec.locations and rect.h > st.px(260):
            mh = min(int(rect.h * 0.5), int(rect.w * 0.72))
            inner = self._panel("map", pygame.Rect(rect.x, rect.y, rect.w, mh), "The theatre")
            if self.map is None or self.map.size != inner.size:
                self.map = MapView(spec, inner.size, st.font(11))
            self.map.set_draft(self.model.view.draft)
            self.layout.region("map.view", inner, "map")
            top += mh + st.px(12)
        else:
            self.map = None
        self._on_table(pygame.Rect(rect.x, top, rect.w, rect.bottom - top))

    def _on_table(self, rect: pygame.Rect) -> None:
        st = self.ctx.style
        view = self.model.view
        if view.protocol == "alternating_offers":
            self._offer(rect)
            return
        now = [p for p in view.proposals if p.round == view.round]
        inner = self._panel("table", rect, "On the table", f"round {view.round}"
                            if view.round <= view.rounds else "")
        f, fb = st.small, st.font(13, bold=True)
        row_h = fb.get_linesize() + f.get_linesize() + st.px(8)
        rows: list[ProposalView | None] = list(now)
        if view.phase == "signing" or view.decided:
            rows.append(None)  # the signing table
        if not rows:
            msg = ("No proposals yet this round." if view.phase in ("news", "proposals")
                   else "Nothing is on the table.")
            self.label("table.empty", (inner.x, inner.y, inner.w, f.get_linesize()), msg,
                       st.font(13, italic=True), "faint", parent="table")
            return
        if len(rows) * row_h > inner.h:  # keep the proposal the action touched in sight
            more_h = f.get_linesize() + st.px(4)
            capacity = max(1, (inner.h - more_h) // row_h)
            at = next((n for n, p in enumerate(rows) if p is not None and p.id == self._touched()),
                      len(rows) - 1)
            end = min(len(rows), max(capacity, at + 1))
            hidden = rows[:end - capacity] + rows[end:]
            rows = rows[end - capacity:end]
            self.label("table.more", (inner.x, inner.y, inner.w, f.get_linesize()),
                       f"… {len(hidden)} more this round", f, "faint", parent="table",
                       tooltip="\n".join(f"{p.id}. {party_name(view, p.party)}: "
                                         f"{amendments_text(view, p.amendments)}"
                                         for p in hidden if p is not None))
            inner = pygame.Rect(inner.x, inner.y + more_h, inner.w, inner.h - more_h)
        y = inner.y
        for item in rows:
            r = pygame.Rect(inner.x, y, inner.w, row_h - st.px(4))
            self.stripes.append(r)
            if item is not None:
                self._proposal_row(item, r)
            else:
                self._signing_row(r)
            y += row_h

    def _touched(self) -> int:
        """The id of the proposal the action at this position tabled or voted on (0: none)."""
        if self.k == 0:
            return 0
        action = self.rep.actions[self.k - 1]
        if isinstance(action, Vote):
            return action.proposal
        if isinstance(action, Propose):
            return max((p.id for p in self.model.view.proposals), default=0)
        return 0

    def _proposal_row(self, p: ProposalView, r: pygame.Rect) -> None:
        st = self.ctx.style
        pal = st.palette
        view = self.model.view
        name = f"prop.{p.id}"
        f, fb = st.small, st.font(13, bold=True)
        shown = self.model.votes.get(p.id, {})
        verdicts = []
        for s in p.stakeholders:
            if s in shown:
                verdicts.append(f"{party_name(view, s)}: {'yes' if shown[s] else 'no'}")
            elif s in p.voted:
                verdicts.append(f"{party_name(view, s)}: voted (hidden)")
            else:
                verdicts.append(f"{party_name(view, s)}: to vote")
        result = {"passed": "Passed", "failed": "Failed", "lapsed": "Lapsed"}.get(
            p.result, "Voting" if view.phase == "votes" else "Tabled")
        tip = (f"Proposal {p.id} by {party_name(view, p.party)}: "
               f"{amendments_text(view, p.amendments)}\n" + "; ".join(verdicts))
        self.layout.region(name, r, "table", tooltip=tip)
        if p.id == self._touched():
            self.outlines.append(r)
        self.swatch(f"{name}.swatch", (r.x, r.y + st.px(3), st.px(4), r.h - st.px(6)),
                    party_color(view, p.party), parent=name)
        rw = st.px(64)
        x = r.x + st.px(10)
        self.label(f"{name}.who", (x, r.y + st.px(2), r.w - rw - st.px(16), fb.get_linesize()),
                   f"{p.id}. {party_name(view, p.party)}: "
                   f"{amendments_text(view, p.amendments)}", fb, parent=name, tooltip=tip)
        colour = {"Passed": "good", "Failed": "bad", "Lapsed": "warn"}.get(result, "accent")
        self.label(f"{name}.result", (r.right - rw, r.y + st.px(2), rw - st.px(4),
                                      fb.get_linesize()), result, fb, colour, parent=name,
                   align="right")
        y = r.y + st.px(2) + fb.get_linesize()
        d = st.px(9)
        step = d + st.px(3)
        cy = y + f.get_linesize() // 2
        x0 = x
        for s in p.stakeholders:
            if x0 + d > r.right - st.px(120):
                break
            if s in shown:
                self.dots.append((pygame.Rect(x0, cy - d // 2, d, d),
                                  pal.good if shown[s] else pal.bad, True))
            elif s in p.voted:
                self.dots.append((pygame.Rect(x0, cy - d // 2, d, d), pal.muted, True))
            else:
                self.dots.append((pygame.Rect(x0, cy - d // 2, d, d), pal.faint, False))
            x0 += step
        yes = sum(1 for v in shown.values() if v)
        no = len(shown) - yes
        hidden = sum(1 for s in p.voted if s not in shown)
        waiting = len(p.stakeholders) - len(p.voted)
        parts = [f"{yes} yes", f"{no} no"] if shown else []
        if hidden:
            parts.append(f"{hidden} hidden")
        if waiting:
            parts.append(f"{waiting} to vote")
        self.label(f"{name}.votes", (x0 + st.px(6), y, r.right - x0 - st.px(10),
                                     f.get_linesize()), " · ".join(parts) or "no votes",
                   f, "muted", parent=name, tooltip=tip)

    def _signing_row(self, r: pygame.Rect) -> None:
        st = self.ctx.style
        pal = st.palette
        view = self.model.view
        fb, f = st.font(13, bold=True), st.small
        lines = []
        for s in view.signatories:
            if s in view.decisions:
                verb = "signs" if view.decisions[s] else "refuses"
                lines.append(f"{party_name(view, s)}: {verb}")
            elif s in view.decided:
                lines.append(f"{party_name(view, s)}: decided (hidden)")
            else:
                lines.append(f"{party_name(view, s)}: to decide")
        tip = "; ".join(lines)
        self.layout.region("signing", r, "table", tooltip=tip)
        title = "Final signing" if view.final_signing else "Signing"
        self.label("signing.title", (r.x + st.px(10), r.y + st.px(2), r.w - st.px(12),
                                     fb.get_linesize()), title, fb, "gold", parent="signing")
        y = r.y + st.px(2) + fb.get_linesize()
        d = st.px(9)
        x0 = r.x + st.px(10)
        cy = y + f.get_linesize() // 2
        for s in view.signatories:
            if x0 + d > r.right - st.px(120):
                break
            if s in view.decisions:
                self.dots.append((pygame.Rect(x0, cy - d // 2, d, d),
                                  pal.good if view.decisions[s] else pal.bad, True))
            else:
                self.dots.append((pygame.Rect(x0, cy - d // 2, d, d),
                                  pal.muted if s in view.decided else pal.faint,
                                  s in view.decided))
            x0 += d + st.px(3)
        done = sum(1 for s in view.signatories if s in view.decided or s in view.decisions)
        self.label("signing.count", (x0 + st.px(6), y, r.right - x0 - st.px(10),
                                     f.get_linesize()),
                   f"{done} of {len(view.signatories)} decided", f, "muted", parent="signing",
                   tooltip=tip)

    def _offer(self, rect: pygame.Rect) -> None:
        st = self.ctx.style
        view = self.model.view
        inner = self._panel("table", rect, "Standing offer")
        f = st.small
        lh = f.get_linesize()
        if view.offer is None:
            self.label("table.empty", (inner.x, inner.y, inner.w, lh), "No offer yet.",
                       st.font(13, italic=True), "faint", parent="table")
            return
        by, text = view.offer
        accepted = ", ".join(party_name(view, p) for p in view.accepted) or "no one yet"
        self.label("table.by", (inner.x, inner.y, inner.w, lh),
                   f"By {party_name(view, by)} · accepted by {accepted}",
                   st.font(13, bold=True), parent="table")
        self.para("table.text", (inner.x, inner.y + lh + st.px(4), inner.w,
                                 inner.bottom - inner.y - lh - st.px(4)),
                  amendments_text(view, text), f, "muted", parent="table")

    def _utilities(self, rect: pygame.Rect) -> None:
        st = self.ctx.style
        view = self.model.view
        utilities = self.model.utilities
        offer = view.protocol == "alternating_offers" and view.offer is not None
        title = (("Utility for the offer" if offer else "Utility for the draft")
                 if self.viewer == CONTROL
                 else f"{possessive(party_name(view, self.viewer))} utility")
        inner = self._panel("utility", rect, title, "walk-away in gold")
        if not utilities:
            self.para("utility.none", inner, "No preferences to show in this view.",
                      st.body, "faint", parent="utility")
            return
        one = len(utilities) == 1
        f = st.body if one else st.small
        bar_h = st.px(8)
        parties = [p for p in view.parties if p.id in utilities]
        row_h = f.get_linesize() + bar_h + st.px(10)
        if not one:  # breathe when there is room
            row_h = max(row_h, min(row_h + st.px(12), inner.h // len(parties)))
        capacity = max(1, inner.h // row_h)
        shown = parties if len(parties) <= capacity else parties[:capacity - 1]
        y = inner.y
        for p in shown:
            w = utilities[p.id]
            row = f"util.{p.id}"
            crossed = f" It crosses {possessive(p.name)} red line on {', '.join(w.crossed)}." \
                if w.crossed else ""
            what = "offer" if offer else "draft"
            tip = (f"The {what} is worth {w.value:.1f} of 100 to {p.name}; its walk-away "
                   f"(reservation) is {w.reservation:.0f}. Open clauses count as their default "
                   f"option.{crossed}")
            self.layout.region(row, (inner.x, y, inner.w, row_h - st.px(4)), "utility",
                               tooltip=tip)
            vw = st.px(96)
            self.swatch(f"{row}.swatch", (inner.x, y + (f.get_linesize() - st.px(10)) // 2,
                                          st.px(10), st.px(10)), party_color(view, p.id),
                        parent=row)
            self.label(f"{row}.name", (inner.x + st.px(16), y, inner.w - vw - st.px(16),
                                       f.get_linesize()), p.name, f, parent=row, tooltip=tip)
            good = w.value >= w.reservation and not w.crossed
            self.label(f"{row}.value", (inner.right - vw, y, vw, f.get_linesize()),
                       f"{w.value:.1f} / {w.reservation:.0f}", st.font(13, bold=True),
                       "good" if good else "warn", parent=row, align="right", tooltip=tip)
            self.layout.region(f"{row}.bar", (inner.x, y + f.get_linesize() + st.px(3),
                                              inner.w, bar_h), row)
            self.bars.append((f"{row}.bar", w, party_color(view, p.id)))
            y += row_h
        if len(shown) < len(parties):
            rest = parties[len(shown):]
            self.label("utility.more", (inner.x, y, inner.w, f.get_linesize()),
                       f"… and {len(rest)} more", f, "faint", parent="utility",
                       tooltip="; ".join(f"{p.name}: {utilities[p.id].value:.1f}"
                                         for p in rest))
        elif one and view.me is not None:
            self._breakdown(view, pygame.Rect(inner.x, y + st.px(4), inner.w,
                                              inner.bottom - y - st.px(4)))

    def _breakdown(self, view: View, rect: pygame.Rect) -> None:
        """The viewer's own clause-by-clause values for the draft, and a word on secrecy."""
        st = self.ctx.style
        assert view.me is not None
        prefs = view.me.preferences
        f = st.small
        lh = f.get_linesize()
        note = ("Other delegations' preferences are their own secret: the control view "
                "compares every party.")
        note_h = 2 * lh
        if rect.h < note_h:
            return
        self.para("utility.note", (rect.x, rect.y, rect.w, note_h), note, f, "faint",
                  parent="utility")
        y = rect.y + note_h + st.px(8)
        issues = list(view.issues)
        row_h = lh + st.px(4)
        if rect.bottom - y < 2 * row_h:
            return
        nw = st.px(110)
        self.label("mine.head", (rect.x, y, rect.w - nw, lh), "Clause in the draft", f,
                   "faint", parent="utility")
        self.label("mine.head2", (rect.right - nw, y, nw, lh), "worth · weight", f, "faint",
                   parent="utility", align="right")
        y += row_h
        total = sum(prefs.weights.get(i.id, 0.0) for i in issues) or 1.0
        red = {(r.issue, o) for r in prefs.red_lines for o in r.options}
        for n, issue in enumerate(issues):
            if y + row_h > rect.bottom:
                break
            option = scored_text(view.protocol, view.draft, view.offer).get(issue.id) or \
                issue.if_open
            value = option_value(prefs, issue.id, option) if option else 0.0
            share = prefs.weights.get(issue.id, 0.0) / total
            crossed = (issue.id, option) in red
            tip = (f"{issue.name}: “{option_label(issue, option)}” is worth {value:.0f} of 100 "
                   f"to {party_name(view, view.viewer)}; the clause carries {share:.0%} of its "
                   "utility." + (" It crosses a red line." if crossed else ""))
            self.label(f"mine.{n}", (rect.x, y, rect.w - nw, lh), issue.name, f, "muted",
                       parent="utility", tooltip=tip)
            self.label(f"mine.{n}.v", (rect.right - nw, y, nw, lh),
                       f"{value:.0f} · {share:.0%}", f, "bad" if crossed else "text",
                       parent="utility", align="right", tooltip=tip)
            y += row_h

    def _panel(self, name: str, rect: pygame.Rect, title: str, info: str = "") -> pygame.Rect:
        """A panel with a title (and a note on the right); returns its content rect."""
        st = self.ctx.style
        self.layout.region(name, rect, "body")
        inner = rect.inflate(-2 * st.px(10), -2 * st.px(8))
        tf = st.font(14, bold=True)
        iw = min(inner.w // 3, st.font(12, italic=True).size(info)[0] + st.px(4)) if info \
            else 0
        self.label(f"{name}.title", (inner.x, inner.y, inner.w - iw - st.px(6),
                                     tf.get_linesize()), title.upper(), tf, "muted",
                   parent=name)
        if info:
            self.label(f"{name}.info", (inner.right - iw, inner.y, iw, tf.get_linesize()),
                       info, st.font(12, italic=True), "faint", parent=name, align="right")
        cut = widgets.title_height(st)
        return pygame.Rect(inner.x, inner.y + cut, inner.w, inner.h - cut)

    # -- input -----------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if intent.kind == "pointer" and self.map is not None and "map.view" in self.layout:
            at = self.layout["map.view"].rect
            if at.collidepoint(intent.pos):
                tip = self.map.tooltip_at((intent.pos[0] - at.x, intent.pos[1] - at.y))
                if tip:  # every place there, its kind and who controls it
                    self.tip, self.tip_at = tip, intent.pos
                    return
        if intent.kind == "key":
            self._key(intent.key)
            return
        if intent.kind == "click" and "progress" in self.layout:
            bar = self.layout["progress"].rect.inflate(0, self.ctx.style.px(10))
            if bar.collidepoint(intent.pos) and bar.w > 0:
                self.go(round((intent.pos[0] - bar.x) / bar.w * self.rep.length))
            return
        super().handle(intent)

    def _key(self, key: str) -> None:
        n = self.rep.length
        moves = {"right": self.k + 1, "left": self.k - 1, "home": 0, "end": n,
                 "page up": self.rep.start_of_round(self.k, -1),
                 "page down": self.rep.start_of_round(self.k, 1)}
        if key in moves:
            self.go(moves[key])

    def on_widget(self, wid: str) -> None:
        steps = {"replay_first": 0, "replay_back": self.k - 1, "replay_forward": self.k + 1,
                 "replay_last": self.rep.length}
        if wid in steps:
            self.go(steps[wid])
        elif wid in ("replay_viewer", "replay_round"):
            self._read_menus()

    def _read_menus(self) -> None:
        """Follow the drop-downs (a pick, or Left / Right on a focused one)."""
        viewer = self.menus.get("viewer")
        rounds = self.menus.get("round")
        if viewer is not None:
            chosen = viewer.selected_option
            pick = chosen[1] if isinstance(chosen, tuple) else chosen
            if pick != self.viewer:
                self.look_as(pick)
                return
        if rounds is not None:
            chosen = rounds.selected_option
            pick = chosen[1] if isinstance(chosen, tuple) else chosen
            if pick.isdigit() and int(pick) != self.rep.round_of(self.k):
                self.go(next(at for at, r in self.rep.round_starts if r == int(pick)))

    def update(self, dt: float) -> None:
        self._read_menus()

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        widgets.frame(surface, lay["header"].rect, lay["footer"].rect, st, pal.accent)
        for name in ("where", "draft", "map", "table", "utility"):
            if name in lay:
                widgets.panel(surface, lay[name].rect, st)
        for rect in self.stripes:
            pygame.draw.rect(surface, style.mix(pal.panel, pal.raised, 0.4), rect,
                             border_radius=st.px(4))
        for rect in self.outlines:
            pygame.draw.rect(surface, pal.accent, rect, max(1, st.px(1)), border_radius=st.px(4))
        self._draw_progress(surface)
        if self.map is not None and "map.view" in lay:
            r = lay["map.view"].rect
            self.map.draw(surface, r.topleft)
            pygame.draw.rect(surface, pal.panel_edge, r, 1)
        for name, w, colour in self.bars:
            widgets.value_bar(surface, lay[name].rect, st, w.value,
                              color=style.mix(colour, (255, 255, 255), 0.2),
                              marks=((w.reservation, pal.gold),), hatched=bool(w.crossed))
        for name, text, colour in self.chips:
            widgets.chip(surface, lay[name].rect, st, text, colour)
        for rect, colour, solid in self.dots:
            pygame.draw.circle(surface, colour, rect.center, rect.w // 2, 0 if solid else 1)
        self.draw_labels(surface)

    def _draw_progress(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        bar = self.layout["progress"].rect
        n = max(1, self.rep.length)
        pygame.draw.rect(surface, pal.raised, bar, border_radius=bar.h // 2)
        done = pygame.Rect(bar.x, bar.y, round(bar.w * self.k / n), bar.h)
        if done.w > 0:
            pygame.draw.rect(surface, pal.accent, done, border_radius=bar.h // 2)
        for at, _ in self.rep.round_starts[1:]:
            x = bar.x + round(bar.w * at / n)
            pygame.draw.line(surface, pal.gold, (x, bar.y - st.px(2)), (x, bar.bottom + st.px(1)),
                             max(1, st.px(2)))
        knob = (bar.x + round(bar.w * self.k / n), bar.centery)
        pygame.draw.circle(surface, pal.text, knob, bar.h // 2 + st.px(3))
        pygame.draw.circle(surface, pal.accent, knob, bar.h // 2 + st.px(3), max(2, st.px(2)))


def open_replay(ctx: Context, load: Callable[[], Replay]) -> str:
    """Push the replay `load()` returns; the reason it cannot be shown otherwise ("" when it is
    showing). `load` raises ReplayError."""
    try:
        rep = load()
    except ReplayError as exc:
        return str(exc)
    ctx.app.push(ReplayScene(ctx, rep))
    return ""
