"""The map panel: projection, the Crimea hatch, the draft's markers, labels and tooltips."""

from __future__ import annotations

import pygame
import pytest

from game.core.model import MapSpec
from game.scenario import load_scenario
from game.ui import style
from game.ui.map_view import (
    MapView,
    Projection,
    _rgb,
    label_order,
    load_base_map,
    load_theme,
)
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
        x, y = view.proj.to_screen(31.5, 45.5)  # the Black Sea off Odesa
        assert _draw(view).get_at((round(x), round(y)))[:3] == _rgb(load_theme()["sea"])


# -- filling the box, and labels by priority ----------------------------------------------------

TABLE_1920 = ((681, 535), 11)
"""The table's map and its label font at 1920x1080, scale 1.0."""
TABLE_1280 = ((424, 333), 11)
DEBRIEFS = (((502, 281), 13), ((771, 478), 13), ((484, 224), 20))
"""The debrief's map and label font at 1280x720, 1920x1080 and 1280x720 at scale 1.5."""
RICH = {"force_size": "under_30k", "deployment_zone": "cities_ports",
        "command": "european_coalition", "monitoring": "coalition_us_isr",
        "airspace": "nationwide_policing", "black_sea": "multinational_escorts",
        "us_backstop": "air_power_standby", "eastern_flank": "brigades"}
"""A flagship draft that puts something on 22 places at once."""


def _spec(path: object) -> MapSpec:
    spec = load_scenario(path).scenario.map  # type: ignore[arg-type]
    assert spec is not None
    return spec


def _view(path: object, size_font: tuple[tuple[int, int], int]) -> MapView:
    size, font_size = size_font
    return MapView(_spec(path), size, style.font(font_size))


def _drafts(path: object) -> list[dict[str, str | None]]:
    """No clause settled, then each option of each clause alone."""
    issues = load_scenario(path).scenario.issues  # type: ignore[arg-type]
    return [{}, *({i.id: (o.id if i is issue else None) for i in issues}
                  for issue in issues for o in issue.options)]


def _unnamed(view: MapView) -> list[str]:
    """The places the draft puts something on that have no label of their own nor share a
    spot with a labelled place."""
    used = dict.fromkeys(m.at for layer in view.visible_layers for m in layer.markers)
    return [place for place in used if place not in view.labels
            and not view._same[place] & set(view.labels)]


@pytest.mark.parametrize("path", [FLAGSHIP, TUTORIAL], ids=lambda p: p.stem)
def test_the_map_fills_its_box_with_land_to_both_side_edges(path: object) -> None:
    """No sea-coloured bands beside the map (review 19): the window is cut from the data to
    the box's shape, so both side edges show the land there."""
    land = {_rgb(load_theme()["land"]), _rgb(load_theme()["land_focus"])}
    west, south, east, north = load_base_map("black-sea")["bbox"]
    for size_font in (TABLE_1920, TABLE_1280, *DEBRIEFS):
        view = _view(path, size_font)
        w, h = view.size
        for corner in ((0, 0), (w, h)):
            lon, lat = view.proj.to_lonlat(*corner)
            assert west - 1e-6 <= lon <= east + 1e-6 and south - 1e-6 <= lat <= north + 1e-6
        screen = _draw_at(view)
        for x in (0, w - 1):
            assert land & {tuple(screen.get_at((x, y))[:3]) for y in range(h)}, (size_font, x)


def _draw_at(view: MapView) -> pygame.Surface:
    screen = pygame.Surface(view.size)
    view.draw(screen, (0, 0))
    return screen


def test_the_map_zooms_to_the_scenarios_places_and_keeps_them_in_view() -> None:
    for path in (FLAGSHIP, TUTORIAL):
        view = _view(path, TABLE_1920)
        for loc in view.spec.locations:
            x, y = view.proj.to_screen(loc.lon, loc.lat)
            assert 0 <= x <= view.size[0] and 0 <= y <= view.size[1], loc.id
    assert _view(TUTORIAL, TABLE_1920).proj.scale > _view(FLAGSHIP, TABLE_1920).proj.scale


