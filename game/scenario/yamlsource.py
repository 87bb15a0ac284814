"""Read YAML into plain data while remembering where every key and value came from.

PyYAML's safe loader is close to what we need but silently accepts duplicate keys, expands alias
bombs without limit and forgets positions. So we let it *compose* the node graph (no Python
objects are constructed from tags, so nothing can run) and build the data ourselves:

- only the standard YAML tags are accepted; `!!python/...` and custom tags are refused;
- duplicate keys are errors;
- alias expansion is bounded, so a "billion laughs" file fails fast in bounded memory;
- YAML 1.1 surprises (`no` read as false, `1:30` read as 90) are remembered, so the validator
  can say "quote it" when text was expected;
- every value and key gets a 1-based line and column for error messages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.scenario.diagnostics import Diagnostic, Path, ScenarioError, format_path

try:  # the C loader is several times faster; fall back when libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = _TAG + "timestamp"
_STR = _TAG + "str"
_CONSTRUCT = {
    _STR: SafeConstructor.construct_yaml_str,
    _TAG + "int": SafeConstructor.construct_yaml_int,
    _TAG + "float": SafeConstructor.construct_yaml_float,
    _TAG + "bool": SafeConstructor.construct_yaml_bool,
    _TAG + "null": SafeConstructor.construct_yaml_null,
}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line and column."""

    line: int
    col: int


@dataclass
class Source:
    """Plain data from a YAML file plus where each part of it came from."""

    file: str
    data: Any
    marks: dict[Path, yaml.Mark] = field(default_factory=dict)
    key_marks: dict[Path, yaml.Mark] = field(default_factory=dict)
    surprises: dict[Path, str] = field(default_factory=dict)
    key_surprises: dict[Path, str] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)
    """Problems that do not stop validation: duplicate keys (the first value is kept), tags."""
    bad_paths: set[Path] = field(default_factory=set)
    """Values already reported (refused tags), so validation does not report them again."""

    def mark(self, path: Path, *, key: bool = False) -> Mark:
        """The position of `path`, or of its nearest ancestor that has one."""
        if key and path in self.key_marks:
            return _mark(self.key_marks[path])
        p = path
        while p not in self.marks and p:
            p = p[:-1]
        return _mark(self.marks[p]) if p in self.marks else Mark(1, 1)

    def diagnostic(
        self, path: Path, message: str, expected: str = "", *, severity: str = "error",
        key: bool = False, path_text: str | None = None,
    ) -> Diagnostic:
        m = self.mark(path, key=key)
        return Diagnostic(
            file=self.file, line=m.line, col=m.col,
            severity="warning" if severity == "warning" else "error",
            message=message, expected=expected,
            path=format_path(path) if path_text is None else path_text,
        )


def _mark(node: Node | yaml.Mark) -> Mark:
    m = node.start_mark if isinstance(node, Node) else node
    return Mark(m.line + 1, m.column + 1)


