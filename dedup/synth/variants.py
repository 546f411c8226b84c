"""Variants of a source article, one builder per kind, and labelled pairs drawn from a mix of kinds.

Each draw is parsed back with :class:`~dedup.document.Document`; a draw that does not split into
the sentences its gold names is redrawn (or kept label-only with ``gold_ops=False``).

>>> v = make_variant(synthetic_article(4, "id"), "update", 5)
>>> v.label, len(v.sentences) > len(Document(synthetic_article(4, "id")).sentences)
('update', True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from .. import minhash
from .. import text as T
from ..align import EQUAL
from ..document import Document
from ..errors import InputError
from .article import (Article, Item, Unusable, as_rng, first_content_line, fix_dateline, paragraphs,
                      set_dateline, synthetic_article)
from .edits import apply_edits, drop_link, template_facts
from .grammar import byline, dateline, headline, read_also, sentence
from .model import (ATTEMPTS, DEFAULT_MIX, EDIT_MIX, KINDS, LABELS, PARTIAL_MIN_WORDS, TEMPLATE_MIN_CHANGED,
                    GoldOp, LabelledPair, Variant)
from .templates import template_pair
from .vocabulary import language_of


def _boilerplate(art: Article, rng: random.Random, log: list[str], *, p_read_also: float, p_byline: float) -> None:
    lang = art.language
    # drop the source's own byline/boilerplate lines sometimes (another site, other credits)
    for line in list(art.lines):
        if line and all(it.kind in (T.BYLINE, T.BOILERPLATE) for it in line) and rng.random() < 0.5:
            art.lines.remove(line)
            log.append(f"dropped line {line[0].text[:30]!r}")
    if rng.random() < p_read_also and len(art.lines) >= 2:
        for _ in range(rng.randint(1, 2)):
            first = first_content_line(art)
            at = rng.randint(first + 1, len(art.lines))
            line = read_also(rng, lang)
            art.lines.insert(at, [Item(line, T.BOILERPLATE)])
            log.append(f"inserted {line[:30]!r}")
    if rng.random() < p_byline:
        line = byline(rng, lang)
        if rng.random() < 0.5:
            art.lines.insert(0, [Item(line, T.BYLINE)])
        else:
            art.lines.append([Item(line, T.BYLINE)])
        log.append(f"byline {line!r}")


@dataclass(slots=True)
class _Draw:
    """One draw of a variant: the article being edited, its source size, the edit log."""

    art: Article
    rng: random.Random
    lang: str
    n: int  # content sentences of the source
    other: str | None  # the filler article of partial and unrelated variants
    log: list[str] = field(default_factory=list)
    join: str = "\n"  # how paragraphs are joined (noise joins them with commas)


def _duplicate(d: _Draw) -> None:
    _boilerplate(d.art, d.rng, d.log, p_read_also=0.6, p_byline=0.8)
    if not d.log:
        d.art.lines.append([Item(byline(d.rng, d.lang), T.BYLINE)])
        d.log.append("byline added")


def _truncate(d: _Draw) -> None:
    """Cut the end of the content, keeping over 60% of the source's sentences."""
    art, n = d.art, d.n
    items = art.content()
    keep = max(int(0.6 * n) + 1, len(items) - max(1, round(len(items) * d.rng.uniform(0.1, 0.3))))
    content = art.content_items()
    if 0 < keep < len(content) and content[keep].prov[0] == "split" and content[keep - 1].prov == content[keep].prov:
        keep += 1
    cut = items[keep:] if keep < len(items) else []
    for li, ii in reversed(cut):
        del art.lines[li][ii]
    art.lines = [line for line in art.lines if line]
    if cut:
        d.log.append(f"truncated to {keep} content sentences")


def _republish(d: _Draw) -> None:
    """What republication and noise variants share: headline, dateline, edits, truncation."""
    art, rng = d.art, d.rng
    if d.n < 3:
        raise InputError("synth: a republication needs a source of at least 3 content sentences")
    if rng.random() < 0.7 or art.headline is None:
        art.headline = headline(rng, d.lang, art.entities())
        d.log.append("new headline")
    if rng.random() < 0.6:
        dl = dateline(rng, d.lang)
        set_dateline(art, dl)
        d.log.append(f"dateline {dl!r}")
    truncate = rng.random() < 0.15 and d.n >= 8
    n_edits = rng.randint(1, max(1, min(8, round(0.3 * d.n))))
    apply_edits(art, rng, n_edits, EDIT_MIX, d.log)
    if truncate:
        _truncate(d)


