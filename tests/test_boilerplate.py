"""Learned outlet boilerplate: per-source sentence counts in a model, in every index backend
(kept current under add, remove, expire and upsert) and in batch scoring; compare leaves the
learned lines out of the verdict and the similarity; a republished wire story never becomes
boilerplate. Texts are written for the purpose."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import numpy as np
import pytest

from dedup import Index, compare
from dedup import boilerplate as BP
from dedup.corpus import score
from dedup.document import Document

WORDS = (
    "rumah jalan kota desa pasar sungai gunung sekolah kantor warga petani nelayan guru murid "
    "polisi hakim dokter pasien harga beras cabai minyak listrik air hujan banjir jembatan kapal "
    "kereta bus motor mobil bandara pelabuhan hutan kebun sawah ladang sapi kambing ayam ikan "
    "pemerintah menteri bupati camat lurah dewan rapat sidang anggaran pajak utang bank pinjaman "
    "pabrik buruh upah mogok festival musik lagu film panggung juara tim laga gol pelatih stadion"
).split()
VERBS = "membangun menutup membuka meminta menolak menerima membahas menunda menaikkan menurunkan".split()

# An outlet's furniture: a column intro, a hashtag line and a subscription note.
INTRO = "Rubrik Kisah Sahabat memuat cerita nyata pembaca yang dikirim lewat surel redaksi setiap pekan."
HASHTAG = "#TetapBerani"
NOTE = "Ikuti kanal berita kami di aplikasi pesan untuk kabar terbaru setiap hari tanpa biaya."


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 14))]
    words.insert(2, rng.choice(VERBS))
    return " ".join(words).capitalize() + "."


def story(rng: random.Random, n: int = 8) -> list[str]:
    return [sentence(rng) for _ in range(n)]


def column(rng: random.Random) -> str:
    """One article of the outlet: headline, intro, a story of its own, hashtag, note."""
    body = story(rng)
    return f"{sentence(rng)[:-1]}\n{INTRO} {' '.join(body)}\n{HASHTAG}\n{NOTE}"


@pytest.fixture(scope="module")
def outlet():
    rng = random.Random(5)
    return [column(rng) for _ in range(BP.MIN_DOCUMENTS + 4)]


def marked(model, text, source):
    doc = Document(text)
    model = getattr(model, "boilerplate", model)  # an Index holds its model
    return {doc.units[i].text for i in model.lines(doc, source)}


def test_recurring_outlet_sentences_are_learned_as_boilerplate(outlet):
    model = BP.Boilerplate.learn((t, "kisah") for t in outlet)
    assert marked(model, outlet[0], "kisah") == {INTRO, HASHTAG, NOTE}
    # the same text under another source: nothing is boilerplate there
    assert marked(model, outlet[0], "lain") == set()
    # without a source, every source the model knows is tried
    assert marked(model, outlet[0], None) == {INTRO, HASHTAG, NOTE}


def test_two_different_stories_sharing_only_furniture_are_unrelated(outlet):
    plain = compare(outlet[0], outlet[1])
    assert plain.verdict != "unrelated"  # what happens without the learned boilerplate
    model = BP.Boilerplate.learn((t, "kisah") for t in outlet)
    c = compare(outlet[0], outlet[1], boilerplate=model, sources=("kisah", "kisah"))
    assert c.verdict == "unrelated"
    assert c.similarity < plain.similarity and c.similarity < 0.02
    kinds = {op.a or op.b: op.kind for op in c.ops}
    assert kinds[INTRO] == "boilerplate" and kinds[NOTE] == "boilerplate"


def test_a_copy_keeps_its_verdict_and_loses_only_the_furniture_from_similarity(outlet):
    model = BP.Boilerplate.learn((t, "kisah") for t in outlet)
    copy = outlet[3].replace(INTRO + " ", "")
    c = compare(outlet[3], copy, boilerplate=model, sources=("kisah", None))  # B takes A's source
    assert c.verdict == "duplicate" and c.similarity == 1.0


def test_a_wire_story_republished_many_times_by_one_source_is_not_boilerplate():
    rng = random.Random(9)
    wire = story(rng, 10)
    versions = []
    for v in range(3 * BP.MIN_DOCUMENTS):  # many versions of one story: one sentence rewritten in each
        body = list(wire)
        body[v % len(body)] = sentence(rng)
        versions.append(f"Kabar {v}\n" + " ".join(body))
    others = [f"Judul {k}\n" + " ".join(story(rng)) for k in range(30)]
    model = BP.Boilerplate.learn([(t, "kantor") for t in versions + others])
    for text in versions:
        assert marked(model, text, "kantor") == set()
    # ... and the versions compare as the copies they are
    assert compare(versions[0], versions[1], boilerplate=model, sources=("kantor", "kantor")).verdict == "republication"


def test_a_wire_sentence_printed_once_by_many_sources_is_not_boilerplate():
    rng = random.Random(3)
    wire = sentence(rng)
    texts = [(f"Judul {s}\n{wire} " + " ".join(story(rng)), f"media{s}") for s in range(20)]
    model = BP.Boilerplate.learn(texts)
    assert all(marked(model, t, s) == set() for t, s in texts)


def test_rule_on_counts():
    assert BP.is_boilerplate(np.array([1, 1, 1, 1, BP.MIN_DOCUMENTS])).tolist() == [False] * 4 + [True]
    assert not BP.is_boilerplate(np.array([1, 1, BP.MIN_DOCUMENTS - 1])).any()
    counts = np.array([3, 3, 3, 3 * BP.RATIO - 1, 3 * BP.RATIO, 1])
    assert BP.is_boilerplate(counts).tolist() == [False, False, False, False, True, False]
    rng = np.random.default_rng(1)
    sizes = rng.integers(0, 9, 200)
    counts = rng.integers(1, 40, int(sizes.sum()))
    many = BP.is_boilerplate_many(counts, sizes)
    one = np.concatenate([BP.is_boilerplate(c) for c in np.split(counts, np.cumsum(sizes)[:-1])])
    assert many.tolist() == one.tolist()


@pytest.fixture(params=["memory", "sqlite", "redis"])
def index(request, tmp_path):
    if request.param == "memory":
        idx = Index()
    elif request.param == "sqlite":
        idx = Index(str(tmp_path / "bp.db"))
    else:
        url, ns = request.getfixturevalue("redis_url")
        idx = Index(url, namespace=ns)
    yield idx
    idx.close()


def test_index_keeps_counts_current_under_add_remove_expire_and_upsert(index, outlet):
    rng = random.Random(11)
    n = BP.MIN_DOCUMENTS
    for k, t in enumerate(outlet[: n + 2]):
        index.add(f"c{k}", t, {"source": "kisah", "date": f"2020-01-{k + 1:02d}"})
    index.add("w", "Judul\n" + " ".join(story(rng)), {"source": "lain"})
    expected = BP.Boilerplate.learn((t, "kisah") for t in outlet[: n + 2])
    first = BP.sentence_fingerprints(Document(outlet[0]))[0][1]  # the intro
    key = BP.source_keys([first], "kisah")
    assert index.boilerplate.counts(key).tolist() == expected.counts(key).tolist() == [n + 2]
    assert sorted(index.boilerplate.sources(), key=str) == ["kisah", "lain"]
    assert marked(index, outlet[0], "kisah") == marked(expected, outlet[0], "kisah") == {INTRO, HASHTAG, NOTE}

    index.remove("c0")
    assert index.expire("2020-01-04") == 2  # c1, c2
    assert index.boilerplate.counts(key).tolist() == [n - 1]
    assert marked(index, outlet[0], "kisah") == set()  # below MIN_DOCUMENTS now
    # an upsert that drops the intro counts it down; one that changes the source moves it
    index.add("c3", outlet[3].replace(INTRO + " ", ""), {"source": "kisah"})
    index.add("c4", outlet[4], {"source": "lain"})
    assert index.boilerplate.counts(key).tolist() == [n - 3]
    assert index.boilerplate.counts(BP.source_keys([first], "lain")).tolist() == [1]
    for id in [f"c{k}" for k in range(3, n + 2)] + ["w"]:
        assert index.remove(id)
    assert len(index) == 0 and index.boilerplate.sources() == []
    assert index.boilerplate.counts(key).tolist() == [0]


def test_compare_with_an_index_and_query_verdicts_use_its_boilerplate(index, outlet):
    for k, t in enumerate(outlet[1:]):
        index.add(f"c{k}", t, {"source": "kisah"})
    assert compare(outlet[0], outlet[1], boilerplate=index, sources=("kisah", "kisah")).verdict == "unrelated"
    assert compare(outlet[0], outlet[1], boilerplate=index).verdict == "unrelated"  # any known source
    for m in index.query(outlet[0], top_k=20, verdicts=20):
        assert m.verdict == "unrelated", m.id


def test_score_learns_boilerplate_over_the_corpus(outlet):
    rng = random.Random(2)
    recs = [{"id": f"k{i}", "text": t, "source": "kisah"} for i, t in enumerate(outlet)]
    base = outlet[4].replace(INTRO + " ", "")
    recs.append({"id": "copy", "text": base + "\n" + sentence(rng), "source": "kisah"})
    result = score(recs, engine="local", workers=0, all_pairs=True)
    verdicts = {(p.a, p.b): p.verdict for p in result.pairs}
    assert result.stats["boilerplate_articles"] == len(outlet) + 1
    pair = next(v for k, v in verdicts.items() if set(k) == {"k4", "copy"})
    assert pair == "republication"
    assert all(v == "unrelated" for k, v in verdicts.items() if "copy" not in k)
    from dedup.engines import get_engine

    with get_engine("dask", workers=1, processes=False) as engine:
        other = score(recs, engine=engine, all_pairs=True)
    assert [p.to_row() for p in other.pairs] == [p.to_row() for p in result.pairs]


def test_diff_cli_uses_an_index_boilerplate(tmp_path, outlet):
    path = str(tmp_path / "news.db")
    with Index(path) as idx:
        for k, t in enumerate(outlet[2:]):
            idx.add(f"c{k}", t, {"source": "kisah"})
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(outlet[0], encoding="utf-8")
    b.write_text(outlet[1], encoding="utf-8")

    def run(*extra):
        out = subprocess.run([sys.executable, "-m", "dedup", "diff", str(a), str(b), "--format", "json", *extra],
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    assert run()["verdict"] != "unrelated"
    with_index = run("--index", path)
    assert with_index["verdict"] == "unrelated"
    assert any(op["kind"] == "boilerplate" and op.get("a") == INTRO for op in with_index["ops"])
    assert run("--index", path, "--source", "kisah")["verdict"] == "unrelated"
    assert run("--index", path, "--source", "lain")["verdict"] != "unrelated"
    out = subprocess.run([sys.executable, "-m", "dedup", "diff", str(a), str(b), "--index", str(tmp_path / "no.db")],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "no such index" in out.stderr and out.stderr.count("\n") == 1


def test_a_short_template_report_keeps_its_template_lines():
    # three-line reports that are all one template: the recurring line is the report, not furniture
    reports = [f"PERUSAHAAN {k} BAGI DIVIDEN\nDividen kuartalan empat sen sama dengan sebelumnya.\n"
               f"Dibayar {k + 1} April.\nTercatat {k + 2} Maret." for k in range(3 * BP.MIN_DOCUMENTS)]
    model = BP.Boilerplate.learn((r, "kantor") for r in reports)
    assert marked(model, reports[0], "kantor") == set()
    assert (compare(reports[0], reports[1], boilerplate=model, sources=("kantor", "kantor")).verdict
            == compare(reports[0], reports[1]).verdict)


def test_add_many_keeps_each_record_with_its_own_counts_when_one_is_skipped(index, outlet):
    # a record without content words is skipped; the records after it keep their own sentences
    recs = [{"id": "empty", "text": "Judul saja\nBaca juga: lain", "meta": {"source": "kisah"}}]
    recs += [{"id": f"c{k}", "text": t, "meta": {"source": "kisah"}} for k, t in enumerate(outlet)]
    index.add_many(recs, on_error="skip")
    expected = BP.Boilerplate.learn((t, "kisah") for t in outlet)
    keys = BP.source_keys([fp for _, fp in BP.sentence_fingerprints(Document(outlet[-1]))], "kisah")
    assert index.boilerplate.counts(keys).tolist() == expected.counts(keys).tolist()
