"""behave's hooks: the same session and steps as under pytest.

Run `behave features/`; options as userdata, e.g. `behave -D channel=api -D fault=NAME`.
"""

from behave.model import Scenario

from walkthrough.behave_hooks import (
    after_all,
    after_scenario,
    after_step,
    before_all,
    before_scenario,
)

# A failed checkpoint does not end the walk: the customer goes on where it can.
Scenario.continue_after_failed_step = True

__all__ = ["before_all", "after_all", "before_scenario", "after_scenario", "after_step"]
