"""How to play, on one screen (F1 anywhere), and the tutorial's one-line phase hints.

`SHORTCUTS` is the one list of keyboard shortcuts: this screen shows it and the negotiating
table implements it. `phase_hint` gives the sentence a screen shows the first time a phase comes
up (screens record the hints shown in `Settings.seen_hints`).
"""

from __future__ import annotations

import pygame

from game.ui import widgets
from game.ui.intents import Intent
from game.ui.scenes import kit
from game.ui.style import wrap

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
    ("PgUp / PgDn", "table: page the proposals or a round's results; replay: a round back / on"),
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


class HelpScene(kit.MenuScreen):
    """The rules on one screen, over whatever was showing; Esc, Enter or F1 closes it."""

    name = "help"
    overlay = True

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
        self.layout.text("title", (inner.x, inner.y, close.x - inner.x - st.px(10),
                                   f.get_linesize()), "How to play", f, "panel")
        top = inner.y + max(bh, f.get_linesize()) + st.px(10)
        body = pygame.Rect(inner.x, top, inner.w, inner.bottom - top)
        self.layout.region("body", body, "panel")
        self._columns(body)

    def _columns(self, body: pygame.Rect) -> None:
        """Fill two or three columns in reading order with the sections, then the shortcuts,
        in the largest type that fits (the smallest, cut with ellipses, when none does)."""
        st = self.ctx.style
        gap = st.px(26)
        choice: tuple[int, int, list[tuple[int, int, int]]] | None = None
        for size in (17, 16, 15, 14, 13, 12, 11):
            for columns in (3, 2):
                cw = (body.w - gap * (columns - 1)) // columns
                if cw < st.px(18 * size):
                    continue
                plan = (self._plan(body, cw, gap, size, balance=True)
                        or self._plan(body, cw, gap, size))
                if plan is not None:
                    choice = (size, cw, plan)
                    break
            if choice is not None:
                break
        if choice is None:
            cw = (body.w - gap) // 2
            choice = (11, cw, self._plan(body, cw, gap, 11, force=True) or [])
        size, cw, plan = choice
        hf, pf = st.font(size + 1, bold=True), st.font(size)
        for n, (head, text) in enumerate([*SECTIONS, ("Keyboard", "")]):
            if n >= len(plan):
                break
            x, y, h = plan[n]
            self.layout.text(f"head{n}", (x, y, cw, hf.get_linesize()), head, hf, "body")
            y += hf.get_linesize()
            if head == "Keyboard":
                self._shortcuts(x, y, cw, body.bottom - y, size)
            else:
                self.layout.paragraph(f"text{n}", (x, y, cw, h - hf.get_linesize()), text, pf,
                                      "body")

    def _plan(self, body: pygame.Rect, cw: int, gap: int, size: int, *, balance: bool = False,
              force: bool = False) -> list[tuple[int, int, int]] | None:
        """(x, y, height) of each block at this type size, in columns of even length with
        `balance`, else each column as full as it goes; None when they do not all fit (with
        `force`, as many as fit, the last one shortened)."""
        st = self.ctx.style
        hf, pf = st.font(size + 1, bold=True), st.font(size)
        heights = [hf.get_linesize() + len(wrap(text, pf, cw)) * pf.get_linesize()
                   for _, text in SECTIONS]
        heights.append(hf.get_linesize() + len(SHORTCUTS) * pf.get_linesize())
        space = st.px(12)
        columns = (body.w + gap) // (cw + gap)
        target = (sum(heights) + space * len(heights)) / columns
        plan: list[tuple[int, int, int]] = []
        col, y = 0, body.y
        for h in heights:
            used = y - body.y
            full = used + h > body.h or (balance and used + h / 2 > target)
            if used > 0 and col < columns - 1 and full:
                col, y = col + 1, body.y
            room = min(h, body.bottom - y)
            if room < h and not force:
                return None
            if room < hf.get_linesize() + pf.get_linesize():
                break
            plan.append((body.x + col * (cw + gap), y, room))
            y += room + space
        return plan

    def _shortcuts(self, x: int, y: int, w: int, room: int, size: int) -> None:
        st = self.ctx.style
        f, kf = st.font(size), st.font(size, bold=True)
        kw = min(w // 2, max(kf.size(k)[0] for k, _ in SHORTCUTS) + st.px(12))
        for n, (keys, what) in enumerate(SHORTCUTS):
            if (n + 1) * f.get_linesize() > room:
                break
            self.layout.text(f"key{n}", (x, y, kw, f.get_linesize()), keys, kf, "body")
            self.layout.text(f"what{n}", (x + kw, y, w - kw, f.get_linesize()), what, f, "body")
            y += f.get_linesize()

    def handle(self, intent: Intent) -> None:
        if self.pointer(intent):
            return
        if intent.kind in ("back", "confirm", "help") or (
                intent.kind == "widget" and intent.widget == "close_help"):
            self.go_back()

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        kit.draw_under(self, surface)
        widgets.veil(surface, 190)
        widgets.panel(surface, self.layout["panel"].rect, st, fill=pal.panel)
        self.layout.draw_text(surface, "title", pal.text)
        for box in self.layout:
            if box.name.startswith("head"):
                self.layout.draw_text(surface, box.name, pal.gold)
            elif box.name.startswith(("text", "what")):
                self.layout.draw_text(surface, box.name, pal.text)
            elif box.name.startswith("key"):
                self.layout.draw_text(surface, box.name, pal.accent)
