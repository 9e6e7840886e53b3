"""Where a dataset's elements come from: array rows, one element, or a generator."""
import numpy as np

from numkeras.data import structure
from numkeras.data.dataset import UNKNOWN, Dataset


def take_rows(array, index):
    """Rows `index` (an int array) of `array`, gathering only those rows.

    `ndarray.take` is the fastest gather on a contiguous array, but on a strided view (a
    column of pairs, `pairs[:, 0]`) it first copies the whole array; fancy indexing reads
    just the rows asked for.
    """
    if array.flags.c_contiguous:
        return array.take(index, axis=0)
    return array[index]


class SliceSource(Dataset):
    """Rows of in-memory arrays: `from_tensor_slices` and `range`."""

    def __init__(self, tensors):
        self.template = structure.as_numpy(tensors)
        self.leaves = structure.flatten(self.template)
        lengths = {leaf.shape[0] if leaf.ndim else None for leaf in self.leaves}
        if None in lengths:
            raise ValueError("from_tensor_slices() needs arrays with at least one axis to slice; got "
                             "a scalar. Use from_tensors() for a single element.")
        if len(lengths) != 1:
            shapes = [leaf.shape for leaf in self.leaves]
            raise ValueError(f"from_tensor_slices(): all arrays must have the same size along axis 0, "
                             f"got shapes {shapes}.")
        self.length = lengths.pop()

    def _cardinality(self):
        return self.length

    def row(self, i):
        return structure.pack(self.template, [leaf[i, ...] for leaf in self.leaves])

    def rows(self, index):
        """The rows `index` (an int array, or a slice for a copy-free view) as one batch."""
        if isinstance(index, slice):
            return structure.pack(self.template, [leaf[index] for leaf in self.leaves])
        return structure.pack(self.template, [take_rows(leaf, index) for leaf in self.leaves])

    def _elements(self):
        for i in range(self.length):
            yield self.row(i)

    def _index_plan(self):
        return self, iter((np.arange(self.length),))

    @property
    def element_spec(self):
        return structure.map_structure(
            lambda leaf: structure.TensorSpec(leaf.shape[1:], leaf.dtype), self.template)


class TensorsSource(Dataset):
    """A single element: `from_tensors`."""

    def __init__(self, tensors):
        self.element = structure.as_numpy(tensors)

    def _cardinality(self):
        return 1

    def _elements(self):
        yield self.element


class GeneratorSource(Dataset):
    """Elements of `generator(*args)`, called anew on every pass: `from_generator`."""

    def __init__(self, generator, args, output_signature, output_types, output_shapes):
        if not callable(generator):
            raise TypeError(f"from_generator() needs a callable that returns an iterator (e.g. a "
                            f"generator function), got {type(generator).__name__}.")
        self.generator = generator
        self.args = tuple(args or ())
        self.signature = output_signature
        self.types = output_types

    def _cardinality(self):
        return UNKNOWN

    def _elements(self):
        iterator = self.generator(*self.args)
        dtypes = self._dtypes()
        for element in iterator:
            element = structure.as_numpy(_to_tuple(element))
            if dtypes is not None:
                leaves = structure.flatten(element)
                if len(leaves) == len(dtypes):
                    element = structure.pack(element, [leaf if dt is None or leaf.dtype == dt else
                                                       leaf.astype(dt) for leaf, dt in zip(leaves, dtypes)])
            yield element

    def _dtypes(self):
        """The declared dtypes, flat, or None: the generator's arrays are cast to them."""
        if self.signature is not None:
            return [getattr(spec, "dtype", None) for spec in structure.flatten(self.signature)]
        if self.types is not None:
            return [None if t is None else np.dtype(t) for t in structure.flatten(self.types)]
        return None

    @property
    def element_spec(self):
        if self.signature is not None:
            return self.signature
        return super().element_spec


def _to_tuple(element):
    # A generator yielding lists of arrays means a tuple element, as output_signature declares it.
    return tuple(element) if isinstance(element, list) and element and any(
        isinstance(e, (np.ndarray, tuple, dict)) or hasattr(e, "shape") for e in element) else element
