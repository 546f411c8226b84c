"""Redis backend: one index shared by many pipeline workers (``Index("redis://host:6379/0")``).

Needs the ``redis`` package (``pip install 'newsdedup[redis]'``), imported only when this backend
is used; a standalone Redis server (the scripts build key names, so not Redis Cluster). Every key
lives under the namespace ``ns``, which holds no ``:``, so no key of one namespace can be read as
a key of another::

    {ns}:config        hash  format_version and every parameter (written once, checked on open)
    {ns}:ids           set   every stored id
    {ns}:dates         zset  id -> date (UTC epoch seconds), for expire()
    {ns}:d:{id}        hash  meta (JSON), date, source, sig (uint32 LE bytes), n, bands, fps, text (zlib)
    {ns}:b:{bucket}    hash  band key (high bits; its low 32 bits are stored, see base.lookup_keys) -> ids, NUL-separated
    {ns}:f:{bucket}    hash  fingerprint (high bits of its low 32) -> ids holding it, NUL-separated
    {ns}:s:{bucket}    hash  per-source sentence key (high bits) -> documents holding it (a count)
    {ns}:srcs          hash  source (NUL for none) -> documents of it

The sentence counts (learned boilerplate, :mod:`dedup.boilerplate`) are kept by two scripts of
their own that run in the same ``MULTI`` as the record's upsert or removal: ``sks`` and ``srcf``
in a document's hash repeat its keys and source so a removal can count them down exactly.

Lookup keys are grouped into ``2**BUCKET_BITS`` hashes by their low bits instead of one Redis set
per key: a set per key cost 6.4 million keys and 18 KB of server memory per article at 100,000
articles; small hashes use Redis's compact listpack encoding. A list that would grow beyond
``MAX_IDS`` ids is marked saturated and stops producing candidates (a band or sentence held by
that many documents is boilerplate; the query-time cap is far lower).

An upsert or a removal of one document runs as one Lua script (atomic on the server: a concurrent
reader sees the old record or the new one, never a mix), and a batch of them goes in one
``MULTI``/``EXEC`` pipeline: one round trip, all or nothing. ``bands``/``fps`` in a document's hash
repeat its ``bucket field`` pairs so the scripts can unlink exactly those.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping, Sequence

from ..errors import DedupError, IndexCorruptError, InputError, StorageError
from .base import StoredRecord, Row, Storage, asked_keys, band_hits, guarded, lookup_keys, shared_at_least

#: Lookup keys go into 2**BUCKET_BITS hashes per family (part of the stored layout).
BUCKET_BITS = 20
_MASK = (1 << BUCKET_BITS) - 1
#: Longest id list kept per lookup key before it is marked saturated.
MAX_IDS = 10_000
_SATURATED = b"\0*"

_LISTS = r"""
local SEP, SAT = '\0', '\0*'
local function add_id(h, f, id, maxn)
  local v = redis.call('HGET', h, f)
  if not v then redis.call('HSET', h, f, id) return end
  if v == SAT then return end
  local n = 1
  for _ in string.gmatch(v, '%z') do n = n + 1 end
  if n >= maxn then redis.call('HSET', h, f, SAT) return end
  redis.call('HSET', h, f, v .. SEP .. id)
