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
BLUEWHALE = (ROOT / "scenarios" / "carriers" / "bluewhale.yaml").read_text(encoding="utf-8")


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


HALLS = ("channels.web", "channels.mobile", "channels.counter")
_KEY = r"\(\s*f?[\"']([a-z_][\w.]*)"  # the literal start of a key, up to a placeholder
# How each part of the harness looks a key up, and where the keys it names stand: a driver
# reads its own section's keys (``self.cfg("replies.order")``, ``f"{KEY}.paths.{x}"``).
LOOKUPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("**/*.py", r"carrier\.(?:get|url|secret|said|line_of)" + _KEY, ("",)),
    ("channels/api/*.py", r"(?:api|self)\.(?:setting|choice|find)" + _KEY, ("channels.api",)),
    ("channels/api/*.py", r"f[\"']\{KEY\}\.([a-z_][\w.]*)", ("channels.api",)),
    ("channels/web.py", r"self\.(?:cfg|cfg_or|words)" + _KEY, HALLS),
    ("channels/web.py", r"f[\"']\{self\.settings\}\.([a-z_][\w.]*)", HALLS),
    ("channels/web.py", r"dotted = f?[\"']([a-z_][\w.]*)", HALLS),  # links.<page>
    ("channels/flows.py", r"f[\"']\{self\.hall\.settings\}\.([a-z_][\w.]*)", HALLS),
    ("channels/pages.py", r"self\.hall\.(?:cfg|cfg_or|words)" + _KEY, HALLS),
    ("channels/sms.py", r"self\.cfg" + _KEY, ("channels.sms",)),
    ("channels/hotline.py", r"self\.(?:cfg|_body)" + _KEY, ("channels.hotline",)),
    ("channels/sms.py", r"f[\"']\{self\.settings\}\.([a-z_][\w.]*)", ("channels.sms",)),
    ("channels/hotline.py", r"f[\"']\{self\.settings\}\.([a-z_][\w.]*)",
     ("channels.hotline",)),
    ("channels/conversation.py", r"f[\"']\{self\.settings\}\.([a-z_][\w.]*)",
     ("channels.sms", "channels.hotline")),
]
SRC = ROOT / "src" / "walkthrough"


def declared(dotted: str) -> bool:
    from walkthrough.carrier_schema import CarrierFile
    from walkthrough.carrier_schema.mistakes import _inner

    kind: object = CarrierFile
    for part in dotted.split("."):
        kind = _inner(kind, part)
        if kind is None:
            return False
    return True


def keys_of(model: type) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items()}  # type: ignore[attr-defined]


def test_every_setting_the_harness_reads_by_name_is_in_the_schema() -> None:
    """The harness's own lookups (``carrier.get("clock.kind")``, a driver's
    ``self.cfg("replies.order")``, ``f"{KEY}.paths.{resource}"``) name keys the schema
    declares: a key read but not declared would be refused in every carrier file."""
    read: set[str] = set()
    for files, pattern, prefixes in LOOKUPS:
        for path in SRC.glob(files):
            if "carrier_schema" in path.parts:
                continue
            for m in re.finditer(pattern, path.read_text(encoding="utf-8")):
                key = m.group(1).rstrip(".")
                read |= {f"{p}.{key}" if p else key for p in prefixes}
    # each page object reads its own section of the hall (``section = "bills"``)
    for chunk in (SRC / "channels" / "pages.py").read_text(encoding="utf-8").split("\nclass ")[1:]:
        section = re.search(r'section = "(\w+)"', chunk)
        for m in re.finditer(r"self\.(?:cfg|words|listing)" + _KEY, chunk):
            read |= {f"{h}.{section.group(1)}.{m.group(1).rstrip('.')}" for h in HALLS} \
                if section else set()
    assert len(read) > 150, len(read)  # the patterns find the lookups
    assert {"channels.api.paths", "channels.sms.replies.not_understood",
            "channels.web.bills.lines.per_unit", "channels.hotline.states_from",
            "channels.hotline.dial", "channels.web.links", "carrier.adapter"} <= read, \
        sorted(read)
    assert [key for key in sorted(read) if not declared(key)] == []


