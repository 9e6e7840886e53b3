"""PReLU: a leaky ReLU whose slope is learned."""
from numkeras import constraints, initializers, regularizers
from numkeras.backend import math_ops, nn_ops
from numkeras.layers.activations.activation import _ElementwiseActivation
from numkeras.layers.argument_checks import check_axes


class PReLU(_ElementwiseActivation):
    """Leaky ReLU with a learned slope per input position: `relu(x) - alpha * relu(-x)`.

    Args:
        alpha_initializer: initializer of the slopes (default "zeros": starts as ReLU).
        alpha_regularizer, alpha_constraint: optional.
        shared_axes: int or list of (1-based, non-batch) axes that share one slope, e.g.
            `[1, 2]` for one slope per channel of images.

    Example:
    >>> PReLU(alpha_initializer="ones")(np.array([[-2.0, 3.0]])).numpy().tolist()
    [[-2.0, 3.0]]
    """

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        self.shared_axes = None if shared_axes is None else list(check_axes(shared_axes, "shared_axes", self))

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if not 1 <= axis < len(input_shape):
                raise ValueError(f"PReLU '{self.name}': shared axis {axis} is not a non-batch axis of "
                                 f"inputs of shape {tuple(input_shape)} (valid: 1 to "
                                 f"{len(input_shape) - 1}).")
            param_shape[axis - 1] = 1
        if None in param_shape:
            raise ValueError(f"PReLU '{self.name}' needs known sizes on every axis it does not share, "
                             f"got input shape {tuple(input_shape)}; pass shared_axes for the "
                             f"unknown ones.")
        self.alpha = self.add_weight(shape=tuple(param_shape), initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint, name="alpha")
        self.built = True

    def call(self, inputs):
        positive = nn_ops.relu(inputs)
        negative = nn_ops.relu(math_ops.negative(inputs))
        return math_ops.subtract(positive, math_ops.multiply(self.alpha, negative))

    def get_config(self):
        return {**super().get_config(),
                "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
                "alpha_constraint": constraints.serialize(self.alpha_constraint),
                "shared_axes": self.shared_axes}
