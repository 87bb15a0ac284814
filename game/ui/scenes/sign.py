"""Signing: the text on the table, what it is worth to this seat, Sign or Refuse; and the small
ceremony once an agreement is reached.

`SignScene` shows the text as it would be signed (open clauses take their fallback option in
the final signing), the seat's utility and its score after urgency against the walk-away value,
and explains a refusal the rules force: a text across one of the seat's red lines cannot be
signed, so Sign is disabled and the reason is spelled out.

`CeremonyScene` shows once after an agreement: a seal, and the signatures appearing one by one
in the parties' colours (all at once with animations off). Enter continues to the debrief; in
demo mode it moves on by itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.core.actions import Refuse, Sign
from game.core.model import Preferences
from game.core.scoring import red_lines_crossed, score, utility
from game.core.view import OBSERVER, PartyInfo, View
from game.core.words import and_list, possessive, signed
from game.ui import style, widgets
from game.ui.intents import Intent
from game.ui.layout import Box, Layout
from game.ui.scenes import table_parts as tp
from game.ui.scenes.kit import Action as FooterButton
from game.ui.scenes.private_common import (
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
    party_color,
    plural,
    points,
    round_text,
    signing_text,
    tag,
    tutorial_hint,
)
from game.ui.style import Style

if TYPE_CHECKING:
    from game.ui.context import Context

SIGNATURE_INTERVAL = 0.45
"""Seconds between two signatures appearing in the ceremony, at most."""
SIGNING_SECONDS = 2.7
"""Seconds until the ceremony's last signature appears, at most: with many signers they come
faster, so that the page is soon whole (ten at the longest interval took over four seconds,
and a glance at the page then found a signature missing)."""


def refusal_reason(view: View, party: str, prefs: Preferences,
                   text: dict[str, str | None]) -> str:
    """Why the seat cannot sign this text ("" when it can)."""
    crossed = red_lines_crossed(prefs, text)
    if not crossed:
        return ""
    r = crossed[0]
    more = f" (and {len(crossed) - 1} more)" if len(crossed) > 1 else ""
    return (f"{view.party(party).name} cannot sign: the text puts "
            f"“{option_label(view, r.issue, text.get(r.issue))}” in "
            f"{issue_name(view, r.issue)}, across its red line: {r.reason}{more}")


def lay_signing_text(lay: Layout, st: style.Style, view: View,
                     text: Mapping[str, str | None], rect: pygame.Rect, *,
                     prefs: Preferences | None = None) -> None:
    """The panel of the text on the signing table, naming the clauses left open that take
    their fallback option, and what this round's votes did (the last round's results show
    nowhere else before the signing); with `prefs`, each clause's worth to that seat."""
    inner = lay_panel(lay, "text", rect, "body", st, title="The text on the signing table")
    fallback = [i for i in view.issues if view.draft.get(i.id) is None
                and text.get(i.id) is not None]
    line = st.small.get_linesize()
    note_h = line * 2 if fallback else 0
    results = tp.round_results(view, view.round, passed_first=True)
    # The results take the lines they need, so what passed in the last round shows whole:
    # the clauses close up to small rows first; short of room still, the round in short
    # (what passed, by clause; how many failed), the whole line its tooltip.
    key_h = line + st.px(4) if prefs is not None else 0  # see `tp.lay_clause_points`
    roomy = len(view.issues) * (st.body.get_linesize() + st.px(12)) + key_h
    least = len(view.issues) * (line + st.px(4)) + key_h
    wanted = len(style.wrap(results, st.small, inner.w)) if results else 0
    room = inner.h - note_h - st.px(6)  # the clauses' and the results' (with a gap)
    clauses_h = roomy if room - wanted * line >= roomy else least
    results_h = max(min(2, wanted), min(wanted, (room - clauses_h) // line)) * line
    whole = results
    if wanted * line > results_h:
        results = next((said for said in (tp.round_summary(view, view.round),
                                          tp.round_summary(view, view.round, clauses=False))
                        if len(style.wrap(said, st.small, inner.w)) * line <= results_h),
                       tp.round_summary(view, view.round, clauses=False))
    gap = st.px(6) if results else 0
    clauses = pygame.Rect(inner.x, inner.y, inner.w, inner.h - note_h - results_h - gap)
    if prefs is not None:  # each clause's points, adding up to what the text is worth
        tp.lay_clause_points(lay, "clauses", clauses, "text", st, view=view, text=text,
                             prefs=prefs)
    else:
        lay_clauses(lay, "clauses", clauses, "text", st, view=view, text=text)
    if results:
        lay.paragraph("results", (inner.x, inner.bottom - note_h - results_h, inner.w,
                                  results_h), results, st.small, "text",
                      tooltip=whole if results != whole else "")
    if fallback:
        lay.paragraph("fallback", (inner.x, inner.bottom - note_h, inner.w, note_h),
                      "Left open, so they take their fallback option: "
                      + ", ".join(i.name for i in fallback), st.small, "text")


def _signatory_rule(view: View) -> str:
    """What the agreement needs, short enough for one line: signatories by their tags, and
    the quorum when it asks for more signatures than theirs."""
    tags = [tag(p) for p in view.signatories]
    if view.quorum <= len(tags):
        return f"Needs {and_list(tags)} to sign"
    return f"Needs {', '.join(tags)} and {view.quorum} signatures"


def _signatory_names(view: View) -> str:
    return "Signatories: " + ", ".join(view.party(p).name for p in view.signatories)


class SignScene(PrivateScreen):
    name = "sign"
    follows_game = True

    def __init__(self, ctx: Context, party: str) -> None:
        super().__init__(ctx, ("sign", party))
        self.party = party
        self.verdict_good = False
        """The verdict line is good news: signing beats no deal and the seat may sign."""
        self.can_sign = False
        """Whether Sign is enabled (the text crosses none of the seat's red lines)."""
        self.enter_signs = False
        """Whether Enter (no button focused) signs: only when the seat may sign and signing
        is worth at least its walk-away. Otherwise Enter does nothing: it never refuses, and a
        double Enter from the hand-over card never signs away a seat's score below no deal."""

    def _numbers(self, view: View, prefs: Preferences) -> tuple[dict[str, str | None], float,
                                                                float]:
        text = signing_text(view)
        ids = [i.id for i in view.issues]
        return text, utility(prefs, text, ids), score(prefs, text, ids, view.round - 1)

    def build(self) -> None:
        st = self.ctx.style
        view, prefs = self.own_view(self.party)
        info = view.party(self.party)
        self.accent = party_color(view, self.party)
        lay = self.layout
        text, u, s = self._numbers(view, prefs)
        why_not = refusal_reason(view, self.party, prefs, text)
        self.can_sign = not why_not
        gain = s - prefs.reservation
        even = abs(gain) < 0.05  # shows as +0.0
        self.enter_signs = self.can_sign and gain > -0.05  # at least the walk-away as shown
        body = self.lay_frame(
            f"{info.name} — sign or refuse",
            "The final signing: if it fails, there is no deal" if view.final_signing else
            "Every clause is settled: if all signatories sign, this is the agreement",
            round_text(view), hint=("Enter: sign · Tab to Refuse, Enter to press it"
                                    if self.enter_signs else
                                    "Tab to Refuse, twice to Sign; Enter presses it"
                                    if self.can_sign
                                    else "Tab to Refuse, Enter to press it")
            + " · Esc pause · F1 help", buttons=[], badge=tag(self.party))
        left = pygame.Rect(body.x, body.y, int(body.w * 0.56), body.h)
        lay_signing_text(lay, st, view, text, left, prefs=prefs)
        right = pygame.Rect(left.right + st.px(16), body.y, body.right - left.right - st.px(16),
                            body.h)
        inner = lay_panel(lay, "decision", right, "body", st, title="Your decision")
        y = inner.y
        y += lay_meter(lay, "meter", pygame.Rect(inner.x, y, inner.w, 0), "decision", st,
                       caption=f"Worth to you: {points(u)} · walk-away {prefs.reservation:g}",
                       tooltip="The gold mark is your walk-away value") + st.px(8)
        lines = [("urgency", f"Signed now, after {plural(view.round - 1, 'round')} of urgency: "
                             f"{points(s)}" if prefs.urgency > 0 else
                  f"Signed now: {points(s)} (no urgency)", st.body)]
        self.verdict_good = gain > 0 and not even and not why_not
        verdict = ("You cannot sign this text" if why_not
                   else "Signing is worth just your walk-away value" if even
                   else f"Signing beats no deal by {signed(gain)} points" if gain > 0
                   else f"No deal is worth more to you: {signed(gain)} points")
        lines.append(("verdict", verdict, st.font(16, bold=True)))
        lines.append(("rule", _signatory_rule(view), st.small))
        lines.append(("decided", f"{len(view.decided)} of {len(view.parties)} have decided "
                                 "(hidden until all have)", st.small))
        chip_h = st.px(24)
        per_row = max(1, (inner.w + st.px(6)) // (st.px(56) + st.px(6)))
        hint = tutorial_hint(self.ctx, view, "signing")
        bh = st.px(46)
        # Below the lines: the chips, the reason or tip (one line at least) and the buttons.
        below = (math.ceil(len(view.parties) / per_row) * (chip_h + st.px(6)) + st.px(4)
                 + (st.body.get_linesize() + st.px(6) if why_not or hint else 0)
                 + bh + st.px(12))
        # The verdict, the line that matters most, wraps onto two lines; the others do too,
        # in order, while the panel has the room, and are cut (full text on hover) if not.
        rows = {key: min(2, len(style.wrap(line, f, inner.w))) if key == "verdict" else 1
                for key, line, f in lines}
        spare = inner.bottom - below - y - sum(rows[k] * f.get_linesize() + st.px(4)
                                               for k, _, f in lines)
        for key, line, f in lines:
            extra = (min(2, len(style.wrap(line, f, inner.w))) - rows[key]) * f.get_linesize()
            if 0 < extra <= spare:
                rows[key] += extra // f.get_linesize()
                spare -= extra
        for key, line, f in lines:
            h = rows[key] * f.get_linesize()
            lay.paragraph(key, (inner.x, y, inner.w, h), line, f, "decision",
                          tooltip=_signatory_names(view) if key == "rule" else "")
            y += h + st.px(4)
        for k, p in enumerate(view.parties):
            row, col = divmod(k, per_row)
            lay.text(f"chip.{p.id}", (inner.x + col * st.px(62), y + row * (chip_h + st.px(6)),
                                      st.px(56), chip_h), tag(p.id),
                     st.font(12, bold=True), "decision",
                     tooltip=f"{p.name}: {'has decided' if p.id in view.decided else 'deciding'}")
        y += math.ceil(len(view.parties) / per_row) * (chip_h + st.px(6)) + st.px(4)
        rest = inner.bottom - bh - st.px(12) - y
        if self.error:  # the error line sits above the buttons
            rest -= st.small.get_linesize() + st.px(4)
        if why_not or hint:
            lay.paragraph("why", (inner.x, y + st.px(6), inner.w, max(st.body.get_linesize(),
                                                                     rest - st.px(6))),
                          why_not or f"Tip: {hint}", st.body, "decision")
        if self.error:
            lay.text("error", (inner.x, inner.bottom - bh - st.px(8) - st.small.get_linesize(),
                               inner.w, st.small.get_linesize()), self.error, st.small,
                     "decision")
        bw = (inner.w - st.px(12)) // 2
        specs = (FooterButton("sign", "Sign", "Sign this text", enabled=not why_not),
                 FooterButton("refuse", "Refuse", "Refuse to sign this text"))
        # Refuse is made first, so it comes first in the Tab order: Enter alone signs, and one
        # Tab must reach the other choice, as the footer says. The two look alike: a
        # highlighted Sign would read as chosen already (or as advice), and as the focused
        # button once Refuse has the focus.
        for k, spec in sorted(enumerate(specs), key=lambda ks: ks[1].object_id != "refuse"):
            r = pygame.Rect(inner.x + k * (bw + st.px(12)), inner.bottom - bh, bw, bh)
            lay.region(f"button.{spec.object_id}", r, "decision")
            b = self.add(widgets.button(self.manager, r, spec.label, spec.object_id,
                                        tooltip_text=why_not if not spec.enabled
                                        else spec.tip))
            if not spec.enabled:
                b.disable()  # type: ignore[no-untyped-call]

    def handle(self, intent: Intent) -> None:
        if intent.kind == "confirm":  # with no button focused (a focused one is pressed)
            if self.enter_signs:
                self.handle(Intent("widget", widget="sign"))
            elif self.can_sign:  # say why nothing happened
                self.error = ("Enter does not sign below your walk-away: Tab to Refuse, or "
                              "twice to Sign")
                self.rebuild()
            return
        if intent.kind == "widget" and intent.widget in ("sign", "refuse"):
            action = Sign(self.party) if intent.widget == "sign" else Refuse(self.party)
            if self.act(action):
                hint_seen(self.ctx, "signing")
            elif self.app is not None and self.app.scenes.top is self:
                self.rebuild()
            return
        super().handle(intent)

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        view, prefs = self.own_view(self.party)
        text, u, _ = self._numbers(view, prefs)
        self.draw_frame(surface)
        draw_panel(surface, lay, "text", st)
        tp.draw_clause_points(surface, lay, "clauses", st, view=view, text=text, prefs=prefs)
        if "results" in lay:
            lay.draw_text(surface, "results", pal.muted)
        if "fallback" in lay:
            lay.draw_text(surface, "fallback", pal.warn)
        draw_panel(surface, lay, "decision", st, edge=self.accent)
        draw_meter(surface, lay, "meter", st, value=u, reservation=prefs.reservation)
        lay.draw_text(surface, "urgency", pal.muted)
        lay.draw_text(surface, "verdict", pal.good if self.verdict_good else pal.warn)
        lay.draw_text(surface, "rule", pal.faint)
        lay.draw_text(surface, "decided", pal.faint)
        for p in view.parties:
            _decided_chip(surface, lay[f"chip.{p.id}"], st, party_color(view, p.id),
                          p.id in view.decided)
        if "why" in lay:
            crossed = bool(red_lines_crossed(prefs, text))
            lay.draw_text(surface, "why", pal.bad if crossed else pal.gold)
        self.draw_error(surface)


def _decided_chip(surface: pygame.Surface, box: Box, st: Style, color: style.Color,
                  decided: bool) -> None:
    """A delegation's chip on the signing screen: has it decided yet (never how).

    Deciding: an outline in the party's colour, its tag faint. Decided: a neutral chip with
    a bar of the party's colour and a tick. A chip filled in the party's own colour read as
    the decision itself: the US's red as "refused", Italy's green as "signed".
    """
    rect = box.rect
    radius = st.px(4)
    if not decided:
        pygame.draw.rect(surface, color, rect, 1, border_radius=radius)
    else:
        pal = st.palette
        pygame.draw.rect(surface, pal.raised, rect, border_radius=radius)
        pygame.draw.rect(surface, color, (rect.x, rect.y, st.px(4), rect.h),
                         border_top_left_radius=radius, border_bottom_left_radius=radius)
        # The tick, drawn: the bundled font has no check mark.
        x, y, u = rect.right - st.px(10), rect.centery, st.px(3)
        pygame.draw.lines(surface, pal.muted, False,
                          [(x - u, y), (x - u // 3, y + u), (x + u + u // 2, y - u)],
                          max(2, st.px(2)))
    if box.font is not None:
        img = box.font.render(box.lines[0], True, st.palette.text if decided
                              else st.palette.faint)
        centre = rect.center if not decided else (rect.centerx - st.px(5), rect.centery)
        surface.blit(img, img.get_rect(center=centre))


class ProjectorSignScene(OperatorScreen):
    """Projector mode: the text on the signing table and, per delegation, Sign or Refuse as
    the operator enters it. Only the public view shows; when the rules refuse a signature
    across a red line the screen says so without naming the red line.

    One decision at a time is the one being entered: the header names it ("Entering: United
    Kingdom's decision", the party's badge, underlined in its colour) and its row is lit in
    that colour. It is the next delegation at the screen still to decide, round the room in
    scenario order, or the one whose Sign / Refuse the keyboard focus is on; Y signs for it and
    N refuses (as Y / N enter the vote being entered on the voting screen; S would clash with
    the table's S = pass)."""

    name = "sign"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, ("sign", ""))
        self.rows: list[str] = []
        """The delegations on this page."""
        self.current: str | None = None
        """The delegation whose decision is being entered (see the class docstring); None
        when no seat at the screen has a decision left."""
        self.current_page = 0
        """The page `current` is on (another page when this one has nothing left to enter)."""
        self.cannot_sign: set[str] = set()
        """Delegations whose signature the rules refused (a red line): Enter focuses their
        Refuse instead of their Sign."""

    def build(self) -> None:
        super().build()
        st = self.ctx.style
        view = self.table.view(OBSERVER)
        lay = self.layout
        text = signing_text(view)
        body0 = frame_body(lay.size, st)
        row_h = st.px(40)
        head_h = 2 * (st.small.get_linesize() + st.px(4)) + st.px(6)
        room = body0.h - 2 * st.px(8) - widgets.title_height(st) - head_h \
            - st.small.get_linesize() - st.px(6)
        per_page = max(1, room // row_h)
        parties = [p.id for p in view.parties]
        pages = [parties[k:k + per_page] for k in range(0, len(parties), per_page)]
        buttons = self.page_buttons(len(pages))
        self.rows = pages[self.page] if pages else []
        to_enter = [pid for pid in parties if pid not in view.decided and self.in_room(pid)]
        here = [pid for pid in to_enter if pid in self.rows]
        if self.current not in here:  # entered: on to the next one round the room
            done = parties.index(self.current) if self.current in parties else -1
            later = [pid for pid in here if parties.index(pid) > done]
            self.current = (later or here)[0] if here else (to_enter[0] if to_enter else None)
        self.current_page = (parties.index(self.current) // per_page
                             if self.current is not None else self.page)
        about = ("The final signing: if it fails, there is no deal" if view.final_signing else
                 "Every clause is settled: if all signatories sign, this is the agreement")
        if self.current is None:
            self.accent = st.palette.accent
            title, badge = "Signing: waiting for the other delegations", ""
        else:  # the header names the decision being entered, in its party's colour
            self.accent = party_color(view, self.current)
            title = f"Entering: {possessive(view.party(self.current).name)} decision"
            badge = tag(self.current)
            if self.current_page != self.page:
                about = f"On page {self.current_page + 1} (Y or N shows it) · {about}"
        body = self.lay_frame(
            title, about, round_text(view),
            hint="Y sign · N refuse: the decision being entered · Tab to a button, Enter to "
                 "press it · Esc pause · F1 help", buttons=buttons, badge=badge)
        left = pygame.Rect(body.x, body.y, int(body.w * 0.5), body.h)
        lay_signing_text(lay, st, view, text, left)
        right = pygame.Rect(left.right + st.px(16), body.y, body.right - left.right - st.px(16),
                            body.h)
        inner = lay_panel(lay, "decision", right, "body", st, title="Signatures")
        f = st.small
        y = inner.y
        for key, line in (("rule", _signatory_rule(view)),
                          ("decided", f"{len(view.decided)} of {len(view.parties)} delegations "
                                      "have decided (revealed when all have)")):
            lay.text(key, (inner.x, y, inner.w, f.get_linesize()), line, f, "decision",
                     tooltip=_signatory_names(view) if key == "rule" else "")
            y += f.get_linesize() + st.px(4)
        y += st.px(6)
        bw = st.px(84)
        for n, pid in enumerate(self.rows):
            row = pygame.Rect(inner.x, y + n * row_h, inner.w, row_h - st.px(6))
            rid = f"row.{pid}"
            lay.region(rid, row, "decision")
            lay.text(f"{rid}.tag", (row.x + st.px(6), row.y + (row.h - st.px(20)) // 2,
                                    st.px(40), st.px(20)), tag(pid), st.font(12, bold=True),
                     rid)
            waiting = pid in to_enter
            right_x = row.right - (2 * bw + st.px(12) if waiting else st.px(110))
            x = row.x + st.px(54)
            lay.text(f"{rid}.name", (x, row.y + (row.h - st.body.get_linesize()) // 2,
                                     right_x - x - st.px(6), st.body.get_linesize()),
                     view.party(pid).name, st.font(15, bold=True), rid)
            if waiting:
                # Sign and Refuse look alike: neither is chosen before it is called out.
                for k, (oid, label) in enumerate((("sign", "Sign"), ("refuse", "Refuse"))):
                    r = pygame.Rect(right_x + k * (bw + st.px(4)), row.y + st.px(3), bw,
                                    row.h - st.px(6))
                    lay.region(f"{rid}.{oid}", r, rid)
                    self.add(widgets.button(self.manager, r, label, f"{oid}_{pid}",
                                            tooltip_text=f"{view.party(pid).name}: {label}"))
            else:
                said = decision_word(view, pid)
                lay.text(f"{rid}.said", (right_x, row.y + (row.h - f.get_linesize()) // 2,
                                         row.right - right_x - st.px(8), f.get_linesize()),
                         said, st.font(13, bold=True), rid)
        if self.error:
            lay.text("error", (inner.x, inner.bottom - f.get_linesize(), inner.w,
                               f.get_linesize()), self.error, f, "decision")

    # -- input -----------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if intent.kind == "confirm":  # with no button focused: focus the current one's Sign
            if self.current is None:
                self.press_focused_or_first()
                return
            if self.current_page != self.page:
                self.page = self.current_page
                self.rebuild()
            verb = "refuse" if self.current in self.cannot_sign else "sign"
            self.focus_button(f"{verb}_{self.current}")
            return
        if intent.kind == "widget" and intent.widget.startswith(("sign_", "refuse_")):
            verb, _, party = intent.widget.partition("_")
            self.decide(party, verb == "sign")
            return
        if intent.kind == "key" and intent.key in ("y", "n"):
            who = self.current
            if who is not None:
                self.key_entry(lambda: self.decide(who, intent.key == "y"))
            return
        super().handle(intent)

    def decide(self, party: str, sign: bool) -> bool:
        """Enter a delegation's decision as it is called out; when it was the last to enter on
        the page, turn to the page with the next one. A signature the rules refuse marks the
        delegation as one that cannot sign (see `cannot_sign`)."""
        ok = self.called_out(Sign(party) if sign else Refuse(party))
        if sign and not ok:
            self.cannot_sign.add(party)
        return self.entered(ok)

    def focused_party(self) -> str | None:
        """The delegation whose Sign / Refuse button has the keyboard focus, if one has."""
        verb, _, party = self.focused_id().partition("_")
        return party if verb in ("sign", "refuse") and party else None

    def move_focus(self, step: int) -> None:
        """Tab onto another delegation's Sign / Refuse makes its decision the one being
        entered."""
        super().move_focus(step)
        party = self.focused_party()
        if party is not None and party != self.current:
            self.current = party
            self.rebuild_keeping_focus()

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        view = self.table.view(OBSERVER)
        self.draw_frame(surface)
        draw_panel(surface, lay, "text", st)
        draw_clauses(surface, lay, "clauses", st, view=view, text=signing_text(view))
        if "results" in lay:
            lay.draw_text(surface, "results", pal.muted)
        if "fallback" in lay:
            lay.draw_text(surface, "fallback", pal.warn)
        draw_panel(surface, lay, "decision", st)
        lay.draw_text(surface, "rule", pal.muted)
        lay.draw_text(surface, "decided", pal.faint)
        for pid in self.rows:
            rid = f"row.{pid}"
            color = party_color(view, pid)
            if pid == self.current:  # the decision being entered: lit in its colour
                draw_lit(surface, lay[rid].rect, color, st)
            else:
                pygame.draw.rect(surface, style.mix(pal.panel, pal.raised, 0.6), lay[rid].rect,
                                 border_radius=st.px(5))
            widgets.chip(surface, lay[f"{rid}.tag"].rect, st, lay[f"{rid}.tag"].text, color)
            lay.draw_text(surface, f"{rid}.name", pal.text)
            if f"{rid}.said" in lay:
                lay.draw_text(surface, f"{rid}.said", pal.muted, align="right")
        self.draw_error(surface)


def decision_word(view: View, party: str) -> str:
    """A delegation's signing decision as the public may know it."""
    if party in view.decisions:
        return "Signed" if view.decisions[party] else "Refused"
    return "Decided" if party in view.decided else "deciding…"


# -- the ceremony ---------------------------------------------------------------------------------


def signers(view: View) -> list[str]:
    """Who signed the agreement, in scenario order."""
    signed_by = [p for p, yes in view.decisions.items() if yes]
    if signed_by:
        return [p.id for p in view.parties if p.id in signed_by]
    if view.accepted:  # alternating offers: everyone accepted the last offer
        return [p.id for p in view.parties if p.id in view.accepted]
    return [p.id for p in view.parties]


def signatures(view: View) -> list[PartyInfo]:
    """The parties whose signatures the ceremony shows, in scenario order."""
    return [view.party(p) for p in signers(view)]


SIGNATURE_SIZES = (26, 20, 16, 13)
"""The ceremony's name sizes, largest first: the smallest is the small type, still readable."""


@dataclass(frozen=True, slots=True)
class SignaturePlan:
    """How the ceremony's signatures fill their space (see `plan_signatures`)."""

    cols: int
    per_col: int
    row_h: int
    font: pygame.font.Font
    leader: bool
    """Whether each name has its "for X: the Y" line under it."""
    shown: int
    """How many signatures have a place; when fewer than the signers, the last place says
    "and N more" instead (the names in its tooltip)."""


def plan_signatures(st: Style, signing: Sequence[PartyInfo], width: int, room: int
                    ) -> SignaturePlan:
    """The largest name type, with the leader's line when it fits, in as few columns (two at
    least from four signers) as hold every name whole in `width` x `room`: the names are the
    ceremony, so no signature is ever dropped or cut to fit. Only when even the small type in
    as many columns as the widest name allows cannot hold them all do the last ones give way
    to an explicit "and N more"."""
    n = max(1, len(signing))
    gap, lead = st.px(24), st.small
    fewest = 1 if n <= 3 else 2

    def col_width(cols: int) -> int:
        return (width - gap * (cols - 1)) // cols

    def whole(f: pygame.font.Font, cols: int, leader: bool) -> bool:
        w = col_width(cols)
        return all(f.size(p.name)[0] <= w and (not leader or lead.size(
            _leader_line(p))[0] <= w) for p in signing)

    def row(f: pygame.font.Font, leader: bool) -> int:
        return f.get_linesize() + (lead.get_linesize() if leader else 0) + st.px(6)

    for size in SIGNATURE_SIZES:
        f = st.font(size, bold=True, italic=True)
        for leader in (True, False):
            for cols in range(fewest, max(fewest, n) + 1):
                per = math.ceil(n / cols)
                if per * row(f, leader) <= room and whole(f, cols, leader):
                    return SignaturePlan(cols, per, min(row(f, leader) + st.px(4), room // per),
                                         f, leader, len(signing))
    # nothing holds them all: the small type, as many columns as its widest name allows
    f = st.font(SIGNATURE_SIZES[-1], bold=True, italic=True)
    cols = max([c for c in range(1, n + 1) if whole(f, c, False)], default=1)
    per = max(1, room // row(f, False))
    places = cols * per
    return SignaturePlan(cols, per, row(f, False), f, False,
                         len(signing) if places >= len(signing) else max(0, places - 1))


def _leader_line(p: PartyInfo) -> str:
    return f"for {p.name}: the {p.leader}"


def lay_signatures(  # noqa: PLR0917  # the plan's space and parent, as `Layout.region` takes
        lay: Layout, st: Style, signing: Sequence[PartyInfo], plan: SignaturePlan,
        area: pygame.Rect, parent: str) -> None:
    """Each signature's place (`sig.<party>` with its `.name` and, in the plan, `.leader`),
    column by column, as `plan_signatures` planned them in `area`; and `sig.more` ("and N
    more", every name on hover) in the last place when not all have one."""
    gap = st.px(24)
    col_w = (area.w - gap * (plan.cols - 1)) // plan.cols
    name_h = min(plan.font.get_linesize(), plan.row_h)
    lead_h = st.small.get_linesize()

    def place(k: int) -> tuple[int, int]:
        c, r = divmod(k, plan.per_col)
        return area.x + c * (col_w + gap), area.y + r * plan.row_h

    for k, p in enumerate(signing[:plan.shown]):
        x, top = place(k)
        lay.region(f"sig.{p.id}", (x, top, col_w, plan.row_h), parent)
        lay.text(f"sig.{p.id}.name", (x, top, col_w, name_h), p.name, plan.font,
                 f"sig.{p.id}", tooltip=f"Signed for {p.name} by the {p.leader}")
        if plan.leader:
            lay.text(f"sig.{p.id}.leader", (x, top + name_h, col_w, lead_h), _leader_line(p),
                     st.small, f"sig.{p.id}")
    rest = signing[plan.shown:]
    if rest:
        x, top = place(plan.shown)
        lay.text("sig.more", (x, top, col_w, min(st.body.get_linesize(), plan.row_h)),
                 f"and {len(rest)} more", st.body, parent,
                 tooltip="Also signed by " + and_list([p.name for p in rest]))


class CeremonyScene(PrivateScreen):
    name = "ceremony"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, ("ceremony", ""))
        self.clock = 0.0
        self.signers: list[str] = []
        self.laid = 0
        """How many signatures have a place on the page (the rest are "and N more")."""

    @property
    def shown(self) -> int:
        """How many signatures are on the page now."""
        if not self.ctx.settings.animations:
            return len(self.signers)
        return min(len(self.signers), int(self.clock / self.interval) + 1)

    @property
    def interval(self) -> float:
        """Seconds between two signatures appearing (see `SIGNING_SECONDS`)."""
        return min(SIGNATURE_INTERVAL, SIGNING_SECONDS / max(1, len(self.signers) - 1))

    @property
    def complete(self) -> bool:
        return self.shown >= len(self.signers)

    def build(self) -> None:
        st = self.ctx.style
        view = self.table.view(OBSERVER)
        self.accent = st.palette.gold
        signing = signatures(view)
        self.signers = [p.id for p in signing]
        lay = self.layout
        body = self.lay_frame(
            "Agreement reached", view.title, f"Signed in round {min(view.round, view.rounds)} "
            f"of {view.rounds}", hint="Enter: continue to the debrief · F1 help",
            buttons=[FooterButton("continue", "Continue to the debrief ›",
                                  "How the deal turned out for everyone", primary=True)])
        doc_w = min(body.w, st.px(900))
        doc = pygame.Rect(body.centerx - doc_w // 2, body.y, doc_w, body.h)
        lay.region("doc", doc, "body")
        inner = doc.inflate(-2 * st.px(24), -2 * st.px(16))
        lay.region("doc.inner", inner, "doc")
        seal = min(st.px(84), inner.h // 4)
        lay.region("seal", (inner.centerx - seal // 2, inner.y, seal, seal), "doc.inner")
        y = inner.y + seal + st.px(8)
        hf = st.font(22, bold=True)
        lay.text("heading", (inner.x, y, inner.w, hf.get_linesize()),
                 "The parties to this agreement have signed it", hf, "doc.inner")
        y += hf.get_linesize() + st.px(8)
        # what they signed, clause by clause, under the heading (whole on hover)
        agreed = [f"{issue_name(view, i)}: {option_label(view, i, o)}"
                  for i, o in (view.agreement or {}).items()]
        tf = st.font(14, italic=True)
        lines = min(3, len(style.wrap(" · ".join(agreed), tf, inner.w)) if agreed else 0,
                    max(1, (inner.bottom - y) // (4 * tf.get_linesize())))
        plan = plan_signatures(st, signing, inner.w,
                               inner.bottom - y - lines * tf.get_linesize() - st.px(12))
        if plan.shown < len(signing) and lines > 1:  # the signatures before the text's lines
            lines = 1
            plan = plan_signatures(st, signing, inner.w,
                                   inner.bottom - y - lines * tf.get_linesize() - st.px(12))
        if lines:
            lay.paragraph("agreed", (inner.x, y, inner.w, lines * tf.get_linesize()),
                          " · ".join(agreed), tf, "doc.inner", tooltip="\n".join(agreed))
            y += lines * tf.get_linesize()
        y += st.px(12)
        self.laid = plan.shown
        lay_signatures(lay, st, signing, plan,
                       pygame.Rect(inner.x, y, inner.w, inner.bottom - y), "doc.inner")

    def update(self, dt: float) -> None:
        before = self.shown
        self.clock += dt
        if self.shown != before:
            self.dirty = True
        if self.ctx.run.demo and self.complete and (
                self.clock > len(self.signers) * self.interval + 3 * self.ctx.bot_interval):
            self.finish()
            return
        super().update(dt)

    def handle(self, intent: Intent) -> None:
        if intent.kind == "confirm" or (intent.kind == "widget" and intent.widget == "continue"):
            if not self.complete and intent.kind == "confirm":
                self.clock = len(self.signers) * self.interval
                return
            self.finish()
            return
        super().handle(intent)

    def finish(self) -> None:
        self.ctx.ceremony_shown = True
        self.follow()

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        lay = self.layout
        view = self.table.view(OBSERVER)
        self.draw_frame(surface)
        doc = lay["doc"].rect
        widgets.panel(surface, doc, st, fill=style.mix(pal.panel, pal.gold, 0.05), edge=pal.gold)
        pygame.draw.rect(surface, style.mix(pal.gold, pal.panel, 0.6),
                         doc.inflate(-st.px(10), -st.px(10)), 1, border_radius=st.px(4))
        _seal(surface, lay["seal"].rect, st)
        lay.draw_text(surface, "heading", pal.text, align="center")
        if "agreed" in lay:
            lay.draw_text(surface, "agreed", pal.muted, align="center")
        for party in self.signers[:min(self.shown, self.laid)]:
            color = party_color(view, party)
            lay.draw_text(surface, f"sig.{party}.name", style.mix(color, (255, 255, 255), 0.25))
            name = lay[f"sig.{party}.name"]
            r = name.rect
            inked = name.font.size(name.lines[0])[0] if name.font and name.lines else 0
            # the line to sign on, under the whole name (a long one fills its column)
            pygame.draw.line(surface, color, (r.x, r.bottom - st.px(2)),
                             (max(r.right - st.px(20), r.x + inked), r.bottom - st.px(2)),
                             max(1, st.px(2)))
            if f"sig.{party}.leader" in lay:
                lay.draw_text(surface, f"sig.{party}.leader", pal.muted)
        if "sig.more" in lay and self.shown > self.laid:
            lay.draw_text(surface, "sig.more", pal.muted)


def _seal(surface: pygame.Surface, rect: pygame.Rect, st: Style) -> None:
    """A gold wax seal with a star, drawn with primitives."""
    pal = st.palette
    c, r = rect.center, rect.w // 2
    teeth = [(c[0] + (r if k % 2 == 0 else r * 0.88) * math.cos(math.pi * k / 18),
              c[1] + (r if k % 2 == 0 else r * 0.88) * math.sin(math.pi * k / 18))
             for k in range(36)]
    pygame.draw.polygon(surface, style.mix(pal.gold, (120, 80, 20), 0.35), teeth)
    pygame.draw.circle(surface, pal.gold, c, round(r * 0.78))
    pygame.draw.circle(surface, style.mix(pal.gold, (255, 255, 255), 0.35), c, round(r * 0.78),
                       max(1, st.px(2)))
    star = [(c[0] + (r * 0.5 if k % 2 == 0 else r * 0.2) * math.sin(math.pi * k / 5),
             c[1] - (r * 0.5 if k % 2 == 0 else r * 0.2) * math.cos(math.pi * k / 5))
            for k in range(10)]
    pygame.draw.polygon(surface, style.mix(pal.gold, (90, 60, 10), 0.55), star)

