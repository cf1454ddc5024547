"""The backstage against the competitor's real test environment: test customers made and taken
from the pool, the one system date and whose turn it is on it, the handset, and the one
refusal rule (a test environment that refuses is errored, never the carrier's defect)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import filelock
import pytest

from walkthrough import yamlfile
from walkthrough.backstage import Backstage, Refused
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import EnvironmentBroken
from walkthrough.customers import _lock
from walkthrough.errors import UsageError
from walkthrough.http import Http
from walkthrough.session import ROOT, Options, Session

BLUEWHALE = ROOT / "scenarios" / "carriers" / "bluewhale.yaml"
POOL = {"17099990001", "17099990002", "17099990003", "17099990004", "17099990005"}


def _session(tmp_path: Path, config: Path = BLUEWHALE) -> Session:
    session = Session(Options(config=config, reports=tmp_path / "reports"))
    session.start()
    return session


@pytest.fixture(scope="module")
def competitor(tmp_path_factory):
    session = _session(tmp_path_factory.mktemp("bw"))
    yield session
    session.close()


def _pool_file(tmp_path: Path) -> Path:
    path = tmp_path / "pool.yaml"
    text = BLUEWHALE.read_text(encoding="utf-8")
    assert "  customers: new\n" in text
    path.write_text(text.replace("  customers: new\n", "  customers: pool\n"), encoding="utf-8")
    return path


def test_a_new_customer_comes_with_its_number_bill_day_and_secrets_kept_out_of_reports(
        competitor):
    walk = competitor.new_walk("mobile_plan", "api")
    try:
        persona = walk.persona
        assert not walk.broken, walk.broken
        assert persona.customer_id.startswith("BWS") and persona.msisdn.startswith("170")
        assert persona.account == persona.customer_id
        assert persona.bill_day is not None and 1 <= persona.bill_day <= 28
        assert set(persona.secrets) == {"password", "service_password"}
        assert len(persona.secrets["service_password"]) == 6
        said = f"signed in with {persona.secrets['password']} and " \
               f"{persona.secrets['service_password']}"
        assert persona.secrets["password"] not in persona.mask(said)
        assert persona.secrets["service_password"] not in persona.mask(said)
        assert repr(persona).count(persona.secrets["password"]) == 0
    finally:
        competitor.end_walk(walk)


def test_the_handset_reads_the_inbox_sends_and_the_network_gives_its_own_verdict(competitor):
    walk = competitor.new_walk("mobile_plan", "api")
    try:
        phone, clock = walk.phone, walk.clock
        before = clock.now()
        phone.send("10655888", "YE")
        clock.advance(10)
        reply = phone.find("余额", before)
        assert reply is not None and reply.sender == "10655888"
        assert before <= reply.received_at <= clock.now()
        # a number without a plan: the network rejects the call (HTTP 503) in its own words,
        # a fact about the product, not the test environment refusing
        call = phone.call(2, clock.now())
        assert not call.connected and call.reason
    finally:
        competitor.end_walk(walk)


def test_a_refusal_is_errored_with_the_test_environments_words(competitor):
    walk = competitor.new_walk("mobile_plan", "api")
    try:
        with pytest.raises(Refused, match=r"'send_sms' .* refused: HTTP 404: .*10655888"):
            walk.phone.send("10086", "YE")  # no such short code at this carrier
        # the one clock only goes forward: a walk asking for the past meets a broken clock
        backstage = walk.phone.backstage
        with pytest.raises(Refused, match=r"HTTP 409"):
            backstage.call("clock_set", to=walk.clock.now() - dt.timedelta(days=1))
    finally:
        competitor.end_walk(walk)


def test_on_one_environment_clock_a_walk_holds_the_turn_until_it_ends(competitor):
    turn = _lock("turn", competitor.carrier.base_url)
    walk = competitor.new_walk("mobile_plan", "api")
    try:
        with pytest.raises(filelock.Timeout):  # another process could not start a walk now
            turn.acquire(timeout=0)
        inner = competitor.new_walk("mobile_plan", "api")  # a walk inside a walk goes on
        competitor.end_walk(inner)
        with pytest.raises(filelock.Timeout):
            turn.acquire(timeout=0)
    finally:
        competitor.end_walk(walk)
    turn.acquire(timeout=0)  # free again
    turn.release()


def test_pool_numbers_are_reset_and_held_by_one_walk_at_a_time(tmp_path):
    session = _session(tmp_path, _pool_file(tmp_path))
    try:
        first = session.new_walk("mobile_plan", "api")
        second = session.new_walk("vas", "api")  # planCode BW-39 through the reset
        numbers = {first.persona.msisdn, second.persona.msisdn}
        assert not first.broken and not second.broken, (first.broken, second.broken)
        assert len(numbers) == 2 and numbers <= POOL
        assert first.persona.bill_day in (5, 12, 18, 25, 28)
        assert first.persona.secrets["password"].startswith("Whale#")
        held = _lock("pool", session.carrier.base_url, first.persona.msisdn)
        with pytest.raises(filelock.Timeout):
            held.acquire(timeout=0)
        session.end_walk(first)
        held.acquire(timeout=0)
        held.release()
        session.end_walk(second)
    finally:
        session.close()


def test_a_body_template_keeps_types_and_leaves_out_what_the_walk_has_not(competitor):
    backstage = Backstage(competitor.carrier, Http())
    hook = backstage.hook("call")
    body = backstage._body(hook, {"called": "{to}", "durationSec": "{seconds}",
                                  "country": "{country}", "note": "walk {to}"},
                           {"to": "10086", "seconds": 61, "country": ""})
    assert body == {"called": "10086", "durationSec": 61, "note": "walk 10086"}


def test_a_carrier_file_hook_that_is_wrong_is_a_usage_error_naming_its_line(tmp_path):
    text = BLUEWHALE.read_text(encoding="utf-8")
    path = tmp_path / "c.yaml"
    path.write_text(text.replace("answer: {now: data.sysDate}}", "answer: {now: data..x}}", 1),
                    encoding="utf-8")
    # the schema refuses such a file before any walk (test_carrier_schema); the hook's own
    # check stands behind it, for a file read without the schema
    with pytest.raises(UsageError, match=r"'backstage\.hooks\.clock\.answer\.now' is not a "
                       r"JMESPath expression"):
        Carrier.load(path)
    carrier = Carrier(yamlfile.load(path))
    backstage = Backstage(carrier.with_base_url("http://127.0.0.1:9"), Http())
    with pytest.raises(UsageError, match=r"c\.yaml:\d+: .*clock: 'data\.\.x' is not a JMESPath"):
        backstage._fields(backstage.hook("clock"), {"data": {}})
    with pytest.raises(UsageError, match=r"needs the test environment's 'ringback'"):
        backstage.hook("ringback")
    with pytest.raises(UsageError, match=r"uses the placeholder 'nobody'"):
        backstage._fill(backstage.hook("clock"), "{base_url}/{nobody}", {})


def test_a_test_environment_that_is_down_breaks_the_walk_not_the_carrier(tmp_path):
    carrier = Carrier.load(BLUEWHALE).with_base_url("http://127.0.0.1:9")
    with pytest.raises(EnvironmentBroken):
        Backstage(carrier, Http(timeout=2)).call("clock")
