import shutil

import pytest

from .test_content_validation import FIXTURES


@pytest.fixture
def fixture_dir(tmp_path):
    """A copy of the real fixtures, with the release's source text, for a test to break."""
    for path in FIXTURES.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    shutil.copytree(FIXTURES / "source", tmp_path / "source")
    return tmp_path