class _Builder:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.visits = 0
        self.active: set[int] = set()
        self.scalars = SafeConstructor()
        self.errors: list[Diagnostic] = []

    def error(self, node: Node, message: str, expected: str = "") -> None:
        m = _mark(node)
        self.errors.append(
            Diagnostic(self.source.file, m.line, m.col, "error", message, expected=expected)
        )

    def build(self, node: Node, path: Path) -> Any:
        self.visits += 1
        if self.visits > MAX_NODES:
            raise _TooBig(node)
        self.source.marks.setdefault(path, node.start_mark)
        if id(node) in self.active:
            self.error(node, "an alias refers to a mapping or list that contains it",
                       "aliases that do not loop")
            return None
        if type(node) is ScalarNode:
            return self.scalar(node, path, self.source.surprises)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self.check_tag(node, _TAG + "seq", path)
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            assert isinstance(node, MappingNode)
            self.check_tag(node, _TAG + "map", path)
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: MappingNode, path: Path) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, yaml.Mark] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged.update(self.merge(value_node, path))
                continue
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, "a key must be plain text, not a list or mapping",
                           "a key like 'force_size'")
                continue
            key = self.scalar(key_node, path, None)
            if isinstance(key, list | dict):  # pragma: no cover - scalars never build these
                continue
            if key in seen:
                first = seen[key]
                self.error(key_node, f"duplicate key {key!r} (first given at line "
                           f"{first.line + 1})", "each key once per mapping")
                continue
            seen[key] = key_node.start_mark
            child = (*path, key)
            self.source.key_marks[child] = key_node.start_mark
            original = key_node.value
            if not key_node.style and isinstance(key, bool | int | float) and (
                original.lower() in _YAML11_BOOLS or ":" in original
            ):
                self.source.key_surprises[child] = original
            out[key] = self.build(value_node, child)
        for key, value in merged.items():
            out.setdefault(key, value)
        return out

    def merge(self, node: Node, path: Path) -> dict[Any, Any]:
        parts = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[Any, Any] = {}
        for part in parts:
            if not isinstance(part, MappingNode):
                self.error(part, "'<<' can only merge mappings", "an alias of a mapping")
                continue
            value = self.build(part, path)
            if isinstance(value, dict):
                for k, v in value.items():
                    merged.setdefault(k, v)
        return merged

    def check_tag(self, node: Node, expected_tag: str, path: Path) -> None:
        if node.tag != expected_tag:
            self.bad_tag(node, path)

    def bad_tag(self, node: Node, path: Path) -> None:
        self.source.bad_paths.add(path)
        tag = str(node.tag)
        shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
        self.error(node, f"unsupported tag {shown!r}: scenario files hold plain data only, "
                   "nothing in them is run", "plain values with no tags")

    def scalar(self, node: ScalarNode, path: Path, surprises: dict[Path, str] | None) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _TIMESTAMP:
            return node.value  # dates are kept as the text the author wrote
        if tag not in _SCALAR_TAGS:
            self.bad_tag(node, path)
            return None
        try:
            value = _CONSTRUCT[tag](self.scalars, node)
        except (yaml.YAMLError, ValueError) as exc:
            self.error(node, f"cannot read {node.value!r}: {exc}", "a plain value")
            return None
        if surprises is not None and not node.style:  # plain (C loader: "")
            text = node.value
            if (isinstance(value, bool) and text.lower() in _YAML11_BOOLS) or (
                isinstance(value, int | float) and not isinstance(value, bool) and ":" in text
            ) or (isinstance(value, int) and text.lstrip("+-").startswith("0") and len(text) > 1):
                surprises[path] = text
        return value


