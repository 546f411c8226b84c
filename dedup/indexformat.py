"""An index's stored format: the config it writes once (format version and every parameter that
changes a stored key) and the checks of it on every open. A stored index of another format
version, or built with other fixed parameters, is refused with :class:`IndexFormatError`.

>>> c = wanted_config(minhash.DEFAULT, 0.2)
>>> check_config(c, c, "news.db", params_given=False, threshold_given=False)[1:]
(44, 2, 0.2)
"""

from __future__ import annotations

from . import boilerplate as BP
from . import fingerprints as F
from . import lsh, minhash
from . import paraphrase as P
from . import shapes as S
from . import text as T
from .errors import IndexFormatError, InputError
from .storage import FORMAT_VERSION
from .wording import shown

__all__ = ["FORMAT_VERSION", "wanted_config", "check_config"]


def wanted_config(params: minhash.MinHashParams, threshold: float) -> dict[str, str]:
    """The config of an index built with ``params`` and LSH ``threshold`` by this dedup."""
    b, r = lsh.choose_bands(threshold, params.num_perm)
    config = {"format_version": str(FORMAT_VERSION)}
    config.update({k: str(v) for k, v in params.to_dict().items()})
    config.update({"bands": str(b), "rows": str(r), "threshold": repr(float(threshold))})
    config.update(_fingerprint_config())
    return config


def check_config(stored: dict[str, str], wanted: dict[str, str], where: str, *, params_given: bool,
                 threshold_given: bool) -> tuple[minhash.MinHashParams, int, int, float]:
    """``(params, bands, rows, threshold)`` of a stored index, after checking its config against
    ``wanted``: parameters the code fixes (normalisation and fingerprint versions) must always
    match; parameters the user chooses must match when given, else the stored ones are adopted."""
    _check_version(stored, where)
    fixed = {"normalization", *_fingerprint_config()}
    given = set()
    if params_given:
        given |= set(minhash.DEFAULT.to_dict())
    if threshold_given:
        given |= {"bands", "rows"}
    for key in sorted(set(wanted) - {"format_version", "threshold"}):
        if key not in stored:
            raise IndexFormatError(f"{where}: index has no stored parameter {key!r}: rebuild the index")
        if stored[key] == wanted[key] or not (key in fixed or key in given):
            continue
        if key in fixed:
            raise IndexFormatError(
                f"{where}: index was built with {key}={stored[key]}, this dedup uses {key}={wanted[key]}: "
                "rebuild the index"
            )
        raise IndexFormatError(
            f"{where}: index was built with {key}={stored[key]}, not {key}={wanted[key]} "
            "(open it without params/threshold to use the stored ones)"
        )
    try:
        params = minhash.MinHashParams.from_dict({k: int(stored[k]) for k in minhash.DEFAULT.to_dict()})
        bands, rows = int(stored["bands"]), int(stored["rows"])
    except (KeyError, ValueError, InputError) as e:
        raise IndexFormatError(f"{where}: stored parameters are unreadable: {e}") from None
    if bands < 1 or rows < 1:
        raise IndexFormatError(f"{where}: stored bands={bands}, rows={rows}: both must be at least 1")
    if bands * rows > params.num_perm:
        raise IndexFormatError(f"{where}: {bands} bands x {rows} rows exceed num_perm={params.num_perm}")
    try:
        threshold = float(stored.get("threshold", "nan"))
    except ValueError:
        raise IndexFormatError(f"{where}: stored threshold {shown(stored['threshold'])} is not a number") from None
    return params, bands, rows, threshold


def _check_version(stored: dict[str, str], where: str) -> None:
    try:
        version = int(stored.get("format_version", "0"))
    except ValueError:
        raise IndexFormatError(
            f"{where}: stored format_version {shown(stored.get('format_version'))} is not a number: "
            "a damaged index (dedup index check)"
        ) from None
    if version > FORMAT_VERSION:
        raise IndexFormatError(
            f"{where}: index format version {version} was written by a newer dedup (this one reads "
            f"version {FORMAT_VERSION}): upgrade dedup"
        )
    if version != FORMAT_VERSION:
        raise IndexFormatError(
            f"{where}: index format version {version} is not version {FORMAT_VERSION}: rebuild the index"
        )


def _fingerprint_config() -> dict[str, str]:
    """What makes stored sentence fingerprints comparable: the minimum sentence length, and the
    fingerprint of a fixed sentence (it changes if the fingerprint hash or key ever changes)."""
    return {
        "sentences_version": str(T.SENTENCES_VERSION),
        "fingerprint_min_words": str(F.DEFAULT_MIN_WORDS),
        "fingerprint_check": str(F.fingerprint("dedup index fingerprint check")),
        "boilerplate_version": str(BP.VERSION),
        "passage_k": str(F.PASSAGE_K),
        "passage_w": str(F.PASSAGE_W),
        "passage_cap": str(F.PASSAGE_CAP),
        "bag_version": f"{P._PERSON.decode()}/sampled-pairs/{P.MIN_WORD_CHARS}/{P.SAMPLE}/{P.PAIR_SPAN}/{P.CAP}",
        "shape_version": f"{S._PERSON.decode()}/{S.RUN}",
        "bag_check": str(int(P.bag_fingerprints_many(["Judul\nKota Palu menerima bantuan beras dari Makassar."])[0][0])),
        "boilerplate_check": str(int(BP.source_keys([F.fingerprint("dedup")], "check")[0])),
    }
