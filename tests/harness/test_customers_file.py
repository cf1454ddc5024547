"""A customers file (`walkthrough run --customers-file FILE`): given test numbers with their
credentials, read as the rows of the carrier's pool; a mistake names the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from walkthrough import cli, customers_file
from walkthrough.errors import UsageError
from walkthrough.session import ROOT

COMPETITOR = ROOT / "scenarios" / "carriers" / "bluewhale.yaml"


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_file_gives_pool_rows_with_the_credentials_as_secrets(tmp_path):
    path = _file(tmp_path, "pool.yaml", """customers:
  - {msisdn: "17099990001", customer: BWP1, bill_day: 5, password: "Whale#0001"}
  - msisdn: 17099990002
    customer: BWP2
    account: ACC2
    secret.service_password: "020202"
""")
    assert customers_file.read(path) == [
        {"msisdn": "17099990001", "customer": "BWP1", "account": "BWP1", "bill_day": 5,
         "secret.password": "Whale#0001"},
        {"msisdn": "17099990002", "customer": "BWP2", "account": "ACC2",
         "secret.service_password": "020202"}]


def test_a_csv_file_gives_the_same_rows(tmp_path):
    path = _file(tmp_path, "pool.csv", "msisdn,customer,bill_day,password\n"
                                       "17099990001,BWP1,5,Whale#0001\n"
                                       "17099990002,BWP2,,\n")
    assert customers_file.read(path) == [
        {"msisdn": "17099990001", "customer": "BWP1", "account": "BWP1", "bill_day": 5,
         "secret.password": "Whale#0001"},
        {"msisdn": "17099990002", "customer": "BWP2", "account": "BWP2"}]


@pytest.mark.parametrize("name, text, line, said", [
    ("pool.yaml", "customers:\n  - {msisdn: '17099990001', customer: A}\n"
                  "  - {customer: B}\n", 3, "lacks msisdn"),
    ("pool.yaml", "customers:\n  - {msisdn: '17099990001', customer: A}\n"
                  "  - {msisdn: '17099990001', customer: B}\n", 3,
     "the number 17099990001 is given twice (first on line 2)"),
    ("pool.yaml", "customers:\n  - {msisdn: 'call me', customer: A}\n", 2,
     "is not a phone number"),
    ("pool.yaml", "customers:\n  - {msisdn: '17099990001', customer: A, bill_day: 40}\n", 2,
     "bill_day '40' is not a day of the month"),
    ("pool.yaml", "numbers:\n  - {msisdn: '17099990001', customer: A}\n", 1,
     "expected a 'customers:' list"),
    ("pool.yaml", "customers: []\n", 1, "lists no test number"),
    ("pool.yaml", "customers:\n  - {msisdn: '1709999', customer: A\n", 3, "not valid YAML"),
    ("pool.csv", "msisdn,customer\n17099990001,A\n17099990002\n", 3, "lacks customer"),
    ("pool.csv", "msisdn,customer\n17099990001,A,extra\n", 2, "3 cells, but the header"),
])
def test_a_mistake_is_a_usage_error_naming_the_file_and_line(tmp_path, name, text, line, said):
    path = _file(tmp_path, name, text)
    with pytest.raises(UsageError) as caught:
        customers_file.read(path)
    assert caught.value.path == path and caught.value.line == line, str(caught.value)
    assert said in str(caught.value)


def test_the_run_refuses_a_bad_file_in_one_line_before_walking(tmp_path, capsys):
    path = _file(tmp_path, "pool.yaml", "customers:\n  - {customer: A}\n")
    code = cli.main(["run", "--config", str(COMPETITOR), "--customers-file", str(path),
                     "--reports", str(tmp_path / "reports")])
    first = capsys.readouterr().err.splitlines()[0]
    assert code == 2 and first == f"walkthrough: error: {path}:2: the test number lacks msisdn"
    assert not (tmp_path / "reports").exists()


def test_a_carrier_that_cannot_reset_a_given_number_is_refused(tmp_path, capsys):
    path = _file(tmp_path, "pool.yaml", "customers:\n  - {msisdn: '13800000001', customer: A}\n")
    code = cli.main(["run", "--customers-file", str(path), "--reports", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2 and "demo.yaml:" in err.splitlines()[0]
    assert "no hook to reset one before each walk" in err and "hint:" in err


def test_customers_must_be_at_least_one(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["run", "--customers", "0"])
    assert caught.value.code == 2
    assert "argument --customers: 0 is not at least 1" in capsys.readouterr().err