def test_the_places_the_draft_uses_come_first_in_the_label_order() -> None:
    spec = _spec(FLAGSHIP)
    view = MapView(spec, TABLE_1920[0], style.font(11))
    view.set_draft({"deployment_zone": "cities_ports", "force_size": "under_30k"})
    order = [loc.id for loc in label_order(spec, view.visible_layers)]
    assert order[:6] == ["kyiv", "odesa", "port_chornomorsk", "south_ukraine_npp",
                         "khmelnytskyi_npp", "rivne_npp"]
    assert order[6:9] == ["crimea", "azov", "black_sea_west"]  # regions and seas next
    assert order.index("lviv") < order.index("kherson")  # a clause can put troops in Lviv
    assert "enerhodar" not in order  # a town no clause uses: named in its tooltip only


def test_every_place_the_tutorial_uses_is_named_at_every_size() -> None:
    """Review 19: Odesa and South Ukraine NPP had markers and no name, and Rzeszów or Lviv
    dropped out depending on the map's size."""
    for size_font in (TABLE_1920, TABLE_1280, *DEBRIEFS[:2]):
        view = _view(TUTORIAL, size_font)
        for draft in _drafts(TUTORIAL):
            view.set_draft(draft)
            assert _unnamed(view) == [], (size_font, draft)
        view.set_draft({})
        assert set(view.labels) == {loc.id for loc in view.spec.locations}


def test_the_flagships_places_are_named_on_the_tables_map_at_1920x1080() -> None:
    """Each place a draft puts something on has its name beside it (or shares the spot with
    a named place a few km away), bar at most one in the most crowded drafts."""
    view = _view(FLAGSHIP, TABLE_1920)
    for draft in [*_drafts(FLAGSHIP), RICH]:
        view.set_draft(draft)
        assert len(_unnamed(view)) <= 1, (draft, _unnamed(view))
    view.set_draft({"deployment_zone": "cities_ports", "force_size": "under_30k"})
    assert _unnamed(view) == []
    assert {"odesa", "kyiv", "south_ukraine_npp"} <= set(view.labels)


def test_a_smaller_map_drops_names_from_the_end_of_the_priority_order() -> None:
    """The same places keep their names at both table sizes: a smaller map only has fewer."""
    for path in (FLAGSHIP, TUTORIAL):
        small, big = _view(path, TABLE_1280), _view(path, TABLE_1920)
        for draft in (_drafts(path)[0], RICH if path == FLAGSHIP else _drafts(path)[-1]):
            small.set_draft(draft)
            big.set_draft(draft)
            assert set(small.labels) <= set(big.labels), draft
            first = label_order(small.spec, small.visible_layers)[0]
            assert first.id in small.labels


@pytest.mark.parametrize("size_font", [TABLE_1920, TABLE_1280, *DEBRIEFS])
def test_labels_stay_in_the_box_and_clear_of_each_other_icons_and_dots(
        size_font: tuple[tuple[int, int], int]) -> None:
    view = _view(FLAGSHIP, size_font)
    view.set_draft(RICH)
    box = pygame.Rect((0, 0), view.size)
    rects = list(view.labels.items())
    icons = [rect for rect, _ in view._icons]
    for k, (place, rect) in enumerate(rects):
        assert box.contains(rect), place
        assert all(not rect.colliderect(other) for _, other in rects[k + 1:]), place
        assert rect.collidelist(icons) == -1, place
        assert rect.collidelist(view._others[place]) == -1, place


def test_a_place_without_a_label_is_named_in_the_tooltip_of_its_dot_and_icons() -> None:
    view = _view(FLAGSHIP, TABLE_1280)
    view.set_draft(RICH)
    unlabelled = [place for place in dict.fromkeys(place for _, place in view._icons)
                  if place not in view.labels]
    assert unlabelled  # this small map cannot name all 22
    for place in unlabelled:
        assert view._where[place].name in view.tooltip_at(view._at(view._where[place]))
        for rect, owner in view._icons:
            if owner == place:
                assert view._where[place].name in view.tooltip_at(rect.center)
    enerhodar = view._where["enerhodar"]
    assert view.tooltip_at(view._at(enerhodar)).count("\n") >= 1  # the plant is there too
    assert "Enerhodar (town) – Russian-controlled. Under Russian control" in view.tooltip_at(
        view._at(enerhodar))
    for place, rect in view.labels.items():
        assert view.location_at(rect.center) == view._where[place]
