"""Wording shared by every layer's messages: lists and possessives as a person would say them."""

from __future__ import annotations

from collections.abc import Sequence


def and_list(items: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C" ("" for none)."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def possessive(name: str) -> str:
    """"France's", "United States'": a delegation's name as the owner of something."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
