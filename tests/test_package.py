"""The package as a user meets it: version, type information, public names, logging."""

import subprocess
import sys
import tomllib
from pathlib import Path

import dedup

ROOT = Path(__file__).resolve().parent.parent


def test_version_flag_prints_the_package_version():
    r = subprocess.run([sys.executable, "-m", "dedup", "--version"], capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().strip() == f"dedup {dedup.__version__}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert dedup.__version__ == project["version"]


def test_py_typed_marker_ships_with_the_package():
    # PEP 561: without the marker, type checkers treat every name of an installed dedup as Any.
    assert (Path(dedup.__file__).parent / "py.typed").is_file()
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "py.typed" in setuptools["package-data"]["dedup"]


def test_score_inputs_and_results_are_exported():
    from dedup import Fields, ScoreResult
    from dedup.corpus import ScoreResult as S
    from dedup.records import Fields as F

    assert Fields is F and ScoreResult is S
    assert {"Fields", "ScoreResult", "Index", "compare", "score"} <= set(dedup.__all__)
    result = dedup.score([{"id": "a", "text": "Satu dua tiga empat lima enam."}], fields=Fields(), workers=0)
    assert isinstance(result, ScoreResult)
