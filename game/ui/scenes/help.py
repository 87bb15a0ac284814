"""How to play (F1 anywhere), and the tutorial's one-line phase hints.

`SHORTCUTS` is the one list of keyboard shortcuts: this screen shows it and the negotiating
table implements it. `phase_hint` gives the sentence a screen shows the first time a phase comes
up (screens record the hints shown in `Settings.seen_hints`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import widgets
from game.ui.intents import Intent
from game.ui.scenes import kit
from game.ui.style import wrap

if TYPE_CHECKING:
    from game.ui.context import Context

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "next / previous control"),
    ("Left / Right", "choose in a focused menu"),
    ("Enter", "press the focused button (signing: Sign)"),
    ("Esc", "back; in a game, pause"),
    ("F1", "this help, anywhere"),
    ("F9", "control seat (trainer's PIN)"),
    ("1–9", "pick a clause (table)"),
    ("P", "propose your package"),
    ("S", "pass this turn"),
    ("M", "switch map and text"),
    ("Y / N", "support or oppose (voting); projector signing: sign or refuse"),
    ("PgUp / PgDn", "table: page the proposals or a round's results; replay: a round back / on;"
                    " help: turn the page"),
)
"""(keys, what they do) for every documented shortcut."""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("The round",
     "Each round runs News (events fire and change the situation), then Proposals (each party "
     "in turn tables a proposal or passes; the order rotates), then Votes. Signing comes when "
     "no clause is open, or after the last round."),
    ("Proposals and trades",
     "A proposal amends up to the scenario's limit of clauses (usually 3), with a public note "
     "if you like. The heart of the game is the trade: give on one clause, take on another. "
     "The builder shows what a package is worth to you before you table it."),
    ("Votes",
     "The stakeholders of the amended clauses vote. A proposal passes with the consensus of "
     "its stakeholders (or a majority, if the scenario says so). Votes stay hidden until all "
     "are cast. Passed proposals change the draft in the order they were tabled."),
    ("Signing",
     "The text becomes the agreement when every signatory signs and the quorum is reached. "
     "Otherwise the talks go on, or end in no deal after the last round."),
    ("Open clauses",
     "\u201cOPEN (counts as \u2026)\u201d: nobody has settled the clause; after the last round "
     "it counts as that fallback option. \u201cOPEN, no fallback\u201d must be settled by "
     "then, or there is no text to sign and the talks end with no deal."),
    ("Red lines",
     "Options your government can never accept; your briefing marks them in red. You cannot "
     "sign a text that crosses one of your red lines, whatever else it gives you."),
    ("Scoring",
     "Your utility for a text runs from 0 to 100, from your own confidential weights. A deal "
     "scores that utility, less your urgency for every round it took; no deal scores your "
     "reservation value. Beat your reservation, and beat it early."),
    ("Hot seat",
     "Delegations share one screen. When it says \u201cPass to France\u201d, hand over: "
     "nothing private shows until that delegation presses Enter. Bots play the other seats."),
    ("Alternating offers",
     "Some scenarios (the alternating-offers tutorial) use turns instead: propose a "
     "complete text, or accept the offer on the table. All others accepting one offer makes "
     "the deal."),
)

PHASE_HINTS: dict[str, str] = {
    "news": "News first: read what happened, since events can change what each party wants.",
    "proposals": "Your turn: change up to the allowed number of clauses, or pass. Trade: "
                 "give on one clause, take on another.",
    "votes": "Vote on each proposal; nobody sees the votes until every stakeholder has voted.",
    "signing": "Sign if the text beats your reservation and crosses none of your red lines.",
    "offers": "Propose a complete text, or accept the offer on the table to close the deal.",
}


def phase_hint(phase: str) -> str:
    """The tutorial's one-sentence hint for a phase ("" for a phase without one)."""
    return PHASE_HINTS.get(phase, "")


MIN_SIZE = 14
"""The smallest type (design pixels) the help is set in; below it, it is split into pages."""

