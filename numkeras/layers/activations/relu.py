"""ReLU as a layer, with its cap, negative slope and threshold."""
from numkeras import activations
from numkeras.layers.activations.activation import _ElementwiseActivation
from numkeras.layers.argument_checks import check_number


class ReLU(_ElementwiseActivation):
    """`max(x, 0)`, with options: `negative_slope * (x - threshold)` below `threshold`, capped at `max_value`.

    Args:
        max_value: non-negative float or None (no cap).
        negative_slope: non-negative float, slope below the threshold (default 0).
        threshold: non-negative float, where the activation starts (default 0).

    Example:
    >>> ReLU(max_value=1.0)(np.array([[-1.0, 0.5, 3.0]])).numpy().tolist()
    [[0.0, 0.5, 1.0]]
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value = check_number(max_value, "max_value", self, 0.0, allow_none=True)
        self.negative_slope = check_number(negative_slope, "negative_slope", self, 0.0)
        self.threshold = check_number(threshold, "threshold", self, 0.0)

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope,
                                max_value=self.max_value, threshold=self.threshold)

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}