def _republication(d: _Draw) -> None:
    _republish(d)
    _boilerplate(d.art, d.rng, d.log, p_read_also=0.6, p_byline=0.6)


def _noise(d: _Draw) -> None:
    """A republication seen through a bad scraper: no credits, linked words dropped, joined lines."""
    _republish(d)
    art, rng = d.art, d.rng
    for li, ii in reversed([(li, ii) for li, line in enumerate(art.lines) for ii, it in enumerate(line)
                            if it.kind in (T.BYLINE, T.BOILERPLATE)]):
        del art.lines[li][ii]
    art.lines = [line for line in art.lines if line]
    items = [art.lines[li][ii] for li, ii in art.content()]
    free = [it for it in items if it.prov[0] == "eq"]
    rng.shuffle(free)
    dropped = 0
    for it in free:
        if dropped >= rng.randint(1, 3):
            break
        res = drop_link(it.text, rng)
        if res:
            it.text, it.prov = res[0], ("mod", it.prov[1])
            d.log.append(f"noise s{it.prov[1]}: {res[1]}")
            dropped += 1
    d.join = rng.choice((",", ",,", ", "))
    if rng.random() < 0.5:
        art.headline = None
    if rng.random() < 0.3:
        set_dateline(art, "-")
    d.log.append(f"paragraphs joined with {d.join!r}")


def _update(d: _Draw) -> None:
    art, rng, lang = d.art, d.rng, d.lang
    if rng.random() < 0.5:
        art.headline = headline(rng, lang, art.entities())
        d.log.append("new headline")
    if rng.random() < 0.5 and d.n >= 4:
        apply_edits(art, rng, rng.randint(1, 2), {"reword": 1, "number": 1}, d.log)
    n_new = max(4, round(d.n * rng.uniform(0.5, 1.0)))
    names = art.entities()
    new = [sentence(rng, lang, names) for _ in range(n_new)]
    paras = [[Item(s, T.CONTENT, ("new",)) for s in p] for p in paragraphs(new, rng)]
    first = first_content_line(art)
    at = len(art.lines) if rng.random() < 0.5 else rng.randint(first + 1, max(first + 1, len(art.lines)))
    art.lines[at:at] = paras
    d.log.append(f"{n_new} new sentences in {len(paras)} paragraphs at line {at}")
    _boilerplate(art, rng, d.log, p_read_also=0.4, p_byline=0.4)


def _shares_text(a: Article, b: Article) -> bool:
    keys = {T.sentence_key(s) for s in a.sentences if len(T.words(s)) >= 5}
    if any(T.sentence_key(s) in keys for s in b.sentences):
        return True
    sa, sb = minhash.shingles(" ".join(a.sentences)), minhash.shingles(" ".join(b.sentences))
    return len(sa) > 0 and len(sb) > 0 and max(minhash.containment(sa, sb), minhash.containment(sb, sa)) > 0.05


def _filler(d: _Draw) -> Article:
    """Another article (``other``, or a synthetic one) as the base of the variant, all of it new."""
    other_text = d.other if d.other is not None else synthetic_article(d.rng, d.lang)
    oth = Article.parse(other_text)
    if _shares_text(d.art, oth):
        raise InputError("synth: the filler article shares text with the source")
    base = Article(oth.headline or headline(d.rng, d.lang), oth.lines, [], d.lang)
    for it in base.content_items():
        it.prov = ("new",)
    return base


def _unrelated(d: _Draw) -> None:
    base = _filler(d)
    base.sentences = d.art.sentences
    d.art = base


