"""Normalization: shift and scale features by a mean and variance learned with `adapt`."""
import math
import numbers

import numpy as np

from numkeras.backend import config, math_ops
from numkeras.backend.tensor import Tensor
from numkeras.layers.argument_checks import check_int, normalize_axes
from numkeras.layers.layer import Layer


class Normalization(Layer):
    """Maps `x` to `(x - mean) / max(sqrt(variance), epsilon())`, per index of `axis`.

    The mean and the (population) variance come from `adapt(data)`, or are given.

    Args:
        axis: int, tuple of ints or None: the axes that keep a separate mean and variance
            (default -1, one per feature); None gives one scalar mean and variance.
        mean, variance: optional values (given together), broadcast to the kept axes.
        invert: if True, undo the normalization: `mean + x * max(sqrt(variance), epsilon())`.

    Example:
    >>> layer = Normalization(axis=None)
    >>> layer.adapt(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    >>> layer(np.array([1.0, 2.0, 3.0])).numpy().tolist()   # Keras: [-1.4142135, -0.70710677, 0.0]
    [-1.4142135381698608, -0.7071067690849304, 0.0]
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, (list, tuple)):
            axis = tuple(check_int(a, "axis", self) for a in axis)
        else:
            axis = (check_int(axis, "axis", self),)
        self.axis = axis
        if (mean is None) != (variance is None):
            raise ValueError(f"Normalization '{self.name}': pass both `mean` and `variance`, or "
                             f"neither (and call adapt()); got mean={mean!r}, variance={variance!r}.")
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(f"Normalization '{self.name}': `mean` and `variance` must have the "
                                 f"same shape, got {np.shape(mean)} and {np.shape(variance)}.")
            if np.ndim(mean) > len(self.axis):
                raise ValueError(f"Normalization '{self.name}': `mean` has rank {np.ndim(mean)}, more "
                                 f"than the {len(self.axis)} kept axes (axis={self.axis}).")
        self.input_mean = mean
        self.input_variance = variance
        self.invert = bool(invert)
        self.supports_masking = True
        self._adapted = False
        self._mean = self._variance = self._scale = None

    # --- weights -----------------------------------------------------------------------
    def build(self, input_shape):
        ndim = len(input_shape)
        self._keep_axis = normalize_axes(self.axis, ndim, "axis", self)
        unknown = [d for d in self._keep_axis if input_shape[d] is None]
        if unknown:
            raise ValueError(f"Normalization '{self.name}': the kept axes (axis={self.axis}) need "
                             f"known sizes, got input shape {tuple(input_shape)} (axis {unknown[0]} "
                             f"unknown). Pass axis=None for one mean over everything.")
        self._broadcast_shape = tuple(input_shape[d] if d in self._keep_axis else 1
                                      for d in range(ndim))
        stats_shape = tuple(input_shape[d] for d in self._keep_axis)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(shape=stats_shape, initializer="zeros",
                                              trainable=False, name="mean")
            self.adapt_variance = self.add_weight(shape=stats_shape, initializer="ones",
                                                  trainable=False, name="variance")
            # Keras keeps `count` for old saved models; here it also records that adapt() ran.
            self.count = self.add_weight(shape=(), dtype="int32", initializer="zeros",
                                         trainable=False, name="count")
        else:
            self._set_statistics(self._given(self.input_mean), self._given(self.input_variance))
        self.built = True

    def _given(self, value):
        """Places given statistics on the kept axes, aligned from the right, as Keras does."""
        value = np.asarray(value, dtype=self.dtype)
        expanded = [1] * len(self._broadcast_shape)
        for i in range(1, value.ndim + 1):
            expanded[self._keep_axis[-i]] = value.shape[-i]
        try:
            return np.broadcast_to(value.reshape(expanded), self._broadcast_shape)
        except ValueError:
            raise ValueError(f"Normalization '{self.name}': given statistics of shape {value.shape} "
                             f"do not broadcast to the kept axes {self._broadcast_shape}.") from None

    def _set_statistics(self, mean, variance):
        self._mean = np.asarray(mean, dtype=self.dtype).reshape(self._broadcast_shape)
        self._variance = np.asarray(variance, dtype=self.dtype).reshape(self._broadcast_shape)
        # The divisor max(sqrt(variance), epsilon), as Keras: constant features stay finite.
        self._scale = np.maximum(np.sqrt(self._variance), np.dtype(self.dtype).type(config.epsilon()))

    @property
    def mean(self):
        """The mean in use, shaped to broadcast against the input (None before build)."""
        self._refresh()
        return self._mean

    @property
    def variance(self):
        """The variance in use, shaped like `mean` (None before build)."""
        self._refresh()
        return self._variance

    # --- adapt -------------------------------------------------------------------------
    def adapt(self, data):
        """Computes the mean and population variance of `data` over every axis but `axis`.

        Args:
            data: a NumPy array, Tensor, nested list of numbers, pandas DataFrame/Series,
                a PyDataset, or an iterable of batches (arrays, or `(x, y)` tuples).
        """
        if self.input_mean is not None:
            raise ValueError(f"Normalization '{self.name}' was given `mean` and `variance`; "
                             f"adapt() would overwrite nothing. Create it without them to adapt.")
        batches = _batches(data)
        first = next(batches, None)
        if first is None:
            raise ValueError(f"Normalization '{self.name}'.adapt() got no data (an empty iterable).")
        self._maybe_build(tuple(first.shape))
        total_mean = total_var = None
        total_count = 0
        for batch in _chain(first, batches):
            moments = self._batch_moments(batch)
            if moments is None:  # an empty batch adds nothing
                continue
            batch_mean, batch_var, count = moments
            if total_mean is None:
                total_mean, total_var, total_count = batch_mean, batch_var, count
                continue
            # Merging two groups: the pooled variance is each group's variance plus its mean's
            # squared offset from the pooled mean, weighted by the group sizes.
            new_count = total_count + count
            weight = count / new_count
            new_mean = total_mean * (1 - weight) + batch_mean * weight
            total_var = ((total_var + (total_mean - new_mean) ** 2) * (1 - weight)
                         + (batch_var + (batch_mean - new_mean) ** 2) * weight)
            total_mean, total_count = new_mean, new_count
        if total_mean is None:
            raise ValueError(f"Normalization '{self.name}'.adapt() got data with no samples (first "
                             f"batch of shape {tuple(first.shape)}); pass at least one sample.")
        self.adapt_mean.assign(total_mean.astype(self.dtype))
        self.adapt_variance.assign(total_var.astype(self.dtype))
        self.count.assign(np.minimum(total_count, np.iinfo(np.int32).max))
        self._adapted = True
        self._set_statistics(self.adapt_mean.value, self.adapt_variance.value)

    def _batch_moments(self, batch):
        keep = normalize_axes(self.axis, batch.ndim, "axis", self)
        expected = tuple(self._broadcast_shape[d] for d in self._keep_axis)
        got = tuple(batch.shape[d] for d in keep)
        if got != expected:
            raise ValueError(f"Normalization '{self.name}' was built for kept-axis sizes {expected}, "
                             f"but adapt() got data of shape {batch.shape}.")
        reduce = tuple(d for d in range(batch.ndim) if d not in keep)
        count = math.prod(batch.shape[d] for d in reduce)
        if count == 0:
            return None
        values = batch.astype(np.float64)  # accumulate in float64: adapt sees the whole data set
        finite = np.isfinite(values)
        if not finite.all():
            raise ValueError(f"Normalization '{self.name}'.adapt() got data with "
                             f"{finite.size - np.count_nonzero(finite)} NaN or infinite value(s) "
                             f"(shape {batch.shape}); the mean and variance would be NaN. Clean or "
                             f"impute them first (e.g. np.nan_to_num or dropping those rows).")
        return values.mean(axis=reduce), values.var(axis=reduce), count

    def _refresh(self):
        """Picks up mean/variance written to the weights directly (set_weights, loading)."""
        if self.input_mean is None and self.built:
            mean, variance = self.adapt_mean.value, self.adapt_variance.value
            if not self._adapted and (int(self.count.value) > 0 or np.any(mean != 0)
                                      or np.any(variance != 1)):
                self._adapted = True
            if self._adapted:
                self._set_statistics(mean, variance)

    # --- call --------------------------------------------------------------------------
    def call(self, inputs):
        self._refresh()
        if self.input_mean is None and not self._adapted:
            raise ValueError(f"Normalization '{self.name}' has no mean and variance yet: call "
                             f"layer.adapt(data) before using it, or pass mean= and variance=.")
        if inputs.dtype != np.dtype(self.dtype):
            inputs = math_ops.cast(inputs, self.dtype)
        if self.invert:
            return math_ops.add(math_ops.multiply(inputs, self._scale), self._mean)
        return math_ops.divide(math_ops.subtract(inputs, self._mean), self._scale)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "axis": list(self.axis),
            "invert": self.invert,
            "mean": None if self.input_mean is None else np.asarray(self.input_mean).tolist(),
            "variance": None if self.input_variance is None else np.asarray(self.input_variance).tolist(),
        }


def _batches(data):
    """An iterator of float arrays, one per batch, from any data adapt() accepts."""
    from numkeras.utils.py_dataset import PyDataset

    if isinstance(data, PyDataset):
        return (_as_array(_features(data[i])) for i in range(len(data)))
    if isinstance(data, Tensor):
        return iter([data.value])
    if hasattr(data, "to_numpy"):  # pandas DataFrame / Series
        return iter([_as_array(data.to_numpy())])
    if isinstance(data, np.ndarray) or _is_numeric_nest(data):
        return iter([_as_array(data)])
    if hasattr(data, "__iter__") and not isinstance(data, (str, bytes, dict)):
        return (_as_array(_features(batch)) for batch in data)
    raise TypeError(f"Normalization.adapt() cannot read data of type {type(data).__name__}; pass a "
                    f"NumPy array, a list of numbers, a pandas DataFrame, a PyDataset or an "
                    f"iterable of batches.")


def _is_numeric_nest(data):
    """True for a (nested) list of numbers, False for a list of batches (arrays, (x, y) tuples)."""
    if not isinstance(data, (list, tuple)) or not data:
        return False
    item = data
    while isinstance(item, (list, tuple)) and item:
        item = item[0]
    return isinstance(item, numbers.Number)


def _features(batch):
    return batch[0] if isinstance(batch, tuple) else batch


def _as_array(batch):
    if isinstance(batch, Tensor):
        batch = batch.value
    if hasattr(batch, "to_numpy"):
        batch = batch.to_numpy()
    array = np.asarray(batch)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"Normalization.adapt() needs numbers, got an array of dtype {array.dtype}.")
    return array


def _chain(first, rest):
    yield first
    yield from rest
