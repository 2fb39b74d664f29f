"""Helpers and constants shared by several test modules.

Fixtures live in the conftest.py files; what a test module needs from another goes here, never
an import from a test module (its tests would be collected twice under another name)."""
