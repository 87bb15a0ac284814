"""Seat set-up: who plays each party (a named human or a bot with a strategy) and the options.

Each party is one row: its colour, name and leader, a Human/Bot toggle, then the player's name
(humans) or the bot's strategy (bots, the scenario's own personality first). Rows come in pages
when the window cannot hold them all. The options are the seed, the round timer (when the
scenario has one), projector mode (one shared screen showing only the public view, every human
seat operated from it) and the control-seat PIN (masked unless "Show" is pressed). Start
hands everything to `Context.start_game`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pygame
import pygame_gui

from game.bots import STRATEGIES
from game.core.model import Party
from game.scenario.loader import Loaded
from game.session.table import Seat
from game.ui import widgets
from game.ui.context import Context, GameOptions
from game.ui.names import bot_choice, menu_label
from game.ui.scenes import kit
from game.ui.style import rgb

PRESETS = (("preset_humans", "All human", "Every delegation is played at this screen"),
           ("preset_one", "One human", "The first seat is yours; bots play the rest"),
           ("preset_bots", "All bots", "Watch the bots negotiate, e.g. on a projector"))


def personality(party: Party) -> str:
    """The scenario's bot for `party` as a strategy spec (`time_dependent:e=0.8`)."""
    spec = party.bot
    return spec.strategy if spec.e is None else f"{spec.strategy}:e={spec.e:g}"


def fresh_seed() -> str:
    """A random six-digit seed: the UI may read the OS's randomness, the rules never do."""
    return f"{random.SystemRandom().randrange(1_000_000):06d}"


@dataclass(frozen=True, slots=True)
class SeatChoice:
    kind: str
    player: str
    strategy: str


