"""What the negotiating table says and computes, apart from where it draws it.

Plain functions of a `View` (and the table's public bot moves): phase names, clause and option
texts, the utilities the seat at the screen sees, the proposal builder's model, paging of long
lists, and a cache of rendered text. Nothing here reads hidden state or mutates the game.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pygame

from game.core.actions import Accept, Action, Offer, Pass, Propose, Refuse, Sign, Vote
from game.core.model import Issue, Preferences
from game.core.scoring import (
    normalised_weights,
    red_lines_crossed,
    score,
    utility,
    with_fallbacks,
)
from game.core.view import PartyInfo, ProposalView, View
from game.core.words import and_list, signed
from game.session.table import BotMove, Table
from game.ui.layout import Layout
from game.ui.scenes.private_common import draw_clauses, issue_name, lay_clauses, plural
from game.ui.style import Color, Style

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("1-9, 0", "select clause 1 to 10 in the proposal builder"),
    ("Left / Right", "change the selected clause's option in your proposal"),
    ("Backspace", "take the selected clause out of your proposal"),
    ("Up / Down", "select the previous or next clause"),
    ("P", "propose (or make your offer)"),
    ("S", "pass this turn"),
    ("A", "accept the standing offer (alternating offers)"),
    ("C", "clear the proposal builder"),
    ("M", "switch between the map and the full-width draft text"),
    ("Mouse wheel", "scroll the clauses, proposals and delegations, or a round's results"),
    ("Page Up / Down", "scroll the proposals on the table, or page a round's results card"),
    ("Esc", "pause menu"),
    ("F1", "how to play"),
)
"""The table's keyboard shortcuts, for the help screen."""

PHASES = {
    "news": "News", "proposals": "Proposals", "votes": "Voting", "signing": "Signing",
    "offers": "Offers", "ended": "Game over",
}
RESULTS = {"pending": "Tabled", "passed": "Passed", "failed": "Failed", "lapsed": "Lapsed"}


def phase_name(phase: str) -> str:
    return PHASES.get(phase, phase.replace("_", " ").capitalize())


def clock(seconds: float) -> str:
    """`mm:ss` (rounded up, so 0:00 only when time is up)."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


def option_label(issue: Issue, option: str | None) -> str:
    """An option's label as the draft panels (table and replay) show it. An open clause reads
    "OPEN (counts as <its if_open option>)", or "OPEN, no fallback" when it has none: such a
    clause still open after the last round leaves no complete text to sign."""
    if option is None:
        return (f"OPEN (counts as {option_label(issue, issue.if_open)})" if issue.if_open
                else "OPEN, no fallback")
    for o in issue.options:
        if o.id == option:
            return o.label
    return option


def amendments_text(view: View, amendments: Sequence[tuple[str, str]]) -> str:
    """`Force size › About 15,000; Zone › …` for a proposal's amendments."""
    parts = []
    for issue_id, option in amendments:
        try:
            issue = view.issue(issue_id)
        except KeyError:  # an event removed the issue since
            parts.append(f"{issue_id} › {option}")
            continue
        parts.append(f"{issue.name} › {option_label(issue, option)}")
    return "; ".join(parts)


def clause_tooltip(issue: Issue, view: View) -> str:
    """The clause and its options, for the hover on a clause row."""
    lines = [issue.name + (f" – {issue.description}" if issue.description else "")]
    for o in issue.options:
        lines.append(f"• {o.label}" + (f": {o.description}" if o.description else ""))
    if issue.if_open:
        lines.append(f"Left open, it counts as “{option_label(issue, issue.if_open)}”.")
    elif view.protocol != "alternating_offers":  # there every offer is a complete text
        lines.append("No fallback: if it is still open after the last round's votes, there is "
                     "no complete text to sign and the talks end with no deal.")
    if issue.id in view.locked:
        lines.append("Locked: no one can amend this clause now.")
    return "\n".join(lines)


def unsettled(view: View) -> tuple[Issue, ...]:
    """The open clauses with no `if_open` fallback. Any still open after the last round's votes
    makes the final signing impossible (the rules' phase 4): the talks end with no deal."""
    return tuple(i for i in view.issues if i.if_open is None and view.draft.get(i.id) is None)


