"""A seat's briefing: the situation, its confidential instructions, and what each option is
worth to it.

The left panel scrolls through the public briefing, the party's public line and its
confidential briefing. The right panel draws the seat's own preferences as one card per
clause: a bar per option (its value, 0 to 100), the clause's weight in the score, red lines
hatched (the reason in the tooltip) and the option now in the draft marked. Above the cards:
the walk-away value and what urgency costs. Cards that do not fit turn into pages.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.core.model import Issue, Preferences
from game.core.scoring import normalised_weights
from game.core.view import View
from game.ui import style, widgets
from game.ui.intents import Intent
from game.ui.scenes.kit import Action as FooterButton
from game.ui.scenes.private_common import (
    PrivateScreen,
    draw_panel,
    frame_body,
    lay_panel,
    paginate,
    party_color,
    round_text,
    tag,
)

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.context import Context


def walk_away_text(prefs: Preferences, *, short: bool = False) -> str:
    """The walk-away line; `short` for a narrow panel (a large UI scale)."""
    if short:
        return f"Walk-away: {prefs.reservation:g} — below this, no deal is better"
    return (f"Walk-away: {prefs.reservation:g} — a deal worth less than this to you is worse "
            "than no deal")


def urgency_text(prefs: Preferences, rounds: int, *, short: bool = False) -> str:
    """The urgency line; `short` for a narrow panel (a large UI scale)."""
    if prefs.urgency <= 0:
        return ("No urgency" if short else
                "No urgency: a deal is worth as much in the last round as in the first.")
    keep = (1 - prefs.urgency) ** max(0, rounds - 1)
    if short:
        return (f"Urgency {prefs.urgency * 100:g}% a round: signed in round {rounds}, a deal "
                f"keeps {keep * 100:.0f}%")
    return (f"Urgency {prefs.urgency * 100:g}% a round: each round of delay cuts a deal's worth "
            f"by that much (signed in round {rounds}, it keeps {keep * 100:.0f}%).")


LEGEND = ("Bar: the option's value to you (0–100) · % : the clause's share of your score · dot: "
          "in the draft now · hatched: your red line",
          "Bar: value to you · %: share of your score · dot: in the draft · hatched: red line")
"""How to read a card, in full and for a narrow panel."""


def _whole(full: str, short: str, f: pygame.font.Font, width: int) -> tuple[str, str]:
    """`full` if it fits in `width`, else `short` with `full` as its tooltip: a line whose
    figure matters is shortened in words, not cut."""
    return (full, "") if f.size(full)[0] <= width else (short, full)


def what_changed(view: View, old: Preferences, new: Preferences) -> str:
    """What news changed in a seat's numbers, in one line, the biggest news first: the
    walk-away and urgency, then each clause whose option values or red lines changed or whose
    share of the score moved, largest move first ("US backstop 28%, now 30%"). Only clauses
    whose own weight the news changed: the others' shares merely rescale around them (a
    9-clause notice for a 2-clause change), and a share that reads the same once rounded is
    left out too."""
    ids = [i.id for i in view.issues]
    was, now = normalised_weights(old, ids), normalised_weights(new, ids)
    parts = []
    if old.reservation != new.reservation:
        parts.append(f"walk-away {old.reservation:g}, now {new.reservation:g}")
    if old.urgency != new.urgency:
        parts.append(f"urgency {old.urgency * 100:g}%, now {new.urgency * 100:g}%")
    clauses: list[tuple[bool, float, str]] = []
    for i in view.issues:
        before, after = f"{was[i.id] * 100:.0f}", f"{now[i.id] * 100:.0f}"
        # only a clause whose own weight the news changed: the others' shares move with it
        moved = old.weights.get(i.id) != new.weights.get(i.id) and before != after
        share = f" {before}%, now {after}%" if moved else ""
        values = old.values.get(i.id) != new.values.get(i.id) or (
            {r for r in old.red_lines if r.issue == i.id}
            != {r for r in new.red_lines if r.issue == i.id})
        if share or values:
            clauses.append((values, abs(now[i.id] - was[i.id]),
                            i.name + share + (" (its options' values)" if values else "")))
    parts += [said for _, _, said in sorted(clauses, key=lambda c: (not c[0], -c[1]))]
    if old.interactions != new.interactions:
        parts.append("how clauses combine")
    return "News has changed your numbers: " + ("; ".join(parts) or "see below")


def briefing_html(view: View, party: str, size: int) -> str:
    """The briefing panel's text, as pygame_gui's HTML subset, at `size` pixels."""
    me = view.me
    assert me is not None
    info = view.party(party)
    gold = "#d6b25c"

    def para(text: str) -> str:  # blank lines part paragraphs; single breaks are spaces
        blocks = [" ".join(b.split()) for b in text.strip().split("\n\n")]
        return "<br><br>".join(html.escape(b) for b in blocks if b)

    parts = [f"<font color='{gold}'><b>CONFIDENTIAL — {html.escape(info.name.upper())} "
             f"ONLY</b></font><br>{para(me.confidential_briefing)}"]
    combos = []
    for x in me.preferences.interactions:
        cond = " and ".join(
            f"{view.issue(i).name} is " + " or ".join(view.issue(i).option(o).label
                                                      for o in opts)
            for i, opts in x.when.items() if any(v.id == i for v in view.issues))
        note = f" — {x.note}" if x.note else ""
        combos.append(f"• {x.value:+g} points when {cond}{note}")
    if combos:
        parts.append("<b>Combinations that change your score</b><br>"
                     + "<br>".join(html.escape(c) for c in combos))
    parts.append(f"<b>Your public line</b><br>{para(info.briefing)}")
    parts.append(f"<b>The situation</b><br>{para(view.briefing)}")
    return f"<font face='noto_sans' pixel_size={size}>{'<br><br>'.join(parts)}</font>"


NEXT_SCREEN = {
    "proposals": ("to the table", "Go to the negotiating table"),
    "votes": ("to the vote", "Go on to vote on this round's proposals"),
    "signing": ("to the signing", "Go on to sign or refuse the text"),
}
"""By phase, where the briefing's button leads and its tooltip."""


