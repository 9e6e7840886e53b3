"""Argument and input checks shared by the layers, with messages that name the layer.

Each argument check returns the value in its canonical form, or raises naming the layer, the
argument, what was expected and what was received.
"""
import math
import numbers


def _who(layer):
    return f"{type(layer).__name__} '{layer.name}'"


def check_number(value, arg, layer, min_value=None, max_value=None, below_max=False,
                 allow_none=False):
    """A real number in `[min_value, max_value]` (`max_value` excluded when `below_max`)."""
    if value is None and allow_none:
        return None
    bad_type = isinstance(value, bool) or not isinstance(value, numbers.Real)
    too_small = not bad_type and min_value is not None and value < min_value
    too_big = not bad_type and max_value is not None and (
        value >= max_value if below_max else value > max_value)
    if bad_type or too_small or too_big or value != value:  # value != value: NaN
        low = "-inf" if min_value is None else min_value
        high = "inf" if max_value is None else max_value
        interval = f"[{low}, {high}{')' if below_max or max_value is None else ']'}"
        none = " or None" if allow_none else ""
        raise ValueError(f"{_who(layer)}: `{arg}` must be a number in {interval}{none}, "
                         f"got {value!r}.")
    return float(value)


def check_int(value, arg, layer):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{_who(layer)}: `{arg}` must be an int, got {value!r} of type "
                        f"{type(value).__name__}.")
    return int(value)


def check_axes(value, arg, layer):
    """An int or a list/tuple of ints, returned as a tuple."""
    if isinstance(value, (list, tuple)):
        return tuple(check_int(v, arg, layer) for v in value)
    return (check_int(value, arg, layer),)


def normalize_axes(axes, ndim, arg, layer):
    """Maps axes to sorted non-negative ints, raising if one is outside a rank-`ndim` input."""
    out = []
    for axis in axes:
        if not -ndim <= axis < ndim:
            raise ValueError(f"{_who(layer)}: `{arg}`={axis} is out of range for inputs of rank "
                             f"{ndim} (valid: {-ndim} to {ndim - 1}).")
        out.append(axis % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"{_who(layer)}: `{arg}` names the same axis twice: {tuple(axes)}.")
    return tuple(sorted(out))


def check_positive_int(value, arg, layer):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{_who(layer)}: `{arg}` must be a positive int, got {value!r}.")
    return int(value)


def check_rate(value, arg, layer):
    if not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise ValueError(f"{_who(layer)}: `{arg}` must be a number in [0, 1], got {value!r}.")
    return float(value)


def expect_last_axis(layer, inputs, size):
    """Raises the Keras-style incompatibility error when the last axis has the wrong size."""
    shape = inputs.shape
    if not shape or shape[-1] != size:
        hint = ""
        if len(shape) > 2 and shape[-1] != size and math.prod(shape[1:]) == size:
            hint = " Add a Flatten() layer before it."
        elif len(shape) < 2:
            hint = " Pass a 2-D array: x.reshape(1, -1) for a single sample."
        raise ValueError(f"Input 0 of layer '{layer.name}' is incompatible with the layer: expected "
                         f"last axis of size {size}, got input with shape {tuple(shape)}.{hint}")
