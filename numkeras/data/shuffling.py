"""`shuffle(buffer_size)`: tf.data's buffer algorithm, over elements or over row indices.

The buffer holds at most `buffer_size` items: each output is a uniformly chosen buffer
slot, refilled with the next upstream item. A dataset streamed from disk is therefore
never loaded whole. When the upstream is rows of in-memory arrays, the buffer holds
row indices instead of rows, and `batch` gathers the shuffled rows at once; when the
buffer holds every row, the result is a plain random permutation.
"""
import numpy as np

from numkeras.backend import random as nk_random
from numkeras.data.dataset import Dataset

_DRAWS = 4096  # uniform numbers drawn at a time, so a pick costs no generator call


class Shuffle(Dataset):
    def __init__(self, upstream, buffer_size, seed, reshuffle_each_iteration):
        self.upstream = upstream
        self.buffer_size = buffer_size
        self.seed = seed
        self.reshuffle = reshuffle_each_iteration
        self._base_seed = nk_random.draw_seed() if seed is None else int(seed)
        self._passes = 0

    def _cardinality(self):
        return self.upstream._cardinality()

    def _rng(self):
        """Each pass reshuffles (a new stream from the base seed), unless told not to."""
        if not self.reshuffle:
            return np.random.default_rng(self._base_seed)
        self._passes += 1
        return np.random.default_rng((self._base_seed, self._passes))

    def _elements(self):
        return _buffered(self.upstream._elements(), self.buffer_size, self._rng())

    def _index_plan(self):
        plan = self.upstream._index_plan()
        if plan is None:
            return None
        source, chunks = plan
        rng = self._rng()
        n = self.upstream._cardinality()
        if 0 <= n <= self.buffer_size:  # the buffer holds everything: a permutation
            indices = np.concatenate(list(chunks)) if n else np.zeros(0, np.int64)
            return source, iter((rng.permutation(indices),))
        flat = (int(i) for chunk in chunks for i in chunk)
        return source, _chunked(_buffered(flat, self.buffer_size, rng))

    @property
    def element_spec(self):
        return self.upstream.element_spec


def _buffered(items, buffer_size, rng):
    """tf.data's shuffle buffer over any iterator."""
    buffer = []
    for item in items:
        buffer.append(item)
        if len(buffer) >= buffer_size:
            break
    draws, used = rng.random(_DRAWS), 0
    for item in items:  # full buffer: emit a random slot, refill it
        if used == _DRAWS:
            draws, used = rng.random(_DRAWS), 0
        slot = int(draws[used] * len(buffer))
        used += 1
        yield buffer[slot]
        buffer[slot] = item
    order = rng.permutation(len(buffer))  # upstream done: drain the buffer in random order
    for slot in order:
        yield buffer[slot]


def _chunked(indices, size=1024):
    chunk = []
    for i in indices:
        chunk.append(i)
        if len(chunk) == size:
            yield np.array(chunk, dtype=np.int64)
            chunk = []
    if chunk:
        yield np.array(chunk, dtype=np.int64)
