"""The voting screen: the proposals this seat must vote on, and what each is worth to it.

Each proposal shows its proposer, its amendments ("Clause: current » new"), its note, and the
seat's utility for the draft with it against without it, with any red line it would cross.
Support and Oppose apply a `Vote`; once the seat has voted on everything the flow moves on.
A page holds as many cards as fit; the card Y / N vote on is lit and shows the two keys.
The right panel keeps the current draft in view, with the seat's utility and walk-away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pygame

from game.core.model import Preferences
from game.core.scoring import open_without_fallback, red_lines_crossed, utility, with_fallbacks
from game.core.view import OBSERVER, ProposalView, View
from game.core.words import and_list, possessive, signed
from game.ui import style, widgets
from game.ui.intents import Intent
from game.ui.layout import Layout
from game.ui.scenes import table_parts as tp
from game.ui.scenes.private_common import (
    VOTE_PAUSE,
    OperatorScreen,
    PrivateScreen,
    draw_clauses,
    draw_lit,
    draw_meter,
    draw_panel,
    frame_body,
    hint_seen,
    issue_name,
    lay_clauses,
    lay_meter,
    lay_panel,
    option_label,
    paginate,
    party_color,
    party_name,
    plural,
    points,
    round_text,
    tag,
    tutorial_hint,
)

if TYPE_CHECKING:
    from game.ui.context import Context


OPEN_RULE = "open clauses count as their fallback if they have one, else 0"
"""How an open clause counts in the worth shown (as `with_fallbacks` reads the draft)."""

STAMP_TICK = 14
"""Design pixels of the tick on a choice made (see `lay_stamp`)."""


def my_ballot(view: View, party: str) -> list[ProposalView]:
    """This round's open proposals that `party` still has to vote on."""
    return [p for p in view.proposals if p.round == view.round and p.result == "pending"
            and party in p.stakeholders and party not in p.voted]


def left_line(left: list[int], page_of: dict[int, int], page: int) -> str:
    """Which proposals are left to vote on, and on which page when not this one: "Left to vote
    on: #14 (page 2)", "Left to vote on: #13 and #14 (page 2)"; a count past three, naming
    the next, the one Y / N vote on: the first left on this page, else the first left ("Left
    to vote on: 4 proposals (next: #13)")."""
    def where(pid: int) -> str:
        return "" if page_of.get(pid, page) == page else f" (page {page_of[pid] + 1})"
    if not left:
        return "Nothing left to vote on"
    if len(left) > 3:
        after = next((pid for pid in left if not where(pid)), left[0])
        return (f"Left to vote on: {plural(len(left), 'proposal')} (next: #{after}"
                + (f", page {page_of[after] + 1}" if where(after) else "") + ")")
    # "Left to vote on: #50", not "#50 left to vote on", which reads as a count
    return "Left to vote on: " + and_list([f"#{pid}{where(pid)}" for pid in left])


class ProposalWorth(NamedTuple):
    """What the draft is worth to the seat without and with a proposal (see `proposal_worth`)."""

    before: float
    """The draft's utility, open clauses read as their fallback (one without counts 0)."""
    after: float
    """The same with the proposal."""
    warnings: list[str]
    """Sentences against it: red lines it would cross, a text it completes below no deal."""
    open_before: tuple[str, ...] = ()
    """Names of the clauses open with no fallback in the draft: while any is, it cannot be
    signed, so it is worth the walk-away, whatever `before` adds up to."""
    open_after: tuple[str, ...] = ()
    """The same with the proposal."""


def proposal_worth(view: View, prefs: Preferences, p: ProposalView) -> ProposalWorth:
    """The draft's utility without and with the proposal, the warnings against it (as
    sentences): the red lines it would cross, and a text it would complete worth less to the
    seat, signed now, than no deal. Such a text goes straight to signing, so "+20 points" on
    the draft is no reason to support it. And, each side, the clauses it leaves open with no
    fallback: a side with any cannot be signed as it stands (see `worth_words`)."""
    ids = [i.id for i in view.issues]
    amended = {**view.draft, **dict(p.amendments)}
    before = with_fallbacks(view.issues, view.draft)
    after = with_fallbacks(view.issues, amended)
    warnings = [f"“{option_label(view, r.issue, after.get(r.issue))}” in "
                f"{issue_name(view, r.issue)} crosses your red line: {r.reason}"
                for r in red_lines_crossed(prefs, after)
                if r not in red_lines_crossed(prefs, before)]
    if not warnings:
        below = tp.completes_below(view, prefs, p.amendments)
        warnings += [below] if below else []
    return ProposalWorth(utility(prefs, before, ids), utility(prefs, after, ids), warnings,
                         tuple(i.name for i in open_without_fallback(view.issues, view.draft)),
                         tuple(i.name for i in open_without_fallback(view.issues, amended)))


def _open(names: tuple[str, ...]) -> str:
    """"Force size is", "Force size and Zone are": the clauses open with no fallback."""
    return and_list(list(names)) + (" is" if len(names) == 1 else " are")


