"""Regression metrics: running means of the regression losses, RMSE, cosine similarity."""
import numpy as np

from numkeras.backend import loss_ops
from numkeras.backend.tensor import Tensor
from numkeras.losses import inputs
from numkeras.losses import regression as loss_functions
from numkeras.metrics.metric import numpy_value
from numkeras.metrics.reduction import Mean, MeanMetricWrapper


class _NamedWrapper(MeanMetricWrapper):
    """A metric class around one function, configured by name and dtype only."""

    function = None

    def __init__(self, name=None, dtype=None):
        super().__init__(type(self).function, name=name or self.default_name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class MeanSquaredError(_NamedWrapper):
    """Running mean of `mean((y_true - y_pred)**2, axis=-1)`.

    Example:
    >>> m = MeanSquaredError(); m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]]); float(m.result())
    0.25
    """

    function, default_name = loss_functions.mean_squared_error, "mean_squared_error"


class MeanAbsoluteError(_NamedWrapper):
    """Running mean of `mean(abs(y_true - y_pred), axis=-1)`.

    Example:
    >>> m = MeanAbsoluteError(); m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]]); float(m.result())
    0.25
    """

    function, default_name = loss_functions.mean_absolute_error, "mean_absolute_error"


class MeanAbsolutePercentageError(_NamedWrapper):
    """Running mean of the absolute percentage error.

    Example:
    >>> m = MeanAbsolutePercentageError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]]); round(float(m.result()), 1)
    250000000.0
    """

    function, default_name = loss_functions.mean_absolute_percentage_error, "mean_absolute_percentage_error"


class MeanSquaredLogarithmicError(_NamedWrapper):
    """Running mean of the squared logarithmic error.

    Example:
    >>> m = MeanSquaredLogarithmicError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]]); round(float(m.result()), 5)
    0.12011
    """

    function, default_name = loss_functions.mean_squared_logarithmic_error, "mean_squared_logarithmic_error"


class LogCoshError(_NamedWrapper):
    """Running mean of `log(cosh(y_pred - y_true))`.

    Example:
    >>> m = LogCoshError(); m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]]); round(float(m.result()), 3)
    0.108
    """

    function, default_name = loss_functions.log_cosh, "logcosh"


def _cosine_similarity(y_true, y_pred, axis=-1):
    y_true, y_pred = inputs.elementwise_pair("cosine_similarity", y_true, y_pred, None)
    return -loss_ops.COSINE.forward(y_pred, y_true, axis=axis)


def cosine_similarity(y_true, y_pred, axis=-1):
    """Per-sample cosine similarity (positive: 1 for aligned vectors), the metric's function.

    Example:
    >>> values = cosine_similarity([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> [round(v, 4) for v in values.numpy().tolist()]
    [0.0, 1.0]
    """
    return Tensor(_cosine_similarity(numpy_value(y_true), numpy_value(y_pred), axis=axis))


cosine_similarity.numpy_fn = _cosine_similarity


class CosineSimilarity(MeanMetricWrapper):
    """Running mean of the cosine similarity between labels and predictions.

    Args:
        axis: the axis of the vectors (default -1).

    Example:
    >>> m = CosineSimilarity(); m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> round(float(m.result()), 4)
    0.5
    """

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


class RootMeanSquaredError(Mean):
    """`sqrt` of the running mean of squared errors (over all samples seen, not per batch).

    Example:
    >>> m = RootMeanSquaredError(); m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]]); float(m.result())
    0.5
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = inputs.elementwise_pair(self.name, numpy_value(y_true), numpy_value(y_pred),
                                                 self._dtype)
        error = y_pred - y_true
        self._accumulate(error * error, sample_weight)

    def result(self):
        return self._scalar(np.sqrt(self._total / self._count) if self._count else 0.0)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
