"""The harness reaches the demo operator only through its channels, never through its code."""

import ast

from walkthrough.session import ROOT

HARNESS = [ROOT / "src" / "walkthrough", ROOT / "steps", ROOT / "environment.py"]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_harness_module_imports_the_demo_operator():
    files = [p for root in HARNESS for p in ([root] if root.is_file() else root.rglob("*.py"))]
    assert files
    offenders = [f"{p.relative_to(ROOT)} imports {m}" for p in files
                 for m in imported_modules(p) if m.split(".")[0] == "demo_operator"]
    assert not offenders


OPERATORS = {"demo_operator": ROOT / "src" / "demo_operator",
             "competitor_operator": ROOT / "src" / "competitor_operator"}


def test_no_harness_module_imports_the_competitor_operator():
    files = [p for root in HARNESS for p in ([root] if root.is_file() else root.rglob("*.py"))]
    offenders = [f"{p.relative_to(ROOT)} imports {m}" for p in files
                 for m in imported_modules(p) if m.split(".")[0] == "competitor_operator"]
    assert not offenders


def test_the_two_operators_share_no_code():
    offenders = []
    for name, root in OPERATORS.items():
        files = list(root.rglob("*.py"))
        assert files
        offenders += [f"{p.relative_to(ROOT)} imports {m}" for p in files
                      for m in imported_modules(p)
                      if m.split(".")[0] in OPERATORS and m.split(".")[0] != name]
    assert not offenders


def _identities() -> dict[str, str]:
    """What names one carrier and no other, from every carrier file: its name and brand, the
    module that launches it, its offerings, short codes, test-environment paths and headers."""
    import yaml

    found: dict[str, str] = {}
    for path in sorted((ROOT / "scenarios" / "carriers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        carrier = data["carrier"]
        found[str(carrier["name"]).split(" (")[0]] = path.name
        found[str(carrier["launch"]["module"])] = path.name
        # (国际漫游 is the domain's word for the product line, and the demo's offering's name)
        found.update({str(name): path.name for name in data["tariff"]["offerings"]
                      if name != "国际漫游"})
        found[str(data["messages"]["sender"])] = path.name
        found[str(data["backstage"]["key"]["header"])] = path.name
        for hook in data["backstage"]["hooks"].values():
            route = str(hook["request"]).split("{base_url}")[-1].split("{")[0].rstrip("/")
            found[route] = path.name
    return found


def test_the_harness_has_no_branch_on_which_carrier_it_walks():
    """No string in the harness's code names a carrier (everything that tells one carrier from
    another is in its carrier file), so no code can branch on which carrier it walks."""
    identities = _identities()
    assert len(identities) > 20, identities
    files = [p for root in HARNESS for p in ([root] if root.is_file() else root.rglob("*.py"))]
    offenders = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                offenders += [f"{path.relative_to(ROOT)}:{node.lineno} says {word!r} "
                              f"({where})" for word, where in identities.items()
                              if word and word in node.value]
    assert not offenders, "\n".join(offenders)


def test_every_channel_has_one_driver_in_the_registry():
    from walkthrough.channels.registry import DRIVERS
    from walkthrough.standards import CHANNELS

    assert tuple(DRIVERS) == CHANNELS


def test_every_driver_declares_its_abilities_and_has_each_ones_tasks():
    import importlib

    from walkthrough import channels
    from walkthrough.channels.registry import DRIVERS

    modules = {"api": "api", "web": "web", "mobile": "mobile", "counter": "counter",
               "hotline": "hotline", "sms": "sms"}
    declared = {}
    for name in DRIVERS:
        module = importlib.import_module(f"walkthrough.channels.{modules[name]}")
        driver = next(v for v in vars(module).values()
                      if isinstance(v, type) and getattr(v, "name", None) == name)
        assert driver.abilities <= set(channels.ABILITIES), name
        for ability in driver.abilities:
            tasks = [t for t in vars(ability) if not t.startswith("_") and
                     callable(getattr(ability, t))]
            assert tasks and all(callable(getattr(driver, t, None)) for t in tasks), \
                (name, ability.__name__)
        declared[name] = driver.abilities
        # no task of an ability it does not declare, to be refused at run time: a walk asks
        # walk.able(Ability), and a task the driver lacks is not applicable, never failed
        for ability in set(channels.ABILITIES) - driver.abilities:
            tasks = [t for t in vars(ability) if not t.startswith("_") and
                     callable(getattr(ability, t))]
            assert not any(hasattr(driver, t) for t in tasks), (name, ability.__name__)
    # a voice menu has agents to ask for; no other channel here does
    assert {n for n, a in declared.items() if channels.AgentQueue in a} == {"hotline"}
    assert all(a >= channels.COMMON for a in declared.values())
    # the hotline reads a bill's lines where its carrier file gives the readout: an instance
    # without it drops the ability (tests/harness/test_hotline_readout.py)
    assert channels.Itemised in declared["hotline"]

