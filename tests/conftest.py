import importlib.util
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


@pytest.fixture(scope="session")
def evaluation_script():
    """A loader of the scripts of evaluation/ by name, as modules: they are scripts, not a package."""
    def load(name: str):
        spec = importlib.util.spec_from_file_location(f"{name}_eval", REPO / "evaluation" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load
