"""A carrier file loaded many times in a process: checked once while unchanged, checked again
once changed, and never shared between callers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from walkthrough import carrier as carrier_module
from walkthrough import yamlfile
from walkthrough.carrier import DEFAULT, Carrier
from walkthrough.carrier_schema.mistakes import CarrierFileRefused


@pytest.fixture
def copy_of_demo(tmp_path: Path) -> Path:
    path = tmp_path / "carrier.yaml"
    path.write_text(DEFAULT.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    checked: list[Path] = []
    check = Carrier.validate

    def counting(self: Carrier) -> None:
        checked.append(self.path)
        check(self)
    monkeypatch.setattr(Carrier, "validate", counting)
    return checked


def test_an_unchanged_file_is_checked_once(copy_of_demo: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    checked = _count_checks(monkeypatch)
    for _ in range(5):
        assert Carrier.load(copy_of_demo).name == Carrier.load(DEFAULT).name
    assert checked.count(copy_of_demo) == 1


def test_a_changed_file_is_checked_again(copy_of_demo: Path) -> None:
    Carrier.load(copy_of_demo)
    text = copy_of_demo.read_text(encoding="utf-8")
    copy_of_demo.write_text(text.replace("channels:", "channles:", 1), encoding="utf-8")
    stat = copy_of_demo.stat()  # the same second: the size and the nanoseconds tell
    os.utime(copy_of_demo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    with pytest.raises(CarrierFileRefused, match="channles"):
        Carrier.load(copy_of_demo)
    with pytest.raises(CarrierFileRefused):  # a refused file is never taken for checked
        Carrier.load(copy_of_demo)


def test_a_file_checked_in_a_version_gone_is_checked_in_the_one_back(
        copy_of_demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(carrier_module, "_CHECKED", set())
    checked = _count_checks(monkeypatch)
    Carrier.load(copy_of_demo)
    copy_of_demo.write_text(copy_of_demo.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    Carrier.load(copy_of_demo)
    assert checked == [copy_of_demo, copy_of_demo]


def test_what_one_caller_changes_no_other_caller_sees(copy_of_demo: Path) -> None:
    first = Carrier.load(copy_of_demo)
    first.data["carrier"]["name"] = "changed"
    first.data["products"].clear()
    first.data.lines.clear()
    for settings in first.get("channels").values():
        settings.clear()
    second = Carrier.load(copy_of_demo)
    assert second.name != "changed"
    assert second.data["products"]
    assert second.line_of("products") is not None
    assert all(second.get("channels").values())
    assert yamlfile.load(copy_of_demo) == second.data


def test_a_copy_keeps_where_each_value_stands(copy_of_demo: Path) -> None:
    one, two = yamlfile.load(copy_of_demo), yamlfile.load(copy_of_demo)
    assert one == two and one is not two

    def alike(a: object, b: object) -> None:
        if isinstance(a, yamlfile.Located):
            assert isinstance(b, yamlfile.Located) and a is not b
            assert a.lines == b.lines and a.path == b.path
            for key in a:
                alike(a[key], b[key])
        elif isinstance(a, list):
            assert isinstance(b, list) and a is not b
            for x, y in zip(a, b, strict=True):
                alike(x, y)
    alike(one, two)
