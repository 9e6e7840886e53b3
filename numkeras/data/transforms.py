"""Element-wise transformations: map, filter, take, skip, repeat, cache, concatenate, zip."""
import collections
import itertools
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from numkeras.data import structure
from numkeras.data.dataset import AUTOTUNE, INFINITE, UNKNOWN, Dataset


def call_with_element(fn, element):
    """tf.data's calling convention: a tuple element is spread over the arguments."""
    if isinstance(element, tuple) and not hasattr(element, "_fields"):
        return fn(*element)
    return fn(element)


class Map(Dataset):
    def __init__(self, upstream, fn, num_parallel_calls):
        self.upstream = upstream
        self.fn = fn
        if num_parallel_calls == AUTOTUNE:
            num_parallel_calls = os.cpu_count() or 1
        self.workers = int(num_parallel_calls or 1)

    def _cardinality(self):
        return self.upstream._cardinality()

    def _apply(self, element):
        out = call_with_element(self.fn, element)
        if isinstance(out, list):  # tf.data reads a returned list as a tuple of components
            out = tuple(out)
        return structure.as_numpy(out)

    def _elements(self):
        if self.workers <= 1:
            for element in self.upstream._elements():
                yield self._apply(element)
            return
        # Threads run `fn` ahead (NumPy releases the GIL in its kernels); results keep their order.
        window = collections.deque()
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for element in self.upstream._elements():
                window.append(pool.submit(self._apply, element))
                if len(window) >= 2 * self.workers:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()


class Filter(Dataset):
    def __init__(self, upstream, predicate):
        self.upstream = upstream
        self.predicate = predicate

    def _cardinality(self):
        return INFINITE if self.upstream._cardinality() == INFINITE else UNKNOWN

    def _elements(self):
        for element in self.upstream._elements():
            keep = structure.to_numpy(call_with_element(self.predicate, element))
            if keep.shape != ():
                raise ValueError(f"filter(): the predicate must return one boolean, got an array "
                                 f"of shape {keep.shape}.")
            if bool(keep):
                yield element

    @property
    def element_spec(self):
        return self.upstream.element_spec


class _Passthrough(Dataset):
    """A transformation that keeps elements as they are and index plans valid."""

    def __init__(self, upstream, count):
        self.upstream = upstream
        self.count = count

    def _index_plan(self):
        plan = self.upstream._index_plan()
        if plan is None:
            return None
        return plan[0], self._indices(plan[1], lambda: self.upstream._index_plan()[1])

    @property
    def element_spec(self):
        return self.upstream.element_spec


class Take(_Passthrough):
    def _cardinality(self):
        n = self.upstream._cardinality()
        if self.count == -1 or n == UNKNOWN:
            return n
        return self.count if n == INFINITE else min(n, self.count)

    def _elements(self):
        iterator = self.upstream._elements()
        return iterator if self.count == -1 else itertools.islice(iterator, self.count)

    def _indices(self, chunks, _):
        left = self.count
        for chunk in chunks:
            if left == -1:
                yield chunk
                continue
            if left == 0:
                return
            yield chunk[:left]
            left -= min(left, len(chunk))


class Skip(_Passthrough):
    def _cardinality(self):
        n = self.upstream._cardinality()
        if n < 0:
            return n
        return 0 if self.count == -1 else max(n - self.count, 0)

    def _elements(self):
        iterator = self.upstream._elements()
        if self.count == -1:
            return iter(())
        return itertools.islice(iterator, self.count, None)

    def _indices(self, chunks, _):
        left = self.count
        for chunk in chunks:
            if left == -1:
                return
            if left >= len(chunk):
                left -= len(chunk)
                continue
            yield chunk[left:]
            left = 0


class Repeat(_Passthrough):
    def _cardinality(self):
        n = self.upstream._cardinality()
        if self.count == -1:
            return 0 if n == 0 else INFINITE
        return n * self.count if n >= 0 else n

    def _elements(self):
        passes = itertools.count() if self.count == -1 else range(self.count)
        for _ in passes:
            empty = True
            for element in self.upstream._elements():
                empty = False
                yield element
            if empty:
                return  # repeating nothing yields nothing, instead of looping for ever

    def _indices(self, first, restart):
        passes = itertools.count() if self.count == -1 else range(self.count)
        for number in passes:
            chunks = first if number == 0 else restart()
            empty = True
            for chunk in chunks:
                empty = empty and len(chunk) == 0
                yield chunk
            if empty:
                return


class Cache(Dataset):
    """The first complete pass is kept in memory; later passes replay it."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.cached = None

    def _cardinality(self):
        return len(self.cached) if self.cached is not None else self.upstream._cardinality()

    def _elements(self):
        if self.cached is not None:
            yield from self.cached
            return
        seen = []
        for element in self.upstream._elements():
            seen.append(element)
            yield element
        self.cached = seen  # only a pass that ran to the end is kept, as tf.data does


class Concatenate(Dataset):
    def __init__(self, first, second):
        self.first, self.second = first, second

    def _cardinality(self):
        a, b = self.first._cardinality(), self.second._cardinality()
        if INFINITE in (a, b):
            return INFINITE
        return UNKNOWN if UNKNOWN in (a, b) else a + b

    def _elements(self):
        yield from self.first._elements()
        yield from self.second._elements()


class Zip(Dataset):
    def __init__(self, datasets):
        self.datasets = datasets
        members = structure.flatten(datasets)
        if not members or not all(isinstance(d, Dataset) for d in members):
            raise TypeError(f"zip() needs Datasets (a tuple or dict of them), got "
                            f"{[type(d).__name__ for d in members]}.")
        self.members = members

    def _cardinality(self):
        counts = [d._cardinality() for d in self.members]
        finite = [n for n in counts if n >= 0]
        if finite:
            return min(finite)
        return UNKNOWN if UNKNOWN in counts else INFINITE

    def _elements(self):
        for elements in zip(*(d._elements() for d in self.members)):
            yield structure.pack(self.datasets, list(elements))


class Enumerate(Dataset):
    def __init__(self, upstream, start):
        self.upstream = upstream
        self.start = start

    def _cardinality(self):
        return self.upstream._cardinality()

    def _elements(self):
        for i, element in enumerate(self.upstream._elements(), self.start):
            yield np.array(i, dtype=np.int64), element
