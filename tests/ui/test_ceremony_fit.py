"""The ceremony shows every signature: the flagship's ten, and more, whole and apart at every
size; only when even small type cannot hold them does the page say "and N more"."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from game.core.view import View
from game.ui import flow
from game.ui.context import Context
from game.ui.layout import Box, audit, audit_gui
from game.ui.scenes import sign
from game.ui.scenes.sign import CeremonyScene

from .conftest import make_ctx
from .test_private_screens import FLAGSHIP, finish_with_bots, step

SIZES = [((1280, 720), 1.5), ((1280, 720), 1.0), ((1920, 1080), 1.0)]
MORE = ("Bosnia and Herzegovina", "North Macedonia", "Czech Republic", "Netherlands",
        "Luxembourg", "Montenegro", "Switzerland", "Liechtenstein")


def _more_signers(count: int) -> Callable[[View], list[sign.PartyInfo]]:
    """`sign.signatures`, with `count` made-up delegations signing after the real ones."""
    real = sign.signatures

    def more(view: View) -> list[sign.PartyInfo]:
        found = real(view)
        extra = [dataclasses.replace(found[k % len(found)], id=f"extra{k}",
                                     name=f"{MORE[k % len(MORE)]}{' ' * (k >= len(MORE))}"
                                          f"{k // len(MORE) + 1 if k >= len(MORE) else ''}")
                 for k in range(count)]
        return found + extra
    return more


def _ceremony(tmp_path: Path, size: tuple[int, int], scale: float) -> tuple[Context,
                                                                            CeremonyScene]:
    ctx = make_ctx(tmp_path / f"home{size[0]}-{scale}", size, scale)
    ctx.settings = ctx.settings.with_changes(animations=False)
    finish_with_bots(ctx, FLAGSHIP)
    assert ctx.table is not None and ctx.table.view().status == "agreement"
    flow.show_game(ctx)
    scene = ctx.app.scenes.top
    assert isinstance(scene, CeremonyScene)
    step(ctx)
    return ctx, scene


def _names(scene: CeremonyScene) -> list[Box]:
    return [scene.layout[f"sig.{p}.name"] for p in scene.signers
            if f"sig.{p}.name" in scene.layout]


@pytest.mark.parametrize(("size", "scale"), SIZES)
@pytest.mark.parametrize("extra", [0, 4, 8])
def test_every_signature_is_on_the_page_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], scale: float,
        extra: int) -> None:
    """The flagship's ceremony at 1280x720 showed nine of its ten signatures, Türkiye's place
    empty: every signer (the ten, and fourteen) has a place on the page, its name whole and
    clear of every other."""
    monkeypatch.setattr(sign, "signatures", _more_signers(extra))
    ctx, scene = _ceremony(tmp_path, size, scale)
    try:
        assert len(scene.signers) == 10 + extra
        assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, size) == []
        assert "sig.more" not in scene.layout
        names = _names(scene)
        assert len(names) == len(scene.signers)
        area = scene.layout["doc.inner"].rect
        for k, box in enumerate(names):
            assert not box.truncated, box.text
            assert box.font is not None and box.font.size(box.text)[0] <= box.rect.w
            assert area.contains(box.rect), box.name
            for other in names[k + 1:]:
                assert not box.rect.colliderect(other.rect), (box.name, other.name)
        assert not scene.layout["heading"].rect.colliderect(names[0].rect)
    finally:
        ctx.end_game()


@pytest.mark.parametrize(("size", "scale"), SIZES[:1])
def test_signatures_that_cannot_fit_are_counted_not_dropped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], scale: float,
        ) -> None:
    """Far more signers than even small type holds: the last place says "and N more" (the
    names on hover), and every other signature is whole."""
    monkeypatch.setattr(sign, "signatures", _more_signers(70))
    ctx, scene = _ceremony(tmp_path, size, scale)
    try:
        assert audit(scene.layout) == []
        names = _names(scene)
        more = scene.layout["sig.more"]
        hidden = [p for p in scene.signers if f"sig.{p}.name" not in scene.layout]
        assert names and hidden
        assert len(names) + len(hidden) == len(scene.signers)
        assert more.text == f"and {len(hidden)} more" and not more.truncated
        assert all(not b.truncated for b in names)
        assert ctx.table is not None
        assert sign.signatures(ctx.table.view())[-1].name in more.tooltip
    finally:
        ctx.end_game()


@pytest.mark.parametrize("extra", [0, 8])
def test_every_signature_appears_within_three_seconds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: int) -> None:
    """One signature every 0.45 s left the flagship's page without Türkiye's for over four
    seconds: however many sign, the signatures still come one by one, and the page is whole
    within three seconds."""
    monkeypatch.setattr(sign, "signatures", _more_signers(extra))
    ctx = make_ctx(tmp_path / "home")
    try:
        finish_with_bots(ctx, FLAGSHIP)
        flow.show_game(ctx)
        scene = ctx.app.scenes.top
        assert isinstance(scene, CeremonyScene)
        seen = set()
        for _ in range(30):  # three seconds
            ctx.app.step([], 0.1)
            seen.add(scene.shown)
        assert scene.complete and scene.shown == len(scene.signers) == 10 + extra
        assert len(seen) > len(scene.signers) // 2  # one by one, not all at once
    finally:
        ctx.end_game()
