"""The table: one game as a window plays it, with human and bot seats, hand-over and the timer.

A `Table` wraps a `Session` (the authority) and adds what a hot-seat screen needs and the rules
do not: which seats are human and which are bots, whose delegation is looking at the screen,
the round timer, and the bots' one-line reasons. It never changes the game except through
`Session.apply`, so everything it does is in the log and replays.

Seats are written into the log header as `human:NAME` or `bot:SPEC` (see `game.bots.parse_spec`),
so a resumed game knows who sat where.

**The round timer** (optional) runs only in the talking phases (proposals, offers). When it runs
out, every human seat still due to speak this round passes (a bot still due makes its own
move); votes and signing are never timed out.
Time is not part of the rules: what the timer does is logged as ordinary `Pass` actions. The
control seat can pause it, and extend or shorten the current round; `warning` names the last
warning due (2 minutes, then 30 seconds left). It holds while a delegation due to act reads
its briefing for the first time (`held_for`): a first reader would otherwise lose time, and at
expiry its turn, before ever reaching the table. A briefing read again later runs on the clock.

**Ready.** A human delegation that has nothing more to table this round says it is ready: from
then on its turns this round pass by themselves, and once every human seat is ready the
talking phase ends as if time were up.

**Seats** change hands through the control seat (`reseat`), which is logged as a `Reseat`
action, so a resumed game, a replay and the report know who played each seat when.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from game.bots import Bot, BotError, Decision, make_bot, parse_spec, seat_rng
from game.core import log as gamelog
from game.core.actions import CONTROL, Action, Pass, Reseat
from game.core.model import MapSpec, Preferences, Scenario
from game.core.rules import to_move
from game.core.state import LogEvent
from game.core.view import OBSERVER, View, player_view
from game.session.session import Session
from game.session.store import LoadedLog

SeatKind = Literal["human", "bot"]
TALK_PHASES = ("proposals", "offers")
WARNINGS = (120.0, 30.0)
"""Seconds left at which the timer warns."""


def seats_at(header_seats: Mapping[str, str], records: Sequence[Mapping[str, object]]
             ) -> dict[str, str]:
    """Each party's seat text after `records`: the header's, updated by `seat` records."""
    seats = dict(header_seats)
    for rec in records:
        action = rec.get("action")
        if isinstance(action, Mapping) and action.get("type") == Reseat.verb:
            seats[str(action.get("party"))] = str(action.get("seat"))
    return seats


@dataclass(frozen=True, slots=True)
class Seat:
    """Who plays a party: a named human, or a bot with a strategy spec such as `boulware`."""

    party: str
    kind: SeatKind
    name: str = ""
    """The player's name (humans) or the strategy spec (bots)."""

    @property
    def is_bot(self) -> bool:
        return self.kind == "bot"

    def header_text(self) -> str:
        return f"{self.kind}:{self.name}"

    @classmethod
    def from_header(cls, party: str, text: str) -> Seat:
        """Read `human:NAME` or `bot:SPEC`; anything else is a human seat named by the text."""
        kind, sep, name = text.partition(":")
        if sep and kind == "bot":
            parse_spec(name)  # ValueError for an unknown strategy
            return cls(party, "bot", name)
        if sep and kind == "human":
            return cls(party, "human", name)
        return cls(party, "human", text)


@dataclass(frozen=True, slots=True)
class BotMove:
    """A bot decision as applied, with its one-sentence reason."""

    party: str
    decision: Decision


