"""What the private and end-of-game screens share: frame, panels, pages, tooltips, texts.

The hand-over, briefing, voting, signing, ceremony and debrief screens all have the same shape:
a header naming whose screen it is, a body of panels, and a footer with a hint and the buttons.
`PrivateScreen` lays that frame out through the `Layout` (so `audit` checks it like any other
box), draws it, shows the tooltip under the pointer, and turns the pages of a body too long for
one screen. The helpers below read only the `View` the screen was given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.core.model import Issue, Preferences
from game.core.view import View
from game.ui import style, widgets
from game.ui.flow import GameScene, Key
from game.ui.intents import Intent
from game.ui.layout import Layout
from game.ui.scenes.help import phase_hint
from game.ui.scenes.kit import Action as FooterButton
from game.ui.style import Color, Style

if TYPE_CHECKING:
    from game.core.actions import Action
    from game.ui.context import Context

PHASE_NAMES = {
    "news": "News", "proposals": "Proposals", "votes": "Voting", "signing": "Signing",
    "offers": "Offers", "over": "Game over",
}


# -- what a view says, in words ----------------------------------------------------------------


def party_color(view: View, party: str) -> Color:
    try:
        return style.rgb(view.party(party).color)
    except KeyError:
        return (128, 128, 128)


def party_name(view: View, party: str) -> str:
    try:
        return view.party(party).name
    except KeyError:
        return party


def issue_name(view: View, issue_id: str) -> str:
    try:
        return view.issue(issue_id).name
    except KeyError:
        return issue_id


def option_label(view: View, issue_id: str, option: str | None) -> str:
    """An option's label ("open" for an open clause; the id if the option is gone)."""
    if option is None:
        return "open"
    try:
        return view.issue(issue_id).option(option).label
    except KeyError:
        return option


def signing_text(view: View) -> dict[str, str | None]:
    """The text on the signing table: the draft, open clauses at their `if_open` option in the
    final signing (as the rules build it)."""
    text: dict[str, str | None] = {}
    for issue in view.issues:
        option = view.draft.get(issue.id)
        if option is None and view.final_signing and issue.if_open is not None:
            option = issue.if_open
        text[issue.id] = option
    return text


def points(x: float) -> str:
    """A utility in the game's whole-ish points."""
    return f"{x:.1f}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def round_text(view: View) -> str:
    phase = PHASE_NAMES.get(view.phase, view.phase.title())
    return f"Round {min(view.round, view.rounds)} of {view.rounds} · {phase}"


def tutorial_hint(ctx: Context, view: View, phase: str) -> str:
    """The tutorial's hint for `phase` the first time it comes up ("" otherwise)."""
    if not view.scenario_id.startswith("tutorial") or phase in ctx.settings.seen_hints:
        return ""
    return phase_hint(phase)


def hint_seen(ctx: Context, phase: str) -> None:
    """Remember that the player has seen the hint for `phase`."""
    if phase_hint(phase) and phase not in ctx.settings.seen_hints:
        ctx.change_settings(ctx.settings.with_changes(
            seen_hints=(*ctx.settings.seen_hints, phase)))


# -- panels in the layout -----------------------------------------------------------------------


def panel_inner(rect: pygame.Rect, st: Style) -> pygame.Rect:
    """The content rect of a panel drawn by `widgets.panel` (without its title)."""
    return rect.inflate(-2 * st.px(10), -2 * st.px(8))


def lay_panel(layout: Layout, name: str, rect: pygame.Rect, parent: str, st: Style, *,
              title: str = "", tooltip: str = "") -> pygame.Rect:
    """Record a panel and its title; returns the rect left for its content."""
    layout.region(name, rect, parent, tooltip=tooltip)
    inner = panel_inner(rect, st)
    if title:
        f = st.font(14, bold=True)
        layout.text(f"{name}.title", (inner.x, inner.y, inner.w, f.get_linesize()),
                    title.upper(), f, name)
        cut = widgets.title_height(st)
        inner = pygame.Rect(inner.x, inner.y + cut, inner.w, inner.h - cut)
    return inner


