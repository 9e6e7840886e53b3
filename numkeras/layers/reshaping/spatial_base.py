"""What UpSampling, ZeroPadding and Cropping share: argument parsing and the channels_first
round trip around a channels_last primitive."""
import numbers

from numkeras.backend import conv_api
from numkeras.layers.convolutional.base_conv import (
    check_image_input,
    output_shape_of,
    spatial_and_channels,
    who,
)
from numkeras.layers.layer import Layer


def size_pairs(layer, value, rank, arg):
    """An int, `rank` ints, or `rank` (before, after) pairs, as `rank` pairs of non-negative ints."""
    def non_negative(v):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 0:
            raise ValueError(f"{who(layer)}: `{arg}` must hold non-negative ints, got {value!r}.")
        return int(v)

    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return ((non_negative(value),) * 2,) * rank
    items = tuple(value) if isinstance(value, (list, tuple)) else None
    if items is None or len(items) != rank:
        raise ValueError(f"{who(layer)}: `{arg}` must be an int, {rank} ints, or {rank} pairs of "
                         f"ints, got {value!r}.")
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            if len(item) != 2:
                raise ValueError(f"{who(layer)}: each entry of `{arg}` must be an int or a pair, got "
                                 f"{value!r}.")
            out.append((non_negative(item[0]), non_negative(item[1])))
        else:
            out.append((non_negative(item),) * 2)
    return tuple(out)


class SpatialLayer(Layer):
    rank = 2

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = conv_api.standardize_data_format(data_format, who(self))

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def _channels_last(self, x):
        return conv_api.to_channels_last(x, self.data_format)

    def _restore(self, y):
        return conv_api.from_channels_last(y, self.data_format)

    def compute_output_shape(self, input_shape):
        check_image_input(self, input_shape, self.rank)
        spatial, channels = spatial_and_channels(input_shape, self.data_format)
        return output_shape_of(self, input_shape, channels,
                               [None if n is None else self._new_size(i, n) for i, n in enumerate(spatial)])

    def call(self, inputs):
        check_image_input(self, inputs.shape, self.rank)
        return self._restore(self._apply(self._channels_last(inputs)))
