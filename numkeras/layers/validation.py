"""Argument and input checks shared by layers, with messages that name the layer."""
import numbers


def check_positive_int(value, arg, layer):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{type(layer).__name__} '{layer.name}': `{arg}` must be a positive int, "
                         f"got {value!r}.")
    return int(value)


def check_rate(value, arg, layer):
    if not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise ValueError(f"{type(layer).__name__} '{layer.name}': `{arg}` must be a number in [0, 1], "
                         f"got {value!r}.")
    return float(value)


def expect_last_axis(layer, inputs, size):
    """Raises the Keras-style incompatibility error when the last axis has the wrong size."""
    shape = inputs.shape
    if not shape or shape[-1] != size:
        hint = ""
        if len(shape) > 2 and shape[-1] != size and _prod(shape[1:]) == size:
            hint = " Add a Flatten() layer before it."
        elif len(shape) < 2:
            hint = " Pass a 2-D array: x.reshape(1, -1) for a single sample."
        raise ValueError(f"Input 0 of layer '{layer.name}' is incompatible with the layer: expected "
                         f"last axis of size {size}, got input with shape {tuple(shape)}.{hint}")


def _prod(values):
    out = 1
    for v in values:
        out *= v
    return out