Block = tuple[int, int, int, int]
"""One section (or the keyboard list) placed on a page: (index, x, y, height)."""


class HelpScene(kit.MenuScreen):
    """The rules over whatever was showing, on one page when they fit in readable type, else
    on pages turned with Page Down / Page Up, the arrow keys, the wheel or the ‹ › buttons;
    Esc, Enter or F1 closes it."""

    name = "help"
    overlay = True

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.pager = kit.Pager("help")

    def build(self) -> None:
        st = self.ctx.style
        w, h = self.layout.size
        m = kit.margin(st)
        box = pygame.Rect(0, 0, min(w - 2 * m, st.px(1240)), min(h - st.px(40), st.px(700)))
        box.center = (w // 2, h // 2)
        self.layout.region("panel", box)
        inner = box.inflate(-2 * st.px(24), -2 * st.px(18))
        f = st.font(28, bold=True)
        bh = kit.button_height(st)
        close = pygame.Rect(inner.right - st.px(140), inner.y, st.px(140), bh)
        self.add(widgets.button(self.manager, close, "Close", "close_help", primary=True,
                                tooltip_text="Esc, Enter or F1"))
        top = inner.y + max(bh, f.get_linesize()) + st.px(10)
        body = pygame.Rect(inner.x, top, inner.w, inner.bottom - top)
        self.layout.region("body", body, "panel")
        title_w = close.x - inner.x - st.px(10)
        self._columns(body)
        if self.pager.needed:  # between the title and Close: ‹ Page 1 of 2 ›
            controls_w = min(st.px(230), title_w // 2)
            title_w -= controls_w + st.px(10)
            self.pager.controls(self, pygame.Rect(close.x - st.px(10) - controls_w, inner.y,
                                                  controls_w, bh), st, "panel")
        self.layout.text("title", (inner.x, inner.y, title_w, f.get_linesize()), "How to play",
                         f, "panel")

    def _columns(self, body: pygame.Rect) -> None:
        """Fill two or three columns in reading order with the sections, then the shortcuts,
        in the largest type that fits on one page; when none from `MIN_SIZE` up does, in that
        size on as many pages as it takes (every line can be read, a page at a time)."""
        st = self.ctx.style
        gap = st.px(26)
        choice: tuple[int, int, list[list[Block]]] | None = None
        for size in range(17, MIN_SIZE - 1, -1):
            for columns in (3, 2):
                cw = (body.w - gap * (columns - 1)) // columns
                if cw < st.px(18 * size):
                    continue
                pages = (self._plan(body, cw, gap, size, balance=True)
                         or self._plan(body, cw, gap, size))
                if pages is not None:
                    choice = (size, cw, pages)
                    break
            if choice is not None:
                break
        if choice is None:
            columns = 2 if (body.w - gap) // 2 >= st.px(18 * MIN_SIZE) else 1
            cw = (body.w - gap * (columns - 1)) // columns
            choice = (MIN_SIZE, cw, self._plan(body, cw, gap, MIN_SIZE, pages=True) or [[]])
        size, cw, pages = choice
        shown = self.pager.split([1] * len(pages), 1)  # one item a page
        hf, pf = st.font(size + 1, bold=True), st.font(size)
        blocks = [*SECTIONS, ("Keyboard", "")]
        for n, x, y, h in pages[shown.start]:
            head, text = blocks[n]
            self.layout.text(f"head{n}", (x, y, cw, hf.get_linesize()), head, hf, "body")
            below, rest = y + hf.get_linesize(), h - hf.get_linesize()
            if head == "Keyboard":
                self._shortcuts(x, below, cw, rest, size)
            else:
                self.layout.paragraph(f"text{n}", (x, below, cw, rest), text, pf, "body")

    def _plan(self, body: pygame.Rect, cw: int, gap: int, size: int, *, balance: bool = False,
              pages: bool = False) -> list[list[Block]] | None:
        """Where each block goes at this type size: in columns of even length with `balance`,
        else each column as full as it goes. None when they do not all fit on one page; with
        `pages`, the blocks that do not fit go on the next page."""
        st = self.ctx.style
        hf, pf = st.font(size + 1, bold=True), st.font(size)
        heights = [hf.get_linesize() + len(wrap(text, pf, cw)) * pf.get_linesize()
                   for _, text in SECTIONS]
        heights.append(hf.get_linesize() + sum(self._shortcut_heights(cw, size)))
        space = st.px(12)
        columns = (body.w + gap) // (cw + gap)
        target = (sum(heights) + space * len(heights)) / columns
        plan: list[list[Block]] = [[]]
        col, y = 0, body.y
        for n, h in enumerate(heights):
            used = y - body.y
            full = used + h > body.h or (balance and used + h / 2 > target)
            if used > 0 and full:
                if col < columns - 1:
                    col, y = col + 1, body.y
                elif pages:
                    plan.append([])
                    col, y = 0, body.y
            if y + h > body.bottom and not (pages and y == body.y):
                return None
            # a block taller than a whole page (only in a tiny window) is cut to the page
            room = min(h, body.bottom - y)
            plan[-1].append((n, body.x + col * (cw + gap), y, room))
            y += room + space
        return plan

    def _key_width(self, w: int, size: int) -> int:
        """The width of the keys' column of the shortcuts in a column `w` wide."""
        kf = self.ctx.style.font(size, bold=True)
        return min(w // 2, max(kf.size(k)[0] for k, _ in SHORTCUTS) + self.ctx.style.px(12))

    def _shortcut_heights(self, w: int, size: int) -> list[int]:
        """Each shortcut's height in a column `w` wide: what it does wraps under itself."""
        f = self.ctx.style.font(size)
        kw = self._key_width(w, size)
        return [len(wrap(what, f, w - kw)) * f.get_linesize() for _, what in SHORTCUTS]

    def _shortcuts(self, x: int, y: int, w: int, room: int, size: int) -> None:
        st = self.ctx.style
        f, kf = st.font(size), st.font(size, bold=True)
        kw = self._key_width(w, size)
        bottom = y + room
        for n, ((keys, what), h) in enumerate(zip(SHORTCUTS, self._shortcut_heights(w, size),
                                                  strict=True)):
            if y + h > bottom:
                break
            self.layout.text(f"key{n}", (x, y, kw, f.get_linesize()), keys, kf, "body")
            self.layout.paragraph(f"what{n}", (x + kw, y, w - kw, h), what, f, "body")
            y += h

    def turn(self, step: int) -> None:
        """Show the page `step` pages on (back when negative), if there is one."""
        if self.pager.turn(step):
            self.rebuild()

    def handle(self, intent: Intent) -> None:
        if self.pointer(intent):
            return
        if intent.kind == "key" and intent.key in kit.PAGE_KEYS:
            self.turn(kit.PAGE_KEYS[intent.key])
        elif intent.kind == "wheel" and intent.step:
            self.turn(-1 if intent.step > 0 else 1)
        elif intent.kind == "widget" and self.pager.handle(intent.widget):
            self.rebuild()
        elif intent.kind in ("back", "confirm", "help") or (
                intent.kind == "widget" and intent.widget == "close_help"):
            self.go_back()

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        kit.draw_under(self, surface)
        widgets.veil(surface, 190)
        widgets.panel(surface, self.layout["panel"].rect, st, fill=pal.panel)
        self.layout.draw_text(surface, "title", pal.text)
        self.pager.draw(surface, self.layout, st)
        for box in self.layout:
            if box.name.startswith("head"):
                self.layout.draw_text(surface, box.name, pal.gold)
            elif box.name.startswith(("text", "what")):
                self.layout.draw_text(surface, box.name, pal.text)
            elif box.name.startswith("key"):
                self.layout.draw_text(surface, box.name, pal.accent)
