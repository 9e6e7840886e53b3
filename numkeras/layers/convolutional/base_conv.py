"""`BaseConv`: the N-D convolution layer behind Conv1D, Conv2D and Conv3D.

Also the argument and input-shape checks every convolution-like layer shares: they run in
`build` (which sees the input shape first, also for symbolic inputs) and name the layer,
the expected and the received shapes, and one fix.
"""
from numkeras import activations, constraints, initializers, regularizers
from numkeras.backend import conv_api
from numkeras.backend.patches import effective_size
from numkeras.backend.tensor import STATE
from numkeras.layers.argument_checks import check_positive_int
from numkeras.layers.layer import Layer
from numkeras.layers.weight_options import add_weight_with_options, set_weight_options


def who(layer):
    return f"{type(layer).__name__} '{layer.name}'"


def conv_tuple(layer, value, rank, arg):
    try:
        return conv_api.standardize_tuple(value, rank, arg, who(layer))
    except TypeError:
        raise ValueError(f"{who(layer)}: `{arg}` must be an int or a tuple of {rank} ints, got "
                         f"{value!r}.") from None


def conv_padding(layer, padding, allow_causal):
    value = str(padding).lower()
    if value == "causal" and not allow_causal:
        raise ValueError(f"{who(layer)}: padding='causal' is only for 1-D convolutions (Conv1D), "
                         f"got it on {type(layer).__name__}. Use 'valid' or 'same'.")
    return conv_api.standardize_padding(padding, allow_causal, who(layer))


def spatial_and_channels(shape, data_format):
    shape = tuple(shape)
    if data_format == "channels_last":
        return shape[1:-1], shape[-1]
    return shape[2:], shape[1]


def check_image_input(layer, shape, rank, channels=None):
    """Raises if `shape` is not (batch, *rank spatial axes, channels) in the layer's data_format."""
    shape = tuple(shape)
    ndim = rank + 2
    if len(shape) != ndim:
        hint = ""
        if len(shape) == ndim - 1:
            body = tuple(shape[1:])
            example = ", ".join(str(s) for s in body + (1,))
            hint = (f" Inputs need a channel axis: add one with x[..., None] or "
                    f"layers.Reshape(({example}))." if layer.data_format == "channels_last" else
                    " Inputs need a channel axis: add one with x[:, None] (channels_first).")
        raise ValueError(f"Input 0 of layer '{layer.name}' ({type(layer).__name__}) is incompatible "
                         f"with the layer: expected ndim={ndim}, found ndim={len(shape)}. Full shape "
                         f"received: {_shape_text(shape)}.{hint}")
    spatial, got = spatial_and_channels(shape, layer.data_format)
    if any(s is not None and s < 1 for s in spatial):
        raise ValueError(f"{who(layer)}: input shape {_shape_text(shape)} has an empty spatial axis.")
    if channels is not None and got is not None and got != channels:
        hint = ""
        first = shape[1] if layer.data_format == "channels_last" else shape[-1]
        if first == channels:
            other = "channels_first" if layer.data_format == "channels_last" else "channels_last"
            hint = (f" The data looks {other}: transpose it, or build the layer with "
                    f"data_format='{other}'.")
        raise ValueError(f"Input 0 of layer '{layer.name}' ({type(layer).__name__}) is incompatible "
                         f"with the layer: expected {channels} channels on axis "
                         f"{-1 if layer.data_format == 'channels_last' else 1}, got input with shape "
                         f"{_shape_text(shape)}.{hint}")


