"""Preprocessing layers without state: Rescaling."""
import numbers

import numpy as np

from numkeras.backend import math_ops
from numkeras.layers.layer import Layer


class Rescaling(Layer):
    """Maps `x` to `x * scale + offset` (e.g. `scale=1/255` for pixel values), as float.

    Args:
        scale: number or array broadcastable to the input (e.g. one value per channel).
        offset: number or array, added after scaling (default 0.0).

    Example:
    >>> Rescaling(1 / 255)(np.array([[0, 255]], dtype="uint8")).numpy().tolist()
    [[0.0, 1.0]]
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = _check_factor(_decode(scale), "scale", self)
        self.offset = _check_factor(_decode(offset), "offset", self)
        self.supports_masking = True

    def call(self, inputs):
        if inputs.dtype != self.dtype:
            inputs = math_ops.cast(inputs, self.dtype)
        scale = np.asarray(self.scale, self.dtype)
        offset = np.asarray(self.offset, self.dtype)
        return math_ops.add(math_ops.multiply(inputs, scale), offset)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "scale": _encode(self.scale), "offset": _encode(self.offset)}


def _check_factor(value, arg, layer):
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise ValueError(f"Rescaling '{layer.name}': `{arg}` must be a number or an array of numbers, "
                         f"got {value!r}.")
    return array.astype(np.float64)


def _encode(value):
    """Numbers stay numbers; arrays use Keras's `__numpy__` config so configs load in Keras too."""
    if isinstance(value, np.ndarray):
        return {"class_name": "__numpy__", "config": {"value": value.tolist(), "dtype": str(value.dtype)}}
    return value


def _decode(value):
    if isinstance(value, dict) and value.get("class_name") == "__numpy__":
        return np.asarray(value["config"]["value"], dtype=value["config"].get("dtype"))
    return value
