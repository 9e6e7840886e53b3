"""ActivityRegularization: adds a penalty on its input to the losses."""
from numkeras import regularizers
from numkeras.layers.argument_checks import check_number
from numkeras.layers.regularization.gaussian_noise import _TrainTimeLayer


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