def deadline_warning(view: View) -> str:
    """From the second-to-last round on, the plain warning that clauses without a fallback are
    still open ("Last round: Force size and Zone have no fallback. Settle them, or there will be
    nothing to sign."); "" when there is nothing to warn of. Under alternating offers every
    offer is a complete text, so the draft's open clauses do not matter there."""
    left = view.rounds - view.round + 1
    if (view.protocol == "alternating_offers" or view.status != "running"
            or view.phase == "ended" or left > 2):
        return ""
    names = [i.name for i in unsettled(view)]
    if not names:
        return ""
    listed = and_list(names)
    when = "Last round" if left <= 1 else "This round and the last"
    has, them = ("has", "it") if len(names) == 1 else ("have", "them")
    return f"{when}: {listed} {has} no fallback. Settle {them}, or there will be nothing to sign."


def deadline_short(view: View) -> str:
    """`deadline_warning` in one short line, for a draft panel with little room to spare
    ("No fallback yet: Force size, Zone. Settle or no deal."; "" when there is nothing to
    warn of)."""
    if not deadline_warning(view):
        return ""
    return f"No fallback yet: {', '.join(i.name for i in unsettled(view))}. Settle or no deal."


def supporters(view: View, issue_id: str, option: str) -> tuple[PartyInfo, ...]:
    """The parties that have publicly said they want `option` on `issue_id`."""
    return tuple(p for p in view.parties if p.public_position.get(issue_id) == option)


def stance(view: View, p: PartyInfo) -> str:
    """A party's public position, clause by clause."""
    parts = []
    for issue_id, option in p.public_position.items():
        try:
            issue = view.issue(issue_id)
        except KeyError:
            continue
        parts.append(f"{issue.name}: {option_label(issue, option)}")
    return "; ".join(parts) if parts else "No public position."


# -- utilities -------------------------------------------------------------------------------


def filled(view: View, text: Mapping[str, str | None]) -> dict[str, str | None]:
    """The text with each open clause read as its `if_open` option (when it has one)."""
    return {i.id: text.get(i.id) or i.if_open for i in view.issues}


@dataclass(frozen=True, slots=True)
class Worth:
    """What a text is worth to the seat at the screen."""

    value: float
    reservation: float
    crossed: tuple[str, ...]
    """Names of the clauses where the text crosses a red line."""


def worth(view: View, prefs: Preferences, text: Mapping[str, str | None]) -> Worth:
    full = filled(view, text)
    ids = tuple(i.id for i in view.issues)
    names = {i.id: i.name for i in view.issues}
    crossed = tuple(names.get(r.issue, r.issue) for r in red_lines_crossed(prefs, full))
    return Worth(utility(prefs, full, ids), prefs.reservation, crossed)


@dataclass(frozen=True, slots=True)
class Points:
    """What each clause of a text adds to the seat's utility, in tenths of a point that sum
    exactly to the utility as shown (`total`, one decimal), so a student can add them up."""

    clauses: dict[str, float]
    """Issue id -> its weight (normalised) times the seat's value for the option it counts as."""
    combinations: float
    """What the seat's interaction terms (combinations of options) add or take away."""
    total: float


def clause_points(view: View, prefs: Preferences, text: Mapping[str, str | None]) -> Points:
    """Each clause's share of what `text` is worth to the seat (open clauses counted as their
    fallback, as everywhere): weight times value, rounded by largest remainder so the shown
    parts and the combinations line add up to the shown total."""
    full = filled(view, text)
    ids = [i.id for i in view.issues]
    weights = normalised_weights(prefs, ids)
    exact = {i: weights[i] * option_value(prefs, i, o) if o else 0.0 for i, o in full.items()}
    total = utility(prefs, full, ids)
    total_tenths = round(float(f"{total:.1f}") * 10)
    combo_tenths = round((total - sum(exact.values())) * 10)
    tenths = {i: int(v * 10) for i, v in exact.items()}
    short = total_tenths - combo_tenths - sum(tenths.values())
    # the largest remainders take the tenths rounding left over (or give them back)
    order = sorted(exact, key=lambda i: exact[i] * 10 - tenths[i], reverse=short > 0)
    for k in range(abs(short) if order else 0):
        tenths[order[k % len(order)]] += 1 if short > 0 else -1
    return Points({i: t / 10 for i, t in tenths.items()}, combo_tenths / 10, total_tenths / 10)


POINTS_KEY = "Points each clause adds: its weight × your value for it"
"""The line over a clause list whose numbers are `clause_points`."""