def draw_panel(surface: pygame.Surface, layout: Layout, name: str, st: Style, *,
               fill: Color | None = None, edge: Color | None = None,
               title_color: Color | None = None) -> None:
    widgets.panel(surface, layout[name].rect, st, fill=fill, edge=edge)
    if f"{name}.title" in layout:
        layout.draw_text(surface, f"{name}.title", title_color or st.palette.muted)


def paginate(heights: Sequence[int], room: int, columns: int = 1, gap: int = 0
             ) -> list[list[list[int]]]:
    """Items of the given heights poured down `columns` columns of `room` pixels, page after
    page: pages -> columns -> item indices. An item taller than a column gets one to itself."""
    pages: list[list[list[int]]] = [[[]]]
    used = 0
    for k, h in enumerate(heights):
        column = pages[-1][-1]
        if column and used + gap + h > room:
            if len(pages[-1]) < columns:
                pages[-1].append([])
            else:
                pages.append([[]])
            used = 0
        column = pages[-1][-1]
        used += (gap if column else 0) + h
        column.append(k)
    return pages


# -- the screen ---------------------------------------------------------------------------------


def frame_body(size: tuple[int, int], st: Style) -> pygame.Rect:
    """The body of a `PrivateScreen` frame at a window size (between header and footer)."""
    w, h = size
    top = st.px(76) + st.px(14)
    return pygame.Rect(st.px(18), top, w - 2 * st.px(18), h - st.px(66) - st.px(12) - top)


