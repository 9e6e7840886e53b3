"""Softmax as a layer, with an optional mask."""
import numpy as np

from numkeras.backend import math_ops, nn_ops
from numkeras.layers.activations.activation import _ElementwiseActivation
from numkeras.layers.argument_checks import check_axes, check_int, normalize_axes


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
