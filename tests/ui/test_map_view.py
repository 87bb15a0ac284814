"""The map panel: projection, the Crimea hatch, the draft's markers and the tooltips."""

from __future__ import annotations

import pygame
import pytest

from game.scenario import load_scenario
from game.ui.map_view import MapView, Projection, _rgb, load_base_map, load_theme
from tests.conftest import FLAGSHIP, TUTORIAL

SIZE = (900, 700)


@pytest.fixture(scope="module")
def font() -> pygame.font.Font:
    pygame.init()
    return pygame.font.Font(None, 16)


@pytest.fixture(scope="module")
def flagship_map(font: pygame.font.Font) -> MapView:
    spec = load_scenario(FLAGSHIP).scenario.map
    assert spec is not None
    return MapView(spec, SIZE, font)


def _draw(view: MapView) -> pygame.Surface:
    screen = pygame.Surface(SIZE)
    view.draw(screen, (0, 0))
    return screen


def test_the_projection_round_trips() -> None:
    proj = Projection.fit(load_base_map("black-sea"), pygame.Rect(0, 0, *SIZE))
    for lon, lat in [(30.723, 46.482), (22.019, 50.11), (28.98, 41.01)]:
        x, y = proj.to_screen(lon, lat)
        assert 0 <= x <= SIZE[0] and 0 <= y <= SIZE[1]
        back = proj.to_lonlat(x, y)
        assert back == pytest.approx((lon, lat), abs=1e-9)


def test_crimea_is_hatched_as_territory_under_another_states_control(
    flagship_map: MapView,
) -> None:
    flagship_map.set_draft({})
    screen = _draw(flagship_map)
    x, y = (round(v) for v in flagship_map.proj.to_screen(34.0, 45.0))  # below the label
    hatch = _rgb(load_theme()["crimea_hatch"])
    colours = {tuple(screen.get_at((x + dx, y))[:3]) for dx in range(-10, 11)}
    assert hatch in colours and len(colours) > 1  # stripes, not a solid fill


def test_markers_follow_the_draft(flagship_map: MapView) -> None:
    odesa = next(loc for loc in flagship_map.spec.locations if loc.id == "odesa")
    x, y = (round(v) for v in flagship_map.proj.to_screen(odesa.lon, odesa.lat))
    troops = _rgb(load_theme()["markers"]["troops"])

    def troops_near_odesa() -> bool:
        screen = _draw(flagship_map)
        return any(tuple(screen.get_at((x + dx, y + dy))[:3]) == troops
                   for dx in range(-8, 30) for dy in range(-18, 4))

    flagship_map.set_draft({"deployment_zone": "cities_ports", "force_size": "under_30k"})
    assert "force_cities" in {layer.id for layer in flagship_map.visible_layers}
    assert troops_near_odesa()
    flagship_map.set_draft({"deployment_zone": "over_horizon", "force_size": "under_30k"})
    assert "force_cities" not in {layer.id for layer in flagship_map.visible_layers}
    assert not troops_near_odesa()


def test_the_overlay_is_only_redrawn_when_the_draft_changes(flagship_map: MapView) -> None:
    flagship_map.set_draft({"deployment_zone": "cities_ports"})
    first = flagship_map._overlay
    flagship_map.set_draft({"deployment_zone": "cities_ports"})
    assert flagship_map._overlay is first
    flagship_map.set_draft({"deployment_zone": "west_only"})
    assert flagship_map._overlay is not first


def test_tooltips_name_the_place_under_the_pointer(flagship_map: MapView) -> None:
    kyiv = next(loc for loc in flagship_map.spec.locations if loc.id == "kyiv")
    x, y = flagship_map.proj.to_screen(kyiv.lon, kyiv.lat)
    assert flagship_map.location_at((round(x) + 2, round(y) - 1)) == kyiv
    assert flagship_map.location_at((5, 5)) is None


def test_every_bundled_scenario_map_renders(font: pygame.font.Font) -> None:
    for path in (FLAGSHIP, TUTORIAL):
        spec = load_scenario(path).scenario.map
        assert spec is not None
        view = MapView(spec, (640, 480), font)
        view.set_draft({})
        x, y = view.proj.to_screen(33.0, 43.5)  # the open Black Sea
        assert _draw(view).get_at((round(x), round(y)))[:3] == _rgb(load_theme()["sea"])
