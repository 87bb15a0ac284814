"""Whole-file checks that the models cannot make alone.

Errors: ids that refer to nothing, duplicate ids, missing values, bad quorum.
Warnings: things that are legal but almost certainly a mistake, such as an issue nobody weighs,
a party whose red lines forbid a whole issue, an event that can never fire, or a signatory who
can never sign.

Paths are given as they appear in the file (`parties`, index, `preferences`, ...) so every
diagnostic lands on the right line.

The warnings are checked even when the file has errors, so that one run lists every problem:
each warning is only checked on data that holds no error (a party with a malformed reservation
is left out of "can never sign", not guessed at). A check that had nothing sound to run on is
named in `_Checker.pending`, and the loader says that it runs once the errors are fixed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from game.scenario import models as m
from game.scenario.diagnostics import Diagnostic, Path
from game.scenario.errors import suggest
from game.scenario.yamlsource import Source

LARGE_SPACE = 2_000_000


def _overlaps(a: Path, b: Path) -> bool:
    """Whether one path lies at or under the other (an error there touches both)."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _choices(ids: Iterable[str]) -> str:
    ids = list(dict.fromkeys(ids))
    if len(ids) > 12:
        return "one of " + ", ".join(ids[:12]) + ", ..."
    return "one of " + ", ".join(ids) if ids else "an id defined in the scenario"


