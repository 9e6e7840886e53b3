"""Conv1DTranspose, Conv2DTranspose, Conv3DTranspose: the transpose of a strided convolution.

Kernel (*kernel_size, filters, channels), as Keras stores it. The output size per axis is
`size * stride` for "same" and `(size - 1) * stride + max(kernel, stride)` for "valid",
unless `output_padding` fixes it (Keras's rules).
"""
from numkeras import activations
from numkeras.backend import conv_api
from numkeras.backend.patches import effective_size
from numkeras.layers.argument_checks import check_positive_int
from numkeras.layers.convolutional.base_conv import (
    activation_and_bias_config,
    check_image_input,
    check_strides_and_dilation,
    conv_padding,
    conv_tuple,
    input_channels,
    output_shape_of,
    spatial_and_channels,
    who,
)
from numkeras.layers.layer import Layer
from numkeras.layers.weight_options import add_weight_with_options, set_weight_options


def transpose_output_size(size, kernel, stride, padding, output_padding, dilation):
    if size is None:
        return None
    keff = effective_size(kernel, dilation)
    if padding == "valid":
        extra = max(keff, stride) - keff if output_padding is None else output_padding
        return (size - 1) * stride + keff + extra
    if output_padding is None:
        return size * stride
    return (size - 1) * stride + keff % 2 + output_padding


class BaseConvTranspose(Layer):
    """N-D transposed convolution ("deconvolution"): `activation(conv_transpose(x, kernel) + bias)`.

    Args:
        rank: number of spatial axes.
        filters: positive int, the number of output channels.
        kernel_size, strides, dilation_rate: int or tuple of `rank` ints.
        padding: "valid" or "same".
        output_padding: None, or int / tuple of `rank` ints, each below its stride: the extra
            size added after the output along each axis.
        data_format: "channels_last" (default) or "channels_first".
        activation, use_bias, kernel_*/bias_* initializers, regularizers, constraints: as in Conv2D.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = check_positive_int(filters, "filters", self)
        self.kernel_size = conv_tuple(self, kernel_size, rank, "kernel_size")
        self.strides = conv_tuple(self, strides, rank, "strides")
        self.dilation_rate = conv_tuple(self, dilation_rate, rank, "dilation_rate")
        self.padding = conv_padding(self, padding, allow_causal=False)
        self.output_padding = None
        if output_padding is not None:
            values = (output_padding,) * rank if isinstance(output_padding, int) else tuple(output_padding)
            if len(values) != rank or any(not isinstance(v, int) or v < 0 for v in values):
                raise ValueError(f"{who(self)}: `output_padding` must be None, a non-negative int or "
                                 f"{rank} of them, got {output_padding!r}.")
            for i, (p, s) in enumerate(zip(values, self.strides)):
                if p >= s:
                    raise ValueError(f"{who(self)}: each `output_padding` must be below its stride; "
                                     f"at axis {i} output_padding is {p} but strides is {s} "
                                     f"(output_padding={values}, strides={self.strides}).")
            self.output_padding = values
        self.data_format = conv_api.standardize_data_format(data_format, who(self))
        check_strides_and_dilation(self)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_options(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        set_weight_options(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.kernel = None
        self.bias = None
        self._channels = None

    def build(self, input_shape):
        channels = self._channels = input_channels(self, input_shape)
        self.kernel = add_weight_with_options(self, "kernel", self.kernel_size + (self.filters, channels))
        if self.use_bias:
            self.bias = add_weight_with_options(self, "bias", (self.filters,))
        self.built = True

    def call(self, inputs):
        check_image_input(self, inputs.shape, self.rank, self._channels)
        outputs = conv_api.conv_transpose(inputs, self.kernel, self.strides, self.padding,
                                          self.output_padding, self.data_format, self.dilation_rate,
                                          bias=self.bias)
        return outputs if self.activation is activations.linear else self.activation(outputs)

    def compute_output_shape(self, input_shape):
        check_image_input(self, input_shape, self.rank)
        spatial, _ = spatial_and_channels(input_shape, self.data_format)
        extra = self.output_padding or (None,) * self.rank
        sizes = [transpose_output_size(n, k, s, self.padding, p, d) for n, k, s, p, d in
                 zip(spatial, self.kernel_size, self.strides, extra, self.dilation_rate)]
        return output_shape_of(self, input_shape, self.filters, sizes)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            **activation_and_bias_config(self, "kernel"),
        }


def _transpose_class(rank, name, example):
    unit = (1,) * rank

    def __init__(self, filters, kernel_size, strides=unit if rank > 1 else 1, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=unit if rank > 1 else 1,
                 activation=None, use_bias=True, **kwargs):
        BaseConvTranspose.__init__(self, rank, filters, kernel_size, strides=strides, padding=padding,
                                   output_padding=output_padding, data_format=data_format,
                                   dilation_rate=dilation_rate, activation=activation,
                                   use_bias=use_bias, **kwargs)

    doc = (f"{rank}-D transposed convolution (see `BaseConvTranspose` for the arguments).\n\n"
           f"    Example:\n    >>> {example}\n")
    cls = type(name, (BaseConvTranspose,), {"__init__": __init__, "__doc__": doc,
                                            "__module__": __name__})
    return cls


Conv1DTranspose = _transpose_class(1, "Conv1DTranspose",
                                   "Conv1DTranspose(3, 3, strides=2)(np.ones((1, 4, 2))).shape\n    (1, 9, 3)")
Conv2DTranspose = _transpose_class(2, "Conv2DTranspose",
                                   "Conv2DTranspose(8, 3, strides=2, padding='same')(np.ones((1, 7, 7, 4))).shape"
                                   "\n    (1, 14, 14, 8)")
Conv3DTranspose = _transpose_class(3, "Conv3DTranspose",
                                   "Conv3DTranspose(2, 2, strides=2)(np.ones((1, 2, 2, 2, 1))).shape"
                                   "\n    (1, 4, 4, 4, 2)")
