"""SimpleRNNCell, LSTMCell and GRUCell: one timestep, written with `numkeras.ops` as Keras 3
writes them. The `RNN` layer loops them over time (the general path); SimpleRNN, LSTM and GRU
run the same math through the fused primitives of `numkeras.backend.rnn_ops` instead."""
from numkeras import initializers, ops
from numkeras.layers.rnn.dropout_rnn_cell import DropoutRNNCell


def _blocks(x, count):
    width = x.shape[-1] // count
    return [x[..., k * width:(k + 1) * width] for k in range(count)]


class SimpleRNNCell(DropoutRNNCell):
    """One step of a fully-connected RNN: `h = activation(x @ kernel + bias + h_prev @ recurrent_kernel)`.

    Args:
        units: positive int, size of the state.
        activation: default "tanh". Other arguments as `SimpleRNN`.

    Example:
    >>> cell = SimpleRNNCell(2, kernel_initializer="ones", recurrent_initializer="zeros")
    >>> out, states = cell(np.ones((1, 3), "float32"), [np.zeros((1, 2), "float32")])
    >>> np.round(out.numpy(), 4).tolist()
    [[0.9951, 0.9951]]
    """

    def call(self, inputs, states, training=False):
        prev = states[0] if isinstance(states, (list, tuple)) else states
        (x,) = self._dropped(inputs, self.get_dropout_mask(inputs), training, self.dropout)
        (prev_dropped,) = self._dropped(prev, self.get_recurrent_dropout_mask(prev), training,
                                        self.recurrent_dropout)
        h = ops.matmul(x, self.kernel)
        if self.bias is not None:
            h = h + self.bias
        output = self.activation(h + ops.matmul(prev_dropped, self.recurrent_kernel))
        return output, [output]


class LSTMCell(DropoutRNNCell):
    """One step of Keras's LSTM (gates i, f, c, o in the kernel's columns).

    Args:
        units: positive int, size of h and c.
        activation: default "tanh"; recurrent_activation: default "sigmoid".
        unit_forget_bias: add 1 to the forget gate's bias at initialization (default True).
    """

    gates = 4

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 unit_forget_bias=True, **kwargs):
        super().__init__(units, activation=activation, recurrent_activation=recurrent_activation,
                         **kwargs)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [self.units, self.units]

    def bias_init(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, ones, units = self.bias_initializer, initializers.get("ones"), self.units

        def forget_gate_ones(shape, dtype=None):
            import numpy as np

            return np.concatenate([np.asarray(base((units,), dtype=dtype)),
                                   np.asarray(ones((units,), dtype=dtype)),
                                   np.asarray(base((2 * units,), dtype=dtype))])

        return forget_gate_ones

    def call(self, inputs, states, training=False):
        h_prev, c_prev = states[0], states[1]
        xs = self._dropped(inputs, self.get_dropout_mask(inputs), training, self.dropout)
        hs = self._dropped(h_prev, self.get_recurrent_dropout_mask(h_prev), training,
                           self.recurrent_dropout)
        kernels = _blocks(self.kernel, 4)
        recurrents = _blocks(self.recurrent_kernel, 4)
        biases = _blocks(self.bias, 4) if self.bias is not None else [None] * 4
        z = []
        for x, h, k, r, b in zip(xs, hs, kernels, recurrents, biases):
            zk = ops.matmul(x, k) + ops.matmul(h, r)
            z.append(zk if b is None else zk + b)
        i = self.recurrent_activation(z[0])
        f = self.recurrent_activation(z[1])
        c = f * c_prev + i * self.activation(z[2])
        o = self.recurrent_activation(z[3])
        h = o * self.activation(c)
        return h, [h, c]

    def get_config(self):
        return {**super().get_config(), "unit_forget_bias": self.unit_forget_bias}


class GRUCell(DropoutRNNCell):
    """One step of Keras's GRU (gates z, r, h in the kernel's columns).

    Args:
        units: positive int, size of the state.
        reset_after: apply the reset gate after the recurrent matmul (Keras 3's default, True);
            then the bias has shape (2, 3 * units): input bias and recurrent bias.
    """

    gates = 3

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", reset_after=True,
                 **kwargs):
        super().__init__(units, activation=activation, recurrent_activation=recurrent_activation,
                         **kwargs)
        self.reset_after = bool(reset_after)

    def bias_shape(self):
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def call(self, inputs, states, training=False):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        xs = self._dropped(inputs, self.get_dropout_mask(inputs), training, self.dropout)
        hs = self._dropped(h_prev, self.get_recurrent_dropout_mask(h_prev), training,
                           self.recurrent_dropout)
        kernels = _blocks(self.kernel, 3)
        recurrents = _blocks(self.recurrent_kernel, 3)
        if self.bias is None:
            input_bias = recurrent_bias = [None] * 3
        elif self.reset_after:
            input_bias, recurrent_bias = _blocks(self.bias[0], 3), _blocks(self.bias[1], 3)
        else:
            input_bias, recurrent_bias = _blocks(self.bias, 3), [None] * 3
        x_parts = [ops.matmul(x, k) if b is None else ops.matmul(x, k) + b
                   for x, k, b in zip(xs, kernels, input_bias)]
        rec = [ops.matmul(h, r) if b is None else ops.matmul(h, r) + b
               for h, r, b in zip(hs[:2], recurrents[:2], recurrent_bias[:2])]
        z = self.recurrent_activation(x_parts[0] + rec[0])
        r = self.recurrent_activation(x_parts[1] + rec[1])
        if self.reset_after:
            candidate = ops.matmul(hs[2], recurrents[2])
            if recurrent_bias[2] is not None:
                candidate = candidate + recurrent_bias[2]
            candidate = r * candidate
        else:
            candidate = ops.matmul(r * hs[2], recurrents[2])
        hh = self.activation(x_parts[2] + candidate)
        h = z * h_prev + (1 - z) * hh
        return h, [h]

    def get_config(self):
        return {**super().get_config(), "reset_after": self.reset_after}
