"""YAML → plain Python data, remembering where every key and value stands.

PyYAML's composer gives nodes with marks; we build the data ourselves so that
we can (1) keep a path → (line, column) map for error messages, (2) refuse
duplicate keys, (3) bound alias expansion (billion-laughs) and nesting, and
(4) leave dates as text, so they are read in the manifest's time zone later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

MAX_NODES = 100_000
MAX_DEPTH = 64
_MERGE = "tag:yaml.org,2002:merge"


class _Loader(yaml.SafeLoader):
    """SafeLoader that does not turn dates into `datetime` objects (pure Python)."""


class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):  # type: ignore[misc]
    """The same on libyaml when PyYAML has it: about 10x faster to compose.

    Its error messages differ from the pure-Python parser's, so a document that
    fails is parsed again with :class:`_Loader` to report the problem.
    """


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Positions:
    """Where each value (and each mapping key) of a document was written (1-based)."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Mark of `path`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            mark = table.get(path[:end]) or self.values.get(path[:end])
            if mark:
                return mark
        return (1, 1)


class YamlProblem(Exception):
    """A document that cannot be turned into data; `line`/`column` are 1-based."""

    def __init__(self, message: str, line: int = 0, column: int = 0, key: Path_ = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.key = key


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.positions = Positions()
        self.budget = MAX_NODES
        self.duplicates: list[YamlProblem] = []

    def _spend(self, node: yaml.Node, depth: int) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise YamlProblem(
                f"document expands to more than {MAX_NODES} values "
                "(YAML aliases used as a 'billion laughs' bomb?); refused",
                *_mark(node),
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(f"nested deeper than {MAX_DEPTH} levels; refused", *_mark(node))

    def build(self, node: yaml.Node, path: Path_ = (), depth: int = 0) -> Any:
        self._spend(node, depth)
        self.positions.values.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            self._fill(result, node, path, depth, merged=False)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node)

    def _fill(
        self, result: dict[str, Any], node: yaml.MappingNode, path: Path_, depth: int, merged: bool
    ) -> None:
        """Add the entries of `node` to `result`; keys already there win (`<<` merge keys)."""
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            self._spend(key_node, depth)
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("a mapping key must be plain text", *_mark(key_node), key=path)
            key = str(self.loader.construct_object(key_node))
            child = (*path, key)
            if key in result:
                if not merged:
                    line, column = _mark(key_node)
                    first = self.positions.keys[child][0]
                    message = f"duplicate key (first set on line {first})"
                    self.duplicates.append(YamlProblem(message, line, column, child))
                continue
            self.positions.keys[child] = _mark(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        # `<<: *base` or `<<: [*a, *b]`: keys written here win, then the earlier sources.
        for merge in merges:
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise YamlProblem(
                        "a merge key (<<) must refer to a mapping or a list of mappings",
                        *_mark(source),
                        key=path,
                    )
                self._fill(result, source, path, depth + 1, merged=True)


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character `index` of `text`."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def load(text: str) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document.

    Returns the data, its positions and non-fatal problems (duplicate keys);
    raises :class:`YamlProblem` when the text is not usable at all.
    """
    if _FastLoader is not _Loader:
        try:
            return _load(text, _FastLoader)
        except YamlProblem:
            pass  # parsed again below, for the pure-Python parser's messages and marks
    return _load(text, _Loader)


def _load(
    text: str, loader_class: type[yaml.SafeLoader]
) -> tuple[Any, Positions, list[YamlProblem]]:
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:  # a control character: checked before any parsing
        raise YamlProblem(
            f"character #x{exc.character:04x} is not allowed in YAML; remove it",
            *_position(text, exc.position),
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem("the file is empty")
        builder = _Builder(loader)
        data = builder.build(node)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlProblem(f"nested deeper than {MAX_DEPTH} levels; refused") from None
    finally:
        loader.dispose()
    return data, builder.positions, builder.duplicates


def _syntax_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    what = exc.problem or exc.context or "unreadable YAML"
    context = exc.context_mark
    if exc.problem and exc.context and context and context is not mark:
        # e.g. "expected ',' or ']', but got '<stream end>' (while parsing a flow
        # sequence that starts at line 4, column 10)": say where the unclosed thing began.
        where = f"line {context.line + 1}, column {context.column + 1}"
        what += f" ({exc.context} that starts at {where})"
    elif exc.problem and exc.context:
        what = f"{exc.context} {exc.problem}"
    if "'\\t'" in what:
        what += " (indent with spaces, not tabs)"
    return YamlProblem(f"YAML syntax error: {what}", line, column)