class PrivateScreen(GameScene):
    """A game screen with a header, a body and a footer; subclasses fill the body."""

    follows_game = False
    """Whether the screen lays itself out again whenever the game moves (a bot's vote or
    signature, a called-out entry): set by screens whose layout shows the state, such as how
    many delegations have decided. Screens with a scrolled text keep their layout."""
    subtitle_warns = False
    """Whether the header's subtitle is a warning (drawn in gold), not a plain caption."""

    def __init__(self, ctx: Context, key: Key) -> None:
        super().__init__(ctx)
        self._laid_out_for: object = None
        """The game state the layout was built for (see `follows_game`)."""
        self._paused_shown = False
        """Whether the header says the game is paused (the control seat's Pause)."""
        self.key = key
        self.pointer: tuple[int, int] | None = None
        self.page = 0
        self.page_count = 1
        self.accent: Color = ctx.style.palette.accent
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}

    def own_view(self, party: str) -> tuple[View, Preferences]:
        """The seat's view and its own preferences (only a seat's view carries them)."""
        view = self.table.view(party)
        if view.me is None:
            raise ValueError(f"{party!r} has no private view")
        return view, view.me.preferences

    # -- layout ----------------------------------------------------------------------------

    def lay_frame(self, title: str, subtitle: str, right: str, *, hint: str,
                  buttons: Sequence[FooterButton], badge: str = "") -> pygame.Rect:
        """Header, footer (hint and buttons, right to left) and body; returns the body rect."""
        st = self.ctx.style
        lay = self.layout
        w, h = lay.size
        m = st.px(18)
        header = pygame.Rect(0, 0, w, st.px(76))
        footer = pygame.Rect(0, h - st.px(66), w, st.px(66))
        lay.region("header", header)
        lay.region("footer", footer)
        x = m
        if badge:
            size = st.px(46)
            lay.text("header.badge", (m, header.centery - size // 2, size, size), badge,
                     st.font(18, bold=True), "header")
            x += size + st.px(14)
        right_w = min(st.px(320), w // 3)
        right_f = st.body
        self._paused_shown = self.ctx.table is not None and self.table.halted
        if self._paused_shown:  # the bots wait too: say why nothing moves, first
            right = f"Paused · {right}"
        lay.text("header.right", (w - m - right_w, header.centery - right_f.get_linesize() // 2,
                                  right_w, right_f.get_linesize()), right, right_f, "header")
        text_w = w - m - right_w - st.px(16) - x
        title_f = st.font(24, bold=True)
        th = title_f.get_linesize()
        sh = st.small.get_linesize() if subtitle else 0
        top = header.centery - (th + sh) // 2
        lay.text("header.title", (x, top, text_w, th), title, title_f, "header")
        if subtitle:
            lay.text("header.subtitle", (x, top + th, text_w, sh), subtitle, st.small, "header")
        # buttons from the right
        bh = st.px(44)
        bf = st.font(17, bold=True)
        bx = w - m
        by = footer.centery - bh // 2
        self.buttons = {}
        widths = [max(st.px(120), bf.size(spec.label)[0] + st.px(40)) for spec in buttons]
        if sum(widths) + st.px(10) * (len(widths) - 1) > w - 2 * m:
            # Too many for the window (a large UI scale): each as wide as its label needs.
            widths = [bf.size(spec.label)[0] + st.px(24) for spec in buttons]
        for spec, bw in zip(reversed(buttons), reversed(widths), strict=True):
            bx -= bw
            b = widgets.button(self.manager, pygame.Rect(bx, by, bw, bh), spec.label,
                               spec.object_id, tooltip_text=spec.tip, primary=spec.primary)
            if not spec.enabled:
                b.disable()  # type: ignore[no-untyped-call]
            self.buttons[spec.object_id] = b
            bx -= st.px(10)
        # buttons are added in reading order (left to right) for Tab
        for spec in buttons:
            self.add(self.buttons[spec.object_id])
        hint_f = st.small
        lay.text("footer.hint", (m, footer.centery - hint_f.get_linesize() // 2,
                                 max(1, bx - m - st.px(10)), hint_f.get_linesize()), hint, hint_f,
                 "footer")
        body = frame_body(lay.size, st)
        lay.region("body", body)
        return body

    def page_buttons(self, count: int) -> list[FooterButton]:
        """Previous/next page buttons when the body needs more than one page."""
        self.page_count = max(1, count)
        self.page = max(0, min(self.page, self.page_count - 1))
        if self.page_count <= 1:
            return []
        return [FooterButton("page_prev", "‹ Previous", "The previous page",
                             enabled=self.page > 0),
                FooterButton("page_next", f"Next › ({self.page + 1}/{self.page_count})",
                             "The next page", enabled=self.page < self.page_count - 1)]

    def rebuild(self) -> None:
        if self.ctx.table is not None:
            self._laid_out_for = self.table.session.state
        super().rebuild()

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.app is None or self.app.scenes.top is not self or self.ctx.table is None:
            return
        if ((self.follows_game and self.table.session.state is not self._laid_out_for)
                or self.table.halted != self._paused_shown):
            self.rebuild_keeping_focus()  # the game moved, or was paused: show it

    # -- input -----------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if intent.kind == "pointer":
            self.pointer = intent.pos
            self.dirty = True
            return
        if intent.kind == "widget" and intent.widget in ("page_prev", "page_next"):
            step = 1 if intent.widget == "page_next" else -1
            self.page = max(0, min(self.page_count - 1, self.page + step))
            self.rebuild()
            return
        super().handle(intent)

    def press_focused_or_first(self) -> None:
        """Enter with no button focused focuses the first one (a second Enter presses it)."""
        if self.focus < 0:
            self.move_focus(1)

    # -- drawing ---------------------------------------------------------------------------

    def draw_frame(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        widgets.frame(surface, lay["header"].rect, lay["footer"].rect, st, self.accent)
        if "header.badge" in lay:
            draw_disc(surface, lay, "header.badge", self.accent, st)
        lay.draw_text(surface, "header.title", pal.text)
        if "header.subtitle" in lay:
            lay.draw_text(surface, "header.subtitle", pal.gold if self.subtitle_warns
                          else pal.muted)
        lay.draw_text(surface, "header.right", pal.muted, align="right")
        lay.draw_text(surface, "footer.hint", pal.faint)

    def toast_area(self) -> pygame.Rect | None:
        """A toast goes at the foot of the body, over neither the header (whose title says
        whose screen it is) nor the footer's buttons."""
        return self.layout["body"].rect if "body" in self.layout else None

    def draw_over(self, surface: pygame.Surface) -> None:
        self.draw_tooltip(surface)

    def draw_tooltip(self, surface: pygame.Surface) -> None:
        """The tooltip under the pointer (drawn over the widgets, see `draw_over`)."""
        if self.pointer is not None:
            widgets.tooltip(surface, self.tooltip_at(self.pointer), self.pointer,
                            self.ctx.style)

    def tooltip_at(self, pos: tuple[int, int]) -> str:
        """The tooltip at `pos`: the laid-out box's there (a screen with a map names its
        places)."""
        return self.layout.tooltip_at(pos)

    def draw_error(self, surface: pygame.Surface, name: str = "error") -> None:
        if name in self.layout and self.error:
            self.layout.draw_text(surface, name, self.ctx.style.palette.bad)


def tag(party_id: str) -> str:
    """A party's short tag for badges and chips ("france" -> "FRA", "uk" -> "UK")."""
    return party_id[:3].upper() or "?"


def draw_disc(surface: pygame.Surface, layout: Layout, name: str, color: Color,
              st: Style) -> None:
    """A party's round badge: a disc in its colour with the box's text (initials) on it."""
    box = layout[name]
    r = box.rect
    pygame.draw.circle(surface, st.palette.shadow, (r.centerx, r.centery + st.px(2)), r.w // 2)
    pygame.draw.circle(surface, color, r.center, r.w // 2)
    pygame.draw.circle(surface, style.mix(color, (255, 255, 255), 0.45), r.center, r.w // 2,
                       max(2, st.px(2)))
    if box.font is not None and box.lines:
        img = box.font.render(box.lines[0], True, style.readable_on(color))
        surface.blit(img, img.get_rect(center=r.center))


# -- a text, clause by clause -------------------------------------------------------------------


def counted_option(issue: Issue, text: Mapping[str, str | None]) -> str | None:
    """The option a clause counts as: its own, or when open its `if_open` option (as
    `with_fallbacks` reads it)."""
    return text.get(issue.id) or issue.if_open


def clause_label(view: View, issue: Issue, text: Mapping[str, str | None]) -> str:
    """A clause's option as a row shows it: "open (counts as <label>)" for an open clause with
    an `if_open` option, "open" for one without."""
    option = text.get(issue.id)
    if option is None and issue.if_open is not None:
        return f"open (counts as {option_label(view, issue.id, issue.if_open)})"
    return option_label(view, issue.id, option)


def clause_value(issue: Issue, text: Mapping[str, str | None], prefs: Preferences) -> str:
    """What a clause of `text` is worth to the seat, as its row shows it ("0" for an open
    clause with no fallback)."""
    option = counted_option(issue, text)
    values = prefs.values.get(issue.id)
    value = values.get(option, 0.0) if values is not None and option else 0.0
    return f"{value:g}"


def lay_clauses(layout: Layout, name: str, rect: pygame.Rect, parent: str, st: Style, *,
                view: View, text: Mapping[str, str | None], prefs: Preferences | None = None,
                points: Mapping[str, tuple[str, str]] | None = None) -> None:
    """One row per clause: its name, the option, and (with `prefs`) what it is worth, or with
    `points` the figure and tooltip given per issue id (what it adds to the total). An open
    clause shows the option it counts as, and is worth that option (or 0 without one). Rows
    that do not fit end the list with "… and N more" (the tooltip names them)."""
    layout.region(name, rect, parent)
    issues = list(view.issues)
    roomy = rect.h >= len(issues) * (st.body.get_linesize() + st.px(12))
    f = st.body if roomy else st.small
    row_h = f.get_linesize() + st.px(12 if roomy else 4)
    capacity = max(1, rect.h // row_h)
    shown = issues if len(issues) <= capacity else issues[:capacity - 1]
    # The value column is as wide as its widest number ("26.7", "-15"), so none is cut.
    numbers = {i.id: points[i.id][0] if points is not None else clause_value(i, text, prefs)
               for i in shown} if prefs is not None else {}
    num_w = max([st.px(34)] + [f.size(n)[0] + st.px(6) for n in numbers.values()]
                ) if prefs is not None else 0
    name_w = int((rect.w - num_w) * 0.42)
    red = {(r.issue, o): r.reason for r in (prefs.red_lines if prefs else ()) for o in r.options}
    for k, issue in enumerate(shown):
        y = rect.y + k * row_h
        row = f"{name}.{issue.id}"
        option = counted_option(issue, text)
        label = clause_label(view, issue, text)
        counted = option_label(view, issue.id, option)
        tip = f"{issue.name}: {label}"
        if text.get(issue.id) is None:
            tip = (f"{issue.name}: open; until it is settled it counts as “{counted}”"
                   if option is not None else f"{issue.name}: open; it counts 0 until settled")
        if option is not None and (issue.id, option) in red:
            tip += f" — across your red line: {red[(issue.id, option)]}"
        layout.region(row, (rect.x, y, rect.w, row_h), name, tooltip=tip)
        ty, th = y + (row_h - f.get_linesize()) // 2, f.get_linesize()
        layout.text(f"{row}.name", (rect.x + st.px(6), ty, name_w - st.px(12), th), issue.name,
                    f, row, tooltip=tip)
        layout.text(f"{row}.option", (rect.x + name_w, ty, rect.w - name_w - num_w, th),
                    label, f, row, tooltip=tip)
        if prefs is not None:
            layout.text(f"{row}.num", (rect.right - num_w, ty, num_w - st.px(6), th),
                        numbers[issue.id], f, row,
                        tooltip=points[issue.id][1] if points is not None else
                        f"What “{counted}” is worth to you, of 100" if option else
                        "An open clause with no fallback is worth 0 until settled")
    if len(shown) < len(issues):
        rest = issues[len(shown):]
        y = rect.y + len(shown) * row_h
        layout.text(f"{name}.more", (rect.x, y, rect.w, row_h), f"… and {len(rest)} more",
                    f, name, tooltip="; ".join(
                        f"{i.name}: {clause_label(view, i, text)}" for i in rest))


def draw_clauses(surface: pygame.Surface, layout: Layout, name: str, st: Style, *,
                 view: View, text: Mapping[str, str | None], prefs: Preferences | None = None
                 ) -> None:
    pal = st.palette
    red = {(r.issue, o) for r in (prefs.red_lines if prefs else ()) for o in r.options}
    for k, issue in enumerate(view.issues):
        row = f"{name}.{issue.id}"
        if row not in layout:
            continue
        option = counted_option(issue, text)
        if k % 2 == 0:
            pygame.draw.rect(surface, style.mix(pal.panel, pal.raised, 0.35), layout[row].rect,
                             border_radius=st.px(3))
        crossed = option is not None and (issue.id, option) in red
        layout.draw_text(surface, f"{row}.name", pal.muted)
        layout.draw_text(surface, f"{row}.option", pal.bad if crossed else (
            pal.faint if text.get(issue.id) is None else pal.text))
        if f"{row}.num" in layout:
            layout.draw_text(surface, f"{row}.num", pal.bad if crossed else pal.text,
                             align="right")
    if f"{name}.more" in layout:
        layout.draw_text(surface, f"{name}.more", pal.faint)


def lay_meter(layout: Layout, name: str, rect: pygame.Rect, parent: str, st: Style, *,
              caption: str, tooltip: str = "") -> int:
    """A caption over a bar (what a text is worth, with the walk-away marked); returns the
    height it took."""
    f = st.body
    h = f.get_linesize() + st.px(16)
    layout.region(name, (rect.x, rect.y, rect.w, h), parent, tooltip=tooltip)
    layout.text(f"{name}.caption", (rect.x, rect.y, rect.w, f.get_linesize()), caption, f,
                name, tooltip=tooltip)
    layout.region(f"{name}.bar", (rect.x, rect.y + f.get_linesize() + st.px(4), rect.w,
                                  st.px(10)), name)
    return h


def draw_meter(surface: pygame.Surface, layout: Layout, name: str, st: Style, *,
               value: float, reservation: float, color: Color | None = None) -> None:
    pal = st.palette
    layout.draw_text(surface, f"{name}.caption", pal.text)
    good = value >= reservation
    widgets.value_bar(surface, layout[f"{name}.bar"].rect, st, value,
                      color=color or (pal.good if good else pal.warn),
                      marks=((reservation, pal.gold),))


VOTE_PAUSE = 0.25
"""Seconds after a vote during which vote button presses are ignored: the next card moves up
under the pointer, and the second click of a double-click must not vote on it. Y and N are
held back as long after a vote by key: a quick second press would vote on the next proposal
before it is read. A quarter of a second parts a bounce or a double-click from a deliberate
press (an operator keying in a room's calls at a steady pace loses none)."""


def draw_lit(surface: pygame.Surface, rect: pygame.Rect, color: Color, st: Style) -> None:
    """A cell or row lit in a party's colour: the entry the operator is making now."""
    pal = st.palette
    pygame.draw.rect(surface, style.mix(pal.panel, color, 0.5), rect, border_radius=st.px(5))
    pygame.draw.rect(surface, style.mix(color, (255, 255, 255), 0.35), rect, max(2, st.px(2)),
                     border_radius=st.px(5))


class OperatorScreen(PrivateScreen):
    """A projector-mode screen: the operator enters what the delegations call out. It shows
    the public view only, and lays itself out again whenever the game moves (an entry, or a
    bot's move)."""

    follows_game = True

    def __init__(self, ctx: Context, key: Key) -> None:
        super().__init__(ctx, key)
        self.key_hold = VOTE_PAUSE
        """Seconds left during which Y and N are ignored: a key pressed twice must not enter
        the next delegation's entry too, nor, as the screen opens, the Y or N that made the
        last entry on the screen before."""

    def update(self, dt: float) -> None:
        super().update(dt)
        self.key_hold = max(0.0, self.key_hold - dt)

    # The entry being made: subclasses keep which one it is and set `current_page` to its page
    # (this page's number when there is none).
    current_page = 0

    def turn_to_current(self) -> bool:
        """Show the page of the entry being made if it is not in sight; whether it turned."""
        if self.current_page == self.page:
            return False
        self.page = self.current_page
        self.rebuild()
        return True

    def key_entry(self, enter: Callable[[], bool]) -> None:
        """Y or N for the entry being made: shown first if out of sight, else `enter` it (then
        keys are held back a moment, see `key_hold`)."""
        if self.key_hold <= 0 and not self.turn_to_current() and enter():
            self.key_hold = VOTE_PAUSE

    def entered(self, ok: bool) -> bool:
        """After an entry: when it was the last to enter on this page, turn to the page of the
        next one. Returns `ok`."""
        if ok and self.app is not None and self.app.scenes.top is self:
            self.turn_to_current()
        return ok

    def in_room(self, party: str) -> bool:
        """Whether a delegation in the room plays `party` (its moves are entered here)."""
        seat = self.table.seats.get(party)
        return seat is not None and not seat.is_bot

    def focus_button(self, object_id: str) -> None:
        """Put the keyboard focus on the button `object_id` (if it is on screen)."""
        ids = [str(w.object_ids[-1] or "").lstrip("#") for w in self.focusable()]
        if object_id in ids:
            self.focus = ids.index(object_id) - 1
            self.move_focus(1)

    def called_out(self, action: Action) -> bool:
        """Apply one delegation's called-out action; the rules' refusal shows if illegal."""
        ok = self.act(action)
        if self.app is not None and self.app.scenes.top is self:
            self.rebuild()
        return ok