def test_every_part_of_a_driver_s_settings_it_reads_is_in_the_schema() -> None:
    """What a driver reads inside a setting it took whole: an API resource's name under
    ``paths``, a flow's step and its keys, a list's keys, a tariff rule, a hook's keys."""
    from walkthrough.carrier_schema import channels
    from walkthrough.carrier_schema.backstage import Hook
    from walkthrough.channels import flows, hotline, sms

    def found(path: Path, pattern: str) -> set[str]:
        return set(re.findall(pattern, path.read_text(encoding="utf-8")))

    api = SRC / "channels" / "api"
    resources = set().union(*(found(f, r"api\.(?:get|list|post)\(\s*\"(\w+)\"")
                              for f in api.glob("*.py")))
    assert len(resources) >= 10 and resources <= keys_of(channels.Paths), resources
    usage = found(api / "usage.py", r"spec\.get\(\"(\w+)\"")
    assert usage and usage <= keys_of(channels.Usage), usage

    step_keys = found(SRC / "channels" / "flows.py",
                      r"step(?:\.get\(|\[)\"(\w+)\"|\"(\w+)\" in step")
    step_keys = {k for pair in step_keys for k in pair if k}
    assert set(flows.ACTIONS) == set(channels.ACTIONS)
    assert step_keys and step_keys <= keys_of(channels.Step), step_keys
    assert set(sms.STEPS) == keys_of(channels.SmsStep)
    assert set(hotline.ANSWER) == keys_of(channels.HotlineAnswer)

    # a list's keys ("name" is the key a catalogue list is given by, not a key of its own)
    list_keys = found(SRC / "channels" / "pages.py",
                      r"config(?:\.get\(|\[)\"(\w+)\"|\"(\w+)\" in self\.config|"
                      r"detail(?:\.get\(|\[)\"(\w+)\"|spec\.get\(\"(\w+)\"")
    list_keys = {k for group in list_keys for k in group if k} - {"name"}
    known = keys_of(channels.CatalogueList) | keys_of(channels.Detail) | keys_of(channels.Find)
    assert list_keys and list_keys <= known, list_keys

    rules = found(SRC / "tariff_rules.py", r"(?:section\.get|mapping|one_of)\(\s*\"([\w.]+)\"")
    assert {"cycle", "proration.fee", "rounding.voice", "balance_charged"} <= rules, rules
    assert [r for r in sorted(rules) if not declared(f"tariff.{r}")] == []

    hook_keys = found(SRC / "backstage.py", r"spec\.get\(\"(\w+)\"")
    assert hook_keys and hook_keys <= keys_of(Hook), hook_keys


def test_every_setting_a_standard_requires_is_in_the_schema() -> None:
    """A standard that judges a rule only some carriers have names the setting that says so
    (``requires: tariff.vas_trial``): a key the schema declares."""
    from walkthrough import standards

    catalogue = standards.load(ROOT / "scenarios" / "standards.yaml")
    required = {s.requires for s in catalogue.standards.values() if s.requires}
    assert required, "no standard requires a setting: the test looks in the wrong place"
    assert [key for key in sorted(required) if not declared(key)] == []


def test_a_value_added_service_not_sold_is_the_walks_words() -> None:
    from walkthrough.carrier_schema import products
    from walkthrough.product_lines import vas

    assert products.NOT_SOLD == vas.NOT_SOLD


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
    found = mistakes(tmp_path, changed(("    catalogue:\n", "    catalog:\n")))
    assert found == [f"c.yaml:{line_of('    catalogue:')}: unknown key 'catalog' — did you mean "
                     "'catalogue'?"]


