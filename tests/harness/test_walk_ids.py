"""Walk ids: unique across the processes and machines of one run, and readable."""

from __future__ import annotations


def test_walk_ids_are_unique_between_processes_of_one_run(tmp_path, monkeypatch):
    """Two processes (or machines) of one run count their walks from 1 each; a random part
    keeps the ids apart, and the channel stays last."""
    from walkthrough.customers import Customers
    from walkthrough.session import Options, Session

    # no test environment here: the walks are made without a customer (and so errored)
    monkeypatch.setattr(Customers, "provide", lambda *args: "no test environment here")
    monkeypatch.setenv("DEMO_OPERATOR_TEST_KEY", "unused")
    ids = [Session(Options(reports=tmp_path, run_id="20261201-120000-abcd"))
           .new_walk("topup", "api").id for _ in range(2)]
    assert ids[0] != ids[1]
    assert all(i.startswith("20261201-120000-abcd-001-") and i.endswith("-api") for i in ids)
