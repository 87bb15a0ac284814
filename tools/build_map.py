#!/usr/bin/env python3
"""Build Backstop's base-map asset (``assets/maps/black-sea.json``) from Natural Earth data.

Why this exists: the game draws a map of the Black Sea region, but it must not need npm,
shapefile readers or any geometry library at run time. This script converts the Natural Earth
admin-0 countries, as redistributed in TopoJSON by the npm package ``world-atlas``, ONCE into a
small plain-JSON file that the game reads with the standard library. It is committed so that
the asset can be rebuilt and audited; it needs only the Python standard library.

Source (pinned; the script warns when the input differs):
    npm package ``world-atlas`` 2.0.2 (ISC licence, Mike Bostock), file ``countries-50m.json``,
    sha256 04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394,
    which is Natural Earth 4.1.0 "Admin 0 - Countries" at 1:50m (public domain).
    Fetch it once with ``npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz``;
    the file is then ``package/countries-50m.json``. The 50m scale is used because at 110m
    Odesa falls in the sea.

Usage:
    python tools/build_map.py --input /path/to/countries-50m.json \\
        --output assets/maps/black-sea.json

What it does, in order:
 1. Decodes the TopoJSON arcs (quantised and delta-encoded) into lon/lat degrees.
 2. Simplifies every arc once with Douglas-Peucker (tolerance in km, measured on a local
    equirectangular plane). Shared borders are shared arcs, so both neighbours get the very
    same simplified line: no slivers or gaps along borders.
 3. Assembles each country's polygons (exterior ring, then holes) from the arcs.
 4. Borders: the asset shows internationally recognised borders. Natural Earth 4.1.0 draws
    Crimea inside Russia, so Russia's polygons that lie in the Crimea cut region (north edge
    along the Perekop isthmus and the Syvash, east edge through the Kerch Strait) are moved
    into a separate feature ``crimea`` with ``sovereign: "UKR"`` and
    ``control: "Russian-controlled since 2014"``. In this data Crimea is a polygon of its own
    (the Kerch Strait is open water at 1:50m and the isthmus is the Russia/Ukraine arc), so
    the cut follows those existing edges exactly; the script stops with an error if a Russian
    polygon ever straddles the cut line, rather than produce a wrong border.
 5. Clips every ring to the region's lon/lat box (Sutherland-Hodgman), keeps the countries
    that intersect it, drops rings that collapse, orients rings, rounds to 4 decimals
    (about 11 m) and writes the asset with a header that documents the projection.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Point = tuple[float, float]  # (lon, lat) in degrees
Ring = list[Point]
Polygon = list[Ring]  # exterior ring first, then holes

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
ASSET_FORMAT = "backstop-map/1"

SOURCE = {
    "package": "world-atlas",
    "version": "2.0.2",
    "file": "countries-50m.json",
    "sha256": "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394",
    "package_licence": "ISC (c) 2013-2019 Michael Bostock",
    "data": "Natural Earth 4.1.0, Admin 0 - Countries, 1:50m",
    "data_licence": "public domain (Natural Earth)",
    "fetch": "npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz",
}


@dataclass(frozen=True)
class Region:
    """A lon/lat box and the projection the game uses to draw it."""

    id: str
    title: str
    west: float
    south: float
    east: float
    north: float
    # Equirectangular projection: true scale along the standard parallel.
    standard_parallel: float
    lon0: float
    lat0: float


REGIONS: dict[str, Region] = {
    "black-sea": Region(
        id="black-sea",
        title="Black Sea region: Central and Eastern Europe, Ukraine, Russia and Türkiye",
        west=12.0, south=38.0, east=45.0, north=56.0,
        # 46 N is the latitude of Odesa and Crimea, where shapes matter most.
        standard_parallel=46.0, lon0=28.5, lat0=47.0,
    ),
}

# The Crimea cut region, in lon/lat. North edge: 46.30 N, north of the Perekop isthmus
# (~46.2 N) but south of any other Russian land at these longitudes (Russia's Azov coast starts
# east of 38 E). East edge: 36.60 E, in the Kerch Strait between the Kerch peninsula (36.58 E)
# and the Chushka spit / Taman peninsula (36.62 E). Sevastopol is inside.
CRIMEA_CUT: Ring = [(32.0, 44.0), (36.60, 44.0), (36.60, 46.30), (32.0, 46.30)]
CRIMEA_CONTROL = "Russian-controlled since 2014"


@dataclass(frozen=True)
class Country:
    iso_a2: str
    iso_a3: str
    name: str  # English short name
    note: str = ""


# ISO 3166-1 codes and English short names, keyed by the ISO numeric code that world-atlas
# stores as the feature id. Every country that intersects a region must be listed: the build
# fails otherwise, so no feature goes out without codes.
COUNTRIES: dict[str, Country] = {
    "008": Country("AL", "ALB", "Albania"),
    "031": Country("AZ", "AZE", "Azerbaijan"),
    "040": Country("AT", "AUT", "Austria"),
    "051": Country("AM", "ARM", "Armenia"),
    "070": Country("BA", "BIH", "Bosnia and Herzegovina"),
    "100": Country("BG", "BGR", "Bulgaria"),
    "112": Country("BY", "BLR", "Belarus"),
    "191": Country("HR", "HRV", "Croatia"),
    "196": Country("CY", "CYP", "Cyprus"),
    "203": Country("CZ", "CZE", "Czechia"),
    "208": Country("DK", "DNK", "Denmark"),
    "233": Country("EE", "EST", "Estonia"),
    "268": Country("GE", "GEO", "Georgia"),
    "276": Country("DE", "DEU", "Germany"),
    "300": Country("GR", "GRC", "Greece"),
    "336": Country("VA", "VAT", "Vatican City"),
    "348": Country("HU", "HUN", "Hungary"),
    "364": Country("IR", "IRN", "Iran"),
    "368": Country("IQ", "IRQ", "Iraq"),
    "380": Country("IT", "ITA", "Italy"),
    "398": Country("KZ", "KAZ", "Kazakhstan"),
    "428": Country("LV", "LVA", "Latvia"),
    "440": Country("LT", "LTU", "Lithuania"),
    "470": Country("MT", "MLT", "Malta"),
    "498": Country("MD", "MDA", "Moldova"),
    "499": Country("ME", "MNE", "Montenegro"),
    "578": Country("NO", "NOR", "Norway"),
    "616": Country("PL", "POL", "Poland"),
    "642": Country("RO", "ROU", "Romania"),
    "643": Country("RU", "RUS", "Russia"),
    "674": Country("SM", "SMR", "San Marino"),
    "688": Country("RS", "SRB", "Serbia"),
    "703": Country("SK", "SVK", "Slovakia"),
    "705": Country("SI", "SVN", "Slovenia"),
    "752": Country("SE", "SWE", "Sweden"),
    "760": Country("SY", "SYR", "Syria"),
    "792": Country("TR", "TUR", "Türkiye"),
    "804": Country("UA", "UKR", "Ukraine"),
    "807": Country("MK", "MKD", "North Macedonia"),
}
# Features that world-atlas gives no ISO numeric id, keyed by their world-atlas name.
COUNTRIES_BY_NAME: dict[str, Country] = {
    "Kosovo": Country(
        "XK", "XKX", "Kosovo",
        note="XK/XKX are user-assigned codes (no ISO 3166-1 code); independence is "
             "recognised by some states and not by others, including Serbia",
    ),
}


# --------------------------------------------------------------------------------------------
# TopoJSON decoding


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Return every arc as absolute lon/lat points.

    A quantised topology stores each arc as integer deltas: the first position is absolute in
    the quantised grid and each later one is an offset from the previous. ``transform`` maps
    the grid back to degrees: ``lon = x * scale[0] + translate[0]`` (same for lat).
    """
    transform = topology.get("transform")
    if transform is None:
        sx, sy, tx, ty = 1.0, 1.0, 0.0, 0.0
        quantised = False
    else:
        sx, sy = transform["scale"]
        tx, ty = transform["translate"]
        quantised = True
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        x = y = 0.0
        points: list[Point] = []
        for position in arc:
            if quantised:
                x += position[0]
                y += position[1]
            else:
                x, y = position[0], position[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_from_arcs(indices: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """Join arcs into one closed ring; a negative index ``~i`` means arc ``i`` reversed.

    Consecutive arcs share their end/start point, which is written once.
    """
    ring: Ring = []
    for index in indices:
        points = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if not ring else points[1:])
    return ring


def geometry_polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """The arc indices of a Polygon or MultiPolygon geometry, always as a list of polygons."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


# --------------------------------------------------------------------------------------------
# Simplification


def _local_km(points: Sequence[Point]) -> list[Point]:
    """Points on a local plane in km: x scaled by cos(latitude) of each point."""
    k = math.pi / 180.0 * EARTH_RADIUS_KM
    return [(lon * k * math.cos(math.radians(lat)), lat * k) for lon, lat in points]


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(p[0] - ax, p[1] - ay)
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))


def _douglas_peucker_open(plane: Sequence[Point], tolerance: float) -> list[int]:
    """Indices kept by Douglas-Peucker on an open line (iterative, so long arcs are fine)."""
    n = len(plane)
    if n <= 2:
        return list(range(n))
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_index = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(plane[i], plane[first], plane[last])
            if d > worst:
                worst, worst_index = d, i
        if worst > tolerance:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [i for i in range(n) if keep[i]]


def simplify_arc(points: Sequence[Point], tolerance_km: float) -> list[Point]:
    """Douglas-Peucker with the tolerance in km; both end points are always kept.

    A closed arc (first point == last point, e.g. an island) is split at the vertex farthest
    from its start, so the two halves are simplified as ordinary open lines.
    """
    if len(points) <= 2:
        return list(points)
    plane = _local_km(points)
    if points[0] == points[-1]:
        far = max(range(len(plane)), key=lambda i: math.dist(plane[i], plane[0]))
        if far == 0:
            return [points[0], points[-1]]
        head = _douglas_peucker_open(plane[: far + 1], tolerance_km)
        tail = _douglas_peucker_open(plane[far:], tolerance_km)
        kept = head + [far + i for i in tail[1:]]
    else:
        kept = _douglas_peucker_open(plane, tolerance_km)
    return [points[i] for i in kept]


# --------------------------------------------------------------------------------------------
# Planar geometry on lon/lat


def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area in square degrees; positive when counter-clockwise (lon east, lat north)."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def area_km2(ring: Sequence[Point]) -> float:
    """Approximate area of a small ring in km^2 (degrees scaled at the ring's mean latitude)."""
    if not ring:
        return 0.0
    mean_lat = sum(lat for _, lat in ring) / len(ring)
    k = math.pi / 180.0 * EARTH_RADIUS_KM
    return abs(signed_area(ring)) * k * k * math.cos(math.radians(mean_lat))


def point_in_ring(lon: float, lat: float, ring: Sequence[Point]) -> bool:
    """Even-odd ray casting test."""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _clip_half(points: Ring, inside: Callable[[Point], bool],
               cross: Callable[[Point, Point], Point]) -> Ring:
    """One Sutherland-Hodgman pass: keep the part of a ring on the inside of one edge."""
    out: Ring = []
    if not points:
        return out
    prev = points[-1]
    for cur in points:
        if inside(cur):
            if not inside(prev):
                out.append(cross(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(cross(prev, cur))
        prev = cur
    return out


def _cross_lon(x: float) -> Callable[[Point, Point], Point]:
    def cross(a: Point, b: Point) -> Point:
        t = (x - a[0]) / (b[0] - a[0])
        return (x, a[1] + t * (b[1] - a[1]))
    return cross


def _cross_lat(y: float) -> Callable[[Point, Point], Point]:
    def cross(a: Point, b: Point) -> Point:
        t = (y - a[1]) / (b[1] - a[1])
        return (a[0] + t * (b[0] - a[0]), y)
    return cross


def clip_ring(ring: Sequence[Point], west: float, south: float, east: float,
              north: float) -> Ring:
    """Sutherland-Hodgman clip of a ring to a lon/lat box.

    Where a polygon leaves the box and comes back, the result runs along the box edge; the
    fill is right, and the game draws the map inside that box anyway.
    """
    out = list(ring)
    out = _clip_half(out, lambda p: p[0] >= west, _cross_lon(west))
    out = _clip_half(out, lambda p: p[0] <= east, _cross_lon(east))
    out = _clip_half(out, lambda p: p[1] >= south, _cross_lat(south))
    return _clip_half(out, lambda p: p[1] <= north, _cross_lat(north))


def tidy_ring(ring: Sequence[Point], decimals: int) -> Ring:
    """Round, drop repeated points and the closing point: rings are stored open."""
    out: Ring = []
    for lon, lat in ring:
        p = (round(lon, decimals), round(lat, decimals))
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def oriented(ring: Ring, counter_clockwise: bool) -> Ring:
    return ring if (signed_area(ring) > 0) == counter_clockwise else ring[::-1]


# --------------------------------------------------------------------------------------------
# Building the asset


@dataclass(frozen=True)
class BuildOptions:
    tolerance_km: float = 1.0  # Douglas-Peucker tolerance: under 1 px at 1920x1080
    min_area_km2: float = 4.0  # rings smaller than this after simplifying are dropped
    decimals: int = 4  # lon/lat decimals kept: 1e-4 degree is about 11 m


@dataclass
class Feature:
    id: str
    name: str
    iso_a2: str
    iso_a3: str
    iso_n3: str | None
    sovereign: str
    polygons: list[Polygon] = field(default_factory=list)
    control: str = ""
    note: str = ""
    iso_3166_2: list[str] = field(default_factory=list)


def _country_for(geometry: dict[str, Any]) -> Country | None:
    iso_n3 = geometry.get("id")
    if iso_n3 is not None:
        return COUNTRIES.get(str(iso_n3))
    return COUNTRIES_BY_NAME.get(geometry.get("properties", {}).get("name", ""))


def split_crimea(russia: list[Polygon]) -> tuple[list[Polygon], list[Polygon]]:
    """Split Russia's polygons into (Russia proper, Crimea) at the Crimea cut region."""
    rest: list[Polygon] = []
    crimea: list[Polygon] = []
    for polygon in russia:
        inside = [point_in_ring(lon, lat, CRIMEA_CUT) for lon, lat in polygon[0]]
        if all(inside):
            crimea.append(polygon)
        elif any(inside):
            raise SystemExit(
                "a Russian polygon straddles the Crimea cut line (Perekop/Kerch Strait); "
                "this input is not the pinned world-atlas 2.0.2 data: check CRIMEA_CUT"
            )
        else:
            rest.append(polygon)
    if not crimea:
        raise SystemExit("no Russian polygon found in the Crimea cut region: check the input")
    return rest, crimea


def build_features(topology: dict[str, Any], region: Region,
                   options: BuildOptions) -> list[Feature]:
    countries = topology["objects"]["countries"]["geometries"]
    arcs = [simplify_arc(a, options.tolerance_km) for a in decode_arcs(topology)]
    box = (region.west, region.south, region.east, region.north)

    raw: list[Feature] = []
    for geometry in countries:
        polygons = [[ring_from_arcs(r, arcs) for r in poly] for poly in geometry_polygons(geometry)]
        if not polygons:
            continue
        if not any(_ring_touches_box(poly[0], box) for poly in polygons):
            continue
        country = _country_for(geometry)
        name = geometry.get("properties", {}).get("name", "?")
        if country is None:
            raise SystemExit(f"no ISO codes for {name!r} (id {geometry.get('id')}): "
                             "add it to COUNTRIES")
        iso_n3 = geometry.get("id")
        feature = Feature(id=country.iso_a3, name=country.name, iso_a2=country.iso_a2,
                          iso_a3=country.iso_a3, iso_n3=None if iso_n3 is None else str(iso_n3),
                          sovereign=country.iso_a3, polygons=polygons, note=country.note)
        if country.iso_a3 == "RUS":
            feature.polygons, crimea_polygons = split_crimea(polygons)
            raw.append(Feature(
                id="crimea", name="Crimea", iso_a2="UA", iso_a3="UKR", iso_n3="804",
                sovereign="UKR", polygons=crimea_polygons, control=CRIMEA_CONTROL,
                iso_3166_2=["UA-43", "UA-40"],
                note="Autonomous Republic of Crimea and Sevastopol: Ukrainian territory under "
                     "Russian control since 2014; the claimed annexation is not recognised "
                     "(UN General Assembly resolution 68/262)",
            ))
        raw.append(feature)

    features: list[Feature] = []
    for feature in raw:
        kept: list[Polygon] = []
        for polygon in feature.polygons:
            rings: Polygon = []
            for k, ring in enumerate(polygon):
                clipped = tidy_ring(clip_ring(ring, *box), options.decimals)
                if len(clipped) < 3 or area_km2(clipped) < options.min_area_km2:
                    if k == 0:
                        break  # the exterior is gone, and its holes with it
                    continue
                rings.append(oriented(clipped, counter_clockwise=(k == 0)))
            if rings:
                kept.append(rings)
        if kept:
            kept.sort(key=lambda poly: -area_km2(poly[0]))
            feature.polygons = kept
            features.append(feature)
    # Largest first: painting in this order also covers each enclave's hole with the enclave.
    features.sort(key=lambda f: -sum(area_km2(p[0]) for p in f.polygons))
    return features


def _ring_touches_box(ring: Sequence[Point], box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return min(lons) < east and max(lons) > west and min(lats) < north and max(lats) > south


def projection_header(region: Region) -> dict[str, Any]:
    cos_phi1 = math.cos(math.radians(region.standard_parallel))
    k = math.pi / 180.0 * EARTH_RADIUS_KM
    x_min = (region.west - region.lon0) * k * cos_phi1
    x_max = (region.east - region.lon0) * k * cos_phi1
    y_min = (region.south - region.lat0) * k
    y_max = (region.north - region.lat0) * k
    return {
        "name": "equirectangular",
        "standard_parallel": region.standard_parallel,
        "lon0": region.lon0,
        "lat0": region.lat0,
        "radius_km": EARTH_RADIUS_KM,
        "cos_standard_parallel": cos_phi1,
        "forward": "x_km = radius_km * radians(lon - lon0) * cos(radians(standard_parallel)); "
                   "y_km = radius_km * radians(lat - lat0)  (y grows northwards)",
        "inverse": "lon = lon0 + degrees(x_km / (radius_km * cos(radians(standard_parallel)))); "
                   "lat = lat0 + degrees(y_km / radius_km)",
        "to_screen": "scale = min(width / (x_max - x_min), height / (y_max - y_min)) px per km; "
                     "px = left + (x_km - x_min) * scale; py = top + (y_max - y_km) * scale",
        "extent_km": {"x_min": x_min, "x_max": x_max, "y_min": y_min, "y_max": y_max},
        "why": "the region's lon/lat box projects to a rectangle that fills the map view; "
               "scale is true along the standard parallel (Odesa, Crimea) and within about "
               "+/-20% east-west at the box's edges (38 N, 56 N)",
    }


def build_asset(topology: dict[str, Any], input_sha256: str, region: Region,
                options: BuildOptions) -> dict[str, Any]:
    features = build_features(topology, region, options)
    source = dict(SOURCE)
    source["input_sha256"] = input_sha256
    out_features: list[dict[str, Any]] = []
    for f in features:
        entry: dict[str, Any] = {
            "id": f.id, "name": f.name, "iso_a2": f.iso_a2, "iso_a3": f.iso_a3,
            "iso_n3": f.iso_n3, "sovereign": f.sovereign,
        }
        if f.iso_3166_2:
            entry["iso_3166_2"] = f.iso_3166_2
        if f.control:
            entry["control"] = f.control
        if f.note:
            entry["note"] = f.note
        entry["polygons"] = [[[c for p in ring for c in p] for ring in poly]
                             for poly in f.polygons]
        out_features.append(entry)
    return {
        "format": ASSET_FORMAT,
        "region": region.id,
        "title": region.title,
        "bbox": [region.west, region.south, region.east, region.north],
        "geometry": "polygons: list of polygons; polygon: list of rings, exterior first, then "
                    "holes; ring: flat [lon0, lat0, lon1, lat1, ...] in degrees (WGS84), open "
                    "(the last point joins the first), exterior counter-clockwise and holes "
                    "clockwise with lon east and lat north (so clockwise on a y-down screen)",
        "borders": "internationally recognised; Crimea (feature 'crimea') is Ukrainian "
                   "territory (sovereign UKR) drawn with its 'control' flag",
        "projection": projection_header(region),
        "source": source,
        "build": {
            "tool": "tools/build_map.py",
            "command": f"python tools/build_map.py --input countries-50m.json "
                       f"--output assets/maps/{region.id}.json",
            "simplify": "Douglas-Peucker per TopoJSON arc",
            "tolerance_km": options.tolerance_km,
            "min_ring_area_km2": options.min_area_km2,
            "decimals": options.decimals,
            "clip": "Sutherland-Hodgman to bbox",
        },
        "features": out_features,
    }


def write_asset(asset: dict[str, Any], path: Path) -> int:
    """Write compact JSON, one feature per line so diffs stay readable; return the size."""
    head = {k: v for k, v in asset.items() if k != "features"}
    head_text = json.dumps(head, ensure_ascii=False, indent=1)  # ends with "\n}"
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                      for f in asset["features"])
    text = head_text[:-2] + ',\n "features": [\n' + body + "\n ]\n}\n"
    json.loads(text)  # the output is plain JSON
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--input", type=Path, required=True,
                        help="world-atlas countries-50m.json (TopoJSON)")
    parser.add_argument("--output", type=Path, required=True, help="asset to write (JSON)")
    parser.add_argument("--region", choices=sorted(REGIONS), default="black-sea")
    defaults = BuildOptions()
    parser.add_argument("--tolerance-km", type=float, default=defaults.tolerance_km,
                        help="Douglas-Peucker tolerance in km (default %(default)s)")
    parser.add_argument("--min-area-km2", type=float, default=defaults.min_area_km2,
                        help="drop rings smaller than this after simplifying "
                             "(default %(default)s)")
    parser.add_argument("--decimals", type=int, default=defaults.decimals,
                        help="decimals kept in lon/lat (default %(default)s)")
    args = parser.parse_args(argv)

    data = args.input.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCE["sha256"]:
        print(f"warning: input sha256 {digest} is not the pinned {SOURCE['file']} of "
              f"{SOURCE['package']} {SOURCE['version']}", file=sys.stderr)
    topology = json.loads(data)
    options = BuildOptions(args.tolerance_km, args.min_area_km2, args.decimals)
    asset = build_asset(topology, digest, REGIONS[args.region], options)
    size = write_asset(asset, args.output)
    points = sum(len(r) // 2 for f in asset["features"] for p in f["polygons"] for r in p)
    print(f"wrote {args.output}: {len(asset['features'])} features, {points} points, "
          f"{size / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