end
local function del_id(h, f, id)
  local v = redis.call('HGET', h, f)
  if not v or v == SAT then return end
  if v == id then redis.call('HDEL', h, f) return end
  local out = {}
  for x in string.gmatch(v, '[^%z]+') do if x ~= id then out[#out + 1] = x end end
  if #out == 0 then redis.call('HDEL', h, f) else redis.call('HSET', h, f, table.concat(out, SEP)) end
end
local function each_pair(s, fn)
  local b = nil
  for x in string.gmatch(s, '%S+') do
    if b == nil then b = x else fn(b, x); b = nil end
  end
end
local function unlink(ns, id)
  local dk = ns .. ':d:' .. id
  local old = redis.call('HMGET', dk, 'bands', 'fps')
  if old[1] then each_pair(old[1], function(b, f) del_id(ns .. ':b:' .. b, f, id) end) end
  if old[2] then each_pair(old[2], function(b, f) del_id(ns .. ':f:' .. b, f, id) end) end
  redis.call('ZREM', ns .. ':dates', id)
  redis.call('SREM', ns .. ':ids', id)
  return redis.call('DEL', dk)
end
"""
# ARGV: ns, id, meta, date ("" for none), source, sig, n, text, has_text, has_source,
#       bands ("bucket field bucket field ..."), fps (same), max ids per list
_PUT = _LISTS + """
local ns, id = ARGV[1], ARGV[2]
local maxn = tonumber(ARGV[13])
unlink(ns, id)
local dk = ns .. ':d:' .. id
redis.call('HSET', dk, 'meta', ARGV[3], 'date', ARGV[4], 'sig', ARGV[6], 'n', ARGV[7],
           'bands', ARGV[11], 'fps', ARGV[12])
if ARGV[9] == '1' then redis.call('HSET', dk, 'text', ARGV[8]) end
if ARGV[10] == '1' then redis.call('HSET', dk, 'source', ARGV[5]) end
each_pair(ARGV[11], function(b, f) add_id(ns .. ':b:' .. b, f, id, maxn) end)
each_pair(ARGV[12], function(b, f) add_id(ns .. ':f:' .. b, f, id, maxn) end)
if ARGV[4] ~= '' then redis.call('ZADD', ns .. ':dates', ARGV[4], id) end
redis.call('SADD', ns .. ':ids', id)
return 1
"""
_DELETE = _LISTS + """
return unlink(ARGV[1], ARGV[2])
"""
# Per-source sentence counts. ARGV: ns, id (unlink); ns, id, source field, "bucket field ..." (link).
_SENT_UNLINK = r"""
local ns, id = ARGV[1], ARGV[2]
local old = redis.call('HMGET', ns .. ':d:' .. id, 'sks', 'srcf')
if not old[2] then return 0 end
local b = nil
for x in string.gmatch(old[1] or '', '%S+') do
  if b == nil then b = x else
    local h = ns .. ':s:' .. b
    if redis.call('HINCRBY', h, x, -1) <= 0 then redis.call('HDEL', h, x) end
    b = nil
  end
end
if redis.call('HINCRBY', ns .. ':srcs', old[2], -1) <= 0 then redis.call('HDEL', ns .. ':srcs', old[2]) end
return 1
"""
_SENT_LINK = r"""
local ns, id, src, pairs = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local b = nil
for x in string.gmatch(pairs, '%S+') do
  if b == nil then b = x else redis.call('HINCRBY', ns .. ':s:' .. b, x, 1); b = nil end
end
redis.call('HSET', ns .. ':d:' .. id, 'sks', pairs, 'srcf', src)
redis.call('HINCRBY', ns .. ':srcs', src, 1)
return 1
"""
_NO_SOURCE = "\0"
# ARGV: prefix ("{ns}:b" or "{ns}:f"), cap (0: none), then bucket field pairs.
# Returns one entry per pair: '' (absent), SAT (saturated or more than cap ids), or the id list.
_LOOKUP = r"""
local SAT = '\0*'
local prefix, cap = ARGV[1], tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV, 2 do
  local v = redis.call('HGET', prefix .. ':' .. ARGV[i], ARGV[i + 1])
  if not v then v = ''
  elseif v ~= SAT and cap > 0 then
    local n = 1
    for _ in string.gmatch(v, '%z') do n = n + 1; if n > cap then break end end
    if n > cap then v = SAT end
  end
  out[#out + 1] = v
end
return out
"""


def _glob_literal(prefix: bytes) -> bytes:
    """``prefix`` with Redis glob characters escaped, to SCAN for keys starting with it."""
    for c in (b"\\", b"*", b"?", b"["):
        prefix = prefix.replace(c, b"\\" + c)
    return prefix


def _short(keys: Iterable[int]) -> list[int]:
    """Band keys or fingerprints as stored (:func:`~dedup.storage.base.lookup_keys`), each once."""
    return list(dict.fromkeys(lookup_keys(list(keys)).tolist()))


def _pairs(keys: Iterable[int]) -> list[str]:
    """``[bucket, field, bucket, field, ...]`` of signed lookup keys."""
    out = []
    for k in keys:
        out.append(str(k & _MASK))
        out.append(str(k >> BUCKET_BITS))
    return out


_ROW_FIELDS = ("meta", "date", "source", "sig", "n")


#: Seconds a Redis command may take before it fails (a stopped or unreachable server), unless
#: ``timeout=`` says otherwise: long enough for a batch of 1,000 upserts on a busy server.
DEFAULT_TIMEOUT = 30.0


def _connect(url: str, timeout: float):
    try:
        import redis
    except ImportError:
        raise DedupError(
            f"{url}: the Redis backend needs the redis package (pip install 'newsdedup[redis]')"
        ) from None
    try:
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=min(timeout, 10.0))
        client.ping()
    except (redis.RedisError, ValueError, OSError) as e:
        raise StorageError(f"{url}: cannot connect to Redis: {e}") from None
    return client


def _redis_error(store: "RedisStorage", e: BaseException) -> DedupError | None:
    """The project's error for a failure of the Redis server (see :func:`guarded`)."""
    import redis

    where = store.describe()
    if isinstance(e, redis.TimeoutError):
        return StorageError(f"{where}: Redis did not answer within {store.timeout:g} s (timeout=): {e}")
    if isinstance(e, redis.ConnectionError):
        return StorageError(f"{where}: lost the connection to Redis: {e}")
    if isinstance(e, redis.ResponseError):  # WRONGTYPE, a script failing on a tampered value
        return IndexCorruptError(f"{where}: damaged index ({e}); run: dedup index check")
    if isinstance(e, redis.RedisError):
        return StorageError(f"{where}: Redis failed: {e}")
    if isinstance(e, AttributeError) and store._r is None:
        return StorageError(f"{where}: the index is closed")
    if isinstance(e, UnicodeEncodeError):  # a caller below Index passed a lone surrogate
        return InputError(f"{where}: a value to store is not valid text ({e.reason}: {e.object[e.start:e.end]!r})")
    if isinstance(e, (ValueError, UnicodeDecodeError)):  # a tampered number or id
        return IndexCorruptError(f"{where}: damaged index (unreadable value: {e}); run: dedup index check")
    return None


@guarded(_redis_error)
class RedisStorage(Storage):
    """A dedup index in a Redis database, under ``namespace`` (several indexes can share a server).
    ``timeout``: seconds a command may take before it fails with :class:`StorageError`."""

    kind = "redis"

    def __init__(self, url: str, *, namespace: str = "dedup", timeout: float | None = None) -> None:
        if not isinstance(namespace, str) or not namespace:
            raise InputError(f"namespace must be a non-empty string, got {namespace!r}")
        if ":" in namespace:
            # Keys are "{ns}:d:{id}", "{ns}:config"...: with a ':' in it, namespace "a:d:x" would
            # read the document "x:config" of namespace "a" as its config.
            raise InputError(f"namespace {namespace!r}: must not contain ':' (it separates the parts of every key)")
        self.url = url
        self.ns = namespace
        self.timeout = DEFAULT_TIMEOUT if timeout is None else float(timeout)
        if not self.timeout > 0:
            raise DedupError(f"timeout must be a number of seconds > 0, got {timeout!r}")
        self._r = _connect(url, self.timeout)
        self._put = self._r.register_script(_PUT)
        self._del = self._r.register_script(_DELETE)
        self._lookup = self._r.register_script(_LOOKUP)
        self._sent_unlink = self._r.register_script(_SENT_UNLINK)
        self._sent_link = self._r.register_script(_SENT_LINK)

    def _k(self, *parts: str) -> str:
        return ":".join((self.ns, *parts))

    def read_config(self) -> dict[str, str] | None:
        stored = self._r.hgetall(self._k("config"))
        return {k.decode(): v.decode() for k, v in stored.items()} or None

    def init_config(self, config: Mapping[str, str]) -> dict[str, str]:
        key = self._k("config")
        with self._r.pipeline(transaction=True) as p:
            for k, v in config.items():
                p.hsetnx(key, k, str(v))
            p.hgetall(key)
            stored = p.execute()[-1]
        return {k.decode(): v.decode() for k, v in stored.items()}

    def put(self, records: Sequence[StoredRecord]) -> None:
        if not records:
            return
        with self._r.pipeline(transaction=True) as p:
            for r in records:
                self._sent_unlink(keys=[], args=[self.ns, r.id], client=p)
                self._put(
                    keys=[],
                    args=[
                        self.ns, r.id, r.meta, "" if r.date is None else repr(float(r.date)),
                        r.source or "", r.signature, r.n_shingles, r.text or b"",
                        "1" if r.text is not None else "0", "1" if r.source is not None else "0",
                        " ".join(_pairs(_short(r.bands))), " ".join(_pairs(_short(r.fingerprints))), MAX_IDS,
                    ],
                    client=p,
                )
                self._sent_link(
                    keys=[], args=[self.ns, r.id, _NO_SOURCE if r.source is None else r.source,
                                   " ".join(_pairs(r.sentence_keys))],
                    client=p,
                )
            p.execute()

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return 0
        with self._r.pipeline(transaction=True) as p:
            for id in ids:
                self._sent_unlink(keys=[], args=[self.ns, id], client=p)
                self._del(keys=[], args=[self.ns, id], client=p)
            return sum(int(x) for x in p.execute()[1::2])

    def expire(self, before: float) -> int:
        old = self._r.zrangebyscore(self._k("dates"), "-inf", f"({float(before)!r}")
        return self.delete([x.decode() for x in old])

    def _lists(self, family: str, keys: Sequence[int], cap: int) -> list[bytes]:
        keys = _short(dict.fromkeys(keys))
        if not keys:
            return []
        return self._lookup(keys=[], args=[self._k(family), cap, *_pairs(keys)])

    def by_bands(self, keys: Sequence[int], common: int | None = None) -> dict[str, int]:
        return band_hits(([i.decode() for i in v.split(b"\0")] for v in self._lists("b", keys, 0)
                          if v and v != _SATURATED), common)

    def by_fingerprints(self, fingerprints: Sequence[int], cap: int) -> tuple[dict[str, int], int]:
        return _count_held(self._lists("f", fingerprints, max(1, cap)), cap)

    def by_fingerprints_many(self, groups: Sequence[tuple[Sequence[int], int, int]]) -> list[tuple[dict[str, int], int]]:
        """One script call for every group's keys with the largest cap: a list no longer than
        that comes back whole, and a group with a smaller cap skips it by its length, as the
        script would have."""
        asked, union, top = asked_keys(groups)
        if not union:
            return [({}, 0) for _ in groups]
        values = dict(zip(union, self._lookup(keys=[], args=[self._k("f"), max(1, top), *_pairs(union)])))
        return [shared_at_least(_count_held([values[k] for k in keys], cap), need)
                for keys, (_, cap, need) in zip(asked, groups)]

    def sentence_counts(self, keys: Sequence[int], cap: int) -> list[int]:
        keys = list(keys)
        if not keys:
            return []
        pairs = _pairs(keys)
        with self._r.pipeline(transaction=False) as p:
            for i in range(0, len(pairs), 2):
                p.hget(self._k("s", pairs[i]), pairs[i + 1])
            values = p.execute()
        return [min(int(v), cap) if v is not None else 0 for v in values]

    def sources(self) -> list[str | None]:
        return [None if k == _NO_SOURCE.encode() else k.decode() for k in self._r.hkeys(self._k("srcs"))]

    def rows(self, ids: Sequence[str]) -> dict[str, Row]:
        ids = list(ids)
        if not ids:
            return {}
        with self._r.pipeline(transaction=False) as p:
            for id in ids:
                p.hmget(self._k("d", id), *_ROW_FIELDS)
            values = p.execute()
        out = {}
        for id, (meta, date, source, sig, n) in zip(ids, values):
            if meta is None:
                continue
            out[id] = Row(
                id, meta.decode(), float(date) if date else None,
                source.decode() if source is not None else None, sig, int(n),
            )
        return out

    def texts(self, ids: Sequence[str]) -> dict[str, bytes]:
        ids = list(ids)
        if not ids:
            return {}
        with self._r.pipeline(transaction=False) as p:
            for id in ids:
                p.hget(self._k("d", id), "text")
            return {id: t for id, t in zip(ids, p.execute()) if t is not None}

    def count(self) -> int:
        return int(self._r.scard(self._k("ids")))

    def contains(self, id: str) -> bool:
        return bool(self._r.sismember(self._k("ids"), id))

    def ids(self) -> list[str]:
        return [x.decode() for x in self._r.smembers(self._k("ids"))]

    def check(self) -> list[str]:
        """The id set against the document hashes and the date set, and every document's lookup
        entries (each band and fingerprint list holds its id, unless saturated)."""
        problems = []
        if not self._r.exists(self._k("config")):
            problems.append("no config hash: not an index, or its config was deleted")
        ids = set(self.ids())
        docs = set()
        prefix = self._k("d", "")
        for key in self._r.scan_iter(match=_glob_literal(prefix.encode()) + b"*", count=1000):
            docs.add(key.decode()[len(prefix):])
        for id in sorted(ids - docs)[:50]:
            problems.append(f"record {id!r}: in the id set but has no document hash")
        for id in sorted(docs - ids)[:50]:
            problems.append(f"record {id!r}: has a document hash but is not in the id set")
        dated = {x.decode() for x in self._r.zrange(self._k("dates"), 0, -1)}
        for id in sorted(dated - ids)[:50]:
            problems.append(f"record {id!r}: in the date set but not stored")
        for id in sorted(ids & docs):
            bands, fps = self._r.hmget(self._k("d", id), "bands", "fps")
            for fam, pairs in (("b", bands), ("f", fps)):
                items = (pairs or b"").split()
                if len(items) % 2:
                    problems.append(f"record {id!r}: its {'band' if fam == 'b' else 'fingerprint'} keys are unreadable")
                    continue
                with self._r.pipeline(transaction=False) as p:
                    for k in range(0, len(items), 2):
                        p.hget(f"{self._k(fam)}:{items[k].decode()}", items[k + 1].decode())
                    lists = p.execute()
                lost = sum(1 for v in lists if v != _SATURATED and id.encode() not in (v or b"").split(b"\0"))
                if lost:
                    what = "band" if fam == "b" else "fingerprint"
                    problems.append(f"record {id!r}: {lost} of its {len(lists)} {what} lists do not hold it")
        return problems + self._check_sentence_counts(ids & docs)

    def _check_sentence_counts(self, ids: set[str]) -> list[str]:
        """The learned-boilerplate counts (``s:*`` and ``srcs``) against what the stored documents'
        ``sks``/``srcf`` say they should be: a lost update shows as a count off by some."""
        want: Counter[tuple[bytes, bytes]] = Counter()
        sources: Counter[bytes] = Counter()
        for id in sorted(ids):
            sks, srcf = self._r.hmget(self._k("d", id), "sks", "srcf")
            if srcf is None:
                continue
            items = (sks or b"").split()
            want.update(zip(items[0::2], items[1::2]))
            sources[srcf] += 1
        have: Counter[tuple[bytes, bytes]] = Counter()
        prefix = self._k("s", "").encode()
        for key in self._r.scan_iter(match=_glob_literal(prefix) + b"*", count=1000):
            bucket = key[len(prefix):]
            for field, n in self._r.hgetall(key).items():
                have[(bucket, field)] = int(n)
        problems = []
        off = sorted(k for k in want.keys() | have.keys() if want[k] != have[k])
        if off:
            b, f = off[0]
            problems.append(f"sentence counts: {len(off):,} of {len(want | have):,} are off, e.g. "
                            f"{self._k('s', b.decode())} field {f.decode()}: {have[(b, f)]} stored, "
                            f"{want[(b, f)]} from the documents")
        stored = Counter({k: int(v) for k, v in self._r.hgetall(self._k("srcs")).items()})
        for src in sorted(k for k in sources.keys() | stored.keys() if sources[k] != stored[k])[:50]:
            name = "no source" if src == _NO_SOURCE.encode() else f"source {src.decode(errors='replace')!r}"
            problems.append(f"sentence counts: {name} has {stored[src]} documents stored, "
                            f"{sources[src]} from the documents")
        return problems

    def describe(self) -> str:
        return f"{self.url} namespace {self.ns!r}"

    def info(self) -> dict:
        mem = self._r.info("memory")
        return {
            "backend": self.kind,
            "url": self.url,
            "namespace": self.ns,
            "server_used_memory": int(mem.get("used_memory", 0)),
            "server_keys": int(self._r.dbsize()),
        }

    def close(self) -> None:
        if self._r is not None:
            self._r.close()
            self._r = None


def _count_held(lists: Iterable[bytes | None], cap: int) -> tuple[dict[str, int], int]:
    """``({id: how many of the lists hold it}, lists skipped)`` of a lookup's stored id lists: a
    saturated list, or one of more than ``cap`` ids, is skipped (a key too common to count)."""
    hits: dict[str, int] = {}
    skipped = 0
    for v in lists:
        if not v:
            continue
        held = v.split(b"\0") if v != _SATURATED else None
        if held is None or len(held) > max(1, cap):
            skipped += 1
            continue
        for id in held:
            id = id.decode()
            hits[id] = hits.get(id, 0) + 1
    return hits, skipped
