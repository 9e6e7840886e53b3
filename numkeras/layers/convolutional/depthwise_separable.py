"""DepthwiseConv1D/2D (one set of filters per input channel) and SeparableConv1D/2D
(a depthwise convolution, then a 1x1 "pointwise" convolution mixing the channels).

Weights as Keras stores them: depthwise "kernel" (*kernel_size, channels, depth_multiplier),
output channel `c * depth_multiplier + m`; separable "depthwise_kernel" of that shape and
"pointwise_kernel" (1, ..., 1, channels * depth_multiplier, filters).
"""
from numkeras import activations, constraints, initializers, regularizers
from numkeras.backend import conv_api
from numkeras.backend.tensor import STATE
from numkeras.layers.argument_checks import check_positive_int
from numkeras.layers.convolutional.base_conv import (
    activation_and_bias_config,
    check_image_input,
    check_strides_and_dilation,
    conv_output_size,
    conv_padding,
    conv_tuple,
    input_channels,
    output_shape_of,
    spatial_and_channels,
    who,
)
from numkeras.layers.layer import Layer


class _DepthwiseBase(Layer):
    """Shared arguments of the depthwise and separable layers (`prefixes`: their kernels' names)."""

    prefixes = ("depthwise",)

    def __init__(self, rank, kernel_size, strides, padding, depth_multiplier, data_format,
                 dilation_rate, activation, use_bias, activity_regularizer=None, **kwargs):
        own = {k: kwargs.pop(k, None) for k in list(kwargs)
               if k.endswith(("_initializer", "_regularizer", "_constraint"))}
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.depth_multiplier = check_positive_int(depth_multiplier, "depth_multiplier", self)
        self.kernel_size = conv_tuple(self, kernel_size, rank, "kernel_size")
        self.strides = conv_tuple(self, strides, rank, "strides")
        self.dilation_rate = conv_tuple(self, dilation_rate, rank, "dilation_rate")
        self.padding = conv_padding(self, padding, allow_causal=False)
        self.data_format = conv_api.standardize_data_format(data_format, who(self))
        check_strides_and_dilation(self)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        for prefix in self.prefixes + ("bias",):
            init = own.get(f"{prefix}_initializer") or ("zeros" if prefix == "bias" else "glorot_uniform")
            setattr(self, f"{prefix}_initializer", initializers.get(init))
            setattr(self, f"{prefix}_regularizer", regularizers.get(own.get(f"{prefix}_regularizer")))
            setattr(self, f"{prefix}_constraint", constraints.get(own.get(f"{prefix}_constraint")))
        unknown = set(own) - {f"{p}_{k}" for p in self.prefixes + ("bias",)
                              for k in ("initializer", "regularizer", "constraint")}
        if unknown:
            raise ValueError(f"Unrecognized keyword arguments passed to {type(self).__name__}: "
                             f"{sorted(unknown)}")
        self.bias = None
        self._channels = None

    def _channels_of(self, input_shape):
        channels = input_channels(self, input_shape)
        self.compute_output_shape(input_shape)
        self._channels = channels
        return channels

    def _weight(self, prefix, shape, name):
        return self.add_weight(shape=shape, initializer=getattr(self, f"{prefix}_initializer"),
                               regularizer=getattr(self, f"{prefix}_regularizer"),
                               constraint=getattr(self, f"{prefix}_constraint"), name=name)

    def _spatial_sizes(self, input_shape):
        check_image_input(self, input_shape, self.rank)
        spatial, channels = spatial_and_channels(input_shape, self.data_format)
        sizes = [conv_output_size(self, n, k, s, self.padding, d)
                 for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)]
        return sizes, channels

    def _activate(self, outputs):
        return outputs if self.activation is activations.linear else self.activation(outputs)

    def _config(self):
        return {"kernel_size": self.kernel_size, "strides": self.strides, "padding": self.padding,
                "data_format": self.data_format, "dilation_rate": self.dilation_rate,
                **activation_and_bias_config(self, self.prefixes)}


class _DepthwiseConv(_DepthwiseBase):
    def build(self, input_shape):
        channels = self._channels_of(input_shape)
        self.kernel = self._weight("depthwise", self.kernel_size + (channels, self.depth_multiplier),
                                   "kernel")
        if self.use_bias:
            self.bias = self._weight("bias", (channels * self.depth_multiplier,), "bias")
        self.built = True

    def call(self, inputs):
        check_image_input(self, inputs.shape, self.rank, self._channels)
        saved = conv_api.new_saved() if STATE.recording else None
        return self._activate(conv_api.depthwise_conv(inputs, self.kernel, self.strides, self.padding,
                                                      self.data_format, self.dilation_rate,
                                                      bias=self.bias, saved=saved))

    def compute_output_shape(self, input_shape):
        sizes, channels = self._spatial_sizes(input_shape)
        out = None if channels is None else channels * self.depth_multiplier
        return output_shape_of(self, input_shape, out, sizes)

    def get_config(self):
        return {**super().get_config(), "depth_multiplier": self.depth_multiplier, **self._config()}


