"""Dense: `activation(inputs @ kernel + bias)`."""
from numkeras import activations, constraints, initializers, regularizers
from numkeras.backend import nn_ops
from numkeras.layers.argument_checks import check_positive_int, expect_last_axis
from numkeras.layers.layer import Layer
from numkeras.layers.weight_options import add_weight_with_options, set_weight_options


class Dense(Layer):
    """Densely-connected layer: `activation(inputs @ kernel + bias)`.

    Applies to the last axis of N-D inputs.

    Args:
        units: positive int, size of the output's last axis.
        activation: name or callable; None means linear.
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers (default glorot_uniform, zeros).
        kernel_regularizer, bias_regularizer, activity_regularizer: optional penalties.
        kernel_constraint, bias_constraint: optional constraints.

    Example:
    >>> Dense(2, kernel_initializer="ones")(np.ones((1, 3))).numpy().tolist()
    [[3.0, 3.0]]
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 lora_rank=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = check_positive_int(units, "units", self)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_options(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        set_weight_options(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.lora_rank = lora_rank
        self.supports_masking = True
        self.kernel = None
        self.bias = None
        # Built-in activations the fused dense primitive applies itself; others run after it.
        self._fused_activation = _fusable_name(self.activation)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(f"Layer '{self.name}' (Dense) needs a known last axis to build, "
                             f"got input shape {tuple(input_shape)}.")
        self.kernel = add_weight_with_options(self, "kernel", (input_dim, self.units))
        if self.use_bias:
            self.bias = add_weight_with_options(self, "bias", (self.units,))
        self.built = True

    def call(self, inputs):
        if inputs.shape[-1:] != self.kernel.value.shape[:1]:
            expect_last_axis(self, inputs, self.kernel.value.shape[0])
        fused = self._fused_activation
        if fused is not None:
            return nn_ops.dense(inputs, self.kernel, self.bias, activation=fused)
        return self.activation(nn_ops.dense(inputs, self.kernel, self.bias))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }


def _fusable_name(activation):
    for name in nn_ops.DENSE_ACTIVATIONS:
        if activation is getattr(activations, name):
            return name
    return None
