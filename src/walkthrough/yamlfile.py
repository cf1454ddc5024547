"""YAML files that remember where each value stands, so errors can name the line."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from walkthrough.errors import UsageError


class Located(dict[str, Any]):
    """A mapping loaded from a file; ``line_of(key)`` gives the line a key stands on."""

    path: Path
    lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    def child(self, key: str) -> Located:
        return self[key] if isinstance(self.get(key), Located) else Located()


def _convert(node: yaml.Node, path: Path, loader: yaml.SafeLoader) -> Any:
    if isinstance(node, yaml.MappingNode):
        _refuse_duplicates(node, path)
        loader.flatten_mapping(node)  # merge keys (``<<: *anchor``): one channel's settings
        out = Located()                # may build on another's
        out.path = path
        out.lines = {}
        for key_node, value_node in node.value:
            key = str(_convert(key_node, path, loader))
            out[key] = _convert(value_node, path, loader)
            out.lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(n, path, loader) for n in node.value]
    return loader.construct_object(node, deep=True)


def _refuse_duplicates(node: yaml.MappingNode, path: Path) -> None:
    """A key given twice would silently keep only its last value (a catalogue id defined
    twice, a carrier setting overridden further down): YAML forbids it, and so do we. Merged
    keys (``<<:``) may be overridden: that is what they are for."""
    first: dict[str, int] = {}
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
            continue
        line = key_node.start_mark.line + 1
        if key_node.value in first:
            raise UsageError(f"'{key_node.value}' is given twice (first on line "
                             f"{first[key_node.value]})", path=path, line=line,
                             hint="keep one of them: YAML keeps only the last")
        first[key_node.value] = line


def read_text(path: Path) -> str:
    """A text file the user gave, as UTF-8 text; any reason it cannot be read is said as a
    usage error naming the file (and the line, for a byte that is not UTF-8)."""
    if path.is_dir():
        raise UsageError("is a folder, not a file", path=path, hint="give the path of a file")
    if not path.is_file():
        raise UsageError("file not found", path=path, hint="give the path of an existing file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot be read ({exc.strerror})", path=path,
                         hint="check the file's permissions") from None
    try:
        return data.decode("utf-8-sig")  # a byte order mark, as some editors write, is no text
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line})",
                         path=path, line=line, hint="save the file as UTF-8") from None


def load(path: Path | str) -> Located:
    """The file's mapping. A file is parsed once per process while it is unchanged (a run
    reads the carrier file and the catalogue in many places); each caller gets its own copy."""
    path = Path(path)
    key = file_key(path)
    if key is not None and key in _PARSED:
        return _copy(_PARSED[key])
    data = _parse(path)
    if key is not None:
        _PARSED[key] = _copy(data)
    return data


_IMMUTABLE = (str, int, float, bool, type(None), bytes, dt.date)


def _copy(value: Any) -> Any:
    """A copy no caller's change can reach the parsed file through: what copy.deepcopy
    makes, at a fraction of its cost (a run copies the carrier file a dozen times), for the
    values a YAML file holds."""
    if isinstance(value, Located):
        out = Located((key, _copy(item)) for key, item in value.items())
        out.path, out.lines = value.path, dict(value.lines)
        return out
    if isinstance(value, list):
        return [_copy(item) for item in value]
    if isinstance(value, _IMMUTABLE):
        return value
    return copy.deepcopy(value)  # a !!set, or anything a YAML file holds more rarely


FileKey = tuple[str, int, int]
_PARSED: dict[FileKey, Located] = {}


def file_key(path: Path | str) -> FileKey | None:
    """What tells one version of a file from another, cheaply (its path, modification time
    and size); None when it cannot be read (read_text then says why)."""
    path = Path(path)
    try:
        stat = path.stat()
        return str(path.resolve()), stat.st_mtime_ns, stat.st_size
    except OSError:
        return None


def _parse(path: Path) -> Located:
    text = read_text(path)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise UsageError(f"not valid YAML: {exc.problem}", path=path, line=line,
                         hint="fix the YAML syntax at that line") from None
    except yaml.reader.ReaderError as exc:  # a control character: a binary file
        line = text.count("\n", 0, exc.position) + 1
        raise UsageError(f"not a text file (character {exc.character!r} at line {line})",
                         path=path, line=line, hint="give a YAML text file") from None
    if node is None:
        raise UsageError("the file is empty", path=path)
    loader = yaml.SafeLoader("")
    try:
        data = _convert(node, path, loader)
    finally:
        loader.dispose()
    if not isinstance(data, Located):
        raise UsageError("expected a mapping at the top of the file", path=path, line=1)
    return data


def _compose(text: str) -> yaml.Node | None:
    """libyaml's parser where it is built in (several times faster); on a mistake, PyYAML's
    own parser again, whose messages are the ones users are shown."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)