@dataclass
class _Checker:
    """Runs every whole-file check and collects the diagnostics."""

    source: Source
    scenario: m.ScenarioModel
    unsound: list[Path] = field(default_factory=list)
    """Where the data holds an error: values of the wrong shape (stood in for by the loader)
    and every reference error found here. Warnings are not checked on data under them."""
    out: list[Diagnostic] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    """Checks that found nothing sound to run on, described for the "run once the errors are
    fixed" note."""
    zone_parties: tuple[str, ...] = ()
    """The signatories whose preferences are sound, for the loader's no-agreement check; empty
    when the issues or the draft hold an error."""

    def __post_init__(self) -> None:
        s = self.scenario
        self.party_ids = [p.id for p in s.parties]
        self.issue_ids = [i.id for i in s.issues]
        self.options: dict[str, list[str]] = {}
        for i in s.issues:  # with duplicate issue ids, the first one counts
            self.options.setdefault(i.id, list(dict.fromkeys(o.id for o in i.options)))
        self.event_ids = [e.id for e in s.events]
        self.location_ids = [loc.id for loc in s.map.locations] if s.map else []
        self.line_ids = [ln.id for ln in s.map.lines] if s.map else []
        # Options and issues that events may add are valid references elsewhere in events.
        self.later_options: dict[str, list[str]] = {}
        self.later_issues: dict[str, list[str]] = {}
        for e in s.events:
            for eff in e.effects:
                if eff.add_option is not None:
                    self.later_options.setdefault(eff.add_option.issue, []).append(
                        eff.add_option.id
                    )
                elif eff.add_issue is not None:
                    self.later_issues[eff.add_issue.id] = [o.id for o in eff.add_issue.options]

    # -- reporting ---------------------------------------------------------------------------

    def error(self, path: Path, message: str, expected: str = "", *, key: bool = False) -> None:
        self.unsound.append(path)
        self.out.append(self.source.diagnostic(path, message, expected, key=key))

    def sound(self, *paths: Path) -> bool:
        """Whether no error lies at, under or above any of `paths`."""
        return not any(_overlaps(p, bad) for p in paths for bad in self.unsound)

    def warn(self, path: Path, message: str, expected: str = "", *, key: bool = False) -> None:
        self.out.append(
            self.source.diagnostic(path, message, expected, severity="warning", key=key)
        )

    # -- reference helpers -------------------------------------------------------------------

    def party(self, path: Path, pid: str, *, key: bool = False) -> bool:
        if pid in self.party_ids:
            return True
        self.error(path, f"unknown party {pid!r}{suggest(pid, self.party_ids)}",
                   _choices(self.party_ids), key=key)
        return False

    def issue(self, path: Path, iid: str, *, key: bool = False, later: bool = False) -> bool:
        known = self.issue_ids + (list(self.later_issues) if later else [])
        if iid in known:
            return True
        self.error(path, f"unknown issue {iid!r}{suggest(iid, known)}", _choices(known), key=key)
        return False

    def option(self, path: Path, iid: str, oid: str, *, key: bool = False,
               later: bool = False) -> bool:
        known = list(self.options.get(iid, self.later_issues.get(iid, [])))
        if later:
            known += self.later_options.get(iid, [])
        if oid in known:
            return True
        self.error(path, f"issue {iid!r} has no option {oid!r}{suggest(oid, known)}",
                   _choices(known), key=key)
        return False

    def condition(self, path: Path, cond: Mapping[str, Sequence[str]], *,
                  later: bool = False) -> None:
        for iid, oids in cond.items():
            if self.issue((*path, iid), iid, key=True, later=later):
                for k, oid in enumerate(oids):
                    self.option((*path, iid, k), iid, oid, later=later)

    def unique(self, path: Path, ids: Sequence[str], what: str) -> None:
        first: dict[str, int] = {}
        for k, ident in enumerate(ids):
            if ident in first:
                self.error((*path, k, "id"), f"duplicate {what} id {ident!r} "
                           f"(also {path[-1]}[{first[ident]}])", f"a unique {what} id")
            else:
                first[ident] = k

    # -- the checks --------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        s = self.scenario
        self.unique(("issues",), self.issue_ids, "issue")
        self.unique(("parties",), self.party_ids, "party")
        self.unique(("events",), self.event_ids, "event")
        self.agreement()
        for iid, oid in s.draft.items():
            if self.issue(("draft", iid), iid, key=True):
                self.option(("draft", iid), iid, oid)
        for k, issue in enumerate(s.issues):
            self.issue_refs(("issues", k), issue)
        for k, party in enumerate(s.parties):
            self.party_refs(("parties", k), party)
        for k, event in enumerate(s.events):
            self.event_refs(("events", k), event)
        if s.map:
            self.map_refs(s.map)
        self.semantics()
        return self.out

    def agreement(self) -> None:
        a = self.scenario.agreement
        for k, pid in enumerate(a.signatories):
            self.party(("agreement", "signatories", k), pid)
        if len(set(a.signatories)) != len(a.signatories):
            self.error(("agreement", "signatories"), "a signatory is listed twice",
                       "each party once")
        n = len(self.party_ids)
        if a.quorum is not None:
            if a.quorum > n:
                self.error(("agreement", "quorum"), f"quorum {a.quorum} is more than the "
                           f"{n} parties", f"a number from 1 to {n}")
            elif a.quorum < len(a.signatories):
                self.warn(("agreement", "quorum"), f"quorum {a.quorum} is below the "
                          f"{len(a.signatories)} signatories, so it has no effect",
                          f"at least {len(a.signatories)}")

    def issue_refs(self, path: Path, issue: m.Issue) -> None:
        self.unique((*path, "options"), [o.id for o in issue.options], "option")
        for k, pid in enumerate(issue.stakeholders or []):
            self.party((*path, "stakeholders", k), pid)
        if issue.stakeholders == []:
            self.error((*path, "stakeholders"), "no stakeholders would vote on this issue",
                       "at least one party, or leave the key out for all parties")
        if issue.if_open is not None:
            self.option((*path, "if_open"), issue.id, issue.if_open)

    def party_refs(self, path: Path, party: m.Party) -> None:
        for iid, oid in party.public_position.items():
            if self.issue((*path, "public_position", iid), iid, key=True):
                self.option((*path, "public_position", iid), iid, oid)
        prefs = party.preferences
        pp = (*path, "preferences")
        for iid in prefs.weights:
            self.issue((*pp, "weights", iid), iid, key=True)
        if sum(prefs.weights.values()) <= 0:
            self.error((*pp, "weights"), "all weights are zero",
                       "at least one issue with a positive weight")
        for iid, vals in prefs.values.items():
            if self.issue((*pp, "values", iid), iid, key=True):
                for oid in vals:
                    self.option((*pp, "values", iid, oid), iid, oid, key=True)
                if iid not in prefs.weights and self.sound((*pp, "weights", iid)):
                    # Leaving an issue out of the weights is legal (it weighs 0), but values
                    # listed beside that say the author meant to weigh it. (A weight of the
                    # wrong shape, already an error, is left out by the loader's stand-in.)
                    self.warn((*pp, "values", iid), f"{party.id} gives values for issue "
                               f"{iid!r} but its weights leave the issue out, so the values "
                               "count for nothing", f"a weight for {iid!r} under 'weights' (0 "
                               "if an event gives it one later), or no values for it", key=True)
        if prefs.missing_values == "error":
            for iid, w in prefs.weights.items():
                if w <= 0 or iid not in self.options:
                    continue
                given = prefs.values.get(iid)
                # A value already reported as malformed is not also missing.
                missing = [o for o in self.options[iid] if o not in (given or {})
                           and self.sound((*pp, "values", iid, o))]
                if given is None and self.sound((*pp, "values", iid)):
                    self.error((*pp, "weights", iid), f"issue {iid!r} is weighted but has no "
                               "values", f"values for {', '.join(self.options[iid])}, or "
                               "'missing_values: zero'", key=True)
                elif missing:
                    self.error((*pp, "values", iid), f"no value for option(s) "
                               f"{', '.join(missing)}", "a value for every option of a weighted "
                               "issue, or 'missing_values: zero' to make them worth 0",
                               key=True)
        for k, inter in enumerate(prefs.interactions):
            self.condition((*pp, "interactions", k, "when"), inter.when)
        for k, red in enumerate(prefs.red_lines):
            rp = (*pp, "red_lines", k)
            if self.issue((*rp, "issue"), red.issue):
                for j, oid in enumerate(red.options):
                    self.option((*rp, "options", j), red.issue, oid)
        if party.bot.e is not None and party.bot.strategy != "time_dependent":
            self.error((*path, "bot", "e"), f"'e' only applies to the time_dependent "
                       f"strategy, not {party.bot.strategy!r}",
                       "'strategy: time_dependent' or no 'e'", key=True)

    def event_refs(self, path: Path, event: m.Event) -> None:
        t = event.trigger
        if t.when is not None:
            self.condition((*path, "trigger", "when"), t.when, later=True)
        for k, eff in enumerate(event.effects):
            self.effect_refs((*path, "effects", k), eff)

    def effect_refs(self, path: Path, eff: m.Effect) -> None:
        if eff.party is not None:
            self.party((*path, "party"), eff.party)
            for iid in eff.weights:
                self.issue((*path, "weights", iid), iid, key=True, later=True)
            for iid, vals in eff.values.items():
                if self.issue((*path, "values", iid), iid, key=True, later=True):
                    for oid in vals:
                        self.option((*path, "values", iid, oid), iid, oid, key=True, later=True)
        elif eff.add_option is not None:
            new = eff.add_option
            ap = (*path, "add_option")
            if self.issue((*ap, "issue"), new.issue, later=True) and new.id in self.options.get(
                new.issue, []
            ):
                self.error((*ap, "id"), f"issue {new.issue!r} already has option {new.id!r}",
                           "a new option id")
            if new.after is not None:
                self.option((*ap, "after"), new.issue, new.after, later=True)
            for pid in new.values:
                self.party((*ap, "values", pid), pid, key=True)
        elif eff.remove_option is not None:
            ref = eff.remove_option
            rp = (*path, "remove_option")
            if self.issue((*rp, "issue"), ref.issue, later=True):
                self.option((*rp, "option"), ref.issue, ref.option, later=True)
        elif eff.lock is not None:
            lp = (*path, "lock")
            if self.issue((*lp, "issue"), eff.lock.issue, later=True) and eff.lock.option:
                self.option((*lp, "option"), eff.lock.issue, eff.lock.option, later=True)
        elif eff.unlock is not None:
            self.issue((*path, "unlock"), eff.unlock, later=True)
        elif eff.add_issue is not None:
            self.new_issue((*path, "add_issue"), eff.add_issue)
        elif eff.remove_issue is not None:
            self.issue((*path, "remove_issue"), eff.remove_issue, later=True)

    def new_issue(self, path: Path, new_issue: m.NewIssue) -> None:
        if new_issue.id in self.issue_ids:
            self.error((*path, "id"), f"issue {new_issue.id!r} already exists", "a new issue id")
        self.unique((*path, "options"), [o.id for o in new_issue.options], "option")
        opts = [o.id for o in new_issue.options]
        for k, pid in enumerate(new_issue.stakeholders or []):
            self.party((*path, "stakeholders", k), pid)
        for pid in new_issue.weights:
            self.party((*path, "weights", pid), pid, key=True)
        for pid, vals in new_issue.values.items():
            self.party((*path, "values", pid), pid, key=True)
            for oid in vals:
                if oid not in opts:
                    self.error((*path, "values", pid, oid), f"new issue has no option {oid!r}"
                               f"{suggest(oid, opts)}", _choices(opts), key=True)

    def map_refs(self, spec: m.MapSpec) -> None:
        self.unique(("map", "locations"), self.location_ids, "location")
        self.unique(("map", "lines"), self.line_ids, "line")
        self.unique(("map", "layers"), [ly.id for ly in spec.layers], "layer")
        for k, layer in enumerate(spec.layers):
            lp = ("map", "layers", k)
            self.condition((*lp, "when"), layer.when, later=True)
            for j, marker in enumerate(layer.markers):
                if marker.at not in self.location_ids:
                    self.error((*lp, "markers", j, "at"), f"unknown location {marker.at!r}"
                               f"{suggest(marker.at, self.location_ids)}",
                               _choices(self.location_ids))
            for j, band in enumerate(layer.bands):
                if band.along not in self.line_ids:
                    self.error((*lp, "bands", j, "along"), f"unknown map line {band.along!r}"
                               f"{suggest(band.along, self.line_ids)}", _choices(self.line_ids))

    # -- warnings ----------------------------------------------------------------------------

    def texts_sound(self) -> bool:
        """Whether the issues' ids, options and locks, which make up the possible texts, hold
        no error (their names, stakeholders and `if_open` do not matter to the warnings)."""
        return self.sound(*(("issues", k, part) for k in range(len(self.scenario.issues))
                            for part in ("id", "options", "locked")))

    def semantics(self) -> None:
        """Every warning, each on the data that holds no error."""
        self.unweighed_issues()
        blocked = self.red_line_blocks()
        self.unsignable(blocked)
        self.dead_events()
        self.colours()
        self.outcome_space()
        self.zone_inputs()

    def unweighed_issues(self) -> None:
        s = self.scenario
        sound = [p for k, p in enumerate(s.parties)
                 if self.sound(("parties", k, "preferences", "weights"))]
        weighed = {iid for p in sound for iid, w in p.preferences.weights.items() if w > 0}
        for k, issue in enumerate(s.issues):
            # An issue no sound party weighs may still be weighed by a party whose weights
            # hold an error: say nothing until they are fixed.
            if issue.id not in weighed and len(sound) == len(s.parties) \
                    and self.sound(("issues", k, "id")):
                self.warn(("issues", k, "id"), f"no party weighs issue {issue.id!r}",
                          "a positive weight for it in at least one party")

    def red_line_blocks(self) -> set[str]:
        """Warn about red lines that leave a party nothing to sign; returns those parties."""
        s = self.scenario
        blocked: set[str] = set()
        for k, party in enumerate(s.parties):
            for j, red in enumerate(party.preferences.red_lines):
                rp = ("parties", k, "preferences", "red_lines", j)
                where = next((n for n, i in enumerate(s.issues) if i.id == red.issue), None)
                if where is None or not self.sound(rp, ("issues", where)):
                    continue
                issue = s.issues[where]
                if set(self.options.get(red.issue, [])) <= set(red.options):
                    blocked.add(party.id)
                    self.warn(rp, f"{party.id}'s red lines forbid every option of {red.issue!r}, "
                              "so it can never sign", "at least one acceptable option")
                locked = s.draft.get(red.issue)
                if issue.locked and locked in red.options and self.sound(("draft", red.issue)):
                    blocked.add(party.id)
                    self.warn(rp, f"issue {red.issue!r} is locked on {locked!r}, which "
                              f"{party.id} can never accept", "a red line the draft allows")
        return blocked

    def unsignable(self, blocked: set[str]) -> None:
        s = self.scenario
        texts_sound = self.texts_sound()
        for k, pid in enumerate(s.agreement.signatories):
            where = next((n for n, p in enumerate(s.parties) if p.id == pid), None)
            if where is None or pid in blocked or not texts_sound or not self.sound(
                    ("agreement", "signatories", k), ("parties", where, "preferences")):
                continue
            party = s.parties[where]
            if _best_possible(s, party) < party.preferences.reservation:
                self.warn(("agreement", "signatories", k),
                          f"signatory {pid!r} can never sign: no text reaches its reservation "
                          f"of {party.preferences.reservation:g}",
                          "a reservation at or below its best possible utility")

    def dead_events(self) -> None:
        s = self.scenario
        for k, event in enumerate(s.events):
            reason = _never_fires(event.trigger, s.rounds)
            if reason and self.sound(("events", k, "trigger"), ("rounds",)):
                self.warn(("events", k, "trigger"), f"event {event.id!r} can never fire: {reason}",
                          f"a trigger within rounds 1 to {s.rounds}")

    def outcome_space(self) -> None:
        if not self.texts_sound():
            self.pending.append("the size of the outcome space")
            return
        n = 1
        for issue in self.scenario.issues:
            n *= len(issue.options)
        if n > LARGE_SPACE:
            self.warn(("issues",), f"the outcome space has {n:,} texts, over {LARGE_SPACE:,}, "
                      "so the analysis will be approximate", f"at most {LARGE_SPACE:,} texts")

    def zone_inputs(self) -> None:
        """Choose the signatories the loader's no-agreement check can run on.

        Leaving a signatory out can only widen the zone, so a zone that is empty for the sound
        signatories is empty for all of them: the warning is never false. When some were left
        out, a zone that is not empty proves nothing, and the loader names the check as pending.
        """
        s = self.scenario
        if not self.texts_sound() or not self.sound(("draft",)):
            return
        where = {p.id: k for k, p in reversed(list(enumerate(s.parties)))}  # first of a dup
        self.zone_parties = tuple(dict.fromkeys(
            pid for k, pid in enumerate(s.agreement.signatories)
            if pid in where and self.sound(("agreement", "signatories", k),
                                           ("parties", where[pid], "id"),
                                           ("parties", where[pid], "preferences"))))

    def colours(self) -> None:
        """Warn when a party's colour is hard to tell from an earlier party's: players tell
        parties apart by colour on the map, the clause chips and the charts."""
        parties = self.scenario.parties
        shown = [k for k in range(len(parties)) if self.sound(("parties", k, "color"))]
        labs = {k: _lab(parties[k].color) for k in shown}
        for n, k in enumerate(shown):
            party = parties[k]
            near = next((j for j in shown[:n]
                         if math.dist(labs[j], labs[k]) < MIN_COLOUR_DISTANCE), None)
            if near is not None:
                other = parties[near]
                self.warn(("parties", k, "color"),
                          f"{party.id}'s colour {party.color} is hard to tell from "
                          f"{other.id}'s {other.color}",
                          "a colour further from every other party's (CIE76 distance "
                          f"at least {MIN_COLOUR_DISTANCE:g})")


