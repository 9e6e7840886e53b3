"""`Loss`, the reductions, and `LossFunctionWrapper`.

A built-in loss is a function form (e.g. `mean_squared_error`) that carries a
`plan`: the function that converts and checks `(y_true, y_pred)` and picks a
kernel (`numkeras.backend.loss_ops`). Calling a loss object then costs one
primitive: the kernel's `reduced`, which computes the per-sample loss and its
weighted reduction in one node. Subclasses that override `call` take the
general path: `call` returns per-sample values built from ops, reduced after.
"""
import math

import numpy as np

from numkeras.backend import config, math_ops
from numkeras.backend.loss_ops import weighted_sum
from numkeras.backend.tensor import Tensor
from numkeras.initializers.lookup import to_snake_case
from numkeras.losses import inputs

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)
_AVERAGING = ("sum_over_batch_size", "mean")


def standardize_reduction(reduction):
    """Checks `reduction` against Keras's choices and returns it."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"Invalid value for argument `reduction`: {reduction!r}. Expected one of "
                         "'sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none' or None.")
    return reduction


class Loss:
    """Base class of losses: subclass it and implement `call(y_true, y_pred)`.

    `call` returns the per-sample loss (built from `numkeras.ops`, so it has
    gradients); `__call__` converts the inputs to the loss's dtype, applies
    `sample_weight` and reduces.

    Args:
        name: the loss's name; defaults to the snake_case class name.
        reduction: "sum_over_batch_size" (default: sum of the weighted per-sample
            losses divided by their number), "sum", "mean" (same as the
            default), "mean_with_sample_weight" (divided by the sum of the
            weights), or "none"/None (the weighted per-sample losses).
        dtype: the dtype of the computation; defaults to `floatx()`.

    Example:
    >>> from numkeras import ops
    >>> class MeanCube(Loss):
    ...     def call(self, y_true, y_pred):
    ...         return ops.mean(ops.abs(y_pred - y_true) ** 3, axis=-1)
    >>> float(MeanCube()([[0.0, 2.0]], [[1.0, 0.0]]))
    4.5
    """

    _plan = None  # set by LossFunctionWrapper for built-in functions

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or to_snake_case(type(self).__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype = np.dtype(config.standardize_dtype(dtype))

    @property
    def dtype(self):
        return self._dtype.name

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Returns the reduced loss: a 0-d Tensor (per-sample Tensor for reduction None)."""
        mask = getattr(y_pred, "_keras_mask", None)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, self.reduction, self._dtype)
        plan = self._plan
        if plan is not None:
            return apply_plan(plan(y_true, y_pred, self._dtype, **self._fn_kwargs),
                              sample_weight, self.reduction, self.name)
        y_pred = inputs.as_prediction(y_pred, self._dtype)
        y_true = inputs.as_target(y_true, self._dtype)
        values = self.call(_as_tensor(y_true), _as_tensor(y_pred))
        return reduce_weighted_values(values, sample_weight, self.reduction, self.name)

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__} must implement call(y_true, y_pred).")

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

    def __getstate__(self):
        # Plans may be closures, which pickle cannot carry; they are found again from `fn`.
        state = dict(self.__dict__)
        state.pop("_plan", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        fn = state.get("fn")
        if fn is not None and type(self).call is LossFunctionWrapper.call:
            self._plan = getattr(fn, "plan", None)


def apply_mask(sample_weight, mask, reduction, dtype):
    """Keras's rule for a prediction's mask: masked entries weigh 0; for mean reductions the
    others weigh `total / valid`, so the mean runs over the unmasked entries only."""
    mask = np.asarray(getattr(mask, "value", mask)).astype(dtype)
    if reduction in ("mean", "sum_over_batch_size"):
        valid = mask.sum()
        mask = mask * (mask.size / valid if valid else 0.0)
    if sample_weight is None:
        return mask
    weight = np.asarray(getattr(sample_weight, "value", sample_weight), dtype)
    while weight.ndim < mask.ndim:
        weight = weight[..., None]
    while mask.ndim < weight.ndim:
        mask = mask[..., None]
    return weight * mask


def _as_tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


class LossFunctionWrapper(Loss):
    """A loss object from a function `fn(y_true, y_pred, **kwargs)` returning per-sample losses.

    Args:
        fn: a built-in loss function (then the fused kernel is used) or any
            function of Tensors built from `numkeras.ops`.
        reduction, name, dtype: as for `Loss`; `name` defaults to `fn.__name__`.
        **kwargs: passed to `fn` on every call.

    Example:
    >>> def squared_log_ratio(y_true, y_pred):
    ...     from numkeras import ops
    ...     return ops.mean(ops.square(ops.log(y_pred / y_true)), axis=-1)
    >>> loss = LossFunctionWrapper(squared_log_ratio)
    >>> loss.name, round(float(loss([[1.0, 1.0]], [[1.0, 2.718281828]])), 4)
    ('squared_log_ratio', 0.5)
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None) or to_snake_case(type(fn).__name__),
                         reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs
        # The fused path is only valid while `call` is ours.
        if type(self).call is LossFunctionWrapper.call:
            self._plan = getattr(fn, "plan", None)

    def call(self, y_true, y_pred):
        y_true, y_pred = inputs.align_ranks(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        return function_wrapper_config(super().get_config(), self.fn, self._fn_kwargs)

    @classmethod
    def from_config(cls, config):
        from numkeras.losses import get_function

        return function_wrapper_from_config(cls, config, get_function)

    def __repr__(self):
        if type(self) is not LossFunctionWrapper:
            return super().__repr__()
        return f"<LossFunctionWrapper({getattr(self.fn, '__name__', self.fn)}, kwargs={self._fn_kwargs})>"


# --- the config of a wrapper around a loss or metric function -------------------------------
def function_wrapper_config(base_config, fn, fn_kwargs):
    """`base_config` plus the function's name and its keyword arguments."""
    config = {**base_config, "fn": getattr(fn, "__name__", repr(fn))}
    config.update(fn_kwargs)
    return config


def function_wrapper_from_config(cls, config, get_function):
    """The wrapper `config` describes; a built-in subclass (MeanSquaredError...) has no "fn"."""
    config = dict(config)
    if "fn" not in config:
        return cls(**config)
    fn = config.pop("fn")
    if isinstance(fn, str):
        fn = get_function(fn)
    return cls(fn, **config)


# --- applying a plan ------------------------------------------------------------------------
def per_sample(planned):
    """The per-sample loss Tensor of a planned call (the function forms)."""
    kernel, pred, true, options, mask = planned
    values = kernel.per_sample(pred, true, **options)
    return values if mask is None else math_ops.multiply(values, mask)


def apply_plan(planned, sample_weight, reduction, name="loss"):
    """Per-sample loss and reduction of a planned call, in one primitive when reduced."""
    kernel, pred, true, options, mask = planned
    if reduction is None or reduction == "none":
        values = kernel.per_sample(pred, true, **options)
        if sample_weight is None and mask is None:
            return values
        weights = _merged_weights(name, sample_weight, mask, values.shape, values.dtype, reduction)[0]
        return math_ops.multiply(values, weights)
    if sample_weight is None and mask is None:
        shape = pred.shape
        reduced_size = shape[options.get("axis", -1)] if shape else 1
        divisor = 1 if reduction == "sum" else (pred.size // reduced_size if reduced_size else 0)
        return kernel.reduced(pred, true, divisor=divisor, **options)
    values_shape = inputs.per_sample_shape(pred.shape, options.get("axis", -1))
    weights, count = _merged_weights(name, sample_weight, mask, values_shape,
                                     inputs.value_of(pred).dtype, reduction)
    return kernel.reduced(pred, true, weights=weights, divisor=_divisor(reduction, weights, count), **options)


def _merged_weights(name, sample_weight, mask, values_shape, dtype, reduction):
    """Sample weights times the ignore-class mask, as Keras merges a mask into the weights."""
    if sample_weight is None:
        weights, count = np.ones(values_shape, dtype), math.prod(values_shape)
    else:
        weights, count = inputs.align_weights(name, sample_weight, values_shape, dtype)
    if mask is not None:
        mask = mask.astype(dtype)
        if reduction in _AVERAGING:
            # Masked entries drop out of the count: weight total/valid on the kept ones.
            valid = float(np.add.reduce(mask, None))
            mask = mask * (mask.size / valid if valid else 0.0)
        weights = weights * mask
    return weights, count


def _divisor(reduction, weights, count):
    if reduction == "sum":
        return 1
    if reduction == "mean_with_sample_weight":
        return float(np.add.reduce(weights, None))
    return count


def reduce_weighted_values(values, sample_weight=None, reduction="sum_over_batch_size", name="loss"):
    """Weights and reduces per-sample `values` (a Tensor) as Keras's `reduce_weighted_values`."""
    reduction = standardize_reduction(reduction)
    if not isinstance(values, Tensor):
        values = Tensor(np.asarray(values, dtype=config.floatx()))
    if reduction is None or reduction == "none":
        if sample_weight is None:
            return values
        return math_ops.multiply(values, inputs.value_of(sample_weight))
    if sample_weight is None:
        if values.ndim == 0:
            return values  # Keras returns an already-scalar loss as it is
        size = values.size
        return weighted_sum(values, divisor=1 if reduction == "sum" else size)
    weights, count = inputs.align_weights(name, sample_weight, values.shape, values.dtype)
    return weighted_sum(values, weights=weights, divisor=_divisor(reduction, weights, count))
