"""The scenario chooser: bundled scenarios, the user's own folder, or any file, with a preview.

The bundled scenarios are listed flagship first, then the tutorial a new player starts with,
then the rest (the tutorial's variant) by file name, so the first two picks are the right ones.

Every file is loaded through the validator once per version of the file (the cache is keyed by
path, modification time and size), so the screen never re-validates while it is showing. A file
that does not load shows the validator's messages (`file:line:col: error: ...`) in place of the
preview, page by page, and Continue stays disabled.

"Role cards…" writes the printable role cards of the selected scenario (the same page as
`backstop briefings SCENARIO --html FILE`) into the data folder and shows where; nothing opens
by itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pygame
import pygame_gui

from game import paths
from game.report.briefings import briefings_html
from game.scenario import ScenarioError
from game.scenario.diagnostics import Diagnostic, counted, tally
from game.scenario.loader import Loaded
from game.session.store import write_atomic
from game.ui import widgets
from game.ui.context import Context
from game.ui.intents import Intent, register_widget_events
from game.ui.scenes import kit
from game.ui.style import ELLIPSIS, Color, rgb, wrap

register_widget_events(pygame_gui.UI_FILE_DIALOG_PATH_PICKED)

DIALOG_ID = "scenario_file_dialog"
SOURCES = (("bundled", "Bundled with Backstop"), ("user", "Your scenario folder"),
           ("file", "Opened files"))
GridItem = tuple[str, str, Color | None]
"""A name, a quieter detail and an optional colour chip."""
LEADING = (paths.FLAGSHIP, "tutorial-backstop-bargain")
"""The bundled scenarios listed first, in this order (by file name without `.yaml`)."""
PROTOCOLS = {"single_text": "Single text", "alternating_offers": "Alternating offers"}


@dataclass(frozen=True, slots=True)
class Preview:
    """What loading one file gave: the scenario, or the validator's messages, or why the file
    could not be read."""

    loaded: Loaded | None
    problems: tuple[Diagnostic, ...] = ()
    error: str = ""


class PreviewCache:
    """Loaded scenarios by path; a file is loaded again only when it changed on disk."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], Preview]] = {}

    def get(self, path: Path) -> Preview:
        try:
            stat = path.stat()
        except OSError as exc:
            return Preview(None, error=f"cannot read {path.name}: {exc.strerror or exc}")
        key = (stat.st_mtime_ns, stat.st_size)
        hit = self._cache.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        try:
            preview = Preview(Context.load_scenario(path))
        except ScenarioError as exc:
            preview = Preview(None, tuple(exc.diagnostics))
        except OSError as exc:
            preview = Preview(None, error=f"cannot read {path.name}: {exc.strerror or exc}")
        except Exception as exc:  # a file from anywhere must never take the game down
            preview = Preview(None, error=f"{path.name} could not be checked: {exc}")
        self._cache[path] = (key, preview)
        return preview


def bundled_order(path: Path) -> tuple[int, str]:
    """Sort key of a bundled scenario: the `LEADING` ones in their order, then by file name."""
    lead = LEADING.index(path.stem) if path.stem in LEADING else len(LEADING)
    return (lead, path.name)


def scenario_label(path: Path, preview: Preview) -> str:
    if preview.loaded is not None:
        return preview.loaded.scenario.title
    return f"{path.name} (does not load)"


def short_title(title: str, fits: Callable[[str], bool]) -> str:
    """`title` as a one-line button shows it: whole when it `fits`, else the part before its
    subtitle ("The Reassurance Force" of "The Reassurance Force: Paris to Washington, ..."),
    which reads better than a title cut mid-word; "" when neither fits (the button then cuts
    the title with an ellipsis)."""
    if fits(title):
        return title
    head = title.split(": ", 1)[0]
    return head if head != title and fits(head) else ""