def _partial(d: _Draw) -> None:
    """The filler article with one passage of the source (2-4 sentences) inside it."""
    art, rng, n = d.art, d.rng, d.n
    base = _filler(d)
    m = len(base.content_items())  # the filler's content sentences
    run_max = min(4, int(0.35 * n), int(0.35 * (m + 4)))
    if run_max < 2:
        raise InputError("synth: a partial pair needs a source of at least 6 content sentences")
    run = rng.randint(2, run_max)
    start = rng.randint(0, n - run)

    def words(start: int, run: int) -> int:
        return sum(len(T.words(x)) for x in art.sentences[start:start + run])

    while run < run_max and words(start, run) < PARTIAL_MIN_WORDS:
        run += 1
        start = min(start, n - run)
    if words(start, run) < PARTIAL_MIN_WORDS:
        raise InputError(f"synth: no passage of {PARTIAL_MIN_WORDS} words fits a partial pair")
    shared = [Item(art.sentences[i], T.CONTENT, ("eq", i)) for i in range(start, start + run)]
    first = first_content_line(base)
    at = rng.randint(first + 1, max(first + 1, len(base.lines)))
    base.lines.insert(at, shared)
    d.log.append(f"shared passage s{start}..s{start + run - 1} inserted at line {at}")
    base.sentences = art.sentences
    d.art = base


def _template(d: _Draw) -> None:
    changed = template_facts(d.art, d.rng, d.log)
    if changed < TEMPLATE_MIN_CHANGED * d.n or changed < 2:
        raise InputError("synth: too few numbers, dates and names for a template variant")


#: The builder of each kind of variant: it edits the draw's article in place (or replaces it).
BUILDERS: dict[str, Callable[[_Draw], None]] = {
    "duplicate": _duplicate, "republication": _republication, "noise": _noise, "update": _update,
    "partial": _partial, "template": _template, "unrelated": _unrelated,
}


