"""What the cancellation, reminder, refund and repair notices state, read with each carrier
file's ``messages.says`` and judged against what the walk knows: a wrong value fails with what
was said and what was expected, and a carrier file that does not say how a notice states its
values leaves the content unjudged and says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from walkthrough import questions, standards
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import Verdict
from walkthrough.persona import Persona
from walkthrough.session import ROOT
from walkthrough.views import Sms
from walkthrough.walk import Walk

CARRIERS = ROOT / "scenarios" / "carriers"
AT = dt.datetime(2026, 12, 21, 10, 0, tzinfo=dt.UTC)
ON_TIME = Verdict(True, "arrived after 30 seconds", "an SMS within 5 minutes")

# the notices as the demo carrier writes them (its operator's README), in both languages
DEMO = {
    "zh": {
        "cancellation": "【演示电信】您已申请退订5G畅享58元套餐,将于2026-12-22 10:00前生效,"
                        "生效后不再收取月费。",
        "vas_reminder": "【演示电信】您试用的头条新闻将于2027-01-01起收取信息费3.00元/月,"
                        "本月内退订下月不再收费,退订请发送TDXW至10001或拨打10000。",
        "refund_notice": "【演示电信】您投诉的游戏天地信息费10.00元经核实为差错收费,已退还20.00元,"
                         "将在本月账单中抵扣。工单号DSP-000001。",
        "repair_notice": "【演示电信】您报修的光宽带100M故障(单号TT-000001)已修复,"
                         "如仍有问题请拨打10000。",
    },
    "en": {
        "cancellation": "[Demo Telecom] You asked to unsubscribe from 5G畅享58元套餐; it takes "
                        "effect by 2026-12-22 10:00, and no monthly fee is charged after that.",
        "vas_reminder": "[Demo Telecom] Your free trial of 头条新闻 ends: the information fee of "
                        "CNY 3.00/month is charged from 2027-01-01. Unsubscribe this month and "
                        "you pay nothing next month: text TDXW to 10001 or call 10000.",
        "refund_notice": "[Demo Telecom] Your complaint about 游戏天地信息费 CNY 10.00: we found "
                         "it was charged in error and refund CNY 20.00, credited on this "
                         "month's bill. Ticket DSP-000001.",
        "repair_notice": "[Demo Telecom] The fault you reported on 光宽带100M (ticket TT-000001) "
                         "is repaired. If the problem remains, call 10000.",
    },
}
KNOWN: dict[str, dict[str, str | None]] = {
    "cancellation": {"service": "5G畅享58元套餐"},
    "vas_reminder": {"fee": "3.00", "charged_from": "2027-01-01",
                     "free_if_unsubscribed": None, "unsubscribe": None},
    "refund_notice": {"refund": "20.00"},
    "repair_notice": {"ticket": "TT-000001"},
}
# one stated value changed, as each of the demo operator's faults changes it
WRONG = {
    "cancellation": ("5G畅享58元套餐", "5G畅享88元套餐", "said service 5G畅享88元套餐, "
                                                      "expected 5G畅享58元套餐"),
    "vas_reminder": ("3.00", "4.00", "said fee 4.00, expected 3.00"),
    "refund_notice": ("20.00", "10.00", "said refund 10.00, expected 20.00"),
    "repair_notice": ("TT-000001", "TT-000002", "said ticket TT-000002, expected TT-000001"),
}


def make_walk(carrier: Carrier, language: str = "zh") -> Walk:
    persona = Persona("张三", "110101199001011234", "zh_CN", "C1", "19912345678",
                      language=language)
    return Walk(walk_id="w", run_id="r", carrier=carrier,
                catalogue=standards.load(ROOT / "scenarios" / "standards.yaml"),
                product_line="vas", channel=None, phone=None, clock=None,  # type: ignore[arg-type]
                persona=persona)


def sms(text: str) -> Sms:
    return Sms(sender="10001", text=text, received_at=AT)


@pytest.fixture(scope="module")
def demo() -> Carrier:
    return Carrier.load(CARRIERS / "demo.yaml")


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("kind", list(KNOWN))
def test_a_notice_stating_what_the_walk_knows_passes(demo, language, kind):
    verdict = questions.content_judged(make_walk(demo, language), kind,
                                       sms(DEMO[language][kind]), KNOWN[kind], ON_TIME)
    assert verdict.passed, verdict.observed
    assert "not judged" not in verdict.observed


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("kind", list(KNOWN))
def test_a_notice_with_one_wrong_value_fails_saying_what_it_said(demo, language, kind):
    right, wrong, said = WRONG[kind]
    text = DEMO[language][kind].replace(right, wrong, 1)
    verdict = questions.content_judged(make_walk(demo, language), kind, sms(text),
                                       KNOWN[kind], ON_TIME)
    assert not verdict.passed
    assert verdict.observed.startswith(said), verdict.observed
    assert verdict.observed.endswith(ON_TIME.observed)


@pytest.mark.parametrize("language, left_out, missing", [
    ("zh", "本月内退订下月不再收费,", "did not state the free if unsubscribed"),
    ("zh", "退订请发送TDXW至10001或拨打10000", "did not state the unsubscribe"),
    ("en", "Unsubscribe this month and you pay nothing next month: ",
     "did not state the free if unsubscribed"),
    ("zh", "将于2027-01-01起收取", "did not state the charged from (2027-01-01)"),
])
def test_a_reminder_that_leaves_a_statement_out_fails(demo, language, left_out, missing):
    text = DEMO[language]["vas_reminder"].replace(left_out, "")
    assert text != DEMO[language]["vas_reminder"]
    verdict = questions.content_judged(make_walk(demo, language), "vas_reminder", sms(text),
                                       KNOWN["vas_reminder"], ON_TIME)
    assert not verdict.passed
    assert missing in verdict.observed


def test_right_content_does_not_make_a_late_notice_pass(demo):
    late = Verdict(False, "late by 2 minutes, arrived after 7 minutes", "within 5 minutes")
    verdict = questions.content_judged(make_walk(demo), "cancellation",
                                       sms(DEMO["zh"]["cancellation"]), KNOWN["cancellation"],
                                       late)
    assert not verdict.passed
    assert verdict.observed == late.observed


def test_the_competitor_s_cancellation_is_read_by_its_own_file():
    walk = make_walk(Carrier.load(CARRIERS / "bluewhale.yaml"))
    text = "您已退订鲸享39元套餐，即时生效，月费按天计至2026年12月21日。订单号BW0001。"
    right = questions.content_judged(walk, "cancellation", sms(text),
                                     {"service": "鲸享39元套餐"}, ON_TIME)
    assert right.passed, right.observed
    wrong = questions.content_judged(walk, "cancellation", sms(text),
                                     {"service": "鲸享69元套餐"}, ON_TIME)
    assert not wrong.passed
    assert wrong.observed.startswith("said service 鲸享39元套餐, expected 鲸享69元套餐")


def test_a_file_without_the_pattern_leaves_the_content_unjudged_and_says_so(tmp_path: Path):
    text = (CARRIERS / "demo.yaml").read_text(encoding="utf-8")
    zh = text[text.index('    cancellation:\n      service: "退订'):
              text.index("    # DOMAIN.md [004]: the second reminder")]
    copy = tmp_path / "carrier.yaml"
    copy.write_text(text.replace(zh, ""), encoding="utf-8")
    walk = make_walk(Carrier.load(copy))
    # a wrong service, which a file with the pattern would fail
    wrong = DEMO["zh"]["cancellation"].replace("58", "88")
    verdict = questions.content_judged(walk, "cancellation", sms(wrong),
                                       KNOWN["cancellation"], ON_TIME)
    assert verdict.observed == (f"{ON_TIME.observed}; its content not judged: the carrier "
                                f"file has no messages.says.cancellation")
    assert "said" not in verdict.observed
    assert verdict.passed is ON_TIME.passed  # what was judged: the time alone


# -- when the unsubscribe takes effect -------------------------------------------------------
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
ASKED = dt.datetime(2026, 12, 21, 10, 0, 30, tzinfo=SHANGHAI)  # accepted then
LATEST = ASKED + dt.timedelta(hours=24)                         # the rule: within 24 hours


def effective(carrier: Carrier, text: str, language: str = "zh",
              latest: dt.datetime = LATEST) -> Verdict:
    return questions.effective_judged(make_walk(carrier, language), "cancellation", sms(text),
                                      latest, ON_TIME)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_cancellation_stating_a_moment_within_the_rule_passes(demo, language):
    verdict = effective(demo, DEMO[language]["cancellation"], language)
    assert verdict.passed, verdict.observed
    assert verdict.observed == ON_TIME.observed
    assert verdict.expected == f"{ON_TIME.expected}, effective by 2026-12-22 10:01"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_cancellation_stating_a_later_moment_fails_saying_both(demo, language):
    text = DEMO[language]["cancellation"].replace("2026-12-22 10:00", "2026-12-25 10:00")
    verdict = effective(demo, text, language)
    assert not verdict.passed
    assert verdict.observed == (f"said effective by 2026-12-25 10:00, expected by "
                                f"2026-12-22 10:01; {ON_TIME.observed}")


def test_a_cancellation_that_does_not_say_when_fails(demo):
    text = DEMO["zh"]["cancellation"].replace("将于2026-12-22 10:00前生效,", "")
    verdict = effective(demo, text)
    assert not verdict.passed
    assert verdict.observed.startswith("did not state when it takes effect (expected by "
                                       "2026-12-22 10:01)")


@pytest.mark.parametrize("said, latest, late", [
    ("2026-12-22 10:00", ASKED.replace(second=0) + dt.timedelta(hours=24), False),  # on it
    ("2026-12-22 10:01", ASKED.replace(second=0) + dt.timedelta(hours=24), True),
    ("2026-12-22 10:01", LATEST, False),   # within the minute the rule ends in
    ("2026-12-22 10:02", LATEST, True),
    ("2026-12-21 12:30", LATEST, False),   # sooner is in time
])
def test_a_moment_is_judged_to_the_minute_it_is_stated_in(demo, said, latest, late):
    text = DEMO["zh"]["cancellation"].replace("2026-12-22 10:00", said)
    assert effective(demo, text, latest=latest).passed is not late


@pytest.mark.parametrize("text, wrong", [
    ("将于2026-12-22生效", None), ("将于2026-12-23生效", "said effective by 2026-12-23, "
                                                       "expected by 2026-12-22 10:01"),
    ("即时生效", None),
    ("退订已受理", "did not state when it takes effect (expected by 2026-12-22 10:01)"),
])
def test_a_day_or_at_once_as_a_carrier_file_reads_them(text, wrong):
    from walkthrough.channels.reading import Formats

    pattern = r"将于(?P<date>\d{4}-\d{2}-\d{2})生效" if "将于" in text else "即时生效"
    found = questions.late_effective(pattern, text, LATEST, Formats({}))
    assert found == wrong


def test_the_competitor_s_cancellation_says_it_takes_effect_at_once():
    carrier = Carrier.load(CARRIERS / "bluewhale.yaml")
    text = "您已退订鲸享39元套餐，即时生效，月费按天计至2026年12月21日。订单号BW0001。"
    assert effective(carrier, text).passed
    assert not effective(carrier, text.replace("即时生效，", "")).passed


def test_a_file_without_the_effective_pattern_leaves_it_unjudged_and_says_so(tmp_path: Path):
    text = (CARRIERS / "demo.yaml").read_text(encoding="utf-8")
    line = '      effective: "将于(?P<moment>'
    start = text.index(line)
    copy = tmp_path / "carrier.yaml"
    copy.write_text(text[:start] + text[text.index("\n", start) + 1:], encoding="utf-8")
    later = DEMO["zh"]["cancellation"].replace("2026-12-22", "2026-12-25")
    verdict = effective(Carrier.load(copy), later)
    assert verdict.passed is ON_TIME.passed
    assert verdict.observed == (f"{ON_TIME.observed}; when it takes effect not judged: the "
                                f"carrier file has no messages.says.cancellation.effective")
