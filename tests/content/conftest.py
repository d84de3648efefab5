import shutil

import pytest

from .test_content_validation import FIXTURES


@pytest.fixture
def fixture_dir(tmp_path):
    """A copy of the real fixtures, for a test to break."""
    for path in FIXTURES.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path
