"""`@record`: a frozen, slotted dataclass whose methods are shared instead of generated.

`@dataclass(frozen=True, slots=True)` writes and compiles six methods for every class
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`). For the core
model's couple of dozen classes that costs about 20 ms at every start-up, a large part of what
`backstop validate` spends. `record` lets `dataclasses` do the field handling (so `fields`,
`replace` and `asdict` work as usual) and gives every record the same generic methods, which
behave as the generated ones do:

- `__init__` takes the init fields by position or name, fills defaults and default factories,
  then calls `__post_init__` when the class has one;
- `__eq__` and `__hash__` use the fields with `compare=True`, and `==` holds only between
  instances of the very same class;
- `__repr__` is `QualName(field=value!r, ...)` over the fields with `repr=True`: state hashes are
  built from these reprs, so it matches the generated one exactly;
- assigning or deleting an attribute raises `dataclasses.FrozenInstanceError`;
- pickling and copying rebuild the record through `__init__`.

The methods read a per-class table, so they are a little slower than generated code; records
are scenario data, built once per load and rarely compared, so that never shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar, dataclass_transform

T = TypeVar("T")


class _Spec(NamedTuple):
    init: tuple[str, ...]
    defaults: dict[str, Any]
    factories: dict[str, Callable[[], Any]]
    compare: tuple[str, ...]
    shown: tuple[str, ...]
    post_init: Callable[[Any], None] | None


def _spec(cls: type) -> _Spec:
    spec: _Spec = cls.__record__  # type: ignore[attr-defined]
    return spec


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    spec = _spec(cls)
    names = spec.init
    if len(args) > len(names):
        raise TypeError(f"{cls.__qualname__}() takes {len(names)} positional arguments but "
                        f"{len(args)} were given")
    put = object.__setattr__
    for name, value in zip(names, args, strict=False):
        if name in kwargs:
            raise TypeError(f"{cls.__qualname__}() got multiple values for argument '{name}'")
        put(self, name, value)
    used = 0
    for name in names[len(args):]:
        if name in kwargs:
            value = kwargs[name]
            used += 1
        elif name in spec.defaults:
            value = spec.defaults[name]
        elif name in spec.factories:
            value = spec.factories[name]()
        else:
            raise TypeError(f"{cls.__qualname__}() missing required argument: '{name}'")
        put(self, name, value)
    if used != len(kwargs):
        unknown = next(k for k in kwargs if k not in names)
        raise TypeError(f"{cls.__qualname__}() got an unexpected keyword argument '{unknown}'")
    if spec.post_init is not None:
        spec.post_init(self)


def _values(self: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple([getattr(self, name) for name in names])


def _eq(self: Any, other: object) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = _spec(type(self)).compare
    return bool(_values(self, names) == _values(other, names))


def _hash(self: Any) -> int:
    return hash(_values(self, _spec(type(self)).compare))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _spec(type(self)).shown)
    return f"{self.__class__.__qualname__}({shown})"


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
    return type(self), _values(self, _spec(type(self)).init)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """Make `cls` a frozen, slotted dataclass with shared methods (see the module docstring)."""
    made: type[T] = dataclasses.dataclass(init=False, repr=False, eq=False, slots=True)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    made.__record__ = _Spec(  # type: ignore[attr-defined]
        init=tuple(f.name for f in fields if f.init),
        defaults={f.name: f.default for f in fields
                  if f.init and f.default is not dataclasses.MISSING},
        factories={f.name: f.default_factory for f in fields
                   if f.init and f.default_factory is not dataclasses.MISSING},
        compare=tuple(f.name for f in fields if f.compare),
        shown=tuple(f.name for f in fields if f.repr),
        post_init=getattr(made, "__post_init__", None),
    )
    for name, method in (("__init__", _init), ("__eq__", _eq), ("__hash__", _hash),
                         ("__repr__", _repr), ("__setattr__", _setattr),
                         ("__delattr__", _delattr), ("__reduce__", _reduce)):
        setattr(made, name, method)
    return made
