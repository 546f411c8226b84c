"""Every metric of dedup.evaluate against values computed by hand (worked out in the comments)."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import evaluate as E
from dedup.align import Op
from dedup.cli import main
from dedup.errors import InputError


def approx(x):
    return pytest.approx(x, abs=1e-12)


# --- counts -----------------------------------------------------------------------------------

def test_prf_and_its_empty_cases():
    s = E.prf(6, 2, 4)  # P = 6/8, R = 6/10, F1 = 2*.75*.6/1.35 = 2/3
    assert (s["precision"], s["recall"], s["f1"]) == (approx(0.75), approx(0.6), approx(2 / 3))
    assert E.prf(0, 0, 0)["f1"] == 1.0          # nothing to find, nothing claimed
    assert E.prf(0, 0, 3)["precision"] == 0.0   # nothing claimed but something missed
    assert E.prf(0, 3, 0)["recall"] == 0.0      # nothing to find but false alarms
    assert E.prf(0, 3, 3)["f1"] == 0.0


def test_pair_scores_are_on_unordered_pairs():
    pred = [("a", "b"), ("b", "a"), ("c", "d"), ("e", "e"), ("f", "g")]
    gold = [("b", "a"), ("d", "c"), ("x", "y")]
    s = E.pair_scores(pred, gold)
    # pred set {ab, cd, fg} (ee dropped, ba = ab); gold {ab, cd, xy}: tp 2, fp 1, fn 1
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 1)
    assert s["precision"] == approx(2 / 3) and s["recall"] == approx(2 / 3)


def test_cluster_pairs_counts_every_pair_inside_a_cluster():
    pairs = E.cluster_pairs({"a": 1, "b": 1, "c": 1, "d": 1, "e": 2, "f": 2, "g": 3})
    assert len(pairs) == 6 + 1  # C(4,2) + C(2,2)
    assert frozenset(("a", "d")) in pairs and frozenset(("a", "e")) not in pairs


# --- ARI ----------------------------------------------------------------------------------------

def test_ari_on_the_scikit_learn_documentation_example():
    # sklearn docs: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.57...
    # contingency: (g0,p0)=2, (g1,p1)=1, (g1,p2)=1 -> index = C(2,2) = 1
    # rows (2, 2): sum_a = 2; columns (2, 1, 1): sum_b = 1; C(4,2) = 6
    # expected = 2*1/6 = 1/3; max = (2+1)/2 = 3/2; ARI = (1 - 1/3) / (3/2 - 1/3) = 4/7
    assert E.adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == approx(4 / 7)
    assert E.adjusted_rand_index([0, 0, 1, 2], [0, 0, 1, 1]) == approx(4 / 7)
    # the other sklearn examples: relabelling is perfect, all-in-one vs all-split is 0
    assert E.adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert E.adjusted_rand_index([0, 0, 0, 0], [0, 1, 2, 3]) == 0.0


def test_ari_worked_example():
    # gold {1,2,3}{4,5,6}; pred {1,2}{3,4}{5,6}
    # contingency [[2,1,0],[0,1,2]]: index = 1 + 1 = 2; sum_a = 3 + 3 = 6; sum_b = 1+1+1 = 3
    # C(6,2) = 15; expected = 6*3/15 = 1.2; max = 4.5; ARI = 0.8 / 3.3 = 8/33
    gold = ["x", "x", "x", "y", "y", "y"]
    pred = [1, 1, 2, 2, 3, 3]
    assert E.adjusted_rand_index(gold, pred) == approx(8 / 33)
    # a negative ARI: worse than chance. gold {1,2}{3,4}; pred {1,3}{2,4}
    # index 0; sum_a = 2, sum_b = 2; expected 4/6; max 2; ARI = -2/3 / (4/3) = -0.5
    assert E.adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == approx(-0.5)


def _ari_by_pair_counting(gold, pred):
    n11 = n10 = n01 = n00 = 0
    for i, j in combinations(range(len(gold)), 2):
        g, p = gold[i] == gold[j], pred[i] == pred[j]
        n11 += g and p
        n10 += g and not p
        n01 += p and not g
        n00 += not g and not p
    den = (n00 + n01) * (n01 + n11) + (n00 + n10) * (n10 + n11)
    return 1.0 if den == 0 else 2 * (n11 * n00 - n01 * n10) / den


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=2, max_size=30))
def test_ari_equals_the_pair_counting_formula(labels):
    gold = [g for g, _ in labels]
    pred = [p for _, p in labels]
    assert E.adjusted_rand_index(gold, pred) == pytest.approx(_ari_by_pair_counting(gold, pred), abs=1e-9)


# --- B-cubed and cluster scores -----------------------------------------------------------------

def test_bcubed_by_hand():
    # gold {a,b}{c}; pred {a,b,c}
    # precision: a, b -> 2/3 each, c -> 1/3: mean 5/9; recall 1 for all; F1 = 2*(5/9)/(14/9) = 5/7
    s = E.bcubed(["g1", "g1", "g2"], ["p", "p", "p"])
    assert (s["precision"], s["recall"], s["f1"]) == (approx(5 / 9), approx(1.0), approx(5 / 7))
    # gold {1,2,3,4}{5,6}; pred {1,2}{3,4,5,6}
    # precision: 1,2 -> 2/2; 3,4 -> 2/4; 5,6 -> 2/4: mean (1+1+.5+.5+.5+.5)/6 = 2/3
    # recall: 1,2 -> 2/4; 3,4 -> 2/4; 5,6 -> 2/2: mean (.5*4 + 2)/6 = 2/3
    s = E.bcubed([1, 1, 1, 1, 2, 2], ["a", "a", "b", "b", "b", "b"])
    assert (s["precision"], s["recall"], s["f1"]) == (approx(2 / 3), approx(2 / 3), approx(2 / 3))


def test_cluster_scores_pairwise_bcubed_ari_and_universe():
    gold = {"1": "x", "2": "x", "3": "x", "4": "y", "5": "y", "6": None}
    # "6" is a gold singleton; "5" is missing from pred (a singleton there); "99" is not in gold
    pred = {"1": "a", "2": "a", "3": "b", "4": "b", "6": "b", "99": "a"}
    s = E.cluster_scores(pred, gold)
    # gold pairs {12,13,23,45}; pred pairs among gold items {12,34,36,46}: tp 1 (12)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 3, 3)
    assert s["precision"] == approx(0.25) and s["recall"] == approx(0.25)
    # B-cubed precision: 1,2 -> 1; 3 -> 1/3; 4 -> 1/3; 6 -> 1/3; 5 -> 1: (1+1+1/3+1/3+1/3+1)/6 = 2/3
    # recall: 1,2 -> 2/3; 3 -> 1/3; 4 -> 1/2; 5 -> 1/2; 6 -> 1: (4/3+1/3+1/2+1/2+1)/6 = 11/18
    assert s["bcubed_precision"] == approx(2 / 3)
    assert s["bcubed_recall"] == approx(11 / 18)
    assert s["items"] == 6 and s["ignored_items"] == 1
    assert s["gold_clusters"] == 2 and s["pred_clusters"] == 2
    assert s["ari"] == approx(_ari_by_pair_counting(
        ["x", "x", "x", "y", "y", "s6"], ["a", "a", "b", "b", "s5", "b"]))


# --- verdicts -----------------------------------------------------------------------------------

def test_confusion_matrix_class_scores_and_same_source():
    gold = ["duplicate", "republication", "republication", "update", "template", "unrelated"]
    pred = ["duplicate", "republication", "update", "update", "republication", "unrelated"]
    s = E.verdict_scores(gold, pred)
    m = s["confusion"]
    assert m["republication"]["update"] == 1 and m["template"]["republication"] == 1
    assert sum(sum(r.values()) for r in m.values()) == 6
    # republication: tp 1, fp 1 (the template), fn 1 (called update): P = R = 1/2
    rep = s["per_class"]["republication"]
    assert (rep["precision"], rep["recall"], rep["support"]) == (0.5, 0.5, 2)
    # update: tp 1, fp 1: P 1/2, R 1; F1 2/3
    assert s["per_class"]["update"]["f1"] == approx(2 / 3)
    assert s["per_class"]["template"]["recall"] == 0.0
    assert s["accuracy"] == approx(4 / 6)
    # same source (duplicate+republication): gold positives rows 0,1,2; predicted 0,1,4
    # tp 2, fp 1 (template), fn 1 (republication called update)
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 1)
    # macro F1 over the 5 classes that occur: dup 1, rep 1/2, upd 2/3, tmpl 0, unrel 1
    assert s["macro_f1"] == approx((1 + 0.5 + 2 / 3 + 0 + 1) / 5)


# --- alignment ops ------------------------------------------------------------------------------

def test_op_scores_by_hand():
    gold = [[
        ("equal", ["Satu dua tiga."], ["Satu dua tiga."]),
        ("modified", ["Empat lima enam."], ["Empat lima tujuh."]),
        ("split", ["Delapan sembilan, dan sepuluh sebelas."], ["Delapan sembilan.", "Sepuluh sebelas."]),
        ("removed", ["Dua belas."], []),
        ("added", [], ["Tiga belas."]),
    ]]
    pred = [[
        Op("equal", "content", (0,), (0,), "Satu  dua tiga.", "satu dua tiga", 100.0),  # same keys
        Op("modified", "content", (1,), (1,), "Empat lima enam.", "Empat lima tujuh.", 90.0),
        Op("split", "content", (2,), (2, 3), "Delapan sembilan, dan sepuluh sebelas.",
           "Delapan sembilan. Sepuluh sebelas.", 95.0),
        Op("modified", "content", (3,), (4,), "Dua belas.", "Tiga belas.", 60.0),  # wrong
        Op("added", "byline", (), (5,), None, "Editor: X", 0.0),  # not content: ignored
    ]]
    s = E.op_scores(pred, gold)
    # pred content ops 4, gold 5, tp 3 -> P 3/4, R 3/5
    assert (s["tp"], s["fp"], s["fn"]) == (3, 1, 2)
    assert s["precision"] == approx(0.75) and s["recall"] == approx(0.6)
    per = s["per_op"]
    assert per["modified"]["precision"] == 0.5 and per["modified"]["recall"] == 1.0
    assert per["removed"]["recall"] == 0.0 and per["added"]["recall"] == 0.0
    assert per["split"]["f1"] == 1.0
    # changes only (not equal): pred 3, gold 4, tp 2
    assert s["change_precision"] == approx(2 / 3) and s["change_recall"] == approx(0.5)
    # macro over equal, modified, added, removed, split: (1 + 2/3 + 0 + 0 + 1) / 5
    assert s["macro_f1"] == approx((1 + 2 / 3 + 0 + 0 + 1) / 5)


def test_op_scores_counts_repeated_sentences_as_a_multiset():
    g = [[("equal", ["Sama."], ["Sama."]), ("equal", ["Sama."], ["Sama."])]]
    p = [[("equal", ["Sama."], ["Sama."])]]
    s = E.op_scores(p, g)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 0, 1)
    with pytest.raises(ValueError):
        E.op_scores([[], []], g)  # lists out of step


def test_op_scores_against_the_generator_gold_of_a_perfect_prediction():
    from dedup import synth

    pairs = synth.make_pairs(None, 10, {"republication": 1.0}, seed=1, language="mixed")
    s = E.op_scores([p.ops for p in pairs], [p.ops for p in pairs])
    assert s["f1"] == 1.0 and s["change_f1"] == 1.0


# --- files --------------------------------------------------------------------------------------

def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def jsonl(rows):
    return "".join(json.dumps(r) + "\n" for r in rows)


def test_pair_files_with_verdicts(tmp_path):
    gold = write(tmp_path, "gold.jsonl", jsonl([
        {"a": "1", "b": "2", "label": "republication"},
        {"a": "3", "b": "4", "label": "template"},
        {"a": "5", "b": "6", "label": "duplicate"},
        {"a": "7", "b": "8", "label": "unrelated"},
    ]))
    pred = write(tmp_path, "pred.csv", "a,b,verdict\n2,1,republication\n3,4,republication\n1,9,duplicate\n1,5,duplicate\n")
    r = E.evaluate_files(pred, gold)
    # same-source pred among gold ids: {12, 34, 15} (19 ignored: 9 is not in gold)
    # gold positives {12, 56}: tp 1 (12), fp 2 (34 template, 15 unlisted), fn 1 (56 not found)
    assert (r["tp"], r["fp"], r["fn"]) == (1, 2, 1)
    assert r["precision"] == approx(1 / 3) and r["recall"] == approx(0.5)
    assert r["ignored_pairs"] == 1
    m = r["confusion"]
    assert m["template"]["republication"] == 1
    assert m["duplicate"]["unrelated"] == 1  # not listed -> unrelated
    assert m["unrelated"]["unrelated"] == 1
    assert r["accuracy"] == approx(2 / 4)


def test_pair_gold_against_cluster_prediction_and_tsv(tmp_path):
    gold = write(tmp_path, "gold.tsv", "a\tb\tlabel\nx\ty\tduplicate\nx\tz\tunrelated\n")
    pred = write(tmp_path, "pred.jsonl", jsonl([{"id": "x", "cluster": 1}, {"id": "y", "cluster": 1},
                                                 {"id": "z", "cluster": 1}]))
    r = E.evaluate_files(pred, gold)
    # pred pairs xy, xz, yz (all among gold ids): tp 1 (xy), fp 2
    assert (r["tp"], r["fp"], r["fn"]) == (1, 2, 0)
    assert "confusion" not in r


def test_cluster_gold_against_pair_prediction(tmp_path):
    gold = write(tmp_path, "gold.csv", "id,cluster\na,1\nb,1\nc,1\nd,2\ne,\n")
    # edges a-b and b-c chain a, b, c (components); d-e is a false edge; verdict unrelated is no edge
    pred = write(tmp_path, "pred.jsonl", jsonl([
        {"a": "a", "b": "b", "verdict": "republication"},
        {"a": "b", "b": "c", "verdict": "duplicate"},
        {"a": "d", "b": "e", "verdict": "republication"},
        {"a": "a", "b": "d", "verdict": "unrelated"},
    ]))
    r = E.evaluate_files(pred, gold)
    # pair scores on the predicted edges: {ab, bc, de} vs gold {ab, ac, bc}: tp 2, fp 1, fn 1
    assert (r["tp"], r["fp"], r["fn"]) == (2, 1, 1)
    # clusters from components {a,b,c}{d,e}: pairwise tp 3 of pred 4 / gold 3
    assert r["pairwise_precision"] == approx(0.75) and r["pairwise_recall"] == 1.0
    assert r["ari"] == approx(_ari_by_pair_counting(["1", "1", "1", "2", "e"], ["A", "A", "A", "D", "D"]))


def test_pair_files_with_ops(tmp_path):
    g_ops = [["equal", ["Satu dua."], ["Satu dua."]], ["added", [], ["Tiga empat."]]]
    p_ops = [{"op": "equal", "kind": "content", "a": "Satu dua.", "b": "Satu dua."},
             {"op": "added", "kind": "content", "a": None, "b": "Tiga empat."},
             {"op": "added", "kind": "boilerplate", "a": None, "b": "Baca juga: X"}]
    gold = write(tmp_path, "g.jsonl", jsonl([{"a": "A", "b": "B", "label": "update", "ops": g_ops}]))
    pred = write(tmp_path, "p.jsonl", jsonl([{"a": "A", "b": "B", "verdict": "update", "ops": p_ops}]))
    r = E.evaluate_files(pred, gold)
    assert r["op_f1"] == 1.0 and r["op_pairs"] == 1 and r["per_op"]["added"]["tp"] == 1


@pytest.mark.parametrize("name,text,message", [
    ("p.jsonl", '{"a": "1", "b": "2", "label": "duplicate"}\n{"a": "3", "label": "x"}\n', r"p\.jsonl: line 2: field 'b' is missing"),
    ("p.jsonl", '{"a": "1", "b": "2"}\n\n{oops\n', r"p\.jsonl: line 3 \(byte \d+\): not valid JSON"),
    ("p.jsonl", '{"a": "1", "b": "2", "label": "duplicate"}\n{"a": "2", "b": "1", "label": "update"}\n', r"line 2: the pair is listed twice"),
    ("p.jsonl", '{"a": "1", "b": "1", "label": "duplicate"}\n', r"line 1: a and b are the same"),
    ("p.jsonl", '{"a": "1", "b": "2", "label": ""}\n', r"line 1: field 'label' must be"),
    ("p.jsonl", '{"a": "1", "b": "2", "ops": "[1,"}\n', r"line 1: field 'ops' is not valid JSON"),
    ("p.jsonl", '{"a": "1", "b": "2", "ops": [["equal"]]}\n', r"line 1: field 'ops' must be"),
    ("p.jsonl", '{"text": "x"}\n', r"line 1: expected fields a, b"),
    ("c.csv", "id,cluster\n1,a\n1,b\n", r"c\.csv: line 3: id '1' is listed twice"),
    ("c.csv", "id,cluster\n1,a\n,b\n", r"c\.csv: line 3: field 'id' is missing"),
    ("c.csv", "id,cluster\n1,a\n2,b,c\n", r"c\.csv: line 3: 3 fields"),
    ("e.jsonl", "\n", r"e\.jsonl: no records"),
    ("e.txt", "a,b\n", r"cannot tell the format"),
])
def test_malformed_files_name_file_and_line(tmp_path, name, text, message):
    path = write(tmp_path, name, text)
    with pytest.raises(InputError, match=message):
        E.read_labelled(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        E.evaluate_files(str(tmp_path / "nope.jsonl"), str(tmp_path / "nope2.jsonl"))


# --- CLI ----------------------------------------------------------------------------------------

def test_cli_json_keys_are_metric_names(tmp_path, capsys):
    gold = write(tmp_path, "gold.csv", "id,cluster\n1,x\n2,x\n3,y\n4,y\n")
    pred = write(tmp_path, "pred.csv", "id,cluster\n1,a\n2,a\n3,b\n")
    assert main(["eval", pred, gold, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for k in ("precision", "recall", "f1", "ari", "bcubed_precision", "bcubed_recall", "bcubed_f1"):
        assert k in out
    assert out["precision"] == 1.0 and out["recall"] == 0.5 and out["ari"] == approx(4 / 7)
    assert main(["eval", pred, gold]) == 0
    text = capsys.readouterr().out
    assert "ari" in text and "0.5714" in text


def test_cli_text_table_shows_the_confusion_matrix(tmp_path, capsys):
    gold = write(tmp_path, "g.jsonl", jsonl([{"a": "1", "b": "2", "label": "template"}]))
    pred = write(tmp_path, "p.jsonl", jsonl([{"a": "1", "b": "2", "verdict": "republication"}]))
    assert main(["eval", pred, gold]) == 0
    out = capsys.readouterr().out
    assert "confusion" in out and "template" in out and "republication" in out


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    gold = write(tmp_path, "g.jsonl", '{"a": "1", "b": "2", "label": "duplicate"}\n{"a": "1"}\n')
    pred = write(tmp_path, "p.jsonl", '{"a": "1", "b": "2", "verdict": "duplicate"}\n')
    r = subprocess.run([sys.executable, "-m", "dedup", "eval", pred, gold], capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert "g.jsonl: line 2: field 'b' is missing" in r.stderr


@pytest.mark.parametrize("make, message", [
    (lambda d: str(d), "is a directory, not a file"),
    (lambda d: str(d / "missing.jsonl"), "missing.jsonl: no such file"),
])
def test_cli_names_a_directory_or_missing_file_as_such(tmp_path, make, message):
    gold = write(tmp_path, "g.jsonl", '{"a": "1", "b": "2", "label": "duplicate"}\n')
    r = subprocess.run([sys.executable, "-m", "dedup", "eval", make(tmp_path), gold], capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert message in r.stderr and "format" not in r.stderr


def test_cluster_scores_scale_with_sparse_contingency():
    # 60,000 items in 20,000 gold clusters: a dense table would need 20,000 x 21,000 cells.
    n = 60_000
    gold = {str(i): str(i // 3) for i in range(n)}
    pred = {str(i): (str(i // 3) if i % 30 else f"own{i}") for i in range(n)}
    s = E.cluster_scores(pred, gold)
    # Every 30th item leaves its triple: each such triple loses 2 of its 3 pairs.
    broken = n // 30
    assert s["precision"] == 1.0
    assert abs(s["recall"] - (20_000 * 3 - 2 * broken) / (20_000 * 3)) < 1e-12
    assert s["gold_clusters"] == 20_000 and s["pred_clusters"] == 20_000