class Table:
    """A game in progress as the window sees it."""

    def __init__(self, session: Session, seats: Mapping[str, Seat], *,
                 timer: bool = False) -> None:
        self.session = session
        self.seats = {p: seats.get(p, Seat(p, "human")) for p in session.scenario.party_ids}
        self.bots: dict[str, Bot]
        self._rngs: dict[str, random.Random]
        self.moves: list[BotMove] = []
        """The bots' moves, each with its reason (a resumed game's re-decided ones too)."""
        if session.records and session.state.running:
            self.bots, self._rngs = self._caught_up()
        else:
            session.history = None  # a finished game's replay: nothing to catch up
            self.bots = {p: make_bot(p, parse_spec(s.name))
                         for p, s in self.seats.items() if s.is_bot}
            self._rngs = {p: seat_rng(session.seed, p) for p in sorted(self.bots)}
        self._looking: str | None = None
        self._solo = len(self.humans) == 1
        """One student practising against bots: there is never a screen to hand over."""
        self.timer_on = timer and session.scenario.round_minutes > 0
        self._timer_round = 0
        self.time_left = 0.0
        self.paused = False
        self.warning: float | None = None
        """The last timer warning given this round (seconds: 120 or 30), or None."""
        self.ready: set[str] = set()
        """Human seats that are ready to end this round's talking."""
        self.briefed: set[str] = set()
        """Human seats that have read their briefing (see `brief`)."""
        self.briefed_on: dict[str, Preferences] = {}
        """The preferences each seat's briefing showed when it was last read."""
        self.told: dict[str, Preferences] = {}
        """The preferences each seat was last told about (see `untold_news`)."""
        self.news_for: tuple[str, str] | None = None
        """(seat, notice) of the news notice (`untold_news`) last shown, until it is taken
        down: it is that seat's private business."""
        self.briefings = 0
        """How many times a briefing was read or asked for again (screens watch it)."""
        self.reading: str | None = None
        """The seat whose briefing is on the screen (the briefing screen says so), or None:
        its first reading holds the round timer (see `held_for`)."""
        self._sync_timer()

    def _caught_up(self) -> tuple[dict[str, Bot], dict[str, random.Random]]:
        """The bot seats and their random streams after re-deciding the logged moves of bot
        seats, so that each bot's random stream and its memory of the game are where they were
        when the log was written: a resumed game, or a branch, goes on exactly as it would have
        without the break, whenever the humans do the same.

        The seats are followed through the log's `Reseat` records, as `reseat` does in play. A
        logged move that its bot would not make now (a log from another version, or a move made
        by hand for a bot seat) ends the re-deciding there; the bots then go on from there.
        The re-decided moves go into `moves` with their reasons, which the log does not keep:
        the round's results card after a resume still says why each bot opposed.
        """
        session = self.session
        # The replay that resumed the session, if nothing has been applied since (it was
        # verified then); else the log is replayed here.
        replayed = session.history or gamelog.replay(session.scenario, session.records,
                                                     keep_states=True)
        session.history = None  # its states are not needed again
        seats = {p: Seat.from_header(p, t) for p, t in session.seats.items()}
        bots = {p: make_bot(p, parse_spec(s.name)) for p, s in seats.items() if s.is_bot}
        rngs = {p: seat_rng(session.seed, p) for p in sorted(bots)}
        same = True
        for state, action in zip(replayed.states, replayed.actions, strict=False):
            if isinstance(action, Reseat):
                seat = Seat.from_header(action.party, action.seat)
                bots.pop(action.party, None)
                if seat.is_bot:
                    bots[action.party] = make_bot(action.party, parse_spec(seat.name))
                    rngs.setdefault(action.party, seat_rng(session.seed, action.party))
                continue
            bot = bots.get(action.actor)
            if not same or bot is None:
                continue
            try:
                again = bot.act(player_view(state, action.actor), rngs[action.actor])
                same = again.action == action
            except BotError:
                same = False
            if same:
                self.moves.append(BotMove(action.actor, again))
        return bots, rngs

    # -- building ----------------------------------------------------------------------------

    @classmethod
    def new(cls, scenario: Scenario, scenario_sha256: str, seed: str,
            seats: Mapping[str, Seat], *, timer: bool = False,
            autosave: Path | None = None) -> Table:
        header_seats = {p: s.header_text() for p, s in seats.items()}
        session = Session(scenario, scenario_sha256, seed, header_seats, autosave=autosave)
        return cls(session, seats, timer=timer)

    @classmethod
    def resume(cls, scenario: Scenario, loaded: LoadedLog, *, timer: bool = False,
               autosave: Path | None = None) -> Table:
        """Rebuild a table from a read log (every state hash is checked on the way)."""
        session = Session.resume(scenario, loaded, autosave=autosave)
        seats = {p: Seat.from_header(p, t)
                 for p, t in seats_at(session.seats, session.records).items()}
        return cls(session, seats, timer=timer)

    def branch(self, round_number: int, *, autosave: Path | None = None) -> Table:
        """A new game restarted from the start of `round_number` (see `Session.branch`), with
        the seats as they are now: a seat that changed hands since that round is handed over
        again at the start of the branch (logged, as any `reseat`), since the room is still
        sitting as it is. This table's session is closed; its log is unchanged."""
        session = self.session.branch(round_number, autosave=autosave)
        seats = {p: Seat.from_header(p, t)
                 for p, t in seats_at(session.seats, session.records).items()}
        table = Table(session, seats, timer=self.timer_on)
        for party, seat in self.seats.items():
            if table.seats.get(party) != seat:
                table.reseat(party, seat)
        table.briefed = set(self.briefed)
        table.briefed_on = dict(self.briefed_on)
        return table

    # -- what the screen asks ----------------------------------------------------------------

    def brief(self, party: str) -> None:
        """`party` has read its briefing, as its preferences stand now."""
        self.briefed.add(party)
        self.briefed_on[party] = self.session.state.prefs[party]
        self.briefings += 1

    def read_again(self, party: str) -> None:
        """`party`, at the screen, asks to read its briefing again (see `wants_briefing`)."""
        self.briefed.discard(party)
        self.briefed_on.setdefault(party, self.session.state.prefs[party])
        self.briefings += 1

    def wants_briefing(self, party: str) -> bool:
        """Whether `party` asked to read its briefing again and has not yet."""
        return party in self.briefed_on and party not in self.briefed

    def untold_news(self, party: str) -> tuple[Preferences, Preferences] | None:
        """(as last told, as now) when news has changed `party`'s numbers since it was last
        told of them (at first, since it read its briefing); they count as told from here, so
        a later notice names only what changed since. Cheap when nothing changed (screens ask
        on every frame)."""
        now = self.session.state.prefs[party]
        last = self.told.get(party)
        if last is now:
            return None
        self.told[party] = now
        before = last if last is not None else self.briefed_on.get(party)
        return None if before is None or before == now else (before, now)

    def rebrief(self, party: str) -> Preferences | None:
        """What `party`'s briefing showed when last read, if an event has changed its
        preferences since (its numbers are not what it read); else None."""
        seen = self.briefed_on.get(party)
        now = self.session.state.prefs[party]
        return seen if seen is not None and seen is not now and seen != now else None

    @property
    def scenario_title(self) -> str:
        return self.session.scenario.title

    @property
    def map_spec(self) -> MapSpec | None:
        """The scenario's map (public)."""
        return self.session.scenario.map

    @property
    def over(self) -> bool:
        return not self.session.state.running

    @property
    def humans(self) -> tuple[str, ...]:
        return tuple(p for p, s in self.seats.items() if not s.is_bot)

    @property
    def looking(self) -> str | None:
        """The human seat whose delegation is at the screen (None before the first hand-over).

        In a game that started with a single human seat, while it is still the only one, the
        screen is that seat's: there is nobody to hand it to."""
        if self._looking is None and self._solo:
            humans = self.humans
            if len(humans) == 1:
                return humans[0]
        return self._looking

    @looking.setter
    def looking(self, party: str | None) -> None:
        self._looking = party

    def view(self, viewer: str | None = None) -> View:
        """The view of `viewer`, or of the seat at the screen (the public view if none)."""
        who = viewer if viewer is not None else (self.looking or OBSERVER)
        return self.session.view(who)

    def control_view(self) -> View:
        return self.session.view(CONTROL)

    def humans_to_move(self) -> tuple[str, ...]:
        return tuple(p for p in to_move(self.session.state) if p in self.seats
                     and not self.seats[p].is_bot)

    def bot_to_move(self) -> str | None:
        for party in to_move(self.session.state):
            if party in self.bots:
                return party
        return None

    def next_human(self) -> str | None:
        """The human seat that should act next: the one at the screen if it may, else the
        first in the rules' order."""
        waiting = self.humans_to_move()
        if not waiting:
            return None
        if self.looking in waiting:
            return self.looking
        return waiting[0]

    def needs_handover(self) -> str | None:
        """The seat the screen must be passed to before anything private shows, or None."""
        nxt = self.next_human()
        if nxt is not None and nxt != self.looking:
            return nxt
        return None

    def last_player(self, party: str) -> str | None:
        """The name of the last human who played `party` (from the log: its header, then its
        `Reseat` records), or None if no named human ever has: the control seat's Take over
        gives a seat that a bot covered back to its player."""
        name: str | None = None
        texts = [self.session.seats.get(party, "")]
        for rec in self.session.records:
            action = rec.get("action")
            if (isinstance(action, Mapping) and action.get("type") == Reseat.verb
                    and action.get("party") == party):
                texts.append(str(action.get("seat")))
        for text in texts:
            seat = Seat.from_header(party, text) if text.startswith(("human:", "bot:")) else None
            if seat is not None and not seat.is_bot and seat.name.strip():
                name = seat.name.strip()
        return name

    def hand_to(self, party: str) -> None:
        """The named delegation is now at the screen."""
        if party not in self.seats or self.seats[party].is_bot:
            raise ValueError(f"{party!r} is not a human seat")
        self.looking = party

    # -- acting ------------------------------------------------------------------------------

    def apply(self, action: Action) -> tuple[LogEvent, ...]:
        """Apply a human's (or the control seat's) action (GameError, and nothing changes,
        when illegal)."""
        events = self.session.apply(action)
        self._sync_timer()
        return events + self._settle_ready()

    def reseat(self, party: str, seat: Seat) -> tuple[LogEvent, ...]:
        """The control seat hands `party` to a human or a bot (ValueError for an unknown
        strategy; GameError if the rules refuse)."""
        if seat.party != party:
            raise ValueError(f"the seat is for {seat.party}, not {party}")
        bot = make_bot(party, parse_spec(seat.name)) if seat.is_bot else None
        events = self.apply(Reseat(party, seat.header_text()))
        if self.seats.get(party) != seat:  # new hands: they have read nothing yet
            self.briefed.discard(party)
            self.briefed_on.pop(party, None)
            self.told.pop(party, None)
            self.briefings += 1
        self.seats[party] = seat
        self.bots.pop(party, None)
        if bot is not None:
            self.bots[party] = bot
            self._rngs.setdefault(party, seat_rng(self.session.seed, party))
            self.ready.discard(party)
            if self.looking == party:
                self.looking = None
        return events

    def set_ready(self, party: str, ready: bool = True) -> tuple[LogEvent, ...]:
        """Mark a human seat ready (or not) to end this round's talking."""
        if party not in self.seats or self.seats[party].is_bot:
            raise ValueError(f"{party!r} is not a human seat")
        if ready:
            self.ready.add(party)
        else:
            self.ready.discard(party)
        return self._settle_ready()

    def _settle_ready(self) -> tuple[LogEvent, ...]:
        """Pass for ready seats whose turn it is; end the talking once all humans are ready."""
        events: tuple[LogEvent, ...] = ()
        state = self.session.state
        if not self.ready or not state.running or state.phase != "proposals":
            return events
        if set(self.humans) <= self.ready:
            return self.time_up()
        while True:
            state = self.session.state
            if not state.running or state.phase != "proposals":
                break
            (party,) = to_move(state)
            if party not in self.ready:
                break
            events += self.session.apply(Pass(party))
            self._sync_timer()
        return events

    def step_bot(self) -> BotMove | None:
        """Let the next bot act; None when no bot may move."""
        party = self.bot_to_move()
        if party is None:
            return None
        move, _ = self._bot_acts(party)
        self._sync_timer()
        self._settle_ready()
        return move

    def _bot_acts(self, party: str) -> tuple[BotMove, tuple[LogEvent, ...]]:
        """The bot seat `party` decides; its move is applied and remembered."""
        decision = self.bots[party].act(self.session.view(party), self._rngs[party])
        events = self.session.apply(decision.action)
        move = BotMove(party, decision)
        self.moves.append(move)
        return move, events

    # -- the round timer ---------------------------------------------------------------------

    def _sync_timer(self) -> None:
        state = self.session.state
        if state.round != self._timer_round:
            self._timer_round = state.round
            self.time_left = self.session.scenario.round_minutes * 60.0
            self.warning = None
            self.ready.clear()

    def pause(self, paused: bool = True) -> None:
        self.paused = paused

    def clock_note(self) -> dict[str, object]:
        """The round timer as it stands, to be kept beside the autosave (see `restore_clock`):
        the game (its header hash), the round and the seconds left."""
        return {"game": gamelog.header_hash(self.session.header),
                "round": self.session.state.round, "time_left": round(self.time_left, 1)}

    def restore_clock(self, note: Mapping[str, object]) -> bool:
        """Set the timer from a `clock_note` of this game and this round, so a resumed game
        (after a crash, say) does not start the round's time afresh; whether it was used."""
        left = note.get("time_left")
        if (not self.timer_on or self.over
                or note.get("game") != gamelog.header_hash(self.session.header)
                or note.get("round") != self.session.state.round
                or not isinstance(left, (int, float)) or isinstance(left, bool)):
            return False
        self.time_left = min(max(0.0, float(left)), self.session.scenario.round_minutes * 60.0)
        self.warning = min((m for m in WARNINGS if self.time_left <= m), default=None)
        return True

    def adjust_time(self, seconds: float) -> tuple[LogEvent, ...]:
        """Extend (positive) or shorten (negative) the current round's time; shortening it to
        nothing ends the talking now. Nothing happens outside the talking: the clock is not
        running then, and the next round's starts afresh (see `can_adjust_time`)."""
        if not self.can_adjust_time:
            return ()
        self.time_left = max(0.0, self.time_left + seconds)
        self.warning = None
        for mark in WARNINGS:
            if self.time_left <= mark:
                self.warning = mark
        if self.time_left <= 0:
            return self.time_up()
        return ()

    @property
    def can_adjust_time(self) -> bool:
        """Whether this round's time can be extended or shortened: only while delegations
        talk, the only phase the clock runs in."""
        return (self.timer_on and not self.over
                and self.session.state.phase in TALK_PHASES)

    @property
    def held_for(self) -> str | None:
        """The human seat whose first briefing holds the round timer, or None: the seat on
        the briefing screen (`reading`), due to act, that has never read it this game (or
        since it changed hands). Only the briefing on the screen holds it, not a seat that
        merely has yet to read: in projector mode none is shown, and in a hot-seat game the
        delegation at the table is not given the time of those still to come. Time is not part
        of the rules, so holding it changes nothing in the log."""
        party = self.reading
        if party is None or party in self.briefed_on or party not in self.humans_to_move():
            return None
        return party

    @property
    def timer_running(self) -> bool:
        return self.can_adjust_time and not self.paused and self.held_for is None

    @property
    def halted(self) -> bool:
        """Paused by the control seat while the game runs: the screens say so."""
        return self.paused and not self.over

    def tick(self, seconds: float) -> tuple[LogEvent, ...]:
        """Run the clock; when it runs out, every human seat still due to speak passes."""
        if not self.timer_running:
            return ()
        self.time_left = max(0.0, self.time_left - seconds)
        for mark in WARNINGS:
            if self.time_left <= mark and (self.warning is None or self.warning > mark):
                self.warning = mark
        if self.time_left > 0:
            return ()
        return self.time_up()

    def time_up(self) -> tuple[LogEvent, ...]:
        events: tuple[LogEvent, ...] = ()
        state = self.session.state
        start = state.round
        while (self.session.state.running and self.session.state.round == start
               and self.session.state.phase == "proposals"):
            (party,) = to_move(self.session.state)
            if party in self.bots:
                # A bot still due speaks for itself (bots take no time): every bot move in the
                # log is then one its bot makes, which a resumed game re-decides exactly.
                events += self._bot_acts(party)[1]
                continue
            events += self.session.apply(Pass(party))
        self._sync_timer()
        return events

    def close(self) -> None:
        self.session.close()