def lay_clause_points(layout: Layout, name: str, rect: pygame.Rect, parent: str, st: Style, *,
                      view: View, text: Mapping[str, str | None], prefs: Preferences) -> Points:
    """The clauses of `text`, each with the points it adds to the seat's total (under a line
    that says so), and what combinations of clauses add when they do: the numbers add up to
    the total the screen shows. Returns the points."""
    pts = clause_points(view, prefs, text)
    f = st.small
    lh = f.get_linesize()
    combo_h = lh + st.px(4) if pts.combinations else 0
    top = rect.y
    # the key goes first when the list is short of room for every clause (its tooltip on the
    # numbers says the same)
    if rect.h - combo_h - lh - st.px(4) >= len(view.issues) * (lh + st.px(4)):
        layout.text(f"{name}_key", (rect.x, rect.y, rect.w, lh), POINTS_KEY, f, parent)
        top += lh + st.px(4)
    weights = normalised_weights(prefs, [i.id for i in view.issues])
    full = filled(view, text)
    figures = {}
    for issue in view.issues:
        option = full.get(issue.id)
        tip = (f"“{option_label(issue, option)}” adds {pts.clauses[issue.id]:g} points: "
               f"{issue.name} weighs {weights[issue.id]:.0%} of your total, and you value "
               f"this option {option_value(prefs, issue.id, option):g} of 100"
               if option is not None else
               "An open clause with no fallback is worth 0 until settled")
        figures[issue.id] = (f"{pts.clauses[issue.id]:g}", tip)
    lay_clauses(layout, name, pygame.Rect(rect.x, top, rect.w, rect.bottom - top - combo_h),
                parent, st, view=view, text=text, prefs=prefs, points=figures)
    if pts.combinations:
        layout.text(f"{name}_combinations", (rect.x, rect.bottom - lh, rect.w, lh),
                    f"Combinations of clauses: {signed(pts.combinations)}", f, parent,
                    tooltip="Your preferences add or take points when these options come "
                            "together")
    return pts


def draw_clause_points(surface: pygame.Surface, layout: Layout, name: str, st: Style, *,
                       view: View, text: Mapping[str, str | None], prefs: Preferences) -> None:
    """Draw what `lay_clause_points` laid out."""
    if f"{name}_key" in layout:
        layout.draw_text(surface, f"{name}_key", st.palette.faint)
    draw_clauses(surface, layout, name, st, view=view, text=text, prefs=prefs)
    if f"{name}_combinations" in layout:
        layout.draw_text(surface, f"{name}_combinations", st.palette.muted)


def option_value(prefs: Preferences, issue_id: str, option: str) -> float:
    values: Mapping[str, Mapping[str, float]] = prefs.values
    return float(values.get(issue_id, {}).get(option, 0.0))


def best_option(prefs: Preferences, issue: Issue) -> str:
    """The option of `issue` the party values most (the first of equals)."""
    values = [option_value(prefs, issue.id, o) for o in issue.option_ids]
    return issue.option_ids[values.index(max(values))]


def is_red_line(prefs: Preferences, issue_id: str, option: str) -> bool:
    return any(r.issue == issue_id and option in r.options for r in prefs.red_lines)


# -- the proposal builder --------------------------------------------------------------------


