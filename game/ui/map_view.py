"""The negotiating table's map: the base map, the line of contact, and the draft on the ground.

The base map (countries, Crimea's hatch, the scenario's lines and places) depends only on the
scenario and the panel size, so it is drawn once per size and cached. The draft's markers and
bands are drawn on top from the scenario's map layers whenever the draft changes. Nothing here
reads game state: the caller passes the draft text it may show.

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
    """The asset's equirectangular projection, fitted into a screen rectangle."""

    lon0: float
    lat0: float
    kx: float  # km per degree of longitude
    ky: float  # km per degree of latitude
    x_min: float
    y_max: float
    scale: float  # px per km
    left: float
    top: float

    @classmethod
    def fit(cls, header: Mapping[str, Any], rect: pygame.Rect) -> Projection:
        p = header["projection"]
        extent = p["extent_km"]
        width = extent["x_max"] - extent["x_min"]
        height = extent["y_max"] - extent["y_min"]
        scale = min(rect.width / width, rect.height / height)
        radian_km = p["radius_km"] * math.pi / 180
        return cls(
            lon0=p["lon0"], lat0=p["lat0"], kx=radian_km * p["cos_standard_parallel"],
            ky=radian_km, x_min=extent["x_min"], y_max=extent["y_max"], scale=scale,
            left=rect.left + (rect.width - width * scale) / 2,
            top=rect.top + (rect.height - height * scale) / 2,
        )

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


_LABEL_PRIORITY = {"capital": 0, "region": 1, "sea": 1, "air_base": 2, "logistics_hub": 2,
                   "city": 3}
"""Which places get a label on the base map, most important first."""


def _ring_points(ring: Sequence[float], proj: Projection) -> list[tuple[float, float]]:
    return [proj.to_screen(ring[k], ring[k + 1]) for k in range(0, len(ring), 2)]


class MapView:
    """Draws one scenario's map into a rectangle; call `draw` every frame, it is cheap."""

    def __init__(self, spec: MapSpec, size: tuple[int, int], font: pygame.font.Font) -> None:
        self.spec = spec
        self.size = size
        self.font = font
        self.theme = load_theme()
        self.asset = load_base_map(spec.region)
        self.proj = Projection.fit(self.asset, pygame.Rect((0, 0), size))
        self._base = self._draw_base()
        self._overlay_key: tuple[tuple[str, str | None], ...] | None = None
        self._overlay = pygame.Surface(size, pygame.SRCALPHA)
        self.visible_layers: tuple[Layer, ...] = ()

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
                    pygame.draw.aalines(surf, _rgb(t["border"]), True, outer)
            if feature.get("control"):
                self._hatch(surf, feature)
        for line in self.spec.lines:
            points = [self.proj.to_screen(lon, lat) for lat, lon in line.points]
            if line.kind == "line_of_contact":
                pygame.draw.lines(surf, _rgb(t["line_of_contact"]), False, points,
                                  t["line_of_contact_width"])
            else:
                _dashed(surf, _rgb(t["border"]), points, 2)
        taken: list[pygame.Rect] = []  # labels that would overlap are left to the tooltips
        for loc in sorted(self.spec.locations, key=lambda p: _LABEL_PRIORITY.get(p.kind, 9)):
            if loc.kind not in ("sea", "region"):
                x, y = self.proj.to_screen(loc.lon, loc.lat)
                pygame.draw.circle(surf, _rgb(t["location"]), (round(x), round(y)),
                                   t["location_radius"])
            if loc.kind in _LABEL_PRIORITY:
                self._label(surf, loc, taken)
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

    def _label(self, surf: pygame.Surface, loc: Location, taken: list[pygame.Rect]) -> None:
        area = loc.kind in ("sea", "region")
        self.font.italic = area
        text = self.font.render(loc.name, True, _rgb(self.theme["label"]))
        halo = self.font.render(loc.name, True, _rgb(self.theme["label_halo"]))
        self.font.italic = False
        x, y = (round(v) for v in self.proj.to_screen(loc.lon, loc.lat))
        rect = text.get_rect(center=(x, y)) if area else text.get_rect(midleft=(x + 5, y))
        if rect.collidelist(taken) == -1:
            # A thin halo keeps a label legible where it crosses the front line or hatching.
            for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)):
                surf.blit(halo, rect.move(dx, dy))
            surf.blit(text, rect)
            taken.append(rect.inflate(4, 2))

    # -- the draft on the map --------------------------------------------------------------

    def set_draft(self, draft: Mapping[str, str | None]) -> None:
        """Redraw the markers and bands for this draft (only when it changed)."""
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
        seen: dict[str, int] = {}
        for layer in self.visible_layers:
            for marker in layer.markers:
                loc = where[marker.at]
                x, y = self.proj.to_screen(loc.lon, loc.lat)
                # Above the place, several fanning out to the left: labels are on its right.
                n = seen.get(loc.id, 0)
                seen[loc.id] = n + 1
                _icon(self._overlay, marker.icon, (round(x) - 12 * n, round(y) - 12),
                      _rgb(t["markers"].get(marker.icon, t["location"])),
                      _rgb(t["marker_outline"]))

    def draw(self, target: pygame.Surface, topleft: tuple[int, int]) -> None:
        target.blit(self._base, topleft)
        target.blit(self._overlay, topleft)

    def location_at(self, pos: tuple[int, int], radius: int = 9) -> Location | None:
        """The place under a point of the map panel (for tooltips), nearest first."""
        best: tuple[float, Location] | None = None
        for loc in self.spec.locations:
            x, y = self.proj.to_screen(loc.lon, loc.lat)
            d = math.hypot(x - pos[0], y - pos[1])
            if d <= radius and (best is None or d < best[0]):
                best = (d, loc)
        return best[1] if best else None


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
    """Small vector markers, readable at 1280x720: a shape per kind of deployment."""
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
