"""The walkthrough pytest plugin is registered by the package's entry point; this file only
keeps the project root importable for the tests."""
