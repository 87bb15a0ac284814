"""Backstop: a turn-based diplomacy negotiation game.

Layers, from the bottom up (each imports only from those before it):
core, scenario, bots, report, session, sim, net, ui; `game.cli` is the `backstop` command.
"""

__version__ = "0.2.0"
