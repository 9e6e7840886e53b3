"""Regression losses: MSE, MAE, MAPE, MSLE, Huber, log-cosh and cosine similarity.

Each function returns the per-sample loss (the last axis reduced); each class
is its `LossFunctionWrapper` with Keras's default name.
"""
from numkeras.backend import loss_ops
from numkeras.losses import inputs
from numkeras.losses.loss import Loss, LossFunctionWrapper, per_sample


def elementwise_plan(kernel, name):
    """The plan of a loss comparing `y_true` and `y_pred` element by element."""

    def plan(y_true, y_pred, dtype=None):
        y_true, y_pred = inputs.elementwise_pair(name, y_true, y_pred, dtype)
        return kernel, y_pred, y_true, inputs.NO_OPTIONS, None

    plan.__name__ = f"plan_{name}"
    return plan


def planned_by(plan):
    """Attaches `plan`, so loss objects wrapping the function take the fused path."""
    def attach(fn):
        fn.plan = plan
        return fn
    return attach


_mse_plan = elementwise_plan(loss_ops.MSE, "mean_squared_error")
_mae_plan = elementwise_plan(loss_ops.MAE, "mean_absolute_error")
_mape_plan = elementwise_plan(loss_ops.MAPE, "mean_absolute_percentage_error")
_msle_plan = elementwise_plan(loss_ops.MSLE, "mean_squared_logarithmic_error")
_log_cosh_plan = elementwise_plan(loss_ops.LOG_COSH, "log_cosh")


@planned_by(_mse_plan)
def mean_squared_error(y_true, y_pred):
    """Per-sample `mean(square(y_true - y_pred), axis=-1)`.

    Example:
    >>> mean_squared_error([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]]).numpy().tolist()
    [0.5, 0.5]
    """
    return per_sample(_mse_plan(y_true, y_pred))


@planned_by(_mae_plan)
def mean_absolute_error(y_true, y_pred):
    """Per-sample `mean(abs(y_true - y_pred), axis=-1)`.

    Example:
    >>> mean_absolute_error([[0.0, 1.0]], [[1.0, 1.0]]).numpy().tolist()
    [0.5]
    """
    return per_sample(_mae_plan(y_true, y_pred))


@planned_by(_mape_plan)
def mean_absolute_percentage_error(y_true, y_pred):
    """Per-sample `100 * mean(abs(y_true - y_pred) / max(abs(y_true), eps), axis=-1)`.

    Example:
    >>> round(float(mean_absolute_percentage_error([100.0, 200.0, 300.0], [90.0, 210.0, 310.0])), 4)
    6.1111
    """
    return per_sample(_mape_plan(y_true, y_pred))


@planned_by(_msle_plan)
def mean_squared_logarithmic_error(y_true, y_pred):
    """Per-sample `mean(square(log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)), axis=-1)`.

    Example:
    >>> round(float(mean_squared_logarithmic_error([[0.0, 1.0]], [[1.0, 1.0]])[0]), 4)
    0.2402
    """
    return per_sample(_msle_plan(y_true, y_pred))


def _huber_plan(y_true, y_pred, dtype=None, delta=1.0):
    y_true, y_pred = inputs.elementwise_pair("huber", y_true, y_pred, dtype)
    return loss_ops.HUBER, y_pred, y_true, {"delta": float(delta)}, None


@planned_by(_huber_plan)
def huber(y_true, y_pred, delta=1.0):
    """Per-sample mean of `0.5 e**2` where `|e| <= delta`, else `delta * |e| - 0.5 delta**2`.

    `e = y_pred - y_true`; `delta` (default 1.0) is where quadratic turns linear.


    Example:
    >>> round(float(huber([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]]).numpy().mean()), 3)
    0.155
    """
    return per_sample(_huber_plan(y_true, y_pred, delta=delta))


@planned_by(_log_cosh_plan)
def log_cosh(y_true, y_pred):
    """Per-sample `mean(log(cosh(y_pred - y_true)), axis=-1)`: like MSE near 0, like MAE far away.

    Example:
    >>> round(float(log_cosh([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]).numpy().mean()), 3)
    0.108
    """
    return per_sample(_log_cosh_plan(y_true, y_pred))


def _cosine_plan(y_true, y_pred, dtype=None, axis=-1):
    y_true, y_pred = inputs.elementwise_pair("cosine_similarity", y_true, y_pred, dtype)
    return loss_ops.COSINE, y_pred, y_true, {"axis": axis}, None


@planned_by(_cosine_plan)
def cosine_similarity(y_true, y_pred, axis=-1):
    """Per-sample **negative** cosine similarity along `axis` (-1 for aligned vectors, 0 orthogonal).

    Example:
    >>> values = cosine_similarity([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> [round(v, 4) for v in values.numpy().tolist()]
    [-0.0, -1.0]
    """
    return per_sample(_cosine_plan(y_true, y_pred, axis=axis))


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
logcosh = log_cosh


class MeanSquaredError(LossFunctionWrapper):
    """Mean of squares of errors: `mean((y_true - y_pred)**2)`.

    Args:
        reduction, name, dtype: see `Loss`.

    Example:
    >>> float(MeanSquaredError()([[0, 1], [0, 0]], [[1, 1], [1, 0]]))
    0.5
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of absolute errors: `mean(abs(y_true - y_pred))`.

    Example:
    >>> round(float(MeanAbsoluteError()([1.0, 0.3, 1.0], [1.9, 0.3, 1.8])), 6)
    0.566667
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """`100 * mean(abs((y_true - y_pred) / y_true))`, the denominator floored at `eps`.

    Example:
    >>> round(float(MeanAbsolutePercentageError()([100.0, 200.0, 300.0], [90.0, 210.0, 310.0])), 4)
    6.1111
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """`mean(square(log(y_true + 1) - log(y_pred + 1)))`, values floored at `eps` first.

    Example:
    >>> round(float(MeanSquaredLogarithmicError()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]])), 4)
    0.2402
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class Huber(LossFunctionWrapper):
    """Huber loss: quadratic for errors up to `delta`, linear beyond.

    Args:
        delta: where the loss turns from quadratic to linear (default 1.0).

    Example:
    >>> round(float(Huber()([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])), 3)
    0.155
    """

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, reduction=reduction, name=name, dtype=dtype, delta=delta)
        self.delta = delta

    def get_config(self):
        # Keras drops `delta` here; we keep it so that a config round trip keeps the loss.
        return {**Loss.get_config(self), "delta": self.delta}


class LogCosh(LossFunctionWrapper):
    """`mean(log(cosh(y_pred - y_true)))`.

    Example:
    >>> round(float(LogCosh()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])), 3)
    0.108
    """

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity along `axis`: minimising it aligns predictions with targets.

    Args:
        axis: the axis of the vectors (default -1).

    Example:
    >>> round(float(CosineSimilarity()([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])), 4)
    -0.5
    """

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity", dtype=None):
        super().__init__(cosine_similarity, reduction=reduction, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "axis": self.axis}
