"""Redis backend: one index shared by many pipeline workers (``Index("redis://host:6379/0")``).

Needs the ``redis`` package (``pip install 'newsdedup[redis]'``), imported only when this backend
is used. Every key lives under the namespace ``ns``::

    {ns}:config      hash  format_version and every parameter (written once, checked on open)
    {ns}:ids         set   every stored id
    {ns}:dates       zset  id -> date (UTC epoch seconds), for expire()
    {ns}:d:{id}      hash  meta (JSON), date, source, sig (uint32 LE bytes), n, bands, fps, text (zlib)
    {ns}:b:{key}     set   ids having this band key
    {ns}:f:{fp}      set   ids having this sentence fingerprint

An upsert or a removal of one document runs as one Lua script (atomic on the server: a
concurrent reader sees the old record or the new one, never a mix), and a batch of them goes in
one ``MULTI``/``EXEC`` pipeline: one round trip, all or nothing. ``bands``/``fps`` in a document's
hash repeat its lookup keys (decimal, space-separated) so the scripts can unlink exactly those.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from ..errors import DedupError
from .base import Record, Row, Storage

# ARGV: ns, id, meta, date ("" for none), source ("" for none; flag below), sig, n, text, has_text,
#       has_source, bands ("k1 k2 ..."), fps ("f1 f2 ...")
_UNLINK = """
local function unlink(ns, id)
  local dk = ns .. ':d:' .. id
  local old = redis.call('HMGET', dk, 'bands', 'fps')
  if old[1] then for k in string.gmatch(old[1], '%S+') do redis.call('SREM', ns .. ':b:' .. k, id) end end
  if old[2] then for k in string.gmatch(old[2], '%S+') do redis.call('SREM', ns .. ':f:' .. k, id) end end
  redis.call('ZREM', ns .. ':dates', id)
  redis.call('SREM', ns .. ':ids', id)
  return redis.call('DEL', dk)
end
"""
_PUT = _UNLINK + """
local ns, id = ARGV[1], ARGV[2]
unlink(ns, id)
local dk = ns .. ':d:' .. id
redis.call('HSET', dk, 'meta', ARGV[3], 'date', ARGV[4], 'sig', ARGV[6], 'n', ARGV[7],
           'bands', ARGV[11], 'fps', ARGV[12])
if ARGV[9] == '1' then redis.call('HSET', dk, 'text', ARGV[8]) end
if ARGV[10] == '1' then redis.call('HSET', dk, 'source', ARGV[5]) end
for k in string.gmatch(ARGV[11], '%S+') do redis.call('SADD', ns .. ':b:' .. k, id) end
for k in string.gmatch(ARGV[12], '%S+') do redis.call('SADD', ns .. ':f:' .. k, id) end
if ARGV[4] ~= '' then redis.call('ZADD', ns .. ':dates', ARGV[4], id) end
redis.call('SADD', ns .. ':ids', id)
return 1
"""
_DELETE = _UNLINK + """
return unlink(ARGV[1], ARGV[2])
"""

_ROW_FIELDS = ("meta", "date", "source", "sig", "n")


def _connect(url: str):
    try:
        import redis
    except ImportError:
        raise DedupError(
            f"{url}: the Redis backend needs the redis package (pip install 'newsdedup[redis]')"
        ) from None
    try:
        client = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)
        client.ping()
    except (redis.RedisError, ValueError) as e:
        raise DedupError(f"{url}: cannot connect to Redis: {e}") from None
    return client


class RedisStorage(Storage):
    """A dedup index in a Redis database, under ``namespace`` (several indexes can share a server)."""

    kind = "redis"

    def __init__(self, url: str, *, namespace: str = "dedup") -> None:
        if not isinstance(namespace, str) or not namespace:
            raise DedupError(f"namespace must be a non-empty string, got {namespace!r}")
        self.url = url
        self.ns = namespace
        self._r = _connect(url)
        self._put = self._r.register_script(_PUT)
        self._del = self._r.register_script(_DELETE)

    def _k(self, *parts: str) -> str:
        return ":".join((self.ns, *parts))

    def init_config(self, config: Mapping[str, str]) -> dict[str, str]:
        key = self._k("config")
        with self._r.pipeline(transaction=True) as p:
            for k, v in config.items():
                p.hsetnx(key, k, str(v))
            p.hgetall(key)
            stored = p.execute()[-1]
        return {k.decode(): v.decode() for k, v in stored.items()}

    def put(self, records: Sequence[Record]) -> None:
        if not records:
            return
        with self._r.pipeline(transaction=True) as p:
            for r in records:
                self._put(
                    keys=[],
                    args=[
                        self.ns, r.id, r.meta, "" if r.date is None else repr(float(r.date)),
                        r.source or "", r.signature, r.n_shingles, r.text or b"",
                        "1" if r.text is not None else "0", "1" if r.source is not None else "0",
                        " ".join(map(str, r.bands)), " ".join(map(str, r.fingerprints)),
                    ],
                    client=p,
                )
            p.execute()

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return 0
        with self._r.pipeline(transaction=True) as p:
            for id in ids:
                self._del(keys=[], args=[self.ns, id], client=p)
            return sum(int(x) for x in p.execute())

    def expire(self, before: float) -> int:
        old = self._r.zrangebyscore(self._k("dates"), "-inf", f"({float(before)!r}")
        return self.delete([x.decode() for x in old])

    def by_bands(self, keys: Sequence[int]) -> dict[str, int]:
        if not keys:
            return {}
        with self._r.pipeline(transaction=False) as p:
            for k in keys:
                p.smembers(self._k("b", str(k)))
            sets = p.execute()
        hits: dict[str, int] = {}
        for s in sets:
            for id in s:
                id = id.decode()
                hits[id] = hits.get(id, 0) + 1
        return hits

    def by_fingerprints(self, fingerprints: Sequence[int], cap: int) -> tuple[dict[str, int], int]:
        fps = list(dict.fromkeys(fingerprints))
        if not fps:
            return {}, 0
        with self._r.pipeline(transaction=False) as p:
            for f in fps:
                p.scard(self._k("f", str(f)))
            sizes = p.execute()
        wanted = [f for f, n in zip(fps, sizes) if 0 < n <= cap]
        skipped = sum(1 for n in sizes if n > cap)
        hits: dict[str, int] = {}
        if wanted:
            with self._r.pipeline(transaction=False) as p:
                for f in wanted:
                    p.smembers(self._k("f", str(f)))
                for s in p.execute():
                    for id in s:
                        id = id.decode()
                        hits[id] = hits.get(id, 0) + 1
        return hits, skipped

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
