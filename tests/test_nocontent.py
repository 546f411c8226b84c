"""Articles without content (a scraper's ",,,loading..." body, a title over nothing): never a copy by
their body. Texts written for the test."""

import json
import subprocess
import sys

import pytest

import dedup
from dedup import text as T
from dedup.document import Document
from dedup.errors import InputError

JUNK_A = "Warga Serbu Pasar Murah di Bekasi\n,,,loading..."
JUNK_B = "Harga Emas Turun Tipis Hari Ini\n,,,,,,,,,,loading..."
BODY = ("Gubernur meresmikan jembatan baru di kota itu pada hari Senin. Warga menyambutnya dengan gembira "
        "dan bersyukur. Jembatan itu menghubungkan dua kecamatan yang lama terpisah oleh sungai besar. "
        "Pembangunan dimulai tiga tahun lalu oleh kontraktor lokal dengan biaya dua ratus miliar rupiah.")


@pytest.mark.parametrize("line", [",,,loading...", "Loading...", "-- memuat --", "#NAME?", "_x000D_"])
def test_placeholders_are_not_content(line):
    assert T.classify_line(line) == "boilerplate"
    assert not T.has_content("Judul Berita\n" + line)
    assert not Document("Judul Berita\n" + line).has_content


def test_content_is_content():
    assert T.has_content("Judul Berita\n" + BODY) and Document("Judul Berita\n" + BODY).has_content
    assert T.classify_line("Loading docks at the port were closed on Monday.") == "content"


def test_compare_names_no_content():
    c = dedup.compare(JUNK_A, JUNK_B)
    assert c.verdict == "unrelated"
    assert c.reasons[-1].startswith("no content: A and B have no content sentence")
    c = dedup.compare(JUNK_A, "Judul\n" + BODY)
    assert c.verdict == "unrelated" and c.reasons[-1].startswith("no content: A has no content sentence")
    c = dedup.compare("Judul\n" + BODY, JUNK_B)
    assert c.verdict == "unrelated" and c.reasons[-1].startswith("no content: B has no content sentence")
    # compare(x, x) stays a duplicate with every op equal, junk included
    c = dedup.compare(JUNK_A, JUNK_A)
    assert c.verdict == "duplicate" and all(op.op == "equal" for op in c.ops)


def _corpus(tmp_path):
    recs = [{"id": f"junk{i}", "title": f"Judul berita nomor {i} tanpa isi", "text": "," * (i + 3) + "loading..."}
            for i in range(6)]
    recs += [{"id": "title1", "title": "Hanya judul yang sama", "text": "   "},
             {"id": "title2", "title": "Hanya judul yang sama", "text": ", , - \u00a0"},
             {"id": "a", "title": "Jembatan Baru", "text": BODY},
             {"id": "b", "title": "Jembatan Baru Diresmikan Gubernur", "text": BODY + " Ia berharap jembatan awet."}]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    return path


def test_score_reports_no_content_records_and_never_pairs_them(tmp_path):
    path = _corpus(tmp_path)
    with dedup.score(str(path)) as res:
        dedup.write_report(res, str(tmp_path / "report.html"))
    junk = {f"junk{i}" for i in range(6)} | {"title1", "title2"}
    assert res.stats["no_content"] == 8 and set(res.no_content) == junk
    assert {frozenset((p.a, p.b)) for p in res.pairs} == {frozenset("ab")}  # the title-only ones are no pair
    assert not junk & {m.id for m in res.clusters}
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "articles without content, not compared" in html and "junk0, junk1" in html


def test_cli_summary_counts_no_content(tmp_path):
    path = _corpus(tmp_path)
    out = subprocess.run([sys.executable, "-m", "dedup", "score", str(path), "--pairs", str(tmp_path / "p.csv"),
                          "--stats", str(tmp_path / "s.json")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "8 articles without content (not compared)" in out.stderr
    assert json.loads((tmp_path / "s.json").read_text())["no_content"] == 8


def test_index_refuses_no_content_and_add_many_skips_it(tmp_path):
    index = dedup.Index(str(tmp_path / "i.db"))
    with pytest.raises(InputError, match="no content words"):
        index.add("j", JUNK_A)
    added = index.add_many([("j", JUNK_A), ("a", "Judul\n" + BODY)], on_error="skip")
    assert added == 1 and [s.id for s in added.skipped] == ["j"]
    index.close()
