"""Mistakes in the user's files are told with the file, the line and what to do."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from faker import Faker

from walkthrough import standards
from walkthrough.carrier import Carrier
from walkthrough.errors import UsageError
from walkthrough.masking import mask_phones
from walkthrough.persona import Persona


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "carrier.yaml"
    path.write_text("carrier:\n  name: x\n  launch: [demo\n", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        Carrier.load(path)
    assert str(err.value).startswith(f"{path}:")
    assert "not valid YAML" in str(err.value)


def test_missing_setting_names_the_key(tmp_path):
    path = tmp_path / "carrier.yaml"
    path.write_text("carrier:\n  name: x\nchannels:\n  web: {start: http://x/}\n",
                    encoding="utf-8")
    carrier = Carrier.load(path)
    with pytest.raises(UsageError, match="missing setting 'channels.web.sign_in.number'"):
        carrier.get("channels.web.sign_in.number")


def test_a_key_its_section_cannot_do_without_is_refused_on_loading(tmp_path):
    path = tmp_path / "carrier.yaml"
    path.write_text("carrier:\n  name: x\nchannels:\n  api: {}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r":4: missing setting 'channels.api.base_url'"):
        Carrier.load(path)


def test_missing_secret_says_which_variable(tmp_path, monkeypatch):
    path = tmp_path / "carrier.yaml"
    path.write_text("channels:\n  api:\n    token_env: SOME_CARRIER_TOKEN\n"
                    "    base_url: http://carrier.example/api\n", encoding="utf-8")
    monkeypatch.delenv("SOME_CARRIER_TOKEN", raising=False)
    with pytest.raises(UsageError) as err:
        Carrier.load(path).secret("channels.api.token_env")
    assert f"{path}:3:" in str(err.value) and "SOME_CARRIER_TOKEN" in str(err.value)


def test_unknown_tariff_names_the_line(tmp_path):
    path = tmp_path / "carrier.yaml"
    path.write_text("tariff:\n  offerings:\n    A: {monthly_fee: '1'}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r":2: no tariff for offering 'B'"):
        Carrier.load(path).tariff("B")


def test_standard_with_unknown_stage_is_refused(tmp_path):
    path = tmp_path / "standards.yaml"
    path.write_text(
        "departments: {it: {zh: 信息化部, en: IT}}\nstandards:\n  X-1:\n"
        "    title: {zh: 甲, en: A}\n    stage: shipping\n"
        "    threshold: {op: '==', value: 1, unit: x}\n"
        "    department: it\n    severity: major\n    level: good\n    source: s\n",
        encoding="utf-8")
    with pytest.raises(UsageError, match=r":5: standard X-1: stage 'shipping'"):
        standards.load(path)


def test_unknown_standard_id_is_a_usage_error():
    catalogue = standards.load(Carrier.load().path.parents[1] / "standards.yaml")
    with pytest.raises(UsageError, match="unknown service standard 'NOPE'"):
        catalogue.get("NOPE")


def test_personas_are_invented_and_masked():
    persona = Persona.invent("zh_CN", seed=7)
    persona.msisdn = "19912345678"
    text = f"{persona.name} {persona.id_number} 号码19912345678"
    masked = persona.mask(text)
    assert persona.name not in masked and persona.id_number not in masked
    assert "199****5678" in masked
    assert mask_phones("call 13800138000 now") == "call 138****8000 now"


def test_a_persona_is_its_seeds_and_unseeded_ones_differ_in_every_thread():
    # each thread keeps its Faker between personas: a seed still gives what a fresh Faker
    # gives, and a persona without one never repeats the one before it
    fresh = Faker("zh_CN")
    fresh.seed_instance(11)
    expected = (fresh.ssn(), fresh.name(), fresh.address())
    Persona.invent("zh_CN")  # the thread's Faker used unseeded first
    again = Persona.invent("zh_CN", seed=11)
    assert (again.id_number, again.name, again.address) == expected

    def unseeded(_: int) -> str:
        return Persona.invent("zh_CN").id_number

    with ThreadPoolExecutor(4) as pool:
        numbers = list(pool.map(unseeded, range(200)))
    assert len(set(numbers)) == len(numbers)
