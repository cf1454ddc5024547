"""A browser walk's screenshot is taken of the page with its texts masked (the customer's,
and any other customer's the page shows), and the page is put back as it was, since the
walk goes on from it."""

from __future__ import annotations

from typing import Any

import pytest

from walkthrough.session import Options, Session

OTHER_NUMBER, OTHER_ID = "19906352002", "230710199206207897"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Any:
    session = Session(Options(reports=tmp_path_factory.mktemp("reports")))
    session.start()
    yield session
    session.close()


@pytest.mark.browser
def test_the_screenshot_shows_the_page_masked_and_the_page_stays_as_it_was(session) -> None:
    walk = session.new_walk("mobile_plan", "web")
    driver, persona = walk.channel, walk.persona
    assert not walk.broken, walk.broken
    try:
        driver.sign_in()
        page = driver.page
        page.evaluate("""([number, id]) => {
            const p = document.createElement('p');
            p.textContent = `计费号码 ${number} 证件 ${id}`;
            document.body.append(p);
            const field = document.createElement('input');
            field.value = number;
            document.body.append(field);
        }""", [OTHER_NUMBER, OTHER_ID])
        before = page.inner_text("body")
        assert persona.msisdn in before and persona.name in before and OTHER_NUMBER in before
        shown: list[str] = []
        real = page.screenshot

        def screenshot(**options: Any) -> bytes:
            shown.append(page.inner_text("body") + " " + " ".join(
                page.locator("input").evaluate_all("fields => fields.map(f => f.value)")))
            return real(**options)

        page.screenshot = screenshot  # type: ignore[method-assign]
        [(name, image, mime)] = driver.evidence()
        assert mime == "image/png" and image.startswith(b"\x89PNG")
        [text] = shown
        for raw in (persona.msisdn, persona.name, OTHER_NUMBER, OTHER_ID):
            assert raw not in text, raw
        assert "199****2002" in text and f"{persona.msisdn[:3]}****" in text
        assert page.inner_text("body") == before
        assert page.locator("input").last.input_value() == OTHER_NUMBER
    finally:
        walk.close()