@pytest.mark.parametrize(("old", "value", "key", "allowed"), [
    ("kind: test-api", "test_api", "clock.kind", "test-api, real"),
    ("scope: customer", "customers", "clock.scope", "customer, environment"),
    ("customers: new ", "nwe", "backstage.customers", "new, pool"),
    ("    as: api\n", "API", "backstage.hooks.new_customer.as", "api"),
    ("change_effective: next-cycle", "next_cycle", "tariff.change_effective",
     "next-cycle, next-month, immediate"),
    ("proration: {fee: daily", "dayly", "tariff.proration.fee", "daily, none"),
    ("cycle: calendar", "calender", "tariff.cycle", "calendar, bill-day"),
    ("rounding: {voice: minute", "minutes", "tariff.rounding.voice", "second, minute"),
    ("balance_charged: cycle-start", "cycle_start", "tariff.balance_charged",
     "cycle-start, bill-cut"),
    ("methods: {api: online", "onlin", "products.topup.methods.api", "online, cash, card"),
    ("period_end: inclusive", "inclusiv", "channels.api.bill.period_end",
     "inclusive, exclusive"),
    ("payer: payer", "payor", "channels.api.payment.payer", "payer, account"),
], ids=["clock-kind", "clock-scope", "backstage-customers", "new-customer-as",
        "change-effective", "proration", "cycle", "rounding", "balance-charged", "topup-method",
        "bill-period-end", "payment-payer"])
def test_an_enum_typo_lists_the_allowed_values(tmp_path: Path, old: str, value: str, key: str,
                                               allowed: str) -> None:
    before, word = old.rstrip().rsplit(" ", 1)
    found = mistakes(tmp_path, changed((old, old.replace(f"{before} {word}", f"{before} {value}"))))
    assert len(found) == 1, found
    assert found[0].startswith(f"c.yaml:{line_of(old)}: '{key}' is '{value}', not one of "
                               f"{allowed} — did you mean '{word}'?"), found


def test_a_word_far_from_every_allowed_one_lists_them(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("cycle: calendar", "cycle: monthly")))
    assert found == [f"c.yaml:{line_of('cycle: calendar')}: 'tariff.cycle' is 'monthly', not "
                     "one of calendar, bill-day — calendar: the 1st to the month's end; "
                     "bill-day: from the customer's bill day"]


def test_the_tariff_s_rules_in_their_older_shapes_are_taken(tmp_path: Path) -> None:
    # one word for the fee's proration, and next-month (read as next-cycle)
    done = lint(tmp_path, changed(("proration: {fee: daily, allowances: none}", "proration: none"),
                                  ("change_effective: next-cycle", "change_effective: next-month")))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_tariff_rule_s_typo_is_named_where_it_stands(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("proration: {fee: daily, allowances: none}",
                                        "proration: {fee: daily, allowance: none}"),
                                       ('# vat: {plan: "9"', 'vat: {plna: "9"')))
    assert found == [
        f"c.yaml:{line_of('proration: {fee')}: unknown key 'allowance' — did you mean "
        "'allowances'?",
        f"c.yaml:{line_of('# vat: {plan')}: a key of 'tariff.vat' is 'plna', not one of "
        "plan, voice, data, vas — did you mean 'plan'?"]


def test_a_vat_that_is_no_percentage(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(('# vat: {plan: "9"', 'vat: {plan: "109"')))
    assert found == [f"c.yaml:{line_of('# vat: {plan')}: 'tariff.vat.plan' is '109', not a "
                     "percentage from 0 to 100 — write the percent included in the price, e.g. "
                     '"9"']


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
        "my_operator, ready: /health}" in found[0]


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
        "'clock.kind' is 'test_api', not one of test-api, real",
        "'channels.api.timeout' is -1, not a number of at least 0.001",
        "'tariff.offerings.5G畅享58元套餐.monthly_fee' is '58.0O', not a number",
        "unknown key 'vas_trail'"]


