"""The package as a user meets it: version, type information, public names, logging."""

import logging
import subprocess
import sys
import tomllib
from pathlib import Path

import dedup
from dedup.records import ErrorReport

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


_RECORDS = [
    {"id": "a", "text": "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur."},
    {"id": "b", "text": "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur."},
    {"id": "c"},  # no text: skipped
    {"id": "d", "text": "Harga cabai naik tajam di pasar tradisional.", "date": "kemarin"},  # date ignored
]


def test_library_reports_skipped_records_and_stages_through_logging(caplog):
    caplog.set_level(logging.INFO, logger="dedup")
    result = dedup.score(_RECORDS, workers=0)
    assert [(p.a, p.b) for p in result.pairs] == [("a", "b")]
    by_level = {}
    for rec in caplog.records:
        assert rec.name.startswith("dedup.")
        by_level.setdefault(rec.levelname, []).append(rec.getMessage())
    assert by_level["WARNING"] == [
        "skipped record 3: no text in field 'text' (the record has: id; choose the field with --text-field or Fields(text=...))",
        "ignored record 4: field 'date': cannot read the date 'kemarin'; kept undated",
    ]
    info = "\n".join(by_level["INFO"])
    for stage in ("read and sketched 3 articles in", "found 1 candidate pair (1 after filters)", "verified 1 candidate pair in", "clustered 2 articles"):
        assert stage in info


def test_library_logging_is_silent_by_default():
    code = f"import dedup; r = dedup.score({_RECORDS!r}, workers=0); print(r.errors.count)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout == "1\n"
    assert r.stderr == ""  # no handler of its own: warnings do not reach stderr unconfigured


def test_error_report_repr_and_summary_read_as_sentences():
    report = ErrorReport()
    assert repr(report) == "<ErrorReport on_error='skip': no malformed records>" and str(report) == "no malformed records"
    report.add("x.jsonl: line 3: not valid JSON")
    report.warn("x.jsonl: line 5: field 'date': cannot read the date 'x'; kept undated")
    assert str(report) == report.summary() == (
        "1 malformed record skipped; first: x.jsonl: line 3: not valid JSON; "
        "1 field value ignored; first: x.jsonl: line 5: field 'date': cannot read the date 'x'; kept undated")
    assert repr(report) == f"<ErrorReport on_error='skip': {report.summary()}>"


def test_the_package_docstring_maps_every_public_name():
    # help(dedup) is the map of the library: each name of __all__ has its line there.
    lines = [line for line in dedup.__doc__.splitlines() if line.startswith("- ``")]
    named = {line[4:].split("`")[0].split("(")[0] for line in lines}
    assert named == set(dedup.__all__), named ^ set(dedup.__all__)
