"""Source word indexes kept between requests.

Comparing a quote with a source needs the source's word index, which takes
0.2-0.4 s to build for a megabyte of text: far too long to pay on every
claim panel that shows the comparison. An index is built once per text (the
text's SHA-256 names it), kept in this process's memory for the next request,
and, when INDEX_CACHE is "database", shared with the other web processes and
workers through a cache table, so that a capture's index built by the
background task serves every process.

The in-memory copy is the index itself, not a pickle: reading it back costs
nothing, where unpickling a 1 MB source's index takes about as long as a
third of building it.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches

from .matching import SourceIndex

# Bumped whenever SourceIndex changes shape, so that no process reads an
# index pickled by older code.
INDEX_FORMAT = 1
# Indexes kept per process; a 1 MB source's index takes about 9 MB.
MEMORY_SLOTS = 16

_memory: OrderedDict[str, SourceIndex] = OrderedDict()
_lock = threading.Lock()


def index_for(text: str) -> SourceIndex:
    """The word index of `text`: from this process's memory, else from the
    shared cache, else built now (and kept in both)."""
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    with _lock:
        index = _memory.get(key)
        if index is not None:
            _memory.move_to_end(key)
            return index
    shared = _shared()
    index = _load(shared, key) if shared is not None else None
    if index is None:
        index = SourceIndex(text)
        if shared is not None:
            shared.set(_cache_key(key), pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL), timeout=None)
    with _lock:
        _memory[key] = index
        while len(_memory) > MEMORY_SLOTS:
            _memory.popitem(last=False)
    return index


def forget_all() -> None:
    """Drop this process's copies (the shared cache keeps its own)."""
    with _lock:
        _memory.clear()


def _shared():
    if getattr(settings, "INDEX_CACHE", "memory") != "database":
        return None
    return caches["indexes"]


def _cache_key(key: str) -> str:
    return f"source-index:{INDEX_FORMAT}:{key}"


def _load(shared, key: str) -> SourceIndex | None:
    data = shared.get(_cache_key(key))
    if data is None:
        return None
    # Only this application writes the cache table, so its pickles are as
    # trusted as the database itself.
    index = pickle.loads(data)
    return index if isinstance(index, SourceIndex) else None
