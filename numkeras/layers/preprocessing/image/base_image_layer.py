"""What the image preprocessing layers share: data format, rank checks, the training flag, factors.

Keras 3's image layers take batches `(batch, height, width, channels)` or single
images `(height, width, channels)` (channels first with `data_format=
"channels_first"`) and compute in float. The random ones change their input
only in training: inside `fit`, or when called directly (their `training`
defaults to True, as in Keras); `predict` and `evaluate` pass the input through.
"""
import numbers

from numkeras.backend import math_ops
from numkeras.backend import random as nk_random
from numkeras.layers.layer import Layer

DATA_FORMATS = ("channels_last", "channels_first")


def who(layer):
    return f"{type(layer).__name__} '{layer.name}'"


def check_data_format(value, layer):
    value = "channels_last" if value is None else value
    if value not in DATA_FORMATS:
        raise ValueError(f"{who(layer)}: `data_format` must be one of {DATA_FORMATS}, got {value!r}.")
    return value


def check_choice(value, arg, choices, layer):
    if value not in choices:
        raise ValueError(f"{who(layer)}: `{arg}` must be one of {choices}, got {value!r}.")
    return value


def check_size(value, arg, layer):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{who(layer)}: `{arg}` must be a positive int, got {value!r}.")
    return int(value)


def check_fill_value(value, layer):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{who(layer)}: `fill_value` must be a number, got {value!r}.")
    return float(value)


def factor_range(factor, arg, layer, low=-1.0, high=1.0, low_open=False, symmetric_low=None,
                 loose_pair=False):
    """`(lower, upper)` from a number `f` (-> `(max(-|f|, symmetric_low), |f|)`) or a pair.

    `low`/`high` bound every value (`low` excluded when `low_open`), as each Keras layer does;
    with `loose_pair`, a pair is only refused when its first value is above `high` or its
    second below `low` (Keras's base-layer check, which RandomContrast inherits).
    """
    def bad(detail):
        interval = f"{'(' if low_open else '['}{low}, {high}]"
        return ValueError(f"{who(layer)}: `{arg}` must be a number or a pair of numbers in "
                          f"{interval}{detail}, got {factor!r}.")

    def in_range(v):
        return isinstance(v, numbers.Real) and not isinstance(v, bool) and (
            (v > low if low_open else v >= low) and v <= high)

    if isinstance(factor, (list, tuple)):
        numbers_ok = len(factor) == 2 and all(
            isinstance(v, numbers.Real) and not isinstance(v, bool) for v in factor)
        if loose_pair and numbers_ok:
            numbers_ok = factor[0] <= high and factor[1] >= low
        elif numbers_ok:
            numbers_ok = all(in_range(v) for v in factor)
        if not numbers_ok:
            raise bad("")
        lower, upper = sorted(float(v) for v in factor)
        return lower, upper
    if not in_range(factor):
        raise bad("")
    magnitude = abs(float(factor))
    floor = -magnitude if symmetric_low is None else max(-magnitude, symmetric_low)
    return floor, magnitude


class BaseImageLayer(Layer):
    """Base of the image layers: `data_format`, the image rank check, seeds and the training flag."""

    def __init__(self, data_format=None, **kwargs):
        kwargs.pop("bounding_box_format", None)  # in Keras's configs; boxes are not supported here
        super().__init__(**kwargs)
        self.data_format = check_data_format(data_format, self)

    def _make_seed_generator(self, seed):
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
            raise TypeError(f"{who(self)}: `seed` must be an int or None, got {seed!r}.")
        self.seed = seed
        self._seed_generator = nk_random.SeedGenerator(seed)

    def _rng(self):
        return self._seed_generator.next()

    def _check_images(self, inputs):
        if inputs.ndim not in (3, 4):
            raise ValueError(
                f"{who(self)} expects images of rank 4 (batch, height, width, channels) or 3 (one "
                f"image), {self.data_format}; got input with shape {tuple(inputs.shape)}. A "
                f"grayscale image or batch needs a channel axis: x[..., None].")

    def _hw_axes(self, ndim):
        return (ndim - 3, ndim - 2) if self.data_format == "channels_last" else (ndim - 2, ndim - 1)

    def _height_width(self, shape):
        h, w = self._hw_axes(len(shape))
        return shape[h], shape[w]

    def _as_float(self, inputs):
        return inputs if inputs.dtype == self.dtype else math_ops.cast(inputs, self.dtype)

    @staticmethod
    def _is_training(training):
        return training is None or bool(training)  # Keras's default: training=True

    def _to_nhwc(self, inputs):
        """Rank-4 channels_last view of `inputs`, and the function that undoes it."""
        unbatched = inputs.ndim == 3
        x = math_ops.expand_dims(inputs, 0) if unbatched else inputs
        if self.data_format == "channels_first":
            x = math_ops.transpose(x, (0, 2, 3, 1))

        def restore(y):
            if self.data_format == "channels_first":
                y = math_ops.transpose(y, (0, 3, 1, 2))
            return math_ops.squeeze(y, 0) if unbatched else y
        return x, restore

    def _batch_size(self, inputs):
        return inputs.shape[0] if inputs.ndim == 4 else 1

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
