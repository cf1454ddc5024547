"""A trace zip is masked entry by entry and stays a trace: same entries, valid JSON lines,
the ids that tie it together untouched."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from walkthrough.masking import mask_text
from walkthrough.persona import Persona
from walkthrough.traces import mask_trace, masked_bytes

PERSONA = Persona(name="张欣", id_number="230710199206207897", locale="zh_CN",
                  msisdn="19913883207")
OTHER = "19906352002"  # another customer's number, shown by a page the walk saw
PAGE = "page@d3373d595a29c122cebd9fcb65525757"
SHA1 = "19913883207aaaaaaaaaaaaaaaaaaaaaaaaaaaaa.html"  # a resource id that looks like a number


def _trace(path: Path) -> None:
    events = [
        {"type": "before", "callId": "call@1", "pageId": PAGE, "params": {"value": "19913883207"}},
        {"type": "frame-snapshot", "snapshot": {"pageId": PAGE, "html": [
            "P", {"class": "who"}, f"张欣 · 19913883207 · 计费号码 {OTHER}"]}},
        {"type": "after", "callId": "call@1", "endTime": 29.537999999999997},
    ]
    network = {"type": "resource-snapshot", "snapshot": {
        "time": 23.430999999999997, "request": {
            "postData": {"text": "msisdn=19913883207&name=%E5%BC%A0%E6%AC%A3"
                                 "&id=230710199206207897"}},
        "response": {"content": {"_sha1": SHA1}}}}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("trace.trace", "\n".join(json.dumps(e, ensure_ascii=False)
                                                  for e in events) + "\n")
        archive.writestr("trace.network", json.dumps(network) + "\n")
        archive.writestr(f"resources/{SHA1}", f"<p>尊敬的张欣客户, 账单 {OTHER}</p>")
        archive.writestr("resources/font.woff2", b"\x00\x01\xff\xfe" + b"19913883207")


def test_every_text_entry_is_masked_and_the_trace_keeps_its_shape(tmp_path: Path) -> None:
    path = tmp_path / "walk.zip"
    _trace(path)
    before = zipfile.ZipFile(path).namelist()
    assert mask_trace(path, PERSONA.mask)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == before
        texts = {n: archive.read(n) for n in before}
    for name in ("trace.trace", "trace.network", f"resources/{SHA1}"):
        text = texts[name].decode("utf-8").replace(SHA1, "")
        for raw in ("19913883207", OTHER, "张欣", "230710199206207897", "%E5%BC%A0%E6%AC%A3"):
            assert raw not in text, f"{raw} in {name}"
    events = [json.loads(line) for line in texts["trace.trace"].decode().splitlines()]
    assert events[0]["pageId"] == PAGE and events[0]["params"]["value"] == "199****3207"
    assert events[2]["endTime"] == 29.537999999999997  # a number is not an ID number
    network = json.loads(texts["trace.network"])
    assert network["snapshot"]["response"]["content"]["_sha1"] == SHA1
    assert network["snapshot"]["time"] == 23.430999999999997
    assert "name=%E5%BC%A0*" in network["snapshot"]["request"]["postData"]["text"]
    assert texts["resources/font.woff2"].endswith(b"19913883207")  # not text: as it was


def test_a_trace_that_cannot_be_rewritten_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip 19913883207")
    assert not mask_trace(path, mask_text)
    assert not path.exists()
    assert not list(tmp_path.iterdir())


def test_plain_text_is_masked_with_what_it_holds_form_encoded() -> None:
    masked = masked_bytes(b"q=Seth+Burton&tel=19906352002",
                          Persona(name="Seth Burton", id_number="X38787081",
                                  locale="en_US").mask).decode()
    assert masked == "q=S.+B.&tel=199****2002"
