"""YAML files that remember where each value stands, so errors can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from walkthrough.errors import UsageError


class Located(dict):
    """A mapping loaded from a file; ``line_of(key)`` gives the line a key stands on."""

    path: Path
    lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    def child(self, key: str) -> Located:
        return self[key] if isinstance(self.get(key), Located) else Located()


def _convert(node: yaml.Node, path: Path) -> Any:
    if isinstance(node, yaml.MappingNode):
        _merge(node)
        out = Located()
        out.path = path
        out.lines = {}
        for key_node, value_node in node.value:
            key = str(_convert(key_node, path))
            out[key] = _convert(value_node, path)
            out.lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(n, path) for n in node.value]
    return _scalar(node)


def _merge(node: yaml.MappingNode) -> None:
    """Resolve YAML merge keys (``<<: *anchor``), so one channel's settings can build on
    another's."""
    loader = yaml.SafeLoader("")
    try:
        loader.flatten_mapping(node)
    finally:
        loader.dispose()


def _scalar(node: yaml.ScalarNode) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def load(path: Path | str) -> Located:
    path = Path(path)
    if not path.is_file():
        raise UsageError("file not found", path=path, hint="give the path of an existing file")
    try:
        with path.open(encoding="utf-8") as handle:
            node = yaml.compose(handle, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise UsageError(f"not valid YAML: {exc.problem}", path=path, line=line,
                         hint="fix the YAML syntax at that line") from None
    if node is None:
        raise UsageError("the file is empty", path=path)
    data = _convert(node, path)
    if not isinstance(data, Located):
        raise UsageError("expected a mapping at the top of the file", path=path, line=1)
    return data