@dataclass
class Builder:
    """The amendments (or, under alternating offers, the complete text) being put together."""

    picks: dict[str, str] = field(default_factory=dict)
    note: str = ""
    selected: int = 0
    """Index of the selected clause (keyboard)."""

    def choose(self, view: View, issue_id: str, option: str) -> str:
        """Click on an option: add, replace or take back that clause's amendment. Returns a
        message when the choice is not possible ("" when it was made)."""
        if view.protocol == "alternating_offers":
            self.picks[issue_id] = option
            return ""
        if issue_id in view.locked:
            return "That clause is locked: no one can amend it now."
        if self.picks.get(issue_id) == option or view.draft.get(issue_id) == option:
            self.picks.pop(issue_id, None)  # a second click, or the draft's own option
            return ""
        if issue_id not in self.picks and len(self.picks) >= view.max_amendments:
            return (f"A proposal changes at most {view.max_amendments} clauses: take one out "
                    "first (click its chosen option again).")
        self.picks[issue_id] = option
        return ""

    def cycle(self, view: View, issue: Issue, step: int) -> str:
        """Keyboard: move the clause's choice one option left or right."""
        ids = list(issue.option_ids)
        now = self.picks.get(issue.id) or view.draft.get(issue.id)
        k = ids.index(now) if now in ids else (-1 if step > 0 else 0)
        return self.choose(view, issue.id, ids[(k + step) % len(ids)])

    def tidy(self, view: View) -> None:
        """Drop amendments the draft already has or that no longer exist."""
        options = {i.id: i.option_ids for i in view.issues}
        for issue_id, option in list(self.picks.items()):
            if option not in options.get(issue_id, ()) or (
                    view.protocol != "alternating_offers"
                    and (view.draft.get(issue_id) == option or issue_id in view.locked)):
                del self.picks[issue_id]

    def start_offer(self, view: View, prefs: Preferences | None) -> None:
        """Under alternating offers, start from the standing offer, else from the draft and
        the seat's best option for every clause still open."""
        base = dict(view.offer[1]) if view.offer else {}
        for issue in view.issues:
            pick = base.get(issue.id) or view.draft.get(issue.id)
            if pick is None:
                pick = best_option(prefs, issue) if prefs is not None else issue.option_ids[0]
            self.picks[issue.id] = pick

    def text(self, view: View) -> dict[str, str | None]:
        """The draft as it would read with these picks."""
        out: dict[str, str | None] = {i.id: view.draft.get(i.id) for i in view.issues}
        out.update(self.picks)
        return out

    def action(self, view: View, party: str) -> Action:
        if view.protocol == "alternating_offers":
            return Offer(party, tuple((i.id, self.picks.get(i.id, "")) for i in view.issues))
        order = [i.id for i in view.issues]
        amendments = tuple(sorted(self.picks.items(), key=lambda kv: order.index(kv[0])
                                  if kv[0] in order else len(order)))
        return Propose(party, amendments, self.note.strip())


def completes_below(view: View, prefs: Preferences, amendments: Sequence[tuple[str, str]]
                    ) -> str:
    """The warning that `amendments` would complete the text (it then goes to signing) at a
    value, signed now, below the seat's walk-away; "" when they would not. Only when this
    package completes it: a draft already complete goes to signing whatever the vote, and
    opposing a better text there only keeps a worse one."""
    last = view.round == view.rounds  # open clauses then go to signing at their fallbacks

    def complete(text: Mapping[str, str | None]) -> bool:
        return all(text.get(i.id) is not None or (last and i.if_open is not None)
                   for i in view.issues)

    settled = {**view.draft, **dict(amendments)}
    if not complete(settled) or complete(view.draft):
        return ""
    text = with_fallbacks(view.issues, settled)
    signed_now = score(prefs, text, [i.id for i in view.issues], view.round - 1)
    if signed_now >= prefs.reservation:
        return ""
    # the figures first: a narrow line loses only the note on urgency
    urgency = (f" (after {plural(view.round - 1, 'round')} of urgency)"
               if prefs.urgency > 0 and view.round > 1 else "")
    return (f"It completes the text at {signed_now:.1f} if signed now, below your walk-away "
            f"{prefs.reservation:g}{urgency}")


# -- bots, as everyone may see them ----------------------------------------------------------


def round_results(view: View, round_: int, records: Sequence[Mapping[str, Any]] = (), *,
                  passed_first: bool = False) -> str:
    """What round `round_`'s votes and signing did, on one line ("" when nothing happened);
    with `passed_first`, what passed leads (where the line may be cut, what changed the draft
    shows)."""
    parts = result_parts(view, round_, records, passed_first=passed_first)
    return f"Round {round_} results: " + "; ".join(parts) if parts else ""


def result_parts(view: View, round_: int, records: Sequence[Mapping[str, Any]] = (), *,
                 passed_first: bool = False) -> list[str]:
    """Each outcome of round `round_`'s votes and signing ("#4 failed (opposed by Italy)",
    "#5 passed: Force size › About 15,000 + US backstop › Air power", "#6 lapsed (…)",
    "signing failed: Ukraine refused"), in the order tabled (with `passed_first`, the passed
    ones first). A passed proposal says what it put into the draft: the room wants to know
    what changed."""
    parts = []
    tabled = [p for p in view.proposals if p.round == round_]
    if passed_first:
        tabled.sort(key=lambda p: p.result != "passed")  # stable: each group as tabled
    for p in tabled:
        against = opposers(view, p)
        if p.result == "passed":  # " + ": option labels hold commas, and parts join with ";"
            why = ": " + " + ".join(amendments_text(view, ((i, o),)) for i, o in p.amendments)
        elif p.result == "failed":
            why = f" (opposed by {', '.join(against)})" if against else ""
        else:
            why = f" ({view.in_words(p.reason)})" if p.result == "lapsed" and p.reason else ""
        parts.append(f"#{p.id} {p.result}{why}")
    refused = refusals(view, records, round_)
    if refused is not None:
        parts.append("signing failed: " + failed_signing(refused))
    return parts


