"""`@record` behaves as `@dataclass(frozen=True, slots=True)` does, method for method."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import KW_ONLY, InitVar, dataclass, field

import pytest

from game.core.model import FrozenMap, Issue, Option
from game.core.records import record
from game.paths import bundled_scenario
from game.scenario import load_scenario


def _make(decorate):  # the same class body under either decorator
    class Point:
        x: int
        y: int
        label: str = ""
        tags: tuple[str, ...] = field(default_factory=tuple)
        norm: int = field(init=False, compare=False, repr=False)
        note: str = field(default="", compare=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "norm", abs(self.x) + abs(self.y))

    return decorate(Point)


Rec = _make(record)
Dc = _make(dataclass(frozen=True, slots=True))
CALLS = [((1, 2), {}), ((1,), {"y": 2, "label": "a"}), ((), {"x": -3, "y": 4, "tags": ("t",)}),
         ((1, 2, "b", ("u", "v"), "n"), {}), ((0, 0), {"note": "x"})]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_construction_repr_eq_hash_match_a_dataclass(args, kwargs):
    r, d = Rec(*args, **kwargs), Dc(*args, **kwargs)
    assert repr(r) == repr(d)
    for name in ("x", "y", "label", "tags", "norm", "note"):
        assert getattr(r, name) == getattr(d, name)
    assert hash(r) == hash(d)
    twin = Rec(*args, **kwargs)
    assert r == twin and hash(r) == hash(twin) and not r != twin  # noqa: SIM202 (checks __ne__)
    assert r != Rec(99, 2)
    assert r != d  # a different class never compares equal, as with dataclasses


def test_compare_false_fields_are_left_out_of_eq_and_hash():
    a, b = Rec(1, 2, note="one"), Rec(1, 2, note="two")
    assert a == b and hash(a) == hash(b)
    assert "note='one'" in repr(a) and "norm" not in repr(a)


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((1,), {}, "missing required argument: 'y'"),
    ((1, 2), {"x": 3}, "multiple values for argument 'x'"),
    ((1, 2), {"colour": 3}, "unexpected keyword argument 'colour'"),
    ((1, 2, "", (), "", 6), {}, "takes 5 positional arguments but 6 were given"),
    ((1, 2), {"norm": 3}, "unexpected keyword argument 'norm'"),
])
def test_bad_arguments_raise_type_error(args, kwargs, message):
    with pytest.raises(TypeError, match=message):
        Rec(*args, **kwargs)
    with pytest.raises(TypeError):
        Dc(*args, **kwargs)


def test_records_are_frozen_and_slotted():
    r = Rec(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.x = 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        del r.x
    with pytest.raises((AttributeError, TypeError)):
        r.other = 1
    assert not hasattr(r, "__dict__")
    assert r.x == 1


def test_dataclass_helpers_work():
    r = Rec(1, 2, "p", ("a",))
    assert dataclasses.is_dataclass(r)
    assert [f.name for f in dataclasses.fields(r)] == ["x", "y", "label", "tags", "norm", "note"]
    moved = dataclasses.replace(r, x=10)
    assert (moved.x, moved.y, moved.label, moved.norm) == (10, 2, "p", 12)
    assert dataclasses.asdict(r)["tags"] == ("a",)
    assert Rec.__match_args__ == Dc.__match_args__


@record
class Span:  # module level, so pickle can find it
    start: int
    end: int
    note: str = field(default="", compare=False)
    length: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "length", self.end - self.start)


def test_pickle_and_copy_rebuild_through_init():
    r = Span(2, 7, "n")
    for again in (pickle.loads(pickle.dumps(r)), copy.copy(r), copy.deepcopy(r)):
        assert again == r and again.note == "n" and again.length == 5


def test_default_factories_give_fresh_values():
    @record
    class Box:
        items: list[int] = field(default_factory=list)

    a, b = Box(), Box()
    a.items.append(1)
    assert b.items == []


def test_the_flagship_model_survives_pickling_and_keeps_derived_fields():
    scenario = load_scenario(bundled_scenario("ukraine-reassurance-2025")).scenario
    again = pickle.loads(pickle.dumps(scenario))
    assert again == scenario and hash(again) == hash(scenario)
    assert again.party_ids == scenario.party_ids and again.issue_ids == scenario.issue_ids
    issue = Issue("i", "I", (Option("a", "A"), Option("b", "B")), ("p",))
    assert issue.option_ids == ("a", "b")
    assert repr(issue) == ("Issue(id='i', name='I', options=(Option(id='a', label='A', "
                           "description=''), Option(id='b', label='B', description='')), "
                           "stakeholders=('p',), description='', if_open=None, locked=False)")
    assert FrozenMap({"a": 1}) == FrozenMap({"a": 1})


def test_keyword_only_and_initvar_fields_are_refused_when_the_class_is_made():
    with pytest.raises(TypeError, match="keyword-only"):
        @record
        class Keyed:
            a: int
            _: KW_ONLY
            b: int = 0

    with pytest.raises(TypeError, match="InitVar"):
        @record
        class Seeded:
            a: int
            seed: InitVar[int] = 0
