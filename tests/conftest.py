from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO.parent / "shared" / "examples"


@pytest.fixture
def examples() -> Path:
    """The two real articles beside the repo; tests that need them skip when they are absent."""
    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent: the real examples live in ../shared beside the repo")
    return EXAMPLES


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "wiretrace.db"