def test_every_section_is_closed_and_the_values_passed_as_they_are_are_checked(
        tmp_path: Path) -> None:
    text = changed(
        ("    module: demo_operator\n", "    module: demo_operator\n    workers: 2\n"),
        ("  customers: new ", "  customers: new\n  pool_size: 3\n  #"),
        ("    ringback: {request:", "    ringback: {retries: 2, request:"),
        ("\ntariff:\n", "\nformats:\n  weekday: [\"(?P<day>周.)\"]\n\ntariff:\n"),
        ("body: {name: \"{name}\", idNumber: \"{id_number}\"}",
         "body: {name: \"{name}\", back: \"htp:/{base_url}/x\", id_pattern: \"((\"}"))
    found = mistakes(tmp_path, text)
    assert [m.split(": ", 1)[1].split(" — ")[0] for m in found] == [
        "unknown key 'workers'", "unknown key 'pool_size'",
        "'backstage.hooks.new_customer.body.back' is not an http(s) URL: 'htp:/{base_url}/x'",
        "'backstage.hooks.new_customer.body.id_pattern' is not a valid regular expression "
        "(missing ), unterminated subpattern at position 1)",
        "unknown key 'retries'", "unknown key 'weekday'"], found
    assert found[-1] == f"c.yaml:{line_of('  weekday:', text)}: unknown key 'weekday' — the " \
        "keys here are amount, date, moment, duration, vat"


def test_a_flow_step_s_typo_says_the_step_it_probably_meant(tmp_path: Path) -> None:
    # the web hall's flows are the mobile hall's too (<<: *hall): said once
    old = "        - click: 'role=button[name=\"获取验证码\"s]'"
    found = mistakes(tmp_path, changed((old, old.replace("click", "clik"))))
    assert found == [f"c.yaml:{line_of(old)}: unknown key 'clik' — did you mean 'click'?"]


@pytest.mark.parametrize(("old", "new", "at", "said"), [
    ("        - fill: label=验证码\n", "        - fill: label=验证码\n          option: x\n",
     "        - fill: label=验证码\n",
     "'channels.web.flows.sign_in[4]': 'option' goes with choose, not with fill — remove "
     "'option', or make the step choose: ..."),
    ("        - flow: open_order\n", "        - flow: open_ordre\n", "        - flow: open_ordre",
     "'channels.web.flows.order[0].flow' names no flow 'open_ordre' — did you mean "
     "'open_order'?"),
    ("        - open: services\n", "        - open: service\n", "        - open: service\n",
     "'channels.web.flows.change[0].open' is 'service', not one of catalogue, "
     "services, usage, bills, repair, topup — did you mean 'services'?"),
    ("        - goto: start\n", "        - goto: start\n          click: x\n",
     "        - goto: start\n",
     "'channels.web.flows.sign_in[0]' does both goto and click — one action a step: write "
     "them as two steps"),
    ("          as: code\n", "          as: code\n          within: -1\n", "          within: -1",
     "'channels.web.flows.sign_in[3].within' is -1, not a number of at least 0.001 — write a "
     "plain number"),
], ids=["companion", "flow-name", "page", "two-actions", "sms-within"])
def test_a_flow_step_written_wrong(tmp_path: Path, old: str, new: str, at: str,
                                   said: str) -> None:
    text = changed((old, new))
    assert mistakes(tmp_path, text) == [f"c.yaml:{line_of(at, text)}: {said}"]


def test_a_hall_list_s_field_typo(tmp_path: Path) -> None:
    old = "      columns: {name: 业务, status: 状态"
    found = mistakes(tmp_path, changed((old, old.replace("status", "stauts"))))
    assert found == [f"c.yaml:{line_of(old)}: unknown key 'stauts' — did you mean 'status'?"]


def test_a_hall_list_of_items_s_field_typo(tmp_path: Path) -> None:
    old = '        status: {pattern: "状态：(\\\\S+)"}'
    assert old in BLUEWHALE
    found = mistakes(tmp_path, BLUEWHALE.replace(old, old.replace("status", "statsu"), 1))
    assert found == [f"c.yaml:{line_of(old, BLUEWHALE)}: unknown key 'statsu' — did you mean "
                     "'status'?"]


def test_a_page_s_list_that_is_neither_a_table_nor_items(tmp_path: Path) -> None:
    found = mistakes(tmp_path, changed(("      table: 我的报修\n", "")))
    assert found == [f"c.yaml:{line_of('    repair:  ')}: 'channels.web.repair' is a list: give "
                     "its 'table' (with 'columns') or its 'items' (with 'fields') — see "
                     "scenarios/carriers/demo.yaml (tables) and bluewhale.yaml (items)"]


