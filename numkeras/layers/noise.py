"""Train-time regularization layers: GaussianNoise, GaussianDropout, ActivityRegularization.

The noise layers change their input only when `training=True` (inside `fit`); in
predict and evaluate they return it unchanged.
"""
import math

from numkeras import regularizers
from numkeras.backend import math_ops
from numkeras.backend import random as nk_random
from numkeras.layers.argument_checks import check_number
from numkeras.layers.layer import Layer


class _TrainTimeLayer(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return input_shape


class GaussianNoise(_TrainTimeLayer):
    """Adds zero-centred Gaussian noise of standard deviation `stddev` in training.

    Args:
        stddev: float in [0, 1], the noise's standard deviation.
        seed: int for reproducible noise.

    Example:
    >>> GaussianNoise(0.1)(np.ones((1, 2)), training=False).numpy().tolist()
    [[1.0, 1.0]]
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.stddev = check_number(stddev, "stddev", self, 0.0, 1.0)
        self.seed = seed
        self.seed_generator = nk_random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        noise = nk_random.normal(inputs.shape, 0.0, self.stddev, dtype=self.dtype,
                                 seed=self.seed_generator)
        return math_ops.add(inputs, noise)

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}


class GaussianDropout(_TrainTimeLayer):
    """Multiplies by Gaussian noise of mean 1 and variance `rate / (1 - rate)` in training.

    Args:
        rate: float in [0, 1), the equivalent drop probability.
        seed: int for reproducible noise.

    Example:
    >>> GaussianDropout(0.5)(np.ones((1, 2)), training=False).numpy().tolist()
    [[1.0, 1.0]]
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        # rate = 1 would mean infinite variance.
        self.rate = check_number(rate, "rate", self, 0.0, 1.0, below_max=True)
        self.seed = seed
        self.seed_generator = nk_random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        noise = nk_random.normal(inputs.shape, 1.0, stddev, dtype=self.dtype, seed=self.seed_generator)
        return math_ops.multiply(inputs, noise)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class ActivityRegularization(_TrainTimeLayer):
    """Returns its input and adds `(l1 * sum|x| + l2 * sum x²) / batch_size` to the loss.

    Args:
        l1, l2: non-negative floats (default 0).

    Example:
    >>> layer = ActivityRegularization(l1=0.5)
    >>> layer(np.array([[1.0, -3.0]])).numpy().tolist(), float(layer.losses[0])
    ([[1.0, -3.0]], 2.0)
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        kwargs.pop("activity_regularizer", None)  # derived from l1 and l2
        super().__init__(**kwargs)
        self.l1 = check_number(l1, "l1", self, 0.0)
        self.l2 = check_number(l2, "l2", self, 0.0)
        self.activity_regularizer = regularizers.L1L2(l1=self.l1, l2=self.l2)

    def call(self, inputs):
        return inputs

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        return {**config, "l1": self.l1, "l2": self.l2}
