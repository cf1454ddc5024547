"""The walkthrough pytest plugin is registered by the package's entry point; this file only
keeps the project root importable for the tests. (A run's pytest session reads it too, as
the conftest of features/: it must hold nothing for the project's own tests.)"""
