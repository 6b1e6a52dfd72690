"""The C heap of a long session: one arena, big blocks handed back, trimmed between turns.

A session runs the speech model (CTranslate2), the turn model and the VAD
(onnxruntime) and numpy on half a dozen threads. Left to its defaults, glibc
gives each thread its own arena and raises its mmap threshold (up to 32 MB)
each time a big block is freed, so every thread's arena ends up holding the
largest transient it ever saw, and none can use what another freed: the
simulated 45-minute session (bench/turn_latency.py) peaked around 500 MB
with perhaps 300 MB in use at any moment.

So, once, before the models start their threads: all threads share one
arena (a block freed by the decoder's thread can serve the turn model's), and
blocks of MMAP_THRESHOLD or more are mapped on their own and returned to the
system when freed, whatever was freed before. The threshold is set where it
costs nothing: the encoder's per-layer tensors (2-3 MB for a 30 s window)
stay in the heap and are reused pass after pass; at 1-2 MB they would be
mapped afresh each time and a live pass would cost 20-30 % more CPU
(page faults), measured. `release` hands the heap's free pages back at turn
ends.

glibc only; anywhere else (musl, macOS) both calls do nothing.
"""

from __future__ import annotations

import ctypes
import functools
import threading
from typing import Any

ARENAS = 1
MMAP_THRESHOLD = 4 << 20
"""Bytes; glibc's own default starts at 128 KB and floats up to 32 MB."""

_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8

_lock = threading.Lock()
_tuned = False


@functools.lru_cache(maxsize=1)
def _libc() -> Any:
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def tune() -> None:
    """Set the session's heap policy, once per process; call it before loading a model."""
    global _tuned
    with _lock:
        if _tuned:
            return
        _tuned = True
        libc = _libc()
        if libc is not None:
            libc.mallopt(_M_ARENA_MAX, ARENAS)
            libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def release() -> None:
    """Hand the heap's free pages back to the system (between turns).

    Each answer allocates audio buffers and decoder scratch of a different
    size; without this the freed pages stay resident until reused."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
