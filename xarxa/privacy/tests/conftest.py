import pytest


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    """Each test keeps its data exports under its own temporary folder."""
    settings.XARXA_EXPORT_ROOT = tmp_path / "exports"
