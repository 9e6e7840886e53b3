"""Activation: applies an activation function; and the base of the activation layers."""
from numkeras import activations
from numkeras.layers.layer import Layer


class Activation(Layer):
    """Applies an activation function to its input.

    >>> Activation("relu")(np.array([[-1.0, 2.0]])).numpy().tolist()
    [[0.0, 2.0]]
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


class _ElementwiseActivation(Layer):
    """Shared by the activation layers: same output shape, masks pass through."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return input_shape
