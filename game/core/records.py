"""`@record`: a frozen, slotted dataclass whose methods are closures, not generated code.

`@dataclass(frozen=True, slots=True)` writes and compiles six methods for every class
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`). For the core
model's couple of dozen classes that costs about 20 ms at every start-up, a large part of what
`backstop validate` spends. `record` lets `dataclasses` do the field handling (so `fields`,
`replace` and `asdict` work as usual) and gives each class methods made from closures over its
field names, with nothing compiled, which behave as the generated ones do:

- `__init__` takes the init fields by position or name, fills defaults and default factories,
  then calls `__post_init__` when the class has one;
- `__eq__` and `__hash__` use the fields with `compare=True`, and `==` holds only between
  instances of the very same class;
- `__repr__` is `QualName(field=value!r, ...)` over the fields with `repr=True`: state hashes are
  built from these reprs, so it matches the generated one exactly;
- assigning or deleting an attribute raises `dataclasses.FrozenInstanceError`;
- pickling and copying rebuild the record through `__init__`.

Keyword-only and `InitVar` fields are refused when the class is made: use `@dataclass` for
those.

`__eq__` and `__hash__` read the fields with one C-level `attrgetter`, so they cost what the
generated ones do (caches keyed on preferences and issues hash them during play). `__init__`
loops over the fields, a little slower than generated code; records are scenario data, built
once per load, so that never shows.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
Getter = Callable[[Any], tuple[Any, ...]]


def _getter(names: tuple[str, ...]) -> Getter:
    """A function giving an object's `names` attributes as a tuple (for any number of names)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    many: Getter = operator.attrgetter(*names)
    return many


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _initialiser(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    names = tuple(f.name for f in fields if f.init)
    defaults = {f.name: f.default for f in fields
                if f.init and f.default is not dataclasses.MISSING}
    factories = {f.name: f.default_factory for f in fields
                 if f.init and f.default_factory is not dataclasses.MISSING}
    post_init = getattr(cls, "__post_init__", None)
    name_of = cls.__qualname__
    put = object.__setattr__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(names):
            raise TypeError(f"{name_of}() takes {len(names)} positional arguments but "
                            f"{len(args)} were given")
        for name, value in zip(names, args, strict=False):
            if name in kwargs:
                raise TypeError(f"{name_of}() got multiple values for argument '{name}'")
            put(self, name, value)
        used = 0
        for name in names[len(args):]:
            if name in kwargs:
                value = kwargs[name]
                used += 1
            elif name in defaults:
                value = defaults[name]
            elif name in factories:
                value = factories[name]()
            else:
                raise TypeError(f"{name_of}() missing required argument: '{name}'")
            put(self, name, value)
        if used != len(kwargs):
            unknown = next(k for k in kwargs if k not in names)
            raise TypeError(f"{name_of}() got an unexpected keyword argument '{unknown}'")
        if post_init is not None:
            post_init(self)

    return __init__


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """Make `cls` a frozen, slotted dataclass (see the module docstring)."""
    made: type[T] = dataclasses.dataclass(init=False, repr=False, eq=False, slots=True)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    # The closures below know positional fields only: refuse what they would mishandle.
    for f in getattr(made, "__dataclass_fields__", {}).values():
        if f.kw_only is True or f._field_type is dataclasses._FIELD_INITVAR:  # type: ignore[attr-defined]
            raise TypeError(f"@record does not support keyword-only or InitVar fields "
                            f"({cls.__qualname__}.{f.name}); use @dataclass")
    compared = _getter(tuple(f.name for f in fields if f.compare))
    initial = _getter(tuple(f.name for f in fields if f.init))
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self: Any, other: object) -> object:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(compared(self) == compared(other))

    def __hash__(self: Any) -> int:
        return hash(compared(self))

    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return type(self), initial(self)

    for method in (_initialiser(made, fields), __eq__, __hash__, __repr__, __reduce__):
        method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
        setattr(made, method.__name__, method)
    setattr(made, "__setattr__", _setattr)  # noqa: B010 - assigning the method, not a field
    setattr(made, "__delattr__", _delattr)  # noqa: B010
    return made
