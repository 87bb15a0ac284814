"""The after-action report's charts, drawn with matplotlib (Agg) into base64 PNGs.

matplotlib is imported inside `render_charts`, so importing the report costs nothing until a
chart is drawn. Figures are built without pyplot (no global figure registry), so a worker
thread can draw them while a window runs. Every label passes through `_label`, because
matplotlib reads `$...$` in text as mathematics.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_FALLBACK = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
             "#7f7f7f", "#bcbd22", "#17becf")
DPI = 110


@dataclass(frozen=True, slots=True)
class PairData:
    """Two parties' utilities over the outcome space, for the scatter."""

    parties: tuple[str, str]
    names: tuple[str, str]
    x: Any
    y: Any
    signable: Any
    """Whether both may sign each text (arrays over texts, or a sample of them)."""
    reservations: tuple[float, float]
    frontier: list[tuple[float, float]]
    nash: tuple[float, float] | None
    deal: tuple[float, float] | None
    approximate: bool


@dataclass(frozen=True, slots=True)
class ChartData:
    names: Mapping[str, str]
    colors: Mapping[str, str]
    reservations: Mapping[str, float]
    curves: Mapping[str, Sequence[float]]
    """Each party's utility for the draft at the start and after every action."""
    rounds: Sequence[tuple[int, int]]
    """(state index, round) where each round starts."""
    records: Sequence[Mapping[str, Any]]
    pair: PairData | None
    opening: Sequence[Mapping[str, Any]] = ()
    """The events of the game's start (round 1's news), which no record holds: drawn at 0."""


