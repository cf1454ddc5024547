"""`walkthrough lint` finds undefined steps, unknown standards and unchecked standards."""

from walkthrough import lint, standards
from walkthrough.session import ROOT


def test_the_suite_is_clean():
    assert lint.problems(sorted((ROOT / "features").glob("*.feature"))) == []


def test_problems_name_file_and_line(tmp_path):
    feature = tmp_path / "bad.feature"
    feature.write_text(
        "@product:mobile_plan\nFeature: bad\n  Scenario: x\n"
        "    Given a new customer who uses the api channel\n"
        "    When the customer flies to the moon\n"
        "    Then the order is accepted with an order number [ORD-NOPE]\n", encoding="utf-8")
    found = lint.problems([feature])
    assert any(p.endswith("bad.feature:5: no step definition matches "
                          "'When the customer flies to the moon'") for p in found)
    assert any(p.endswith("bad.feature:6: unknown service standard ORD-NOPE") for p in found)
    unchecked = [p for p in found if "is checked by no walk" in p]
    catalogue = standards.load(ROOT / "scenarios" / "standards.yaml")
    assert len(unchecked) == len(catalogue.standards)
    assert unchecked[0].startswith(f"{ROOT}/scenarios/standards.yaml:")


def test_a_channel_the_product_is_not_sold_on_is_reported(tmp_path):
    feature = tmp_path / "unsold.feature"
    feature.write_text(
        "@product:broadband\nFeature: f\n  Scenario Outline: x on <channel>\n"
        "    Given a new customer who uses the <channel> channel\n"
        "    @channel:sms\n    Examples:\n      | channel |\n      | sms |\n",
        encoding="utf-8")
    found = lint.problems([feature], every_feature=False)
    assert any("broadband is walked on sms, which sold_on.yaml does not sell it on" in p
               for p in found)


def test_lint_reports_exactly_what_the_gate_refuses(tmp_path):
    from walkthrough import gate

    bad = tmp_path / "bad.feature"
    bad.write_text(
        "@product:mobile_plann\nFeature: bad\n  Scenario Outline: x on <channel>\n"
        "    Given a new customer who uses the <channel> channel\n"
        "  Scenario: y\n    Given a new customer who uses the api channel\n"
        "    When the customer flies to the moon\n"
        "    Then the order is accepted with an order number [ORD-NOPE]\n", encoding="utf-8")
    empty = tmp_path / "empty.feature"
    empty.write_text("", encoding="utf-8")
    found = gate.check([bad, empty]).problems
    assert [str(p) for p in found] == lint.problems([bad, empty], every_feature=False)
    assert [(p.line, p.message.split(" ")[0]) for p in found] == [
        (2, "unknown"), (3, "Scenario"), (7, "no"), (8, "unknown"), (None, "the")]
    assert all(p.hint for p in found)


def test_the_gate_checks_the_selected_product_lines_only(tmp_path):
    from walkthrough import gate

    other = tmp_path / "broadband.feature"
    other.write_text("@product:broadband\nFeature: b\n  Scenario: x\n"
                     "    Given a new customer who flies to the moon\n", encoding="utf-8")
    assert gate.check([other], products=["mobile_plan"]).problems == []
    assert [p.line for p in gate.check([other], products=["broadband"]).problems] == [4]
    assert [p.line for p in gate.check([other]).problems] == [4]


def test_a_byte_order_mark_is_not_a_problem(tmp_path):
    feature = tmp_path / "bom.feature"
    feature.write_bytes("\ufeff@product:mobile_plan\nFeature: f\n  Scenario: x\n"
                        "    Given a new customer who uses the api channel\n".encode())
    assert lint.problems([feature], every_feature=False) == []
