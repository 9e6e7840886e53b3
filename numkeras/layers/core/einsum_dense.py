"""EinsumDense: a Dense layer whose product is an einsum equation (MultiHeadAttention's projections)."""
import re

from numkeras import activations, constraints, initializers, ops, regularizers
from numkeras.initializers.random_initializers import VarianceScaling
from numkeras.layers.layer import Layer
from numkeras.layers.weight_options import set_weight_options


class EinsumDense(Layer):
    """`activation(einsum(equation, inputs, kernel) + bias)`, with the kernel's shape read from
    the equation.

    Args:
        equation: `"<input>,<kernel>-><output>"`, e.g. `"abc,cde->abde"`; `...` may stand for
            leading (or trailing) input axes.
        output_shape: the output's shape without the batch axis; None for an axis taken from
            the input.
        activation: name or callable; None means linear.
        bias_axes: letters of the output axes that get a bias (None: no bias).
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        kernel_constraint, bias_constraint: as in Dense.

    Example:
    >>> layer = EinsumDense("abc,cde->abde", output_shape=(None, 2, 3), kernel_initializer="ones")
    >>> layer(np.ones((1, 4, 5))).shape
    (1, 4, 2, 3)
    """

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, bias_constraint=None, lora_rank=None,
                 lora_alpha=None, gptq_unpacked_column_size=None, quantization_config=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(equation, str) or not _split(equation):
            raise ValueError(f"EinsumDense '{self.name}': `equation` must look like "
                             f"'ab,bc->ac', '...b,bc->...c' or 'ab...,bc->ac...', got {equation!r}.")
        if lora_rank or quantization_config is not None:
            raise NotImplementedError(f"EinsumDense '{self.name}': LoRA and quantization are not "
                                      f"supported; leave lora_rank and quantization_config unset.")
        self.equation = equation
        self.partial_output_shape = (output_shape,) if isinstance(output_shape, int) \
            else tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        set_weight_options(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        set_weight_options(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha
        self.kernel = None
        self.bias = None
        self._full_output_shape = None

    def build(self, input_shape):
        kernel_shape, bias_shape, full_output, input_axes, output_axes = _analyze(
            self, self.equation, self.bias_axes, tuple(input_shape), self.partial_output_shape)
        self._full_output_shape = tuple(full_output)
        initializer = self.kernel_initializer
        if isinstance(initializer, VarianceScaling) and (initializer.input_axes is None
                                                         or initializer.output_axes is None):
            # The fans of a (dim, heads, key_dim) kernel are dim and heads*key_dim, as in Keras.
            config = dict(initializer.get_config(), input_axes=input_axes, output_axes=output_axes)
            initializer = type(initializer).from_config(config)
        self.kernel = self.add_weight(shape=kernel_shape, initializer=initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, name="kernel")
        if bias_shape is not None:
            self.bias = self.add_weight(shape=bias_shape, initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, name="bias")
        self.built = True

    def call(self, inputs):
        outputs = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            outputs = outputs + self.bias
        return outputs if self.activation is activations.linear else self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return _analyze(self, self.equation, self.bias_axes, tuple(input_shape),
                        self.partial_output_shape)[2]

    def get_config(self):
        return {
            **super().get_config(),
            "output_shape": list(self.partial_output_shape),
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }


def _split(equation):
    """`(input, kernel, output, left_elided)` letters of an EinsumDense equation, or None."""
    text = equation.replace("...", "0")
    for pattern, left in (("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", False),
                          ("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$", True),
                          ("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$", False)):
        match = re.match(pattern, text)
        if match:
            return match.group(1), match.group(2), match.group(3), left
    return None


def _analyze(layer, equation, bias_axes, input_shape, partial_output):
    """Kernel shape, bias shape, full output shape and the kernel's fan axes, as Keras computes them."""
    input_spec, weight_spec, output_spec, left_elided = _split(equation)
    elided = len(input_shape) - len(input_spec)
    output_shape = [input_shape[0]] + list(partial_output)
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0:
        output_shape.extend(input_shape[len(input_shape) - elided:])
    if left_elided:
        input_index = {c: i + elided - len(input_shape) for i, c in enumerate(input_spec)}
        output_index = {c: i + elided for i, c in enumerate(output_spec)}
    else:
        input_index = {c: i for i, c in enumerate(input_spec)}
        output_index = {c: i for i, c in enumerate(output_spec)}
    if len(output_shape) != len(output_spec) + max(elided, 0):
        raise ValueError(f"EinsumDense '{layer.name}': `output_shape` {list(partial_output)} does not "
                         f"fit equation {equation!r} for input shape {input_shape}.")
    for c in input_spec:
        size = input_shape[input_index[c]]
        if c in output_index:
            out = output_shape[output_index[c]]
            if out is not None and size is not None and out != size:
                raise ValueError(f"EinsumDense '{layer.name}': input and output disagree on axis "
                                 f"{c!r} of {equation!r}: {size} vs {out} (input {input_shape}).")
            output_shape[output_index[c]] = size
    for c in output_spec:
        if c not in input_spec and c not in weight_spec:
            raise ValueError(f"EinsumDense '{layer.name}': output axis {c!r} of {equation!r} is in "
                             f"neither the input nor the kernel.")
    kernel_shape, input_axes, output_axes = [], [], []
    for i, c in enumerate(weight_spec):
        if c in output_index:
            kernel_shape.append(output_shape[output_index[c]])
            output_axes.append(i)
        elif c in input_index:
            kernel_shape.append(input_shape[input_index[c]])
            input_axes.append(i)
        else:
            raise ValueError(f"EinsumDense '{layer.name}': kernel axis {c!r} of {equation!r} is in "
                             f"neither the input nor the output.")
    if any(d is None for d in kernel_shape):
        raise ValueError(f"EinsumDense '{layer.name}': kernel shape {kernel_shape} has an unknown "
                         f"size; give it in `output_shape` (input shape {input_shape}).")
    bias_shape = None
    if bias_axes:
        for c in bias_axes:
            if c not in output_spec:
                raise ValueError(f"EinsumDense '{layer.name}': bias axis {c!r} is not an output axis "
                                 f"of {equation!r}.")
        first = min(output_spec.find(c) for c in bias_axes)
        bias_shape = [output_shape[output_index[c]] if c in bias_axes else 1
                      for c in output_spec[first:]]
        if not left_elided:
            bias_shape += [1] * max(elided, 0)
    return (tuple(kernel_shape), None if bias_shape is None else tuple(bias_shape),
            tuple(output_shape), input_axes, output_axes)