MIN_COLOUR_DISTANCE = 20.0
"""Colours closer than this (CIE76, in CIELAB units) are easily confused at a glance; 2.3 is
the smallest difference most people can see side by side."""


def _lab(colour: str) -> tuple[float, float, float]:
    """A "#rrggbb" sRGB colour in CIELAB (D65 white)."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _best_possible(s: m.ScenarioModel, party: m.Party) -> float:
    """An upper bound on the party's utility: best option per issue plus positive interactions.

    It ignores how the options combine, so it can over-estimate but never under-estimate.
    """
    prefs = party.preferences
    total = sum(prefs.weights.values())
    if total <= 0:
        return 0.0
    forbidden = {(r.issue, o) for r in prefs.red_lines for o in r.options}
    best = 0.0
    for issue in s.issues:
        w = prefs.weights.get(issue.id, 0.0) / total
        vals = prefs.values.get(issue.id, {})
        allowed = [vals.get(o.id, 0.0) for o in issue.options if (issue.id, o.id) not in forbidden]
        best += w * max(allowed, default=0.0)
    best += sum(max(i.value, 0.0) for i in prefs.interactions)
    return min(best, 100.0)


def _never_fires(t: m.Trigger, rounds: int) -> str:
    if t.manual:
        return ""
    if t.round is not None:
        return f"round {t.round} is after the last round ({rounds})" if t.round > rounds else ""
    if t.from_round > rounds:
        return f"from_round {t.from_round} is after the last round ({rounds})"
    if t.to_round is not None and t.to_round < t.from_round:
        return f"to_round {t.to_round} is before from_round {t.from_round}"
    if t.chance is not None and t.chance == 0:
        return "its chance is 0"
    return ""


@dataclass(frozen=True, slots=True)
class Checked:
    """What `check` found, and what it leaves to the loader."""

    diagnostics: list[Diagnostic]
    pending: list[str]
    """Checks that could not run on data with errors (see `_Checker.pending`)."""
    zone_parties: tuple[str, ...]
    """The signatories the no-agreement check can run on (see `_Checker.zone_inputs`)."""


def check(source: Source, scenario: m.ScenarioModel, unsound: Iterable[Path] = ()) -> Checked:
    """Every reference error and semantic warning in a scenario the models accepted.

    `unsound` lists where the loader stood in for values of the wrong shape: no warning is
    drawn from them.
    """
    checker = _Checker(source, scenario, list(unsound))
    out = checker.run()
    return Checked(out, checker.pending, checker.zone_parties)