def _label(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _color(data: ChartData, party: str, k: int) -> str:
    c = data.colors.get(party, "")
    return c if _COLOR.fullmatch(c) else _FALLBACK[k % len(_FALLBACK)]


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def render_charts(data: ChartData) -> dict[str, str]:
    """Chart name ("curves", "pair", "timeline") -> base64 PNG."""
    import matplotlib

    matplotlib.use("Agg")
    out = {"curves": _png(_curves(data)), "timeline": _png(_timeline(data))}
    if data.pair is not None:
        out["pair"] = _png(_pair(data.pair, data))
    return out


def _new(width: float, height: float, margins: tuple[float, float, float, float]) -> Figure:
    """A figure with fixed margins (left, right, bottom, top), cheaper than a layout engine."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    left, right, bottom, top = margins
    fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top)
    return fig


def _round_lines(ax: Any, data: ChartData, top: float) -> None:
    for index, number in data.rounds:
        ax.axvline(index, color="#cccccc", linewidth=0.8, zorder=0)
        ax.text(index + 0.5, top, f"R{number}", fontsize=7, color="#777777", va="top")


def _curves(data: ChartData) -> Figure:
    fig = _new(7.2, 3.4, (0.08, 0.76, 0.14, 0.96))
    ax = fig.add_subplot()
    n = max((len(v) for v in data.curves.values()), default=1)
    _round_lines(ax, data, 99)
    for k, (party, series) in enumerate(data.curves.items()):
        ax.step(range(len(series)), series, where="post", color=_color(data, party, k),
                linewidth=1.6, label=_label(data.names.get(party, party)))
    ax.set_xlim(0, max(1, n - 1))
    ax.set_ylim(0, 100)
    ax.set_xlabel("Actions")
    ax.set_ylabel("Utility of the draft")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return fig


def _pair(p: PairData, data: ChartData) -> Figure:
    import numpy as np

    fig = _new(5.6, 4.6, (0.11, 0.97, 0.1, 0.93))
    ax = fig.add_subplot()
    x = np.asarray(p.x, dtype=np.float64)
    y = np.asarray(p.y, dtype=np.float64)
    ok = np.asarray(p.signable, dtype=bool)
    # one dot per half-point cell: a million texts draw as a few thousand points
    cells = np.round(x * 2).astype(np.int64) * 1000 + np.round(y * 2).astype(np.int64)
    rx, ry = p.reservations
    zone = ok & (x >= rx) & (y >= ry)
    for mask, color, label in ((~ok, "#e4e4e4", "a red line is crossed"),
                               (ok & ~zone, "#b8b8b8", "signable"),
                               (zone, "#9fd39f", "zone of possible agreement")):
        keys = np.unique(cells[mask])
        if keys.size:
            ax.scatter((keys // 1000) / 2, (keys % 1000) / 2, s=4, color=color, label=label,
                       linewidths=0, rasterized=True)
    ax.axvline(rx, color="#999999", linestyle="--", linewidth=0.8)
    ax.axhline(ry, color="#999999", linestyle="--", linewidth=0.8)
    if p.frontier:
        pts = sorted(set(p.frontier))
        ax.plot([a for a, _ in pts], [b for _, b in pts], color="#333333", linewidth=1.2,
                marker="o", markersize=2.5, label="Pareto frontier")
    ax.scatter([rx], [ry], marker="s", s=30, color="#666666", label="no deal", zorder=4)
    if p.nash is not None:
        ax.scatter([p.nash[0]], [p.nash[1]], marker="*", s=160, color="#d4a017",
                   edgecolors="#333333", linewidths=0.6, label="Nash point of these two", zorder=5)
    if p.deal is not None:
        ax.scatter([p.deal[0]], [p.deal[1]], marker="D", s=60, color="#c0392b",
                   edgecolors="#333333", linewidths=0.6, label="the deal", zorder=6)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(_label(f"{p.names[0]}: utility"))
    ax.set_ylabel(_label(f"{p.names[1]}: utility"))
    if p.approximate:
        ax.set_title("from a sample of texts", fontsize=8)
    ax.legend(fontsize=7, loc="lower left", framealpha=0.9)
    return fig


_UNFILLED = frozenset({"x", "|", "+", "_", "1", "2", "3", "4"})
_ROWS = ("Proposals", "Votes", "Lapses", "News and injects", "Seats and control", "Signing")


def _timeline(data: ChartData) -> Figure:
    fig = _new(7.2, 2.8, (0.2, 0.98, 0.16, 0.96))
    ax = fig.add_subplot()
    row = {name: len(_ROWS) - 1 - k for k, name in enumerate(_ROWS)}
    order = {party: k for k, party in enumerate(data.names)}
    points: dict[tuple[str, str, str], list[tuple[int, int]]] = {}

    def add(name: str, x: int, marker: str, color: str, edge: str = "#333333") -> None:
        if marker in _UNFILLED:
            edge = color
        points.setdefault((marker, color, edge), []).append((x, row[name]))

    for k, rec in enumerate([{"events": list(data.opening)}, *data.records]):
        events = rec.get("events", [])
        for ev in events if isinstance(events, list) else []:
            kind = ev.get("kind") if isinstance(ev, Mapping) else None
            if kind == "ProposalTabled":
                party = str(ev.get("party"))
                add("Proposals", k, "o", _color(data, party, order.get(party, 0)))
            elif kind == "ProposalPassed":
                add("Votes", k, "^", "#2e8b57")
            elif kind == "ProposalFailed":
                add("Votes", k, "v", "#c0392b")
            elif kind == "ProposalLapsed":
                add("Lapses", k, "x", "#7f7f7f", "#7f7f7f")
            elif kind == "EventFired":
                add("News and injects", k, "D", "#d4a017")
            elif kind == "InjectFired":
                add("News and injects", k, "P", "#8e44ad")
            elif kind in ("SeatChanged", "SigningForced"):
                add("Seats and control", k, "s", "#34495e")
            elif kind == "AgreementReached":
                add("Signing", k, "*", "#2e8b57")
            elif kind in ("SigningFailed", "SigningImpossible", "SigningInterrupted"):
                add("Signing", k, "X", "#c0392b")
            elif kind == "SigningOpened":
                add("Signing", k, "|", "#333333", "#333333")
            elif kind == "GameEnded" and ev.get("status") == "no_deal":
                add("Signing", k, "X", "#c0392b")
    _round_lines(ax, data, len(_ROWS) - 0.45)
    for (marker, color, edge), pts in points.items():
        filled = marker not in _UNFILLED
        ax.scatter([a for a, _ in pts], [b for _, b in pts], marker=marker, s=28, color=color,
                   edgecolors=edge if filled else None, linewidths=0.5 if filled else 1.2,
                   zorder=3)
    ax.set_yticks(range(len(_ROWS)), list(reversed(_ROWS)), fontsize=8)
    ax.set_ylim(-0.6, len(_ROWS) - 0.4)
    # a margin either side, so that the opening's news at 0 and the last record show whole
    pad = max(1, len(data.records)) * 0.015 + 0.5
    ax.set_xlim(-pad, max(1, len(data.records)) + pad)
    ax.set_xlabel("Actions")
    ax.grid(axis="y", color="#eeeeee")
    return fig