class _TooBig(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


def _expands_beyond(root: Node, limit: int) -> Node | None:
    """The first node whose alias-expanded size passes `limit`, or None.

    Sizes are memoised per node, so this costs time in the number of *distinct* nodes, which
    stays small even for a billion-laughs document. Alias loops count as infinite.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            return limit + 1
        total = 1
        if isinstance(node, SequenceNode | MappingNode):
            active.add(key)
            children = (
                node.value if isinstance(node, SequenceNode)
                else [n for pair in node.value for n in pair]
            )
            for child in children:
                total += size(child)
                if total > limit:
                    break
            active.discard(key)
        sizes[key] = total
        return total

    node = root
    if size(node) <= limit:
        return None
    seen: set[int] = set()
    while id(node) not in seen:  # descend to the smallest node that is still too big
        seen.add(id(node))
        children = (
            node.value if isinstance(node, SequenceNode)
            else [n for pair in node.value for n in pair] if isinstance(node, MappingNode)
            else []
        )
        worst = next((c for c in children if size(c) > limit), None)
        if worst is None:
            break
        node = worst
    return node


def _decode(raw: bytes, file: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ScenarioError([Diagnostic(
            file, line, col, "error",
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            expected="a UTF-8 text file; save it again as UTF-8",
        )]) from None
    return text.removeprefix("\ufeff")


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if "'\\t'" in problem or (mark and _tab_at(text, mark.line, mark.column)):
        return Diagnostic(file, line, col, "error",
                          "a tab character is used for indentation or separation",
                          expected="spaces: YAML does not allow tabs for indentation")
    if exc.context == "while scanning a simple key" and exc.context_mark is not None:
        # The scanner notices the missing ':' only on a later line; the key is where it began.
        key = exc.context_mark
        return Diagnostic(file, key.line + 1, key.column + 1, "error",
                          "YAML syntax error: this line has no ':' after its key",
                          expected="'key: value', with a space after the colon")
    context = f" ({exc.context})" if exc.context else ""
    expected = "valid YAML"
    if problem.startswith(_INDENT_PROBLEMS):
        expected += ("; check the indentation: the keys of one mapping and the items of one list "
                     "line up, and what is inside them is indented further")
    return Diagnostic(file, line, col, "error", f"YAML syntax error: {problem}{context}",
                      expected=expected)


_INDENT_PROBLEMS = (
    "mapping values are not allowed",
    "did not find expected key",
    "did not find expected '-' indicator",
    "expected <block end>",
)
"""The YAML reader's words for what is almost always a line indented too far or not enough."""


def _tab_at(text: str, line: int, col: int) -> bool:
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return False
    row = lines[line]
    return "\t" in row[: col + 1] and not row[:col].strip(" \t")


def read_bytes(path: str | os.PathLike[str], display: str | None = None) -> bytes:
    """Read a file, refusing anything over `MAX_BYTES` before reading it into memory."""
    file = display or os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise ScenarioError([Diagnostic(
                file, 1, 1, "error", f"the file is {size / 1e6:.1f} MB",
                expected=f"at most {MAX_BYTES // (1024 * 1024)} MB")])
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except ScenarioError:
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ScenarioError([Diagnostic(file, 1, 1, "error", f"cannot read the file: {reason}",
                                        expected="a readable scenario file")]) from None


def parse(raw: bytes, file: str) -> Source:
    """Parse YAML bytes into a `Source`; raise `ScenarioError` listing every problem."""
    if len(raw) > MAX_BYTES:
        raise ScenarioError([Diagnostic(file, 1, 1, "error",
                                        f"the input is {len(raw) / 1e6:.1f} MB",
                                        expected=f"at most {MAX_BYTES // (1024 * 1024)} MB")])
    text = _decode(raw, file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError([_syntax_error(exc, text, file)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Diagnostic(file, 1, 1, "error", f"YAML error: {exc}",
                                        expected="valid YAML")]) from None
    if node is None:
        raise ScenarioError([Diagnostic(file, 1, 1, "error", "the file is empty",
                                        expected="a scenario mapping starting with "
                                                 "'schema: backstop/scenario@1'")])
    # Without anchors there are no aliases, and the size is at most the text's length.
    too_big = _expands_beyond(node, MAX_NODES) if "&" in text else None
    if too_big is not None:
        m = _mark(too_big)
        raise ScenarioError([Diagnostic(
            file, m.line, m.col, "error",
            f"the document expands to more than {MAX_NODES:,} values (an alias bomb?)",
            expected="a scenario without deeply nested aliases")])
    source = Source(file=file, data=None)
    builder = _Builder(source)
    try:
        source.data = builder.build(node, ())
    except _TooBig as big:
        m = _mark(big.node)
        raise ScenarioError([Diagnostic(
            file, m.line, m.col, "error",
            f"the document expands to more than {MAX_NODES:,} values (an alias bomb?)",
            expected="a scenario without deeply nested aliases")]) from None
    source.errors = builder.errors
    if not isinstance(source.data, dict):
        kind = "a list" if isinstance(source.data, list) else "a single value"
        raise ScenarioError([Diagnostic(file, 1, 1, "error", f"the top level is {kind}",
                                        expected="a mapping of keys like 'schema:', "
                                                 "'title:' and 'parties:'")])
    return source