def _shape_text(shape):
    return "(" + ", ".join("None" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def conv_output_size(layer, size, kernel, stride, padding, dilation):
    """Keras's `compute_conv_output_shape` for one axis; raises if the kernel does not fit."""
    if size is None:
        return None
    if padding == "same":
        return -(-size // stride)
    keff = effective_size(kernel, dilation)
    padded = size + (keff - 1 if padding == "causal" else 0)
    if padded < keff:
        raise ValueError(f"{who(layer)}: the kernel (size {kernel}, dilation {dilation}, effective "
                         f"size {keff}) is larger than the input (size {size} with padding "
                         f"'{padding}'). Use a smaller kernel_size, padding='same', or larger "
                         f"inputs.")
    return (padded - keff) // stride + 1


def output_shape_of(layer, input_shape, out_channels, sizes):
    spatial = tuple(sizes)
    if layer.data_format == "channels_last":
        return (input_shape[0],) + spatial + (out_channels,)
    return (input_shape[0], out_channels) + spatial


def check_strides_and_dilation(layer):
    if max(layer.strides) > 1 and max(layer.dilation_rate) > 1:
        raise ValueError(f"{who(layer)}: `strides` > 1 is not supported together with "
                         f"`dilation_rate` > 1, got strides={layer.strides} and "
                         f"dilation_rate={layer.dilation_rate}.")


def input_channels(layer, input_shape):
    """The channel count of an image input at build time; a clear error when it is unknown."""
    check_image_input(layer, input_shape, layer.rank)
    _, channels = spatial_and_channels(input_shape, layer.data_format)
    if channels is None:
        raise ValueError(f"{who(layer)}: the channel axis of the input must be known to build, "
                         f"got input shape {_shape_text(input_shape)}.")
    return channels


class BaseConv(Layer):
    """N-D convolution: `activation(conv(inputs, kernel) + bias)`, kernel (*kernel_size, C / groups, filters).

    Args:
        rank: number of spatial axes (1, 2 or 3).
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of `rank` ints.
        strides: int or tuple of `rank` ints (strides > 1 excludes dilation_rate > 1).
        padding: "valid", "same", or (1-D only) "causal".
        data_format: "channels_last" (default) or "channels_first".
        dilation_rate: int or tuple of `rank` ints.
        groups: positive int dividing both the input channels and `filters`.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint: as in Dense.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = check_positive_int(filters, "filters", self)
        self.groups = check_positive_int(groups, "groups", self)
        self.kernel_size = conv_tuple(self, kernel_size, rank, "kernel_size")
        self.strides = conv_tuple(self, strides, rank, "strides")
        self.dilation_rate = conv_tuple(self, dilation_rate, rank, "dilation_rate")
        self.padding = conv_padding(self, padding, allow_causal=rank == 1)
        self.data_format = conv_api.standardize_data_format(data_format, who(self))
        if self.filters % self.groups:
            raise ValueError(f"{who(self)}: `filters`={self.filters} must be divisible by "
                             f"`groups`={self.groups}.")
        check_strides_and_dilation(self)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_options(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        set_weight_options(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        if lora_rank:
            raise NotImplementedError(f"{who(self)}: LoRA (`lora_rank`) is not supported by numkeras.")
        self.lora_rank = None
        self.kernel = None
        self.bias = None
        self._channels = None

    def build(self, input_shape):
        channels = input_channels(self, input_shape)
        if channels % self.groups:
            raise ValueError(f"{who(self)}: the input's {channels} channels must be divisible by "
                             f"`groups`={self.groups} (input shape {_shape_text(input_shape)}).")
        self.compute_output_shape(input_shape)  # raises if the kernel does not fit
        self._channels = channels
        self.kernel = add_weight_with_options(self, "kernel",
                                              self.kernel_size + (channels // self.groups, self.filters))
        if self.use_bias:
            self.bias = add_weight_with_options(self, "bias", (self.filters,))
        self.built = True

    def call(self, inputs):
        check_image_input(self, inputs.shape, self.rank, self._channels)
        saved = conv_api.new_saved() if STATE.recording else None
        fused = self.activation is activations.relu
        outputs = conv_api.conv(inputs, self.kernel, self.strides, self.padding, self.data_format,
                                self.dilation_rate, bias=self.bias, saved=saved,
                                activation="relu" if fused else None)
        return outputs if fused or self.activation is activations.linear else self.activation(outputs)

    def compute_output_shape(self, input_shape):
        check_image_input(self, input_shape, self.rank)
        spatial, _ = spatial_and_channels(input_shape, self.data_format)
        sizes = [conv_output_size(self, n, k, s, self.padding, d)
                 for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)]
        return output_shape_of(self, input_shape, self.filters, sizes)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            **activation_and_bias_config(self, "kernel"),
        }


def activation_and_bias_config(layer, kernel_prefix):
    """The activation/use_bias/initializer/regularizer/constraint keys, in Keras's order."""
    config = {"activation": activations.serialize(layer.activation), "use_bias": layer.use_bias}
    prefixes = (kernel_prefix,) if isinstance(kernel_prefix, str) else kernel_prefix
    for kind, module in (("initializer", initializers), ("regularizer", regularizers)):
        for prefix in prefixes + ("bias",):
            config[f"{prefix}_{kind}"] = module.serialize(getattr(layer, f"{prefix}_{kind}"))
        if kind == "regularizer":
            config["activity_regularizer"] = regularizers.serialize(layer.activity_regularizer)
    for prefix in prefixes + ("bias",):
        config[f"{prefix}_constraint"] = constraints.serialize(getattr(layer, f"{prefix}_constraint"))
    return config

