#!/usr/bin/env python3
"""Render a base-map asset to a PNG with matplotlib, to check it by eye.

Why this exists: a map asset can pass every point-in-polygon test and still look wrong (a
ring drawn inside out, a spike from a bad clip, a sliver along a border). This draws the asset
the way the game will, with the projection from the asset's own header: countries filled,
Crimea hatched as Russian-controlled, reference cities dotted. The PNG is a check, not an
asset: write it outside the repository.

Usage:
    python tools/preview_map.py --asset assets/maps/black-sea.json --output /tmp/map-preview.png
    python tools/preview_map.py --zoom 28,43.5,37.5,47.8 --output /tmp/map-zoom.png
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

Projector = Callable[[float, float], tuple[float, float]]

# (name, lat, lon): the places the game marks that must be on land.
CITIES: list[tuple[str, float, float]] = [
    ("Rzeszów", 50.110, 22.019),
    ("MK air base", 44.362, 28.488),
    ("Istanbul", 41.010, 28.980),
    ("Kyiv", 50.450, 30.523),
    ("Kharkiv", 49.994, 36.231),
    ("Odesa", 46.482, 30.723),
    ("Mykolaiv", 46.975, 31.995),
    ("Kherson", 46.635, 32.617),
    ("Izmail", 45.339, 28.843),
    ("Constanța", 44.173, 28.638),
    ("Sevastopol", 44.617, 33.525),
    ("Kerch", 45.356, 36.467),
    ("Moscow", 55.756, 37.617),
]

SEA = "#9cc3de"
PALETTE = ["#e8dcc0", "#d9e3c4", "#efd3c2", "#d6d9ea", "#ece4b8", "#d4e6dd", "#e9d0dc"]


def projector(header: dict[str, Any]) -> Projector:
    """The forward projection that the asset header describes, in km."""
    p = header["projection"]
    r, lon0, lat0 = p["radius_km"], p["lon0"], p["lat0"]
    c = math.cos(math.radians(p["standard_parallel"]))

    def project(lon: float, lat: float) -> tuple[float, float]:
        return r * math.radians(lon - lon0) * c, r * math.radians(lat - lat0)

    return project


def ring_pairs(flat: Sequence[float]) -> list[tuple[float, float]]:
    return [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]


def feature_path(feature: dict[str, Any], project: Projector) -> MplPath:
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for polygon in feature["polygons"]:
        for ring in polygon:
            pts = [project(lon, lat) for lon, lat in ring_pairs(ring)]
            vertices.extend([*pts, pts[0]])
            codes.extend([int(MplPath.MOVETO)] + [int(MplPath.LINETO)] * (len(pts) - 1)
                         + [int(MplPath.CLOSEPOLY)])
    return MplPath(vertices, codes)


def render(asset: dict[str, Any], output: Path, zoom: Sequence[float] | None,
           width_px: int, height_px: int) -> None:
    project = projector(asset)
    dpi = 100
    fig = plt.figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor="#ffffff")
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    colours: dict[str, str] = {}
    for feature in asset["features"]:
        # A territory takes its sovereign's colour: Crimea is drawn as Ukraine, hatched.
        colour = colours.setdefault(feature["sovereign"], PALETTE[len(colours) % len(PALETTE)])
        path = feature_path(feature, project)
        if feature.get("control"):
            patch = PathPatch(path, facecolor=colour, edgecolor="#8a1c1c", lw=0.8, hatch="////")
        else:
            patch = PathPatch(path, facecolor=colour, edgecolor="#555555", lw=0.6)
        ax.add_patch(patch)
    west, south, east, north = zoom if zoom else asset["bbox"]
    x0, y0 = project(west, south)
    x1, y1 = project(east, north)
    # The sea: the asset's box, so anything drawn outside it stands out on white.
    bx0, by0 = project(*asset["bbox"][:2])
    bx1, by1 = project(*asset["bbox"][2:])
    ax.add_patch(Rectangle((bx0, by0), bx1 - bx0, by1 - by0, facecolor=SEA, zorder=-1))
    for name, lat, lon in CITIES:
        if not (west <= lon <= east and south <= lat <= north):
            continue
        x, y = project(lon, lat)
        ax.plot([x], [y], "o", ms=4, color="#b00020")
        ax.annotate(name, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=8)
    for feature in asset["features"]:
        pts = [project(*p) for poly in feature["polygons"][:1] for p in ring_pairs(poly[0])]
        cx = sum(p[0] for p in pts) / len(pts)
        cy = sum(p[1] for p in pts) / len(pts)
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            ax.text(cx, cy, feature["id"], fontsize=7, color="#333333", ha="center")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.savefig(output, dpi=dpi)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render a map asset to a PNG.")
    parser.add_argument("--asset", type=Path, default=Path("assets/maps/black-sea.json"))
    parser.add_argument("--output", type=Path, default=Path("/tmp/map-preview.png"))
    parser.add_argument("--zoom", help="west,south,east,north in degrees")
    parser.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT in pixels")
    args = parser.parse_args(argv)
    asset = json.loads(args.asset.read_text(encoding="utf-8"))
    zoom = [float(v) for v in args.zoom.split(",")] if args.zoom else None
    width, height = (int(v) for v in args.size.split("x"))
    render(asset, args.output, zoom, width, height)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
