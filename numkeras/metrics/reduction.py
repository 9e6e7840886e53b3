"""`Sum`, `Mean` and `MeanMetricWrapper`: weighted running sums and means.

The weighting follows Keras's `reduce_to_samplewise_values`: values are first
reduced to one per sample (the mean over the other axes), then
`total += sum(value * weight)` and `count += sum(weight)` (the number of
samples without weights).
"""
import numpy as np

from numkeras.backend.tensor import STATE
from numkeras.losses import inputs
from numkeras.losses.loss import function_wrapper_config, function_wrapper_from_config
from numkeras.metrics.metric import Metric, numpy_value


def samplewise(values, sample_weight, reduce_fn):
    """Keras's `reduce_to_samplewise_values`: (one value per sample, weights or None)."""
    if sample_weight is None:
        if values.ndim > 1:
            values = reduce_fn(values.reshape(values.shape[0], -1), axis=1)
        return values, None
    weights = np.asarray(numpy_value(sample_weight), dtype=values.dtype)
    values, weights = inputs.align_ranks(values, weights)
    if values.ndim > weights.ndim:
        values = reduce_fn(values, axis=tuple(range(weights.ndim, values.ndim)))
    weights = np.broadcast_to(weights, values.shape)
    values = values * weights
    if weights.ndim > 1:
        weights = reduce_fn(weights, axis=tuple(range(1, weights.ndim)))
    if values.ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values.ndim)))
    return values, weights


def _total(values):
    if values.dtype == bool:   # accuracies: counting is faster than summing floats
        return np.count_nonzero(values)
    return float(values.sum()) if values.size != 1 else float(values.reshape(()))


class Sum(Metric):
    """The (weighted) sum of the values passed to `update_state`.

    Example:
    >>> m = Sum(); m.update_state([1, 3, 5, 7]); float(m.result())
    16.0
    >>> m.reset_state(); m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0]); float(m.result())
    4.0
    """

    _state_names = ("total",)

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._total = 0.0

    def update_state(self, values, sample_weight=None):
        values = np.asarray(numpy_value(values), dtype=self._dtype)
        values, _ = samplewise(values, sample_weight, np.sum)
        self._total += _total(values)

    def reset_state(self):
        super().reset_state()
        self._total = 0.0

    def result(self):
        return self._scalar(self._total)


class Mean(Metric):
    """The (weighted) mean of the values passed to `update_state`, over all updates since the last reset.

    Example:
    >>> m = Mean(); m.update_state([1, 3, 5, 7]); float(m.result())
    4.0
    >>> m.reset_state(); m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0]); float(m.result())
    2.0
    """

    _state_names = ("total", "count")

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._total = 0.0
        self._count = 0.0

    def update_state(self, values, sample_weight=None):
        values = numpy_value(values)
        if values.dtype != self._dtype and values.dtype != bool:
            values = values.astype(self._dtype)
        self._accumulate(values, sample_weight)

    def _accumulate(self, values, sample_weight):
        if sample_weight is None:
            if values.ndim == 0:
                self._total += float(values)
                self._count += 1
                return
            samples = values.shape[0]
            # Every sample has size/samples values, so the sum of the per-sample means is the
            # total over that count (no per-sample reduction needed).
            self._total += _total(values) / (values.size // samples if samples else 1)
            self._count += samples
            return
        if values.ndim == 0 and isinstance(sample_weight, (int, float)):
            # the trainer's loss tracker: one batch loss weighted by the batch size
            self._total += float(values) * sample_weight
            self._count += sample_weight
            return
        if values.dtype == bool:
            values = values.astype(self._dtype)
        values, weights = samplewise(values, sample_weight, np.mean)
        self._total += _total(values)
        self._count += float(np.sum(weights))

    def reset_state(self):
        super().reset_state()
        self._total = 0.0
        self._count = 0.0

    def result(self):
        return self._scalar(self._total / self._count if self._count else 0.0)


class MeanMetricWrapper(Mean):
    """The running mean of a per-sample function `fn(y_true, y_pred, **kwargs)`.

    Built-in loss and metric functions run straight on NumPy; other functions
    are called with recording off and their result unwrapped.

    Args:
        fn: the per-sample function.
        name: defaults to `fn.__name__`.
        dtype: dtype of the state and result.
        **kwargs: passed to `fn` on every update.

    Example:
    >>> from numkeras.losses import mean_squared_error
    >>> m = MeanMetricWrapper(mean_squared_error)
    >>> m.update_state([[0.0, 1.0]], [[1.0, 1.0]]); m.update_state([[0.0, 0.0]], [[0.0, 0.0]])
    >>> m.name, float(m.result())
    ('mean_squared_error', 0.25)
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        name = name or getattr(fn, "__name__", None) or getattr(fn, "name", "mean")
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        self._plan = getattr(fn, "plan", None)
        self._numpy_fn = getattr(fn, "numpy_fn", None)

    def update_state(self, y_true, y_pred, sample_weight=None):
        values, mask = self._values(y_true, y_pred)
        if mask is not None:  # an ignored class counts as a zero weight, as Keras merges the mask
            sample_weight = mask if sample_weight is None else \
                samplewise_mask(sample_weight, mask, values.dtype)
        self._accumulate(values, sample_weight)

    def _values(self, y_true, y_pred):
        if self._numpy_fn is not None:
            return self._numpy_fn(numpy_value(y_true), numpy_value(y_pred), **self._fn_kwargs), None
        previous = STATE.recording
        STATE.recording = False  # metrics never record gradients
        try:
            if self._plan is not None:
                kernel, pred, true, options, mask = self._plan(y_true, y_pred, self._dtype, **self._fn_kwargs)
                return kernel.forward(inputs.value_of(pred), inputs.value_of(true), **options), mask
            values = numpy_value(self._fn(y_true, y_pred, **self._fn_kwargs))
        finally:
            STATE.recording = previous
        if values.dtype != self._dtype and values.dtype != bool:
            values = values.astype(self._dtype)
        return values, None

    def __getstate__(self):
        # Plans may be closures, which pickle cannot carry; they are found again from `fn`.
        state = dict(self.__dict__)
        state.pop("_plan", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._plan = getattr(self._fn, "plan", None)

    def get_config(self):
        return function_wrapper_config(super().get_config(), self._fn, self._fn_kwargs)

    @classmethod
    def from_config(cls, config):
        from numkeras.metrics import get_function

        return function_wrapper_from_config(cls, config, get_function)


def samplewise_mask(sample_weight, mask, dtype):
    """Sample weights times a 0/1 mask of the same samples."""
    weights = np.asarray(numpy_value(sample_weight), dtype=dtype)
    if weights.ndim == mask.ndim + 1 and weights.shape[-1] == 1:
        weights = weights.reshape(weights.shape[:-1])
    return weights * mask
