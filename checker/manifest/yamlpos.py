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


class _Loader(yaml.SafeLoader):
    """SafeLoader that does not turn dates into `datetime` objects."""


_Loader.yaml_implicit_resolvers = {
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
    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.positions = Positions()
        self.budget = MAX_NODES
        self.duplicates: list[YamlProblem] = []

    def build(self, node: yaml.Node, path: Path_ = (), depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise YamlProblem(
                f"document expands to more than {MAX_NODES} values "
                "(YAML aliases used as a 'billion laughs' bomb?); refused",
                *_mark(node),
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(f"nested deeper than {MAX_DEPTH} levels; refused", *_mark(node))
        self.positions.values.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("a mapping key must be plain text", *_mark(key_node), key=path)
            key = str(self.loader.construct_object(key_node))
            child = (*path, key)
            if key in result:
                line, column = _mark(key_node)
                first = self.positions.keys[child][0]
                self.duplicates.append(
                    YamlProblem(f"duplicate key (first set on line {first})", line, column, child)
                )
                continue
            self.positions.keys[child] = _mark(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result


def load(text: str) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document.

    Returns the data, its positions and non-fatal problems (duplicate keys);
    raises :class:`YamlProblem` when the text is not usable at all.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem("the file is empty")
        builder = _Builder(loader)
        data = builder.build(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        raise YamlProblem(f"YAML syntax error: {what}", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlProblem(f"nested deeper than {MAX_DEPTH} levels; refused") from None
    finally:
        loader.dispose()
    return data, builder.positions, builder.duplicates
