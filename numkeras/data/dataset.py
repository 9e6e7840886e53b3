"""`Dataset`: the part of `tf.data.Dataset` Keras code uses, on NumPy and threads.

A dataset is a recipe: each iteration runs it again from its sources (so one epoch
is one pass, and a `shuffle` reshuffles). Elements are NumPy arrays, or tuples and
dicts of them. Pipelines over in-memory arrays (`from_tensor_slices`, `range`, then
`shuffle`/`take`/`skip`/`repeat`) hand `batch` a stream of row indices, so a batch
is one gather of its rows, not a Python loop over samples; a `map` before `batch`
runs per element, as in tf.data.

>>> ds = Dataset.from_tensor_slices((np.arange(5), np.arange(5) * 10)).batch(2)
>>> [y.tolist() for _, y in ds.as_numpy_iterator()]
[[0, 10], [20, 30], [40]]
"""
import numpy as np

from numkeras.data import structure

AUTOTUNE = -1
INFINITE = -1  # tf.data.INFINITE_CARDINALITY
UNKNOWN = -2  # tf.data.UNKNOWN_CARDINALITY


class Cardinality(int):
    """An int that also answers `.numpy()`, as the tensor tf.data returns does."""

    def numpy(self):
        return np.int64(self)


class EagerArray(np.ndarray):
    """A view of an element's array that answers `.numpy()`, as an eager tensor does."""

    def numpy(self):
        return np.asarray(self)


def _eager(leaf):
    return leaf.view(EagerArray) if isinstance(leaf, np.ndarray) else leaf


