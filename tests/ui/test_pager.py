"""The list pager: pages of items, and the last page stays reachable."""

from __future__ import annotations

from game.ui.scenes.kit import Pager


def test_items_are_cut_into_pages_that_fit() -> None:
    pager = Pager("p")
    assert pager.split([10] * 5, 100) == range(5) and not pager.needed
    assert pager.split([10] * 5, 25) == range(2) and pager.pages == [range(2), range(2, 4),
                                                                     range(4, 5)]


def test_the_last_page_stays_reachable_when_a_screen_splits_twice() -> None:
    # Screens split once to see whether pages are needed, then again with room for the page
    # buttons; the page asked for must survive the first split's fewer pages.
    pager = Pager("p")
    heights = [10] * 5
    pager.split(heights, 45)
    pager.split(heights, 25)  # 2 pages, then 3 with the buttons' room taken
    assert pager.handle("p_next") and pager.handle("p_next")
    assert pager.page == 2
    pager.split(heights, 45)  # the next layout: 2 pages at first...
    assert pager.split(heights, 25) == range(4, 5) and pager.page == 2  # ...still the last
