"""Which game screen shows when: one function of the table, and the base class of game screens.

`wanted(table)` names the screen the game needs now, as a key `(screen, party)`:

- the game is over: the signing ceremony once (after an agreement), then the debrief;
- a human seat must act and another delegation (or nobody yet) is at the screen: the hand-over
  screen for that seat, so nothing private shows before the right people are looking;
- that seat has not read its briefing yet: its briefing (and at once for the seat at the
  screen when it asks to read it again, from the pause menu);
- it must vote: the voting screen; it must sign or refuse: the signing screen;
- otherwise (its turn to propose or offer, or bots are moving): the negotiating table.

In **projector mode** the one screen only ever shows the public view: no hand-over, no
briefing, and the voting and signing screens (key party "") take every human seat's votes and
signatures from the operator as the delegations call them out.

Every game screen derives from `GameScene`. Its `update` moves the bots at a pace people can
follow, runs the round timer, and when the wanted key changes it replaces itself with the
wanted screen. Screens therefore never decide the flow themselves: they apply actions through
the table and the flow follows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from game.core.actions import Action
from game.core.errors import GameError
from game.core.view import OBSERVER
from game.session.table import Table
from game.ui.intents import Intent
from game.ui.scene import Scene

if TYPE_CHECKING:
    from game.ui.context import Context

Key = tuple[str, str]


PUBLIC_REFUSALS = {
    "Sign": "This delegation cannot sign this text.",
    "Accept": "This delegation cannot accept this offer.",
    "Offer": "This delegation cannot offer this text.",
}
"""What projector mode shows when the rules refuse an action across a red line: the rules'
own message names the red line, which is private."""


NEWS_TOAST_SECONDS = 15.0
"""How long the notice that news changed a seat's numbers stays up: long enough to read its
up to three lines."""
NOTICE_SECONDS = 20.0
"""How long the notice of a damaged autosave (read from its mirror) stays up."""
HIDDEN_PACE = 0.2
"""Bots' votes and signatures come this much faster than their proposals: they stay hidden
until all are in, so there is nothing to read in between (a flagship round's forty-odd bot
votes took half a minute at the proposals' pace)."""


def wanted(table: Table, ceremony_shown: bool = False, projector: bool = False) -> Key:
    view = table.view(OBSERVER) if projector else table.view()
    if table.over:
        if view.status == "agreement" and not ceremony_shown:
            return ("ceremony", "")
        return ("debrief", "")
    if projector:
        if table.humans_to_move() and view.phase in ("votes", "signing"):
            return ("vote" if view.phase == "votes" else "sign", "")
        return ("table", "")
    handover = table.needs_handover()
    if handover is not None:
        return ("handover", handover)
    looking = table.looking
    if looking is not None and table.wants_briefing(looking):
        return ("briefing", looking)  # at once: it asked, from the pause menu
    party = table.next_human()
    if party is not None:
        if party not in table.briefed:
            return ("briefing", party)
        if view.phase == "votes":
            return ("vote", party)
        if view.phase == "signing":
            return ("sign", party)
    return ("table", table.looking or "")


def make(ctx: Context, key: Key) -> Scene:
    """Build the screen for `key`."""
    screen, party = key
    if screen == "handover":
        from game.ui.scenes.handover import HandOverScene
        return HandOverScene(ctx, party)
    if screen == "briefing":
        from game.ui.scenes.briefing import BriefingScene
        return BriefingScene(ctx, party)
    if screen == "vote":
        from game.ui.scenes.vote import ProjectorVoteScene, VoteScene
        return VoteScene(ctx, party) if party else ProjectorVoteScene(ctx)
    if screen == "sign":
        from game.ui.scenes.sign import ProjectorSignScene, SignScene
        return SignScene(ctx, party) if party else ProjectorSignScene(ctx)
    if screen == "ceremony":
        from game.ui.scenes.sign import CeremonyScene
        return CeremonyScene(ctx)
    if screen == "debrief":
        from game.ui.scenes.debrief import DebriefScene
        return DebriefScene(ctx)
    from game.ui.scenes.table import TableScene
    return TableScene(ctx)


def show_game(ctx: Context) -> None:
    """Replace the whole stack with the screen the game wants now (after starting or loading)."""
    assert ctx.table is not None
    app = ctx.app
    while len(app.scenes) > 1:
        app.scenes.pop()
    scene = make(ctx, wanted(ctx.table, ctx.ceremony_shown, ctx.game_options.projector))
    if len(app.scenes):
        app.replace(scene)
    else:
        app.push(scene)


def open_game(ctx: Context, resume: Callable[[], object]) -> str:
    """Run `resume` (continue or load a game) and show it; the reason it could not be opened
    otherwise (for the screen to show), or "" when the game is showing."""
    from game.ui.context import GameLoadError
    ctx.notice = ""
    try:
        resume()
    except GameLoadError as exc:
        return str(exc)
    show_game(ctx)
    if ctx.notice:  # read, but not from the file asked for: say so over the game
        ctx.app.toast(ctx.notice, seconds=NOTICE_SECONDS)
        ctx.notice = ""
    return ""


class GameScene(Scene):
    """A screen of a game in progress. Subclasses set `key` and call `super().update(dt)`."""

    key: Key = ("table", "")
    bots_move_here = True
    """Whether bots may move while this screen shows (the hand-over screen, for one, lets
    them: nothing private is on screen)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self._bot_clock = 0.0
        self._seen: object = None
        self._stamp: tuple[object, ...] = ()
        self.error = ""
        """The last illegal action's message, for the screen to show."""

    @property
    def projector(self) -> bool:
        """Whether the game is in projector mode (public view only, the operator enters moves)."""
        return self.ctx.game_options.projector

    @property
    def table(self) -> Table:
        assert self.ctx.table is not None, "a game screen needs a game"
        return self.ctx.table

    def act(self, action: Action) -> bool:
        """Apply an action for the seat at the screen; show the rules' message if illegal."""
        try:
            self.table.apply(action)
        except GameError as exc:
            self.error = str(exc)
            if self.projector and exc.code == "action/red_line":
                self.error = PUBLIC_REFUSALS.get(type(action).__name__,
                                                 "The rules do not allow this move.")
            self.dirty = True
            return False
        self.error = ""
        self.dirty = True
        self.follow()
        return True

    def handle(self, intent: Intent) -> None:
        if intent.kind == "back":
            from game.ui.scenes.pause import PauseScene
            assert self.app is not None
            self.app.push(PauseScene(self.ctx))

    def update(self, dt: float) -> None:
        if self.ctx.table is None:
            return
        table = self.table
        if table.tick(dt):
            self.dirty = True
        self.ctx.note_clock(dt)
        if self.bots_move_here and not table.paused and table.bot_to_move() is not None:
            self._bot_clock += dt
            hidden = table.session.state.phase in ("votes", "signing")  # public, no view
            if self._bot_clock >= self.ctx.bot_interval * (HIDDEN_PACE if hidden else 1.0):
                self._bot_clock = 0.0
                if table.step_bot() is not None:
                    self.dirty = True
        else:
            self._bot_clock = 0.0
        self.follow()
        self._tell_news()

    def _tell_news(self) -> None:
        """Tell the seat at the screen, once, when news has changed its numbers since it read
        its briefing (the briefing, from the pause menu, shows the change too)."""
        table = self.table
        party = table.looking
        if self.app is None:
            return
        handover = self.key[0] == "handover" or table.needs_handover() is not None
        briefing = self.key[0] == "briefing"  # it says what changed itself
        # The notice is private to its seat, and over the briefing ("Esc: Your briefing")
        # only in the way: it goes at a hand-over, with another seat, or as the briefing opens.
        if table.news_for is not None and (table.news_for[0] != party or handover or briefing):
            if self.app.toast_text == table.news_for[1]:
                self.app.toast_text = ""
            table.news_for = None
        if self.projector or party is None or party not in table.humans or handover:
            return
        news = table.untold_news(party)
        if news is not None and not briefing:
            from game.ui.scenes.briefing import what_changed
            text = what_changed(table.view(party), *news) + " · Esc: Your briefing"
            self.app.toast(text, NEWS_TOAST_SECONDS)
            table.news_for = (party, text)

    def follow(self) -> None:
        """Replace this screen when the game wants another one."""
        if self.ctx.table is None or self.app is None or self.app.scenes.top is not self:
            return
        table = self.table
        # The wanted screen only changes with the game, the seat at the screen or what was
        # read; computing it once per change keeps idle frames cheap.
        state = table.session.state
        stamp = (table.looking, len(table.briefed), table.briefings, self.ctx.ceremony_shown)
        # (`len(briefed)` too: tests and older callers add to `briefed` directly)
        if state is self._seen and stamp == self._stamp:
            return
        self._seen, self._stamp = state, stamp
        key = wanted(table, self.ctx.ceremony_shown, self.projector)
        if key != self.key:
            self.app.replace(make(self.ctx, key))