def round_summary(view: View, round_: int, *, clauses: bool = True) -> str:
    """Round `round_`'s votes in short, for where the whole line (`round_results`) does not
    fit: what passed (with `clauses`, naming the clauses each changed), then how many failed
    or lapsed ("Round 8: #38 passed (Airspace reopening, Ukraine's NATO path) · 6 failed ·
    3 lapsed"; without: "Round 8: #36 and #41 passed · 5 failed")."""
    tabled = [p for p in view.proposals if p.round == round_]
    passed = [p for p in tabled if p.result == "passed"]
    if clauses:
        parts = [f"#{p.id} passed ({', '.join(issue_name(view, i) for i, _ in p.amendments)})"
                 for p in passed]
    else:
        parts = [f"{and_list([f'#{p.id}' for p in passed])} passed"] if passed else []
    for result in ("failed", "lapsed"):
        count = sum(p.result == result for p in tabled)
        if count:
            parts.append(f"{count} {result}")
    return f"Round {round_}: " + " · ".join(parts) if parts else ""


def opposers(view: View, p: ProposalView) -> list[str]:
    """The names of the delegations seen voting against proposal `p`."""
    return [view.party(q).name for q, yes in p.votes.items() if not yes]


def failed_signing(refused: Sequence[str]) -> str:
    """Why a signing failed: "Ukraine, Poland refused", or "too few signatures" when nobody
    refused."""
    return ", ".join(refused) + " refused" if refused else "too few signatures"


def refusals(view: View, records: Sequence[Mapping[str, Any]], round_: int
              ) -> list[str] | None:
    """Who refused at a signing that failed at the end of round `round_` (None: none did)."""
    for rec in reversed(records):
        if rec.get("round") != round_:
            if isinstance(rec.get("round"), int) and rec["round"] < round_:
                return None
            continue
        for ev in rec.get("events", []):
            if ev.get("kind") == "SignaturesRevealed":
                decisions = ev.get("decisions", {})
                failed = any(e.get("kind") == "SigningFailed" for e in rec.get("events", []))
                if not failed:
                    return None
                return [view.party(q).name for q, yes in decisions.items() if not yes]
    return None


def last_move(table: Table, party: str | None = None) -> BotMove | None:
    """The latest bot move (of `party`, if given)."""
    for move in reversed(table.moves[-400:]):
        if party is None or move.party == party:
            return move
    return None


def vote_reason(table: Table, party: str, proposal: int) -> str:
    """The one-sentence reason a bot seat gave for its vote on `proposal` ("" if none is
    kept: a human seat, or a vote too far back)."""
    for move in reversed(table.moves[-400:]):
        a = move.decision.action
        if move.party == party and isinstance(a, Vote) and a.proposal == proposal:
            return move.decision.reason
    return ""


def refusal_reason(table: Table, party: str) -> str:
    """The one-sentence reason a bot seat gave for its latest refusal to sign ("" if none is
    kept): the results card shows it under a failed signing, as it shows why bots opposed a
    proposal."""
    for move in reversed(table.moves[-400:]):
        if move.party == party and isinstance(move.decision.action, (Sign, Refuse)):
            return move.decision.reason if isinstance(move.decision.action, Refuse) else ""
    return ""


def opposer_reason(name: str, proposal: int, reason: str) -> str:
    """A bot's reason for opposing `proposal`, under the proposal on the results card: the
    party named once, then the reason ("Italy opposes: “About 15,000” for Force size would
    cost it too much"), whatever the bot's wording ("" when it gave none)."""
    if not reason:
        return ""
    said = f"{name} opposes #{proposal}:"
    if reason.startswith(said):  # the card shows the proposal just above
        return f"{name} opposes:{reason[len(said):]}"
    if reason.startswith(name):
        return reason
    return f"{name}: {reason}"


