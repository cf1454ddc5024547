"""The carrier file's schema, through the real command: `walkthrough lint --config FILE` says
every mistake of a carrier file on a line of its own (`file:line: what — hint`), exit 2, and
passes the demo operator's file; `walkthrough run` refuses the same file before anything
starts; the reference of every key is the one the schema generates."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from walkthrough.carrier_schema import reference

ROOT = Path(__file__).resolve().parents[2]
DEMO_PATH = ROOT / "scenarios" / "carriers" / "demo.yaml"
DEMO = DEMO_PATH.read_text(encoding="utf-8")


def line_of(text: str, within: str = DEMO) -> int:
    return within[:within.index(text)].count("\n") + 1


def changed(*swaps: tuple[str, str]) -> str:
    text = DEMO
    for old, new in swaps:
        assert old in text, old  # the case must really change the file
        text = text.replace(old, new, 1)
    return text


def lint(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "walkthrough.cli", "lint", "--config",
                           str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=False)


def mistakes(tmp_path: Path, text: str) -> list[str]:
    """The mistakes lint finds, each 'c.yaml:LINE: what — hint'; it must exit 2 and never
    show a traceback."""
    done = lint(tmp_path, text)
    said = f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stdout + done.stderr, said
    assert done.returncode == 2, said
    lines = done.stdout.splitlines()
    assert lines, said
    assert all(line.startswith(f"{tmp_path}/c.yaml:") for line in lines), said
    assert re.search(rf"{len(lines)} mistake\(s\) in the carrier file", done.stderr), said
    return [line.replace(f"{tmp_path}/", "") for line in lines]


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios" / "carriers").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_the_project_s_carrier_files_are_ok(path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "walkthrough.cli", "lint", "--config",
                           str(path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"{path}: carrier file OK\n"
    assert done.stderr == ""


def test_every_setting_the_harness_reads_by_name_is_in_the_schema() -> None:
    """The harness's own lookups (``carrier.get("clock.kind")`` and the like) name keys the
    schema declares: a key read but not declared would be refused in every carrier file."""
    from walkthrough.carrier_schema import CarrierFile
    from walkthrough.carrier_schema.mistakes import _inner

    lookup = re.compile(r"carrier\.(?:get|url|secret|said|line_of)\(\s*[\"']([a-z_.]+)[\"']")
    read = {m.group(1) for path in (ROOT / "src" / "walkthrough").rglob("*.py")
            if "carrier_schema" not in path.parts
            for m in lookup.finditer(path.read_text(encoding="utf-8"))}
    assert len(read) > 30, read  # the pattern finds the lookups
    undeclared = []
    for dotted in sorted(read):
        kind: object = CarrierFile
        for part in dotted.split("."):
            kind = _inner(kind, part)
            if kind is None:
                undeclared.append(dotted)
                break
    assert undeclared == []


def test_a_wrong_type_names_the_key_and_the_value(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("    timeout: 10\n", "    timeout: ten\n")))
    assert found == [f"c.yaml:{line_of('    timeout: 10')}: 'channels.api.timeout' is 'ten', "
                     "not a number of at least 0.001 — write a plain number"]


def test_a_section_that_is_not_a_mapping(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("\nphone:\n  home_country: CN\n  call_to: \"10000\"\n",
                                        "\nphone: 10000\n")))
    assert found == [f"c.yaml:{line_of('phone:')}: 'phone' is 10000, not a mapping — give "
                     "its keys, indented under it"]


def test_an_unknown_key_says_the_key_it_probably_meant(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("\nchannels:\n", "\nchanels:\n")))
    assert found == [f"c.yaml:{line_of('channels:')}: unknown key 'chanels' — did you mean "
                     "'channels'?"]


def test_an_unknown_key_deep_in_a_section(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("      period: \"(?P<year>", "      perod: \"(?P<year>")))
    assert found == [f"c.yaml:{line_of('      period:')}: unknown key 'perod' — did you mean "
                     "'period'?"]


def test_an_unknown_key_without_a_close_one_lists_the_keys(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("  poll: 60 ", "  frequency: 60 ")))
    assert found == [f"c.yaml:{line_of('  poll: 60')}: unknown key 'frequency' — the keys "
                     "here are kind, scope, poll"]


def test_a_key_merged_into_several_channels_is_said_once(tmp_path: Path) -> None:
    # the web hall's settings are merged into the mobile hall and the counter (<<: *hall)
    found = mistakes(tmp_path, changed(("    sign_in:\n", "    sign_on:\n")))
    assert found == [f"c.yaml:{line_of('    sign_in:')}: unknown key 'sign_on' — did you mean "
                     "'sign_in'?"]


@pytest.mark.parametrize(("old", "value", "key", "allowed"), [
    ("kind: test-api", "test_api", "clock.kind", "test-api, real"),
    ("scope: customer", "customers", "clock.scope", "customer, environment"),
    ("customers: new ", "nwe", "backstage.customers", "new, pool"),
    ("    as: api\n", "API", "backstage.hooks.new_customer.as", "api"),
    ("change_effective: next-month", "next_month", "tariff.change_effective", "next-month"),
    ("proration: daily", "dayly", "tariff.proration", "daily"),
    ("methods: {api: online", "onlin", "products.topup.methods.api", "online, cash, card"),
], ids=["clock-kind", "clock-scope", "backstage-customers", "new-customer-as",
        "change-effective", "proration", "topup-method"])
def test_an_enum_typo_lists_the_allowed_values(tmp_path: Path, old: str, value: str, key: str,
                                               allowed: str) -> None:
    word = old.rstrip().rsplit(" ", 1)[-1]
    found = mistakes(tmp_path, changed((old, old.replace(word, value))))
    assert len(found) == 1, found
    assert found[0].startswith(f"c.yaml:{line_of(old)}: '{key}' is '{value}', which is not one "
                               f"of {allowed} — "), found


def test_a_regex_that_does_not_compile_names_the_key_and_the_error(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(('bill: "(?P<period>', 'bill: "((?P<period>')))
    line = line_of('bill: "(?P<period>')
    assert found == [f"c.yaml:{line}: 'channels.sms.replies.bill' is "
                     "not a valid regular expression (missing ), unterminated subpattern at "
                     "position 0) — fix the pattern (Python's re syntax)"]


def test_a_url_placeholder_nobody_fills(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("{base_url}/hotline/calls/{call}/keys",
                                        "{base_url}/hotline/{msisdn}/keys")))
    assert found == [f"c.yaml:{line_of('    keys:')}: 'channels.hotline.keys' uses the "
                     "placeholder {msisdn}, which nothing fills here — placeholders here: "
                     "{base_url}, {call}; write {{ and }} for a brace that is no placeholder"]


def test_an_embedded_operator_that_does_not_say_how_to_start_it(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("    ready: /test/health ", "    # ready: /test/health ")))
    assert len(found) == 1, found
    assert found[0].startswith(f"c.yaml:{line_of('  launch:')}: 'carrier.launch' is "), found
    assert "not the module and ready path of an embedded operator — launch: {module: " \
        "demo_operator, ready: /test/health}" in found[0]


def test_a_hook_request_without_its_method(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("request: POST {base_url}/test/customers",
                                        "request: \"{base_url}/test/customers\"")))
    assert found == [f"c.yaml:{line_of('request: POST {base_url}/test/customers')}: "
                     "'backstage.hooks.new_customer.request' is '{base_url}/test/customers': it "
                     "does not start with an HTTP method — write the method and the URL: "
                     "'POST {base_url}/path'"]


def test_a_message_placeholder_nobody_fills(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(('order_confirmation: "成功订购{offering}"',
                                        'order_confirmation: "成功订购{ofering}"')))
    assert found == [f"c.yaml:{line_of('  order_confirmation:')}: 'messages.order_confirmation' "
                     "uses the placeholder {ofering}, which nothing fills here — placeholders "
                     "here: {offering}; write {{ and }} for a brace that is no placeholder"]


def test_a_regex_quantifier_in_a_filled_pattern_is_a_placeholder(tmp_path: Path) -> None:
    # message patterns are filled with str.format: a bare {2} would break the walk later
    found = mistakes(tmp_path, changed(('topup_notice: "成功充值{amount}元"',
                                        'topup_notice: "成功充值{amount}元, \\\\d{2}"')))
    assert len(found) == 1 and "'messages.topup_notice' uses the placeholder {2}" in found[0]


def test_a_secret_in_place_of_its_variable(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("secret_env: DEMO_OPERATOR_API_TOKEN",
                                        "secret_env: hunter2 and more")))
    assert found == [f"c.yaml:{line_of('secret_env:')}: 'channels.api.oauth.secret_env' is "
                     "'hunter2 and more', not the name of an environment variable — name the "
                     "variable, e.g. MY_CARRIER_SECRET: the secret itself never lives in the "
                     "file"]


def test_a_required_key_left_out(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(('头条新闻: {monthly_fee: "3.00"}', "头条新闻: {}")))
    assert found == [f"c.yaml:{line_of('    头条新闻: {')}: missing setting "
                     "'tariff.offerings.头条新闻.monthly_fee' — add "
                     "'tariff.offerings.头条新闻.monthly_fee' (see scenarios/carriers/demo.yaml)"]


def test_every_mistake_is_said_at_once_in_line_order(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(
        ("timezone: Asia/Shanghai", "timezone: Asia/Beijing"),
        ("kind: test-api", "kind: test_api"),
        ("locale: en_US", "locale: en_UK"),
        ("    timeout: 10\n", "    timeout: -1\n"),
        ('monthly_fee: "58.00"', 'monthly_fee: "58.0O"'),
        ("  vas_trial:", "  vas_trail:")))
    lines = [int(m.split(":")[1]) for m in found]
    assert lines == sorted(lines) and len(found) == 6, found
    assert [m.split(": ", 1)[1].split(" — ")[0] for m in found] == [
        "unknown time zone 'Asia/Beijing'",
        "'languages.en.locale' is 'en_UK', which Faker has no locale for",
        "'clock.kind' is 'test_api', which is not one of test-api, real",
        "'channels.api.timeout' is -1, not a number of at least 0.001",
        "'tariff.offerings.5G畅享58元套餐.monthly_fee' is '58.0O', not a number",
        "unknown key 'vas_trail'"]


def test_the_sections_still_settling_are_open_but_their_urls_and_patterns_are_checked(
        tmp_path: Path) -> None:
    open_sections = changed(
        ("    module: demo_operator\n", "    module: demo_operator\n    workers: 2\n"),
        ("  customers: new ", "  customers: new\n  pool_size: 3\n  #"),
        ("    ringback: {request:", "    ringback: {retries: 2, request:"),
        ("tariff:\n  currency: CNY\n", "tariff:\n  currency: CNY\n  cycle: {day: 1}\n"
         "  rounding: half-up\n  vat: {rate: 0.06}\n"),
        ("    timeout: 10\n", "    timeout: 10\n    flows: {order: [{click: 订购}]}\n"),
        ("\ntariff:\n", "\nformats:\n  amount: \"(?P<amount>[\\\\d.]+)元\"\n"
         "  weekday: [\"(?P<day>周.)\"]\n\ntariff:\n"))
    done = lint(tmp_path, open_sections)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = open_sections.replace("  pool_size: 3\n", "  pool_size: 3\n  pool_url: "
                                   "\"htp:/{base_url}/pool\"\n  size_pattern: \"((\"\n", 1)
    found = mistakes(tmp_path, broken)
    line = line_of("  pool_size: 3", broken)
    assert found == [
        f"c.yaml:{line + 1}: 'backstage.pool_url' is not an http(s) URL: "
        "'htp:/{base_url}/pool' — e.g. https://carrier.example/api or {base_url}/path",
        f"c.yaml:{line + 2}: 'backstage.size_pattern' is not a valid regular expression "
        "(missing ), unterminated subpattern at position 1) — fix the pattern (Python's re "
        "syntax)"]


def test_a_format_that_does_not_compile(tmp_path: Path) -> None:
    text = changed(("\ntariff:\n", "\nformats:\n  date: [\"(?P<year>\\\\d{4})\", \"(?P<year\"]\n"
                    "\ntariff:\n"))
    found = mistakes(tmp_path, text)
    assert found == [f"c.yaml:{line_of('  date: [', text)}: 'formats.date' is not a valid "
                     "regular expression (missing >, unterminated name at position 4) — fix the "
                     "pattern (Python's re syntax)"]


def test_a_language_s_wording_is_checked_like_the_default(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(('    activation: "{offering} is now active"',
                                        '    activaton: "{offering} is now active"'),
                                       ('    reminder: "free trial of {offering}"',
                                        '    reminder: "free trial of {offering} {ofering}"')))
    activation, reminder = line_of('"{offering} is now'), line_of('"free trial of')
    assert found == [
        f"c.yaml:{activation}: unknown key 'activaton' — did you mean 'activation'?",
        f"c.yaml:{reminder}: 'products.vas.en.reminder' uses the "
        "placeholder {ofering}, which nothing fills here — placeholders here: {offering}; "
        "write {{ and }} for a brace that is no placeholder"]


def test_lint_config_checks_the_carrier_file_alone(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "walkthrough.cli", "lint", "--config",
                           str(DEMO_PATH), "features/mobile_plan.feature"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("walkthrough: error: lint --config checks the carrier file "
                                  "alone"), done.stderr


def test_run_refuses_the_file_with_every_mistake_before_anything_starts(
        tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(changed(("\nchannels:\n", "\nchanels:\n"), ("kind: test-api", "kind: x")),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "walkthrough.cli", "run", "--config",
                           str(path), "--channel", "api", "--product", "mobile_plan",
                           "--reports", str(tmp_path / "reports")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"walkthrough: error: {path}:{line_of('kind: test-api')}: 'clock.kind' is 'x', which "
        "is not one of test-api, real — test-api: the carrier's test clock; real: wait in "
        "real time",
        f"{path}:{line_of('channels:')}: unknown key 'chanels' — did you mean 'channels'?",
        "2 mistakes in the carrier file; nothing was walked"]
    assert not (tmp_path / "reports").exists()  # nothing started, nothing written


def test_pytest_refuses_the_file_before_any_walk(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(changed(("\nchannels:\n", "\nchanels:\n")), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           "features/mobile_plan.feature", "--walk-channel", "api",
                           "--walk-config", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    said = done.stdout + done.stderr
    assert "Traceback" not in said
    assert done.returncode == 2, said
    assert f"{path}:{line_of('channels:')}: unknown key 'chanels' — did you mean 'channels'?" \
        in done.stdout.splitlines(), said
    assert " passed" not in said and " failed" not in said  # no walk was made


def test_behave_refuses_the_file_before_any_walk(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(changed(("\nchannels:\n", "\nchanels:\n")), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "behave", "features/mobile_plan.feature",
                           "-D", "channel=api", "-D", f"config={path}",
                           "-D", f"reports={tmp_path / 'reports'}"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    said = done.stdout + done.stderr
    assert "Traceback" not in said
    assert done.returncode == 2, said
    assert f"walkthrough: error: {path}:{line_of('channels:')}: unknown key 'chanels' — did " \
        "you mean 'channels'?" in done.stderr.splitlines(), said


def test_the_reference_of_every_key_is_up_to_date() -> None:
    written = reference.DOCUMENT.read_text(encoding="utf-8")
    assert written == reference.markdown(), f"run `{reference.COMMAND}`"

