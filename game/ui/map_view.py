"""The negotiating table's map: the base map, the line of contact, and the draft on the ground.

The base map (countries, Crimea's hatch, the scenario's lines and places' dots) depends only
on the scenario and the panel size, so it is drawn once per size and cached. The draft's
markers, bands and the places' names are drawn on top whenever the draft changes: names go to
the places the draft uses first (`label_order`), so what a student looks at is named. Nothing
here reads game state: the caller passes the draft text it may show.

Colours come from `assets/themes/map.json`. Geometry comes from `assets/maps/<region>.json`
(see `tools/build_map.py`), whose header defines the projection used here and for tooltips.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pygame

from game import paths
from game.core.model import Layer, Location, MapSpec, condition_holds

Color = tuple[int, int, int]


def _rgb(text: str) -> Color:
    text = text.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


@cache
def load_theme(path: Path | None = None) -> dict[str, Any]:
    file = path or paths.assets_dir() / "themes" / "map.json"
    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return data


@cache
def load_base_map(region: str) -> dict[str, Any]:
    """The map asset for a region; raises FileNotFoundError for an unknown region."""
    data: dict[str, Any] = json.loads(
        (paths.assets_dir() / "maps" / f"{region}.json").read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True, slots=True)
class Projection:
    """The asset's equirectangular projection, showing a window of it in a screen rectangle."""

    lon0: float
    lat0: float
    kx: float  # km per degree of longitude
    ky: float  # km per degree of latitude
    x_min: float  # the window's west edge, km
    y_max: float  # the window's north edge, km
    scale: float  # px per km
    left: float
    top: float

    @classmethod
    def fit(cls, header: Mapping[str, Any], rect: pygame.Rect,
            places: Sequence[tuple[float, float]] = (),
            centre_on: Sequence[tuple[float, float]] = ()) -> Projection:
        """Fill `rect` with a window on the asset's extent, so there is never an empty band
        beside the map: the window has the rectangle's aspect and lies inside the data, zoomed
        in on `places` (lon, lat) when they fit in it with a margin, otherwise as large as the
        data allows and centred on `centre_on` (or `places`), cropping what does not fit."""
        p = header["projection"]
        extent = p["extent_km"]
        radian_km = p["radius_km"] * math.pi / 180
        kx, ky = radian_km * p["cos_standard_parallel"], radian_km
        data_w = extent["x_max"] - extent["x_min"]
        data_h = extent["y_max"] - extent["y_min"]
        scale = max(rect.width / data_w, rect.height / data_h)  # the whole box inside the data
        centre = ((extent["x_min"] + extent["x_max"]) / 2, (extent["y_min"] + extent["y_max"]) / 2)

        def km(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
            xs = [(lon - p["lon0"]) * kx for lon, _ in points]
            ys = [(lat - p["lat0"]) * ky for _, lat in points]
            return min(xs), min(ys), max(xs), max(ys)

        if places:
            x0, y0, x1, y1 = km(places)
            margin = max(_FRAME_MARGIN_KM, _FRAME_MARGIN * max(x1 - x0, y1 - y0))
            fits = min(rect.width / (x1 - x0 + 2 * margin), rect.height / (y1 - y0 + 2 * margin))
            if fits >= scale:
                scale = min(fits, scale * _MAX_ZOOM)
            else:
                x0, y0, x1, y1 = km(centre_on or places)
            centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        half_w, half_h = rect.width / scale / 2, rect.height / scale / 2
        cx = min(max(centre[0], extent["x_min"] + half_w), extent["x_max"] - half_w)
        cy = min(max(centre[1], extent["y_min"] + half_h), extent["y_max"] - half_h)
        return cls(lon0=p["lon0"], lat0=p["lat0"], kx=kx, ky=ky, x_min=cx - half_w,
                   y_max=cy + half_h, scale=scale, left=rect.left, top=rect.top)

    def to_screen(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.lon0) * self.kx
        y = (lat - self.lat0) * self.ky
        return (self.left + (x - self.x_min) * self.scale, self.top + (self.y_max - y) * self.scale)

    def to_lonlat(self, px: float, py: float) -> tuple[float, float]:
        x = (px - self.left) / self.scale + self.x_min
        y = self.y_max - (py - self.top) / self.scale
        return (self.lon0 + x / self.kx, self.lat0 + y / self.ky)

    def km(self, distance_km: float) -> float:
        return distance_km * self.scale


_FRAME_MARGIN = 0.1
"""Room kept around the scenario's places, as a share of their spread: for icons and labels."""
_FRAME_MARGIN_KM = 120.0
_MAX_ZOOM = 2.5
"""Never closer than this to the data's widest view: a scenario whose places lie close together
still shows the countries around them."""

_ICON_SPOTS = ((0, -12), (-12, -12), (0, 12), (12, -12), (-12, 12), (-24, -12), (12, 12),
               (0, -24), (-12, -24), (-24, 12))
"""Where a place's icons go, best first (px from its dot): above it, then left of that (its
label prefers the right), then below it, then further out."""
_SAME_SPOT = 6
"""Places whose dots are this close (px) share a spot: their labels may cover each other's dot."""
_AREAS = ("sea", "region")
"""Places named across an area (italic, centred on it) rather than beside a dot."""
_LANDMARKS = {"capital": 0, "region": 1, "sea": 1}
"""Places labelled to find one's way, right after the places the draft uses."""
_OTHER_LABELLED = {"city": 0, "air_base": 1, "logistics_hub": 1}
"""Other places labelled where there is room. Every other kind of place (towns, ports, plants,
straits) is labelled only when a clause can put something there, and is always in the tooltip."""


def label_order(spec: MapSpec, visible: Sequence[Layer]) -> list[Location]:
    """The places the map labels, most important first; it labels each in turn where its name
    fits, so a smaller map drops names from the end of this list:

    1. the places the draft puts something on now, in the order of the scenario's map layers;
    2. the capital, then regions and seas;
    3. the other places a clause can put something on;
    4. other cities, then air bases and logistics hubs;
    each group in the scenario's order. A place without a label is still named in its tooltip."""
    now = list(dict.fromkeys(marker.at for layer in visible for marker in layer.markers))
    can = {marker.at for layer in spec.layers for marker in layer.markers}

    def group(loc: Location) -> tuple[int, int]:
        if loc.kind in _LANDMARKS:
            return (0, _LANDMARKS[loc.kind])
        if loc.id in can:
            return (1, 0)
        return (2, _OTHER_LABELLED.get(loc.kind, 9))

    where = {loc.id: loc for loc in spec.locations}
    rest = [loc for loc in spec.locations if loc.id not in now
            and (loc.kind in _LANDMARKS or loc.id in can or loc.kind in _OTHER_LABELLED)]
    return [where[place] for place in now] + sorted(rest, key=group)


def describe(loc: Location) -> str:
    """A place's tooltip line: "Enerhodar (town) – Russian-controlled. Under Russian control…"."""
    text = f"{loc.name} ({loc.kind.replace('_', ' ')})"
    if loc.control:
        text += f" – {loc.control}"
    if loc.note:
        text += f". {loc.note}"
    return text


def _ring_points(ring: Sequence[float], proj: Projection) -> list[tuple[float, float]]:
    return [proj.to_screen(ring[k], ring[k + 1]) for k in range(0, len(ring), 2)]


def _borders(ring: Sequence[float], bbox: Sequence[float]) -> list[list[tuple[float, float]]]:
    """A ring's outline (lon, lat) as runs of real coastline and border, without the edges
    the data was clipped along: stroked, those would draw a line where the land goes on."""
    west, south, east, north = bbox
    points = [(ring[k], ring[k + 1]) for k in range(0, len(ring), 2)]
    runs: list[list[tuple[float, float]]] = [[]]
    for a, b in itertools.pairwise([*points, points[0]]):
        if any(a[i] == b[i] == edge for i, edge in ((0, west), (0, east), (1, south), (1, north))):
            runs.append([])
            continue
        if not runs[-1]:
            runs[-1].append(a)
        runs[-1].append(b)
    return [run for run in runs if len(run) >= 2]


class MapView:
    """Draws one scenario's map into a rectangle; call `draw` every frame, it is cheap."""

    def __init__(self, spec: MapSpec, size: tuple[int, int], font: pygame.font.Font) -> None:
        self.spec = spec
        self.size = size
        self.font = font
        self.theme = load_theme()
        self.asset = load_base_map(spec.region)
        marked = {marker.at for layer in spec.layers for marker in layer.markers}
        self.proj = Projection.fit(
            self.asset, pygame.Rect((0, 0), size),
            [*((loc.lon, loc.lat) for loc in spec.locations),
             *((lon, lat) for line in spec.lines for lat, lon in line.points)],
            [(loc.lon, loc.lat) for loc in spec.locations if loc.id in marked])
        radius = self.theme["location_radius"]
        self._dots = {loc.id: pygame.Rect(0, 0, 2 * radius + 1, 2 * radius + 1)
                      for loc in spec.locations if loc.kind not in _AREAS}
        for loc in spec.locations:
            if loc.id in self._dots:
                self._dots[loc.id].center = self._at(loc)
        self._same, self._others = self._spot_sharing()
        self._where = {loc.id: loc for loc in spec.locations}
        self._base = self._draw_base()
        self._names: dict[str, tuple[pygame.Surface, pygame.Rect]] = {}
        self._overlay_key: tuple[tuple[str, str | None], ...] | None = None
        self._overlay = pygame.Surface(size, pygame.SRCALPHA)
        self.visible_layers: tuple[Layer, ...] = ()
        self.labels: dict[str, pygame.Rect] = {}
        """The box each labelled place's name fills for the current draft, by place id."""
        self._icons: list[tuple[pygame.Rect, str]] = []
        """Each icon drawn for the current draft and its place, so hovering it names the place."""

    def _at(self, loc: Location) -> tuple[int, int]:
        x, y = self.proj.to_screen(loc.lon, loc.lat)
        return round(x), round(y)

    # -- the base map, drawn once ----------------------------------------------------------

    def _draw_base(self) -> pygame.Surface:
        t = self.theme
        surf = pygame.Surface(self.size)
        surf.fill(_rgb(t["sea"]))
        focus = set(t["focus"])
        for feature in self.asset["features"]:  # largest first, so enclaves paint on top
            fill = _rgb(t["land_focus"] if feature["id"] in focus else t["land"])
            for polygon in feature["polygons"]:
                outer = _ring_points(polygon[0], self.proj)
                if len(outer) >= 3:
                    pygame.draw.polygon(surf, fill, outer)
                    for run in _borders(polygon[0], self.asset["bbox"]):
                        pygame.draw.aalines(surf, _rgb(t["border"]), False,
                                            [self.proj.to_screen(*point) for point in run])
            if feature.get("control"):
                self._hatch(surf, feature)
        for line in self.spec.lines:
            points = [self.proj.to_screen(lon, lat) for lat, lon in line.points]
            if line.kind == "line_of_contact":
                pygame.draw.lines(surf, _rgb(t["line_of_contact"]), False, points,
                                  t["line_of_contact_width"])
            else:
                _dashed(surf, _rgb(t["border"]), points, 2)
        for dot in self._dots.values():
            pygame.draw.circle(surf, _rgb(t["location"]), dot.center, t["location_radius"])
        return surf

    def _hatch(self, surf: pygame.Surface, feature: Mapping[str, Any]) -> None:
        """Diagonal hatching clipped to a feature: territory under another state's control."""
        t = self.theme
        mask = pygame.Surface(self.size, pygame.SRCALPHA)
        for polygon in feature["polygons"]:
            pygame.draw.polygon(mask, (255, 255, 255, 255), _ring_points(polygon[0], self.proj))
        bounds = mask.get_bounding_rect()
        stripes = pygame.Surface(self.size, pygame.SRCALPHA)
        step = t["crimea_hatch_spacing"]
        color = (*_rgb(t["crimea_hatch"]), 255)
        for k in range(bounds.left - bounds.height, bounds.right, step):
            pygame.draw.line(stripes, color, (k, bounds.bottom), (k + bounds.height, bounds.top))
        stripes.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        surf.blit(stripes, (0, 0))

    # -- labels ----------------------------------------------------------------------------

    def _name(self, loc: Location) -> tuple[pygame.Surface, pygame.Rect]:
        """A place's name with a thin halo, which keeps it legible over the front line and
        the hatching, and the box its ink fills in the image: labels keep their ink, not the
        font's empty leading, clear of one another (rendered once per place)."""
        named = self._names.get(loc.id)
        if named is None:
            self.font.italic = loc.kind in _AREAS
            text = self.font.render(loc.name, True, _rgb(self.theme["label"]))
            halo = self.font.render(loc.name, True, _rgb(self.theme["label_halo"]))
            self.font.italic = False
            image = pygame.Surface((text.get_width() + 2, text.get_height() + 2),
                                   pygame.SRCALPHA)
            for dx, dy in itertools.product((0, 1, 2), repeat=2):
                image.blit(halo, (dx, dy))
            image.blit(text, (1, 1))
            named = self._names[loc.id] = (image, image.get_bounding_rect())
        return named

    def _spots(self, loc: Location, size: tuple[int, int]) -> list[pygame.Rect]:
        """Where a place's name may go, best first. An area's: across its centre, then just
        below or above it (centred, running right, running left). A point's: right of its dot,
        then left, then on either side raised or lowered (clear of its icons, which sit above
        it), then below and above it (centred, running right, running left)."""
        x, y = self._at(loc)
        if loc.kind in _AREAS:
            anchors = [("center", (x, y)), ("midtop", (x, y + 4)), ("midbottom", (x, y - 4)),
                       ("topleft", (x, y + 4)), ("bottomleft", (x, y - 4)),
                       ("topright", (x, y + 4)), ("bottomright", (x, y - 4))]
        else:
            g = self.theme["location_radius"] + 4
            anchors = [("midleft", (x + g, y)), ("midright", (x - g, y)),
                       ("bottomleft", (x + 8, y + 3)), ("topleft", (x + 8, y - 3)),
                       ("bottomright", (x - 8, y + 3)), ("topright", (x - 8, y - 3)),
                       ("midtop", (x, y + g)), ("topleft", (x - 2, y + g)),
                       ("topright", (x + 2, y + g)), ("midbottom", (x, y - g)),
                       ("bottomleft", (x - 2, y - g)), ("bottomright", (x + 2, y - g))]
        spots = []
        for anchor, point in anchors:
            rect = pygame.Rect((0, 0), size)
            setattr(rect, anchor, point)
            spots.append(rect)
        return spots

    def _icon_spot(self, loc: Location, taken: Sequence[pygame.Rect],
                   dots: Sequence[pygame.Rect]) -> tuple[int, int]:
        """Where the next icon at a place goes: the first of `_ICON_SPOTS` inside the map that
        covers nothing `taken` and none of `dots`, so the icons of places a few kilometres
        apart do not pile up; the first spot if every one is taken."""
        x, y = self._at(loc)
        box = pygame.Rect((0, 0), self.size)
        for dx, dy in _ICON_SPOTS:
            rect = _icon_box((x + dx, y + dy))
            if box.contains(rect) and rect.collidelist(taken) == -1 \
                    and rect.collidelist(dots) == -1:
                return (x + dx, y + dy)
        return (x + _ICON_SPOTS[0][0], y + _ICON_SPOTS[0][1])

    def _spot_sharing(self) -> tuple[dict[str, frozenset[str]], dict[str, list[pygame.Rect]]]:
        """Per place, the other places drawn on its spot (a few km apart at this map's scale),
        and the dots of all the others, which its icons and label keep clear of (those on its
        spot no icon or label could avoid). They depend on the projection only: worked out
        once, not for every draft."""
        same: dict[str, frozenset[str]] = {}
        others: dict[str, list[pygame.Rect]] = {}
        for loc in self.spec.locations:
            x, y = self._at(loc)
            near = frozenset(place for place, dot in self._dots.items() if place != loc.id
                             and math.hypot(dot.centerx - x, dot.centery - y) <= _SAME_SPOT)
            same[loc.id] = near
            others[loc.id] = [dot for place, dot in self._dots.items()
                              if place != loc.id and place not in near]
        return same, others


    def _arrange(self) -> tuple[list[tuple[str, str, tuple[int, int]]], dict[str, pygame.Rect]]:
        """The visible layers' icons (place, kind, centre) and the labels, place by place in
        `label_order`, so the places that matter most get the room they need first: a place's
        icons at its first free `_ICON_SPOTS`, then its name at its first free `_spots`. Free
        means inside the map, covering no icon or label placed before and no other place's dot
        (places on the same spot share one name); an icon that finds no free spot takes the
        place of the labels it covers. A place the draft uses whose name finds no
        free spot may move one label placed before to another free spot of that label's; any
        other place without a free spot is left to its tooltip."""
        icons_at: dict[str, list[str]] = {}
        for layer in self.visible_layers:
            for marker in layer.markers:
                icons_at.setdefault(marker.at, []).append(marker.icon)
        boxes: list[pygame.Rect] = []
        icons: list[tuple[str, str, tuple[int, int]]] = []
        labels: dict[str, pygame.Rect] = {}
        for loc in label_order(self.spec, self.visible_layers):
            dots = self._others[loc.id]
            for icon in icons_at.get(loc.id, ()):
                at = self._icon_spot(loc, [*boxes, *labels.values()], dots)
                icons.append((loc.id, icon, at))
                boxes.append(_icon_box(at))
                for place in [p for p, rect in labels.items() if rect.colliderect(boxes[-1])]:
                    del labels[place]  # an icon with no free spot left: it wins
            if any(place in labels for place in self._same[loc.id]):
                continue
            spot = self._free_spot(loc, boxes, labels)
            if spot is not None:
                labels[loc.id] = spot
            elif loc.id in icons_at:
                self._make_room(loc, boxes, labels)
        return icons, labels

    def _free_spot(self, loc: Location, icons: Sequence[pygame.Rect],
                   labels: Mapping[str, pygame.Rect]) -> pygame.Rect | None:
        """The first of a place's label spots inside the map that covers none of `icons`, no
        other place's dot and none of `labels` (nor comes within a couple of pixels of one)."""
        box = pygame.Rect((0, 0), self.size)
        dots = self._others[loc.id]
        near = [rect.inflate(4, 2) for rect in labels.values()]
        return next((rect for rect in self._spots(loc, self._name(loc)[1].size)
                     if box.contains(rect) and rect.collidelist(icons) == -1
                     and rect.collidelist(dots) == -1 and rect.collidelist(near) == -1), None)

    def _make_room(self, loc: Location, icons: Sequence[pygame.Rect],
                   labels: dict[str, pygame.Rect]) -> None:
        """Label `loc` at a spot only one placed label is in the way of, moving that label to
        another free spot of its own, if there is such a pair (`labels` is updated)."""
        box = pygame.Rect((0, 0), self.size)
        dots = self._others[loc.id]
        for rect in self._spots(loc, self._name(loc)[1].size):
            if not box.contains(rect) or rect.collidelist(icons) != -1 \
                    or rect.collidelist(dots) != -1:
                continue
            blocking = [place for place, label in labels.items()
                        if label.inflate(4, 2).colliderect(rect)]
            if len(blocking) != 1:
                continue
            others = {place: label for place, label in labels.items() if place != blocking[0]}
            moved = self._free_spot(self._where[blocking[0]], icons, {**others, loc.id: rect})
            if moved is not None:
                labels[blocking[0]] = moved
                labels[loc.id] = rect
                return


    # -- the draft on the map --------------------------------------------------------------

    def set_draft(self, draft: Mapping[str, str | None]) -> None:
        """Redraw the markers, bands and labels for this draft (only when it changed)."""
        key = tuple(sorted(draft.items()))
        if key == self._overlay_key:
            return
        self._overlay_key = key
        self.visible_layers = tuple(
            layer for layer in self.spec.layers if condition_holds(layer.when, draft))
        self._overlay = pygame.Surface(self.size, pygame.SRCALPHA)
        where = {loc.id: loc for loc in self.spec.locations}
        lines = {line.id: line for line in self.spec.lines}
        t = self.theme
        for layer in self.visible_layers:
            for band in layer.bands:
                line = lines[band.along]
                points = [self.proj.to_screen(lon, lat) for lat, lon in line.points]
                width = max(3, round(self.proj.km(band.width_km)))
                pygame.draw.lines(self._overlay, (*_rgb(t["band"]), t["band_alpha"]), False,
                                  points, width)
        icons, self.labels = self._arrange()
        self._icons = [(_icon_box(at), place) for place, _, at in icons]
        for _, icon, at in icons:
            _icon(self._overlay, icon, at, _rgb(t["markers"].get(icon, t["location"])),
                  _rgb(t["marker_outline"]))
        for place, rect in self.labels.items():
            image, ink = self._name(where[place])
            self._overlay.blit(image, (rect.x - ink.x, rect.y - ink.y))

    def draw(self, target: pygame.Surface, topleft: tuple[int, int]) -> None:
        target.blit(self._base, topleft)
        target.blit(self._overlay, topleft)

    def places_at(self, pos: tuple[int, int], radius: int = 9) -> list[Location]:
        """The places under a point of the map panel, for tooltips: those whose label or icon
        is there, then those whose dot is within `radius`, nearest first (places a few km
        apart share a spot and one label, and each must stay reachable)."""
        on = {place for place, rect in self.labels.items() if rect.collidepoint(pos)}
        on |= {place for rect, place in self._icons if rect.collidepoint(pos)}
        found = [(0.0, loc) for loc in self.spec.locations if loc.id in on]
        for loc in self.spec.locations:
            x, y = self.proj.to_screen(loc.lon, loc.lat)
            d = math.hypot(x - pos[0], y - pos[1])
            if d <= radius and all(loc is not other for _, other in found):
                found.append((d, loc))
        return [loc for _, loc in sorted(found, key=lambda pair: pair[0])]

    def location_at(self, pos: tuple[int, int], radius: int = 9) -> Location | None:
        """The place under a point of the map panel (for tooltips), nearest first."""
        places = self.places_at(pos, radius)
        return places[0] if places else None

    def tooltip_at(self, pos: tuple[int, int]) -> str:
        """The tooltip for a point of the map panel: a line per place there ("" for none)."""
        return "\n".join(describe(loc) for loc in self.places_at(pos))


def _dashed(surf: pygame.Surface, color: Color, points: Sequence[tuple[float, float]],
            width: int, dash: float = 8.0) -> None:
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        steps = max(1, int(length // dash))
        for k in range(0, steps, 2):
            a, b = k / steps, min(1.0, (k + 1) / steps)
            pygame.draw.line(surf, color, (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                             (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b), width)


def _icon(surf: pygame.Surface, icon: str, at: tuple[int, int], fill: Color,
          outline: Color) -> None:
    """Small vector markers, readable at 1280x720: a shape per kind of deployment, each inside
    `_icon_box`."""
    x, y = at
    if icon in ("troops", "trainers"):
        rect = pygame.Rect(x - 6, y - 5, 12, 10)
        pygame.draw.rect(surf, fill, rect)
        pygame.draw.rect(surf, outline, rect, 1)
        pygame.draw.line(surf, (255, 255, 255), rect.topleft, rect.bottomright)
        pygame.draw.line(surf, (255, 255, 255), rect.bottomleft, rect.topright)
    elif icon == "jets":
        shape = [(x, y - 7), (x + 6, y + 5), (x, y + 2), (x - 6, y + 5)]
        pygame.draw.polygon(surf, fill, shape)
        pygame.draw.polygon(surf, outline, shape, 1)
    elif icon == "ships":
        shape = [(x - 7, y - 1), (x + 7, y - 1), (x + 4, y + 4), (x - 4, y + 4)]
        pygame.draw.polygon(surf, fill, shape)
        pygame.draw.polygon(surf, outline, shape, 1)
        pygame.draw.line(surf, outline, (x, y - 1), (x, y - 7))
    elif icon in ("drones", "satellite", "monitors"):
        shape = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
        pygame.draw.polygon(surf, fill, shape)
        pygame.draw.polygon(surf, outline, shape, 1)
    elif icon == "air_defence":
        pygame.draw.circle(surf, fill, (x, y), 6)
        pygame.draw.circle(surf, outline, (x, y), 6, 1)
        pygame.draw.line(surf, (255, 255, 255), (x, y + 3), (x, y - 4), 2)
    else:  # hq, logistics, flag
        pygame.draw.circle(surf, fill, (x, y), 5)
        pygame.draw.circle(surf, outline, (x, y), 5, 1)


def _icon_box(at: tuple[int, int]) -> pygame.Rect:
    """The box an icon's shape fills (its outline's corners may stray a pixel)."""
    return pygame.Rect(at[0] - 6, at[1] - 6, 13, 12)