def move_text(view: View, move: BotMove) -> tuple[str, str]:
    """What a bot did and why, as the public may know it: a vote or a signing decision and its
    reason stay hidden until the votes or decisions are revealed."""
    a = move.decision.action
    reason = move.decision.reason
    if isinstance(a, Propose):
        return f"proposed {amendments_text(view, a.amendments)}", reason
    if isinstance(a, Pass):
        return "passed", reason
    if isinstance(a, Vote):
        shown = next((p for p in view.proposals if p.id == a.proposal), None)
        if shown is not None and shown.revealed:
            return f"voted {'for' if a.support else 'against'} proposal {a.proposal}", reason
        return f"voted on proposal {a.proposal}", "(its reason shows once the votes are revealed)"
    if isinstance(a, Sign | Refuse):
        if view.phase == "signing":
            return "made its signing decision", "(revealed when everyone has decided)"
        return ("signed" if isinstance(a, Sign) else "refused to sign"), reason
    if isinstance(a, Offer):
        return "made a complete offer", reason
    if isinstance(a, Accept):
        return "accepted the standing offer", reason
    return str(a), reason


# -- long lists ------------------------------------------------------------------------------


def page(heights: Sequence[int], first: int, room: int, more: int) -> tuple[int, int]:
    """The rows `[start, end)` to show in `room` pixels starting near row `first`; when not all
    fit, `more` pixels are kept for the "more above / below" line."""
    n = len(heights)
    if sum(heights) <= room:
        return 0, n
    room -= more
    start = max(0, min(first, n - 1))
    end, used = start, 0
    while end < n and used + heights[end] <= room:
        used += heights[end]
        end += 1
    while start > 0 and used + heights[start - 1] <= room:
        start -= 1
        used += heights[start]
    return start, max(end, start)


@dataclass(slots=True)
class CardLine:
    """One entry of the round-results card: a proposal's line, its proposer's note, who
    opposed it, a bot's reason, a lapse, the failed signing, or reasons folded into one
    line."""

    group: int
    """The proposal's id (-1: the signing)."""
    kind: str
    """"head", "note", "against", "why", "lapsed", "signing" or "more" (folded reasons)."""
    text: str
    color: Color
    party: str = ""
    """The delegation whose proposal or reason it is ("" for the others)."""
    who: str = ""
    """That delegation's name."""
    lines: int = 1
    """How many lines it is given on the card."""
    tip: str = ""
    """What hovering it shows (folded reasons in full)."""
    short: str = ""
    """A proposal's one-line form: the proposer and the clauses it amends, without the
    options ("#4 Italy: Force size, Zone"), shown when it is given fewer lines than `text`
    needs."""
    need: int = 1
    """How many lines `text` wraps to in full (set by `plan_card`)."""
    brief: int = 1
    """How many lines `short` wraps to (set by `plan_card`)."""

    @property
    def shown(self) -> str:
        """The text the card draws: the short form when the full text was cut down."""
        return self.short if self.short and self.lines < self.need else self.text

    def cap(self, n: int) -> None:
        """Give the entry at most `n` lines (no more than its short form takes, once that
        shows)."""
        self.lines = min(self.lines, n)
        if self.short and self.lines < self.need:
            self.lines = max(1, min(self.lines, self.brief))


CARD_LINES = {"head": 3, "note": 2, "against": 3, "why": 6, "lapsed": 2, "signing": 2,
              "more": 2}
"""The most lines each kind of card entry wraps to."""
Steps = Sequence[tuple[tuple[str, ...], int]]
"""How card entries shorten, in turn: each step caps the lines of the kinds it names."""


def spare_steps(floor: int) -> Steps:
    """How the card's entries shorten to spare the card paging: the reasons (the card's point)
    to no fewer than `floor` lines, a note to one line, then a proposal to its one-line form
    where that still names the proposer and the clauses (see `plan_card`)."""
    return (("why",), max(3, floor)), (("why",), floor), (("note",), 1), (("head",), 1)


LAST_RESORT: Steps = ((("head", "lapsed", "signing"), 1), (("against",), 1), (("why",), 2))
"""How a proposal too long for a page on its own shortens further, before its last reasons
fold into one line."""