class SetupScene(kit.MenuScreen):
    name = "setup"

    def __init__(self, ctx: Context, path: Path, loaded: Loaded, seed: str | None = None
                 ) -> None:
        super().__init__(ctx)
        self.path = path
        self.loaded = loaded
        self.parties = loaded.scenario.parties
        self.choices = {p.id: SeatChoice("bot", f"{p.name} delegation", personality(p))
                        for p in self.parties}
        self._preset("preset_one")
        self.seed = seed or fresh_seed()  # a new game is a new game; type a seed to replay one
        self.timer = loaded.scenario.round_minutes > 0
        self.projector = False
        self.pin = ""
        self.pin_shown = False
        self.pager = kit.Pager("seats")
        self.message = ""
        self.entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        self.menus: dict[str, pygame_gui.elements.UIDropDownMenu] = {}

    # -- state from the widgets --------------------------------------------------------------

    def clear_widgets(self) -> None:
        self._harvest()
        super().clear_widgets()

    def _harvest(self) -> None:
        """Keep what was typed or picked before the widgets go (page turn, resize, start)."""
        for key, entry in self.entries.items():
            text = " ".join(entry.get_text().split())
            if key == "seed":
                self.seed = text
            elif key == "pin":
                self.pin = text
            elif key in self.choices:
                self.choices[key] = replace(self.choices[key], player=text)
        for pid, menu in self.menus.items():
            picked = menu.selected_option
            spec = picked[1] if isinstance(picked, tuple) else str(picked)
            if spec:
                self.choices[pid] = replace(self.choices[pid], strategy=spec)
        self.entries, self.menus = {}, {}

    def _preset(self, which: str) -> None:
        for n, p in enumerate(self.parties):
            human = which == "preset_humans" or (which == "preset_one" and n == 0)
            self.choices[p.id] = replace(self.choices[p.id], kind="human" if human else "bot")

    def seats(self) -> dict[str, Seat]:
        out = {}
        for p in self.parties:
            c = self.choices[p.id]
            if c.kind == "human":
                out[p.id] = Seat(p.id, "human", c.player or f"{p.name} delegation")
            else:
                out[p.id] = Seat(p.id, "bot", c.strategy)
        return out

    # -- layout ------------------------------------------------------------------------------

    def build(self) -> None:
        st = self.ctx.style
        w, _ = self.layout.size
        sc = self.loaded.scenario
        top = self.header("Seat the delegations", f"{sc.title} · {len(self.parties)} parties")
        humans = sum(c.kind == "human" for c in self.choices.values())
        bottom = kit.footer(self, st, (
            kit.Action("back_button", "Back", "Choose another scenario (Esc)", left=True),
            kit.Action("start", "Start game", "Start with these seats", primary=True)))
        m = kit.margin(st)
        side_w = min(st.px(380), w // 3)
        seats = pygame.Rect(m, top, w - 2 * m - side_w - st.px(16), bottom - top)
        side = pygame.Rect(seats.right + st.px(16), top, side_w, bottom - top)
        self.layout.region("seats_panel", seats)
        self.layout.region("options_panel", side)
        self._build_rows(seats.inflate(-2 * st.px(14), -2 * st.px(12)))
        self._build_options(side.inflate(-2 * st.px(14), -2 * st.px(12)), humans)

    def _build_rows(self, area: pygame.Rect) -> None:
        st = self.ctx.style
        hf, small, body = st.font(14, bold=True), st.small, st.font(15, bold=True)
        p = "seats_panel"
        rh, wh = st.px(46), st.px(34)
        bw = min(st.px(130), (area.w - st.px(90)) // len(PRESETS) - st.px(6))
        x = area.right - len(PRESETS) * (bw + st.px(6)) + st.px(6)
        self.label("seats_head", (area.x, area.y + (wh - hf.get_linesize()) // 2,
                                  x - area.x - st.px(6), hf.get_linesize()), "SEATS", hf,
                   "gold", parent=p)
        for oid, text, tip in PRESETS:
            kit.class_button(self, pygame.Rect(x, area.y, bw, wh), text, oid, tip=tip)
            x += bw + st.px(6)
        y0 = area.y + wh + st.px(8)
        pager_h = st.px(30)
        rows = self.pager.split([rh] * len(self.parties), area.bottom - y0)
        if self.pager.needed:
            rows = self.pager.split([rh] * len(self.parties), area.bottom - y0 - pager_h
                                    - st.px(8))
            self.pager.controls(self, pygame.Rect(area.x, area.bottom - pager_h, area.w,
                                                  pager_h), st, parent=p)
        toggle_w, field_w = st.px(96), min(st.px(300), area.w * 2 // 5)
        name_w = area.w - st.px(22) - toggle_w - field_w - 3 * st.px(10)
        for row, n in enumerate(rows):
            party = self.parties[n]
            choice = self.choices[party.id]
            y = y0 + row * rh
            self.layout.region(f"row{n}", (area.x, y, area.w, rh - st.px(6)), p)
            chip = st.px(14)
            self.swatch(f"chip{n}", (area.x + st.px(6), y + (rh - st.px(6) - chip) // 2, chip,
                                     chip), rgb(party.color), parent=f"row{n}")
            x = area.x + st.px(30)
            ty = y + (rh - st.px(6) - body.get_linesize() - small.get_linesize()) // 2
            self.label(f"name{n}", (x, ty, name_w, body.get_linesize()), party.name, body,
                       parent=f"row{n}")
            self.label(f"leader{n}", (x, ty + body.get_linesize(), name_w,
                                      small.get_linesize()), party.leader, small, "muted",
                       parent=f"row{n}")
            x += name_w + st.px(10)
            wy = y + (rh - st.px(6) - wh) // 2
            human = choice.kind == "human"
            kit.class_button(self, pygame.Rect(x, wy, toggle_w, wh), "Human" if human else "Bot",
                             f"kind_{party.id}", class_id="@primary" if human else "@button",
                             tip=f"{party.name}: switch between a human player and a bot")
            x += toggle_w + st.px(10)
            field = pygame.Rect(x, wy, area.right - x - st.px(6), wh)
            if human:
                entry = self.add(pygame_gui.elements.UITextEntryLine(
                    field, self.manager, object_id=pygame_gui.core.ObjectID(
                        object_id=f"#player_{party.id}")))
                entry.set_text_length_limit(40)
                entry.set_text(choice.player)
                self.entries[party.id] = entry
            else:
                options: list[str | tuple[str, str]] = [
                    (menu_label(self.manager, bot_choice(s, personality(party)), field.w), s)
                    for s in self._specs(party)]
                start = next((o for o in options if o[1] == choice.strategy), options[0])
                self.menus[party.id] = self.add(pygame_gui.elements.UIDropDownMenu(
                    options, start, field, self.manager, object_id=pygame_gui.core.ObjectID(
                        object_id=f"#strategy_{party.id}"),
                    expansion_height_limit=st.px(220)))

    @staticmethod
    def _specs(party: Party) -> list[str]:
        own = personality(party)
        return [own, *[s for s in STRATEGIES if s != own]]

    def _build_options(self, area: pygame.Rect, humans: int) -> None:
        st = self.ctx.style
        hf, small = st.font(14, bold=True), st.small
        p = "options_panel"
        wh, gap = st.px(34), st.px(8)
        y = area.y
        self.label("opt_head", (area.x, y, area.w, hf.get_linesize()), "GAME OPTIONS", hf,
                   "gold", parent=p)
        y += hf.get_linesize() + gap
        self.label("seed_label", (area.x, y, area.w, small.get_linesize()),
                   "Seed (same seed, same chances)", small, "muted", parent=p)
        y += small.get_linesize() + st.px(2)
        bw = st.px(110)
        self.entries["seed"] = self.add(pygame_gui.elements.UITextEntryLine(
            pygame.Rect(area.x, y, area.w - bw - gap, wh), self.manager,
            object_id=pygame_gui.core.ObjectID(object_id="#seed")))
        self.entries["seed"].set_text_length_limit(20)
        self.entries["seed"].set_text(self.seed)
        kit.class_button(self, pygame.Rect(area.right - bw, y, bw, wh), "New seed", "new_seed",
                         tip="Draw a fresh random seed")
        y += wh + gap
        minutes = self.loaded.scenario.round_minutes
        if minutes > 0:
            text = f"Timer: {minutes:g} min a round" if self.timer else "Timer: off"
            kit.class_button(self, pygame.Rect(area.x, y, area.w, wh), text, "timer",
                             class_id="@primary" if self.timer else "@button",
                             tip=f"The round timer ({minutes:g} min): when it runs out, seats "
                             "that have not spoken pass")
        else:
            self.label("timer_none", (area.x, y + (wh - small.get_linesize()) // 2, area.w,
                                      small.get_linesize()),
                       "No round timer: the scenario sets none", small, "muted", parent=p,
                       tooltip="A scenario's author gives its rounds a timer with "
                       "round_minutes (0, the default here, means none); then it can be "
                       "switched on or off here")
        y += wh + gap
        kit.class_button(self, pygame.Rect(area.x, y, area.w, wh),
                         "Projector mode: on" if self.projector else "Projector mode: off",
                         "projector", class_id="@primary" if self.projector else "@button",
                         tip="One shared screen that only ever shows the public view: no "
                         "hand-overs, no private panels; the operator enters each delegation's "
                         "moves as they are called out, and votes are open")
        y += wh + gap
        self.label("pin_label", (area.x, y, area.w, small.get_linesize()),
                   "Control-seat PIN (optional)", small, "muted",
                   parent=p)
        y += small.get_linesize() + st.px(2)
        sw = st.px(72)
        pin = self.add(pygame_gui.elements.UITextEntryLine(
            pygame.Rect(area.x, y, area.w - sw - gap, wh), self.manager,
            object_id=pygame_gui.core.ObjectID(object_id="#pin")))
        pin.set_allowed_characters("numbers")
        pin.set_text_length_limit(8)  # masked below: the room may be watching this screen
        pin.set_text(self.pin)
        pin.set_text_hidden(not self.pin_shown)  # type: ignore[no-untyped-call]
        self.entries["pin"] = pin
        kit.class_button(self, pygame.Rect(area.right - sw, y, sw, wh),
                         "Hide" if self.pin_shown else "Show", "pin_show",
                         tip="Hide the PIN again" if self.pin_shown
                         else "Show the PIN as typed (the room may see it)")
        bots = len(self.parties) - humans
        summary = self.message or f"{humans} human seat(s), {bots} bot(s)"
        self.label("summary", (area.x, area.bottom - small.get_linesize(), area.w,
                               small.get_linesize()), summary,
                   small, "warn" if self.message else "muted", parent=p)

    # -- input -------------------------------------------------------------------------------

    def on_widget(self, wid: str) -> None:
        if wid == "start":
            self.start()
        elif wid.startswith("kind_"):
            pid = wid[5:]
            c = self.choices[pid]
            self._harvest_then(lambda: self.choices.__setitem__(
                pid, replace(c, kind="bot" if c.kind == "human" else "human")))
        elif wid.startswith("preset_"):
            self._harvest_then(lambda: self._preset(wid))
        elif wid == "new_seed":
            self._harvest_then(lambda: setattr(self, "seed", fresh_seed()))
        elif wid == "timer":
            self._harvest_then(lambda: setattr(self, "timer", not self.timer))
        elif wid == "pin_show":
            self._harvest_then(lambda: setattr(self, "pin_shown", not self.pin_shown))
        elif wid == "projector":
            self._harvest_then(lambda: setattr(self, "projector", not self.projector))
        elif self.pager.handle(wid):
            self.rebuild()

    def _harvest_then(self, change: Callable[[], object]) -> None:
        self._harvest()
        change()
        self.message = ""
        self.rebuild()

    def start(self) -> None:
        """Start the game with these seats (a message instead if the file cannot be read)."""
        self._harvest()
        from game.ui import flow
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            self.message = f"cannot read {self.path.name}: {exc.strerror or exc}"
            self.rebuild()
            return
        seed = self.seed or "1"
        self.ctx.scenario_path = self.path
        self.ctx.start_game(self.loaded, raw, self.seats(),
                            GameOptions(seed=seed, timer=self.timer, pin=self.pin,
                                        projector=self.projector))
        flow.show_game(self.ctx)

    # -- drawing -----------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        widgets.backdrop(surface, st)
        widgets.panel(surface, self.layout["seats_panel"].rect, st)
        widgets.panel(surface, self.layout["options_panel"].rect, st)
        kit.draw_rows(surface, self.layout, st)
        self.draw_labels(surface)
        self.pager.draw(surface, self.layout, st)
