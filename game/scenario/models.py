"""Pydantic models of the scenario format `backstop/scenario@1`.

These models check the *shape* of a file: types, ranges, required and unknown keys. Checks that
need the whole file (ids that refer to other ids, duplicates, missing values) live in
`game.scenario.checks`, so that every mistake is reported with its own line and column. The JSON
Schema that editors use is generated from these models (`backstop schema`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from game.scenario import _plugins

_plugins.install()  # before the first model below is built

SCHEMA_ID = "backstop/scenario@1"

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError(
            "bad_id",
            "'{value}' is not a valid id",
            {"value": value,
             "expected": "lowercase letters, digits, '_' or '-', like 'force_size'"},
        )
    return value


def _check_color(value: str) -> str:
    if not _COLOR.match(value):
        raise PydanticCustomError(
            "bad_color",
            "'{value}' is not a colour",
            {"value": value, "expected": "a colour written as \"#rrggbb\", like \"#1f4e9c\""},
        )
    return value.lower()


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "text is blank", {"expected": "some text"})
    return value


Id = Annotated[str, AfterValidator(_check_slug)]
Color = Annotated[str, AfterValidator(_check_color)]
Text = Annotated[str, AfterValidator(_check_text)]
Score = Annotated[float, Field(ge=0, le=100)]
Condition = Annotated[dict[Id, Annotated[list[Id], Field(min_length=1)]], Field(min_length=1)]


class Model(BaseModel):
    """Base for every scenario model: strict types, no unknown keys, immutable.

    Nested models defer their build: only `ScenarioModel` validates whole files, and building
    a validator per nested class as well would cost start-up time for nothing.
    """

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class Option(Model):
    id: Id
    label: Text
    description: str = ""


class Issue(Model):
    id: Id
    name: Text
    description: str = ""
    options: list[Option] = Field(min_length=2, max_length=12)
    stakeholders: list[Id] | None = Field(
        default=None, description="Parties that vote on amendments to this issue; default all."
    )
    if_open: Id | None = Field(
        default=None, description="Option the issue takes when still open at the final signing."
    )
    locked: bool = False


class Agreement(Model):
    signatories: list[Id] = Field(min_length=1)
    quorum: int | None = Field(
        default=None, ge=1, description="Total signers needed; default: all signatories."
    )


class Briefing(Model):
    public: Text
    confidential: Text


class Interaction(Model):
    when: Condition
    value: float = Field(ge=-100, le=100)
    note: str = ""


class RedLine(Model):
    issue: Id
    options: list[Id] = Field(min_length=1)
    reason: str = ""


class Preferences(Model):
    weights: dict[Id, Annotated[float, Field(ge=0, le=1000)]] = Field(min_length=1)
    values: dict[Id, dict[Id, Score]]
    missing_values: Literal["error", "zero"] = Field(
        default="error",
        description="'zero' says that options left out of `values` are worth 0 on purpose.",
    )
    interactions: list[Interaction] = []
    red_lines: list[RedLine] = []
    reservation: Score
    urgency: float = Field(default=0.0, ge=0, lt=1)


class BotSpec(Model):
    strategy: Literal[
        "time_dependent", "boulware", "linear", "conceder", "tit_for_tat", "hardliner", "random"
    ] = "time_dependent"
    e: float | None = Field(default=None, gt=0, le=50)


class Party(Model):
    id: Id
    name: Text
    leader: Text
    color: Color
    briefing: Briefing
    public_position: dict[Id, Id] = {}
    preferences: Preferences
    bot: BotSpec = BotSpec()


TRIGGER_FORMS = {"manual": "manual", "round": "{round: 2}", "chance": "{chance: 0.25}",
                 "when": "{when: {clause: [option]}}"}
"""Each kind of trigger as a file writes it: the keyword, or a mapping with one key."""


def _trigger_form(value: Any) -> Any:
    """`trigger: manual` is the natural way to write it; the mapping form is also accepted.
    Anything else but a mapping is refused here, with the trigger form it is nearest to."""
    if value == "manual":
        return {"manual": True}
    if isinstance(value, dict):
        return value
    from game.scenario.errors import describe  # only files with mistakes need it

    near = nearest_trigger(value)
    raise PydanticCustomError(
        "trigger_form", "got {got}{hint}",
        {"got": describe(value), "hint": f"; did you mean {near}?" if near else "",
         "expected": "manual, or a mapping with one of round, chance or when, like "
                     f"{TRIGGER_FORMS['round']}"},
    )


def nearest_trigger(value: Any) -> str | None:
    """The trigger form a mistaken value most likely meant: 'manaul' → manual, 'round 3' →
    {round: 3}, 3 → {round: 3}, 0.4 → {chance: 0.4}; None when nothing is near."""
    import difflib

    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        kind = "round" if isinstance(value, int) and value >= 1 else \
            "chance" if 0 <= value <= 1 else None
        return f"{{{kind}: {value:g}}}" if kind else None
    if not isinstance(value, str):
        return None
    # the word nearest to a kind, over every word given ("on round 3" is a round)
    ratio, kind = max(((difflib.SequenceMatcher(None, word, k).ratio(), k)
                       for word in re.findall(r"[a-z_]+", value.lower()) for k in TRIGGER_FORMS),
                      default=(0.0, ""))
    if ratio < 0.6:
        return None
    number = re.search(r"\d+(?:\.\d+)?", value)
    if number and kind in ("round", "chance"):
        return f"{{{kind}: {number.group()}}}"
    return repr(kind) if kind == "manual" else TRIGGER_FORMS[kind]


def _number_to_text(value: Any) -> Any:
    # `version: 2` is as natural as `version: "2"`.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


class Trigger(Model):
    round: int | None = Field(default=None, ge=1)
    chance: float | None = Field(default=None, ge=0, le=1)
    when: Condition | None = None
    manual: bool | None = None
    from_round: int = Field(default=1, ge=1)
    to_round: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_kind(self) -> Trigger:
        kinds = [k for k in ("round", "chance", "when", "manual") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise PydanticCustomError(
                "trigger_kind",
                "a trigger needs exactly one of round, chance, when or manual, got {got}",
                {"got": ", ".join(kinds) or "none",
                 "expected": "one of round, chance, when, manual"},
            )
        return self


class NewOption(Model):
    issue: Id
    id: Id
    label: Text
    description: str = ""
    after: Id | None = Field(
        default=None, description="Insert after this option to keep the order; default last."
    )
    values: dict[Id, Score] = Field(default={}, description="party -> value of the new option")


class OptionRef(Model):
    issue: Id
    option: Id


class LockRef(Model):
    issue: Id
    option: Id | None = None


class NewIssue(Issue):
    weights: dict[Id, Annotated[float, Field(ge=0, le=1000)]] = {}
    values: dict[Id, dict[Id, Score]] = {}


class EndGame(Model):
    reason: str = ""


EFFECT_KINDS = (
    "party", "add_option", "remove_option", "lock", "unlock", "add_issue", "remove_issue",
    "end_game", "news",
)
_PARTY_CHANGES = ("weights", "values", "reservation", "urgency")


class Effect(Model):
    """One effect of an event. Exactly one kind key is given; numbers are deltas.

    `party` shifts that party's `weights`, `values`, `reservation` or `urgency`.
    """

    party: Id | None = None
    weights: dict[Id, Annotated[float, Field(ge=-1000, le=1000)]] = {}
    values: dict[Id, dict[Id, Annotated[float, Field(ge=-100, le=100)]]] = {}
    reservation: float = Field(default=0, ge=-100, le=100)
    urgency: float = Field(default=0, ge=-1, le=1)
    add_option: NewOption | None = None
    remove_option: OptionRef | None = None
    lock: LockRef | None = None
    unlock: Id | None = None
    add_issue: NewIssue | None = None
    remove_issue: Id | None = None
    end_game: EndGame | None = None
    news: Text | None = None

    @property
    def kind(self) -> str:
        return next(k for k in EFFECT_KINDS if getattr(self, k) is not None)

    @model_validator(mode="after")
    def _one_kind(self) -> Effect:
        kinds = [k for k in EFFECT_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise PydanticCustomError(
                "effect_kind",
                "an effect needs exactly one kind, got {got}",
                {"got": ", ".join(kinds) or "none",
                 "expected": "one of " + ", ".join(EFFECT_KINDS)},
            )
        changes = [k for k in _PARTY_CHANGES if getattr(self, k)]
        if kinds == ["party"] and not changes:
            raise PydanticCustomError(
                "empty_effect", "this effect changes nothing",
                {"expected": "weights, values, reservation or urgency to change"},
            )
        if kinds != ["party"] and changes:
            raise PydanticCustomError(
                "stray_change", "{keys} only go with 'party'",
                {"keys": ", ".join(changes), "expected": "'party: <id>' beside them, or a "
                 "separate effect"},
            )
        return self


class Event(Model):
    id: Id
    title: Text
    text: Text
    trigger: Annotated[Trigger, BeforeValidator(_trigger_form)]
    effects: list[Effect] = []


LocationKind = Literal[
    "capital", "city", "town", "port", "river_port", "nuclear_plant", "air_base",
    "logistics_hub", "airport", "naval_base", "strait", "region", "sea", "training_area",
]


class Location(Model):
    id: Id
    name: Text
    kind: LocationKind
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    control: str = Field(default="", description="Who holds the place, e.g. 'Russian-controlled'.")
    note: str = ""


LatLon = Annotated[list[float], Field(min_length=2, max_length=2)]


class MapLine(Model):
    id: Id
    name: Text
    kind: Literal["line_of_contact", "border", "route", "shipping_lane"] = "line_of_contact"
    points: list[LatLon] = Field(min_length=2)

    @model_validator(mode="after")
    def _points_in_range(self) -> MapLine:
        for lat, lon in self.points:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise PydanticCustomError(
                    "bad_point",
                    "point [{lat}, {lon}] is off the globe",
                    {"lat": lat, "lon": lon,
                     "expected": "[lat, lon] with |lat| <= 90, |lon| <= 180"},
                )
        return self


class Marker(Model):
    at: Id
    icon: Literal[
        "troops", "jets", "ships", "drones", "satellite", "monitors", "air_defence", "hq",
        "logistics", "trainers", "flag",
    ]
    label: str = ""


class Band(Model):
    along: Id
    width_km: float = Field(gt=0, le=500)
    label: str = ""


class Layer(Model):
    id: Id
    label: str = ""
    when: Condition
    markers: list[Marker] = []
    bands: list[Band] = []


class MapSpec(Model):
    region: Id
    locations: list[Location] = []
    lines: list[MapLine] = []
    layers: list[Layer] = []


class ScenarioModel(Model):
    """A whole scenario file."""

    schema_: Literal["backstop/scenario@1"] = Field(alias="schema")
    id: Id
    title: Text
    summary: Text
    briefing: Text
    author: str = ""
    version: Annotated[str, BeforeValidator(_number_to_text)] = "1"
    rounds: int = Field(default=8, ge=1, le=50)
    round_minutes: float = Field(default=0, ge=0, le=240)
    protocol: Literal["single_text", "alternating_offers"] = "single_text"
    max_amendments: int = Field(default=3, ge=1, le=10)
    vote_rule: Literal["consensus", "majority"] = "consensus"
    agreement: Agreement
    draft: dict[Id, Id] = {}
    issues: list[Issue] = Field(min_length=1)
    parties: list[Party] = Field(min_length=2)
    events: list[Event] = []
    map: MapSpec | None = None
    debrief_questions: list[Text] = []

    model_config = ConfigDict(populate_by_name=False, defer_build=False)
