"""The languages a customer reads the carrier's SMS in: chosen by name from a feature, the
persona invented to match, and the SMS patterns taken in that language."""

import pytest

from walkthrough.carrier import Carrier
from walkthrough.errors import UsageError
from walkthrough.persona import Persona

DEMO = Carrier.load()


def test_a_language_is_named_in_english_or_chinese_and_defaults_to_the_first():
    assert DEMO.language("English") == DEMO.language("英文") == DEMO.language("en")
    english = DEMO.language("English")
    assert (english.code, english.locale, english.subscriber) == \
        ("en", "en_US", {"language": "en"})
    assert DEMO.language().code == DEMO.language("中文").code == "zh"


def test_an_unknown_language_names_the_file_line_and_the_choices():
    with pytest.raises(UsageError) as error:
        DEMO.language("French")
    message = str(error.value)
    assert "demo.yaml" in message and "French" in message and "Chinese" in message
    assert error.value.line == DEMO.line_of("languages")


def test_patterns_fall_back_to_the_default_language_where_they_do_not_differ():
    assert DEMO.said("messages", "order_confirmation", "zh") == "成功订购{offering}"
    assert "subscribed to" in DEMO.said("messages", "order_confirmation", "en")
    assert DEMO.said("messages", "sender", "en") == "10001"  # not given per language
    assert DEMO.said("products.vas", "reminder", "en") == "free trial of {offering}"
    assert DEMO.said("products.mobile_plan", "confirmation_content", "en", None) is None


def test_an_english_reading_persona_has_an_english_name_and_a_passport():
    persona = Persona.invent("en_US", seed=7, language="en")
    assert persona.language == "en" and " " in persona.name
    assert not persona.id_number.isdigit() or len(persona.id_number) != 18
    masked = persona.mask(f"{persona.name} {persona.id_number}")
    assert persona.name not in masked and persona.id_number not in masked
