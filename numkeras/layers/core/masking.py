"""Masking: marks the timesteps whose features all equal `mask_value` as padding."""
import numpy as np

from numkeras import ops
from numkeras.backend.tensor import Tensor
from numkeras.layers.layer import Layer


class Masking(Layer):
    """Masks a timestep when all of its features equal `mask_value`.

    The output is the input with masked timesteps set to 0; its mask (`output._keras_mask`, a
    (batch, timesteps) boolean array) tells the layers downstream (RNNs, losses) to skip them.

    Args:
        mask_value: the padding value (default 0.0).

    Example:
    >>> x = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]]], "float32")
    >>> Masking()(x)._keras_mask.numpy().tolist()
    [[True, False, True]]
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True

    def _keep(self, inputs):
        values = inputs.value if isinstance(inputs, Tensor) else np.asarray(inputs)
        return np.any(values != self.mask_value, axis=-1)

    def call(self, inputs):
        keep = self._keep(inputs)
        outputs = ops.multiply(inputs, keep[..., None].astype(inputs.dtype))
        outputs._keras_mask = Tensor(keep)
        return outputs

    def compute_mask(self, inputs, mask=None):
        return Tensor(self._keep(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}
