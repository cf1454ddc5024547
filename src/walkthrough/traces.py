"""Playwright traces without the customers' personal data.

A trace is a zip of text (the action log with its DOM snapshots, the network log, the pages
and scripts the browser fetched, named by their sha1) and, when recorded with screenshots,
pictures of the page. Pictures cannot be masked, so traces are recorded without them; the
text is masked after the trace is written, entry by entry, keeping every entry's name so the
trace still opens in ``playwright show-trace`` (a resource keeps its sha1 name: the viewer
finds it by name and never checks the sum). The logs are JSON lines: only their strings are
masked, since a number such as a duration's ``29.537999999999997`` has an ID number's shape,
and the ids that tie events, pages and resources together are left as they are.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import zipfile
from collections.abc import Callable
from pathlib import Path

# a page's, frame's or resource's id: "page@d3373d…", "628df621….html"
_IDENTIFIER = re.compile(r"(?:[\w-]*@)?[0-9a-f]{32,}(?:\.\w+)?")
# a form-encoded value (what a form posts, a query string): "%E5%BC%A0%E6%AC%A3", "Seth+Burton"
_FORM_ENCODED = re.compile(r"[A-Za-z0-9%+._~*-]*[%+][A-Za-z0-9%+._~*-]*")


def mask_trace(path: Path, mask: Callable[[str], str]) -> bool:
    """Rewrite the trace at ``path`` with ``mask`` applied to every text entry. A trace that
    cannot be rewritten is removed (False): an unmasked trace is never left behind."""
    rewritten = path.with_name(path.name + ".masking")
    strings = _StringMask(mask)  # one for the whole trace: its entries repeat their strings
    try:
        with zipfile.ZipFile(path) as source, \
                zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                target.writestr(entry, masked_bytes(source.read(entry), strings))
        rewritten.replace(path)
    except (OSError, zipfile.BadZipFile, EOFError):
        rewritten.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        return False
    return True


def masked_bytes(data: bytes, mask: Callable[[str], str]) -> bytes:
    """Text (UTF-8) masked, including what it holds form-encoded; JSON, or JSON lines, in
    its strings only; anything else as it is."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # a font or an image the page itself showed: no text to mask
    strings = mask if isinstance(mask, _StringMask) else _StringMask(mask)
    try:
        lines = [json.loads(line) if line.strip() else None for line in text.split("\n")]
    except json.JSONDecodeError:
        return masked_text(text, strings.mask).encode("utf-8")
    return "\n".join("" if value is None else
                     json.dumps(_masked_json(value, strings), ensure_ascii=False,
                                separators=(",", ":"))
                     for value in lines).encode("utf-8")


class _StringMask:
    """A JSON string masked, each distinct string once: a trace's DOM snapshots and logs say
    the same tag names, classes and texts thousands of times, and masking is regular
    expressions over every one of them."""

    def __init__(self, mask: Callable[[str], str]) -> None:
        self.mask = mask
        self.known: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        found = self.known.get(value)
        if found is None:
            found = self.known[value] = value if _IDENTIFIER.fullmatch(value) \
                else masked_text(value, self.mask)
        return found


def _masked_json(value: object, strings: _StringMask) -> object:
    if isinstance(value, str):
        return strings(value)
    if isinstance(value, list):
        return [_masked_json(v, strings) for v in value]
    if isinstance(value, dict):
        return {k: _masked_json(v, strings) for k, v in value.items()}
    return value


def masked_text(text: str, mask: Callable[[str], str]) -> str:
    return _FORM_ENCODED.sub(lambda m: _masked_form_value(m.group(0), mask), mask(text))


def _masked_form_value(value: str, mask: Callable[[str], str]) -> str:
    plain = urllib.parse.unquote_plus(value)
    if plain == value:
        return value
    masked = mask(plain)
    return value if masked == plain else urllib.parse.quote_plus(masked, safe="*")