def worth_words(w: ProposalWorth, walk_away: float) -> tuple[list[str], str, int]:
    """A card's worth line: its wordings, longest first (see `pick_wording`),
    the whole of it as a sentence (its tooltip), and the sign of the honest comparison (its
    colour). A side that leaves a clause open with no fallback cannot be signed as it stands:
    it reads "no deal yet" and counts as the walk-away, as the bots and the builder's "OPEN,
    no fallback" have it. Counting that clause 0 instead set "87.0 » 80.0 (–7.0 points)" in
    red on a proposal that made the text signable at 35 over the walk-away."""
    before, after = w.before, w.after
    if not w.open_before and not w.open_after:  # both could be signed: the plain comparison
        line = f"Worth to you: {points(before)} » {points(after)} ({signed(after - before)} points)"
        tip = f"Your utility for the draft without and with this proposal ({OPEN_RULE})"
        return [line], tip, (after > before) - (after < before)
    walk = f"{walk_away:g}"
    now = (f"As the draft stands, {_open(w.open_before)} open with no fallback: it cannot be "
           f"signed, so it is worth your walk-away ({walk}) to you. " if w.open_before else
           f"The draft is worth {points(before)} to you ({OPEN_RULE}). ")
    raw = (f" (Counting such clauses 0, the draft goes from {points(before)} to "
           f"{points(after)}.)")
    if not w.open_after:  # the proposal settles the last of them: a text that can be signed
        change = signed(after - walk_away)
        tip = (now + f"With this proposal it could be signed, worth {points(after)} to you: "
               f"{change} on your walk-away ({OPEN_RULE}).")
        return ([f"Worth to you: no deal yet (walk-away {walk}) » {points(after)} "
                 f"({change} on your walk-away)",
                 f"Worth to you: no deal yet (walk-away {walk}) » {points(after)} "
                 f"({change} points)",
                 f"Worth to you: walk-away {walk} » {points(after)} ({change} points)",
                 f"Walk-away {walk} » {points(after)} ({change})"],
                tip, (after > walk_away) - (after < walk_away))
    names = and_list(list(w.open_after))
    tip = now + (f"With this proposal {_open(w.open_after)} still open with no fallback: "
                 f"{'still ' if w.open_before else ''}no deal." + raw)
    if not w.open_before:  # it would leave open a clause the draft has settled
        change = signed(walk_away - before)
        return ([f"Worth to you: {points(before)} » no deal: {names} open ({change} points)",
                 f"Worth to you: {points(before)} » no deal ({change} points)",
                 f"{points(before)} » no deal ({change})"],
                tip, (walk_away > before) - (walk_away < before))
    # Neither side can be signed yet: the clauses it does settle still move the text towards
    # the seat or away from it, which is what a vote in the middle rounds decides (the
    # flagship leaves clauses with no fallback open until late). The figures count those
    # clauses 0, as the draft panel's points do, and the line says no deal is possible yet.
    change = signed(after - before)
    count = plural(len(w.open_after), "clause")
    return ([f"Worth to you: {points(before)} » {points(after)} ({change} points) · still no "
             f"deal: {names} open",
             f"Worth to you: {points(before)} » {points(after)} ({change} points) · still no "
             f"deal ({count} open)",
             f"Worth to you: {points(before)} » {points(after)} ({change}) · no deal yet",
             f"Worth: {points(before)} » {points(after)} ({change}) · no deal yet",
             f"{points(before)} » {points(after)} ({change}) · no deal yet"],
            tip, (after > before) - (after < before))


NOTE_LINES = 2
"""Lines of a proposer's note shown on a card; a longer note ends in an ellipsis, whole in the
tooltip (the table caps notes at 200 characters, about three lines)."""


def note_font(st: style.Style) -> pygame.font.Font:
    return st.font(13, italic=True)


def quoted_note(p: ProposalView) -> str:
    """The proposer's note to the room, in quotes ("" when it said nothing)."""
    return f"“{p.note.strip()}”" if p.note.strip() else ""


def card_head_height(st: style.Style, p: ProposalView, width: int) -> int:
    """The height `lay_card_head` takes for the title, amendments and note in `width`."""
    note = quoted_note(p)
    notes = len(style.wrap(note, note_font(st), width - st.px(8), NOTE_LINES)) if note else 0
    return (st.font(16, bold=True).get_linesize() + st.px(4)
            + len(p.amendments) * st.small.get_linesize()
            + notes * note_font(st).get_linesize())


