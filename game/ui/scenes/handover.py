"""The hand-over screen: pass the computer to the next delegation before anything private shows.

It draws only public things: the party's name, colour and leader, the player's name, and why
the seat is needed, from the observer's view. Enter (or the big button) tells the table that
delegation is now looking, and the flow moves on to its private screen. Bots keep moving
behind it, since nothing on it is secret.

The card takes no answer for a moment after it appears (`HANDOVER_GUARD`): it comes up
unannounced when the bots reach the next human seat, and an Enter or a click the delegation
leaving the screen meant for its own screen must not hand that screen over unseen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.core.view import OBSERVER, View
from game.core.words import possessive
from game.ui import style, widgets
from game.ui.intents import Intent
from game.ui.scenes.private_common import (
    PrivateScreen,
    draw_disc,
    party_color,
    plural,
    round_text,
    tag,
)

if TYPE_CHECKING:
    from game.ui.context import Context

HANDOVER_GUARD = 0.7
"""Seconds after the card appears during which Enter, clicks and its button do nothing (the
button shows switched off). The bots can bring the card up at any moment, often just as the
delegation at the screen presses Enter again (closing its results card, voting) or clicks
where the button then appears: taken as an answer, that press would show the next
delegation's private screen to the wrong people, with no card seen. Long enough to part that
stray press from a deliberate one (people read the card first), short enough not to be felt.
A key held down since before the card cannot answer it either: pygame sends one key-down per
press (key repeat is off), so only a new press after the guard does."""


def why_needed(view: View, party: str) -> str:
    """Why the seat is called to the screen, in public terms."""
    name = view.party(party).name
    if view.phase == "votes":
        n = sum(1 for p in view.proposals if p.round == view.round and p.result == "pending"
                and party in p.stakeholders and party not in p.voted)
        return f"{name} votes on {plural(n, 'proposal')}"
    if view.phase == "signing":
        final = " (the final signing)" if view.final_signing else ""
        return f"{name} decides whether to sign the text{final}"
    whose = possessive(name)
    if view.phase == "offers":
        return f"{whose} turn to make or accept an offer"
    return f"{whose} turn to propose"


class HandOverScene(PrivateScreen):
    name = "handover"

    def __init__(self, ctx: Context, party: str) -> None:
        super().__init__(ctx, ("handover", party))
        self.party = party
        self.hold = HANDOVER_GUARD
        """Seconds left before the card takes an answer (see `HANDOVER_GUARD`)."""
        self.ready: pygame_gui.elements.UIButton | None = None

    def build(self) -> None:
        st = self.ctx.style
        view = self.table.view(OBSERVER)
        info = view.party(self.party)
        self.accent = party_color(view, self.party)
        body = self.lay_frame(
            view.title, "Hot seat: one delegation at the screen at a time", round_text(view),
            hint="Enter: we are looking · Esc pause · F1 how to play", buttons=[])
        lay = self.layout
        pad_x, pad_y = st.px(28), st.px(24)
        card_w = min(body.w, st.px(720))
        inner_w = card_w - 2 * pad_x
        disc = st.px(86)
        big = st.font(34, bold=True)
        lead = st.font(17, italic=True)
        coming = ("private numbers come" if self.party in self.table.briefed
                  else "a briefing and private numbers come")
        instruction = (f"Press Enter when only {possessive(info.name)} delegation is looking. "
                       f"Everyone else, please look away: {coming} next.")
        n_lines = len(style.wrap(instruction, st.body, inner_w))
        bh = st.px(52)
        fixed = (big.get_linesize() + lead.get_linesize() + st.px(14)
                 + st.heading.get_linesize() + st.px(10) + st.px(22) + bh + 2 * pad_y)
        lines_room = max(1, (body.h - fixed) // st.body.get_linesize())
        n_lines = min(n_lines, lines_room)
        if fixed + n_lines * st.body.get_linesize() + disc + st.px(12) > body.h:
            disc = 0  # a small window at a large scale: the badge goes first
        card_h = min(body.h, fixed + n_lines * st.body.get_linesize()
                     + (disc + st.px(12) if disc else 0))
        card = pygame.Rect(0, 0, card_w, card_h)
        card.center = body.center
        lay.region("card", card, "body")
        inner = card.inflate(-2 * pad_x, -2 * pad_y)
        lay.region("card.inner", inner, "card")
        y = inner.y
        if disc:
            lay.text("disc", (inner.centerx - disc // 2, y, disc, disc), tag(self.party),
                     st.font(30, bold=True), "card.inner")
            y += disc + st.px(12)
        lay.text("pass_to", (inner.x, y, inner.w, big.get_linesize()), f"Pass to {info.name}",
                 big, "card.inner")
        y += big.get_linesize()
        player = self.table.seats[self.party].name or "the next player"
        lay.text("who", (inner.x, y, inner.w, lead.get_linesize()),
                 f"{info.leader} · played by {player}", lead, "card.inner")
        y += lead.get_linesize() + st.px(14)
        lay.text("why", (inner.x, y, inner.w, st.heading.get_linesize()),
                 why_needed(view, self.party), st.heading, "card.inner")
        y += st.heading.get_linesize() + st.px(10)
        rest = n_lines * st.body.get_linesize()
        lay.paragraph("instruction", (inner.x, y, inner.w, rest), instruction, st.body,
                      "card.inner")
        # As wide as its label with a margin each side, so the label never touches the
        # edges; at least a comfortable target, at most the card (a shorter label if need be).
        bf, margin = st.font(17, bold=True), st.px(36)
        labels = (f"{info.name} is looking — continue", f"{info.name} is looking", "Continue")
        label = next((t for t in labels if bf.size(t)[0] + 2 * margin <= inner.w), labels[-1])
        bw = min(inner.w, max(st.px(300), bf.size(label)[0] + 2 * margin))
        ready = pygame.Rect(inner.centerx - bw // 2, inner.bottom - bh, bw, bh)
        lay.region("ready", ready, "card.inner")
        self.ready = self.add(widgets.button(
            self.manager, ready, label, "handover_ready", primary=True,
            tooltip_text=f"Only {possessive(info.name)} delegation should see what comes next"))
        if self.hold > 0:
            self.ready.disable()  # type: ignore[no-untyped-call]

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.hold <= 0:
            return
        self.hold = max(0.0, self.hold - dt)
        button = self.ready
        if self.hold <= 0 and button is not None and button.alive():  # type: ignore[no-untyped-call]
            button.enable()  # type: ignore[no-untyped-call]
            shape = button.drawable_shape
            if shape is not None and shape.has_fresh_surface():
                button.on_fresh_drawable_shape_ready()  # type: ignore[no-untyped-call]
            self.dirty = True

    def handle(self, intent: Intent) -> None:
        if intent.kind == "confirm" or (intent.kind == "widget"
                                        and intent.widget == "handover_ready"):
            if self.hold > 0:
                return  # a press meant for the screen before (see `HANDOVER_GUARD`)
            self.table.hand_to(self.party)
            self.follow()
            return
        super().handle(intent)

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        self.draw_frame(surface)
        card = lay["card"].rect
        widgets.panel(surface, card, st, edge=self.accent)
        pygame.draw.rect(surface, self.accent, (card.x, card.y, card.w, st.px(6)),
                         border_top_left_radius=st.px(6), border_top_right_radius=st.px(6))
        if "disc" in lay:
            draw_disc(surface, lay, "disc", self.accent, st)
        lay.draw_text(surface, "pass_to", pal.text, align="center")
        lay.draw_text(surface, "who", pal.muted, align="center")
        lay.draw_text(surface, "why", style.mix(self.accent, pal.text, 0.55), align="center")
        lay.draw_text(surface, "instruction", pal.muted, align="center")
