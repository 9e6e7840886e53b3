"""What `fit`, `evaluate` and `predict` accept, turned into batches.

Arrays (NumPy, lists, pandas, dicts or lists of them) are converted and
checked once, before any work; each epoch then slices batches from them.
Python generators and `PyDataset`/`Sequence` objects yield batches directly;
a `numkeras.data.Dataset` (served as `tf.data.Dataset`) and a PyTorch
`DataLoader` are iterated afresh on every pass.
"""
import math
import warnings

import numpy as np

from numkeras.backend import config
from numkeras.data.dataset import INFINITE, UNKNOWN, Dataset
from numkeras.data.sources import take_rows
from numkeras.models.argument_checks import weigh_batch_by_class
from numkeras.models.value_checks import check_batch_finite, count_not_finite


def to_array(x, what, float_ok=True, strings_ok=False):
    """One input to a NumPy array: floats become floatx, pandas objects their values.

    Strings stay strings where `strings_ok` (model inputs; the model's Input decides)."""
    if hasattr(x, "to_numpy") and not isinstance(x, np.ndarray):  # pandas DataFrame/Series
        x = x.to_numpy()
    elif hasattr(x, "numpy") and not isinstance(x, np.ndarray):  # a Tensor
        x = x.numpy()
    arr = np.asarray(x)
    if arr.dtype.kind == "c":
        raise TypeError(f"{what} holds complex numbers (dtype {arr.dtype}); models work on real "
                        f"numbers: pass the real and imaginary parts as separate features (or "
                        f"np.abs for the magnitude).")
    if arr.dtype == object and strings_ok and arr.size and all(isinstance(v, str) for v in arr.flat):
        arr = arr.astype(str)
    if arr.dtype == object:
        try:
            arr = arr.astype(config.floatx())
        except (TypeError, ValueError):
            raise TypeError(f"{what} holds values that are not numbers (dtype object); convert "
                            f"them first, e.g. with astype(float) or one-hot encoding.") from None
    if arr.dtype.kind == "f" and arr.dtype.name != config.floatx():
        arr = arr.astype(config.floatx())
    elif arr.dtype.kind == "b":
        arr = arr.astype(config.floatx())
    if arr.dtype.kind in "US" and not strings_ok:
        raise TypeError(f"{what} holds strings (dtype {arr.dtype}); encode them as numbers first "
                        f"(e.g. a LabelEncoder or one-hot encoding).")
    return arr


def is_array_like(x):
    return isinstance(x, (np.ndarray, list, tuple)) or hasattr(x, "to_numpy") or hasattr(x, "__array__")


def flatten_structure(x, what, strings_ok=False):
    """Returns (flat list of arrays, rebuild(list) -> structure)."""
    if isinstance(x, dict):
        keys = list(x)
        arrays = [to_array(x[k], f"{what}['{k}']", strings_ok=strings_ok) for k in keys]
        return arrays, lambda items: dict(zip(keys, items))
    if isinstance(x, (list, tuple)) and x and all(_is_array_item(i) for i in x):
        arrays = [to_array(item, f"{what}[{i}]", strings_ok=strings_ok) for i, item in enumerate(x)]
        return arrays, lambda items: list(items)
    return [to_array(x, what, strings_ok=strings_ok)], lambda items: items[0]


def _is_array_item(item):
    return isinstance(item, np.ndarray) or hasattr(item, "to_numpy") or (
        hasattr(item, "numpy") and hasattr(item, "shape"))


def check_finite(arrays, what):
    for i, arr in enumerate(arrays):
        bad = count_not_finite(arr)
        if bad:
            label = what if len(arrays) == 1 else f"{what}[{i}]"
            raise ValueError(f"{label} contains {bad} NaN or infinite value(s); clean or impute them "
                             f"before training (e.g. np.nan_to_num or dropping those rows).")


