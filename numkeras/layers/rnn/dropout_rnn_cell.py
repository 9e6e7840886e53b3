"""What the three built-in cells share: argument handling, weights, dropout masks and config.

As in Keras 3, a cell draws its dropout masks once per sequence (the `RNN` layer resets them
after each call), so every timestep of a sample drops the same units. With
`recurrent_dropout`, Keras switches to its "implementation 1": one mask per gate.
"""
from numkeras import activations, constraints, initializers, regularizers
from numkeras.backend import random as nk_random
from numkeras.layers.argument_checks import check_positive_int, check_rate
from numkeras.layers.layer import Layer
from numkeras.layers.weight_options import set_weight_options

_FUSED_ACTIVATION_NAMES = ("tanh", "sigmoid", "hard_sigmoid", "relu", "linear")


class DropoutRNNCell(Layer):
    """Base of SimpleRNNCell, LSTMCell and GRUCell; `gates` is the number of kernel blocks."""

    gates = 1

    def __init__(self, units, activation="tanh", recurrent_activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None, **kwargs):
        kwargs.pop("implementation", None)  # Keras picks it from recurrent_dropout; so do we
        super().__init__(**kwargs)
        self.units = check_positive_int(units, "units", self)
        self.activation = activations.get(activation)
        if recurrent_activation is not None:
            self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        set_weight_options(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        set_weight_options(self, "recurrent", recurrent_initializer, recurrent_regularizer, recurrent_constraint)
        set_weight_options(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.dropout = min(1.0, max(0.0, check_rate_like(dropout, "dropout", self)))
        self.recurrent_dropout = min(1.0, max(0.0, check_rate_like(recurrent_dropout,
                                                                   "recurrent_dropout", self)))
        self.seed = seed
        self._generator = nk_random.SeedGenerator(seed)
        self._dropout_masks = None
        self._recurrent_dropout_masks = None
        self.state_size = self.units
        self.output_size = self.units

    # --- weights -------------------------------------------------------------------------
    def build(self, input_shape):
        features = input_shape[-1]
        width = self.gates * self.units
        self.kernel = self.add_weight(shape=(features, width), initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, name="kernel")
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, width), initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint,
            name="recurrent_kernel")
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(shape=self.bias_shape(), initializer=self.bias_init(),
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, name="bias")
        self.built = True

    def bias_shape(self):
        return (self.gates * self.units,)

    def bias_init(self):
        return self.bias_initializer

    # --- dropout masks, drawn once per sequence ------------------------------------------
    def _mask_count(self):
        return self.gates if self.recurrent_dropout > 0 and self.gates > 1 else 1

    def _draw(self, like, rate):
        shape, dtype = tuple(like.shape), like.dtype
        return [nk_random.dropout_mask(shape, rate, seed=self._generator, dtype=dtype)
                for _ in range(self._mask_count())]

    def get_dropout_mask(self, step_input):
        if self._dropout_masks is None and self.dropout > 0:
            self._dropout_masks = self._draw(step_input, self.dropout)
        return self._dropout_masks

    def get_recurrent_dropout_mask(self, state):
        if self._recurrent_dropout_masks is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_masks = self._draw(state, self.recurrent_dropout)
        return self._recurrent_dropout_masks

    def reset_dropout_mask(self):
        self._dropout_masks = None

    def reset_recurrent_dropout_mask(self):
        self._recurrent_dropout_masks = None

    def _dropped(self, x, masks, training, rate):
        """`x` once per gate, each times its mask when dropout applies (else `x` itself)."""
        if not (training and 0.0 < rate < 1.0) or masks is None:
            return [x] * self.gates
        return [x * m for m in (masks * self.gates if len(masks) == 1 else masks)]

    def fused_activation_names(self):
        """The activations' names when the fused kernels can compute them, else None."""
        names = [activations.serialize(self.activation)]
        if hasattr(self, "recurrent_activation"):
            names.append(activations.serialize(self.recurrent_activation))
        if all(isinstance(n, str) and n in _FUSED_ACTIVATION_NAMES for n in names):
            return names
        return None

    def get_initial_state(self, batch_size=None):
        from numkeras import ops

        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else [self.state_size]
        return [ops.zeros((batch_size, s), dtype=self.dtype) for s in sizes]

    def get_config(self):
        config = {
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }
        if hasattr(self, "recurrent_activation"):
            config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        return {**super().get_config(), **config}


def check_rate_like(value, arg, layer):
    """Keras clips rates into [0, 1]; a non-number is still an error."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return check_rate(value, arg, layer)