def lay_card_head(lay: Layout, st: style.Style, view: View, p: ProposalView, rect: pygame.Rect,
                  *, width: int = 0) -> tuple[str, pygame.Rect, int]:
    """A proposal card's box, its title and amendments and the proposer's note (italic,
    quoted, wrapped) in the first `width` pixels of the card's inner rect (all of it when 0);
    (box name, inner rect, the y below them)."""
    name = f"p{p.id}"
    lay.region(name, rect, "list")
    inner = rect.inflate(-2 * st.px(14), -2 * st.px(10))
    w = width or inner.w
    hf = st.font(16, bold=True)
    y = inner.y
    chip_w = st.px(44)
    lay.text(f"{name}.chip", (inner.x, y + st.px(2), chip_w, hf.get_linesize() - st.px(4)),
             tag(p.party), st.font(12, bold=True), name)
    lay.text(f"{name}.title", (inner.x + chip_w + st.px(10), y, w - chip_w - st.px(10),
                               hf.get_linesize()),
             f"Proposal {p.id} · tabled by {party_name(view, p.party)}", hf, name)
    y += hf.get_linesize() + st.px(4)
    for n, (issue_id, option) in enumerate(p.amendments):
        old = option_label(view, issue_id, view.draft.get(issue_id))
        new = option_label(view, issue_id, option)
        lay.text(f"{name}.a{n}", (inner.x + st.px(8), y, w - st.px(8),
                                  st.small.get_linesize()),
                 f"{issue_name(view, issue_id)}: {old} » {new}", st.small, name)
        y += st.small.get_linesize()
    note = quoted_note(p)
    if note:
        nf = note_font(st)
        lines = len(style.wrap(note, nf, w - st.px(8), NOTE_LINES))
        lay.paragraph(f"{name}.note", (inner.x + st.px(8), y, w - st.px(8),
                                       lines * nf.get_linesize()), note, nf, name)
        y += lines * nf.get_linesize()
    return name, inner, y


def draw_card_head(surface: pygame.Surface, lay: Layout, st: style.Style, view: View,
                   p: ProposalView, *, lit: style.Color | None = None) -> str:
    """Draw what `lay_card_head` laid out; the card's box name. A `lit` card (the one Y / N
    vote on) is tinted and ringed in that colour, as the projector lights the vote it enters."""
    pal = st.palette
    name = f"p{p.id}"
    color = party_color(view, p.party)
    box = lay[name].rect
    if lit is None:
        widgets.panel(surface, box, st)
    else:
        widgets.panel(surface, box, st, fill=style.mix(pal.panel, lit, 0.12))
        pygame.draw.rect(surface, style.mix(lit, (255, 255, 255), 0.35), box,
                         max(2, st.px(2)), border_radius=st.px(6))
    pygame.draw.rect(surface, color, (box.x, box.y + st.px(6), st.px(4), box.h - st.px(12)))
    widgets.chip(surface, lay[f"{name}.chip"].rect, st, lay[f"{name}.chip"].text, color)
    lay.draw_text(surface, f"{name}.title", pal.text)
    for n in range(len(p.amendments)):
        lay.draw_text(surface, f"{name}.a{n}", pal.text)
    if f"{name}.note" in lay:
        lay.draw_text(surface, f"{name}.note", style.mix(pal.muted, pal.text, 0.4))
    return name


