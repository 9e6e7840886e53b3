"""`batch` and `unbatch`."""
import itertools

import numpy as np

from numkeras.data import structure
from numkeras.data.dataset import INFINITE, UNKNOWN, Dataset
from numkeras.data.sources import SliceSource


class Batch(Dataset):
    def __init__(self, upstream, batch_size, drop_remainder):
        self.upstream = upstream
        self.batch_size = batch_size
        self.drop_remainder = drop_remainder

    def _cardinality(self):
        n = self.upstream._cardinality()
        if n < 0:
            return n
        return n // self.batch_size if self.drop_remainder else -(-n // self.batch_size)

    def _elements(self):
        if isinstance(self.upstream, SliceSource):
            return self._views(self.upstream)
        plan = self.upstream._index_plan()
        if plan is not None:
            return self._gathered(*plan)
        return self._stacked()

    def _views(self, source):
        """Consecutive rows of arrays: slices, no copies."""
        size, n = self.batch_size, source.length
        stop = n - n % size if self.drop_remainder else n
        for start in range(0, stop, size):
            yield source.rows(slice(start, start + size))

    def _gathered(self, source, index_chunks):
        """One gather per batch from the row indices the upstream picks."""
        size, pending, count = self.batch_size, [], 0
        for chunk in index_chunks:
            pending.append(chunk)
            count += len(chunk)
            if count < size:
                continue
            indices = np.concatenate(pending) if len(pending) > 1 else pending[0]
            full = len(indices) - len(indices) % size
            for start in range(0, full, size):
                yield source.rows(indices[start:start + size])
            pending = [indices[full:]] if full < len(indices) else []
            count = len(indices) - full
        if count and not self.drop_remainder:
            yield source.rows(np.concatenate(pending))

    def _stacked(self):
        """Elements stacked leaf by leaf (for generators and mapped elements)."""
        iterator = self.upstream._elements()
        while True:
            group = list(itertools.islice(iterator, self.batch_size))
            if not group or (self.drop_remainder and len(group) < self.batch_size):
                return
            yield stack_elements(group)

    @property
    def element_spec(self):
        inner = self.upstream.element_spec
        size = self.batch_size if self.drop_remainder else None
        return structure.map_structure(
            lambda spec: structure.TensorSpec((size,) + spec.shape, spec.dtype, spec.name), inner)


def stack_elements(group):
    """A list of elements with the same structure -> one element of stacked arrays."""
    template = group[0]
    columns = zip(*(structure.flatten(element) for element in group))
    leaves = []
    for position, column in enumerate(columns):
        try:
            leaves.append(np.stack(column))
        except ValueError:
            shapes = sorted({np.shape(a) for a in column})
            raise ValueError(f"batch(): cannot stack elements whose component {position} has different "
                             f"shapes {shapes}; make them equal (e.g. map a resize or pad) before "
                             f"batching.") from None
    return structure.pack(template, leaves)


class Unbatch(Dataset):
    def __init__(self, upstream):
        self.upstream = upstream

    def _cardinality(self):
        n = self.upstream._cardinality()
        return INFINITE if n == INFINITE else UNKNOWN

    def _elements(self):
        for element in self.upstream._elements():
            leaves = structure.flatten(element)
            for i in range(len(leaves[0])):
                yield structure.pack(element, [leaf[i, ...] for leaf in leaves])

    @property
    def element_spec(self):
        inner = self.upstream.element_spec
        return structure.map_structure(
            lambda spec: structure.TensorSpec(spec.shape[1:], spec.dtype, spec.name), inner)
