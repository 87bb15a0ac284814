"""The negotiating table: the main screen of a game.

Five panels around one view of the game (`table.view()`: the seat at the screen, or the public
view when no delegation is looking):

- a **ticker** across the top: round, phase, this round's news ("No news this round" rather
  than last round's headline again) and the round timer;
- the **map** with the draft's deployments on it (or a text panel for scenarios without one);
- the **draft text**, clause by clause, with each clause's options as chips (an open clause says
  what it counts as, or that it has no fallback; in the last two rounds a warning names those
  still open, since they would leave nothing to sign). For a seat it adds
  "my utility for this draft" with the reservation marked, and on the seat's turn it becomes
  the **proposal builder**: one click on an option adds, replaces or takes back that clause's
  amendment, so a trade (give on X, take on Y) is two clicks; Propose and Pass below;
- **on the table**: this round's proposals with their votes and results, then earlier rounds
  (under alternating offers: the standing offer);
- the **delegations**: colour, leader, who sits there, whose turn it is, each bot's reason.

In **projector mode** the screen shows the public view only, whoever is to move: the builder
opens for the human seat whose turn it is, under a banner in that delegation's colour naming
it, and is worked by the operator for that delegation, with no utilities, values or red lines,
and the bots' reasons are left out (they can name a bot's red line). A round's results show for
a strip over the map rather than a card over the operator's controls.

Everything is laid out in `self.layout` and painted once into a cached frame whenever the game
or the builder changes; a frame then costs one blit plus the ticker and the tooltip, which keeps
the pointer smooth. Shortcuts are listed in `table_parts.SHORTCUTS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

import pygame
import pygame_gui

from game.core.actions import Accept, Amendments, Pass
from game.core.model import Issue, Preferences
from game.core.scoring import open_without_fallback, score
from game.core.state import NewsItem, stories
from game.core.view import OBSERVER, PartyInfo, ProposalView, View, scored_text
from game.core.words import and_list, possessive, signed
from game.ui import style, widgets
from game.ui.context import Context
from game.ui.flow import GameScene
from game.ui.intents import Intent
from game.ui.layout import Box, Layout
from game.ui.map_view import MapView, load_theme
from game.ui.names import bot_name
from game.ui.scenes import table_parts as tp
from game.ui.scenes.private_common import hint_seen, tag, tutorial_hint
from game.ui.style import Color

Op = Callable[[pygame.Surface], object]
W = TypeVar("W", bound=pygame_gui.core.UIElement)

RESULTS_STRIP_SECONDS = 30.0
"""How long projector mode shows a round's results in the strip over the map when the operator
enters nothing: a room reads a strip from the back, and a facilitator reads a busy round's
nine outcomes aloud and takes a question in about that time (the play-test's 8 s was gone
before anyone had found their proposal). The operator's next entry, or a click on the strip,
takes it away sooner: by then the room has moved on to the new round."""
STRIP_PAGE_SECONDS = 10.0
"""How long each page of a results strip too busy for one page shows (the strip stays until
every page has shown once, `RESULTS_STRIP_SECONDS` at the least)."""
NEWS_SECONDS = 7.0
"""How long each news item shows in the ticker before the next one (animations on)."""
SCROLL_FPS = 30.0
_MAPS: dict[tuple[int, tuple[int, int], int], MapView] = {}
"""Map views by (scenario map, size, font size): the base map is costly to draw."""


def _map_view(spec: object, size: tuple[int, int], font: pygame.font.Font) -> MapView:
    from game.core.model import MapSpec
    assert isinstance(spec, MapSpec)
    key = (id(spec), size, font.get_height())
    hit = _MAPS.get(key)
    if hit is None or hit.spec is not spec:
        if len(_MAPS) >= 6:
            _MAPS.clear()
        hit = _MAPS[key] = MapView(spec, size, font)
    return hit


def results_line(view: View, records: Sequence[Mapping[str, Any]] = ()) -> str:
    """What the last round's votes and signing did, while this round's talking has not produced
    anything new yet: "Round 2 results: #3 passed; #4 failed (opposed by Russian Federation);
    signing failed: Ukraine refused". Only public events are read from `records`."""
    if view.phase not in ("proposals", "offers") or any(
            p.round == view.round for p in view.proposals):
        return ""
    return tp.round_results(view, view.round - 1, records)


CHIP_CHARS = 9
"""The characters of its label an option chip must have room for (an ellipsis after them):
where the map leaves the builder less, the builder's turn shows the text view (see
`_chips_fit`)."""
FOOTER_LINES = 3
"""The most lines the builder's worth line and its message take (a tutorial tip, a warning
with its figures); a longer one is cut with an ellipsis, its whole text the tooltip."""
NOTE_HINTS = ("Note to the table (optional; Enter proposes)", "Note to the table (optional)",
              "Note (optional)", "Note")
"""The note box's hint, longest first: the first that fits is shown."""


