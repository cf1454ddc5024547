"""The tests' own scheduling: pytest.ini hands the tests to two workers by pytest-xdist's
--dist loadgroup, and conftest.py puts a test file's tests in one group, so they run on one
worker and set its module fixtures (an operator, a browser, three whole runs) up once. When
the groups are lost, nothing fails: each test goes to either worker and every module fixture
is set up again on both, and again each time a worker comes back to the file. So it is
checked here, with the installed pytest and pytest-xdist, on two files of a throwaway
project that groups as conftest.py does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from walkthrough.session import ROOT

A_FILE = """
import pytest

@pytest.mark.parametrize("n", range(6))
def test_one(n):
    pass
"""


def test_a_test_files_tests_run_on_one_worker(tmp_path: Path) -> None:
    for name in ("test_a.py", "test_b.py"):
        (tmp_path / name).write_text(A_FILE, encoding="utf-8")
    (tmp_path / "conftest.py").write_text((ROOT / "conftest.py").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = -p no:cacheprovider -n 2 --dist loadgroup "
        "--no-loadscope-reorder\nmarkers =\n    apart: run on any worker\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-v", "-p", "no:randomly"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    workers: dict[str, set[str]] = {}
    for worker, path in re.findall(r"\[(gw\d)\] \[\s*\d+%\] PASSED (test_\w)\.py::", done.stdout):
        workers.setdefault(path, set()).add(worker)
    assert set(workers) == {"test_a", "test_b"}, done.stdout[-2000:]
    assert all(len(found) == 1 for found in workers.values()), workers
