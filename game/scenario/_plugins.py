"""Stand in for pydantic's plugin loader while plugins are disabled.

Pydantic looks for plugins when it builds its first validator. Its loader module imports
`importlib.metadata` at the top, even when `PYDANTIC_DISABLE_PLUGINS` turns the search off, and
that import is a large share of every `backstop` start-up. Backstop uses no pydantic plugins:
when they are disabled, this module takes the loader's place and answers "no plugins", which is
what the real loader returns in that case. Any other name is fetched from the real loader, so a
pydantic that asks for more still gets it.

`install()` must run before pydantic builds a model; `game.scenario.models` calls it first.
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import os
import sys
import types
from typing import Any

_LOADER = "pydantic.plugin._loader"
_DISABLED = ("__all__", "1", "true")


def get_plugins() -> tuple[()]:
    """No plugins: what pydantic's own loader returns when they are disabled."""
    return ()


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system probes for `__path__` and the like
            raise AttributeError(name)
        return getattr(_real_loader(), name)


@functools.cache
def _real_loader() -> types.ModuleType:
    import pydantic.plugin

    # Found on the package's path: `find_spec` by name would return the stand-in's own spec.
    spec = importlib.machinery.PathFinder.find_spec(_LOADER, pydantic.plugin.__path__)
    if spec is None or spec.loader is None:  # pragma: no cover - pydantic always ships it
        raise ImportError(_LOADER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def install() -> bool:
    """Put the stand-in in place when plugins are disabled and the real loader is not loaded.

    Returns True when the stand-in is (now) the loader pydantic will use.
    """
    current = sys.modules.get(_LOADER)
    if isinstance(current, _StandIn):
        return True
    if current is not None or os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _DISABLED:
        return False
    stand_in = _StandIn(_LOADER, __doc__)
    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    sys.modules[_LOADER] = stand_in
    return True