class TableScene(GameScene):
    """The negotiating table for the seat at the screen (or the public)."""

    name = "table"
    show_map = True
    """Map beside the draft (True), or the draft text full width (M toggles)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.key = ("table", "" if self.projector else self.table.looking or "")
        self.builder = tp.Builder()
        self.notice = ""
        """The builder's own message (a choice it could not make)."""
        self.scroll = {"clauses": 0, "table": 0, "roster": 0, "results": 0}
        self.view: View = self.look()
        self.open = False
        """Whether the proposal builder is open (the seat at the screen is to move)."""
        self.results_round = 0
        """The round whose vote results the card over the table shows (0: no card)."""
        self._card_pages = False
        """Whether the results card pages (its entries do not all fit at once)."""
        self._card_span = 1
        """How many proposals the results card shows at once."""
        self.strip_round = 0
        """Projector mode: the round whose results the strip over the map shows (0: none)."""
        self._strip_age = 0.0
        """Seconds the strip has been up."""
        self._strip_page = 0
        """Which page of a strip too busy for one the strip shows."""
        self._strip_pages = 1
        """How many pages the strip has."""
        self.map: MapView | None = None
        self._with_map = self.show_map
        """Whether this layout has the map (see `_lay_out`)."""
        self._cramped = False
        """Whether the map leaves the builder's option chips too narrow to read."""
        self._map_turn: bool | None = None
        """The view the player switched to while the map was too cramped for the builder:
        it holds for that turn (None: the saved choice, `show_map`, decides)."""
        self._sig: tuple[object, ...] = ()
        self._frame: pygame.Surface | None = None
        self._ops: list[Op] = []
        self._chips: list[tuple[pygame.Rect, str, str]] = []
        self._ready: list[tuple[pygame.Rect, str]] = []
        self._rows: list[tuple[pygame.Rect, int]] = []
        self._scrollers: list[tuple[pygame.Rect, str]] = []
        self._map_rect: pygame.Rect | None = None
        self._slots: dict[str, pygame.Rect] = {}
        self._placed: dict[str, pygame_gui.core.UIElement] = {}
        """The widgets by the slot they are laid out in."""
        self._note: pygame_gui.elements.UITextEntryLine | None = None
        self._cache = tp.TextCache()
        self._pointer = (-1, -1)
        self._tip = ""
        self._hover: pygame.Rect | None = None
        self._news_clock = 0.0
        self._news_index = 0
        self._news_x = 0.0
        self._stories: tuple[tuple[NewsItem, ...], int, tuple[str, ...], tuple[str, ...]] = (
            (), 0, (), ())
        self._news_lines: tuple[str, ...] = ()
        """What the ticker turns through: this round's results line and news, newest first."""
        self._anim_clock = 0.0
        self._clock_text = ""
        self._clause_cache: tuple[object, pygame.Rect, list[Box], pygame.Surface,
                                  list[tuple[pygame.Rect, str, str]],
                                  list[tuple[pygame.Rect, int]]] | None = None
        self._keep: tuple[object, pygame.Rect, list[Box], list[tuple[pygame.Rect, str, str]],
                          list[tuple[pygame.Rect, int]]] | None = None

    # -- state ---------------------------------------------------------------------------------

    @property
    def st(self) -> style.Style:
        return self.ctx.style

    def _signature(self, view: View) -> tuple[object, ...]:
        last = view.proposals[-1] if view.proposals else None
        return (view.round, view.phase, view.status, view.to_move, tuple(view.draft.items()),
                view.locked, len(view.proposals), view.issues,
                (last.id, last.voted, last.result) if last else None, len(view.news),
                view.offer, view.accepted, self.table.looking, len(self.table.moves))

    def look(self) -> View:
        """The view this screen shows: the public one in projector mode (never a seat's)."""
        return self.table.view(OBSERVER) if self.projector else self.table.view()

    def speaker(self, view: View) -> str | None:
        """Projector mode: the human seat whose turn it is, for whom the operator acts."""
        if not self.projector:
            return None
        return next((p for p in view.to_move if p in self.table.seats
                     and not self.table.seats[p].is_bot), None)

    def _builder_open(self, view: View) -> bool:
        if view.phase not in ("proposals", "offers") or self.table.over:
            return False
        if self.projector:
            return self.speaker(view) is not None
        return view.me is not None and view.viewer in view.to_move

    def _why(self, reason: str) -> str:
        """A bot's reason as this screen may show it (none in projector mode)."""
        return "" if self.projector else reason

    # -- building ----------------------------------------------------------------------------

    def build(self) -> None:
        self.view = self.look()
        self._sig = self._signature(self.view)
        was_open, self.open = self.open, self._builder_open(self.view)
        if self.open and self.view.protocol == "alternating_offers" and (
                not was_open or not self.builder.picks):
            self.builder.picks.clear()
            self.builder.start_offer(self.view, self.view.me.preferences if self.view.me
                                     else None)
        if not self.open:
            self._map_turn = None  # a view chosen for the builder's turn lasts that turn
            if was_open:
                self.builder.picks.clear()
        if self.open and not was_open and not self.notice:
            phase = self.view.phase
            hint = tutorial_hint(self.ctx, self.view, phase)
            if hint:  # the tutorial's tip, the first time this phase reaches the player
                self.notice = "Tip: " + hint
                hint_seen(self.ctx, phase)
        self.builder.tidy(self.view)
        self._lay_out()
        self._make_widgets()

    def clear_widgets(self) -> None:
        if self._note is not None and self._note.alive():  # type: ignore[no-untyped-call]
            self.builder.note = self._note.get_text()
        self._note = None
        super().clear_widgets()

    def _relayout(self) -> None:
        """Lay out and paint again after a change that keeps the widgets (the note keeps its
        text and focus); a widget whose slot moved goes with it. The builder's footer grows
        and shrinks with its messages (the tutorial's tip going at the first click, a worth
        line wrapping): a note and buttons left behind covered the worth line."""
        assert self.app is not None
        self.layout = Layout(self.app.size)
        self._lay_out()
        for key, widget in self._placed.items():
            slot = self._slots.get(key)
            if slot is not None and widget.alive() and widget.rect != slot:  # type: ignore[no-untyped-call]
                widget.set_relative_position(slot.topleft)
                widget.set_dimensions(slot.size)
        self.dirty = True

    def _place(self, key: str, widget: W) -> W:
        """Add `widget`, laid out in slot `key` (see `_relayout`)."""
        self._placed[key] = widget
        return self.add(widget)

    def _make_widgets(self) -> None:
        s = self._slots
        self._placed = {}
        self._place("btn:view", widgets.button(
            self.manager, s["btn:view"], "Text" if self._with_map else "Map", "table_view",
            tooltip_text="Switch the map and the full-width draft text (M)"))
        self._place("btn:menu", widgets.button(self.manager, s["btn:menu"], "Menu",
                                               "table_menu",
                                               tooltip_text="Pause: save, settings, quit (Esc)"))
        if not self.open:
            return
        if self.view.protocol == "alternating_offers":
            self._place("btn:propose", widgets.button(
                self.manager, s["btn:propose"], "Offer", "offer",
                tooltip_text="Put this complete text to everyone (P)", primary=True))
            acc = self._place("btn:pass", widgets.button(
                self.manager, s["btn:pass"], "Accept", "accept",
                tooltip_text="Accept the standing offer (A)"))
            if self.view.offer is None or self._me() in self.view.accepted:
                acc.disable()  # type: ignore[no-untyped-call]
        else:
            # the longest hint the box shows whole (in the theme's @small font)
            room = s["note"].w - self.st.px(16)
            hint = next((h for h in NOTE_HINTS if self.st.font(14).size(h)[0] <= room),
                        NOTE_HINTS[-1])
            note = pygame_gui.elements.UITextEntryLine(
                s["note"], self.manager, object_id=pygame_gui.core.ObjectID("#note", "@small"),
                placeholder_text=hint)
            note.set_text(self.builder.note)
            note.set_text_length_limit(200)
            self._note = self._place("note", note)
            self._place("btn:propose", widgets.button(
                self.manager, s["btn:propose"], "Propose", "propose",
                tooltip_text="Table these amendments for a vote (P)", primary=True))
            self._place("btn:pass", widgets.button(self.manager, s["btn:pass"], "Pass", "pass",
                                                   tooltip_text="Table nothing this turn (S)"))
        self._place("btn:clear", widgets.button(self.manager, s["btn:clear"], "Clear", "clear",
                                                tooltip_text="Start the proposal again (C)"))

    # -- layout ------------------------------------------------------------------------------

    def _lay_out(self) -> None:
        """Every box of the screen, and the paint operations of the cached frame."""
        assert self.app is not None
        st = self.st
        self._ops = []
        self._chips = []
        self._ready = []
        self._rows = []
        self._scrollers = []
        self._slots = {}
        self._map_rect = None
        self._results_due()
        w, h = self.layout.size
        m = st.px(8)
        ticker = pygame.Rect(0, 0, w, st.px(38))
        self._ticker(ticker)
        top = ticker.bottom + m
        main = pygame.Rect(m, top, w - 2 * m, h - top - m)
        left_w = round(main.w * 0.56)
        # beside the map the draft has the rest less the gap: too little for the builder's
        # chips at a large UI scale, which then shows the text view for its turn
        self._cramped = self.open and not self._chips_fit(main.w - left_w - m // 2)
        self._with_map = self._map_turn if self._map_turn is not None else (
            self.show_map and not self._cramped)
        if self._with_map:
            left = pygame.Rect(main.x, main.y, left_w - m // 2, main.h)
            right = pygame.Rect(left.right + m, main.y, main.right - left.right - m, main.h)
            map_h = round(left.h * 0.56)
            self._map_panel(pygame.Rect(left.x, left.y, left.w, map_h))
            low = pygame.Rect(left.x, left.y + map_h + m, left.w, left.h - map_h - m)
            split = round(low.w * 0.53)
            self._table_panel(pygame.Rect(low.x, low.y, split - m // 2, low.h))
            self._roster_panel(pygame.Rect(low.x + split + m // 2, low.y,
                                           low.w - split - m // 2, low.h))
            self._draft_panel(right)
        else:
            left_w = round(main.w * 0.62)
            self._draft_panel(pygame.Rect(main.x, main.y, left_w - m // 2, main.h))
            col = pygame.Rect(main.x + left_w + m // 2, main.y, main.w - left_w - m // 2, main.h)
            half = col.h // 2
            self._table_panel(pygame.Rect(col.x, col.y, col.w, half - m // 2))
            self._roster_panel(pygame.Rect(col.x, col.y + half + m // 2, col.w,
                                           col.h - half - m // 2))
        if self.results_round:
            self._results_card()
        if self.strip_round:
            self._results_strip()
        self._frame = self._paint()

    def _paint(self) -> pygame.Surface:
        surf = pygame.Surface(self.layout.size)
        widgets.backdrop(surf, self.st)
        for op in self._ops:
            op(surf)
        if self._keep is not None:  # keep the freshly painted clause list for next time
            key, rect, boxes, chips, rows = self._keep
            self._clause_cache = (key, rect, boxes, surf.subsurface(rect).copy(), chips, rows)
            self._keep = None
        return surf

    def _cached_clauses(self, rect: pygame.Rect) -> None:
        """The clause list, reused as boxes and pixels while nothing it shows has changed
        (bots passing in turn change only the roster and the status line)."""
        v = self.view
        key = (tuple(rect), v.draft, v.draft_by, v.locked, v.issues, tuple(
            self.builder.picks.items()), self.builder.selected, self.scroll["clauses"],
            self.open, v.viewer, self.st, len(self.layout.boxes))
        hit = self._clause_cache
        if hit is not None and hit[0] == key:
            _, area, boxes, pixels, chips, rows = hit
            for box in boxes:
                self.layout.boxes[box.name] = box
            self._chips += chips
            self._rows += rows
            self._scrollers.append((area, "clauses"))
            self._ops.append(lambda s: s.blit(pixels, area))
            return
        before = set(self.layout.boxes)
        n_chips, n_rows = len(self._chips), len(self._rows)
        self._clauses(rect)
        boxes = [b for name, b in self.layout.boxes.items() if name not in before]
        self._keep = (key, rect.copy(), boxes, self._chips[n_chips:], self._rows[n_rows:])

    # small builders: a box and the operation that paints it

    def _text(self, name: str, rect: pygame.Rect | tuple[int, int, int, int], text: str,  # noqa: PLR0917
              font: pygame.font.Font, parent: str, color: Color | None = None, *,
              align: str = "left", tooltip: str = "", para: bool = False) -> pygame.Rect:
        if para:
            box = self.layout.paragraph(name, rect, text, font, parent, tooltip)
        else:
            box = self.layout.text(name, rect, text, font, parent, tooltip)
        col = color or self.st.palette.text
        self._ops.append(lambda s: self._draw_box(s, box, col, align))
        return box.rect

    def _draw_box(self, surface: pygame.Surface, box: Box, color: Color, align: str) -> None:
        """A text box's fitted lines, from the cache of rendered text."""
        rect, font = box.rect, box.font
        if font is None:
            return
        y = rect.y
        for line in box.lines:
            if line:
                img = self._cache.get(line, font, color)
                x = rect.x
                if align == "center":
                    x += (rect.w - img.get_width()) // 2
                elif align == "right":
                    x += rect.w - img.get_width()
                surface.blit(img, (x, y))
            y += font.get_linesize()

    def _panel(self, name: str, rect: pygame.Rect, title: str, info: str = "") -> pygame.Rect:
        """A panel with a title strip; returns the content rect under the title."""
        st = self.st
        self.layout.region(name, rect)
        self._ops.append(lambda s: widgets.panel(s, rect, st))
        inner = rect.inflate(-2 * st.px(10), -2 * st.px(8))
        f = st.font(14, bold=True)
        th = f.get_linesize()
        tw = inner.w if not info else min(inner.w, f.size(title.upper())[0] + st.px(12))
        self._text(f"{name}:title", (inner.x, inner.y, tw, th), title.upper(), f, name,
                   st.palette.muted)
        if info:
            self._text(f"{name}:info", (inner.x + tw, inner.y, inner.w - tw, th), info, st.small,
                       name, st.palette.faint, align="right")
        cut = widgets.title_height(st)
        return pygame.Rect(inner.x, inner.y + cut, inner.w, inner.h - cut)

    def _fill(self, rect: pygame.Rect, color: Color, radius: int = 0, width: int = 0) -> None:
        self._ops.append(lambda s: pygame.draw.rect(s, color, rect, width, border_radius=radius))

    def _more(self, name: str, rect: pygame.Rect, parent: str, above: int, below: int) -> None:
        """The "n more" line under a list that does not fit."""
        parts = [f"{above} above" for _ in range(1) if above] + [
            f"{below} below" for _ in range(1) if below]
        self._text(name, rect, " · ".join(parts) + " – scroll with the mouse wheel",
                   self.st.font(12, italic=True), parent, self.st.palette.faint, align="center")

    # -- the ticker ----------------------------------------------------------------------------

    def _ticker(self, rect: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        self.layout.region("ticker", rect)
        self._fill(rect, style.mix(pal.bg, pal.panel, 0.6))
        self._ops.append(lambda s: pygame.draw.line(s, pal.panel_edge, rect.bottomleft,
                                                    rect.bottomright))
        pad = st.px(10)
        fb = st.font(14, bold=True)
        y = rect.y + (rect.h - fb.get_linesize()) // 2
        x = rect.x + pad
        label = f"ROUND {view.round} OF {view.rounds}" if view.phase != "ended" else "FINAL"
        rw = fb.size(label)[0] + st.px(2)
        self._text("tick:round", (x, y, rw, fb.get_linesize()), label, fb, "ticker", pal.gold)
        x += rw + st.px(10)
        phase = tp.phase_name(view.phase)
        pw = st.font(12, bold=True).size(phase)[0] + st.px(16)
        chip = pygame.Rect(x, rect.y + (rect.h - st.px(22)) // 2, pw, st.px(22))
        self.layout.region("tick:phase", chip, "ticker", tooltip=self._phase_help())
        self._ops.append(lambda s: widgets.chip(s, chip, st, phase, pal.accent))
        x = chip.right + st.px(14)
        bw, bh = st.px(70), st.px(28)
        by = rect.y + (rect.h - bh) // 2
        right = rect.right - pad
        menu = self._slots["btn:menu"] = pygame.Rect(right - bw, by, bw, bh)
        self.layout.region("tick:menu", menu, "ticker")
        toggle = self._slots["btn:view"] = pygame.Rect(menu.x - st.px(6) - bw, by, bw, bh)
        self.layout.region("tick:view", toggle, "ticker")
        right = toggle.x - st.px(12)
        if self.table.timer_on:
            tw = st.font(16, bold=True).size("88:88 paused")[0] + st.px(8)
            timer = pygame.Rect(right - tw, rect.y + (rect.h - st.font(16, True).get_linesize())
                                // 2, tw, st.font(16, True).get_linesize())
            self.layout.region("tick:timer", timer, "ticker",
                               tooltip="Time left to speak this round; at 0:00 everyone still "
                               "due to speak passes.")
            right = timer.x - st.px(12)
        now, earlier = self._ticker_stories(view.news, view.round)
        results = results_line(view, self.table.session.records)
        lines = ((results,) if results else ()) + now
        if lines != self._news_lines:  # something new: turn to it at once, from its start
            self._news_lines = lines
            self._news_index = 0
            self._news_clock = self._news_x = 0.0
        # a round without news says so: last round's headline would read as this round's
        text = lines[0] if lines else "No news yet." if view.round <= 1 else "No news this round."
        tip = "\n".join(lines or (text,))
        if earlier:
            tip += "\n\nEarlier:\n" + "\n".join(earlier)
        # laid out but not painted into the frame: `_draw_news` draws it, clipped, every frame
        self.layout.text("tick:news", (x, rect.y + (rect.h - st.body.get_linesize()) // 2,
                                       max(0, right - x), st.body.get_linesize()),
                         text, st.body, "ticker", tip)

    @staticmethod
    def _news_line(item: NewsItem) -> str:
        body = f"{item.title}: {item.text}" if item.text else item.title
        return f"Round {item.round} · {body}"

    def _phase_help(self) -> str:
        v = self.view
        helps = {
            "proposals": "Each delegation in turn tables up to "
                         f"{v.max_amendments} amendments to the draft, or passes.",
            "votes": "The stakeholders of each proposal vote; votes stay hidden until all are in.",
            "signing": "Every signatory signs or refuses the text as it stands.",
            "offers": "In turn, each delegation offers a complete text or accepts the standing "
                      "offer; when all accept, it is agreed.",
            "news": "News arrives; the round's talks open next.",
            "ended": "The game is over.",
        }
        return helps.get(v.phase, tp.phase_name(v.phase))

    # -- the map -----------------------------------------------------------------------------

    def _map_panel(self, rect: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        spec = self.table.map_spec
        inner = self._panel("map", rect, "The theatre" if spec else "The scenario")
        if spec is None or not spec.locations:
            self.map = None
            self._text("map:summary", inner, view.summary or view.briefing or view.title,
                       st.body, "map", pal.text, para=True)
            return
        aspect = 2549 / 2001
        asset = self._asset_aspect()
        if asset:
            aspect = asset
        legend_min = st.px(180)
        mw = min(inner.w - legend_min - st.px(10), round(inner.h * aspect))
        mw = max(mw, min(inner.w, round(inner.h * aspect)) // 2)
        mh = min(inner.h, round(mw / aspect))
        map_rect = pygame.Rect(inner.x, inner.y + (inner.h - mh) // 2, mw, mh)
        self.map = _map_view(spec, map_rect.size, st.font(11))
        self.map.set_draft(view.draft)
        mv = self.map
        self.layout.region("map:view", map_rect, "map")
        self._map_rect = map_rect
        self._ops.append(lambda s: mv.draw(s, map_rect.topleft))
        self._ops.append(lambda s: pygame.draw.rect(s, pal.panel_edge, map_rect, 1))
        legend = pygame.Rect(map_rect.right + st.px(10), inner.y,
                             inner.right - map_rect.right - st.px(10), inner.h)
        if legend.w < st.px(120):
            return
        self.layout.region("legend", legend, "map")
        f = st.small
        lh = f.get_linesize()
        self._text("legend:title", (legend.x, legend.y, legend.w, lh), "On the ground",
                   st.font(13, bold=True), "legend", pal.muted)
        layers = mv.visible_layers
        if not layers:
            self._text("legend:none", (legend.x, legend.y + lh + st.px(4), legend.w, lh * 3),
                       "Nothing deployed yet: the map fills in as the draft is agreed.",
                       st.font(12, italic=True), "legend", pal.faint, para=True)
            return
        colors = load_theme()["markers"]
        row_h = lh + st.px(3)
        y = legend.y + lh + st.px(4)
        for n, layer in enumerate(layers):
            if y + row_h > legend.bottom:
                rest = len(layers) - n
                self._text("legend:more", (legend.x, y, legend.w, lh), f"and {rest} more",
                           st.font(12, italic=True), "legend", pal.faint,
                           tooltip="\n".join(lay.label or lay.id for lay in layers[n:]))
                break
            icon = layer.markers[0].icon if layer.markers else ""
            color = style.rgb(colors.get(icon, "#b3261e")) if icon else style.rgb("#b3261e")
            dot = pygame.Rect(legend.x, y + (lh - st.px(9)) // 2, st.px(9), st.px(9))
            self._fill(dot, color, st.px(2))
            self._fill(dot, (230, 230, 230), st.px(2), 1)
            # a long entry wraps to three lines at most, as many as there is room for (the
            # full text is the tooltip of one still cut)
            label, tw = layer.label or layer.id, legend.w - dot.w - st.px(6)
            th = lh * max(1, min(3, len(style.wrap(label, f, tw)),
                                 (legend.bottom - y - st.px(3)) // lh))
            self._text(f"legend:{n}", (dot.right + st.px(6), y, tw, th), label, f, "legend",
                       pal.text, para=True)
            y += th + row_h - lh

    def _asset_aspect(self) -> float:
        from game.ui.map_view import load_base_map
        spec = self.table.map_spec
        if spec is None:
            return 0.0
        try:
            ext = load_base_map(spec.region)["projection"]["extent_km"]
        except (OSError, KeyError):
            return 0.0
        return float((ext["x_max"] - ext["x_min"]) / (ext["y_max"] - ext["y_min"]))

    # -- the draft and the builder ------------------------------------------------------------

    def _draft_panel(self, rect: pygame.Rect) -> None:
        st, view = self.st, self.view
        offers = view.protocol == "alternating_offers"
        title = ("Your offer" if offers else "Proposal builder") if self.open else "Draft text"
        speaker = self.speaker(view)
        if self.open and speaker is not None:
            name = view.party(speaker).name
            title = f"Offer for {name}" if offers else f"Proposal for {name}"
        info = (f"{len(self.builder.picks)} of {view.max_amendments} clauses changed"
                if self.open and not offers else f"{len(view.issues)} clauses")
        inner = self._panel("draft", rect, title, info)
        y = inner.y
        if self.open and speaker is not None:
            y = self._turn_banner(pygame.Rect(inner.x, y, inner.w, 0), view.party(speaker),
                                  offers) + st.px(6)
        if view.me is not None:
            y = self._mine(pygame.Rect(inner.x, y, inner.w, 0)) + st.px(6)
        foot_h = self._footer_height(inner.w)
        foot = pygame.Rect(inner.x, inner.bottom - foot_h, inner.w, foot_h)
        warning = tp.deadline_warning(view)
        if warning:  # it takes only what every clause, in its tightest row, leaves over
            spare = foot.y - 2 * st.px(6) - y - self._clauses_height(len(view.issues))
            y = self._deadline(pygame.Rect(inner.x, y, inner.w, 0), warning, spare) + st.px(6)
        clauses = pygame.Rect(inner.x, y, inner.w, foot.y - st.px(6) - y)
        self._cached_clauses(clauses)
        if self.open:
            self._builder_footer(foot)
        else:
            self._status_footer(foot)

    def _turn_banner(self, at: pygame.Rect, party: PartyInfo, offers: bool) -> int:
        """Projector mode: whose turn it is, large and in the party's colour, for the room to
        see; returns the bottom."""
        st, pal = self.st, self.st.palette
        whose = party.name + ("'" if party.name.endswith("s") else "'s")
        what = "their offer, or Accept" if offers else "their proposal, or Pass"
        short = "offer or Accept" if offers else "propose or Pass"
        pad = st.px(14)
        fonts = [st.font(size, bold=True) for size in (20, 18, 16)]
        # the longest wording that fits, large; in a narrow panel a shorter one
        text, f = next(((t, f) for t in (f"{whose} turn: enter {what}", f"{whose} turn: {short}",
                                         f"{whose} turn") for f in fonts
                        if f.size(t)[0] <= at.w - 2 * pad), (f"{whose} turn", fonts[-1]))
        box = pygame.Rect(at.x, at.y, at.w, fonts[0].get_linesize() + st.px(12))
        color = style.rgb(party.color)
        fill = style.mix(pal.panel, color, 0.45)
        self.layout.region("turn", box, "draft")
        self._fill(box, fill, st.px(5))
        self._fill(pygame.Rect(box.x, box.y, st.px(6), box.h), color, st.px(2))
        self._text("turn:text", (box.x + pad, box.y + (box.h - f.get_linesize()) // 2,
                                 box.w - 2 * pad, f.get_linesize()), text, f, "turn",
                   style.readable_on(fill))
        return box.bottom

    def _deadline(self, at: pygame.Rect, warning: str, room: int) -> int:
        """The last two rounds' warning that clauses without a fallback are still open, in
        amber over the clauses (the draft is public, so every seat and the projector show it);
        returns the bottom. Up to three lines when `room` pixels allow, else the short wording
        in what there is (a line at least; the full text on hover), so that the clauses, marked
        "no fallback" in amber themselves, stay in sight."""
        st, pal = self.st, self.st.palette
        f = st.font(13, bold=True)
        lh = f.get_linesize()
        bar = st.px(4)
        pad = st.px(8)
        text_w = at.w - bar - 2 * pad
        room_rows = max(1, (room - st.px(8)) // lh)
        text = warning
        rows = min(3, len(style.wrap(warning, f, text_w)))
        if rows > room_rows:
            text = tp.deadline_short(self.view)
            rows = min(room_rows, len(style.wrap(text, f, text_w)))
        box = pygame.Rect(at.x, at.y, at.w, rows * lh + st.px(8))
        tip = (warning + "\nAn open clause with a fallback counts as that option at the final "
               "signing. One without cannot be signed: if any is still open after the last "
               "round's votes, the talks end with no deal.")
        self.layout.region("deadline", box, "draft", tooltip=tip)
        self._fill(box, style.mix(pal.panel, pal.warn, 0.14), st.px(5))
        self._fill(pygame.Rect(box.x, box.y, bar, box.h), pal.warn, st.px(2))
        self._text("deadline:text", (box.x + bar + pad, box.y + st.px(4), text_w, rows * lh),
                   text, f, "deadline", pal.warn, tooltip=tip, para=True)
        return box.bottom

    def _mine(self, at: pygame.Rect) -> int:
        """"My utility for this draft" with the reservation; returns the bottom."""
        st, pal, view = self.st, self.st.palette, self.view
        assert view.me is not None
        prefs = view.me.preferences
        # Under alternating offers the draft never moves: what matters is the standing offer.
        offered = view.protocol == "alternating_offers"
        text = scored_text(view.protocol, view.draft, view.offer)
        now = tp.worth(view, prefs, text)
        if offered and view.offer is not None:
            # Accepting makes the deal at once: what counts is its score now, urgency taken
            # off, against the reservation (its utility alone read green below the walk-away).
            now = replace(now, value=score(prefs, tp.filled(view, text),
                                           tuple(i.id for i in view.issues), view.round - 1))
        f = st.small
        lh = f.get_linesize()
        box = pygame.Rect(at.x, at.y, at.w, lh + st.px(14))
        opens = [] if offered else [i.name for i in view.issues if view.draft.get(i.id) is None]
        what = ("the standing offer, accepted now (less the urgency of the rounds gone)"
                if view.offer is not None else "no offer yet (nothing)"
                ) if offered else "the draft as it stands"
        tip = (f"What {what} is worth to you: {now.value:.1f} of 100. Your "
               f"reservation (the gold mark) is {now.reservation:.0f}: no deal is worth that "
               "much to you.")
        if opens:
            tip += (" Open clauses count as their fallback if they have one, else 0: "
                    + ", ".join(opens) + ".")
        if now.crossed:
            tip += " It crosses your red line on " + ", ".join(now.crossed) + ": you could not "\
                "sign it."
        self.layout.region("mine", box, "draft", tooltip=tip)
        lw = round(box.w * 0.58)
        label = ("The standing offer, accepted now" if offered and view.offer is not None
                 else "No offer on the table yet" if offered else "My utility for this draft")
        color = pal.muted
        if now.crossed:
            label = "Crosses my red line: " + ", ".join(now.crossed)
            color = pal.bad
        self._text("mine:label", (box.x, box.y, lw, lh), label, f, "mine", color, tooltip=tip)
        value = f"{now.value:.1f}  ·  reservation {now.reservation:.0f}"
        vc = pal.good if now.value >= now.reservation and not now.crossed else pal.warn
        self._text("mine:value", (box.x + lw, box.y, box.w - lw, lh), value,
                   st.font(13, bold=True), "mine", vc, align="right", tooltip=tip)
        bar = pygame.Rect(box.x, box.y + lh + st.px(3), box.w, st.px(8))
        self.layout.region("mine:bar", bar, "mine", tooltip=tip)
        self._ops.append(lambda s: widgets.value_bar(
            s, bar, st, now.value, color=vc, marks=((now.reservation, pal.gold),),
            hatched=bool(now.crossed)))
        return box.bottom

    def _footer_height(self, width: int) -> int:
        """The footer's height in a panel `width` wide: the builder's worth line and its
        notice take as many lines as they need (up to `FOOTER_LINES` each), so a warning's
        figures and a tip show whole; the list of keys keeps to one line."""
        st = self.st
        lh = st.small.get_linesize()
        if self.open:
            (worth, _), (msg, _) = self._builder_messages()
            lines = self._footer_lines(worth, width) + self._footer_lines(msg, width)
            return lines * lh + st.px(4) + st.px(32) + st.px(4)
        return st.font(15, bold=True).get_linesize() + 2 * lh + st.px(12)

    def _footer_lines(self, text: str, width: int) -> int:
        """How many lines of the builder's footer `text` takes in a panel `width` wide (the
        list of keys, shown when there is no notice, one)."""
        if text == self._keys_line():
            return 1
        return max(1, min(FOOTER_LINES, len(style.wrap(text, self.st.small, width))))

    def _keys_line(self) -> str:
        """The builder's keys, under its buttons when there is no error or notice."""
        return ("P offer · A accept · 1-9 select · Left/Right change"
                if self.view.protocol == "alternating_offers" else
                "P propose · S pass · 1-9 select a clause · Left/Right change · C clear")

    def _builder_messages(self) -> tuple[tuple[str, Color], tuple[str, Color]]:
        """The builder footer's two messages and their colours: what the package is worth
        (projector mode: what was entered), and the error, notice or keys under the buttons."""
        pal, view = self.st.palette, self.view
        offers = view.protocol == "alternating_offers"
        base = view.offer[1] if offers and view.offer else None
        if view.me is None:  # projector mode: what the operator entered, and nothing private
            worth = self._entered_line(view, offers), pal.text
        else:
            worth = self._worth_line(view, view.me.preferences, base, offers)
        msg, mcol = self.error or self.notice, pal.bad if self.error else pal.warn
        if not msg:
            msg, mcol = self._keys_line(), pal.faint
        return worth, (msg, mcol)

    def _row_height(self) -> int:
        st = self.st
        return st.font(13, bold=True).get_linesize() + st.px(22) + st.px(7)

    def _chip_min(self) -> int:
        """The lowest an option chip may be: its label's line and a pixel either side."""
        return self.st.font(12).get_linesize() + self.st.px(2)

    def _chip_width(self, row_w: int, n: int) -> int:
        """An option chip's width in a clause row `row_w` wide with `n` options."""
        st = self.st
        gap = st.px(4)
        return (row_w - 2 * st.px(7) - gap * (n - 1)) // max(1, n)

    def _chips_fit(self, panel_w: int) -> bool:
        """Whether every option chip in a draft panel `panel_w` wide shows its label whole or
        at least its first `CHIP_CHARS` characters, beside two backers' dots ("Up to…" and
        "Citie…" read as nothing)."""
        st = self.st
        f = st.font(12)
        row_w = panel_w - 2 * st.px(10)
        for issue in self.view.issues:
            room = (self._chip_width(row_w, len(issue.options)) - st.px(10)
                    - 2 * (st.px(8) + st.px(2)))
            for o in issue.options:
                shown = o.label if len(o.label) <= CHIP_CHARS else (
                    o.label[:CHIP_CHARS].rstrip() + style.ELLIPSIS)
                if f.size(shown)[0] > room:
                    return False
        return True

    def _clauses_height(self, n: int) -> int:
        """What `n` clause rows take at their tightest (see `_clauses`)."""
        st = self.st
        row = st.font(13, bold=True).get_linesize() + st.px(1) + self._chip_min() + st.px(2)
        return n * (row + st.px(2)) - st.px(2)

    def _clauses(self, rect: pygame.Rect) -> None:
        st, view = self.st, self.view
        self.layout.region("clauses", rect, "draft")
        self._scrollers.append((rect, "clauses"))
        issues = view.issues
        rh = self._row_height()
        gap = st.px(2)
        if issues and len(issues) * (rh + gap) <= rect.h:  # room to spare: breathe a little
            rh = min(round(rh * 1.35), rect.h // len(issues) - gap)
        more_h = st.font(12).get_linesize()
        if issues and len(issues) * (rh + gap) > rect.h:
            # short of room: tighter rows (down to the tightest) before paging; rows that page
            # share out the height they leave over
            rh = max(self._clauses_height(1), (rect.h + gap) // len(issues) - gap)
            if len(issues) * (rh + gap) > rect.h + gap:
                fit = max(1, (rect.h + gap - more_h) // (rh + gap))
                rh = (rect.h + gap - more_h) // fit - gap
        sel = self.builder.selected if self.builder.selected < len(issues) else -1
        first = self.scroll["clauses"] if sel < 0 else min(self.scroll["clauses"], sel)
        start, end = tp.page([rh + gap] * len(issues), first, rect.h + gap, more_h)
        while sel >= end and end < len(issues):  # keep the selected clause in sight
            first += 1
            start, end = tp.page([rh + gap] * len(issues), first, rect.h + gap, more_h)
        self.scroll["clauses"] = start
        y = rect.y
        for k in range(start, end):
            self._clause_row(k, issues[k], pygame.Rect(rect.x, y, rect.w, rh), k == sel)
            y += rh + gap
        if start > 0 or end < len(issues):
            self._more("clauses:more", pygame.Rect(rect.x, rect.bottom - more_h, rect.w, more_h),
                       "clauses", start, len(issues) - end)

    def _clause_row(self, k: int, issue: Issue, rect: pygame.Rect, selected: bool) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        name = f"clause:{issue.id}"
        tip = tp.clause_tooltip(issue, view)
        self.layout.region(name, rect, "clauses", tooltip=tip)
        self._rows.append((rect, k))
        picked = self.builder.picks.get(issue.id)
        changed = picked is not None and picked != view.draft.get(issue.id)
        bg = style.mix(pal.panel, pal.raised, 0.75 if selected else 0.45)
        self._fill(rect, bg, st.px(5))
        if changed:
            self._fill(pygame.Rect(rect.x, rect.y, st.px(3), rect.h), pal.accent)
        elif selected and self.open:
            self._fill(pygame.Rect(rect.x, rect.y, st.px(3), rect.h), pal.muted)
        pad = st.px(7)
        fb = st.font(13, bold=True)
        lh = fb.get_linesize()
        ch = max(self._chip_min(), min(st.px(30), st.px(22) + (rect.h - self._row_height()) // 2))
        y = rect.y + (rect.h - lh - st.px(1) - ch) // 2
        x = rect.x + pad
        locked = issue.id in view.locked
        num = str((k + 1) % 10) if k < 10 else ""
        nw = st.px(14)
        self._text(f"{name}:num", (x, y, nw, lh), num, st.font(12, bold=True), name, pal.faint,
                   tooltip=tip)
        x += nw + st.px(4)
        if locked:
            lock = pygame.Rect(x, y + (lh - st.px(11)) // 2, st.px(9), st.px(11))
            self.layout.region(f"{name}:lock", lock, name, tooltip="Locked: no one can amend "
                               "this clause now.")
            self._ops.append(lambda s: _padlock(s, lock, pal.gold))
            x = lock.right + st.px(5)
        by_w = st.px(74)
        inner_right = rect.right - pad
        name_w = round((inner_right - x - by_w) * 0.45)
        self._text(f"{name}:name", (x, y, name_w, lh), issue.name, fb, name, pal.text,
                   tooltip=tip)
        x += name_w + st.px(6)
        current = view.draft.get(issue.id)
        now = tp.option_label(issue, current)
        cur_text = now
        if changed:
            cur_text = f"{now} › {tp.option_label(issue, picked)}"
        # open with a fallback: amber, quieter; open without one would sink the deal: bold amber
        bare = current is None and issue.if_open is None
        color = pal.muted if current is not None else (
            pal.warn if bare else style.mix(pal.warn, pal.muted, 0.45))
        if changed:
            color = pal.accent
        cur_w = inner_right - by_w - st.px(6) - x
        self._text(f"{name}:now", (x, y, cur_w, lh), cur_text, st.font(13, bold=bare), name,
                   color, tooltip=tip)
        by = view.draft_by.get(issue.id)
        chip = pygame.Rect(inner_right - by_w, y + (lh - st.px(18)) // 2, by_w, st.px(18))
        if by:
            try:
                p = view.party(by)
            except KeyError:
                p = None
            if p is not None:
                c = style.rgb(p.color)
                label = tag(p.id)
                self.layout.region(f"{name}:by", chip, name,
                                   tooltip=f"{p.name} put this option into the draft.")
                self._ops.append(lambda s: widgets.chip(s, chip, st, label, c))
        elif current is not None:
            self._text(f"{name}:by", chip, "scenario", st.font(12, italic=True), name, pal.faint,
                       align="right", tooltip="The option the scenario's draft starts with.")
        opts = issue.options
        cy = y + lh + st.px(1)
        gap = st.px(4)
        cw = self._chip_width(rect.w, len(opts))
        prefs = view.me.preferences if view.me else None
        for n, o in enumerate(opts):
            cr = pygame.Rect(rect.x + pad + n * (cw + gap), cy, cw, ch)
            self._option_chip(issue, o.id, o.label, o.description, rect=cr, parent=name,
                              prefs=prefs, current=current, picked=picked, locked=locked)

    def _option_chip(self, issue: Issue, option: str, label: str, description: str, *,
                     rect: pygame.Rect, parent: str, prefs: object, current: str | None,
                     picked: str | None, locked: bool) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        name = f"opt:{issue.id}:{option}"
        backers = tp.supporters(view, issue.id, option)
        value = tp.option_value(prefs, issue.id, option) if isinstance(prefs, Preferences) \
            else None
        red = isinstance(prefs, Preferences) and tp.is_red_line(prefs, issue.id, option)
        tip = [label + (f": {description}" if description else "")]
        if backers:
            tip.append("Publicly wanted by " + ", ".join(p.name for p in backers) + ".")
        if value is not None:
            tip.append(f"Worth {value:.0f} of 100 to you on this clause.")
        if red:
            tip.append("Your red line: you could never sign a text with this.")
        if current == option:
            tip.append("In the draft now.")
        if self.open and not locked:
            whose = "the" if self.projector else "your"
            tip.append(f"Click to put this in {whose} proposal (again to take it out)."
                       if view.protocol != "alternating_offers" else "Click to put this in "
                       f"{whose} offer.")
        tooltip = " ".join(tip)
        self.layout.region(name, rect, parent, tooltip=tooltip)
        if self.open and not locked:
            self._chips.append((rect, issue.id, option))
        in_draft = current == option
        chosen = picked == option
        fill = style.mix(pal.panel, pal.bg, 0.35)
        edge = pal.panel_edge
        text = pal.muted
        if in_draft:
            fill, edge, text = style.mix(pal.raised, pal.gold, 0.18), pal.gold, pal.text
        if chosen and not in_draft:
            fill, edge, text = pal.accent, style.mix(pal.accent, (255, 255, 255), 0.4), \
                style.readable_on(pal.accent)
        if red:
            edge = pal.bad
        dot = st.px(8)
        dots_w = min(len(backers), 4) * (dot + st.px(2))
        f = st.font(12)
        label_rect = pygame.Rect(rect.x + st.px(5), rect.y + (rect.h - f.get_linesize()) // 2,
                                 max(0, rect.w - st.px(10) - dots_w), f.get_linesize())
        self._ops.append(lambda s: (pygame.draw.rect(s, fill, rect, border_radius=st.px(4)),
                                    pygame.draw.rect(s, edge, rect, 1, border_radius=st.px(4))))
        if value is not None:
            bar = pygame.Rect(rect.x + st.px(3), rect.bottom - st.px(4),
                              round((rect.w - st.px(6)) * max(0.0, min(1.0, value / 100))),
                              st.px(2))
            vcol = pal.bad if red else style.mix(pal.good, fill, 0.25)
            self._fill(bar, vcol)
        self._text(f"{name}:label", label_rect, label, f, name, text, tooltip=tooltip)
        colors = [style.rgb(p.color) for p in backers[:4]]
        x0 = label_rect.right + st.px(1)
        cy = rect.centery
        self._ops.append(lambda s: [
            (pygame.draw.circle(s, c, (x0 + i * (dot + st.px(2)) + dot // 2, cy), dot // 2),
             pygame.draw.circle(s, pal.shadow, (x0 + i * (dot + st.px(2)) + dot // 2, cy),
                                dot // 2, 1)) for i, c in enumerate(colors)])

    def _builder_footer(self, rect: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        self.layout.region("builder", rect, "draft")
        f = st.small
        lh = f.get_linesize()
        offers = view.protocol == "alternating_offers"
        (line, color), (msg, mcol) = self._builder_messages()
        worth_h = self._footer_lines(line, rect.w) * lh
        self._text("builder:worth", (rect.x, rect.y, rect.w, worth_h), line, f, "builder",
                   color, para=True)
        y = rect.y + worth_h + st.px(4)
        bh = st.px(32)
        b1, b2, b3 = st.px(96), st.px(84), st.px(70)
        g = st.px(6)
        x = rect.right - b1 - b2 - b3 - 2 * g
        note = pygame.Rect(rect.x, y, x - g - rect.x, bh)
        if not offers:
            self._slots["note"] = note
            self.layout.region("builder:note", note, "builder")
        else:
            self._slots["note"] = note  # kept for the layout of the row; hidden below
            standing = "No standing offer yet." if view.offer is None else (
                f"Standing offer by {view.party(view.offer[0]).name}; accepted by "
                + ", ".join(view.party(p).name for p in view.accepted) + ".")
            self._text("builder:standing", note, standing, f, "builder", pal.muted,
                       para=True)
        for key, bw, pos in (("btn:propose", b1, x), ("btn:pass", b2, x + b1 + g),
                             ("btn:clear", b3, x + b1 + b2 + 2 * g)):
            r = self._slots[key] = pygame.Rect(pos, y, bw, bh)
            self.layout.region(f"builder:{key}", r, "builder")
        self._text("builder:msg", (rect.x, y + bh + st.px(4), rect.w,
                                   self._footer_lines(msg, rect.w) * lh), msg, f, "builder",
                   mcol, para=True)

    def _worth_line(self, view: View, prefs: Preferences, base: Amendments | None,
                    offers: bool) -> tuple[str, Color]:
        """What the package being built is worth to the seat at the screen."""
        pal = self.st.palette
        now = tp.worth(view, prefs, dict(base) if base else view.draft)
        pkg = tp.worth(view, prefs, self.builder.text(view))
        if offers:
            line = f"This offer is worth {pkg.value:.1f} to you"
            if base:
                line += f" ({signed(pkg.value - now.value)} on the standing offer)"
        elif self.builder.picks:
            # A text with a clause open and no fallback cannot be signed: the draft as it
            # stands is then worth the walk-away, and a package that settles the last such
            # clause is weighed against that (as the vote card does), not against the draft
            # counting the clause 0.
            text = self.builder.text(view)
            if open_without_fallback(view.issues, view.draft) and not open_without_fallback(
                    view.issues, text):
                change = signed(pkg.value - prefs.reservation)
                line = (f"This package makes a text you could sign, worth {pkg.value:.1f} to "
                        f"you ({change} on your walk-away)")
            else:
                change = signed(pkg.value - now.value)
                line = f"This package is worth {pkg.value:.1f} to you ({change} on the draft)"
        else:
            line = "Click options below to build a proposal: one click per clause."
        color = pal.text if self.builder.picks or offers else pal.muted
        if pkg.crossed:
            line += " · crosses your red line on " + ", ".join(pkg.crossed)
            return line, pal.bad
        if self.builder.picks and not offers:
            picked = frozenset(self.builder.picks.items())
            twin = next((p.id for p in view.proposals if p.round == view.round
                         and frozenset(p.amendments) == picked), None)
            # in place of the worth: the line holds one thing, and these matter more
            if twin is not None:  # a copy could only lapse, and every seat must vote on it
                line = f"This package is already on the table as #{twin}: a copy would lapse"
                color = pal.warn
            elif below := tp.completes_below(view, prefs, tuple(self.builder.picks.items())):
                line = "This package" + below.removeprefix("It")
                color = pal.warn
        return line, color

    def _entered_line(self, view: View, offers: bool) -> str:
        """Projector mode: the proposal or offer the operator has entered so far."""
        speaker = self.speaker(view)
        who = view.party(speaker).name if speaker else "the delegation"
        if offers:
            return f"Enter {possessive(who)} complete offer as it is called out, then Offer (P)."
        if not self.builder.picks:
            return (f"Enter {possessive(who)} amendments as they are called out (one click per "
                    "clause), or Pass (S).")
        picks = [(i.id, self.builder.picks[i.id]) for i in view.issues
                 if i.id in self.builder.picks]
        return f"{who} proposes: {tp.amendments_text(view, picks)}"

    def _status_footer(self, rect: pygame.Rect) -> None:
        """Whose turn it is, and what the last bot did and why (bots moving, or votes)."""
        st, pal, view = self.st, self.st.palette, self.view
        self.layout.region("status", rect, "draft")
        self._fill(rect, style.mix(pal.panel, pal.bg, 0.4), st.px(5))
        fb = st.font(15, bold=True)
        f = st.small
        pad = st.px(8)
        movers = [view.party(p) for p in view.to_move if p in {q.id for q in view.parties}]
        if self.table.over or view.phase == "ended":
            head = "The talks are over."
            color = pal.gold
        elif movers:
            who = movers[0]
            bot = self.table.seats.get(who.id)
            if bot is not None and bot.is_bot:
                head = (f"Paused by the control seat: {who.name} waits." if self.table.halted
                        else f"{who.name} is thinking…")
            elif who.id == view.viewer:
                head = "Your turn."
            elif self.projector:
                head = f"{who.name} to move: the operator enters it."
            else:
                head = f"Waiting for {who.name}…"
            if len(movers) > 1:
                verb = "vote" if view.phase == "votes" else "decide"
                head = f"{len(movers)} delegations to {verb}…"
            color = style.rgb(who.color) if len(movers) == 1 else pal.text
            color = style.mix(color, (255, 255, 255), 0.5)
        else:
            head = f"{tp.phase_name(view.phase)}…"
            color = pal.text
        bar_w = st.px(4)
        self._fill(pygame.Rect(rect.x, rect.y, bar_w, rect.h), color, 0)
        x = rect.x + bar_w + pad
        w = rect.right - pad - x
        y = rect.y + st.px(4)
        self._text("status:head", (x, y, w, fb.get_linesize()), head, fb, "status", color)
        y += fb.get_linesize()
        move = tp.last_move(self.table)
        if move is not None:
            did, why = tp.move_text(view, move)
            try:
                who_name = view.party(move.party).name
            except KeyError:
                who_name = move.party
            why = self._why(why)
            line = f"Last: {who_name} {did}." + (f" {why}" if why else "")
        else:
            line = "The delegations' moves and their reasons show here."
        self._text("status:last", (x, y, w, 2 * f.get_linesize()), line, f, "status",
                   pal.muted, para=True)

    # -- on the table ------------------------------------------------------------------------

    def _table_panel(self, rect: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        if view.protocol == "alternating_offers":
            self._offer_panel(rect)
            return
        now = [p for p in view.proposals if p.round == view.round]
        inner = self._panel("table", rect, "On the table",
                            f"{len(now)} this round" if now else "")
        self.layout.region("table:list", inner, "table")
        self._scrollers.append((inner, "table"))
        f = st.small
        lh = f.get_linesize()
        big = 2 * lh + st.px(8)
        small = lh + st.px(2)
        earlier = [p for p in view.proposals if p.round < view.round][::-1]
        entries: list[tuple[str, ProposalView | None, int]] = [
            ("now", p, big) for p in now]
        if not now:
            entries.append(("empty", None, small * 2))
        if earlier:
            entries.append(("head", None, small + st.px(4)))
            entries += [("old", p, small) for p in earlier]
        more_h = st.font(12).get_linesize()
        heights = [e[2] for e in entries]
        start, end = tp.page(heights, self.scroll["table"], inner.h, more_h)
        self.scroll["table"] = start
        y = inner.y
        for kind, p, eh in entries[start:end]:
            r = pygame.Rect(inner.x, y, inner.w, eh - st.px(2))
            if kind == "now" and p is not None:
                self._proposal_row(p, r)
            elif kind == "old" and p is not None:
                self._old_row(p, r)
            elif kind == "head":
                self._text("table:earlier", (r.x, r.y + st.px(4), r.w, lh), "EARLIER ROUNDS",
                           st.font(12, bold=True), "table:list", pal.faint)
            else:
                msg = ("No proposals yet this round." if view.phase in ("proposals", "news")
                       else "Nothing was tabled this round.")
                self._text("table:empty", (r.x, r.y, r.w, lh), msg, st.font(13, italic=True),
                           "table:list", pal.faint)
            y += eh
        if start > 0 or end < len(entries):
            self._more("table:more", pygame.Rect(inner.x, inner.bottom - more_h, inner.w,
                                                 more_h), "table:list", start,
                       len(entries) - end)

    def _result(self, p: ProposalView) -> tuple[str, Color]:
        pal = self.st.palette
        if p.result == "passed":
            return "Passed", pal.good
        if p.result == "failed":
            return "Failed", pal.bad
        if p.result == "lapsed":
            return "Lapsed", pal.warn
        return ("Voting" if self.view.phase == "votes" else "Tabled"), pal.accent

    def _proposal_tip(self, p: ProposalView) -> str:
        view = self.view
        who = view.party(p.party).name if p.party in {q.id for q in view.parties} else p.party
        lines = [f"Proposal {p.id} by {who}, round {p.round}:",
                 tp.amendments_text(view, p.amendments)]
        if p.note:
            lines.append(f"“{p.note}”")
        names = {q.id: q.name for q in view.parties}
        if p.votes:
            lines.append("Votes: " + ", ".join(
                f"{names.get(k, k)} {'yes' if v else 'no'}" for k, v in p.votes.items()))
        waiting = [names.get(s, s) for s in p.stakeholders if s not in p.voted]
        if p.voted and not p.revealed:
            lines.append("Voted so far (hidden until all are in): "
                         + ", ".join(names.get(s, s) for s in p.voted))
        if waiting and p.result == "pending":
            lines.append("Still to vote: " + ", ".join(waiting))
        if p.reason:
            lines.append(view.in_words(p.reason))  # the rules word it with party ids
        return "\n".join(lines)

    def _proposal_row(self, p: ProposalView, rect: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        name = f"prop:{p.id}"
        tip = self._proposal_tip(p)
        self.layout.region(name, rect, "table:list", tooltip=tip)
        self._fill(rect, style.mix(pal.panel, pal.raised, 0.45), st.px(5))
        info = next((q for q in view.parties if q.id == p.party), None)
        color = style.rgb(info.color) if info else pal.muted
        self._fill(pygame.Rect(rect.x, rect.y, st.px(4), rect.h), color)
        pad = st.px(8)
        f = st.small
        lh = f.get_linesize()
        x = rect.x + pad
        y = rect.y + st.px(3)
        label, rcol = self._result(p)
        rw = st.font(12, bold=True).size(label)[0] + st.px(14)
        badge = pygame.Rect(rect.right - pad - rw, y + (lh - st.px(18)) // 2, rw, st.px(18))
        self.layout.region(f"{name}:result", badge, name,
                           tooltip=view.in_words(p.reason) if p.reason else tip)
        self._ops.append(lambda s: widgets.chip(s, badge, st, label, rcol))
        dots = self._vote_dots(p, badge.x - st.px(8), y + lh // 2, name)
        who = info.name if info else p.party
        self._text(f"{name}:who", (x, y, max(0, dots - st.px(6) - x), lh),
                   f"{p.id}. {who}", st.font(13, bold=True), name,
                   style.mix(color, (255, 255, 255), 0.45), tooltip=tip)
        body = tp.amendments_text(view, p.amendments)
        if p.note:
            body += f"  “{p.note}”"
        self._text(f"{name}:text", (x, y + lh + st.px(1), rect.right - pad - x, lh), body, f,
                   name, pal.text, tooltip=tip)

    def _vote_dots(self, p: ProposalView, right: int, cy: int, parent: str) -> int:
        """One dot per stakeholder: hollow (to vote), grey (voted, hidden), green or red.
        Returns the left edge used."""
        st, pal, view = self.st, self.st.palette, self.view
        d = st.px(8)
        step = d + st.px(3)
        n = len(p.stakeholders)
        width = n * step
        rect = pygame.Rect(right - width, cy - d // 2, width, d)
        names = {q.id: q.name for q in view.parties}
        tip = ", ".join(
            f"{names.get(s, s)}: " + ("yes" if p.votes.get(s) else "no") if s in p.votes
            else f"{names.get(s, s)}: " + ("voted" if s in p.voted else "to vote")
            for s in p.stakeholders)
        self.layout.region(f"{parent}:votes", rect, parent, tooltip="Votes – " + tip)
        marks: list[tuple[tuple[int, int], Color, int]] = []
        for k, s in enumerate(p.stakeholders):
            c = (rect.x + k * step + d // 2, cy)
            if s in p.votes:
                marks.append((c, pal.good if p.votes[s] else pal.bad, 0))
            elif s in p.voted:
                marks.append((c, pal.muted, 0))
            else:
                marks.append((c, pal.faint, 1))
        self._ops.append(lambda s: [pygame.draw.circle(s, col, c, d // 2, wd)
                                    for c, col, wd in marks])
        return rect.x

    def _old_row(self, p: ProposalView, rect: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        name = f"prop:{p.id}"
        tip = self._proposal_tip(p)
        self.layout.region(name, rect, "table:list", tooltip=tip)
        info = next((q for q in view.parties if q.id == p.party), None)
        color = style.rgb(info.color) if info else pal.muted
        f = st.font(12)
        lh = f.get_linesize()
        sw = pygame.Rect(rect.x, rect.y + (rect.h - st.px(8)) // 2, st.px(8), st.px(8))
        self._fill(sw, color, st.px(2))
        label, rcol = self._result(p)
        rw = st.font(12, bold=True).size("Lapsed")[0] + st.px(4)
        self._text(f"{name}:result", (rect.right - rw, rect.y, rw, lh), label,
                   st.font(12, bold=True), name, rcol, align="right", tooltip=tip)
        text = f"R{p.round} · {tag(p.party)}: {tp.amendments_text(view, p.amendments)}"
        self._text(f"{name}:text", (sw.right + st.px(6), rect.y,
                                    rect.w - rw - sw.w - st.px(12), lh), text, f, name,
                   pal.muted, tooltip=tip)

    def _offer_panel(self, rect: pygame.Rect) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        inner = self._panel("table", rect, "Standing offer")
        self.layout.region("table:list", inner, "table")
        f = st.small
        lh = f.get_linesize()
        if view.offer is None:
            self._text("table:empty", (inner.x, inner.y, inner.w, lh * 2),
                       "No offer yet. Each delegation in turn offers a complete text or "
                       "accepts the one standing.", st.font(13, italic=True), "table:list",
                       pal.faint, para=True)
            return
        by, text = view.offer
        who = view.party(by)
        names = ", ".join(view.party(p).name for p in view.accepted)
        self._text("table:by", (inner.x, inner.y, inner.w, lh), f"By {who.name} · accepted by "
                   f"{names}", st.font(13, bold=True), "table:list",
                   style.mix(style.rgb(who.color), (255, 255, 255), 0.45))
        y = inner.y + lh + st.px(4)
        for n, (issue_id, option) in enumerate(text):
            if y + lh > inner.bottom:
                break
            try:
                issue = view.issue(issue_id)
            except KeyError:
                continue
            nw = round(inner.w * 0.42)
            self._text(f"table:i{n}", (inner.x, y, nw, lh), issue.name, f, "table:list",
                       pal.muted)
            self._text(f"table:o{n}", (inner.x + nw, y, inner.w - nw, lh),
                       tp.option_label(issue, option), f, "table:list", pal.text)
            y += lh

    # -- the last round's results -------------------------------------------------------------

    def _results_due(self) -> None:
        """Open the card of the last round's vote results when this seat (or the public
        screen) sees the round after them, until it is put away: once per seat and round, so
        a hot-seat table is not held up. Projector mode shows them in a strip over the map
        instead, since a card would cover the operator's controls.

        They count as seen only once closed, so a screen built afresh with them still up (the
        control seat opened and closed over the projector) shows them again. In the signing
        phase the votes just counted are this round's, and they replace the round before's."""
        view = self.view
        done = view.round if view.phase == "signing" else view.round - 1
        if (done < 1 or self.table.over or view.protocol == "alternating_offers"
                or not any(p.round == done and p.result != "pending" for p in view.proposals)
                or (self.key[1], done) in self.ctx.results_seen.setdefault(self.table, set())):
            return
        if self.projector:
            if self.strip_round != done:
                self.strip_round, self._strip_age, self._strip_page = done, 0.0, 0
        elif self.results_round != done:
            self.results_round = done
            self.scroll["results"] = 0

    def _results_seen(self) -> None:
        """The card or strip has been put away: it does not come back for this seat."""
        shown = self.results_round or self.strip_round
        if shown:
            self.ctx.results_seen.setdefault(self.table, set()).add((self.key[1], shown))
        self.results_round = self.strip_round = 0

    def _close_results(self) -> None:
        self._results_seen()
        self._relayout()
        self._point(self._pointer)  # the card's tooltip goes with it, even if the mouse rests

    def _results_card(self) -> None:
        """The last round's results over the map and the lower panels (never over the draft,
        whose pixels are cached): each proposal with its result, who opposed a failed one and
        each opposing bot's reason (the party named once, then the reason), then a failed
        signing. A proposer's note follows its proposal, quoted. Every entry wraps over the
        lines the card can spare, a reason over at least two (three in a large window); when
        they do not all fit the card pages, whole proposals at a time, under a line naming the
        proposals above and below (the mouse wheel or Page Up / Down turns to them): see
        `tp.plan_card`."""
        st, pal = self.st, self.st.palette
        done = self.results_round
        card = self.layout["table"].rect.union(self.layout["roster"].rect)
        if "map" in self.layout:
            card = card.union(self.layout["map"].rect)
        self.layout.region("results", card, tooltip="Enter, Esc or a click closes this card; "
                           "so does starting a proposal.", overlay=True)
        edge = style.mix(pal.panel_edge, pal.gold, 0.6)
        self._ops.append(lambda s: widgets.panel(s, card, st, fill=pal.panel, edge=edge))
        inner = card.inflate(-2 * st.px(14), -2 * st.px(10))
        tf = st.font(16, bold=True)
        th = tf.get_linesize()
        hint = "Enter · Esc · click to close"
        hw = min(inner.w // 2, st.small.size(hint)[0] + st.px(4))
        self._text("results:title", (inner.x, inner.y, inner.w - hw, th),
                   f"Round {done} results", tf, "results", pal.gold)
        self._text("results:hint", (inner.right - hw, inner.y + (th - st.small.get_linesize())
                                    // 2, hw, st.small.get_linesize()), hint, st.small,
                   "results", pal.faint, align="right")
        top = inner.y + th + st.px(6)
        area = pygame.Rect(inner.x, top, inner.w, inner.bottom - top)
        lines = self._result_lines(done)

        def wrapped(line: tp.CardLine) -> int:
            return len(style.wrap(line.text, self._card_font(line), self._card_text(line,
                                                                                    area).w))

        def height(line: tp.CardLine) -> int:
            return line.lines * self._card_font(line).get_linesize() + st.px(2)

        more_h = st.font(12, italic=True).get_linesize() + st.px(4)
        floor = 3 if self.layout.size[1] >= st.px(900) else 2  # a large window: 3 lines
        blocks = tp.plan_card(lines, area.h, more_h, wrapped, height, floor)
        start, end = tp.page([sum(height(n) for n in b) for b in blocks],
                             self.scroll["results"], area.h, more_h)
        self.scroll["results"] = start
        self._card_pages = start > 0 or end < len(blocks)
        self._card_span = max(1, end - start)
        y = area.y
        for k, line in enumerate(n for b in blocks[start:end] for n in b):
            self._card_line(f"results:{k}", line, pygame.Rect(area.x, y, area.w, height(line)))
            y += height(line)
        if self._card_pages:
            self._card_more(pygame.Rect(area.x, area.bottom - more_h, area.w, more_h),
                            blocks[:start], blocks[end:])

    def _card_font(self, line: tp.CardLine) -> pygame.font.Font:
        return self.st.font(12, italic=True) if line.kind in ("why", "more", "note") \
            else self.st.small

    def _card_text(self, line: tp.CardLine, row: pygame.Rect) -> pygame.Rect:
        """Where a card entry's text goes in its row: proposals after their party's swatch and
        before the result, the rest indented under them (a reason after its party's dot)."""
        st = self.st
        if line.kind == "head":
            rw = st.font(12, bold=True).size("Lapsed")[0] + st.px(4)
            x = row.x + st.px(14)
            return pygame.Rect(x, row.y, row.right - rw - st.px(6) - x, row.h - st.px(2))
        indent = st.px(18) + (st.px(12) if line.kind in ("why", "more") else 0)
        return pygame.Rect(row.x + indent, row.y, row.w - indent, row.h - st.px(2))

    def _card_line(self, name: str, line: tp.CardLine, row: pygame.Rect) -> None:
        """One entry of the results card, wrapped over the lines it was given."""
        st, pal, view = self.st, self.st.palette, self.view
        font = self._card_font(line)
        text = self._card_text(line, row)
        lh = font.get_linesize()
        color = style.rgb(view.party(line.party).color) if line.party in {
            q.id for q in view.parties} else pal.muted
        if line.kind == "head":
            p = next(p for p in view.proposals if p.id == line.group)
            label, rcol = self._result(p)
            sw = pygame.Rect(row.x, row.y + (lh - st.px(8)) // 2, st.px(8), st.px(8))
            self._fill(sw, color, st.px(2))
            rw = row.right - text.right - st.px(6)
            self._text(f"{name}:result", (row.right - rw, row.y, rw, lh), label,
                       st.font(12, bold=True), "results", rcol, align="right")
        elif line.kind == "why":
            d = st.px(6)
            dot = pygame.Rect(text.x - st.px(12), row.y + (lh - d) // 2, d, d)
            self._ops.append(lambda s: pygame.draw.circle(s, color, dot.center, d // 2))
        shown = line.shown  # a proposal cut to one line names its clauses; hover: in full
        self._text(name, text, shown, font, "results", line.color, para=True,
                   tooltip=line.tip or (line.text if shown != line.text else ""))

    def _card_more(self, rect: pygame.Rect, above: Sequence[Sequence[tp.CardLine]],
                   below: Sequence[Sequence[tp.CardLine]]) -> None:
        """The results card's line naming the proposals on its other pages."""
        def which(blocks: Sequence[Sequence[tp.CardLine]]) -> str:
            ids = [f"#{b[0].group}" for b in blocks if b[0].kind == "head"]
            named = ids if len(ids) <= 3 else [f"{ids[0]} to {ids[-1]}"]
            if any(b[0].kind == "signing" for b in blocks):
                named.append("the signing")
            return and_list(named)

        parts = ([f"{which(above)} above"] if above else []) + (
            [f"{which(below)} below"] if below else [])
        tip = "\n".join(b[0].text for b in [*above, *below])
        f = self.st.font(12, italic=True)
        said = " · ".join(parts)
        # short of width, the keys give way before the proposals' numbers do
        text = next((t for t in (f"{said} – mouse wheel or Page Up/Down", f"{said} – PgUp/PgDn")
                     if f.size(t)[0] <= rect.w), said)
        self._text("results:more", rect, text, f, "results", self.st.palette.gold,
                   align="center", tooltip=tip)

    def _result_lines(self, round_: int) -> list[tp.CardLine]:
        """The card's entries in order: each proposal of round `round_` and its proposer's
        note, who opposed a failed one and each opposing bot's reason, or why it lapsed; then
        a failed signing."""
        pal, view = self.st.palette, self.view
        names = {q.id: q.name for q in view.parties}
        ids = {i.id for i in view.issues}
        lines: list[tp.CardLine] = []
        for p in (p for p in view.proposals if p.round == round_):
            who = names.get(p.party, p.party)
            clauses = ", ".join(view.issue(i).name if i in ids else i for i, _ in p.amendments)
            lines.append(tp.CardLine(p.id, "head", f"#{p.id} {who}: "
                                     f"{tp.amendments_text(view, p.amendments)}", pal.text,
                                     p.party, short=f"#{p.id} {who}: {clauses}"))
            if p.note.strip():
                lines.append(tp.CardLine(p.id, "note", f"“{p.note.strip()}”", pal.text,
                                         p.party, who))
            if p.result == "failed":
                against = [q for q, yes in p.votes.items() if not yes]
                if against:
                    lines.append(tp.CardLine(p.id, "against", "Opposed by " + ", ".join(
                        names.get(q, q) for q in against), pal.bad))
                for q in against:
                    seat = self.table.seats.get(q)
                    said = tp.vote_reason(self.table, q, p.id) if seat and seat.is_bot else ""
                    # bots word their reasons with names already: no ids to swap
                    why = tp.opposer_reason(names.get(q, q), p.id, said)
                    if why:
                        lines.append(tp.CardLine(p.id, "why", why, pal.muted, q,
                                                 names.get(q, q)))
            elif p.result == "lapsed" and p.reason:
                lines.append(tp.CardLine(p.id, "lapsed", view.in_words(p.reason), pal.warn))
        refused = tp.refusals(view, self.table.session.records, round_)
        if refused is not None:
            lines.append(tp.CardLine(-1, "signing", "The signing failed: "
                                     + tp.failed_signing(refused), pal.bad))
            by_name = {name: q for q, name in names.items()}
            for name in refused:
                q = by_name.get(name, "")
                seat = self.table.seats.get(q)
                said = tp.refusal_reason(self.table, q) if seat and seat.is_bot else ""
                if said:
                    lines.append(tp.CardLine(-1, "why", said if said.startswith(name)
                                             else f"{name}: {said}", pal.muted, q, name))
        return lines

    def _results_strip(self) -> None:
        """Projector mode: the last round's results in a band across the foot of the map (or,
        in text view, of the proposals' panel), large for the room: every proposal's outcome
        and who opposed it, one to a line, growing up over the map as far as its title. A
        busy round that does not fit so runs on as one wrapped paragraph, in a smaller type if
        it must, and at worst turns through pages of whole outcomes every
        `STRIP_PAGE_SECONDS`. Over no header, button or the draft being entered, so the
        operator works on while it shows; a click on it, the operator's next entry or
        `RESULTS_STRIP_SECONDS` take it away."""
        st, pal = self.st, self.st.palette
        parts = tp.result_parts(self.view, self.strip_round, self.table.session.records)
        host = "map" if "map" in self.layout else "table"
        if not parts or host not in self.layout:
            return
        head = f"Round {self.strip_round} results"
        inner = self.layout[host].rect.inflate(-2 * st.px(10), -2 * st.px(8))
        pad, gap = st.px(12), st.px(8)
        width = inner.w - 2 * pad
        room = inner.h - widgets.title_height(st) - 2 * gap

        def rows(text: str, f: pygame.font.Font) -> int:
            return len(style.wrap(text, f, width))

        big, small = st.font(16, bold=True), st.font(14, bold=True)
        flowing = f"{head}: " + "; ".join(parts)
        tries = [(f"{head}: " + "\n".join(parts), big), (flowing, big), (flowing, small)]
        text, f = next(((t, f) for t, f in tries if rows(t, f) * f.get_linesize() <= room),
                       ("", small))
        if not text:  # pages of whole outcomes, in turn
            pages: list[list[str]] = [[]]
            for part in parts:
                if pages[-1] and rows(f"{head} (9/9): " + "; ".join([*pages[-1], part]),
                                      small) * small.get_linesize() > room:
                    pages.append([])
                pages[-1].append(part)
            self._strip_pages = len(pages)
            k = self._strip_page % len(pages)
            text = f"{head} ({k + 1}/{len(pages)}): " + "; ".join(pages[k])
        else:
            self._strip_pages = 1
        lh = f.get_linesize()
        n = max(1, min(rows(text, f), room // lh))
        strip = pygame.Rect(inner.x, inner.bottom - n * lh - 2 * gap, inner.w, n * lh + 2 * gap)
        tip = f"{head}: " + "; ".join(parts) + "\nA click closes this."
        self.layout.region("strip", strip, host, tooltip=tip, overlay=True)
        self._ops.append(lambda s: pygame.draw.rect(s, pal.shadow, strip.move(0, st.px(3)),
                                                    border_radius=st.px(8)))
        self._fill(strip, pal.warn, st.px(8))
        self._text("strip:text", (strip.x + pad, strip.y + gap, width, n * lh), text, f,
                   "strip", style.readable_on(pal.warn), tooltip=tip, para=True,
                   align="left" if "\n" in text else "center")

    # -- the delegations ---------------------------------------------------------------------

    def _roster_panel(self, rect: pygame.Rect) -> None:
        st, view = self.st, self.view
        inner = self._panel("roster", rect, "Delegations")
        self.layout.region("roster:list", inner, "roster")
        self._scrollers.append((inner, "roster"))
        f = st.small
        lh = f.get_linesize()
        n = len(view.parties)
        two = 2 * lh + st.px(4)
        one = lh + st.px(6)
        rh = two if n * two <= inner.h else one
        if n and n * rh <= inner.h:
            rh = min(round(rh * 1.3), inner.h // n)
            two_lines = rh >= two
        else:
            two_lines = rh == two
        more_h = st.font(12).get_linesize()
        start, end = tp.page([rh] * n, self.scroll["roster"], inner.h, more_h)
        self.scroll["roster"] = start
        y = inner.y
        for p in view.parties[start:end]:
            self._party_row(p, pygame.Rect(inner.x, y, inner.w, rh - st.px(2)), two_lines)
            y += rh
        if start > 0 or end < n:
            self._more("roster:more", pygame.Rect(inner.x, inner.bottom - more_h, inner.w,
                                                  more_h), "roster:list", start, n - end)

    def _party_row(self, p: PartyInfo, rect: pygame.Rect, two_lines: bool) -> None:
        st, pal, view = self.st, self.st.palette, self.view
        name = f"party:{p.id}"
        seat = self.table.seats.get(p.id)
        color = style.rgb(p.color)
        moving = p.id in view.to_move
        if seat is None:
            who = played = ""
        elif seat.is_bot:  # the strategy in full in the tooltip
            who, played = f"Bot · {bot_name(seat.name, short=True)}", f"Bot · {bot_name(seat.name)}"
        else:
            who = played = ("You · " if p.id == view.viewer else "") + (seat.name or "Human")
        move = tp.last_move(self.table, p.id) if seat is not None and seat.is_bot else None
        reason = ""
        if move is not None:
            did, why = tp.move_text(view, move)
            why = self._why(why)
            reason = f"{did[:1].upper()}{did[1:]}." + (f" {why}" if why else "")
        tip = f"{p.name} – {p.leader}. {played}.\nPublic position: {tp.stance(view, p)}"
        if reason:
            tip += f"\nLast move: {reason}"
        self.layout.region(name, rect, "roster:list", tooltip=tip)
        if moving:
            self._fill(rect, style.mix(pal.panel, pal.accent, 0.28), st.px(4))
            self._fill(rect, pal.accent, st.px(4), 1)
        f = st.small
        lh = f.get_linesize()
        pad = st.px(6)
        sw = pygame.Rect(rect.x + pad, rect.y + st.px(4), st.px(6), rect.h - st.px(8))
        self._fill(sw, color, st.px(2))
        x = sw.right + st.px(7)
        y = rect.y + (rect.h - (2 if two_lines else 1) * lh) // 2
        fb = st.font(13, bold=True)
        human = seat is not None and not seat.is_bot
        pill = human and view.phase == "proposals" and view.status == "running"
        pill_shown = pill and (self.projector or p.id == self.table.looking
                               or p.id in self.table.ready)  # as `_ready_pill` decides
        # The name first: the seat's label ("You · Ann") gives way to it, down to a third of
        # the row; the Ready toggle sits between them.
        room = rect.right - pad - st.px(6) - x
        wants = fb.size(p.name)[0] + (self._pill_width() + st.px(6) if pill_shown else 0)
        seat_font = st.font(12, bold=human)
        if who.startswith("You · ") and seat_font.size(who)[0] + st.px(4) > room - wants:
            who = "You"  # the player's own name, in the tooltip, gives way first
        seat_w = min(seat_font.size(who)[0] + st.px(4), max(room // 4, room - wants))
        nw = room - seat_w
        if pill:
            nw = self._ready_pill(p, pygame.Rect(x, y, nw, lh), name, tip)
        label = p.name + ("  ·  to move" if moving else "")
        if fb.size(label)[0] > nw:  # the lit row says it too: the name comes first
            label = p.name
        self._text(f"{name}:name", (x, y, nw, lh), label, fb, name,
                   pal.text if not moving else (255, 255, 255), tooltip=tip)
        self._text(f"{name}:seat", (rect.right - pad - seat_w, y, seat_w, lh), who,
                   seat_font, name, pal.gold if human else pal.faint,
                   align="right", tooltip=tip)
        if two_lines:
            second = reason or f"{p.leader} · {tp.stance(view, p)}"
            self._text(f"{name}:why", (x, y + lh, rect.right - pad - x, lh), second,
                       st.font(12, italic=bool(reason)), name, pal.muted, tooltip=tip)

    def _pill_width(self) -> int:
        return self.st.font(12, bold=True).size("Ready?")[0] + self.st.px(14)

    def _ready_pill(self, p: PartyInfo, line: pygame.Rect, parent: str, tip: str) -> int:
        """A human delegation's Ready toggle at the right of its name; the width left."""
        st, pal = self.st, self.st.palette
        ready = p.id in self.table.ready
        # At a hot-seat screen only the delegation at it may say it is ready; the projector's
        # operator enters what any delegation calls out.
        mine = self.projector or p.id == self.table.looking
        if not mine and not ready:
            return line.w
        f = st.font(12, bold=True)
        text = "Ready" if ready else "Ready?"
        w = self._pill_width()
        if line.w - w - st.px(6) < st.px(40):
            return line.w  # too narrow: the toggle stays on the control seat
        pill = pygame.Rect(line.right - w, line.y, w, line.h)
        self._fill(pill, pal.good if ready else style.mix(pal.panel, pal.text, 0.12), st.px(8))
        self._text(f"{parent}:ready", pill, text, f, parent,
                   (255, 255, 255) if ready else pal.muted, align="center",
                   tooltip=tip + "\nReady: nothing more to table this round. Once every "
                   "delegation at the table is ready, the talking ends and voting begins.")
        if mine:
            self._ready.append((pill, p.id))
        return line.w - w - st.px(6)

    def _toggle_ready(self, party: str) -> None:
        self.notice = ""
        try:
            self.table.set_ready(party, party not in self.table.ready)
        except ValueError as exc:
            self.error = str(exc)
        self.dirty = True
        self.follow()
        if self.app is not None and self.app.scenes.top is self:
            self.rebuild()

    # -- input -------------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        kind = intent.kind
        if self.results_round and self._results_handle(intent):
            return
        if kind == "back":
            super().handle(intent)
        elif kind == "pointer":
            self._point(intent.pos)
        elif kind == "click":
            self._click(intent.pos)
        elif kind == "wheel":
            for rect, region in self._scrollers:
                if rect.collidepoint(intent.pos):
                    self.scroll[region] = max(0, self.scroll[region] - intent.step)
                    if region == "clauses":
                        self.builder.selected = -1
                    self._relayout()
                    self._point(self._pointer)
                    break
        elif kind == "key":
            self._key(intent.key)
        elif kind == "widget":
            self._widget(intent.widget)

    def _results_handle(self, intent: Intent) -> bool:
        """The results card is open: Enter, Esc or a click on it closes it; a key (other than
        the vote keys Y and N, the page keys and M, which switches the view under the card), a
        button (but the view switch) or a click elsewhere closes it too
        and does what it does (starting to build a proposal needs no extra step). The page keys
        and the mouse wheel turn its pages, or do nothing on a one-page card. Whether the
        intent was used up."""
        kind = intent.kind
        on_card = kind in ("click", "wheel") and self.layout["results"].rect.collidepoint(
            intent.pos)
        if kind == "wheel":
            if on_card and self._card_pages:
                self._page_card(-intent.step)
            return on_card
        if kind == "key" and intent.key in ("y", "n"):
            return True  # a vote key still held from the vote screen: the card stays to be read
        if (kind == "key" and intent.key == "m") or (
                kind == "widget" and intent.widget == "table_view"):
            self._toggle_map()  # the card stays, laid out for the other view
            return True
        if kind == "key" and intent.key in ("page up", "page down"):  # never closes the card
            if self._card_pages:
                self._page_card(self._card_span if intent.key == "page down"
                                else -self._card_span)
            return True
        if kind not in ("confirm", "back", "click", "key", "widget"):
            return False
        self._close_results()
        return kind in ("confirm", "back") or on_card

    def _page_card(self, step: int) -> None:
        """Move the results card on by `step` proposals (back when negative)."""
        self.scroll["results"] = max(0, self.scroll["results"] + step)
        self._relayout()
        self._point(self._pointer)

    def _widget(self, oid: str) -> None:
        if oid == "table_view":
            self._toggle_map()
        elif oid == "table_menu":
            self.handle(Intent("back"))
        elif oid in ("propose", "offer", "note"):  # Enter in the note: table the package
            self._propose()
        elif oid == "pass":
            self._pass()
        elif oid == "accept":
            self._accept()
        elif oid == "clear":
            self._clear()

    def _key(self, key: str) -> None:
        issues = self.view.issues
        if key.isdigit() and issues:
            k = (int(key) - 1) % 10
            if k < len(issues):
                self.builder.selected = k
                self._relayout()
        elif key in ("up", "down") and issues:
            sel = max(0, self.builder.selected)
            self.builder.selected = (sel + (1 if key == "down" else -1)) % len(issues)
            self._relayout()
        elif key in ("left", "right") and self.open and issues:
            sel = max(0, min(self.builder.selected, len(issues) - 1))
            self.notice = self.builder.cycle(self.view, issues[sel], 1 if key == "right" else -1)
            self.error = ""
            self._relayout()
        elif key in ("backspace", "delete") and self.open and issues:
            sel = max(0, min(self.builder.selected, len(issues) - 1))
            if self.view.protocol != "alternating_offers":
                self.builder.picks.pop(issues[sel].id, None)
            self._relayout()
        elif key == "p":
            self._propose()
        elif key == "s":
            self._pass()
        elif key == "a":
            self._accept()
        elif key == "c":
            self._clear()
        elif key == "m":
            self._toggle_map()
        elif key in ("page up", "page down"):
            self.scroll["table"] = max(0, self.scroll["table"] + (3 if key == "page down"
                                                                  else -3))
            self._relayout()

    def _toggle_map(self) -> None:
        """M or the view button: the other view. While the map is too cramped for the
        builder (see `_chips_fit`) the switch holds for this turn only, so the next turn is
        readable again; asking for the map is kept, as it is at any other time."""
        show = not self._with_map
        if self._cramped:
            self._map_turn = show
            if show:
                TableScene.show_map = True
        else:
            TableScene.show_map = show
            self._map_turn = None
        self.rebuild()

    def _click(self, pos: tuple[int, int]) -> None:
        if self._on_strip(pos):
            self._close_results()
            return
        for rect, party in self._ready:
            if rect.collidepoint(pos):
                self._toggle_ready(party)
                return
        for rect, issue_id, option in self._chips:
            if rect.collidepoint(pos):
                self.notice = self.builder.choose(self.view, issue_id, option)
                self.error = ""
                self.builder.selected = next(
                    (k for k, i in enumerate(self.view.issues) if i.id == issue_id), 0)
                self._relayout()
                return
        for rect, k in self._rows:
            if rect.collidepoint(pos):
                self.builder.selected = k
                if not self.open and self.view.me is not None:
                    self.notice = ""
                self._relayout()
                return

    def _on_strip(self, pos: tuple[int, int]) -> bool:
        """Whether `pos` is on projector mode's results strip."""
        return "strip" in self.layout and self.layout["strip"].rect.collidepoint(pos)

    def _point(self, pos: tuple[int, int]) -> None:
        self._pointer = pos
        tip = ""
        if self._map_rect is not None and self.map is not None and not self.results_round and \
                not self._on_strip(pos) and self._map_rect.collidepoint(pos):
            # every place there, with its kind and who controls it
            tip = self.map.tooltip_at((pos[0] - self._map_rect.x, pos[1] - self._map_rect.y))
        if not tip:
            tip = self.layout.tooltip_at(pos)
        self._tip = tip
        self._hover = next((r for r, _, _ in self._chips if r.collidepoint(pos)), None)

    # -- actions -----------------------------------------------------------------------------

    def _me(self) -> str | None:
        """The delegation the builder acts for: the seat at the screen, or in projector mode
        the human seat whose turn it is."""
        if self.projector:
            return self.speaker(self.view)
        return self.view.viewer if self.view.me is not None else None

    def _propose(self) -> None:
        party = self._me()
        if party is None or not self.open:
            self.notice = "It is not your turn to propose."
            self._relayout()
            return
        if self._note is not None:
            self.builder.note = self._note.get_text()
        if self.view.protocol != "alternating_offers" and not self.builder.picks:
            self.notice = "Choose at least one option to change first, or pass (S)."
            self._relayout()
            return
        self.notice = ""
        if self.act(self.builder.action(self.view, party)):
            self.builder.picks.clear()
            self.builder.note = ""
            if self._note is not None:  # or the next layout reads the sent note back in
                self._note.set_text("")
            self._after_action()
        else:
            self._relayout()

    def _pass(self) -> None:
        party = self._me()
        if party is None or not self.open or self.view.protocol == "alternating_offers":
            self.notice = "You cannot pass now." if party else "No delegation is at the screen."
            self._relayout()
            return
        self.notice = ""
        if self.act(Pass(party)):
            self.builder.picks.clear()
            self._after_action()
        else:
            self._relayout()

    def _accept(self) -> None:
        party = self._me()
        if party is None or self.view.protocol != "alternating_offers":
            return
        self.notice = ""
        if self.act(Accept(party)):
            self._after_action()
        else:
            self._relayout()

    def _clear(self) -> None:
        self.builder.picks.clear()
        if self.view.protocol == "alternating_offers" and self.open:
            self.builder.start_offer(self.view, self.view.me.preferences if self.view.me
                                     else None)
        self.notice = ""
        self.error = ""
        self._relayout()

    def _after_action(self) -> None:
        """The game moved on: show it (unless the flow already changed screens). The operator's
        entry takes projector mode's results strip away: the room has moved on."""
        if self.strip_round:
            self._results_seen()
        if self.app is not None and self.app.scenes.top is self:
            self.rebuild()

    # -- frames ------------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.app is None or self.app.scenes.top is not self or self.ctx.table is None:
            return
        view = self.look()
        sig = self._signature(view)
        if sig != self._sig:
            if self._builder_open(view) != self.open or self.open:
                self.rebuild()  # the builder's widgets come or go
            else:
                self._sig = sig
                self.view = view
                self._relayout()
        if self.strip_round:
            self._strip_age += dt
            turned = int(self._strip_age // STRIP_PAGE_SECONDS) % self._strip_pages
            if turned != self._strip_page:
                self._strip_page = turned
                self._relayout()
            if self._strip_age >= max(RESULTS_STRIP_SECONDS,
                                      self._strip_pages * STRIP_PAGE_SECONDS):
                self._close_results()
        shown = self._timer_text()
        if shown != self._clock_text:
            self._clock_text = shown
            self.dirty = True
        self._animate(dt)

    def _timer_text(self) -> str:
        t = self.table
        if not t.timer_on:
            return ""
        if t.paused:
            return f"{tp.clock(t.time_left)} paused"
        return tp.clock(t.time_left)

    def _ticker_stories(self, news: tuple[NewsItem, ...], round_: int
                        ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The stories of round `round_` and (for the tooltip) the six before, newest first,
        as ticker lines (worked out once per news tuple and round: the table lays out again
        after every move)."""
        if self._stories[0] is not news or self._stories[1] != round_:
            told = stories(news)[::-1]
            fresh = tuple(self._news_line(n) for n in told if n.round == round_)
            earlier = tuple(self._news_line(n) for n in told if n.round < round_)
            self._stories = (news, round_, fresh, earlier[:6])
        return self._stories[2], self._stories[3]

    def _animate(self, dt: float) -> None:
        news = self._news_lines
        if not self.ctx.settings.animations or "tick:news" not in self.layout or not news:
            return
        box = self.layout["tick:news"]
        text = news[self._news_index % len(news)]
        width = box.font.size(text)[0] if box.font else 0
        self._news_clock += dt
        if width > box.rect.w:
            speed = self.st.px(45)
            hold = 1.5
            if self._news_clock > hold:
                self._news_x = min(width - box.rect.w + self.st.px(20),
                                   (self._news_clock - hold) * speed)
                self._anim_clock += dt
                if self._anim_clock >= 1 / SCROLL_FPS:
                    self._anim_clock = 0.0
                    self.dirty = True
            done = self._news_x >= width - box.rect.w + self.st.px(20)
            if done and self._news_clock > hold + (width - box.rect.w) / speed + 2.5:
                self._next_news(len(news))
        elif self._news_clock > NEWS_SECONDS and len(news) > 1:
            self._next_news(len(news))

    def _next_news(self, n: int) -> None:
        self._news_index = (self._news_index + 1) % n
        self._news_clock = 0.0
        self._news_x = 0.0
        self.dirty = True

    def draw(self, surface: pygame.Surface) -> None:
        st, pal = self.st, self.st.palette
        if self._frame is not None and self._frame.get_size() == surface.get_size():
            surface.blit(self._frame, (0, 0))
        else:
            widgets.backdrop(surface, st)
        self._draw_news(surface)
        if "tick:timer" in self.layout and self._clock_text:
            box = self.layout["tick:timer"].rect
            left = self.table.time_left
            color = pal.bad if left < 30 else pal.warn if left < 120 else pal.text
            if self.table.paused:
                color = pal.muted
            img = self._cache.get(self._clock_text, st.font(16, bold=True), color)
            surface.blit(img, (box.right - img.get_width(), box.y))
        if self._hover is not None:
            pygame.draw.rect(surface, pal.text, self._hover, 1, border_radius=st.px(4))

    def toast_area(self) -> pygame.Rect | None:
        """Where a toast goes (see `App.toast`, which puts it at the foot): over the map, or
        in the text view over the proposals and the delegations, never over the draft's head
        or the builder; while the results card covers those, at the foot of the draft's
        clauses. Projector mode's results strip stays in sight."""
        lay = self.layout
        if self.results_round:
            return lay["clauses"].rect if "clauses" in lay else None
        if "map" in lay:
            area = lay["map"].rect.copy()
            if "strip" in lay:  # at the foot of the map: the toast goes above it
                area.height = lay["strip"].rect.top - area.top
            return area
        if "roster" not in lay:
            return None
        if "strip" in lay or "table" not in lay:  # the strip is at the foot of the proposals
            return lay["roster"].rect
        return lay["table"].rect.union(lay["roster"].rect)

    def draw_over(self, surface: pygame.Surface) -> None:
        if self._tip:
            widgets.tooltip(surface, self._tip, self._pointer, self.st)

    def _draw_news(self, surface: pygame.Surface) -> None:
        if "tick:news" not in self.layout:
            return
        box = self.layout["tick:news"]
        news = self._news_lines
        pal = self.st.palette
        if not self.ctx.settings.animations or not news or box.font is None:
            self._draw_box(surface, box, pal.text if news else pal.muted, "left")
            return
        text = news[self._news_index % len(news)]
        img = self._cache.get(text, box.font, pal.text)
        clip = surface.get_clip()
        surface.set_clip(box.rect)
        surface.blit(img, (box.rect.x - round(self._news_x), box.rect.y))
        surface.set_clip(clip)


def _padlock(surface: pygame.Surface, rect: pygame.Rect, color: Color) -> None:
    """A small padlock drawn with primitives (the font has no lock glyph)."""
    body = pygame.Rect(rect.x, rect.y + rect.h // 2 - 1, rect.w, rect.h - rect.h // 2 + 1)
    pygame.draw.rect(surface, color, body, border_radius=1)
    shackle = pygame.Rect(rect.x + 1, rect.y, rect.w - 2, rect.h // 2 + 2)
    pygame.draw.arc(surface, color, shackle, 0, 3.1416, 2)