def card_blocks(lines: Sequence[CardLine]) -> list[list[CardLine]]:
    """The card's entries by proposal (the signing on its own): the card pages whole
    proposals, never half of one."""
    blocks: list[list[CardLine]] = []
    for line in lines:
        if blocks and line.kind not in {"head", "signing"} and blocks[-1][0].group == line.group:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def plan_card(lines: Sequence[CardLine], room: int, more: int,  # noqa: PLR0917
              wrapped: Callable[[CardLine], int], height: Callable[[CardLine], int],
              floor: int = 2) -> list[list[CardLine]]:
    """The card's entries given their lines, by proposal (see `card_blocks`). Each wraps in
    full when the card's `room` pixels hold them all. Else, if shortening (`spare_steps`:
    reasons to no fewer than `floor` lines, a proposal to one line only where its short form
    still reads) makes them fit on one card, they shorten, and the lines left over go back to
    the reasons (then the rest) in the card's order. If not, the card pages rather than cut
    further, and every page (`room` less `more` for the line naming the other pages) shows
    its proposals whole and in full. A proposal too long for a page alone shortens
    (`LAST_RESORT`) and, at worst, folds its last reasons into one line that names their
    delegations. Nothing is dropped: what is cut shows in full on hover. `wrapped(line)` is
    how many lines the text needs, `height(line)` what its `lines` take."""
    reads: set[int] = set()
    for line in lines:
        line.need = wrapped(line)
        line.brief = wrapped(replace(line, text=line.short)) if line.short else line.need
        line.lines = line.need
        line.cap(CARD_LINES.get(line.kind, 1))
        if line.kind == "head" and min(line.need, line.brief) <= 1:
            reads.add(id(line))
    whole = [line.lines for line in lines]
    if _shorten(lines, room, spare_steps(floor), height, reads):
        for first in (True, False):  # the reasons first: the card's point
            for line, n in zip(lines, whole, strict=True):
                while (line.kind == "why") == first and line.lines < n:
                    was = line.lines  # a short form goes back to the full text at once
                    line.lines = n if line.short else line.lines + 1
                    if sum(height(m) for m in lines) > room:
                        line.lines = was
                        break
        return card_blocks(lines)
    for line, n in zip(lines, whole, strict=True):  # paged all the same: nothing cut short
        line.lines = n
    blocks = card_blocks(lines)
    for k, block in enumerate(blocks):
        if not _shorten(block, room - more, [*spare_steps(floor), *LAST_RESORT], height):
            blocks[k] = _fold(block, room - more, wrapped, height)
    return blocks


def _shorten(lines: Sequence[CardLine], room: int, steps: Steps,
             height: Callable[[CardLine], int], reads: set[int] | None = None) -> bool:
    """Take `steps` in turn until `lines` fit in `room` pixels; whether they do. With `reads`,
    only the proposals whose ids it holds go down to one line (their short form reads)."""
    def fits() -> bool:
        return sum(height(line) for line in lines) <= room

    for kinds, cap in steps:
        if fits():
            return True
        for line in lines:
            if line.kind in kinds and (reads is None or line.kind != "head"
                                       or id(line) in reads):
                line.cap(cap)
    return fits()


def _fold(block: Sequence[CardLine], room: int, wrapped: Callable[[CardLine], int],
          height: Callable[[CardLine], int]) -> list[CardLine]:
    """A proposal still too long for a page: as few of its last reasons as it takes, folded
    into one line ("+3 more reasons (Italy, Poland and Romania): hover to read") that shows
    them on hover."""
    kept = list(block)
    folded: list[CardLine] = []
    line: CardLine | None = None
    while kept and kept[-1].kind == "why":
        folded.insert(0, kept.pop())
        plural = "reason" if len(folded) == 1 else "reasons"
        listed = and_list([f.who for f in folded])
        line = CardLine(block[0].group, "more", f"+{len(folded)} more {plural} ({listed}): "
                        "hover to read", folded[0].color, tip="\n".join(f.text for f in folded))
        line.need = wrapped(line)
        line.lines = max(1, min(CARD_LINES["more"], line.need))
        if sum(height(n) for n in kept) + height(line) <= room:
            break
    return kept + ([line] if line is not None else [])


class TextCache:
    """Rendered text surfaces, reused between frames."""

    def __init__(self, limit: int = 600) -> None:
        self.limit = limit
        self._cache: dict[tuple[str, int, Color], pygame.Surface] = {}

    def get(self, text: str, font: pygame.font.Font, color: Color) -> pygame.Surface:
        key = (text, id(font), color)
        img = self._cache.get(key)
        if img is None:
            if len(self._cache) >= self.limit:
                self._cache.clear()
            img = self._cache[key] = font.render(text, True, color)
        return img