def _build(text: str, kind: str, rng: random.Random, other: str | None,
           language: str | None) -> tuple[str, Article, list[str]]:
    art = Article.parse(text)
    art.language = language or art.language
    d = _Draw(art, rng, art.language, len(art.sentences), other)
    if d.n == 0:
        raise InputError("synth: the source text has no content sentences")
    if kind not in BUILDERS:
        raise InputError(f"synth: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    BUILDERS[kind](d)
    art = d.art
    fix_dateline(art)
    if art.headline is None:
        # Without a headline, a first line of content would be read as one: credit and
        # boilerplate lines go first (the parser never takes those for a headline).
        art.lines.sort(key=lambda line: any(it.kind in (T.CONTENT, T.DATELINE) for it in line))
    return art.render(join=d.join), art, d.log


def _check(art: Article, text: str) -> tuple[list[GoldOp], tuple[str, ...], tuple[str, ...]] | None:
    """The gold ops, B's content sentences as the edits made them, and as ``Document(text)``
    splits them; None when the gold itself is ambiguous."""
    try:
        ops, expected = art.gold()
    except Unusable:
        return None
    return ops, expected, tuple(u.text for u in Document(text).sentences)


def _count(stats: dict | None, key: str) -> None:
    if stats is not None:
        stats[key] = stats.get(key, 0) + 1

def make_variant(text: str, kind: str, rng: random.Random | int, *, other: str | None = None,
                 language: str | None = None, gold_ops: bool = True, stats: dict | None = None) -> Variant:
    """Make a labelled variant of ``text`` (see the module docstring for the kinds).

    ``other`` is the filler article of ``partial`` and ``unrelated`` variants (default: a
    synthetic one). Raises :class:`InputError` when the text cannot carry that kind of variant
    (too short, no facts for a template, filler sharing text with the source).

    ``gold_ops`` (default True) keeps only draws that ``Document`` splits into exactly the gold
    sentences, redrawing the others. With ``gold_ops=False`` such a draw is returned instead:
    a *label-only* variant with ``ops=None`` (its label holds; per-op gold does not) and
    ``sentences`` as ``Document`` splits it. Draws that agree with the parse come back exactly
    as with the default, and a draw that applied no content edit, or whose gold is ambiguous,
    is still redrawn.

    ``stats``, when given, is a dict whose counts this adds to: ``draws`` made, ``redrawn``
    (thrown away), ``kept`` (returned with gold ops), ``label_only`` (returned without), and
    the reasons (a draw may have two): ``parse_mismatch`` (the parse disagrees with the gold
    sentences: redrawn unless ``gold_ops=False``), ``no_edit`` (a republication, noise, update
    or template variant whose content came out unchanged) and ``ambiguous_gold`` (the two
    halves of a split not adjacent); the last two are always redrawn.

    >>> v = make_variant("Judul\\nSatu dua tiga empat lima. Enam tujuh delapan sembilan.", "duplicate", 1)
    >>> v.label, [op.op for op in v.ops]
    ('duplicate', ['equal', 'equal'])
    """
    rng = as_rng(rng)
    if kind not in LABELS:
        raise InputError(f"synth: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    last = "no attempt"
    for attempt in range(ATTEMPTS):
        sub = random.Random(rng.random())
        out, art, log = _build(text, kind, sub, other, language)
        _count(stats, "draws")
        checked = _check(art, out)
        if checked is None:
            _count(stats, "ambiguous_gold")
            _count(stats, "redrawn")
            last = "the parser splits the variant differently from its gold sentences"
            continue
        ops, sentences, parsed = checked
        agrees = parsed == sentences
        no_edit = kind in ("republication", "noise", "update", "template") and all(op.op == EQUAL for op in ops)
        if not agrees:
            _count(stats, "parse_mismatch")
        if no_edit:
            _count(stats, "no_edit")
        if no_edit or (not agrees and gold_ops):
            _count(stats, "redrawn")
            # (no edit: else a "republication" would really be a duplicate)
            last = ("the parser splits the variant differently from its gold sentences" if not agrees and gold_ops
                    else "no edit of the content applied")
            continue
        if agrees:
            _count(stats, "kept")
            return Variant(out, LABELS[kind], kind, ops, log, sentences)
        _count(stats, "label_only")
        return Variant(out, LABELS[kind], kind, None, log, parsed)
    raise InputError(f"synth: could not make a {kind} variant in {ATTEMPTS} attempts ({last})")


def make_pairs(articles: Sequence[str] | None, n: int, mix: Mapping[str, float] | None = None,
               seed: int = 0, *, language: str = "id", gold_ops: bool = True,
               stats: dict | None = None) -> list[LabelledPair]:
    """``n`` labelled pairs ``(source, variant)`` drawn from ``articles`` by ``mix``.

    Without articles, synthetic ones in ``language`` ("id", "en" or "mixed") are used. A
    template pair is, half the time and whenever the source has too few facts, two fills of a
    report template instead. Deterministic for ``seed``.

    ``gold_ops`` and ``stats`` go to :func:`make_variant`: with ``gold_ops=False`` a draw the
    parser splits differently from its gold sentences becomes a label-only pair (``ops=None``)
    instead of being redrawn; pair ``i`` then is the first draw the default would have made
    for it, kept. ``stats`` also counts ``sources_refused`` (a source that could not carry the
    kind, or gave no usable draw in its attempts) and ``template_fills`` (template pairs made by
    :func:`template_pair`, not from a source).

    >>> pairs = make_pairs(None, 4, seed=1, language="mixed")
    >>> [p.label in LABELS.values() for p in pairs]
    [True, True, True, True]
    """
    mix = dict(mix or DEFAULT_MIX)
    bad = set(mix) - set(KINDS)
    if bad:
        raise InputError(f"make_pairs: unknown kinds {sorted(bad)} (one of {', '.join(KINDS)})")
    kinds, weights = zip(*mix.items())
    arts = list(articles or [])
    langs = [language_of(a) for a in arts]
    out = []
    for i in range(n):
        rng = random.Random(f"dedup.synth:{seed}:{i}")
        kind = rng.choices(kinds, weights)[0]
        for attempt in range(ATTEMPTS):
            if arts:
                k = rng.randrange(len(arts))
                src, lang = arts[k], langs[k]
            else:
                lang = ("id", "en")[i % 2] if language == "mixed" else language
                src = synthetic_article(rng, lang)
            if kind == "template" and (rng.random() < 0.5 or attempt >= ATTEMPTS // 2):
                pair = template_pair(rng, lang)
                _count(stats, "template_fills")
                out.append(pair)
                break
            other = None
            if kind in ("partial", "unrelated") and arts:
                same = [j for j in range(len(arts)) if langs[j] == lang and arts[j] is not src]
                other = arts[rng.choice(same)] if same and rng.random() < 0.7 else None
            try:
                v = make_variant(src, kind, rng, other=other, language=lang, gold_ops=gold_ops, stats=stats)
            except InputError:
                _count(stats, "sources_refused")
                continue
            out.append(LabelledPair(src, v.text, v.label, kind, v.ops, v.edits, lang))
            break
        else:
            raise InputError(f"make_pairs: no usable source for a {kind} pair after {ATTEMPTS} attempts")
    return out