class Dataset:
    """A pipeline of elements; build one with the static constructors, chain the methods."""

    # --- what each kind of dataset provides --------------------------------------------------
    def _elements(self):
        """A fresh iterator over the elements (NumPy structures)."""
        raise NotImplementedError

    def _cardinality(self):
        return UNKNOWN

    def _index_plan(self):
        """(source, iterator of int index arrays) when the elements are rows of in-memory
        arrays picked in that order, else None; `batch` gathers rows with it."""
        return None

    # --- iteration ------------------------------------------------------------------------------
    def __iter__(self):
        for element in self._elements():
            yield structure.map_structure(_eager, element)

    def as_numpy_iterator(self):
        """Iterates the elements as NumPy arrays (tuples/dicts of them)."""
        return self._elements()

    def cardinality(self):
        """Number of elements; `INFINITE` (-1) or `UNKNOWN` (-2) where it cannot be counted."""
        return Cardinality(self._cardinality())

    def __len__(self):
        n = self._cardinality()
        if n == INFINITE:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self):
        return True  # no __len__ truth test: an unknown length must not raise in `if ds:`

    @property
    def element_spec(self):
        """The nested `TensorSpec`s of the elements (read from the first element)."""
        iterator = self._elements()
        try:
            first = next(iterator)
        except StopIteration:
            raise ValueError("element_spec: the dataset has no elements to read a spec from.") from None
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        return structure.spec_of(first)

    def get_single_element(self):
        elements = list(self.take(2).as_numpy_iterator())
        if len(elements) != 1:
            raise ValueError(f"get_single_element(): the dataset has {len(elements)} elements in its "
                             f"first two; it must have exactly one.")
        return elements[0]

    def reduce(self, initial_state, reduce_func):
        state = initial_state
        for element in self._elements():
            state = reduce_func(state, element)
        return state

    # --- constructors -------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """One element per row (axis 0) of `tensors` (an array, or a tuple/dict of arrays)."""
        from numkeras.data.sources import SliceSource

        return SliceSource(tensors)

    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset of one element: `tensors` itself."""
        from numkeras.data.sources import TensorsSource

        return TensorsSource(tensors)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None,
                       output_signature=None, name=None):
        """Elements from `generator()` (a callable returning an iterator), run anew each pass."""
        from numkeras.data.sources import GeneratorSource

        return GeneratorSource(generator, args, output_signature, output_types, output_shapes)

    @staticmethod
    def range(*args, dtype="int64", name=None):
        """`range(stop)`, `range(start, stop[, step])` as a dataset of int64 scalars."""
        from numkeras.data.sources import SliceSource

        return SliceSource(np.arange(*args, dtype=dtype))

    @staticmethod
    def zip(*datasets, name=None):
        """Elements of several datasets side by side: `zip((a, b))`, `zip(a, b)` or a dict."""
        from numkeras.data.transforms import Zip

        return Zip(datasets[0] if len(datasets) == 1 else datasets)

    # --- transformations -----------------------------------------------------------------------
    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None,
              name=None):
        """Stacks `batch_size` consecutive elements (the last batch may be smaller)."""
        from numkeras.data.batching import Batch

        return Batch(self, _positive(batch_size, "batch", "batch_size"), bool(drop_remainder))

    def unbatch(self, name=None):
        """Splits each element along axis 0 into its rows."""
        from numkeras.data.batching import Unbatch

        return Unbatch(self)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None):
        """Shuffles through a buffer of `buffer_size` elements (uniform when it holds them all)."""
        from numkeras.data.shuffling import Shuffle

        return Shuffle(self, _positive(buffer_size, "shuffle", "buffer_size"), seed,
                       bool(reshuffle_each_iteration))

    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        """Applies `map_func` to each element (a tuple element is passed as separate arguments);
        `num_parallel_calls` (an int or AUTOTUNE) runs it in threads, keeping the order."""
        from numkeras.data.transforms import Map

        if not callable(map_func):
            raise TypeError(f"map(): `map_func` must be callable, got {type(map_func).__name__}.")
        return Map(self, map_func, num_parallel_calls)

    def filter(self, predicate, name=None):
        """Keeps the elements for which `predicate` returns True."""
        from numkeras.data.transforms import Filter

        if not callable(predicate):
            raise TypeError(f"filter(): `predicate` must be callable, got {type(predicate).__name__}.")
        return Filter(self, predicate)

    def take(self, count, name=None):
        """The first `count` elements (all of them for -1)."""
        from numkeras.data.transforms import Take

        return Take(self, _count(count, "take"))

    def skip(self, count, name=None):
        """All but the first `count` elements (none for -1)."""
        from numkeras.data.transforms import Skip

        return Skip(self, _count(count, "skip"))

    def repeat(self, count=None, name=None):
        """The elements `count` times over (for ever when None or -1)."""
        from numkeras.data.transforms import Repeat

        return Repeat(self, -1 if count is None else _count(count, "repeat"))

    def cache(self, filename="", name=None):
        """Keeps the elements of the first complete pass in memory and replays them."""
        from numkeras.data.transforms import Cache

        return Cache(self)

    def prefetch(self, buffer_size, name=None):
        """Prepares up to `buffer_size` elements ahead in a background thread (AUTOTUNE: 2)."""
        from numkeras.data.prefetching import Prefetch

        size = 2 if buffer_size in (AUTOTUNE, None) else _positive(buffer_size, "prefetch", "buffer_size")
        return Prefetch(self, size)

    def concatenate(self, dataset, name=None):
        """This dataset's elements, then `dataset`'s."""
        from numkeras.data.transforms import Concatenate

        if not isinstance(dataset, Dataset):
            raise TypeError(f"concatenate() needs a Dataset, got {type(dataset).__name__}.")
        return Concatenate(self, dataset)

    def enumerate(self, start=0, name=None):
        """Elements `(index, element)`, counting from `start`."""
        from numkeras.data.transforms import Enumerate

        return Enumerate(self, int(start))

    def apply(self, transformation_func):
        return transformation_func(self)

    def options(self):
        return {}

    def with_options(self, options, name=None):
        return self  # tf.data.Options tune threading and sharding; nothing to tune here


def _positive(value, method, argument):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{method}(): `{argument}` must be a positive int, got {value!r}.")
    return int(value)


def _count(value, method):
    if hasattr(value, "numpy"):
        value = value.numpy()
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < -1:
        raise ValueError(f"{method}(): `count` must be an int >= -1, got {value!r}.")
    return int(value)
