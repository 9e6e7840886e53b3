"""Activation functions as layers: ReLU, LeakyReLU, PReLU (learned slope), ELU, Softmax."""
import warnings

import numpy as np

from numkeras import activations, constraints, initializers, regularizers
from numkeras.backend import math_ops, nn_ops
from numkeras.layers.argument_checks import check_axes, check_int, check_number, normalize_axes
from numkeras.layers.layer import Layer


class _ElementwiseActivation(Layer):
    """Shared by the activation layers: same output shape, masks pass through."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return input_shape


class ReLU(_ElementwiseActivation):
    """`max(x, 0)`, with options: `negative_slope * (x - threshold)` below `threshold`, capped at `max_value`.

    Args:
        max_value: non-negative float or None (no cap).
        negative_slope: non-negative float, slope below the threshold (default 0).
        threshold: non-negative float, where the activation starts (default 0).

    Example:
    >>> ReLU(max_value=1.0)(np.array([[-1.0, 0.5, 3.0]])).numpy().tolist()
    [[0.0, 0.5, 1.0]]
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value = check_number(max_value, "max_value", self, 0.0, allow_none=True)
        self.negative_slope = check_number(negative_slope, "negative_slope", self, 0.0)
        self.threshold = check_number(threshold, "threshold", self, 0.0)

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope,
                                max_value=self.max_value, threshold=self.threshold)

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}


class LeakyReLU(_ElementwiseActivation):
    """`x` for `x >= 0`, `negative_slope * x` below.

    Args:
        negative_slope: non-negative float (default 0.3). Keras 2's name `alpha` is accepted
            with a DeprecationWarning.

    Example:
    >>> LeakyReLU()(np.array([[-10.0, 2.0]])).numpy().round(4).tolist()
    [[-3.0, 2.0]]
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("LeakyReLU: argument `alpha` is deprecated; use `negative_slope`.",
                          DeprecationWarning, stacklevel=2)
        super().__init__(**kwargs)
        self.negative_slope = check_number(negative_slope, "negative_slope", self, 0.0)

    def call(self, inputs):
        return nn_ops.leaky_relu(inputs, negative_slope=self.negative_slope)

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}


class PReLU(_ElementwiseActivation):
    """Leaky ReLU with a learned slope per input position: `relu(x) - alpha * relu(-x)`.

    Args:
        alpha_initializer: initializer of the slopes (default "zeros": starts as ReLU).
        alpha_regularizer, alpha_constraint: optional.
        shared_axes: int or list of (1-based, non-batch) axes that share one slope, e.g.
            `[1, 2]` for one slope per channel of images.

    Example:
    >>> PReLU(alpha_initializer="ones")(np.array([[-2.0, 3.0]])).numpy().tolist()
    [[-2.0, 3.0]]
    """

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        self.shared_axes = None if shared_axes is None else list(check_axes(shared_axes, "shared_axes", self))

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if not 1 <= axis < len(input_shape):
                raise ValueError(f"PReLU '{self.name}': shared axis {axis} is not a non-batch axis of "
                                 f"inputs of shape {tuple(input_shape)} (valid: 1 to "
                                 f"{len(input_shape) - 1}).")
            param_shape[axis - 1] = 1
        if None in param_shape:
            raise ValueError(f"PReLU '{self.name}' needs known sizes on every axis it does not share, "
                             f"got input shape {tuple(input_shape)}; pass shared_axes for the "
                             f"unknown ones.")
        self.alpha = self.add_weight(shape=tuple(param_shape), initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint, name="alpha")
        self.built = True

    def call(self, inputs):
        positive = nn_ops.relu(inputs)
        negative = nn_ops.relu(math_ops.negative(inputs))
        return math_ops.subtract(positive, math_ops.multiply(self.alpha, negative))

    def get_config(self):
        return {**super().get_config(),
                "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
                "alpha_constraint": constraints.serialize(self.alpha_constraint),
                "shared_axes": self.shared_axes}


class ELU(_ElementwiseActivation):
    """`x` for `x > 0`, `alpha * (exp(x) - 1)` below.

    Args:
        alpha: float, the value approached for very negative x is `-alpha` (default 1.0).

    Example:
    >>> ELU()(np.array([[0.0, 2.0]])).numpy().tolist()
    [[0.0, 2.0]]
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = check_number(alpha, "alpha", self)

    def call(self, inputs):
        return nn_ops.elu(inputs, alpha=self.alpha)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}


class Softmax(_ElementwiseActivation):
    """`exp(x) / sum(exp(x))` over `axis`; masked positions (mask False) get probability 0.

    Args:
        axis: int or tuple of ints (default -1).

    Example:
    >>> Softmax()(np.array([[0.0, 0.0]])).numpy().tolist()
    [[0.5, 0.5]]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = list(check_axes(axis, "axis", self)) if isinstance(axis, (list, tuple)) \
            else check_int(axis, "axis", self)

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = np.asarray(getattr(mask, "value", mask))
            mask = mask if mask.dtype == bool else mask > 0.5
            # A large finite negative (not -inf) keeps fully masked rows free of NaN.
            inputs = math_ops.where(mask, inputs, np.asarray(-1e9 if inputs.dtype != np.float16
                                                             else -3e4, inputs.dtype))
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        if len(axes) == 1:
            outputs = nn_ops.softmax(inputs, axis=axes[0])
        else:
            axes = normalize_axes(axes, inputs.ndim, "axis", self)
            outputs = math_ops.exp(math_ops.subtract(
                inputs, math_ops.logsumexp(inputs, axis=axes, keepdims=True)))
        if mask is not None:
            outputs = math_ops.where(mask, outputs, np.zeros((), outputs.dtype))
        return outputs

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