def fit_path(path: str, font: pygame.font.Font, width: int) -> str:
    """`path` as it fits in `width` pixels, cut in the middle: the start and the end (the
    folder or file the path names) stay, with an ellipsis between."""
    if font.size(path)[0] <= width:
        return path
    cut = max(path.rfind("/"), path.rfind("\\"))
    tail = path[cut:] if cut > 0 else path
    if font.size(ELLIPSIS + tail)[0] > width:  # even the last part is too long: its end
        while len(tail) > 1 and font.size(ELLIPSIS + tail)[0] > width:
            tail = tail[1:]
        return ELLIPSIS + tail
    head = path[:len(path) - len(tail)]
    lo, hi = 0, len(head)
    while lo < hi:  # the longest start that fits before the ellipsis and the end
        mid = (lo + hi + 1) // 2
        if font.size(head[:mid] + ELLIPSIS + tail)[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return head[:lo] + ELLIPSIS + tail


class ChooserScene(kit.MenuScreen):
    name = "chooser"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.cache = PreviewCache()
        self.opened: list[Path] = []
        """Files picked with "Open file…" that are in neither folder."""
        with contextlib.suppress(OSError):  # shown as an empty folder; the game works without
            ctx.places.user_scenarios.mkdir(parents=True, exist_ok=True)
        self.entries: list[tuple[str, Path]] = []
        self.selected: Path = self._first_choice()
        self.list_pager = kit.Pager("list")
        self.diag_pager = kit.Pager("diag")
        self.dialog: pygame_gui.windows.UIFileDialog | None = None
        self.message = ""

    def _first_choice(self) -> Path:
        self.entries = self._scan()
        wanted = self.ctx.scenario_path
        if wanted is not None:
            wanted = wanted.resolve()
            if wanted not in [p for _, p in self.entries]:
                self.opened.append(wanted)
            return wanted
        return paths.bundled_scenario(paths.FLAGSHIP).resolve()

    def _scan(self) -> list[tuple[str, Path]]:
        found = [("bundled", p.resolve())
                 for p in sorted(paths.bundled_scenarios(), key=bundled_order)]
        found += [("user", p.resolve()) for p in self.ctx.places.user_scenario_files()]
        known = {p for _, p in found}
        found += [("file", p) for p in self.opened if p not in known]
        return found

    @property
    def preview(self) -> Preview:
        return self.cache.get(self.selected)

    # -- layout ------------------------------------------------------------------------------

    def build(self) -> None:
        st = self.ctx.style
        w, _ = self.layout.size
        self.entries = self._scan()
        top = self.header("Choose a scenario",
                          "Bundled scenarios, your own scenario folder, or any scenario file")
        ok = self.preview.loaded is not None
        bottom = kit.footer(self, st, (
            kit.Action("back_button", "Back", "Return to the menu (Esc)", left=True),
            kit.Action("role_cards", "Role cards…", "Write the printable role cards of this "
                       "scenario (one confidential page per party) to a file", left=True,
                       enabled=ok),
            kit.Action("continue", "Continue", "Seat the delegations", primary=True,
                       enabled=ok)))
        if self.message:
            f = st.small
            bottom -= f.get_linesize() + st.px(8)
            m = kit.margin(st)
            self.label("message", (m, bottom + st.px(4), w - 2 * m, f.get_linesize()),
                       self.message, f, "gold", tooltip=self.message)
        m = kit.margin(st)
        left_w = self._list_width()
        left = pygame.Rect(m, top, left_w, bottom - top)
        right = pygame.Rect(left.right + st.px(16), top, w - m - left.right - st.px(16),
                            bottom - top)
        self.layout.region("list_panel", left)
        self.layout.region("preview_panel", right)
        self._build_list(left.inflate(-2 * st.px(12), -2 * st.px(12)))
        self._build_preview(right.inflate(-2 * st.px(18), -2 * st.px(14)))

    def _list_width(self) -> int:
        """The list panel's width: 380 design pixels, wider (up to a third of the window) when
        that shows every scenario's whole title on its button."""
        st = self.ctx.style
        w = self.layout.size[0]
        widest = max((st.font(17, bold=True).size(scenario_label(p, self.cache.get(p)))[0]
                      for _, p in self.entries), default=0)  # the selected entry's bold font
        need = widest + st.px(16) + 2 * st.px(12) + st.px(4)  # button padding, panel inset
        return min(w // 3, max(st.px(380), need))

    def _build_list(self, area: pygame.Rect) -> None:
        st = self.ctx.style
        small, bh = st.small, st.px(36)
        # The folder and the file buttons sit at the bottom of the panel.
        y = area.bottom - bh
        half = (area.w - st.px(8)) // 2
        kit.class_button(self, pygame.Rect(area.x, y, half, bh), "Open file…", "open_file",
                         tip="Pick any scenario file (.yaml) on this computer")
        kit.class_button(self, pygame.Rect(area.right - half, y, half, bh), "Rescan folder",
                         "rescan", tip="Look again for files in your scenario folder")
        y -= small.get_linesize() + st.px(6)
        folder = str(self.ctx.places.user_scenarios)
        self.label("folder_path", (area.x, y, area.w, small.get_linesize()),
                   fit_path(folder, small, area.w), small, "text", parent="list_panel",
                   tooltip=f"Drop .yaml scenario files in {folder}")
        y -= small.get_linesize()
        self.label("folder_label", (area.x, y, area.w, small.get_linesize()),
                   "Drop your own scenarios in:", small, "muted", parent="list_panel")
        pager_y = y - st.px(8) - st.px(30)
        rows = self._rows()
        heights = [bh + st.px(6) if kind == "entry" else small.get_linesize() + st.px(8)
                   for kind, _ in rows]
        room = y - st.px(8) - area.y
        shown = self.list_pager.split(heights, room)
        if self.list_pager.needed:
            shown = self.list_pager.split(heights, pager_y - st.px(6) - area.y)
            self.list_pager.controls(self, pygame.Rect(area.x, pager_y, area.w, st.px(30)), st,
                                     parent="list_panel")
        ry = area.y
        for n in shown:
            kind, value = rows[n]
            if kind == "entry":
                path = self.entries[int(value)][1]
                preview = self.cache.get(path)
                cls = ("@primary" if path == self.selected else
                       "@danger" if preview.loaded is None else "@button")
                title = scenario_label(path, preview)
                label = short_title(title, partial(self._fits, width=area.w, cls=cls)) or title
                kit.class_button(self, pygame.Rect(area.x, ry, area.w, bh), label,
                                 f"entry{value}", class_id=cls, tip=f"{title}\n{path}")
                ry += bh + st.px(6)
            else:
                self.label(f"row{n}", (area.x, ry + st.px(4), area.w, small.get_linesize()),
                           value, small, "gold" if kind == "heading" else "faint",
                           parent="list_panel")
                ry += small.get_linesize() + st.px(8)

    def _fits(self, text: str, *, width: int, cls: str) -> bool:
        """Whether `text` shows whole on a button of theme class `cls` `width` pixels wide."""
        return kit.fit_button(text, width, cls, self) == text

    def _rows(self) -> list[tuple[str, str]]:
        """The list as rows: ("heading", text), ("entry", index), ("note", text)."""
        rows: list[tuple[str, str]] = []
        for source, title in SOURCES:
            mine = [str(n) for n, (s, _) in enumerate(self.entries) if s == source]
            if not mine and source == "file":
                continue
            rows.append(("heading", title.upper()))
            rows += [("entry", n) for n in mine]
            if not mine:
                rows.append(("note", "No scenario files here yet"))
        return rows

    def _build_preview(self, area: pygame.Rect) -> None:
        preview = self.preview
        if preview.loaded is not None:
            self._build_scenario(area, preview.loaded)
        else:
            self._build_problems(area, preview)

    def _build_scenario(self, area: pygame.Rect, loaded: Loaded) -> None:
        st = self.ctx.style
        sc = loaded.scenario
        p = "preview_panel"
        tf, body, small = st.font(24, bold=True), st.body, st.small
        y = area.y
        y += self._title(area, sc.title, tf)
        byline = " · ".join(x for x in (sc.author, f"version {sc.version}" if sc.version else "",
                                        self.selected.name) if x)
        self.label("sc_by", (area.x, y, area.w, small.get_linesize()), byline, small, "muted",
                   parent=p)
        y += small.get_linesize() + st.px(8)
        lines = 2 if area.h < st.px(440) else 3 if area.h < st.px(520) else 4
        self.para("sc_summary", (area.x, y, area.w, body.get_linesize() * lines), sc.summary,
                  body, parent=p)
        y += body.get_linesize() * lines + st.px(10)
        y = self._facts(area, y, loaded) + st.px(12)
        warn_h = 0
        if loaded.warnings:
            warn_h = min(len(loaded.warnings), 2) * small.get_linesize() + small.get_linesize()
        rest = area.bottom - warn_h - y
        hf = st.font(14, bold=True)
        parties: list[GridItem] = [(pt.name, pt.leader, rgb(pt.color)) for pt in sc.parties]
        issues: list[GridItem] = [(i.name, f"{len(i.options)} options", None)
                                  for i in sc.issues]
        cols = max(1, area.w // st.px(260))
        need_p = -(-len(parties) // cols) * (body.get_linesize() + st.px(2))
        share = max(rest // 2, min(need_p + hf.get_linesize(), rest * 3 // 5))
        for key, title, items, h in (("party", f"Parties ({len(parties)})", parties, share),
                                     ("issue", f"Issues ({len(issues)})", issues, rest - share)):
            self.label(f"{key}_head", (area.x, y, area.w, hf.get_linesize()), title.upper(), hf,
                       "gold", parent=p)
            self._grid(key, pygame.Rect(area.x, y + hf.get_linesize() + st.px(2), area.w,
                                        h - hf.get_linesize() - st.px(8)), items)
            y += h
        if loaded.warnings:
            self.label("warn_head", (area.x, y, area.w, small.get_linesize()),
                       f"The validator has {counted(len(loaded.warnings), 'warning')}:", small,
                       "warn", parent=p)
            for n, d in enumerate(loaded.warnings[:2]):
                y += small.get_linesize()
                self.label(f"warn{n}", (area.x, y, area.w, small.get_linesize()), d.format(),
                           small, "muted", parent=p)

    def _title(self, area: pygame.Rect, title: str, tf: pygame.font.Font) -> int:
        """The preview's title at the top of `area`, over two lines when one does not hold
        it; returns the height used."""
        h = min(2, len(wrap(title, tf, area.w))) * tf.get_linesize()
        self.para("sc_title", (area.x, area.y, area.w, h), title, tf, parent="preview_panel")
        return h

    def _facts(self, area: pygame.Rect, y: int, loaded: Loaded) -> int:
        """A row of tiles: rounds, timer, protocol, what makes an agreement."""
        st = self.ctx.style
        sc = loaded.scenario
        rule = "consensus" if sc.vote_rule == "consensus" else "majority vote"
        protocol = PROTOCOLS.get(sc.protocol, sc.protocol)
        if sc.protocol == "single_text":
            protocol += f", {rule}"
        signers = len(sc.agreement.signatories)
        needs = (f"all {signers} signatories" if sc.agreement.quorum == signers else
                 f"{signers} signatories, {sc.agreement.quorum} in all")
        timer = f"{sc.round_minutes:g} min per round" if sc.round_minutes > 0 else "untimed"
        facts = (("Rounds", str(sc.rounds)), ("Round timer", timer), ("Protocol", protocol),
                 ("Agreement needs", needs))
        small, vf = st.small, st.font(15, bold=True)
        gap = st.px(8)
        tw = (area.w - gap * (len(facts) - 1)) // len(facts)
        if tw < st.px(185):  # too narrow for tiles: one line of facts
            line = " · ".join(f"{name}: {value}" for name, value in facts)
            self.para("facts", (area.x, y, area.w, 2 * small.get_linesize()), line, small,
                      "muted", parent="preview_panel")
            return y + 2 * small.get_linesize()
        th = small.get_linesize() + vf.get_linesize() + st.px(12)
        for n, (name, value) in enumerate(facts):
            tile = pygame.Rect(area.x + n * (tw + gap), y, tw, th)
            self.layout.region(f"tile{n}", tile, "preview_panel")
            inner = tile.inflate(-st.px(16), -st.px(12))
            self.label(f"tile{n}_name", (inner.x, inner.y, inner.w, small.get_linesize()),
                       name, small, "muted", parent=f"tile{n}")
            self.label(f"tile{n}_value", (inner.x, inner.y + small.get_linesize(), inner.w,
                                          vf.get_linesize()), value, vf, parent=f"tile{n}")
        return y + th

    def _grid(self, key: str, rect: pygame.Rect, items: list[GridItem]) -> None:
        """Items in columns: a colour chip (if any), a name and a quieter detail; when they do
        not all fit, the last cell says how many more there are (the tooltip lists them)."""
        st = self.ctx.style
        body, small = st.body, st.small
        self.layout.region(f"{key}_grid", rect, "preview_panel")
        cols = max(1, rect.w // st.px(240))
        rh = body.get_linesize() + st.px(2)
        if -(-len(items) // cols) * rh > rect.h:  # compact: smaller type, names only
            body = small
            cols = max(1, rect.w // st.px(180))
            rh = body.get_linesize()
            items = [(name, "", colour) for name, _, colour in items]
        rows = rect.h // rh
        if rows == 0:
            return
        cap = rows * cols
        shown = items if len(items) <= cap else items[:cap - 1]
        used = max(2, -(-(len(shown) + (len(shown) < len(items))) // rows))
        cw = min(st.px(400), (rect.w - st.px(12) * (used - 1)) // used)
        cells = [(name, detail, colour) for name, detail, colour in shown]
        if len(shown) < len(items):
            hidden = items[len(shown):]
            cells.append((f"+{len(hidden)} more", "", None))
        for n, (name, detail, colour) in enumerate(cells):
            col, row = n // rows, n % rows  # fill down the columns
            x, y = rect.x + col * (cw + st.px(12)), rect.y + row * rh
            tx = x
            if colour is not None:
                size = st.px(12)
                self.swatch(f"{key}_chip{n}", (x, y + (rh - size) // 2, size, size), colour,
                            parent=f"{key}_grid")
                tx += size + st.px(8)
            name_w = min(body.size(name)[0] + 1, x + cw - tx)
            tip = ", ".join(i[0] for i in items[len(shown):]) if name.startswith("+") else ""
            self.label(f"{key}_name{n}", (tx, y, name_w, rh), name, body, parent=f"{key}_grid",
                       tooltip=tip)
            room = x + cw - (tx + name_w + st.px(8))
            if detail and room > st.px(30):
                self.label(f"{key}_detail{n}", (tx + name_w + st.px(8),
                                                y + (body.get_linesize() - small.get_linesize()),
                                                room, small.get_linesize()), detail, small,
                           "muted", parent=f"{key}_grid")

    def _build_problems(self, area: pygame.Rect, preview: Preview) -> None:
        st = self.ctx.style
        p = "preview_panel"
        tf, body, small = st.font(24, bold=True), st.body, st.small
        y = area.y
        y += self._title(area, self.selected.name, tf)
        self.label("sc_by", (area.x, y, area.w, small.get_linesize()), str(self.selected),
                   small, "muted", parent=p)
        y += small.get_linesize() + st.px(10)
        if preview.error:
            status = "This file cannot be opened."
        else:
            status = f"This scenario does not load: {tally(preview.problems)}."
        hf = st.font(17, bold=True)
        self.label("status", (area.x, y, area.w, hf.get_linesize()), status, hf, "bad", parent=p)
        y += hf.get_linesize()
        self.label("advice", (area.x, y, area.w, small.get_linesize()),
                   "Fix the file in a text editor, then press Rescan folder or choose it again.",
                   small, "muted", parent=p)
        y += small.get_linesize() + st.px(12)
        texts = [preview.error] if preview.error else [d.format() for d in preview.problems]
        colours = ["bad"] if preview.error else [
            {"error": "bad", "warning": "warn"}.get(d.severity, "muted") for d in preview.problems]
        gap = st.px(8)
        heights = [len(wrap(t, body, area.w)) * body.get_linesize() + gap for t in texts]
        pager_h = st.px(30)
        shown = self.diag_pager.split(heights, area.bottom - y)
        if self.diag_pager.needed:
            shown = self.diag_pager.split(heights, area.bottom - y - pager_h - gap)
            self.diag_pager.controls(self, pygame.Rect(area.x, area.bottom - pager_h, area.w,
                                                       pager_h), st, parent=p)
            bottom = area.bottom - pager_h - gap
        else:
            bottom = area.bottom
        for n in shown:
            h = min(heights[n] - gap, bottom - y)
            self.para(f"diag{n}", (area.x, y, area.w, h), texts[n], body, colours[n], parent=p)
            y += h + gap

    # -- input -------------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if intent.kind == "back" and self._dialog_open():
            assert self.dialog is not None
            self.dialog.kill()  # type: ignore[no-untyped-call]
            self.dialog = None
        elif intent.kind == "confirm":
            self._continue()
        else:
            super().handle(intent)

    def on_widget(self, wid: str) -> None:
        if wid == "continue":
            self._continue()
        elif wid.startswith("entry"):
            self._select(self.entries[int(wid[5:])][1])
        elif wid == "role_cards":
            self.write_role_cards()
        elif wid == "open_file":
            self._open_dialog()
        elif wid == DIALOG_ID:
            self._picked()
        elif wid == "rescan" or self.list_pager.handle(wid) or self.diag_pager.handle(wid):
            self.rebuild()

    def write_role_cards(self) -> Path | None:
        """Write the selected scenario's role cards under the data folder; the path (None and
        a message on screen if they could not be written)."""
        loaded = self.preview.loaded
        if loaded is None:
            return None
        sc = loaded.scenario
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in sc.id) or "scenario"
        path = self.ctx.places.root / "role-cards" / f"{safe}.html"
        try:
            write_atomic(path, briefings_html(sc))
        except OSError as exc:
            self.message = f"Could not write the role cards: {exc.strerror or exc}"
            self.rebuild()
            return None
        self.message = f"Role cards for {sc.title} saved to {path}"
        self.rebuild()
        return path

    def _select(self, path: Path) -> None:
        self.message = ""
        self.selected = path
        self.diag_pager.page = 0
        self.rebuild()

    def _dialog_open(self) -> bool:
        return self.dialog is not None and bool(self.dialog.alive())  # type: ignore[no-untyped-call]

    def _open_dialog(self) -> None:
        if self._dialog_open():
            return
        st = self.ctx.style
        w, h = self.layout.size
        rect = pygame.Rect(0, 0, max(260, min(w - st.px(40), st.px(720))),
                           max(300, min(h - st.px(40), st.px(520))))
        rect.center = (w // 2, h // 2)
        self.dialog = self.add(pygame_gui.windows.UIFileDialog(
            rect, self.manager, "Open a scenario file", allowed_suffixes={".yaml", ".yml"},
            initial_file_path=str(self.ctx.places.user_scenarios),
            object_id=pygame_gui.core.ObjectID(object_id=f"#{DIALOG_ID}"),
            allow_existing_files_only=True))

    def _picked(self) -> None:
        dialog, self.dialog = self.dialog, None
        picked = getattr(dialog, "current_file_path", None)
        if picked is None:
            return
        path = Path(picked).resolve()
        if path not in [p for _, p in self.entries] and path not in self.opened:
            self.opened.append(path)
        self.entries = self._scan()
        self.list_pager.show(next((n for n, (_, p) in enumerate(self.entries) if p == path), 0))
        self._select(path)

    def _continue(self) -> None:
        loaded = self.preview.loaded
        if loaded is None or self.app is None:
            return
        from game.ui.scenes.setup import SetupScene
        self.app.push(SetupScene(self.ctx, self.selected, loaded))

    # -- drawing -----------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        widgets.backdrop(surface, st)
        widgets.panel(surface, self.layout["list_panel"].rect, st)
        edge = pal.bad if self.preview.loaded is None else None
        widgets.panel(surface, self.layout["preview_panel"].rect, st, edge=edge)
        kit.draw_rows(surface, self.layout, st, "tile")
        self.draw_labels(surface)
        self.list_pager.draw(surface, self.layout, st)
        self.diag_pager.draw(surface, self.layout, st)