def lay_stamp(lay: Layout, st: style.Style, button: str, label: str) -> None:
    """A choice already made ("Supported"), laid out in the place of its button: a tick and
    the label, centred together."""
    r = lay[button].rect
    f = st.font(16, bold=True)
    lead = st.px(STAMP_TICK) + st.px(8)  # the tick and the gap after it
    w = min(f.size(label)[0], r.w - lead - 2 * st.px(8))
    lay.text(f"{button}.stamp", (r.centerx - (lead + w) // 2 + lead,
                                 r.centery - f.get_linesize() // 2, w, f.get_linesize()),
             label, f, button)


def draw_stamp(surface: pygame.Surface, lay: Layout, st: style.Style, button: str,
               color: style.Color) -> None:
    """Draw a choice made (see `lay_stamp`): filled in `color`, ringed, with a tick; plainly
    not a button waiting to be pressed, nor one with the keyboard focus (those are blue)."""
    pal = st.palette
    r = lay[button].rect
    pygame.draw.rect(surface, style.mix(pal.panel, color, 0.45), r, border_radius=st.px(4))
    pygame.draw.rect(surface, style.mix(color, (255, 255, 255), 0.3), r, max(2, st.px(2)),
                     border_radius=st.px(4))
    text = lay[f"{button}.stamp"]
    ink = (255, 255, 255)
    lay.draw_text(surface, text.name, ink)
    size = st.px(STAMP_TICK)
    x, y = text.rect.x - st.px(8) - size, r.centery - size // 2
    pygame.draw.lines(surface, ink, False, [(x, y + size * 0.55), (x + size * 0.38, y + size),
                                            (x + size, y + size * 0.1)], max(2, st.px(3)))


WORTH_LINES = 2
"""Lines a card's worth line may take: "no deal yet (walk-away 45) » 80.0 (+35.0 on your
walk-away)" says more than a narrow card holds on one line."""


def worth_font(st: style.Style) -> pygame.font.Font:
    return st.font(15, bold=True)


def pick_wording(wordings: list[str], font: pygame.font.Font, width: int) -> str:
    """The first of `wordings` (longest first, the last a terse one for the narrowest card)
    to fit on one line; when none but the last does, the first to fit on `WORTH_LINES`
    (a card a line taller beats "Walk-away 45 » 80.0 (+35.0)"); else the last, cut."""
    for t in wordings[:-1]:
        if font.size(t)[0] <= width:
            return t
    return next((t for t in wordings if len(style.wrap(t, font, width)) <= WORTH_LINES),
                wordings[-1])


CARD_GAP = 8
"""Design pixels between two proposal cards."""

BUTTON_W, BUTTON_H = 132, 34
"""Design size of a card's Support and Oppose buttons (stacked at its right)."""

KEY_CAP = 22
"""Design size of the Y and N key caps beside the buttons of the card Y / N vote on."""


class VoteScene(PrivateScreen):
    """A seat's ballot: cards of the proposals to vote on, as many as the page holds, each
    with Support and Oppose at its right. The card Y / N vote on (the first on the page not
    voted on yet) is lit in the seat's colour and shows the Y and N key caps."""

    name = "vote"
    follows_game = True

    def __init__(self, ctx: Context, party: str) -> None:
        super().__init__(ctx, ("vote", party))
        self.party = party
        self.shown: list[int] = []
        """Ids of the proposals on this page."""
        self.current: int | None = None
        """The proposal Y / N vote on: the first on this page not voted on yet (None when
        this page has none left; Y / N then turn to the page of the next one left)."""
        self.next_page: int | None = None
        """The page of the next proposal left to vote on, when it is not this one."""
        self.worth: dict[int, ProposalWorth] = {}
        """`proposal_worth` of each proposal on the ballot, worked out once per layout."""
        self.ballot: tuple[int, tuple[int, ...]] = (0, ())
        """The round and the ids of the proposals this seat had to vote on when the screen
        opened. They keep their places once voted on (marked, their buttons off), so a second
        click on the same spot never lands on a proposal the seat has not read."""
        self.walk_away = 0.0
        """The seat's walk-away: what a draft that cannot be signed yet is worth to it."""
        self.hold = 0.0
        """Seconds left during which vote presses are ignored (see `VOTE_PAUSE`)."""
        self.key_hold = 0.0
        """Seconds left during which Y and N are ignored: a vote by key was just cast."""
        self.to_next = False
        """A vote by key was cast: show the page of the next proposal left, if not this one.
        Set only by a vote the rules accepted (see `vote`), and spent by the next layout."""

    def build(self) -> None:
        st = self.ctx.style
        view, prefs = self.own_view(self.party)
        info = view.party(self.party)
        self.accent = party_color(view, self.party)
        lay = self.layout
        if self.ballot[0] != view.round:
            self.ballot = (view.round, tuple(p.id for p in my_ballot(view, self.party)))
        ballot = [p for p in view.proposals if p.id in self.ballot[1]]
        to_vote = [p.id for p in ballot if self.party not in p.voted]
        self.worth = {p.id: proposal_worth(view, prefs, p) for p in ballot}
        self.walk_away = prefs.reservation
        body0 = frame_body(lay.size, st)
        list_w = int(body0.w * 0.62)
        hint = tutorial_hint(self.ctx, view, "votes")
        hint_lines = len(style.wrap("Tip: " + hint, st.body, list_w - st.px(24))) if hint else 0
        hint_h = min(3, hint_lines) * st.body.get_linesize() + st.px(14) if hint else 0
        error_h = st.body.get_linesize() + st.px(4) if self.error else 0
        # As many cards as the page holds: each is as tall as its own text (or its buttons).
        heights = [self._card_h(p, list_w) for p in ballot]
        pages = paginate(heights, body0.h - hint_h - error_h, 1, st.px(CARD_GAP))
        page_of = {ballot[k].id: n for n, page in enumerate(pages) for k in page[0]}
        if self.to_next and to_vote and all(page_of[pid] != self.page for pid in to_vote):
            self.page = page_of[to_vote[0]]  # the page of the next proposal to vote on
            self.key_hold = VOTE_PAUSE
        self.to_next = False
        body = self.lay_frame(
            f"{info.name} votes",
            f"{left_line(to_vote, page_of, self.page)} · votes stay hidden until every "
            "stakeholder has voted", round_text(view),
            hint="Y support · N oppose (then on to the next) · Tab to a button, Enter to "
                 "press it · Esc pause · F1 help",
            buttons=self.page_buttons(len(pages)), badge=tag(self.party))
        left = pygame.Rect(body.x, body.y, list_w, body.h)
        lay.region("list", left, "body")
        y = left.y
        if hint:
            lay.paragraph("hint", (left.x + st.px(12), y + st.px(6), left.w - st.px(24),
                                   hint_h - st.px(14)), "Tip: " + hint, st.body, "list")
            y += hint_h
        page = pages[self.page][0] if pages and pages[self.page] else []
        self.shown = [ballot[k].id for k in page]
        self.current = self._current(view)
        self.next_page = (page_of[to_vote[0]] if to_vote and self.current is None
                          and page_of[to_vote[0]] != self.page else None)
        for k in page:
            p = ballot[k]
            self._lay_card(view, p, pygame.Rect(left.x, y, left.w, heights[k]))
            y += heights[k] + st.px(CARD_GAP)
        if "error" not in lay and self.error:
            lay.text("error", (left.x, left.bottom - st.body.get_linesize(), left.w,
                               st.body.get_linesize()), self.error, st.body, "list")
        right = pygame.Rect(left.right + st.px(16), body.y, body.right - left.right - st.px(16),
                            body.h)
        inner = lay_panel(lay, "draft", right, "body", st, title="The draft now")
        ids = [i.id for i in view.issues]
        now = utility(prefs, with_fallbacks(view.issues, view.draft), ids)
        # the clause points below add up to `now`; the tooltip says when it cannot be signed
        unsettled = tuple(i.name for i in open_without_fallback(view.issues, view.draft))
        tip = OPEN_RULE[0].upper() + OPEN_RULE[1:] + (
            f". {_open(unsettled)} open with no fallback: until settled the draft cannot be "
            f"signed, so it is worth your walk-away ({prefs.reservation:g}) to you."
            if unsettled else "")
        used = lay_meter(lay, "meter", inner, "draft", st,
                         caption=f"Worth to you now: {points(now)} · walk-away "
                                 f"{prefs.reservation:g}", tooltip=tip)
        tp.lay_clause_points(lay, "clauses", pygame.Rect(inner.x, inner.y + used + st.px(10),
                                                         inner.w, inner.h - used - st.px(10)),
                             "draft", st, view=view, text=view.draft, prefs=prefs)

    def _current(self, view: View) -> int | None:
        """The proposal Y / N vote on now (see `current`)."""
        voted = {p.id for p in view.proposals if self.party in p.voted}
        return next((pid for pid in self.shown if pid not in voted), None)

    # -- a card ----------------------------------------------------------------------------

    def _text_w(self, card_w: int) -> int:
        """The width of a card's text, left of its key caps and buttons."""
        st = self.ctx.style
        return (card_w - 2 * st.px(14) - st.px(BUTTON_W) - st.px(6) - st.px(KEY_CAP)
                - st.px(12))

    def _worth_texts(self, p: ProposalView, text_w: int) -> tuple[str, str, str, bool, int]:
        """The card's worth line (the first wording of `worth_words` that fits in
        `WORTH_LINES`), its tooltip, its red-line line, whether the last fits on the end of the
        first (no red line crossed, one line, and room for it), and the worth's lines."""
        st = self.ctx.style
        wf = worth_font(st)
        w = self.worth[p.id]
        wordings, tip, _ = worth_words(w, self.walk_away)
        worth = pick_wording(wordings, wf, text_w)
        lines = min(WORTH_LINES, len(style.wrap(worth, wf, text_w)))
        if w.warnings:
            return worth, tip, w.warnings[0], False, lines
        red = "· crosses none of your red lines"
        fits = lines == 1 and wf.size(worth)[0] + st.px(8) + st.small.size(red)[0] <= text_w
        return worth, tip, red if fits else "Crosses none of your red lines", fits, lines

    def _card_h(self, p: ProposalView, card_w: int) -> int:
        st = self.ctx.style
        text_w = self._text_w(card_w)
        _, _, _, one_line, lines = self._worth_texts(p, text_w)
        text = (card_head_height(st, p, text_w) + st.px(4) + lines * st.body.get_linesize()
                + (0 if one_line else st.small.get_linesize()))
        buttons = 2 * st.px(BUTTON_H) + st.px(6)
        return max(text, buttons) + 2 * st.px(10)

    def _lay_card(self, view: View, p: ProposalView, rect: pygame.Rect) -> None:
        st = self.ctx.style
        lay = self.layout
        text_w = self._text_w(rect.w)
        name, inner, y = lay_card_head(lay, st, view, p, rect, width=text_w)
        worth, tip, red, one_line, lines = self._worth_texts(p, text_w)
        crossed = self.worth[p.id].warnings
        y += st.px(4)
        wf = worth_font(st)
        if lines > 1:  # a side that cannot be signed yet takes more words
            lay.paragraph(f"{name}.worth", (inner.x, y, text_w, lines * st.body.get_linesize()),
                          worth, wf, name, tooltip=tip)
        else:
            worth_w = min(wf.size(worth)[0], text_w)
            lay.text(f"{name}.worth", (inner.x, y, worth_w, st.body.get_linesize()), worth, wf,
                     name, tooltip=tip)
        if one_line:  # after the worth, on its baseline
            x = inner.x + worth_w + st.px(8)
            lay.text(f"{name}.red", (x, y + wf.get_ascent() - st.small.get_ascent(),
                                     inner.x + text_w - x, st.small.get_linesize()),
                     red, st.small, name)
        bw, bh, gap = st.px(BUTTON_W), st.px(BUTTON_H), st.px(6)
        top = rect.centery - (2 * bh + gap) // 2
        if not one_line:  # on a line of its own: the card's whole width once below the buttons
            red_y = y + lines * st.body.get_linesize()
            red_w = inner.w if red_y >= top + 2 * bh + gap + st.px(2) else text_w
            lay.text(f"{name}.red", (inner.x, red_y, red_w, st.small.get_linesize()), red,
                     st.small, name, tooltip=" ".join(crossed))
        cast = p.votes.get(self.party)  # its own vote, once cast on this screen
        # Both choices look alike until one is made (a highlighted Support would read as
        # chosen already). Once cast, the choice shows as a stamp of the screen's own in place
        # of its button, and the other button stays, switched off, so nothing moves.
        for k, (oid, label, done, chosen, key) in enumerate((
                (f"support_{p.id}", "Support", "Supported", cast is True, "Y"),
                (f"oppose_{p.id}", "Oppose", "Opposed", cast is False, "N"))):
            r = pygame.Rect(inner.right - bw, top + k * (bh + gap), bw, bh)
            box = lay.region(f"{name}.{oid}", r, name)
            b = self.add(widgets.button(self.manager, r, label, oid,
                                        tooltip_text=f"{label} proposal {p.id}"
                                        + (f" (key {key})" if p.id == self.current else "")))
            if p.id == self.current:  # the key that does the same, beside the button
                cap = st.px(KEY_CAP)
                lay.text(f"{name}.key_{key.lower()}",
                         (r.x - gap - cap, r.centery - cap // 2, cap, cap), key,
                         st.font(12, bold=True), name,
                         tooltip=f"Press {key} to {label.lower()} proposal {p.id}")
            if cast is None:
                continue
            b.disable()  # type: ignore[no-untyped-call]
            if chosen:
                b.hide()  # type: ignore[no-untyped-call]
                box.tooltip = f"You {done.lower()} proposal {p.id}"
                lay_stamp(lay, st, f"{name}.{oid}", done)

    # -- input -----------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if intent.kind == "confirm":
            self.press_focused_or_first()
            return
        if intent.kind == "widget" and intent.widget.startswith(("support_", "oppose_")):
            if self.hold <= 0:
                verb, _, number = intent.widget.partition("_")
                self.vote(int(number), verb == "support")
            return
        if intent.kind == "key" and intent.key in ("y", "n"):
            if self.key_hold > 0:
                return
            # Y / N: the lit card (the first shown not yet voted on); then on to the next one
            first = self._current(self.own_view(self.party)[0])
            if first is None:  # none left here: show the page of the next one, to read first
                if (self.next_page is not None and self.app is not None
                        and self.app.scenes.top is self):
                    self.page = self.next_page
                    self.key_hold = VOTE_PAUSE
                    self.rebuild()
                return
            if self.vote(first, intent.key == "y", then_next=True):
                self.key_hold = VOTE_PAUSE  # a double press must not vote on the next card
            return
        super().handle(intent)

    def vote(self, proposal: int, support: bool, *, then_next: bool = False) -> bool:
        """Cast this seat's vote; the screen lists what is left (or the flow moves on). With
        `then_next` (a vote by key), the screen turns to the page of the next proposal left,
        but only if the vote was cast: a refused one leaves the screen where it is."""
        from game.core.actions import Vote
        ok = self.act(Vote(self.party, proposal, support))
        self.to_next = ok and then_next
        if ok:
            hint_seen(self.ctx, "votes")
            self.hold = VOTE_PAUSE
        if self.app is not None and self.app.scenes.top is self:
            self.rebuild()
        return ok

    def update(self, dt: float) -> None:
        super().update(dt)
        self.hold = max(0.0, self.hold - dt)
        self.key_hold = max(0.0, self.key_hold - dt)

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        view, prefs = self.own_view(self.party)
        self.draw_frame(surface)
        if "hint" in lay:
            r = lay["hint"].rect.inflate(st.px(16), st.px(8))
            pygame.draw.rect(surface, style.mix(pal.panel, pal.gold, 0.12), r,
                             border_radius=st.px(5))
            lay.draw_text(surface, "hint", pal.gold)
        by_id = {p.id: p for p in view.proposals}
        for pid in self.shown:
            p = by_id[pid]
            name = draw_card_head(surface, lay, st, view, p,
                                  lit=self.accent if pid == self.current else None)
            w = self.worth[pid]
            gain = worth_words(w, self.walk_away)[2]
            lay.draw_text(surface, f"{name}.worth", pal.warn if w.warnings else (
                pal.good if gain > 0 else pal.bad if gain < 0 else pal.muted))
            lay.draw_text(surface, f"{name}.red", pal.bad if w.warnings else pal.faint)
            for key in ("y", "n"):
                if f"{name}.key_{key}" in lay:
                    cap = lay[f"{name}.key_{key}"]
                    widgets.chip(surface, cap.rect, st, cap.text, self.accent)
            cast = p.votes.get(self.party)
            if cast is not None:
                oid = f"{name}.{'support' if cast else 'oppose'}_{p.id}"
                draw_stamp(surface, lay, st, oid, pal.good if cast else pal.bad)
        self.draw_error(surface)
        draw_panel(surface, lay, "draft", st)
        ids = [i.id for i in view.issues]
        draw_meter(surface, lay, "meter", st,
                   value=utility(prefs, with_fallbacks(view.issues, view.draft), ids),
                   reservation=prefs.reservation)
        tp.draw_clause_points(surface, lay, "clauses", st, view=view, text=view.draft,
                              prefs=prefs)


Entry = tuple[int, str]
"""A vote to enter in projector mode: (proposal id, delegation)."""


class ProjectorVoteScene(OperatorScreen):
    """Projector mode: the proposals up for a vote, and each stakeholder's vote as the operator
    enters it. Only the public view is shown; the votes are open, so each one shows as it is
    cast (they were called out in the room).

    One vote at a time is the one being entered: the header names it ("Entering: Poland's
    vote", the party's badge, underlined in its colour) and its cell is lit in that colour. It
    is the next still to enter on the page, round the room in reading order, or the one whose
    Yes / No the keyboard focus is on; Y and N enter it."""

    name = "vote"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, ("vote", ""))
        self.key_hold = 0.0  # the first vote of a round may be called at once
        self.shown: list[int] = []
        self.pending: list[Entry] = []
        """(proposal, human seat) still to vote on this page, in reading order."""
        self.current: Entry | None = None
        """The vote being entered now (see the class docstring); None when no seat at the
        screen has a vote left to enter."""
        self.current_page = 0
        """The page `current` is on (another page when this one has nothing left to enter)."""
        self.placed = False
        """Whether the screen has opened on the page of the first vote to enter (it does once;
        after that the operator turns pages)."""

    def open_votes(self) -> dict[int, dict[str, bool]]:
        """The votes cast so far on each proposal. Projector mode is played with open votes, so
        this reads the control view, for this list only: nothing else of it is shown."""
        return {p.id: dict(p.votes) for p in self.table.control_view().proposals}

    def ballot(self, view: View) -> list[ProposalView]:
        return [p for p in view.proposals if p.round == view.round and p.result == "pending"]

    def _columns(self, width: int) -> int:
        return max(1, width // self.ctx.style.px(240))

    def _card_h(self, p: ProposalView, width: int) -> int:
        st = self.ctx.style
        inner_w = width - 2 * st.px(14)
        rows = -(-len(p.stakeholders) // self._columns(inner_w))
        return (card_head_height(st, p, inner_w) + st.px(8) + rows * st.px(36)
                + 2 * st.px(10))

    def build(self) -> None:
        super().build()
        st = self.ctx.style
        view = self.table.view(OBSERVER)
        lay = self.layout
        ballot = self.ballot(view)
        body0 = frame_body(lay.size, st)
        list_w = int(body0.w * 0.64)
        heights = [self._card_h(p, list_w) for p in ballot]
        room = body0.h - st.body.get_linesize() - st.px(4)
        pages = paginate(heights, room, 1, st.px(10))
        buttons = self.page_buttons(len(pages))
        votes = self.open_votes()
        to_enter = [(ballot[k].id, s, n) for n, page in enumerate(pages) for k in page[0]
                    for s in ballot[k].stakeholders
                    if s not in votes.get(ballot[k].id, {}) and self.in_room(s)]
        if not self.placed and to_enter:
            self.placed = True
            if all(n != self.page for _, _, n in to_enter):  # open where the entering starts
                self.page = to_enter[0][2]
                buttons = self.page_buttons(len(pages))
        here = [(pid, s) for pid, s, n in to_enter if n == self.page]
        if self.current not in here:  # entered: on to the next one round the room
            order = [(p.id, s) for p in ballot for s in p.stakeholders]
            done = order.index(self.current) if self.current in order else -1
            later = [e for e in here if order.index(e) > done]
            self.current = (later or here)[0] if here else (
                to_enter[0][:2] if to_enter else None)
        self.current_page = next((n for pid, s, n in to_enter if (pid, s) == self.current),
                                 self.page)
        about = (f"{plural(len(ballot), 'proposal')} to vote on · votes are open in projector "
                 "mode")
        if self.current is None:
            self.accent = st.palette.accent
            title, badge = "Voting: waiting for the other delegations", ""
        else:  # the header names the vote being entered, in its party's colour
            pid, party = self.current
            self.accent = party_color(view, party)
            who = party_name(view, party)
            title = f"Entering: {possessive(who)} vote"
            badge = tag(party)
            where = "" if self.current_page == self.page else \
                f" (page {self.current_page + 1}: Y or N shows it)"
            about = f"On proposal {pid}{where} · {about}"
        body = self.lay_frame(
            title, about, round_text(view), hint="Tab to a button, Enter to press it · Y / N: "
            "the vote being entered · Esc pause · F1 help", buttons=buttons, badge=badge)
        left = pygame.Rect(body.x, body.y, list_w, body.h)
        lay.region("list", left, "body")
        self.shown, self.pending = [], []
        y = left.y
        for k in pages[self.page][0] if pages and pages[self.page] else []:
            p = ballot[k]
            self._lay_card(view, p, votes.get(p.id, {}),
                           pygame.Rect(left.x, y, left.w, heights[k]))
            self.shown.append(p.id)
            y += heights[k] + st.px(10)
        if self.error:
            lay.text("error", (left.x, left.bottom - st.body.get_linesize(), left.w,
                               st.body.get_linesize()), self.error, st.body, "list")
        right = pygame.Rect(left.right + st.px(16), body.y, body.right - left.right - st.px(16),
                            body.h)
        inner = lay_panel(lay, "draft", right, "body", st, title="The draft now")
        lay_clauses(lay, "clauses", inner, "draft", st, view=view, text=view.draft)

    def _lay_card(self, view: View, p: ProposalView, votes: dict[str, bool],
                  rect: pygame.Rect) -> None:
        st = self.ctx.style
        lay = self.layout
        name, inner, y = lay_card_head(lay, st, view, p, rect)
        y += st.px(8)
        cols = self._columns(inner.w)
        gap = st.px(8)
        cw = (inner.w - (cols - 1) * gap) // cols
        ch = st.px(30)
        bw = st.px(52)
        for k, s in enumerate(p.stakeholders):
            row, col = divmod(k, cols)
            cell = pygame.Rect(inner.x + col * (cw + gap), y + row * st.px(36), cw, ch)
            cid = f"{name}.v.{s}"
            lay.region(cid, cell, name)
            lay.text(f"{cid}.tag", (cell.x + st.px(4), cell.y + (ch - st.px(20)) // 2, st.px(40),
                                    st.px(20)), tag(s), st.font(12, bold=True), cid)
            x = cell.x + st.px(50)
            waiting = s not in votes and self.in_room(s)
            right = cell.right - (2 * bw + st.px(10) if waiting else st.px(96))
            lay.text(f"{cid}.name", (x, cell.y + (ch - st.small.get_linesize()) // 2,
                                     right - x - st.px(6), st.small.get_linesize()),
                     party_name(view, s), st.font(13, bold=True), cid)
            if waiting:
                self.pending.append((p.id, s))
                # Yes and No look alike (neither is chosen before the vote is called out).
                for n, (verb, label) in enumerate((("yes", "Yes"), ("no", "No"))):
                    r = pygame.Rect(right + n * (bw + st.px(4)), cell.y + st.px(2), bw,
                                    ch - st.px(4))
                    lay.region(f"{cid}.{verb}", r, cid)
                    self.add(widgets.button(self.manager, r, label, f"{verb}_{p.id}_{s}",
                                            tooltip_text=f"{party_name(view, s)} votes "
                                            f"{label.lower()} on proposal {p.id}"))
            else:
                said = ("Yes" if votes[s] else "No") if s in votes else "deciding…"
                lay.text(f"{cid}.said", (right, cell.y + (ch - st.body.get_linesize()) // 2,
                                         cell.right - right - st.px(8), st.body.get_linesize()),
                         said, st.font(15, bold=s in votes), cid)

    # -- input -----------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if intent.kind == "confirm":  # with no button focused: focus the current vote's Yes
            if self.current is not None and self.current_page == self.page:
                self.focus_button("yes_{}_{}".format(*self.current))
            else:
                self.press_focused_or_first()
            return
        if intent.kind == "widget" and intent.widget.startswith(("yes_", "no_")):
            verb, number, party = intent.widget.split("_", 2)
            self.vote(int(number), party, verb == "yes")
            return
        if intent.kind == "key" and intent.key in ("y", "n"):
            if self.current is not None:
                pid, who = self.current
                self.key_entry(lambda: self.vote(pid, who, intent.key == "y"))
            return
        super().handle(intent)

    def vote(self, proposal: int, party: str, support: bool) -> bool:
        """Enter a delegation's vote as it is called out; when it was the last to enter on the
        page, turn to the page with the next one."""
        from game.core.actions import Vote
        return self.entered(self.called_out(Vote(party, proposal, support)))

    def focused_entry(self) -> Entry | None:
        """The vote whose Yes / No button has the keyboard focus, if one has."""
        verb, _, rest = self.focused_id().partition("_")
        number, _, party = rest.partition("_")
        if verb in ("yes", "no") and number.isdigit() and party:
            return int(number), party
        return None

    def move_focus(self, step: int) -> None:
        """Tab onto another delegation's Yes / No makes its vote the one being entered."""
        super().move_focus(step)
        entry = self.focused_entry()
        if entry is not None and entry != self.current:
            self.current = entry
            self.rebuild_keeping_focus()

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        view = self.table.view(OBSERVER)
        self.draw_frame(surface)
        by_id = {p.id: p for p in view.proposals}
        for pid in self.shown:
            p = by_id[pid]
            name = draw_card_head(surface, lay, st, view, p)
            for s in p.stakeholders:
                cid = f"{name}.v.{s}"
                color = party_color(view, s)
                cell = lay[cid].rect
                if (pid, s) == self.current:  # the vote being entered: lit in its colour
                    draw_lit(surface, cell, color, st)
                else:
                    pygame.draw.rect(surface, style.mix(pal.panel, pal.raised, 0.6), cell,
                                     border_radius=st.px(5))
                widgets.chip(surface, lay[f"{cid}.tag"].rect, st, lay[f"{cid}.tag"].text, color)
                lay.draw_text(surface, f"{cid}.name", pal.text)
                if f"{cid}.said" in lay:
                    said = lay[f"{cid}.said"].text
                    lay.draw_text(surface, f"{cid}.said", pal.good if said == "Yes" else (
                        pal.bad if said == "No" else pal.faint), align="right")
        self.draw_error(surface)
        draw_panel(surface, lay, "draft", st)
        draw_clauses(surface, lay, "clauses", st, view=view, text=view.draft)
