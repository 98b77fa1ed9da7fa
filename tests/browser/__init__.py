"""Browser tests: one served app and one headless Chromium for the package (conftest.py), closed
when its last test ends so that no open page keeps the machine busy for the rest of the suite."""
