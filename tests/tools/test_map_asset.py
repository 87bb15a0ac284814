"""The base map (assets/maps/black-sea.json) loads with the stdlib and is geographically right.

These tests read the asset as the game will: plain JSON, no geometry library. Point-in-polygon
and the projection are re-implemented here from the asset's own header, so a wrong header or
a wrong asset fails even if tools/build_map.py agrees with itself.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSET = ROOT / "assets" / "maps" / "black-sea.json"
BUILD_TOOL = ROOT / "tools" / "build_map.py"
SIZE_BUDGET_BYTES = 400 * 1024
PINNED_SHA256 = "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"

# (name, lat, lon) of places the game marks: each must be on land.
ON_LAND = [
    ("Rzeszów-Jasionka", 50.110, 22.019),
    ("Mihail Kogălniceanu air base", 44.362, 28.488),
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
    ("Lviv", 49.840, 24.030),
    ("Zaporizhzhia NPP", 47.507, 34.585),
]
# Points that must be water: the sea lanes the scenario talks about.
AT_SEA = [
    ("Western Black Sea", 44.000, 31.000),
    ("Sea of Azov", 46.100, 36.600),
    ("Kerch Strait", 45.306, 36.510),
    ("Bosporus", 41.085, 29.056),
    ("Sea of Marmara", 40.750, 28.000),
    ("Dardanelles", 40.150, 26.400),
]
IN_COUNTRY = [
    ("Odesa", 46.482, 30.723, "UKR"),
    ("Mykolaiv", 46.975, 31.995, "UKR"),
    ("Izmail", 45.339, 28.843, "UKR"),
    ("Kyiv", 50.450, 30.523, "UKR"),
    ("Kharkiv", 49.994, 36.231, "UKR"),
    ("Rzeszów-Jasionka", 50.110, 22.019, "POL"),
    ("Mihail Kogălniceanu air base", 44.362, 28.488, "ROU"),
    ("Constanța", 44.173, 28.638, "ROU"),
    ("Chișinău", 47.011, 28.863, "MDA"),
    ("Ankara", 39.933, 32.860, "TUR"),
    ("Edirne", 41.677, 26.556, "TUR"),
    ("Moscow", 55.756, 37.617, "RUS"),
    ("Rostov-on-Don", 47.235, 39.701, "RUS"),
    ("Kaliningrad", 54.710, 20.510, "RUS"),
    ("Sevastopol", 44.617, 33.525, "crimea"),
    ("Simferopol", 44.952, 34.102, "crimea"),
    ("Kerch", 45.356, 36.467, "crimea"),
]

Ring = list[tuple[float, float]]


@pytest.fixture(scope="module")
def asset() -> dict[str, Any]:
    with ASSET.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@pytest.fixture(scope="module")
def features(asset: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in asset["features"]}


def pairs(flat: list[float]) -> Ring:
    return [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]


def in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i, (xi, yi) in enumerate(ring):
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def in_feature(lon: float, lat: float, feature: dict[str, Any]) -> bool:
    for polygon in feature["polygons"]:
        exterior, *holes = (pairs(r) for r in polygon)
        if in_ring(lon, lat, exterior) and not any(in_ring(lon, lat, h) for h in holes):
            return True
    return False


def owners(lon: float, lat: float, asset: dict[str, Any]) -> list[str]:
    return [f["id"] for f in asset["features"] if in_feature(lon, lat, f)]


def signed_area(ring: Ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1],
                                                                strict=True)) / 2.0


def load_tool() -> ModuleType:
    """tools/ is not a package: load tools/build_map.py by path, once."""
    name = "backstop_tools_build_map"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BUILD_TOOL)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it executes
        spec.loader.exec_module(module)
    return sys.modules[name]


# ------------------------------------------------------------------------------------------


def test_asset_loads_with_the_stdlib_and_is_well_formed(asset: dict[str, Any]) -> None:
    assert asset["format"] == "backstop-map/1"
    assert asset["region"] == "black-sea"
    west, south, east, north = asset["bbox"]
    assert (west, south, east, north) == (12.0, 38.0, 45.0, 56.0)
    assert asset["features"], "no features"
    for feature in asset["features"]:
        assert feature["polygons"], feature["id"]
        for polygon in feature["polygons"]:
            for flat in polygon:
                assert len(flat) % 2 == 0 and len(flat) >= 6, feature["id"]
                ring = pairs(flat)
                assert ring[0] != ring[-1], f"{feature['id']}: rings are stored open"
                for lon, lat in ring:
                    assert west <= lon <= east and south <= lat <= north, (feature["id"], lon, lat)
                    assert round(lon, 4) == lon and round(lat, 4) == lat


def test_rings_are_oriented_exterior_ccw_holes_cw(asset: dict[str, Any]) -> None:
    for feature in asset["features"]:
        for polygon in feature["polygons"]:
            exterior, *holes = (pairs(r) for r in polygon)
            assert signed_area(exterior) > 0, f"{feature['id']}: exterior is not CCW"
            for hole in holes:
                assert signed_area(hole) < 0, f"{feature['id']}: hole is not CW"


def test_every_hole_is_an_enclave_painted_later(asset: dict[str, Any]) -> None:
    """Painting exteriors in file order must give the same picture as honouring holes."""
    features = asset["features"]
    for i, feature in enumerate(features):
        for polygon in feature["polygons"]:
            for hole in polygon[1:]:
                later = [f["id"] for f in features[i + 1:] for p in f["polygons"]
                         if set(pairs(p[0])) == set(pairs(hole))]
                assert later, f"a hole in {feature['id']} is not filled by a later feature"


def test_every_feature_has_iso_codes_and_an_english_name(asset: dict[str, Any]) -> None:
    ids = [f["id"] for f in asset["features"]]
    assert len(ids) == len(set(ids))
    for f in asset["features"]:
        assert len(f["iso_a2"]) == 2 and f["iso_a2"].isupper(), f["id"]
        assert len(f["iso_a3"]) == 3 and f["iso_a3"].isupper(), f["id"]
        assert len(f["sovereign"]) == 3, f["id"]
        assert f["name"] and f["name"][0].isupper(), f["id"]
    names = {f["iso_a3"]: f["name"] for f in asset["features"] if f["id"] != "crimea"}
    for code in ["UKR", "RUS", "POL", "ROU", "MDA", "BLR", "BGR", "TUR", "GEO", "HUN", "SVK"]:
        assert code in names, f"{code} missing from the region"
    assert names["UKR"] == "Ukraine" and names["RUS"] == "Russia"


@pytest.mark.parametrize(("name", "lat", "lon"), ON_LAND, ids=[c[0] for c in ON_LAND])
def test_city_is_on_land(asset: dict[str, Any], name: str, lat: float, lon: float) -> None:
    assert owners(lon, lat, asset), f"{name} ({lat} N, {lon} E) is in the sea"


@pytest.mark.parametrize(("name", "lat", "lon"), AT_SEA, ids=[c[0] for c in AT_SEA])
def test_sea_point_is_water(asset: dict[str, Any], name: str, lat: float, lon: float) -> None:
    assert owners(lon, lat, asset) == [], f"{name} ({lat} N, {lon} E) is on land"


@pytest.mark.parametrize(("name", "lat", "lon", "owner"), IN_COUNTRY,
                         ids=[c[0] for c in IN_COUNTRY])
def test_place_is_in_its_country(asset: dict[str, Any], name: str, lat: float, lon: float,
                                 owner: str) -> None:
    assert owners(lon, lat, asset) == [owner], name


def test_odesa_is_in_ukraine(features: dict[str, dict[str, Any]]) -> None:
    assert in_feature(30.723, 46.482, features["UKR"])


def test_sevastopol_is_in_crimea_and_not_in_russia(features: dict[str, dict[str, Any]]) -> None:
    assert in_feature(33.525, 44.617, features["crimea"])
    assert not in_feature(33.525, 44.617, features["RUS"])


def test_crimea_belongs_to_ukraine_with_the_control_flag(
        features: dict[str, dict[str, Any]]) -> None:
    crimea = features["crimea"]
    assert crimea["sovereign"] == "UKR"
    assert crimea["iso_a2"] == "UA" and crimea["iso_a3"] == "UKR"
    assert crimea["control"] == "Russian-controlled since 2014"
    assert set(crimea["iso_3166_2"]) == {"UA-43", "UA-40"}
    # Only Crimea carries a control flag; Ukraine proper and Russia do not.
    flagged = [f for f in features.values() if f.get("control")]
    assert [f["id"] for f in flagged] == ["crimea"]


def test_crimea_is_the_peninsula_south_of_perekop(features: dict[str, dict[str, Any]]) -> None:
    points = [p for poly in features["crimea"]["polygons"] for r in poly for p in pairs(r)]
    lats = [lat for _, lat in points]
    lons = [lon for lon, _ in points]
    assert 46.1 < max(lats) < 46.3, "north edge should be the Perekop isthmus"
    assert 44.3 < min(lats) < 44.5, "south tip should be near Cape Sarych"
    assert min(lons) > 32.4 and max(lons) < 36.6, "west tip Tarkhankut, east edge Kerch Strait"


def test_russia_keeps_its_mainland_and_loses_crimea(features: dict[str, dict[str, Any]]) -> None:
    russia = features["RUS"]
    assert in_feature(37.617, 55.756, russia), "Moscow"
    assert in_feature(36.587, 50.595, russia), "Belgorod"
    for polygon in russia["polygons"]:
        for lon, lat in pairs(polygon[0]):
            in_crimea = 32.0 < lon < 36.6 and 44.0 < lat < 46.3
            assert not in_crimea, f"Russian vertex in Crimea: {lon}, {lat}"


def test_asset_is_under_the_size_budget() -> None:
    assert ASSET.stat().st_size < SIZE_BUDGET_BYTES


def test_source_is_documented(asset: dict[str, Any]) -> None:
    source = asset["source"]
    assert source["package"] == "world-atlas" and source["version"] == "2.0.2"
    assert source["file"] == "countries-50m.json"
    assert source["input_sha256"] == source["sha256"] == PINNED_SHA256
    assert "public domain" in source["data_licence"]
    assert "ISC" in source["package_licence"]
    assert (ROOT / "assets" / "maps" / "README.md").is_file()


def _projection(asset: dict[str, Any]) -> tuple[Any, Any]:
    p = asset["projection"]
    assert p["name"] == "equirectangular"
    r, lon0, lat0 = p["radius_km"], p["lon0"], p["lat0"]
    c = math.cos(math.radians(p["standard_parallel"]))
    assert c == pytest.approx(p["cos_standard_parallel"], abs=1e-15)

    def forward(lon: float, lat: float) -> tuple[float, float]:
        return r * math.radians(lon - lon0) * c, r * math.radians(lat - lat0)

    def inverse(x: float, y: float) -> tuple[float, float]:
        return lon0 + math.degrees(x / (r * c)), lat0 + math.degrees(y / r)

    return forward, inverse


def test_projection_round_trips(asset: dict[str, Any]) -> None:
    forward, inverse = _projection(asset)
    west, south, east, north = asset["bbox"]
    for i in range(11):
        for j in range(11):
            lon = west + (east - west) * i / 10
            lat = south + (north - south) * j / 10
            back = inverse(*forward(lon, lat))
            assert back[0] == pytest.approx(lon, abs=1e-6)
            assert back[1] == pytest.approx(lat, abs=1e-6)


def test_projection_extent_matches_the_bbox(asset: dict[str, Any]) -> None:
    forward, _ = _projection(asset)
    west, south, east, north = asset["bbox"]
    extent = asset["projection"]["extent_km"]
    x0, y0 = forward(west, south)
    x1, y1 = forward(east, north)
    assert (x0, y0, x1, y1) == pytest.approx(
        (extent["x_min"], extent["y_min"], extent["x_max"], extent["y_max"]), abs=1e-6)
    # Odesa to Sevastopol is about 300 km; the projection should agree within 3%.
    ox, oy = forward(30.723, 46.482)
    sx, sy = forward(33.525, 44.617)
    assert math.hypot(sx - ox, sy - oy) == pytest.approx(300, rel=0.03)


# The build tool itself: its TopoJSON decoder and geometry on small synthetic input.


def test_tool_decodes_quantised_delta_arcs() -> None:
    tool = load_tool()
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10.0, 40.0]},
        "arcs": [[[0, 0], [4, 0], [0, 8]], [[4, 8], [-4, 0], [0, -8]]],
    }
    arcs = tool.decode_arcs(topology)
    assert arcs[0] == [(10.0, 40.0), (12.0, 40.0), (12.0, 42.0)]
    assert arcs[1] == [(12.0, 42.0), (10.0, 42.0), (10.0, 40.0)]
    ring = tool.ring_from_arcs([0, 1], arcs)
    assert ring == [(10.0, 40.0), (12.0, 40.0), (12.0, 42.0), (10.0, 42.0), (10.0, 40.0)]
    assert tool.ring_from_arcs([~1], arcs)[0] == (10.0, 40.0)


def test_tool_simplifies_and_clips() -> None:
    tool = load_tool()
    wiggle = [(20.0 + i * 0.01, 45.0 + (0.001 if i % 2 else 0.0)) for i in range(101)]
    simplified = tool.simplify_arc(wiggle, 1.0)  # 0.001 degree is about 110 m: all noise
    assert simplified == [wiggle[0], wiggle[-1]]
    square = [(10.0, 40.0), (14.0, 40.0), (14.0, 44.0), (10.0, 44.0)]
    clipped = tool.clip_ring(square, 12.0, 38.0, 45.0, 56.0)
    assert sorted(set(clipped)) == [(12.0, 40.0), (12.0, 44.0), (14.0, 40.0), (14.0, 44.0)]


@pytest.mark.skipif(not os.environ.get("WORLD_ATLAS_50M"),
                    reason="set WORLD_ATLAS_50M to world-atlas 2.0.2 countries-50m.json")
def test_rebuild_reproduces_the_committed_asset(tmp_path: Path) -> None:
    tool = load_tool()
    out = tmp_path / "black-sea.json"
    tool.main(["--input", os.environ["WORLD_ATLAS_50M"], "--output", str(out)])
    assert out.read_bytes() == ASSET.read_bytes()


LAND_KINDS = {"capital", "city", "town", "port", "river_port", "nuclear_plant", "air_base",
              "logistics_hub", "airport", "naval_base", "training_area"}


def test_every_scenario_place_on_land_is_on_land_in_the_base_map(asset: dict[str, Any]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from game.paths import bundled_scenarios
    from game.scenario import load_scenario

    misplaced = []
    for path in bundled_scenarios():
        spec = load_scenario(path).scenario.map
        if spec is None or spec.region != asset["region"]:
            continue
        misplaced += [f"{path.stem}: {loc.id} ({loc.lat}, {loc.lon})" for loc in spec.locations
                      if loc.kind in LAND_KINDS and not owners(loc.lon, loc.lat, asset)]
    assert misplaced == []
