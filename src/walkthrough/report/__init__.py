"""The reports a manager reads: the walkthrough report, the Allure HTML, and the commands
that make them from the run history."""
