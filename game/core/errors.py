"""Typed errors of the rules core, each with a stable `code` that UIs and tests can rely on."""

from __future__ import annotations


class GameError(ValueError):
    """An action that the rules refuse. The input state is never changed.

    `code` is stable (for example `action/not_your_turn`); the message explains in plain words.
    """

    code = "action/illegal"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.args[0]}"


class BadActionTextError(GameError):
    """Text or data that does not describe any action."""

    code = "action/bad_text"

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"cannot read action {text!r}: {reason}")
