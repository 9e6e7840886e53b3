"""Conv1D, Conv2D, Conv3D: `BaseConv` with one, two or three spatial axes."""
from numkeras.layers.convolutional.base_conv import BaseConv

_ARGS = """
    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of {rank} ints.
        strides: int or tuple of {rank} ints (default 1).
        padding: {padding}.
        data_format: "channels_last" (default, inputs (batch, {spatial}, channels)) or
            "channels_first" (inputs (batch, channels, {spatial})).
        dilation_rate: int or tuple of {rank} ints (default 1).
        groups: positive int; channels and filters are split into that many groups.
        activation, use_bias, kernel_initializer ("glorot_uniform"), bias_initializer ("zeros"),
        kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
        bias_constraint: as in Dense. The kernel has shape (*kernel_size, channels // groups, filters).
"""


class Conv1D(BaseConv):
    __doc__ = """1-D convolution over (batch, steps, channels) inputs.
""" + _ARGS.format(rank=1, padding='"valid" (default), "same" or "causal" (output t sees inputs <= t)',
                   spatial="steps") + """
    Example:
    >>> Conv1D(4, 3)(np.ones((2, 10, 8))).shape
    (2, 8, 4)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True, **kwargs):
        super().__init__(1, filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, groups=groups,
                         activation=activation, use_bias=use_bias, **kwargs)


class Conv2D(BaseConv):
    __doc__ = """2-D convolution over (batch, height, width, channels) images.
""" + _ARGS.format(rank=2, padding='"valid" (default) or "same"', spatial="height, width") + """
    Example:
    >>> Conv2D(32, (3, 3), activation="relu")(np.ones((1, 28, 28, 1))).shape
    (1, 26, 26, 32)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), groups=1, activation=None, use_bias=True, **kwargs):
        super().__init__(2, filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, groups=groups,
                         activation=activation, use_bias=use_bias, **kwargs)


class Conv3D(BaseConv):
    __doc__ = """3-D convolution over (batch, depth, height, width, channels) volumes.
""" + _ARGS.format(rank=3, padding='"valid" (default) or "same"', spatial="depth, height, width") + """
    Example:
    >>> Conv3D(2, 3)(np.ones((1, 5, 5, 5, 1))).shape
    (1, 3, 3, 3, 2)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1, 1), groups=1, activation=None, use_bias=True, **kwargs):
        super().__init__(3, filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, groups=groups,
                         activation=activation, use_bias=use_bias, **kwargs)
