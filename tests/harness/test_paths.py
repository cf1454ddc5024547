"""JMESPath as the carrier file's expressions are searched: the same answers as
``jmespath.search``, from threads at once, and the library's error for a bad expression."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import jmespath
import pytest

from walkthrough import paths

ANSWER = {"data": {"subsId": "S1", "rows": [{"telNo": "138", "n": 2}, {"telNo": "139", "n": 5}]},
          "items": [{"state": "active", "id": "a"}, {"state": "ended", "id": "b"}]}
EXPRESSIONS = ["data.subsId", "data.rows[0].telNo", "data.rows[?n > `3`].telNo",
               "length(items)", "items[?state == 'active'] | [0].id", "sort_by(data.rows, &n)",
               "missing.key", "max_by(data.rows, &n).telNo", "items[*].{who: id}"]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_an_expression_finds_what_jmespath_finds(expression: str) -> None:
    assert paths.search(expression, ANSWER) == jmespath.search(expression, ANSWER)


def test_threads_searching_at_once_find_each_their_own() -> None:
    answers = [{"data": {"subsId": f"S{i}", "rows": [{"telNo": str(i), "n": i}]},
                "items": []} for i in range(200)]
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda a: paths.search("data.rows[?n >= `0`].telNo", a), answers))
    assert found == [[str(i)] for i in range(200)]


def test_a_bad_expression_raises_the_librarys_error() -> None:
    with pytest.raises(paths.JMESPathError):
        paths.search("data.rows[", ANSWER)
    with pytest.raises(paths.JMESPathError):  # an unknown function, found while searching
        paths.search("nosuch(items)", ANSWER)
