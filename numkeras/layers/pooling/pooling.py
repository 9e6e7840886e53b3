"""MaxPooling1D/2D/3D and AveragePooling1D/2D/3D (strides default to the pool size)."""
from numkeras.backend import conv_api
from numkeras.layers.convolutional.base_conv import (
    check_image_input,
    conv_tuple,
    output_shape_of,
    spatial_and_channels,
    who,
)
from numkeras.layers.layer import Layer


class BasePooling(Layer):
    """Max or average over windows of `pool_size`, moved by `strides`.

    Args:
        pool_size: int or tuple of `rank` ints.
        strides: int, tuple of `rank` ints, or None (the pool size).
        padding: "valid" (default) or "same" (output size ceil(size / stride)).
        data_format: "channels_last" (default) or "channels_first".
    """

    rank = 2
    mode = "max"

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = conv_tuple(self, pool_size, self.rank, "pool_size")
        self.strides = conv_tuple(self, pool_size if strides is None else strides, self.rank, "strides")
        self.padding = conv_api.standardize_padding(padding, who=who(self))
        self.data_format = conv_api.standardize_data_format(data_format, who(self))
        self._op = conv_api.max_pool if self.mode == "max" else conv_api.average_pool

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def call(self, inputs):
        check_image_input(self, inputs.shape, self.rank)
        return self._op(inputs, self.pool_size, self.strides, self.padding, self.data_format)

    def compute_output_shape(self, input_shape):
        check_image_input(self, input_shape, self.rank)
        spatial, channels = spatial_and_channels(input_shape, self.data_format)
        sizes = []
        for n, p, s in zip(spatial, self.pool_size, self.strides):
            if n is None:
                sizes.append(None)
            elif self.padding == "same":
                sizes.append(-(-n // s))
            elif n < p:
                raise ValueError(f"{who(self)}: the pool window {self.pool_size} is larger than the "
                                 f"input's spatial shape {tuple(spatial)}. Use a smaller pool_size "
                                 f"or padding='same'.")
            else:
                sizes.append((n - p) // s + 1)
        return output_shape_of(self, input_shape, channels, sizes)

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}


class MaxPooling1D(BasePooling):
    """Max over windows of `pool_size` steps (default 2) of (batch, steps, channels) inputs.

    >>> MaxPooling1D()(np.array([[[1.0], [3.0], [2.0], [0.0]]])).numpy().ravel().tolist()
    [3.0, 2.0]
    """

    rank, mode = 1, "max"

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class MaxPooling2D(BasePooling):
    """Max over `pool_size` (default (2, 2)) windows of (batch, height, width, channels) images.

    >>> MaxPooling2D()(np.ones((1, 26, 26, 32))).shape
    (1, 13, 13, 32)
    """

    rank, mode = 2, "max"

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class MaxPooling3D(BasePooling):
    """Max over `pool_size` (default (2, 2, 2)) windows of 5-D volumes.

    >>> MaxPooling3D()(np.ones((1, 4, 4, 4, 2))).shape
    (1, 2, 2, 2, 2)
    """

    rank, mode = 3, "max"

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class AveragePooling1D(BasePooling):
    """Mean over windows of `pool_size` steps (default 2); "same" padding averages real values only.

    >>> AveragePooling1D()(np.array([[[1.0], [3.0], [2.0], [0.0]]])).numpy().ravel().tolist()
    [2.0, 1.0]
    """

    rank, mode = 1, "average"

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class AveragePooling2D(BasePooling):
    """Mean over `pool_size` (default (2, 2)) windows of images.

    >>> AveragePooling2D()(np.ones((1, 4, 4, 3))).shape
    (1, 2, 2, 3)
    """

    rank, mode = 2, "average"

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class AveragePooling3D(BasePooling):
    """Mean over `pool_size` (default (2, 2, 2)) windows of 5-D volumes.

    >>> AveragePooling3D()(np.ones((1, 4, 4, 4, 2))).shape
    (1, 2, 2, 2, 2)
    """

    rank, mode = 3, "average"

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)