def test_an_api_path_s_typo(tmp_path: Path) -> None:
    old = "      productOrder: productOrderingManagement"
    found = mistakes(tmp_path, changed((old, old.replace("productOrder:", "productOrders:"))))
    assert found == [f"c.yaml:{line_of(old)}: unknown key 'productOrders' — did you mean "
                     "'productOrder'?"]


def test_an_api_answer_s_place_that_is_no_jmespath(tmp_path: Path) -> None:
    old = "      amount: \"[?usageType=='monetary'] | [0].remainingValue.amount\""
    found = mistakes(tmp_path, changed((old, "      amount: \"[?usageType=='monetary'\"")))
    assert len(found) == 1 and found[0].startswith(
        f"c.yaml:{line_of(old)}: 'channels.api.balance.amount' is not a JMESPath expression"), \
        found


def test_an_sms_flow_sending_a_value_its_task_does_not_give(tmp_path: Path) -> None:
    old = 'change: [send: "BG{code}"'
    found = mistakes(tmp_path, BLUEWHALE.replace(old, 'change: [send: "BG{offering}"', 1))
    assert found == [f"c.yaml:{line_of(old, BLUEWHALE)}: 'channels.sms.flows.change[0].send' "
                     "uses the placeholder {offering}, which nothing fills here — placeholders "
                     "here: {code}; write {{ and }} for a brace that is no placeholder"]


def test_an_sms_flow_step_doing_two_things(tmp_path: Path) -> None:
    found = mistakes(tmp_path, BLUEWHALE.replace("price: [send: JG, expect: price]",
                                                 "price: [{send: JG, expect: price}]", 1))
    assert found == [f"c.yaml:{line_of('price: [send: JG', BLUEWHALE)}: "
                     "'channels.sms.flows.price[0]' does send and expect at once — one a step: "
                     "[send: \"KT{code}\", expect: order]"]


def test_an_sms_task_the_hall_does_not_know(tmp_path: Path) -> None:
    found = mistakes(tmp_path, BLUEWHALE.replace("not_offered: [usage, bill_lines]",
                                                 "not_offered: [usage, bill_line]", 1))
    line = line_of("not_offered: [usage, bill_lines]", BLUEWHALE)
    assert found == [f"c.yaml:{line}: 'channels.sms.not_offered[1]' is 'bill_line', not one "
                     "of price, order, query, change, cancel, cancel_list, cancel_pick, "
                     "bills, bill_lines, usage, balance, top_up — did you mean 'bill_lines'?"]


def test_the_hotline_reads_its_states_from_another_channel(tmp_path: Path) -> None:
    found = mistakes(tmp_path, BLUEWHALE.replace("states_from: sms", "states_from: hotline", 1))
    assert found == [f"c.yaml:{line_of('states_from: sms', BLUEWHALE)}: "
                     "'channels.hotline.states_from' is 'hotline', not one of api, web, "
                     "mobile, counter, sms — name another channel that shows the products' "
                     "states (e.g. sms)"]


def test_a_value_added_service_named_in_another_s_place(tmp_path: Path) -> None:
    assert "music: not sold" in BLUEWHALE
    assert lint(tmp_path, BLUEWHALE.replace("music: not sold", "music: news", 1)).returncode == 0
    found = mistakes(tmp_path, BLUEWHALE.replace("music: not sold", "music: nwes", 1))
    assert found == [f"c.yaml:{line_of('music: not sold', BLUEWHALE)}: "
                     "'products.vas.services.music' names no service 'nwes' — did you mean "
                     "'news'?"]


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
        f"walkthrough: error: {path}:{line_of('kind: test-api')}: 'clock.kind' is 'x', not "
        "one of test-api, real — test-api: the carrier's test clock; real: wait in "
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
    # said once on stderr, before any worker starts or any feature is collected
    assert f"walkthrough: error: {path}:{line_of('channels:')}: unknown key 'chanels' — did " \
        "you mean 'channels'?" in done.stderr.splitlines(), said
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