class ArrayBatches:
    """Batches of (x, y, sample_weight) sliced from in-memory arrays."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, what="fit"):
        self.xs, self.pack_x = flatten_structure(x, "x", strings_ok=True)
        self.ys, self.pack_y = flatten_structure(y, "y") if y is not None else ([], None)
        self.sw = None if sample_weight is None else to_array(sample_weight, "sample_weight").reshape(-1)
        self.batch_size = int(batch_size)
        self.num_samples = _common_length(self.xs, self.ys, self.sw, what)
        if self.num_samples == 0:
            raise ValueError(f"{what}() got empty arrays (0 samples); pass at least one sample.")
        self.steps = math.ceil(self.num_samples / self.batch_size)
        self.single_x = len(self.xs) == 1
        self.single_y = len(self.ys) == 1

    def slice(self, start, stop):
        """A copy-free view of samples [start, stop), as a new ArrayBatches (for validation_split)."""
        out = object.__new__(ArrayBatches)
        out.__dict__.update(self.__dict__)
        out.xs = [a[start:stop] for a in self.xs]
        out.ys = [a[start:stop] for a in self.ys]
        out.sw = None if self.sw is None else self.sw[start:stop]
        out.num_samples = stop - start
        out.steps = math.ceil(out.num_samples / self.batch_size)
        return out

    def batches(self, order=None):
        """Yields (x, y, sample_weight) per batch; `order` is a permutation or None."""
        bs, n = self.batch_size, self.num_samples
        xs, ys, sw = self.xs, self.ys, self.sw
        single_x, single_y = self.single_x, self.single_y
        if bs == 1 and single_x and (single_y or not ys):
            yield from self._single_samples(order)
            return
        pick = _view if order is None else _take
        for start in range(0, n, bs):
            index = slice(start, start + bs) if order is None else order[start:start + bs]
            xb = pick(xs[0], index) if single_x else self.pack_x([pick(a, index) for a in xs])
            if single_y:
                yb = pick(ys[0], index)
            else:
                yb = self.pack_y([pick(a, index) for a in ys]) if ys else None
            yield xb, yb, None if sw is None else pick(sw, index)

    def _single_samples(self, order):
        """batch_size=1 (online learning): views `x[j:j+1]`, no copies."""
        x, y, sw = self.xs[0], self.ys[0] if self.ys else None, self.sw
        for j in (range(self.num_samples) if order is None else order.tolist()):
            yield (x[j:j + 1], None if y is None else y[j:j + 1], None if sw is None else sw[j:j + 1])


def _view(array, index):  # a slice: no copy
    return array[index]


_take = take_rows  # rows by index, gathering only those rows whatever the array's layout


def _common_length(xs, ys, sw, what):
    lengths = {f"x{'' if len(xs) == 1 else f'[{i}]'}": (a.shape[0] if a.ndim else 1) for i, a in enumerate(xs)}
    lengths.update({f"y{'' if len(ys) == 1 else f'[{i}]'}": (a.shape[0] if a.ndim else 1)
                    for i, a in enumerate(ys)})
    if sw is not None:
        lengths["sample_weight"] = sw.shape[0]
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{v} in {k}" for k, v in lengths.items())
        raise ValueError(f"{what}() got {detail}; they must match along axis 0 (one row per sample).")
    return next(iter(lengths.values()))


class GeneratorBatches:
    """Batches from a Python generator/iterator yielding `x`, `(x, y)` or `(x, y, sample_weight)`."""

    def __init__(self, generator, steps=None, check_as=None):
        self.iterator = iter(generator)
        self.steps = steps
        self.num_samples = None
        self.exhausted = False
        self.check_as = check_as  # "fit"/"evaluate": refuse NaN/inf batches; None (predict): pass them
        self.produced = 0
        self.class_weight = None  # fit's checked class_weight, applied to each batch

    def batches(self, order=None):
        count = 0
        while self.steps is None or count < self.steps:
            try:
                item = next(self.iterator)
            except StopIteration:
                self.exhausted = True
                return
            count += 1
            batch = unpack(item)
            if self.check_as:
                check_batch_finite(batch, self.produced, self.check_as)
            if self.class_weight is not None:
                batch = weigh_batch_by_class(batch, self.class_weight)
            self.produced += 1
            yield batch


class DatasetBatches:
    """Batches from a `PyDataset`/`Sequence`: `len()` batches, `ds[i]` each, `on_epoch_end()` after."""

    def __init__(self, dataset, steps=None, check_as=None):
        self.dataset = dataset
        self.steps = steps if steps is not None else len(dataset)
        self.num_samples = None
        self.check_as = check_as  # as GeneratorBatches
        self.produced = 0
        self.class_weight = None  # as GeneratorBatches

    def batches(self, order=None, end_epoch=True):
        for i in range(self.steps):
            index = i % len(self.dataset)
            batch = unpack(self.dataset[index])
            if self.check_as:
                check_batch_finite(batch, index, self.check_as)
            if self.class_weight is not None:
                batch = weigh_batch_by_class(batch, self.class_weight)
            self.produced += 1
            yield batch
        if end_epoch:
            self.on_epoch_end()

    def on_epoch_end(self):
        if hasattr(self.dataset, "on_epoch_end"):
            self.dataset.on_epoch_end()


class IterableBatches:
    """Batches from a re-iterable pipeline: a `numkeras.data.Dataset` or a PyTorch `DataLoader`.

    Each pass is a new iteration (so a shuffling pipeline reshuffles every epoch); the
    number of batches is the dataset's cardinality or the loader's `len()`, when known.
    """

    def __init__(self, pipeline, steps=None, what="fit"):
        self.pipeline = pipeline
        self.num_samples = None
        self.class_weight = None  # fit's checked class_weight, applied to each batch
        self.check_as = None if what == "predict" else what  # as GeneratorBatches
        if isinstance(pipeline, Dataset):
            count = pipeline._cardinality()
            self.infinite = count == INFINITE
            if self.infinite and steps is None and what != "fit":  # fit checks steps_per_epoch
                step_arg = "validation_steps" if "validation" in what else "steps"
                raise infinite_error(what, step_arg)
            known = None if count in (INFINITE, UNKNOWN) else count
        else:
            self.infinite = False
            known = len(pipeline) if hasattr(pipeline, "__len__") else None
        self.steps = steps if steps is not None else known

    def batches(self, order=None):
        if isinstance(self.pipeline, Dataset):
            items = self.pipeline.as_numpy_iterator()
        else:  # a DataLoader yields lists where a Dataset yields tuples
            items = (tuple(item) if isinstance(item, list) else item for item in self.pipeline)
        for count, item in enumerate(items):
            if self.steps is not None and count >= self.steps:
                break
            batch = unpack(item)
            if self.check_as:
                check_batch_finite(batch, count, self.check_as)
            if self.class_weight is not None:
                batch = weigh_batch_by_class(batch, self.class_weight)
            yield batch
        close = getattr(items, "close", None)
        if close is not None:
            close()  # ends a prefetch thread when `steps` stopped the pass early


def infinite_error(what, step_arg):
    return ValueError(f"{what}(): the dataset is infinite (it repeats for ever); pass "
                      f"`{step_arg}=` to say how many batches make one pass.")


def is_pipeline(x):
    """A `numkeras.data.Dataset`, or a PyTorch `DataLoader` (by its class, or its shape:
    re-iterable, with a length and a `batch_size`, but not indexable)."""
    if isinstance(x, Dataset):
        return True
    if any(c.__module__.startswith("torch.utils.data") and c.__name__ == "DataLoader"
           for c in type(x).__mro__):
        return True
    return (hasattr(x, "__iter__") and hasattr(x, "__len__") and hasattr(x, "batch_size")
            and not hasattr(x, "__getitem__") and not hasattr(x, "__next__"))


def warn_ran_out():
    warnings.warn("Your input ran out of data; interrupting training. Make sure that your dataset "
                  "or generator can generate at least `steps_per_epoch * epochs` batches.",
                  UserWarning, stacklevel=3)


class EpochIterator:
    """Which batches each epoch of `fit` trains on (Keras 3's `EpochIterator`).

    Without `steps_per_epoch`, an epoch is one pass over the data (arrays reshuffled each
    epoch when `shuffle`). With it, one pass may span epochs: each epoch takes the next
    `steps_per_epoch` batches of the current pass; when the pass ends first, the epoch ends
    early with a warning, and the next epoch starts a new (reshuffled) pass. So arrays of 3
    batches with `steps_per_epoch=2` train on batches 0, 1 | 2 | 0, 1 | 2 ..., as in Keras.
    A generator is one endless pass that `fit` stops when it runs dry.
    """

    def __init__(self, source, steps_per_epoch=None, shuffle=False, rng=None):
        if steps_per_epoch is None and getattr(source, "infinite", False):
            raise infinite_error("fit", "steps_per_epoch")
        self.source = source
        self.steps_per_epoch = steps_per_epoch
        self.shuffle = bool(shuffle) and isinstance(source, ArrayBatches)
        self.rng = rng
        self.num_batches = source.steps if isinstance(
            source, (ArrayBatches, DatasetBatches, IterableBatches)) else None
        self._current = None
        self._seen = 0

    def _new_pass(self, end_epoch):
        source = self.source
        if isinstance(source, ArrayBatches):
            order = self.rng.permutation(source.num_samples) if self.shuffle else None
            return source.batches(order)
        if isinstance(source, DatasetBatches):
            return source.batches(end_epoch=end_epoch)
        return source.batches()

    def epoch(self):
        """An iterator over this epoch's `(x, y, sample_weight)` batches."""
        if self.steps_per_epoch is None:
            return self._new_pass(end_epoch=True)
        return self._limited(self.steps_per_epoch)

    def _limited(self, steps):
        num = self.num_batches
        if self._current is None:
            self._current, self._seen = self._new_pass(end_epoch=False), 0
        for _ in range(steps):
            if num is not None and self._seen >= num:
                warn_ran_out()
                break
            try:
                batch = next(self._current)
            except StopIteration:  # a generator that has finished
                break
            self._seen += 1
            yield batch
        if num is not None and self._seen >= num:
            self._current = None
        if isinstance(self.source, DatasetBatches):
            self.source.on_epoch_end()


def unpack_x_y_sample_weight(data):
    """`(x, y, sample_weight)` from a batch as `train_step(data)` receives it (Keras's helper).

    Args:
        data: `x`, or a tuple/list `(x,)`, `(x, y)` or `(x, y, sample_weight)`.
    Returns:
        A 3-tuple with None for what the batch lacks.

    Example:
    >>> unpack_x_y_sample_weight((1, 2))
    (1, 2, None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(f"Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
                     f"found a tuple of {len(data)} items.")


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The batch tuple `train_step(data)` receives: `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

    Example:
    >>> pack_x_y_sample_weight(1, 2)
    (1, 2)
    """
    if y is None:
        return (x,) if sample_weight is None else (x, None, sample_weight)
    return (x, y) if sample_weight is None else (x, y, sample_weight)


def unpack(item):
    """`x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)` -> a 3-tuple of arrays (None where absent)."""
    if isinstance(item, tuple):
        if len(item) == 1:
            return _batch_array(item[0], True), None, None
        if len(item) == 2:
            return _batch_array(item[0], True), _batch_array(item[1]), None
        if len(item) == 3:
            return _batch_array(item[0], True), _batch_array(item[1]), _batch_array(item[2])
        raise ValueError(f"A data generator must yield x, (x, y) or (x, y, sample_weight); got a tuple "
                         f"of {len(item)} items.")
    return _batch_array(item, True), None, None


def _batch_array(x, strings_ok=False):
    if x is None:
        return None
    if isinstance(x, dict):
        return {k: to_array(v, f"batch['{k}']", strings_ok=strings_ok) for k, v in x.items()}
    if isinstance(x, list) and x and all(_is_array_item(i) for i in x):
        return [to_array(v, "batch", strings_ok=strings_ok) for v in x]
    return to_array(x, "batch", strings_ok=strings_ok)


def is_dataset(x):
    """A PyDataset/Sequence: indexable batches with a length."""
    return hasattr(x, "__getitem__") and hasattr(x, "__len__") and not is_array_like(x) and \
        not isinstance(x, dict)


def is_generator(x):
    return hasattr(x, "__next__") or (hasattr(x, "__iter__") and not is_array_like(x)
                                      and not isinstance(x, dict) and not hasattr(x, "__getitem__"))


def make_batches(x, y=None, sample_weight=None, batch_size=None, steps=None, what="fit"):
    """Picks the right batch source for what the user passed."""
    if is_pipeline(x):
        if y is not None or sample_weight is not None:
            raise ValueError(f"{what}(): `y` and `sample_weight` must not be given when `x` is a "
                             f"{type(x).__name__} (it yields (x, y) or (x, y, sample_weight) itself).")
        return IterableBatches(x, steps, what)
    if is_dataset(x):
        if y is not None:
            raise ValueError(f"{what}(): `y` must not be given when `x` is a PyDataset/Sequence "
                             f"(it yields (x, y) itself).")
        return DatasetBatches(x, steps, None if what == "predict" else what)
    if is_generator(x):
        if y is not None:
            raise ValueError(f"{what}(): `y` must not be given when `x` is a generator "
                             f"(it yields (x, y) itself).")
        return GeneratorBatches(x, steps, None if what == "predict" else what)
    if x is None:
        raise ValueError(f"{what}() needs input data `x`.")
    return ArrayBatches(x, y, sample_weight, 32 if batch_size is None else batch_size, what)


def image_layout_hint(got, want):
    """A fix for image samples of shape `got` given where `want` is expected, or ""."""
    got, want = tuple(got), tuple(want)
    if len(want) >= 3 and want[-1] == 1 and got == want[:-1]:
        example = ", ".join(str(w) for w in want)
        return (f" The images lack a channel axis: add one with x[..., None] or start the model "
                f"with layers.Reshape(({example})).")
    if len(want) >= 3 and len(got) == len(want) and got == (want[-1],) + want[:-1] != want:
        axes = ", ".join(str(a) for a in (0, *range(2, len(want) + 1), 1))
        return (f" The data looks channels_first while the model is channels_last: transpose it "
                f"with x.transpose({axes}).")
    return ""
