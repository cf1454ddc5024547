"""Every bad input gets a clear error and the exit code the README promises, never a traceback.

Each row runs the command as a process of its own and checks its exit code and its headline:
the first line of stderr, or for an argparse refusal (which prints its usage first) the line
that says the error. pytest and behave run by their own interpreter; `walkthrough`'s rows are
forked from a process that has the harness imported, as the walk tests run it, but for the
rows of ENTRY (the entry point itself, `python -m walkthrough.cli`) and those that set a
variable, which the harness may read as it is imported. The rows that walk stop before any
operator starts, except where the operator itself refuses the input.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.walks import forked

ROOT = Path(__file__).resolve().parents[2]
DEMO = (ROOT / "scenarios" / "carriers" / "demo.yaml").read_text(encoding="utf-8")
CATALOGUE = (ROOT / "scenarios" / "standards.yaml").read_text(encoding="utf-8")
WALK = ["--channel", "api", "--product", "mobile_plan"]
DOWN_DB = "postgresql://walker@127.0.0.1:1/history"

GOOD_FEATURE = """@product:mobile_plan
Feature: one walk
  Scenario: a walk on the api channel
    Given a new customer who uses the api channel
    When the customer orders the mobile plan
    Then the order is accepted with an order number [ORD-ACK]
"""


def feature(swap: dict[str, str] | None = None) -> str:
    text = GOOD_FEATURE
    for old, new in (swap or {}).items():
        assert old in text, old  # the row must really change the feature
        text = text.replace(old, new, 1)
    return text


def line_of(text: str) -> int:
    """The line of the demo carrier file where ``text`` first appears."""
    return DEMO[:DEMO.index(text)].count("\n") + 1


def not_launched(text: str) -> str:
    """The carrier file without its ``carrier.launch`` block: a carrier walked where it runs."""
    return re.sub(r"  launch:\n(    .*\n)+", "", text, count=1)


def carrier(old: str, new: str) -> str:
    assert old in DEMO, old  # the row must really change the file
    return DEMO.replace(old, new, 1)


def catalogue(old: str, new: str) -> str:
    assert old in CATALOGUE, old
    return CATALOGUE.replace(old, new, 1)


@dataclasses.dataclass
class Case:
    id: str
    argv: list[str]  # "{tmp}" stands for the row's folder; "cli" for the walkthrough command
    code: int
    headline: str  # a regular expression searched in the headline
    files: dict[str, str | bytes] = dataclasses.field(default_factory=dict)
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    stream: str = "stderr"  # where the headline is: lint lists its findings on stdout
    cwd: str = ""  # relative to {tmp}; default: the project root
    needs: str = ""  # a fixture name that must be usable, else the row is skipped (said why)


CASES = [
    # -- the gate: `walkthrough run` refuses features that cannot be walked whole ------------
    Case("run-step-typo", ["cli", "run", "--features", "{tmp}/f.feature", *WALK], 2,
         r"f\.feature:5: no step definition matches 'When the customer orders the mobil plan'",
         {"f.feature": feature({"mobile plan": "mobil plan"})}),
    Case("run-unknown-standard", ["cli", "run", "--features", "{tmp}/f.feature", *WALK], 2,
         r"f\.feature:6: unknown service standard ORD-AKC",
         {"f.feature": feature({"ORD-ACK": "ORD-AKC"})}),
    Case("run-outline-without-examples", ["cli", "run", "--features", "{tmp}/f.feature"], 2,
         r"f\.feature:3: Scenario Outline 'walk on <channel>' has no examples",
         {"f.feature": "@product:mobile_plan\nFeature: f\n  Scenario Outline: walk on "
          "<channel>\n    Given a new customer who uses the <channel> channel\n"}),
    Case("run-outline-empty-examples", ["cli", "run", "--features", "{tmp}/f.feature"], 2,
         r"f\.feature:3: Scenario Outline .* has no examples",
         {"f.feature": "@product:mobile_plan\nFeature: f\n  Scenario Outline: walk on "
          "<channel>\n    Given a new customer who uses the <channel> channel\n"
          "    Examples:\n      | channel |\n"}),
    Case("run-empty-feature", ["cli", "run", "--features", "{tmp}/f.feature"], 2,
         r"f\.feature: the feature has no scenario", {"f.feature": ""}),
    Case("run-feature-without-scenario", ["cli", "run", "--features", "{tmp}/f.feature"], 2,
         r"f\.feature:2: the feature has no scenario",
         {"f.feature": "@product:mobile_plan\nFeature: nothing to walk\n"}),
    Case("run-unknown-product-tag", ["cli", "run", "--features", "{tmp}/f.feature"], 2,
         r"f\.feature:2: unknown product line @product:mobile_plann",
         {"f.feature": feature({"@product:mobile_plan": "@product:mobile_plann"})}),
    Case("run-no-product-tag", ["cli", "run", "--features", "{tmp}/f.feature"], 2,
         r"f\.feature:1: the feature has no @product:<line> tag",
         {"f.feature": feature({"@product:mobile_plan\n": ""})}),
    Case("run-unknown-channel-tag", ["cli", "run", "--features", "{tmp}/f.feature"], 2,
         r"f\.feature:4: unknown channel @channel:fax",
         {"f.feature": feature({"  Scenario:": "  @channel:fax\n  Scenario:"})}),
    Case("run-not-gherkin", ["cli", "run", "--features", "{tmp}/f.feature"], 2,
         r"f\.feature:\d+: not valid Gherkin",
         {"f.feature": "@product:mobile_plan\nFeature: f\n  Scenario: x\n    Given a\n"
          "  Examples: stray\n      | a |\n"}),
    Case("run-feature-not-utf8", ["cli", "run", "--features", "{tmp}/f.feature", *WALK], 2,
         r"f\.feature:3: not UTF-8 text \(byte 0x[0-9a-f]{2} at line 3\)",
         {"f.feature": feature().encode().replace(b"a walk", "一次".encode("gbk"))}),
    Case("run-feature-missing", ["cli", "run", "--features", "{tmp}/nope.feature"], 2,
         r"nope\.feature: no such feature file or folder"),
    Case("run-features-folder-empty", ["cli", "run", "--features", "{tmp}/none"], 2,
         r"none: no \.feature file there", {"none/README": "nothing here"}),
    Case("run-catalogue-duplicate-id", ["cli", "run", *WALK], 2,
         r"standards\.yaml:\d+: 'ORD-ACK' is given twice \(first on line \d+\)",
         {"standards.yaml": CATALOGUE.replace("  ORD-SMS-5MIN:", "  ORD-ACK:", 1)},
         env={"WALKTHROUGH_CATALOGUE": "{tmp}/standards.yaml"}),
    Case("run-catalogue-threshold-not-a-number", ["cli", "run", *WALK], 2,
         r"standards\.yaml:\d+: standard ORD-SMS-5MIN: threshold '5 min' is not a number",
         {"standards.yaml": catalogue('{op: "<=", value: 300, unit: s}',
                                      '{op: "<=", value: 5 min, unit: s}')},
         env={"WALKTHROUGH_CATALOGUE": "{tmp}/standards.yaml"}),
    Case("run-catalogue-unknown-operator", ["cli", "run", *WALK], 2,
         r"standards\.yaml:\d+: standard ORD-SMS-5MIN: unknown comparison operator '=<'",
         {"standards.yaml": catalogue('{op: "<=", value: 300, unit: s}',
                                      '{op: "=<", value: 300, unit: s}')},
         env={"WALKTHROUGH_CATALOGUE": "{tmp}/standards.yaml"}),
    Case("run-catalogue-target-not-a-number", ["cli", "run", *WALK], 2,
         r"standards\.yaml:11: target compliance 'high' is not a number",
         {"standards.yaml": catalogue("compliance: 0.95", "compliance: high")},
         env={"WALKTHROUGH_CATALOGUE": "{tmp}/standards.yaml"}),
    Case("run-catalogue-missing", ["cli", "run", *WALK], 2,
         r"nope\.yaml: file not found",
         env={"WALKTHROUGH_CATALOGUE": "{tmp}/nope.yaml"}),
    Case("run-catalogue-yaml-syntax", ["cli", "run", *WALK], 2,
         r"standards\.yaml:\d+: not valid YAML",
         {"standards.yaml": catalogue("severity_weights: {critical: 5,",
                                      "severity_weights: {critical: 5,,")},
         env={"WALKTHROUGH_CATALOGUE": "{tmp}/standards.yaml"}),
    # -- the carrier file --------------------------------------------------------------------
    Case("carrier-missing", ["cli", "run", "--config", "{tmp}/nope.yaml", *WALK], 2,
         r"nope\.yaml: file not found"),
    Case("carrier-is-a-folder", ["cli", "run", "--config", "{tmp}", *WALK], 2,
         r": is a folder, not a file"),
    Case("carrier-yaml-syntax", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         r"c\.yaml:\d+: not valid YAML",
         {"c.yaml": carrier("  base_url: http://127.0.0.1:8700", "  base_url: [http://")}),
    Case("carrier-not-utf8", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         r"c\.yaml:1: not UTF-8 text \(byte 0x[0-9a-f]{2} at line 1\)",
         {"c.yaml": DEMO.encode("utf-8").replace("演示电信".encode(), "演示电信".encode("gbk"))}),
    Case("carrier-binary", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         r"c\.yaml:1: not a text file",
         {"c.yaml": b"\x00\x01\x02binary\x00"}),
    Case("carrier-empty", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         r"c\.yaml: the file is empty", {"c.yaml": "# nothing\n"}),
    Case("carrier-not-a-mapping", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         r"c\.yaml:1: expected a mapping", {"c.yaml": "- a list\n"}),
    Case("carrier-duplicate-key", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('timezone:') + 1}: 'timezone' is given twice \(first on line "
         rf"{line_of('timezone:')}\)",
         {"c.yaml": carrier("timezone: Asia/Shanghai\n",
                            "timezone: Asia/Shanghai\ntimezone: Europe/Paris\n")}),
    Case("carrier-clock-kind-typo", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('kind: test-api')}: 'clock\.kind' is 'test_api', not "
         r"one of test-api, real",
         {"c.yaml": carrier("kind: test-api", "kind: test_api")}),
    Case("carrier-launch-typo", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('  launch:')}: 'carrier\.launch' is 'demo-operator', not the "
         r"module and ready path of an embedded operator",
         {"c.yaml": carrier("  launch:\n", "  launch: demo-operator\n  launched:\n")}),
    Case("carrier-unknown-timezone", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('timezone:')}: unknown time zone 'Asia/Beijing'",
         {"c.yaml": carrier("timezone: Asia/Shanghai", "timezone: Asia/Beijing")}),
    Case("carrier-malformed-url", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('request: POST {base_url}/test/customers')}: "
         r"'backstage\.hooks\.new_customer\.request' is not an http\(s\) URL",
         {"c.yaml": carrier('request: POST {base_url}/test/customers',
                            'request: POST htp:/test/customers')}),
    Case("carrier-url-bad-port", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('  base_url: http')}: 'carrier\.base_url' is not a valid URL",
         {"c.yaml": carrier("base_url: http://127.0.0.1:8700", "base_url: http://127.0.0.1:87OO")}),
    Case("carrier-poll-not-a-number", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('poll: 60 ')}: 'clock\.poll' is 'a minute', not a number of "
         r"at least 1",
         {"c.yaml": carrier("poll: 60 ", "poll: a minute ")}),
    Case("carrier-timeout-negative", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         r"'channels\.api\.timeout' is -1, not a number",
         {"c.yaml": carrier("    timeout: 10\n", "    timeout: -1\n")}),
    Case("carrier-bad-pattern", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         r"'channels\.web\.catalogue\.slot_pattern' is not a valid regular expression",
         {"c.yaml": carrier('slot_pattern: "(?P<date>', 'slot_pattern: "((?P<date>')}),
    Case("carrier-unknown-locale", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         r"c\.yaml:\d+: 'languages\.en\.locale' is 'en_UK', which Faker has no locale for",
         {"c.yaml": carrier("locale: en_US", "locale: en_UK")}),
    Case("carrier-no-base-url", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('carrier:')}: a carrier that is not launched here needs "
         r"carrier\.base_url",
         {"c.yaml": not_launched(DEMO).replace("  base_url: http://127.0.0.1:8700", "", 1)}),
    Case("carrier-unknown-key", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('channels:')}: unknown key 'chanels' — did you mean 'channels'\?",
         {"c.yaml": carrier("\nchannels:\n", "\nchanels:\n")}),
    Case("carrier-wrong-type", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('    timeout: 10')}: 'channels\.api\.timeout' is 'ten', not a "
         r"number",
         {"c.yaml": carrier("    timeout: 10\n", "    timeout: ten\n")}),
    Case("carrier-url-placeholder", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('    keys:')}: 'channels\.hotline\.keys' uses the placeholder "
         r"\{msisdn\}, which nothing fills here — placeholders here: \{base_url\}, \{call\}",
         {"c.yaml": carrier("/hotline/calls/{call}/keys", "/hotline/{msisdn}/keys")}),
    Case("carrier-message-placeholder", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('  activation:')}: 'messages\.activation' uses the placeholder "
         r"\{ofering\}, .* placeholders here: \{offering\}",
         {"c.yaml": carrier('activation: "开通{offering}"', 'activation: "开通{ofering}"')}),
    Case("carrier-tariff-rule-typo", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 2,
         rf"c\.yaml:{line_of('change_effective:')}: 'tariff\.change_effective' is "
         r"'next_cycle', not one of next-cycle, next-month, immediate — did you mean "
         r"'next-cycle'\?",
         {"c.yaml": carrier("change_effective: next-cycle", "change_effective: next_cycle")}),
    Case("carrier-missing-required-key", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK],
         2, r"c\.yaml:\d+: missing setting 'channels\.api\.base_url'",
         {"c.yaml": carrier('    base_url: "{base_url}/tmf-api"\n', "")}),
    Case("carrier-unreachable", ["cli", "run", "--config", "{tmp}/c.yaml", *WALK], 3,
         r"^walkthrough: environment: the carrier .* does not answer at http://127\.0\.0\.1:1",
         {"c.yaml": not_launched(DEMO).replace("http://127.0.0.1:8700", "http://127.0.0.1:1",
                                               1)}),
    # -- options -----------------------------------------------------------------------------
    Case("run-min-compliance-above-1", ["cli", "run", "--min-compliance", "95"], 2,
         r"argument --min-compliance: 95\.0 is not between 0 and 1"),
    Case("run-min-compliance-not-a-number", ["cli", "run", "--min-compliance", "high"], 2,
         r"argument --min-compliance: 'high' is not a number"),
    Case("run-workers-zero", ["cli", "run", "--workers", "0"], 2,
         r"argument --workers: 0 is not at least 1"),
    Case("run-concurrency-zero", ["cli", "run", "--concurrency", "0"], 2,
         r"argument --concurrency: 0 is not at least 1"),
    Case("run-unknown-channel", ["cli", "run", "--channel", "fax"], 2,
         r"argument --channel: invalid choice: 'fax'"),
    Case("run-unknown-stage", ["cli", "run", "--stage", "pay"], 2,
         r"argument --stage: invalid choice: 'pay'"),
    Case("run-unknown-product", ["cli", "run", "--product", "mobile"], 2,
         r"^walkthrough: error: --product mobile: no such product line"),
    Case("run-selection-walks-nothing", ["cli", "run", "--product", "enterprise",
                                         "--channel", "sms"], 2,
         r"^walkthrough: error: nothing to walk: enterprise is not sold on sms"),
    Case("run-org-empty-level", ["cli", "run", *WALK, "--org", "集团//广州",
                                 "--reports", "{tmp}/r"], 2,
         r"--org '集团//广州' has an empty level"),
    Case("run-unknown-fault", ["cli", "run", *WALK, "--fault", "no-such-fault",
                               "--reports", "{tmp}/r"], 2,
         r"^walkthrough: error: the .* did not start: .*no-such-fault"),
    Case("unknown-command", ["cli", "walk"], 2, r"argument command: invalid choice: 'walk'"),
    # -- the environment ---------------------------------------------------------------------
    Case("run-reports-forbidden", ["cli", "run", *WALK, "--reports", "/sys/walkthrough"], 3,
         r"^walkthrough: environment: /sys/walkthrough: the reports folder cannot be written"),
    Case("run-reports-is-a-file", ["cli", "run", *WALK, "--reports", "{tmp}/r"], 2,
         r"r: the reports folder is a file", {"r": "a file"}),
    Case("run-reports-disk-full", ["cli", "run", *WALK, "--reports", "{full}/reports"], 3,
         r"^walkthrough: environment: .*the reports folder cannot be written \(No space left",
         needs="full_disk"),
    Case("run-history-down", ["cli", "run", *WALK, "--reports", "{tmp}/r", "--history",
                              DOWN_DB], 3,
         r"^walkthrough: environment: the history database .*127\.0\.0\.1:1.* could not be"),
    Case("run-history-malformed", ["cli", "run", *WALK, "--reports", "{tmp}/r",
                                   "--history", "postgresql://u@h:port/x"], 2,
         r"--history 'postgresql://u@h:port/x' is not a database URL"),
    Case("run-history-env-malformed", ["cli", "run", *WALK, "--reports", "{tmp}/r"], 2,
         r"\$WALKTHROUGH_HISTORY 'mysql://u@h/x'|database 'mysql' is not supported",
         env={"WALKTHROUGH_HISTORY": "mysql://u@h/x"}),
    Case("report-history-down", ["cli", "report", "--history", DOWN_DB], 3,
         r"^walkthrough: environment: the history database"),
    Case("problems-history-down", ["cli", "problems", "--history", DOWN_DB], 3,
         r"^walkthrough: environment: the history database"),
    Case("history-list-down", ["cli", "history", "list", "--history", DOWN_DB], 3,
         r"^walkthrough: environment: the history database"),
    Case("history-import-down", ["cli", "history", "import", "--history", DOWN_DB], 3,
         r"^walkthrough: environment: the history database"),
    Case("history-export-down", ["cli", "history", "export", "--history", DOWN_DB], 3,
         r"^walkthrough: environment: the history database"),
    Case("history-export-disk-full", ["cli", "history", "export", "--history",
                                      "{tmp}/h.db", "--format", "csv", "--out", "/dev/full"],
         3,
         r"^walkthrough: environment: --out /dev/full: cannot write \(No space left on device\)",
         needs="dev_full"),
    Case("history-export-unknown-run", ["cli", "history", "export", "--history",
                                        "{tmp}/h.db", "--run", "nope"], 2,
         r"--run: there is no run 'nope'"),
    Case("history-export-format", ["cli", "history", "export", "--format", "xml"], 2,
         r"argument --format: invalid choice: 'xml'"),
    Case("history-limit-zero", ["cli", "history", "list", "--limit", "0"], 2,
         r"argument --limit: 0 is not at least 1"),
    Case("history-db-not-a-database", ["cli", "history", "list", "--history", "{tmp}/h.db"],
         3, r"^walkthrough: environment: .*h\.db", {"h.db": "not a database " * 100}),
    Case("report-compare-unknown-runs", ["cli", "report", "--history", "{tmp}/h.db",
                                         "--reports", "{tmp}/r", "--compare", "A", "B"], 2,
         r"^walkthrough: error: .*'A'"),
    # -- lint: the same problems as the gate, on stdout, exit 1 ------------------------------
    Case("lint-step-typo", ["cli", "lint", "{tmp}/f.feature"], 1,
         r"f\.feature:5: no step definition matches", {"f.feature": feature(
             {"mobile plan": "mobil plan"})}, stream="stdout"),
    Case("lint-feature-not-utf8", ["cli", "lint", "{tmp}/f.feature"], 1,
         r"f\.feature:3: not UTF-8 text",
         {"f.feature": feature().encode().replace(b"a walk", "一次".encode("gbk"))},
         stream="stdout"),
    Case("lint-config-ok", ["cli", "lint", "--config", "{root}/scenarios/carriers/demo.yaml"],
         0, r"demo\.yaml: carrier file OK$", stream="stdout"),
    Case("lint-config-mistakes", ["cli", "lint", "--config", "{tmp}/c.yaml"], 2,
         rf"^/.*/c\.yaml:{line_of('kind: test-api')}: 'clock\.kind' is 'test_api', not one "
         r"of test-api, real — ",
         {"c.yaml": carrier("kind: test-api", "kind: test_api").replace(
             "\nchannels:\n", "\nchanels:\n", 1)}, stream="stdout"),
    Case("lint-config-yaml-syntax", ["cli", "lint", "--config", "{tmp}/c.yaml"], 2,
         r"^walkthrough: error: .*c\.yaml:\d+: not valid YAML",
         {"c.yaml": carrier("  base_url: http://127.0.0.1:8700", "  base_url: [http://")}),
    Case("lint-config-missing", ["cli", "lint", "--config", "{tmp}/nope.yaml"], 2,
         r"^walkthrough: error: .*nope\.yaml: file not found"),
    Case("lint-missing-feature", ["cli", "lint", "{tmp}/nope.feature"], 2,
         r"nope\.feature: no such feature file or folder"),
    # -- the other commands ------------------------------------------------------------------
    Case("operator-port-out-of-range", ["cli", "operator", "--port", "70000"], 2,
         r"argument --port: 70000 is not between 1 and 65535"),
    Case("operator-port-zero", ["cli", "operator", "--port", "0"], 2,
         r"argument --port: 0 is not between 1 and 65535"),
    Case("operator-unknown-fault", ["cli", "operator", "--port", "{port}", "--db",
                                    "{tmp}/op.db", "--fault", "nope"], 2,
         r"^walkthrough: error: the .* did not start: .*nope"),
    Case("operator-port-in-use", ["cli", "operator", "--port", "{busy}", "--db",
                                  "{tmp}/op.db"], 3,
         r"^walkthrough: environment: the .* cannot listen on 127\.0\.0\.1:\d+ "
         r"\(Address already in use\)", needs="busy_port"),
    Case("faults-bad-option", ["cli", "faults", "--yaml"], 2,
         r"unrecognized arguments: --yaml"),
    # -- pytest and behave refuse what the gate refuses ---------------------------------------
    Case("pytest-step-typo", ["pytest", "{tmp}/f.feature"], 2,
         r"^walkthrough: error: .*f\.feature:5: no step definition matches",
         {"f.feature": feature({"mobile plan": "mobil plan"})}),
    Case("pytest-catalogue-duplicate", ["pytest", "{root}/features/mobile_plan.feature",
                                        "--walk-channel", "api"], 2,
         r"^walkthrough: error: .*standards\.yaml:\d+: 'ORD-ACK' is given twice",
         {"standards.yaml": CATALOGUE.replace("  ORD-SMS-5MIN:", "  ORD-ACK:", 1)},
         env={"WALKTHROUGH_CATALOGUE": "{tmp}/standards.yaml"}),
    Case("behave-unknown-standard", ["behave", "features/"], 2,
         r"^walkthrough: error: features/f\.feature:6: unknown service standard ORD-AKC",
         {"features/f.feature": feature({"ORD-ACK": "ORD-AKC"}),
          "environment.py": (ROOT / "environment.py").read_text(encoding="utf-8")},
         cwd=".", needs="steps_link"),
    # -- shards and merge ---------------------------------------------------------------------
    Case("run-shard-zero", ["cli", "run", "--shard", "0/3"], 2,
         r"argument --shard: '0/3': K must be 1 to N"),
    Case("run-shard-walks-nothing", ["cli", "run", *WALK, "--shard", "2/2", "--reports",
                                     "{tmp}/r"], 2,
         r"^walkthrough: error: --shard 2/2: the selection makes 1 walk\(s\), fewer than 2"),
    Case("run-shard-competitor", ["cli", "run", *WALK, "--shard", "1/2", "--competitor-fault",
                                  "bill-overcharges-data"], 2,
         r"^walkthrough: error: --shard walks one carrier"),
    Case("pytest-shard-zero", ["pytest", "{root}/features/mobile_plan.feature", "--walk-shard",
                               "0/2", "--walk-reports", "{tmp}/r"], 2,
         r"^walkthrough: error: --shard '0/2': K must be 1 to N"),
    Case("merge-no-folder", ["cli", "merge", "{tmp}/nowhere", "--reports", "{tmp}/m"], 2,
         r"^walkthrough: error: .*nowhere: no such reports folder"),
    Case("merge-not-a-shard", ["cli", "merge", "{tmp}/r", "--reports", "{tmp}/m"], 2,
         r"^walkthrough: error: .*r/summary\.json: this run was not a shard",
         {"r/summary.json": '{"run": "20261201-100000-abcd", "complete": true}'}),
]


@contextlib.contextmanager
def _tiny_tmpfs(where: Path) -> Iterator[Path | None]:
    """A 64 KiB tmpfs filled up, for a disk that is full; None where mounting is not
    allowed (mounting needs root)."""
    where.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
                          capture_output=True, check=False) if shutil.which("mount") else None
    if made is None or made.returncode != 0:
        yield None
        return
    try:
        with contextlib.suppress(OSError), (where / "filler").open("wb") as out:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


@pytest.fixture(scope="module")
def full_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | None]:
    with _tiny_tmpfs(tmp_path_factory.mktemp("disk") / "full") as where:
        yield where


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield int(held.getsockname()[1])


def _free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def _command(argv: list[str]) -> list[str]:
    head, rest = argv[0], argv[1:]
    return {"cli": [sys.executable, "-m", "walkthrough.cli"],
            "pytest": [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
            "behave": [sys.executable, "-m", "behave"]}[head] + rest


# rows of `walkthrough` run by the interpreter's own entry point, not forked: a usage
# mistake, a refused file and a refused option value
ENTRY = {"run-step-typo", "carrier-yaml-syntax", "run-unknown-fault"}


def _headline(text: str) -> str:
    lines = text.splitlines()
    if lines and lines[0].startswith("usage:"):  # argparse: usage first, then the error
        return next((line for line in lines if ": error:" in line), lines[-1])
    return lines[0] if lines else ""


@pytest.mark.apart  # each row its own folder and process: rows go to either worker
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_input_gets_one_clear_line_and_its_exit_code(
        case: Case, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    fill: dict[str, str] = {"tmp": str(tmp_path), "root": str(ROOT), "port": _free_port()}
    if case.needs == "full_disk":
        where = request.getfixturevalue("full_disk")
        if where is None:
            pytest.skip("a full disk needs a tiny tmpfs, and mounting one is not allowed here")
        fill["full"] = str(where)
    if case.needs == "dev_full" and not Path("/dev/full").exists():
        pytest.skip("/dev/full (a device that is always full) is not on this machine")
    if case.needs == "busy_port":
        fill["busy"] = str(request.getfixturevalue("busy_port"))
    if case.needs == "steps_link":
        (tmp_path / "steps").symlink_to(ROOT / "steps")
    for name, content in case.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    def filled(text: str) -> str:
        return re.sub(r"\{(tmp|root|full|port|busy)\}", lambda m: fill[m.group(1)], text)

    env = {**os.environ, **{k: filled(v) for k, v in case.env.items()}}
    for name in ("WALKTHROUGH_BASE_URL", "WALKTHROUGH_HISTORY"):
        if name not in case.env:
            env.pop(name, None)
    argv = [filled(a) for a in case.argv]
    cwd = tmp_path / case.cwd if case.cwd else ROOT
    if argv[0] == "cli" and case.id not in ENTRY and not case.env:
        done = forked.run(argv[1:], cwd, 240, logs=tmp_path / "output", env=env)
    else:
        done = subprocess.run(_command(argv), capture_output=True, text=True,
                              errors="replace", env=env, timeout=240, cwd=cwd, check=False)
    said = f"exit {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    assert "Traceback" not in done.stdout + done.stderr, said
    # pytest with the project's -n 2: refused before any worker starts, not by workers that
    # stop and are replaced, again and again
    assert "node down" not in said and "crashed" not in said, said
    assert done.returncode == case.code, said
    headline = _headline(done.stdout if case.stream == "stdout" else done.stderr)
    assert re.search(case.headline, headline), f"headline {headline!r}\n{said}"


def test_the_table_is_long_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)
    assert {c.id for c in CASES if c.argv[0] == "cli"} >= ENTRY


def test_an_unexpected_error_is_one_line_and_a_kept_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from walkthrough import cli

    def broken(args: object) -> int:
        raise KeyError("a harness bug")

    monkeypatch.setattr(cli, "faults", broken)
    assert cli.main(["faults"]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    match = re.search(r"the traceback is in (\S+?);", err)
    assert err.startswith("walkthrough: internal error: KeyError: 'a harness bug'"), err
    assert match, err
    kept = Path(match.group(1))
    assert "Traceback" in kept.read_text(encoding="utf-8")
    kept.unlink()

