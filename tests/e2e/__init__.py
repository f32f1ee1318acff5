"""Browser tests in headless Chromium."""
