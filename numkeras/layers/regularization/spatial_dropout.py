"""SpatialDropout1D/2D/3D: dropout of whole feature maps (one keep decision per sample and channel)."""
from numkeras.backend import conv_api
from numkeras.layers.convolutional.base_conv import check_image_input, who
from numkeras.layers.regularization.dropout import Dropout


class _SpatialDropout(Dropout):
    rank = 2

    def __init__(self, rate, seed=None, data_format=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.data_format = conv_api.standardize_data_format(data_format, who(self))

    def call(self, inputs, training=False):
        check_image_input(self, inputs.shape, self.rank)
        shape = inputs.shape
        if self.data_format == "channels_last":
            self.noise_shape = (shape[0],) + (1,) * self.rank + (shape[-1],)
        else:
            self.noise_shape = (shape[0], shape[1]) + (1,) * self.rank
        try:
            return super().call(inputs, training=training)
        finally:
            self.noise_shape = None

    def get_config(self):
        # Keras's SpatialDropout takes only these arguments (no `trainable`, no `noise_shape`).
        config = super().get_config()
        config = {key: config[key] for key in ("rate", "seed", "name", "dtype")}
        if self.rank > 1:
            config["data_format"] = self.data_format
        return config


class SpatialDropout1D(_SpatialDropout):
    """Drops entire channels of (batch, steps, channels) inputs in training.

    >>> SpatialDropout1D(0.5)(np.ones((1, 3, 2)), training=False).shape
    (1, 3, 2)
    """

    rank = 1

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)


class SpatialDropout2D(_SpatialDropout):
    """Drops entire feature maps of images in training (`data_format` as in Conv2D).

    >>> SpatialDropout2D(0.5)(np.ones((1, 3, 3, 2)), training=False).shape
    (1, 3, 3, 2)
    """

    rank = 2

    def __init__(self, rate, data_format=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, data_format=data_format, **kwargs)


class SpatialDropout3D(_SpatialDropout):
    """Drops entire feature volumes of 5-D inputs in training.

    >>> SpatialDropout3D(0.5)(np.ones((1, 2, 2, 2, 2)), training=False).shape
    (1, 2, 2, 2, 2)
    """

    rank = 3

    def __init__(self, rate, data_format=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, data_format=data_format, **kwargs)