class DepthwiseConv1D(_DepthwiseConv):
    """1-D depthwise convolution: every input channel convolved with its own filters.

    Args: kernel_size, strides=1, padding="valid", depth_multiplier=1, data_format=None,
    dilation_rate=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
    bias_initializer="zeros", depthwise_regularizer, bias_regularizer, activity_regularizer,
    depthwise_constraint, bias_constraint.

    Example:
    >>> DepthwiseConv1D(3, depth_multiplier=2)(np.ones((1, 8, 4))).shape
    (1, 6, 8)
    """

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1, data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, **kwargs):
        super().__init__(1, kernel_size, strides, padding, depth_multiplier, data_format,
                         dilation_rate, activation, use_bias, **kwargs)


class DepthwiseConv2D(_DepthwiseConv):
    """2-D depthwise convolution (arguments as DepthwiseConv1D, with pairs for the sizes).

    Example:
    >>> DepthwiseConv2D(3)(np.ones((1, 8, 8, 4))).shape
    (1, 6, 6, 4)
    """

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True, **kwargs):
        super().__init__(2, kernel_size, strides, padding, depth_multiplier, data_format,
                         dilation_rate, activation, use_bias, **kwargs)


class _SeparableConv(_DepthwiseBase):
    prefixes = ("depthwise", "pointwise")

    def __init__(self, rank, filters, kernel_size, strides, padding, data_format, dilation_rate,
                 depth_multiplier, activation, use_bias, **kwargs):
        super().__init__(rank, kernel_size, strides, padding, depth_multiplier, data_format,
                         dilation_rate, activation, use_bias, **kwargs)
        self.filters = check_positive_int(filters, "filters", self)

    def build(self, input_shape):
        channels = self._channels_of(input_shape)
        self.depthwise_kernel = self._weight(
            "depthwise", self.kernel_size + (channels, self.depth_multiplier), "depthwise_kernel")
        self.pointwise_kernel = self._weight(
            "pointwise", (1,) * self.rank + (channels * self.depth_multiplier, self.filters),
            "pointwise_kernel")
        if self.use_bias:
            self.bias = self._weight("bias", (self.filters,), "bias")
        self.built = True

    def call(self, inputs):
        check_image_input(self, inputs.shape, self.rank, self._channels)
        recording = STATE.recording
        depthwise = conv_api.depthwise_conv(inputs, self.depthwise_kernel, self.strides, self.padding,
                                            self.data_format, self.dilation_rate,
                                            saved=conv_api.new_saved() if recording else None)
        outputs = conv_api.conv(depthwise, self.pointwise_kernel, 1, "valid", self.data_format,
                                bias=self.bias, saved=conv_api.new_saved() if recording else None)
        return self._activate(outputs)

    def compute_output_shape(self, input_shape):
        sizes, _ = self._spatial_sizes(input_shape)
        return output_shape_of(self, input_shape, self.filters, sizes)

    def get_config(self):
        return {**super().get_config(), "depth_multiplier": self.depth_multiplier,
                "filters": self.filters, **self._config()}


class SeparableConv1D(_SeparableConv):
    """1-D separable convolution: depthwise (depth_multiplier filters per channel), then pointwise.

    Args: filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
    depth_multiplier=1, activation=None, use_bias=True, depthwise_/pointwise_/bias_ initializers
    ("glorot_uniform", "glorot_uniform", "zeros"), regularizers and constraints,
    activity_regularizer.

    Example:
    >>> SeparableConv1D(5, 3)(np.ones((1, 8, 4))).shape
    (1, 6, 5)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True, **kwargs):
        super().__init__(1, filters, kernel_size, strides, padding, data_format, dilation_rate,
                         depth_multiplier, activation, use_bias, **kwargs)


class SeparableConv2D(_SeparableConv):
    """2-D separable convolution (arguments as SeparableConv1D, with pairs for the sizes).

    Example:
    >>> SeparableConv2D(5, 3)(np.ones((1, 8, 8, 4))).shape
    (1, 6, 6, 5)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True, **kwargs):
        super().__init__(2, filters, kernel_size, strides, padding, data_format, dilation_rate,
                         depth_multiplier, activation, use_bias, **kwargs)
