"""The control seat: the trainer's all-seeing screen (F9 and the PIN, see `control_pin`).

It runs on the same game as every other screen and sees it through `table.control_view()`
(every party's preferences, hidden votes, the scenario's events) plus the live analysis of
`game.session.oversight` (computed on a worker thread, once per change of the draft). Five tabs:

- **Standings**: what the draft is worth to each party if signed now (its utility, discounted
  by its urgency for the rounds gone) against its reservation, its red lines crossed and the
  clauses that block it; whether the draft is in the zone of possible
  agreement, how far it is from the Nash text, whether it is Pareto-optimal, what is open.
- **Injects**: fire any scenario event not yet fired (its text and effects on hover; it asks
  first), or write an ad-hoc inject (headline, text and up to three effects; one that ends the
  talks asks first); both go into the log and the news, and the message line says in words
  what they changed.
- **Time & phase**: the round timer (pause, resume, -1, +1, +5 minutes) and forcing signing
  (off, with the rules' reason under it, while the rules would refuse it).
- **Seats**: take a bot's seat over, or hand a human seat to a bot.
- **What if**: restart from the start of an earlier round as a new branch; the original game
  is saved first and kept.

The screen is a game screen: bots keep moving (unless the trainer pauses) and the timer keeps
running (in projector mode, opening the screen pauses it until it closes, unless the trainer
pauses or resumes it meanwhile), but it never gives way to another
game screen; Esc or F9 closes it, and the next delegation then gets a hand-over card. The
layout is redone only when the game or the analysis changes, and painted once into a cached
frame; a frame costs one blit plus the clock. Widgets are made again only when the set of
them changes (a tab, a seat, an event fired), so what is typed in the inject form stays.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame
import pygame_gui

from game.bots import STRATEGIES
from game.core import rules
from game.core.actions import Action, FireEvent, ForceSigning, Inject
from game.core.effects import taking_effect
from game.core.errors import GameError
from game.core.model import (
    Effect,
    EndGame,
)
from game.core.state import stories
from game.core.view import View
from game.core.words import effect_words
from game.session.oversight import Snapshot
from game.ui import control_ops as ops
from game.ui import style, widgets
from game.ui.context import Context
from game.ui.flow import GameScene, show_game
from game.ui.intents import Intent
from game.ui.layout import Layout
from game.ui.names import bot_choice, bot_name, menu_label
from game.ui.report_export import ReportExport
from game.ui.scenes import kit
from game.ui.scenes import table_parts as tp
from game.ui.style import Color

TABS: tuple[tuple[str, str, str], ...] = (
    ("standings", "Standings", "Where the draft stands for every party (1)"),
    ("injects", "Injects", "Fire a scenario event or write your own (2)"),
    ("time", "Time & phase", "Pause, extend or shorten the round; force signing (3)"),
    ("seats", "Seats", "Take a seat over, or hand it to a bot (4)"),
    ("whatif", "What if", "Restart from an earlier round as a new branch (5)"),
)
EFFECT_ROWS = 3
TIME_STEPS = (("time_minus1", "–1 min", -60.0), ("time_plus1", "+1 min", 60.0),
              ("time_plus5", "+5 min", 300.0))
BRANCH_NOTICE_SECONDS = 10.0
"""How long the room is told, once the control seat closes, that the game went back."""
Paint = tuple[str, Color, str]


class ControlScene(GameScene):
    """The trainer's view of everything, with the controls that change the session."""

    name = "control"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.key = ("control", "")
        self.tab = "standings"
        self.message = ""
        self.failed = False
        self.headline = ""
        self.body = ""
        self.rows = [ops.EffectRow() for _ in range(EFFECT_ROWS)]
        self.branch_round = 1
        self.confirm_branch = False
        self.confirm_force = False
        """Force signing was pressed: the Time & phase tab asks before it acts."""
        self._branched = 0
        """The round a what-if restart went back to while this screen was open (0: none)."""
        self.confirm_fire = ""
        """The scenario event waiting for "Fire it now? Yes / No" ("" when none)."""
        self.confirm_end = False
        """Whether the inject form asks first because its inject ends the talks."""
        self._force: tuple[object, str] = (None, "")
        self.strategy: dict[str, str] = {}
        self.pagers = {k: kit.Pager(k) for k in ("stand", "events", "seats")}
        self.entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        self.menus: dict[str, pygame_gui.elements.UIDropDownMenu] = {}
        self.view: View = self.table.control_view()
        self.snap: Snapshot | None = None
        self.current = False
        """Whether `snap` describes the game as it is now."""
        self._asked: object = None
        self._settle = 0
        self._creating = True
        self._parent = ""
        """The box new boxes go in when none is named (the tab's panel while it is laid out)."""
        self._wsig: tuple[object, ...] = ()
        self._csig: tuple[object, ...] = ()
        self._paints: list[Paint] = []
        self._ops: list[tuple[str, str, object]] = []
        self._frame: pygame.Surface | None = None
        self._cache = tp.TextCache()
        self._clock = ""
        self.tip = ""
        self.tip_at = (0, 0)
        self.exporter = ReportExport()
        self._paused_here = False
        """The timer was paused by opening this screen (projector mode), and the trainer has
        not touched it since: closing the screen starts it again."""
        if self.projector and self.table.timer_on and not self.table.paused:
            self.table.pause(True)  # the room cannot see this screen's clock run down
            self._paused_here = True
            self._say("Projector mode: the game is paused while the control seat is open, "
                      "and runs again when it closes. Keep paused, on the Time & phase tab "
                      "(P), keeps it stopped.")

    @property
    def st(self) -> style.Style:
        return self.ctx.style

    # -- the flow: this screen stays until closed ------------------------------------------------

    def follow(self) -> None:
        """The control seat never gives way to another game screen while it is open."""

    def close(self) -> None:
        """Back to the screen the game wants now. The trainer was at the screen, so no
        delegation is: the next one gets a hand-over card before anything private shows."""
        if self.ctx.table is None:
            assert self.app is not None
            self.app.pop()
            return
        if self._paused_here and self.table.paused:
            self.table.pause(False)  # paused only because this screen was open
        self.table.looking = None
        show_game(self.ctx)
        if self._branched and self.app is not None:  # the room sees the game jump back
            self.app.toast(f"What if: the game restarts from round {self._branched}; the "
                           "game as it was is kept among the saves", BRANCH_NOTICE_SECONDS)

    # -- signatures: what makes the widgets, and what makes the picture ------------------------

    def _widget_sig(self) -> tuple[object, ...]:
        t = self.table
        view = self.view
        sig: tuple[object, ...] = (self.tab, id(t), t.over)
        if self.tab == "injects":
            sig += (tuple(e for e, _ in view.events if e not in view.fired),
                    tuple((i.id, i.option_ids) for i in view.issues),
                    self.pagers["events"].page, self.confirm_fire, self.confirm_end)
        elif self.tab == "time":
            sig += (t.paused, self._paused_here, t.timer_on, t.can_adjust_time,
                    bool(self._force_refusal()), self.confirm_force)
        elif self.tab == "seats":
            sig += (tuple((p, s.kind) for p, s in t.seats.items()), self.pagers["seats"].page)
        elif self.tab == "whatif":
            sig += (view.round, self.confirm_branch)
        elif self.tab == "standings":
            sig += (self.pagers["stand"].page, self.snap is None)
        return sig

    def _content_sig(self) -> tuple[object, ...]:
        t = self.table
        return (id(self.snap), self.current, t.session.state.seq, self.message, t.paused,
                t.warning, tuple(t.seats.values()), tuple(sorted(t.ready)))

    # -- per frame ---------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        if self.ctx.table is None:
            return
        self.bots_move_here = not self.table.paused
        super().update(dt)
        result = self.exporter.poll()
        if result:
            self._say(result, failed=not result.startswith("Report saved"))
        self._analyse()
        if self._widget_sig() != self._wsig:
            self.rebuild()
        elif self._content_sig() != self._csig:
            self._refresh()
        if self._settle:
            self._settle -= 1
            self.dirty = True
        clock = self._clock_text()
        if clock != self._clock:
            self._clock = clock
            self.dirty = True

    def _analyse(self) -> None:
        """Ask the live analysis for the current state (cheap once it has caught up)."""
        table = self.table
        state = table.session.state
        if state is self._asked and self.current:
            return
        oversight = ops.oversight(table)
        self.snap = oversight.snapshot(state)
        self.current = self.snap is not None and oversight.is_current(state)
        self._asked = state

    def _clock_text(self) -> str:
        t = self.table
        if not t.timer_on:
            return "no timer"
        return tp.clock(t.time_left)

    # -- building ----------------------------------------------------------------------------

    def build(self) -> None:
        self._creating = True
        self._lay_out()
        self._creating = False
        self._settle = 2  # new widgets draw themselves fully after the manager's next update

    def _refresh(self) -> None:
        """Lay the screen out again for a changed game, keeping the widgets."""
        assert self.app is not None
        self.layout = Layout(self.app.size)
        self._lay_out()

    def clear_widgets(self) -> None:
        self._harvest()
        super().clear_widgets()

    def _harvest(self) -> None:
        """Keep what was typed or chosen before the widgets go."""
        for key, entry in self.entries.items():
            text = entry.get_text()
            if key == "headline":
                self.headline = text
            elif key == "body":
                self.body = text
            elif key.startswith("fx_value_"):
                self.rows[int(key.rsplit("_", 1)[1])].value = text
        for key, menu in self.menus.items():
            picked = menu.selected_option
            value = picked[1] if isinstance(picked, tuple) else str(picked)
            if key.startswith("fx_"):
                _, part, n = key.split("_")
                row = self.rows[int(n)]
                if part == "kind" and value != row.kind:
                    row.kind, row.target, row.option = value, "", ops.AS_DRAFTED
                elif part == "target" and value != row.target:
                    row.target, row.option = value, ops.AS_DRAFTED
                elif part == "option":
                    row.option = value
            elif key == "whatif_round":
                self.branch_round = int(value)
            elif key.startswith("strategy_"):
                self.strategy[key.removeprefix("strategy_")] = value
        self.entries, self.menus = {}, {}

    def _lay_out(self) -> None:
        self.view = self.table.control_view()
        self._paints, self._ops = [], []
        st = self.st
        w, h = self.layout.size
        m = st.px(16)
        y = self._header(m)
        bh = st.px(36)
        self._tabs(pygame.Rect(m, y, w - 2 * m, bh))
        y += bh + st.px(10)
        small = st.small
        foot = h - m - small.get_linesize()
        body = pygame.Rect(m, y, w - 2 * m, foot - st.px(8) - y)
        self.layout.region("body", body)
        inner = body.inflate(-2 * st.px(16), -2 * st.px(14))
        self._parent = "body"
        getattr(self, f"_tab_{self.tab}")(inner)
        self._parent = ""
        colour = self.st.palette.bad if self.failed else self.st.palette.good
        self._label("message", (m, foot, w - 2 * m, small.get_linesize()), self.message, small,
                    colour)
        self._wsig = self._widget_sig()
        self._csig = self._content_sig()
        self._frame = None
        self.tip = self.layout.tooltip_at(self.tip_at)  # what is under the pointer now
        self.dirty = True

    def _header(self, m: int) -> int:
        """Title and game line on the left, the round clock and its state on the right."""
        st, pal, view = self.st, self.st.palette, self.view
        w = self.layout.size[0]
        tf, sf, cf = st.font(24, bold=True), st.small, st.font(26, bold=True)
        cw = max(cf.size("88:88")[0], cf.size("no timer")[0], sf.size("stopped in this phase")[0])
        y = st.px(10)
        self.layout.region("clock", (w - m - cw, y, cw, cf.get_linesize()))
        self._label("clock_note", (w - m - cw, y + cf.get_linesize(), cw, sf.get_linesize()),
                    self._status_text(), sf, pal.muted, align="right")
        left = w - 2 * m - cw - st.px(16)
        self._label("title", (m, y, left, tf.get_linesize()), "Control seat", tf, pal.gold)
        sub = (f"{view.title} · round {min(view.round, view.rounds)} of {view.rounds} · "
               f"{tp.phase_name(view.phase)}")
        if self.table.over:
            sub = f"{view.title} · the game is over ({view.status.replace('_', ' ')})"
        self._label("subtitle", (m, y + tf.get_linesize(), left, sf.get_linesize()), sub, sf,
                    pal.muted)
        return y + max(tf.get_linesize() + sf.get_linesize(),
                       cf.get_linesize() + sf.get_linesize()) + st.px(8)

    def _status_text(self) -> str:
        t = self.table
        if not t.timer_on:
            return "round timer off"
        if t.paused:
            return "paused while this screen is open" if self._paused_here else "paused"
        return "running" if t.timer_running else "stopped in this phase"

    def _tabs(self, bar: pygame.Rect) -> None:
        st = self.st
        gap = st.px(8)
        close_w = st.px(130)
        export_w = st.px(150)
        tw = min(st.px(170), (bar.w - close_w - export_w - gap * (len(TABS) + 1)) // len(TABS))
        x = bar.x
        for key, label, tip in TABS:
            self._button(pygame.Rect(x, bar.y, tw, bar.h), label, f"tab_{key}", tip,
                         cls="@primary" if key == self.tab else "@button")
            x += tw + gap
        self._button(pygame.Rect(bar.right - close_w - gap - export_w, bar.y, export_w, bar.h),
                     "Export report", "control_export", "Write the after-action report of the "
                     "game so far (HTML, Markdown, CSV) into the data folder's reports/")
        self._button(pygame.Rect(bar.right - close_w, bar.y, close_w, bar.h), "Close",
                     "control_close", "Back to the game (Esc or F9)")

    # -- tab: standings ----------------------------------------------------------------------

    def _tab_standings(self, area: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        snap = self.snap
        if snap is None:
            f = st.font(22, bold=True)
            self._label("analysing", (area.x, area.centery - f.get_linesize(), area.w,
                                      f.get_linesize()), "Analysing…", f, pal.muted,
                        align="center")
            return
        names = {i.id: i.name for i in view.issues}

        def issue_names(ids: Sequence[str]) -> str:
            return ", ".join(names.get(i, i) for i in ids)

        # Clauses open with no fallback are read as the Nash text settles them. With none
        # settled at all, the draft so read is the Nash text itself: "inside the zone, this is
        # the Nash text, Pareto-optimal" would be true of it and tell the trainer nothing.
        settled_as_nash = bool(snap.unsettled) and not snap.zone_empty
        blank = settled_as_nash and len(snap.unsettled) == len(view.issues)
        if snap.zone_empty:
            zone, zc = "No zone exists", pal.warn
        elif blank:
            zone, zc = "A zone exists", pal.good
        elif snap.in_zone:
            zone, zc = "Inside the zone", pal.good
        else:
            zone, zc = "Outside the zone", pal.bad
        # the qualifier goes in the caption: the value stays short enough to read whole
        at_nash = settled_as_nash and not blank
        n = len(snap.clauses_from_nash)
        if snap.nash_distance is None:
            nash = "no Nash text"
        elif blank:
            nash = "nothing settled yet"
        elif n:
            nash = f"{n} clause{'s' if n != 1 else ''} away, distance {snap.nash_distance:.1f}"
        else:
            nash = "the settled clauses match it" if settled_as_nash else "this is the Nash text"
        pareto, pc = ("yes", pal.good) if snap.pareto_optimal else ("no", pal.warn)
        if blank:
            pareto, pc = "not yet known", pal.muted
        stats = (
            ("Zone (open clauses at Nash)" if at_nash else "Zone of possible agreement",
             zone + ("" if self.current else " · analysing…"),
             zc, ("Some text every signatory could sign and get at least its reservation "
                  "from; no clause is settled yet" if blank else
                  "The draft with its open clauses settled as in the Nash text: inside the "
                  "zone when every signatory could sign it and get at least its reservation"
                  if settled_as_nash else "Every signatory can sign the draft and gets at "
                  "least its reservation")),
            ("Nash text", nash, pal.text,
             "Differs on: " + issue_names(snap.clauses_from_nash) if snap.clauses_from_nash
             else "The text that maximises the product of the signatories' surpluses"),
            ("Pareto-optimal (open at Nash)" if at_nash else "Pareto-optimal", pareto, pc,
             "Whether no other text is better for one signatory and no worse for the rest"
             + ("; the draft settles nothing yet" if blank else "")),
            ("Open clauses", issue_names(snap.open) or "none", pal.text,
             "Utilities read an open clause as its 'if open' option, as every screen does; "
             "the zone, Nash and Pareto figures read the ones without it as the Nash text "
             "settles them" + (f" ({issue_names(snap.unsettled)})" if snap.unsettled else "")),
        )
        cap, val = st.small, st.font(16, bold=True)
        sh = cap.get_linesize() + val.get_linesize() + st.px(12)
        gap = st.px(10)
        sw = (area.w - gap * (len(stats) - 1)) // len(stats)
        for n, (caption, value, colour, tip) in enumerate(stats):
            box = pygame.Rect(area.x + n * (sw + gap), area.y, sw, sh)
            self._region(f"stat{n}", box, tooltip=tip)
            self._ops.append(("raised", f"stat{n}", None))
            inner = box.inflate(-st.px(16), -st.px(10))
            self._label(f"stat{n}_cap", (inner.x, inner.y, inner.w, cap.get_linesize()),
                        caption, cap, pal.muted, parent=f"stat{n}")
            self._label(f"stat{n}_val", (inner.x, inner.y + cap.get_linesize(), inner.w,
                                         val.get_linesize()), value, val, colour,
                        parent=f"stat{n}", tooltip=f"{value}\n{tip}")
        y = area.y + sh + st.px(12)
        f = st.font(14)
        hf = st.font(13, bold=True)
        sf = st.small
        legend_h = sf.get_linesize() + st.px(10)
        area = pygame.Rect(area.x, area.y, area.w, area.h - legend_h)
        count = len(snap.standings)
        rh = max(f.get_linesize(), st.px(20)) + st.px(8)
        room = area.bottom - y - hf.get_linesize() - st.px(4)
        if count and rh * count < room:  # every row on one page, as tall as fits
            rh = min(st.px(40), room // count)
        cols = self._columns(area, ("party", 0.21), ("seat", 0.17), ("utility", 0.23),
                             ("red", 0.11), ("blocks", 0.28))
        for key, title in (("party", "PARTY"), ("seat", "SEAT"),
                           ("utility", "WORTH IF SIGNED NOW · RESERVATION"),
                           ("red", "RED LINES"), ("blocks", "BLOCKS")):
            x, cw = cols[key]
            self._label(f"h_{key}", (x, y, cw - st.px(8), hf.get_linesize()), title, hf,
                        pal.muted)
        y += hf.get_linesize() + st.px(4)
        pager = self.pagers["stand"]
        bh = st.px(30)
        shown = pager.split([rh] * count, area.bottom - y)
        if pager.needed:  # pages, with room for their controls
            shown = pager.split([rh] * count, area.bottom - y - bh - st.px(6))
        parties = {p.id: p for p in view.parties}
        for n in shown:
            s = snap.standings[n]
            info = parties.get(s.party)
            row = pygame.Rect(area.x, y, area.w, rh - st.px(4))
            self._region(f"row{n}", row)
            self._ops.append(("raised", f"row{n}", None))
            ty = row.y + (row.h - f.get_linesize()) // 2
            x, cw = cols["party"]
            sw_ = st.px(12)
            colour = style.rgb(info.color) if info else pal.accent
            self._swatch(f"sw{n}", (x + st.px(6), row.centery - sw_ // 2, sw_, sw_), colour,
                         f"row{n}")
            chip_w = st.px(30) if s.signatory else 0
            name = info.name if info else s.party
            self._label(f"name{n}", (x + st.px(24), ty, cw - st.px(32) - chip_w,
                                     f.get_linesize()), name, f, pal.text, parent=f"row{n}")
            if s.signatory:
                chip = pygame.Rect(x + cw - st.px(4) - chip_w, row.centery - st.px(9), chip_w,
                                   st.px(18))
                self._region(f"sig{n}", chip, f"row{n}",
                                   tooltip="Signatory: must sign for an agreement")
                self._ops.append(("chip", f"sig{n}", "SIG"))
            x, cw = cols["seat"]
            self._label(f"seat{n}", (x, ty, cw - st.px(8), f.get_linesize()),
                        self._seat_text(s.party), f, pal.muted, parent=f"row{n}")
            x, cw = cols["utility"]
            ok = s.can_sign
            num = f"{s.score:.1f} · {s.reservation:.0f}"
            nw = f.size("100.0 · 100")[0] + st.px(6)
            bar = pygame.Rect(x, row.centery - st.px(6), cw - nw - st.px(12), st.px(12))
            self._region(f"bar{n}", bar, f"row{n}", tooltip=(
                f"Worth {s.score:.1f} if signed this round (utility {s.utility:.1f}, less its "
                f"urgency for the rounds gone) against a reservation of {s.reservation:.1f}"))
            self._ops.append(("bar", f"bar{n}", (s.score, s.reservation, ok,
                                                 bool(s.red_lines))))
            self._label(f"num{n}", (bar.right + st.px(6), ty, nw, f.get_linesize()), num, f,
                        pal.good if ok else pal.bad, parent=f"row{n}", align="right")
            x, cw = cols["red"]
            red = issue_names(s.red_lines)
            self._label(f"red{n}", (x, ty, cw - st.px(8), f.get_linesize()), red or "—", f,
                        pal.bad if red else pal.faint, parent=f"row{n}")
            x, cw = cols["blocks"]
            blocks = issue_names(s.blockers)
            text = f"blocks: {blocks}" if blocks else "can sign"
            self._label(f"blocks{n}", (x, ty, cw - st.px(8), f.get_linesize()), text, f,
                        pal.warn if blocks else pal.good, parent=f"row{n}")
            y += rh
        self._pager_controls(pager, pygame.Rect(area.x, area.bottom - bh, st.px(320), bh))
        if pager.needed:
            y = area.bottom
        self._label("legend", (area.x, y + st.px(10), area.w, sf.get_linesize()),
                    "Bars: what the draft is worth to each party if signed now (an open clause "
                    "counts as its 'if open' option); white mark: its reservation. SIG: a "
                    "signatory. Blocks: the clauses that keep it from signing.", sf, pal.faint)

    def _columns(self, area: pygame.Rect, *parts: tuple[str, float]
                 ) -> dict[str, tuple[int, int]]:
        out, x = {}, area.x
        for n, (key, share) in enumerate(parts):
            cw = area.right - x if n == len(parts) - 1 else round(area.w * share)
            out[key] = (x, cw)
            x += cw
        return out

    def _seat_text(self, party: str) -> str:
        seat = self.table.seats.get(party)
        if seat is None:
            return ""
        if seat.is_bot:
            return "Bot: " + bot_name(seat.name)
        return f"Human: {seat.name}" if seat.name else "Human"

    # -- tab: injects ------------------------------------------------------------------------

    def _tab_injects(self, area: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        gap = st.px(24)
        lw = round(area.w * 0.36)
        left = pygame.Rect(area.x, area.y, lw, area.h)
        right = pygame.Rect(left.right + gap, area.y, area.w - lw - gap, area.h)
        hf, f = st.font(16, bold=True), st.font(14)
        self._label("ev_head", (left.x, left.y, left.w, hf.get_linesize()),
                    "Scenario events not yet fired", hf, pal.gold)
        y = left.y + hf.get_linesize() + st.px(6)
        waiting = [(e, title) for e, title in view.events if e not in view.fired]
        running = not self.table.over
        if self.confirm_fire not in dict(waiting) or not running:
            self.confirm_fire = ""
        if self.confirm_fire:
            self._confirm_event(pygame.Rect(left.x, y, left.w, left.bottom - y),
                                self.confirm_fire, dict(waiting)[self.confirm_fire])
            self._inject_form(right, running)
            return
        bh = st.px(30)
        rh = bh + st.px(6)
        pager = self.pagers["events"]
        shown = pager.split([rh] * len(waiting), left.bottom - y - bh - st.px(6))
        if not waiting:
            self._label("ev_none", (left.x, y, left.w, f.get_linesize()),
                        "Every event has fired.", f, pal.muted)
        fw = st.px(72)
        for n in shown:
            event_id, title = waiting[n]
            row = pygame.Rect(left.x, y, left.w, bh)
            tip = self._event_text(event_id, title)
            self._region(f"ev{n}", row, tooltip=tip)
            self._ops.append(("raised", f"ev{n}", None))
            self._label(f"ev_title{n}", (row.x + st.px(8), row.y + (bh - f.get_linesize()) // 2,
                                         row.w - fw - st.px(16), f.get_linesize()), title, f,
                        pal.text, parent=f"ev{n}", tooltip=tip)
            self._button(pygame.Rect(row.right - fw, row.y, fw, bh), "Fire",
                         f"fire_{event_id}", f"Fire “{title}” now (asks first).\n{tip}",
                         cls="@small", enabled=running)
            y += rh
        self._pager_controls(pager, pygame.Rect(left.x, left.bottom - bh, left.w, bh))
        self._inject_form(right, running)

    def _event_text(self, event_id: str, title: str) -> str:
        """A scenario event as the trainer reads it before firing: title, text and effects."""
        try:
            event = self.table.session.scenario.event(event_id)
        except KeyError:
            return title
        effects = "; ".join(self._effect_words(e) for e in taking_effect(event.effects))
        lines = [title, " ".join(event.text.split()),
                 f"Effects: {effects}." if effects else "No effects: news only."]
        return "\n".join(line for line in lines if line)

    def _effect_words(self, effect: Effect) -> str:
        """One effect in words, with the names the players see."""
        view = self.view
        parties = {p.id: p.name for p in view.parties}
        issues = {i.id: i for i in view.issues}

        def issue(issue_id: str) -> str:
            found = issues.get(issue_id)
            return found.name if found else issue_id

        def option(issue_id: str, option_id: str) -> str:
            found = issues.get(issue_id)
            return tp.option_label(found, option_id) if found else option_id

        return effect_words(effect, lambda p: parties.get(p, p), issue, option)

    def _confirm_event(self, area: pygame.Rect, event_id: str, title: str) -> None:
        """"Fire this event now?" with what it says and does; Yes / No away from the list's
        Fire buttons, so a second click does not fire anything by accident."""
        st, pal = self.st, self.st.palette
        f, qf = st.font(14), st.font(16, bold=True)
        bh = st.px(34)
        self._para("ev_ask", (area.x, area.y, area.w, 2 * qf.get_linesize()),
                   f"Fire “{title}” now?", qf, pal.warn)
        y = area.y + 2 * qf.get_linesize() + st.px(4)
        room = max(f.get_linesize(), area.bottom - y - bh - st.px(16))
        details = self._event_text(event_id, title).split("\n", 1)[-1]
        used = min(room, len(style.wrap(details, f, area.w)) * f.get_linesize())
        self._para("ev_details", (area.x, y, area.w, used), details, f, pal.text)
        y += used + st.px(16)
        yes_w = st.px(150)
        self._button(pygame.Rect(area.x, y, yes_w, bh), "Yes, fire it", "firing_yes",
                     "Fire the event now: it goes into the log and the news", cls="@danger")
        self._button(pygame.Rect(area.x + yes_w + st.px(10), y, st.px(110), bh), "No",
                     "firing_no", "Back to the list of events")

    def _inject_form(self, area: pygame.Rect, running: bool) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        hf, f = st.font(16, bold=True), st.font(14)
        self._label("inj_head", (area.x, area.y, area.w, hf.get_linesize()),
                    "Write an inject", hf, pal.gold)
        y = area.y + hf.get_linesize() + st.px(6)
        eh = st.px(32)
        lw = st.px(84)
        gap = st.px(8)
        for key, caption, value, hint, limit in (
                ("headline", "Headline", self.headline, "Type the headline…", 200),
                ("body", "Text", self.body, "Type the news item's text…", 1000)):
            self._label(f"inj_{key}_label", (area.x, y + (eh - f.get_linesize()) // 2, lw - gap,
                                              f.get_linesize()), caption, f, pal.muted)
            self._entry(key, pygame.Rect(area.x + lw, y, area.w - lw, eh), value, hint, limit)
            y += eh + gap
        self._label("fx_head", (area.x, y, area.w, f.get_linesize()),
                    "Effects (optional)", f, pal.muted)
        y += f.get_linesize() + st.px(4)
        parties = [(p.name, p.id) for p in view.parties]
        issues = [(i.name, i.id) for i in view.issues]
        kinds = [(label, key) for key, label in ops.EFFECT_KINDS]
        w1, w2, w3 = (round(area.w * s) for s in (0.27, 0.25, 0.30))
        w1 = max(w1, self._menu_width([label for label, _ in kinds]) + gap)  # read whole
        for n, row in enumerate(self.rows):
            x = area.x
            self._menu(f"fx_kind_{n}", kinds, row.kind, pygame.Rect(x, y, w1 - gap, eh))
            x += w1
            target = ops.TARGETS.get(row.kind)
            if target is not None:
                choices = parties if target == "party" else issues
                self._menu(f"fx_target_{n}", [("Choose…", ""), *choices], row.target,
                           pygame.Rect(x, y, w2 - gap, eh))
            x += w2
            if row.kind in ops.WITH_OPTION and row.target:
                issue = next((i for i in view.issues if i.id == row.target), None)
                opts = [(o.label, o.id) for o in issue.options] if issue else []
                first = ("As drafted", ops.AS_DRAFTED) if row.kind == "lock" else (
                    "Choose…", ops.AS_DRAFTED)
                self._menu(f"fx_option_{n}", [first, *opts], row.option,
                           pygame.Rect(x, y, w3 - gap, eh))
            if row.kind in ops.WITH_NUMBER:
                self._entry(f"fx_value_{n}", pygame.Rect(x, y, w3 - gap, eh), row.value,
                            "± points" if row.kind == "reservation" else "e.g. 0.05", 12)
            elif row.kind in ops.WITH_TEXT:
                self._entry(f"fx_value_{n}", pygame.Rect(area.x + w1, y, area.right - area.x
                                                         - w1, eh), row.value,
                            "Why the talks end (optional)" if row.kind == "end"
                            else "The extra news line", 300)
            y += eh + gap
        y += st.px(4)
        bw = st.px(160)
        if self.confirm_end and running:  # "Cancel" where "Fire inject" was: no double-click
            yw = st.px(170)
            self._button(pygame.Rect(area.right - bw, y, bw, st.px(36)), "Cancel",
                         "inject_no", "Keep the talks going; the form stays as it is")
            self._button(pygame.Rect(area.right - bw - gap - yw, y, yw, st.px(36)),
                         "Yes, end the talks", "inject_yes", "Fire the inject: the game ends "
                         "now, and that cannot be undone", cls="@danger")
            ask, nw = "This inject ends the talks for good: sure?", area.w - bw - yw - 2 * gap
            lines = min(2, len(style.wrap(ask, st.small, nw)))
            nh = lines * st.small.get_linesize()
            self._para("inj_note", (area.x, y + (st.px(36) - nh) // 2, nw, nh), ask, st.small,
                       pal.warn)
        else:
            self._button(pygame.Rect(area.right - bw, y, bw, st.px(36)), "Fire inject",
                         "inject_fire", "Apply the inject now: it goes into the log and the "
                         "news", cls="@primary", enabled=running)
            self._label("inj_note", (area.x, y + (st.px(36) - st.small.get_linesize()) // 2,
                                     area.w - bw - gap, st.small.get_linesize()),
                        "Every inject is logged and shown as news.", st.small, pal.faint)
        y += st.px(36) + st.px(16)
        self._latest_news(pygame.Rect(area.x, y, area.w, area.bottom - y))

    def _latest_news(self, area: pygame.Rect) -> None:
        """The newest news items first, as many as fit (what the players have been told)."""
        st, pal = self.st, self.st.palette
        hf, f = st.font(16, bold=True), st.font(14)
        if area.h < hf.get_linesize() + f.get_linesize() or not self.view.news:
            return
        self._label("news_head", (area.x, area.y, area.w, hf.get_linesize()), "Latest news",
                    hf, pal.gold)
        y = area.y + hf.get_linesize() + st.px(4)
        rw = st.px(34)
        for n, item in enumerate(reversed(stories(self.view.news))):
            if y + f.get_linesize() > area.bottom:
                break
            manual = item.event.startswith("inject-")
            self._label(f"news_round{n}", (area.x, y, rw, f.get_linesize()), f"R{item.round}",
                        f, pal.faint)
            self._label(f"news{n}", (area.x + rw, y, area.w - rw, f.get_linesize()),
                        item.title + (" (inject)" if manual else ""), f,
                        pal.accent if manual else pal.text,
                        tooltip=f"{item.title}\n{item.text}".strip())
            y += f.get_linesize() + st.px(2)

    def _fire_inject(self, *, confirmed: bool = False) -> None:
        """Fire the form's inject; one that ends the talks asks first."""
        self._harvest_now()
        headline = " ".join(self.headline.split())
        effects: list[Effect] = []
        try:
            for row in self.rows:
                made = ops.make_effect(row)
                if made is not None:
                    effects.append(made)
        except ValueError as exc:
            self._say(f"Inject not fired: {exc}.", failed=True)
            return
        # Without a reason the rules would say "<headline> ended the talks", which reads
        # badly for a headline such as "Talks suspended".
        effects = [EndGame(f"the talks ended: {headline}") if isinstance(e, EndGame)
                   and not e.reason else e for e in effects]
        ends = any(isinstance(e, EndGame) for e in effects)
        if ends and not (confirmed and self.confirm_end):
            self.confirm_end = True
            self._say("")
            self.rebuild()
            return
        self.confirm_end = False
        if self._apply(Inject(headline, self.body.strip(), tuple(effects)),
                       f"Inject fired: {headline}"):
            self.headline, self.body = "", ""
            self.rows = [ops.EffectRow() for _ in range(EFFECT_ROWS)]
            self.entries, self.menus = {}, {}  # nothing to keep from the old form
            self.rebuild()

    # -- tab: time & phase -------------------------------------------------------------------

    def _tab_time(self, area: pygame.Rect) -> None:
        st, pal, view, t = self.st, self.st.palette, self.view, self.table
        hf, f = st.font(16, bold=True), st.font(14)
        big = st.font(56, bold=True)
        half = (area.w - st.px(24)) // 2
        left = pygame.Rect(area.x, area.y, half, area.h)
        right = pygame.Rect(area.right - half, area.y, half, area.h)
        self._label("time_head", (left.x, left.y, left.w, hf.get_linesize()),
                    f"Round {min(view.round, view.rounds)} timer", hf, pal.gold)
        y = left.y + hf.get_linesize() + st.px(4)
        self._region("big_clock", (left.x, y, left.w, big.get_linesize()))
        y += big.get_linesize()
        self._label("time_state", (left.x, y, left.w, f.get_linesize()),
                    "This game has no round timer (set at seat setup)." if not t.timer_on else
                    f"The timer is {self._status_text()}." if t.can_adjust_time or t.over else
                    "The clock runs only while delegations talk: it starts afresh next round.",
                    f, pal.muted)
        y += f.get_linesize() + st.px(12)
        bh = st.px(36)
        gap = st.px(8)
        bw = (left.w - 3 * gap) // 4
        # Paused only by opening this screen, the choice is to keep it so after closing.
        label, tip = (("Keep paused", "Keep the game paused after this screen closes (P)")
                      if self._paused_here and t.paused else
                      ("Resume", "Restart the round timer and the bots (P)") if t.paused else
                      ("Pause", "Stop the round timer and the bots (P)"))
        self._button(pygame.Rect(left.x, y, bw, bh), label, "time_pause", tip, cls="@primary",
                     enabled=t.timer_on)
        for n, (oid, label, secs) in enumerate(TIME_STEPS, start=1):
            verb = "Extend" if secs > 0 else "Shorten"
            self._button(pygame.Rect(left.x + n * (bw + gap), y, bw, bh), label, oid,
                         f"{verb} this round by {abs(secs) / 60:g} minute"
                         f"{'s' if abs(secs) > 60 else ''}", enabled=t.can_adjust_time)
        y += bh + st.px(14)
        given = ops.warning_text(t.warning, view.round)
        warn = (f"Warnings at 2:00 and 0:30 left. Last given: {given}." if given
                else "Warnings at 2:00 and 0:30 left. None given yet this round.")
        self._label("time_warn", (left.x, y, left.w, f.get_linesize()), warn, f, pal.text)
        y += f.get_linesize() + st.px(4)
        ready = ", ".join(view.party(p).name for p in sorted(t.ready))
        self._label("time_ready", (left.x, y, left.w, f.get_linesize()),
                    f"Ready to end the talking: {ready}" if ready else
                    "No delegation has said it is ready.", f, pal.muted)
        self._label("phase_head", (right.x, right.y, right.w, hf.get_linesize()), "Phase", hf,
                    pal.gold)
        y = right.y + hf.get_linesize() + st.px(4)
        y += self._para("phase_text", (right.x, y, right.w, 0),
                        f"Round {min(view.round, view.rounds)} of {view.rounds}, "
                        f"{tp.phase_name(view.phase).lower()}. Forcing signing closes the "
                        "talking now and opens signing on the current draft; every clause must "
                        "be settled, or have an 'if open' option.", f, pal.text) + st.px(12)
        why = self._force_refusal()
        if why:  # the game moved on under the question: it is no longer asked
            self.confirm_force = False
        if self.confirm_force:
            y += self._para("force_confirm", (right.x, y, right.w, 0),
                            "Open signing on the current draft now? The talking ends: "
                            "proposals tabled this round lapse, and it cannot be undone.", f,
                            pal.warn) + st.px(8)
            self._button(pygame.Rect(right.x, y, st.px(200), bh), "Yes, open signing",
                         "force_yes", "Close the talking and open signing now", cls="@danger")
            self._button(pygame.Rect(right.x + st.px(210), y, st.px(120), bh), "Cancel",
                         "force_no", "Keep talking")
            return
        self._button(pygame.Rect(right.x, y, st.px(200), bh), "Force signing",
                     "force_signing", "Open the signing phase on the current draft now (asks "
                     "first)", cls="@danger", enabled=not why)
        if why:
            y += bh + st.px(8)
            self._para("force_why", (right.x, y, right.w, max(
                f.get_linesize(), min(right.bottom - y, 6 * f.get_linesize()))),
                f"Not now: {why}", f, pal.warn)

    def _force_refusal(self) -> str:
        """Why the rules would refuse to force signing now ("" when they would not)."""
        state = self.table.session.state
        if self._force[0] is not state:
            try:
                rules.check(state, ForceSigning())
                why = ""
            except GameError as exc:
                why = str(exc.args[0]) if exc.args else str(exc)
                if exc.code.endswith("open_issues"):  # what the trainer can do about it
                    why += (" (by a vote, or with an inject from the Injects tab: Lock a "
                            "clause, at an option)")
            self._force = (state, why)
        return self._force[1]

    # -- tab: seats --------------------------------------------------------------------------

    def _tab_seats(self, area: pygame.Rect) -> None:
        st, pal, view, t = self.st, self.st.palette, self.view, self.table
        hf, f = st.font(13, bold=True), st.font(14)
        bh = st.px(32)
        rh = bh + st.px(8)
        cols = self._columns(area, ("party", 0.26), ("seat", 0.26), ("act", 0.48))
        for key, title in (("party", "PARTY"), ("seat", "PLAYED BY"), ("act", "CHANGE")):
            x, cw = cols[key]
            self._label(f"sh_{key}", (x, area.y, cw - st.px(8), hf.get_linesize()), title, hf,
                        pal.muted)
        y = area.y + hf.get_linesize() + st.px(6)
        pager = self.pagers["seats"]
        parties = list(view.parties)
        shown = pager.split([rh] * len(parties), area.bottom - y - bh - st.px(6))
        specs = self._specs()
        for n in shown:
            p = parties[n]
            seat = t.seats[p.id]
            row = pygame.Rect(area.x, y, area.w, bh + st.px(4))
            self._region(f"srow{n}", row)
            self._ops.append(("raised", f"srow{n}", None))
            ty = row.y + (row.h - f.get_linesize()) // 2
            x, cw = cols["party"]
            sw_ = st.px(12)
            self._swatch(f"ssw{n}", (x + st.px(6), row.centery - sw_ // 2, sw_, sw_),
                         style.rgb(p.color), f"srow{n}")
            self._label(f"sname{n}", (x + st.px(24), ty, cw - st.px(32), f.get_linesize()),
                        p.name, f, pal.text, parent=f"srow{n}")
            x, cw = cols["seat"]
            self._label(f"sseat{n}", (x, ty, cw - st.px(8), f.get_linesize()),
                        self._seat_text(p.id), f, pal.muted if seat.is_bot else pal.accent,
                        parent=f"srow{n}")
            x, cw = cols["act"]
            by = row.y + st.px(2)
            bw = st.px(130)
            if seat.is_bot:
                player = t.last_player(p.id)
                if player is not None and player != ops.CONTROL_NAME:  # a bot covered for them
                    self._button(pygame.Rect(x, by, bw, bh), "Give back", f"take_{p.id}",
                                 f"{player} plays {p.name} again from now on", cls="@small")
                else:
                    self._button(pygame.Rect(x, by, bw, bh), "Take over", f"take_{p.id}",
                                 f"Play {p.name} yourself from now on", cls="@small")
            else:
                own = specs.get(p.id, "linear")
                pick = self.strategy.get(p.id, own)
                options = [(bot_choice(s, own), s)
                           for s in [own, *[s for s in STRATEGIES if s != own]]]
                mw = min(st.px(320), cw - bw - st.px(16))
                self._menu(f"strategy_{p.id}", options, pick, pygame.Rect(x, by, mw, bh))
                self._button(pygame.Rect(x + mw + st.px(8), by, bw, bh), "Hand to bot",
                             f"bot_{p.id}", f"A bot plays {p.name} from now on", cls="@small")
            y += rh
        self._pager_controls(pager, pygame.Rect(area.x, area.bottom - bh, st.px(320), bh))

    def _specs(self) -> dict[str, str]:
        """Each party's own bot from the scenario, as a strategy spec."""
        loaded = self.ctx.loaded
        if loaded is None:
            return {}
        return {p.id: p.bot.strategy if p.bot.e is None else f"{p.bot.strategy}:e={p.bot.e:g}"
                for p in loaded.scenario.parties}

    # -- tab: what if ------------------------------------------------------------------------

    def _tab_whatif(self, area: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        hf, f = st.font(16, bold=True), st.font(14)
        width = min(area.w, st.px(760))
        self._label("wi_head", (area.x, area.y, width, hf.get_linesize()),
                    "Restart from an earlier round", hf, pal.gold)
        y = area.y + hf.get_linesize() + st.px(4)
        y += self._para("wi_text", (area.x, y, width, 0),
                        "The game restarts from the start of the round you choose, as a new "
                        "branch with the same seats and chance rolls. The game as it stands now "
                        "is saved to the saves folder first, and stays there.", f,
                        pal.text) + st.px(12)
        bh = st.px(36)
        last = min(view.round, view.rounds)
        self.branch_round = max(1, min(self.branch_round, last))
        mw = st.px(160)
        self._menu("whatif_round", [(f"Round {r}", str(r)) for r in range(1, last + 1)],
                   str(self.branch_round), pygame.Rect(area.x, y, mw, bh))
        bw = st.px(240)
        if not self.confirm_branch:
            self._button(pygame.Rect(area.x + mw + st.px(10), y, bw, bh),
                         f"Restart from round {self.branch_round}", "branch_ask",
                         "Ask before restarting", cls="@button")
            return
        y += bh + st.px(12)
        self._label("wi_confirm", (area.x, y, width, f.get_linesize()),
                    f"Restart from the start of round {self.branch_round}? The players will "
                    "see the game as it was then.", f, pal.warn)
        y += f.get_linesize() + st.px(8)
        self._button(pygame.Rect(area.x, y, bw, bh), f"Yes, restart from round "
                     f"{self.branch_round}", "branch_yes", "Save this game and branch",
                     cls="@danger")
        self._button(pygame.Rect(area.x + bw + st.px(10), y, st.px(120), bh), "Cancel",
                     "branch_no", "Keep playing this game")

    def _branch(self) -> None:
        n = self.branch_round
        was_paused = self.table.paused
        try:
            path = ops.branch_game(self.ctx, n)
        except (ValueError, OSError) as exc:
            self._say(f"Could not restart: {exc}", failed=True)
            return
        self.confirm_branch = False
        self._asked, self.snap, self.current = None, None, False
        if was_paused and self.table.timer_on:  # the branch is a new table: paused as before
            self.table.pause(True)
        self._branched = n
        self._say(f"Restarted from round {n} as a new branch; the original game is saved as "
                  f"{path.name}.")

    # -- layout helpers ----------------------------------------------------------------------

    def _region(self, name: str, rect: pygame.Rect | tuple[int, int, int, int],
                parent: str = "", tooltip: str = "") -> None:
        self.layout.region(name, rect, parent or self._parent, tooltip=tooltip)

    def _label(self, name: str, rect: pygame.Rect | tuple[int, int, int, int], text: str,
               font: pygame.font.Font, colour: Color, *, parent: str = "",
               align: str = "left", tooltip: str = "") -> None:
        self.layout.text(name, rect, text, font, parent or self._parent, tooltip)
        self._paints.append((name, colour, align))

    def _para(self, name: str, rect: tuple[int, int, int, int], text: str,
              font: pygame.font.Font, colour: Color) -> int:
        """Wrapped text; a height of 0 means as tall as the text. Returns the height used."""
        x, y, w, h = rect
        if h <= 0:
            h = len(style.wrap(text, font, w)) * font.get_linesize()
        self.layout.paragraph(name, (x, y, w, h), text, font, self._parent)
        self._paints.append((name, colour, "left"))
        return h

    def _swatch(self, name: str, rect: tuple[int, int, int, int], colour: Color,
                parent: str) -> None:
        self._region(name, rect, parent)
        self._ops.append(("swatch", name, colour))

    def _button(self, rect: pygame.Rect, text: str, oid: str, tip: str = "", *,
                cls: str = "@button", enabled: bool = True) -> None:
        if not self._creating:
            return
        b = kit.class_button(self, rect, text, oid, class_id=cls, tip=tip)
        if not enabled:
            b.disable()  # type: ignore[no-untyped-call]

    def _entry(self, key: str, rect: pygame.Rect, text: str, hint: str, limit: int) -> None:
        if not self._creating:
            return
        entry = self.add(pygame_gui.elements.UITextEntryLine(
            rect, self.manager, object_id=pygame_gui.core.ObjectID(f"#{key}", "@small"),
            placeholder_text=hint))
        entry.set_text_length_limit(limit)
        entry.set_text(text[:limit])
        self.entries[key] = entry

    def _menu(self, key: str, options: list[tuple[str, str]], value: str,
              rect: pygame.Rect) -> None:
        if not self._creating:
            return
        shown: list[str | tuple[str, str]] = [
            (menu_label(self.manager, label, rect.w), v)
            for label, v in options]
        start = next((o for o in shown if o[1] == value), shown[0])
        self.menus[key] = self.add(widgets.drop_down(
            self.manager, shown, start, rect, f"#{key}", window=self.layout.size,
            limit=self.st.px(220), margin=self.st.px(8)))

    def _menu_width(self, labels: Sequence[str]) -> int:
        """The narrowest drop-down that shows every one of `labels` whole."""
        font = self.manager.get_theme().get_font(
            ["drop_down_menu.#selected_option", "drop_down_menu.button"])
        w = max(font.size(label)[0] for label in labels)
        while any(menu_label(self.manager, label, w) != label for label in labels):
            w += 1
        return w

    def _pager_controls(self, pager: kit.Pager, rect: pygame.Rect) -> None:
        if not pager.needed:
            return
        st = self.st
        bw = st.px(44)
        self._button(pygame.Rect(rect.x, rect.y, bw, rect.h), "‹", f"{pager.prefix}_prev",
                     "Previous page", enabled=pager.page > 0)
        self._button(pygame.Rect(rect.right - bw, rect.y, bw, rect.h), "›",
                     f"{pager.prefix}_next", "Next page",
                     enabled=pager.page < len(pager.pages) - 1)
        f = st.small
        self._label(f"{pager.prefix}_page", (rect.x + bw, rect.y + (rect.h - f.get_linesize())
                                             // 2, rect.w - 2 * bw, f.get_linesize()),
                    f"Page {pager.page + 1} of {len(pager.pages)}", f, st.palette.muted,
                    align="center")

    # -- input -------------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if intent.kind == "pointer":
            tip = self.layout.tooltip_at(intent.pos)
            if tip or self.tip:
                self.tip, self.tip_at = tip, intent.pos
                self.dirty = True
            return
        if intent.kind == "back":
            self.close()
        elif intent.kind == "key":
            self._key(intent.key)
        elif intent.kind == "widget":
            self._widget(intent.widget)

    def _key(self, key: str) -> None:
        tabs = [k for k, _, _ in TABS]
        if key.isdigit() and 1 <= int(key) <= len(tabs):
            self._show_tab(tabs[int(key) - 1])
        elif key == "p" and self.table.timer_on:
            self._toggle_pause()

    def _show_tab(self, tab: str) -> None:
        self.tab = tab
        self.confirm_branch = self.confirm_end = self.confirm_force = False
        self.confirm_fire = ""
        self.message, self.failed = "", False  # a refusal belongs to the tab it came from
        self.rebuild()

    def _widget(self, wid: str) -> None:
        table = self.table
        if wid.startswith("tab_"):
            self._show_tab(wid.removeprefix("tab_"))
        elif wid == "control_close":
            self.close()
        elif wid == "control_export":
            if self.exporter.start(table.session, self.ctx.places.root / "reports"):
                self._say("Writing the after-action report…")
        elif any(p.handle(wid) for p in self.pagers.values()):
            self.rebuild()
        elif wid.startswith("fire_"):
            self.confirm_fire = wid.removeprefix("fire_")
            self.rebuild()
        elif wid == "firing_yes":
            event_id, self.confirm_fire = self.confirm_fire, ""
            if event_id:
                title = dict(self.view.events).get(event_id, event_id)
                self._apply(FireEvent(event_id), f"Fired: {title}")
            self.rebuild()
        elif wid == "firing_no":
            self.confirm_fire = ""
            self.rebuild()
        elif wid == "inject_fire":
            self._fire_inject()
        elif wid == "inject_yes":
            self._fire_inject(confirmed=True)
        elif wid == "inject_no":
            self._harvest_now()
            self.confirm_end = False
            self.rebuild()
        elif wid.startswith(("fx_kind_", "fx_target_", "whatif_round")):
            self.confirm_branch = self.confirm_end = False
            self.rebuild()  # the form's other fields follow the choice
        elif wid == "time_pause":
            self._toggle_pause()
        elif wid in {oid for oid, _, _ in TIME_STEPS} and table.can_adjust_time:
            secs = next(s for oid, _, s in TIME_STEPS if oid == wid)
            table.adjust_time(secs)
            self._say(f"Round {'extended' if secs > 0 else 'shortened'} by "
                      f"{abs(secs) / 60:g} min: {tp.clock(table.time_left)} left.")
        elif wid == "force_signing":
            why = self._force_refusal()
            if why:  # a press that got through anyway: the rules say why
                self._say(f"Not now: {why}", failed=True)
            else:
                self.confirm_force = True
                self.rebuild()
        elif wid == "force_yes":
            self.confirm_force = False
            self._apply(ForceSigning(), "Signing is open on the current draft.")
        elif wid == "force_no":
            self.confirm_force = False
            self.rebuild()
        elif wid.startswith("take_"):
            party = wid.removeprefix("take_")
            self._reseat(party, None)
        elif wid.startswith("bot_"):
            party = wid.removeprefix("bot_")
            self._harvest_now()
            self._reseat(party, self.strategy.get(party) or self._specs().get(party, "linear"))
        elif wid == "branch_ask":
            self.confirm_branch = True
            self.rebuild()
        elif wid == "branch_no":
            self.confirm_branch = False
            self.rebuild()
        elif wid == "branch_yes":
            self._harvest_now()
            self._branch()
            self.rebuild()

    def _harvest_now(self) -> None:
        """Read the form's fields without taking the widgets down."""
        entries, menus = dict(self.entries), dict(self.menus)
        self._harvest()
        self.entries, self.menus = entries, menus

    def _toggle_pause(self) -> None:
        table = self.table
        if self._paused_here and table.paused:
            self._paused_here = False  # the trainer's own pause now: it outlasts this screen
            self._say("The game stays paused after this screen closes.")
            return
        table.pause(not table.paused)
        self._paused_here = False  # the trainer's choice from now on
        self._say("The game is paused: the round timer and the bots wait." if table.paused
                  else "The game runs again.")

    def _reseat(self, party: str, spec: str | None) -> None:
        name = self.view.party(party).name
        try:
            if spec is None:
                ops.take_over(self.table, party)
            else:
                ops.hand_to_bot(self.table, party, spec)
        except ValueError as exc:  # GameError too
            reason = exc.args[0] if isinstance(exc, GameError) and exc.args else exc
            self._say(f"Seat not changed: {reason}", failed=True)
            return
        player = self.table.seats[party].name
        if spec is not None:
            self._say(f"A bot plays {name} from now on: {bot_name(spec)}.")
        elif player == ops.CONTROL_NAME:
            self._say(f"You now play {name}.")
        else:
            self._say(f"{player} plays {name} again.")

    def _apply(self, action: Action, done: str) -> bool:
        """Apply `action`; the message says `done`, and for an event or inject what it
        changed."""
        before = self.table.control_view()
        try:
            self.table.apply(action)
        except GameError as exc:
            self._say(f"Refused: {exc.args[0] if exc.args else exc}", failed=True)
            return False
        if isinstance(action, (FireEvent, Inject)):
            changed = ops.what_changed(before, self.table.control_view())
            done += f". {changed[:1].upper()}{changed[1:]}." if changed else ": news only."
        self._say(done)
        return True

    def _say(self, text: str, *, failed: bool = False) -> None:
        self.message, self.failed = " ".join(text.split()), failed
        self.dirty = True

    # -- drawing -----------------------------------------------------------------------------

    def _paint(self) -> pygame.Surface:
        """Everything but the clocks and the tooltip, once per layout."""
        assert self.app is not None
        st, pal = self.st, self.st.palette
        frame = pygame.Surface(self.layout.size)
        widgets.backdrop(frame, st)
        widgets.panel(frame, self.layout["body"].rect, st)
        r = st.px(5)
        for kind, name, data in self._ops:
            rect = self.layout[name].rect
            if kind == "raised":
                pygame.draw.rect(frame, pal.raised, rect, border_radius=r)
            elif kind == "swatch" and isinstance(data, tuple):
                pygame.draw.rect(frame, data, rect, border_radius=st.px(3))
            elif kind == "chip" and isinstance(data, str):
                widgets.chip(frame, rect, st, data, pal.gold)
            elif kind == "bar" and isinstance(data, tuple):
                value, reservation, ok, hatched = data
                widgets.value_bar(frame, rect, st, value, color=pal.good if ok else pal.bad,
                                  marks=((reservation, pal.text),), hatched=hatched)
        for name, colour, align in self._paints:
            self.layout.draw_text(frame, name, colour, align)
        return frame

    def draw(self, surface: pygame.Surface) -> None:
        if self._frame is None or self._frame.get_size() != surface.get_size():
            self._frame = self._paint()
        surface.blit(self._frame, (0, 0))
        st, pal, t = self.st, self.st.palette, self.table
        colour = pal.faint if not t.timer_on else (
            pal.warn if t.paused else (pal.bad if t.time_left <= 30 else pal.text))
        for box, size in (("clock", 26), ("big_clock", 56)):
            if box in self.layout:
                rect = self.layout[box].rect
                img = self._cache.get(self._clock, st.font(size, bold=True), colour)
                x = rect.right - img.get_width() if box == "clock" else rect.x
                surface.blit(img, (x, rect.y))

    def draw_over(self, surface: pygame.Surface) -> None:
        widgets.tooltip(surface, self.tip, self.tip_at, self.st)

