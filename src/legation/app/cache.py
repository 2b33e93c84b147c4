"""The HTTP API's answer cache: whole answers to ``GET /api/...``, kept until the next write.

An analyst's page asks the same few questions again and again (a dyad's series, the pickers'
metadata), and each answer is a query over the whole store plus the encoding of its JSON: tens
of milliseconds that twenty clients at once turn into seconds of queueing. Every answer depends
only on the request (path and query string) and on what the store and the knowledge base hold,
and both change only through a write, so an answer can be kept until the next write:

* Only ``GET`` and ``HEAD`` requests under ``/api/`` answered ``200`` are kept, up to
  ``max_bytes`` in all (least recently used dropped first) and ``max_entry_bytes`` each.
* A **write** is any other request under ``/api/`` (``POST``, ``DELETE``), or a transaction
  committed on the store (:attr:`legation.store.Store.generation`; writes made with the
  library on the app's store count too). It empties the cache when it starts and when it
  ends, and an answer computed while a write ran, or across one, is not kept: the cache never
  serves an answer older than the last write.
* The middleware sits inside the token check, so only an authorised request reaches it, and
  every client holding the token sees the same store.
* Requests for an answer that is being computed wait for it rather than computing it again
  (twenty clients opening the same page cost one query, not twenty).

Answers served from the cache carry ``X-Legation-Cache: hit``, others ``miss``.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Memory for kept answers, and the largest one kept (an export of 100,000 rows is not).
DEFAULT_MAX_BYTES = 64 * 2**20
DEFAULT_MAX_ENTRY_BYTES = 4 * 2**20
CACHED_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def _size(answer: _Answer) -> int:
    return len(answer.body) + sum(len(k) + len(v) for k, v in answer.headers)


class AnswerCache:
    """Answers keyed by method, path and query string; thread-safe; emptied by writes."""

    def __init__(
        self, max_bytes: int = DEFAULT_MAX_BYTES, max_entry_bytes: int = DEFAULT_MAX_ENTRY_BYTES
    ) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_entry_bytes, max_bytes)
        self._answers: OrderedDict[tuple[str, str, bytes], _Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._epoch = 0  # bumped at the start and end of every write
        self._writing = 0  # writes under way
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[str, str, bytes]) -> _Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return answer

    def epoch(self) -> int | None:
        """The current epoch, or None while a write is under way (nothing may be kept)."""
        with self._lock:
            return None if self._writing else self._epoch

    def put(self, key: tuple[str, str, bytes], answer: _Answer, epoch: int | None) -> bool:
        """Keep ``answer`` if no write started or ended since ``epoch`` was read."""
        size = _size(answer)
        with self._lock:
            stale = epoch is None or epoch != self._epoch or self._writing
            if stale or size > self.max_entry_bytes:
                return False
            if key in self._answers:
                return True
            self._answers[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= _size(dropped)
            return True

    def begin_write(self) -> None:
        with self._lock:
            self._writing += 1
            self._clear()

    def end_write(self) -> None:
        with self._lock:
            self._writing -= 1
            self._clear()

    def invalidate(self) -> None:
        """Drop every answer (a write happened that did not come through the API)."""
        with self._lock:
            self._clear()

    def _clear(self) -> None:
        self._epoch += 1
        self._answers.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._answers)


class CacheMiddleware:
    """ASGI middleware serving :class:`AnswerCache` answers (see the module doc).

    ``generation`` returns a number that changes whenever the data behind the answers changes
    other than through this middleware (the store's committed transactions)."""

    def __init__(self, app: ASGIApp, cache: AnswerCache, generation: Callable[[], int]) -> None:
        self.app = app
        self.cache = cache
        self.generation = generation
        self._seen = generation()
        self._seen_lock = threading.Lock()
        self._filling: dict[tuple[str, str, bytes], asyncio.Event] = {}  # misses under way

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        if scope["method"] not in CACHED_METHODS:
            await self._write(scope, receive, send)
            return
        self._follow_generation()
        key = (scope["method"], scope["path"], scope.get("query_string", b""))
        if (filling := self._filling.get(key)) is not None:
            await filling.wait()  # the same question is being answered: wait for its answer
        answer = self.cache.get(key)
        if answer is not None:
            await _replay(answer, send)
            return
        if key in self._filling:  # a third request, while another waiter answers it
            await self.app(scope, receive, send)
            return
        self._filling[key] = done = asyncio.Event()
        try:
            await self._fill(key, scope, receive, send)
        finally:
            del self._filling[key]
            done.set()

    async def _write(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.cache.begin_write()
        try:
            await self.app(scope, receive, send)
        finally:
            self.cache.end_write()

    def _follow_generation(self) -> None:
        current = self.generation()
        with self._seen_lock:
            if current == self._seen:
                return
            self._seen = current
        self.cache.invalidate()

    async def _fill(
        self, key: tuple[str, str, bytes], scope: Scope, receive: Receive, send: Send
    ) -> None:
        epoch = self.cache.epoch()
        generation = self.generation()
        start: Message = {}
        body = bytearray()
        keeping = True

        async def keep(message: Message) -> None:
            nonlocal start, keeping
            if message["type"] == "http.response.start":
                start = dict(message)
                message = {**message, "headers": [*message.get("headers", []), _MISS]}
            elif message["type"] == "http.response.body" and keeping:
                body.extend(message.get("body", b""))
                keeping = len(body) <= self.cache.max_entry_bytes
            await send(message)

        await self.app(scope, receive, keep)
        if keeping and start.get("status") == 200 and self.generation() == generation:
            headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
            self.cache.put(key, _Answer(200, headers, bytes(body)), epoch)


_HIT = (b"x-legation-cache", b"hit")
_MISS = (b"x-legation-cache", b"miss")


async def _replay(answer: _Answer, send: Send) -> None:
    await send(
        {"type": "http.response.start", "status": answer.status, "headers": [*answer.headers, _HIT]}
    )
    await send({"type": "http.response.body", "body": answer.body, "more_body": False})