class BriefingScene(PrivateScreen):
    name = "briefing"

    def __init__(self, ctx: Context, party: str) -> None:
        super().__init__(ctx, ("briefing", party))
        self.party = party
        self.text_box: pygame_gui.elements.UITextBox | None = None
        self.cards: list[tuple[str, list[str]]] = []
        """(issue id, option ids) of the cards on the current page."""
        self.news = ""
        """What news changed in the seat's numbers since it last read this (shown as the
        subtitle), or ""."""

    # -- life cycle: a first reading holds the round timer (see `Table.held_for`) -------------

    def enter(self, app: App) -> None:
        if self.ctx.table is not None:
            self.ctx.table.reading = self.party
        super().enter(app)

    def exit(self) -> None:
        table = self.ctx.table  # None once the game has ended (quit to the menu)
        if table is not None and table.reading == self.party:
            table.reading = None
        super().exit()

    def build(self) -> None:
        st = self.ctx.style
        view = self.table.view(self.party)
        me = view.me
        assert me is not None, "a briefing needs the seat's own view"
        info = view.party(self.party)
        self.accent = party_color(view, self.party)
        lay = self.layout
        # the cards' pages depend on the body, the body on the footer: measure first
        left_w, worth_rect = self._columns(frame_body(lay.size, st))
        pages = self._pages(view, worth_rect)
        before = self.table.rebrief(self.party)
        self.news = what_changed(view, before, me.preferences) if before is not None else ""
        self.subtitle_warns = bool(self.news)
        # where the seat goes next: the table, or straight to its ballot or signature
        due = view.phase if self.party in view.to_move else "proposals"
        goes, tip = NEXT_SCREEN.get(due, NEXT_SCREEN["proposals"])
        body = self.lay_frame(
            f"{info.name} — your briefing",
            self.news or f"{info.leader} · played by "
            f"{self.table.seats[self.party].name or 'you'} · confidential", round_text(view),
            hint=f"Hover a bar for details · Enter: {goes} · Esc pause · F1 help",
            buttons=[*self.page_buttons(len(pages)),
                     FooterButton("to_table", f"{goes[0].upper()}{goes[1:]} ›", tip,
                                  primary=True)],
            badge=tag(self.party))
        left = pygame.Rect(body.x, body.y, left_w, body.h)
        text_rect = lay_panel(lay, "brief", left, "body", st, title="Briefing")
        lay.region("brief.text", text_rect, "brief")
        self.text_box = self.add(pygame_gui.elements.UITextBox(
            briefing_html(view, self.party, st.px(15)), text_rect, self.manager))
        right = pygame.Rect(left.right + st.px(14), body.y, body.right - left.right - st.px(14),
                            body.h)
        inner = lay_panel(lay, "worth", right, "body", st,
                          title="What each option is worth to me")
        self._lay_cards(view, me.preferences, inner, pages[self.page])

    # -- geometry --------------------------------------------------------------------------

    def _columns(self, body: pygame.Rect) -> tuple[int, pygame.Rect]:
        """The briefing column's width, and the cards' area in the right panel."""
        st = self.ctx.style
        left_w = max(st.px(300), int(body.w * 0.36))
        right = pygame.Rect(body.x + left_w + st.px(14), body.y, body.w - left_w - st.px(14),
                            body.h)
        inner = pygame.Rect(right.x + st.px(10), right.y + st.px(8) + widgets.title_height(st),
                            right.w - 2 * st.px(10),
                            right.h - 2 * st.px(8) - widgets.title_height(st))
        top = self._strip_height()
        cards = pygame.Rect(inner.x, inner.y + top, inner.w, inner.h - top)
        return left_w, cards

    def _strip_height(self) -> int:
        st = self.ctx.style
        return 2 * st.body.get_linesize() + st.small.get_linesize() + st.px(14)

    def _row_h(self) -> int:
        return self.ctx.style.small.get_linesize() + self.ctx.style.px(5)

    def _card_h(self, issue: Issue) -> int:
        st = self.ctx.style
        return (st.font(14, bold=True).get_linesize() + st.px(6) + len(issue.options)
                * self._row_h() + st.px(12))

    def _columns_for(self, width: int) -> int:
        return max(1, min(3, width // self.ctx.style.px(330)))

    def _pages(self, view: View, area: pygame.Rect) -> list[list[list[int]]]:
        """The cards' pages; when they fit on one, columns of balanced heights."""
        ncols = self._columns_for(area.w)
        heights = [self._card_h(i) for i in view.issues]
        gap = self.ctx.style.px(8)
        pages = paginate(heights, area.h, ncols, gap)
        if len(pages) == 1:
            room = max(heights, default=0)
            while room < area.h and len(pages := paginate(heights, room, ncols, gap)) > 1:
                room += self.ctx.style.px(8)
        return pages

    # -- the cards -------------------------------------------------------------------------

    def _lay_cards(self, view: View, prefs: Preferences, inner: pygame.Rect,
                   page: list[list[int]]) -> None:
        st = self.ctx.style
        lay = self.layout
        strip_h = self._strip_height()
        lay.region("strip", (inner.x, inner.y, inner.w, strip_h - st.px(8)), "worth")
        y = inner.y
        lines = (
            ("walkaway", walk_away_text(prefs), walk_away_text(prefs, short=True),
             st.font(15, bold=True), st.body.get_linesize()),
            ("urgency", urgency_text(prefs, view.rounds),
             urgency_text(prefs, view.rounds, short=True), st.body, st.body.get_linesize()),
            ("legend", *LEGEND, st.small, st.small.get_linesize()))
        for name, full, short, f, h in lines:
            text, tip = _whole(full, short, f, inner.w)
            lay.text(name, (inner.x, y, inner.w, h), text, f, "strip", tooltip=tip)
            y += h
        area = pygame.Rect(inner.x, inner.y + strip_h, inner.w, inner.h - strip_h)
        lay.region("cards", area, "worth")
        ncols = self._columns_for(area.w)
        gap = st.px(12)
        col_w = (area.w - gap * (ncols - 1)) // ncols
        weights = normalised_weights(prefs, [i.id for i in view.issues])
        self.cards = []
        for c, column in enumerate(page):
            y = area.y
            x = area.x + c * (col_w + gap)
            for k in column:
                issue = view.issues[k]
                h = self._card_h(issue)
                self._lay_card(view, prefs, issue, weights.get(issue.id, 0.0),
                               pygame.Rect(x, y, col_w, min(h, area.bottom - y)))
                y += h + st.px(8)

    def _lay_card(self, view: View, prefs: Preferences, issue: Issue, weight: float,
                  rect: pygame.Rect) -> None:
        st = self.ctx.style
        lay = self.layout
        name = f"card.{issue.id}"
        lay.region(name, rect, "cards")
        inner = rect.inflate(-2 * st.px(8), -2 * st.px(5))
        hf = st.font(14, bold=True)
        y = inner.y
        pct_w = st.px(92)
        locked = " (locked)" if issue.id in view.locked else ""
        lay.text(f"{name}.title", (inner.x, y, inner.w - pct_w - st.px(6), hf.get_linesize()),
                 issue.name + locked, hf, name,
                 tooltip=issue.description or issue.name)
        lay.region(f"{name}.weight", (inner.right - pct_w, y + st.px(3), pct_w,
                                      hf.get_linesize() - st.px(6)), name,
                   tooltip=f"{issue.name} is {weight * 100:.0f}% of your score: an option "
                           f"worth 100 adds {weight * 100:.1f} points")
        y += hf.get_linesize() + st.px(6)
        red = {o: r.reason for r in prefs.red_lines if r.issue == issue.id for o in r.options}
        values = prefs.values.get(issue.id)
        label_w = int(inner.w * 0.46)
        num_w = st.px(30)
        row_h = self._row_h()
        options = []
        for opt in issue.options:
            value = values.get(opt.id, 0.0) if values is not None else 0.0
            row = f"{name}.{opt.id}"
            tip = f"{opt.label}: worth {value:g} of 100 to you × {weight * 100:.0f}% = " \
                  f"{value * weight:.1f} points."
            if opt.description:
                tip = f"{opt.description} {tip}"
            if opt.id in red:
                tip = f"RED LINE — you cannot sign a text with this option. {red[opt.id]} {tip}"
            if view.draft.get(issue.id) == opt.id:
                tip += " It is in the draft now."
            lay.region(row, (inner.x, y, inner.w, row_h), name, tooltip=tip)
            lay.text(f"{row}.label", (inner.x + st.px(12), y, label_w - st.px(12), row_h),
                     opt.label, st.small, row, tooltip=tip)
            bar_x = inner.x + label_w + st.px(6)
            lay.region(f"{row}.bar", (bar_x, y + st.px(4), inner.right - num_w - st.px(6)
                                      - bar_x, row_h - st.px(8)), row)
            lay.text(f"{row}.num", (inner.right - num_w, y, num_w, row_h), f"{value:g}",
                     st.small, row)
            options.append(opt.id)
            y += row_h
        self.cards.append((issue.id, options))

    # -- input -----------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if intent.kind == "confirm" or (intent.kind == "widget"
                                        and intent.widget == "to_table"):
            self.table.brief(self.party)
            self.follow()
            return
        super().handle(intent)

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        view, prefs = self.own_view(self.party)
        self.draw_frame(surface)
        draw_panel(surface, lay, "brief", st, title_color=pal.gold)
        draw_panel(surface, lay, "worth", st)
        lay.draw_text(surface, "walkaway", pal.gold)
        lay.draw_text(surface, "urgency", pal.muted if prefs.urgency <= 0 else pal.warn)
        lay.draw_text(surface, "legend", pal.faint)
        weights = normalised_weights(prefs, [i.id for i in view.issues])
        for issue_id, options in self.cards:
            name = f"card.{issue_id}"
            rect = lay[name].rect
            pygame.draw.rect(surface, style.mix(pal.panel, pal.raised, 0.45), rect,
                             border_radius=st.px(5))
            lay.draw_text(surface, f"{name}.title", pal.text)
            wr = lay[f"{name}.weight"].rect
            weight = weights.get(issue_id, 0.0)
            pct = st.small.render(f"{weight * 100:.0f}%", True, pal.muted)
            bar = pygame.Rect(wr.x, wr.centery - st.px(3), wr.w - pct.get_width() - st.px(6),
                              st.px(6))
            widgets.value_bar(surface, bar, st, weight * 100, maximum=max(
                [*(weights.values()), 0.01]) * 100, color=pal.gold)
            surface.blit(pct, (wr.right - pct.get_width(), wr.centery - pct.get_height() // 2))
            red = {o for r in prefs.red_lines if r.issue == issue_id for o in r.options}
            values = prefs.values.get(issue_id)
            drafted = view.draft.get(issue_id)
            for opt in options:
                row = f"{name}.{opt}"
                value = values.get(opt, 0.0) if values is not None else 0.0
                crossed = opt in red
                if drafted == opt:
                    r = lay[row].rect
                    pygame.draw.circle(surface, pal.accent, (r.x + st.px(5), r.centery),
                                       st.px(4))
                lay.draw_text(surface, f"{row}.label", pal.bad if crossed else (
                    pal.text if drafted == opt else pal.muted))
                widgets.value_bar(surface, lay[f"{row}.bar"].rect, st, value, hatched=crossed,
                                  color=pal.bad if crossed else style.mix(
                                      pal.good, pal.accent, 1 - value / 100))
                lay.draw_text(surface, f"{row}.num", pal.text, align="right")
