"""ActivationStatsRecorder: each layer's output mean, spread and saturation on a fixed probe batch."""
import numpy as np

from numkeras.callbacks.callback import Callback

# Where an activation is flat (its derivative below about 0.01), by the activation's name.
_SATURATED = {
    "sigmoid": lambda a: (a < 0.01) | (a > 0.99),
    "hard_sigmoid": lambda a: (a <= 0.0) | (a >= 1.0),
    "tanh": lambda a: np.abs(a) > 0.99,
    "relu": lambda a: a <= 0.0,
    "relu6": lambda a: (a <= 0.0) | (a >= 6.0),
}


def activation_name(layer):
    """The name of `layer`'s activation ("linear" when it has none)."""
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", "linear") if activation is not None else "linear"


def saturated_fraction(outputs, activation):
    """Share of `outputs` in the flat part of `activation` (sigmoid/tanh tails, relu's zero)."""
    test = _SATURATED.get(activation)
    return float(np.mean(test(outputs))) if test is not None and outputs.size else 0.0


class ActivationStatsRecorder(Callback):
    """Records each layer's output statistics on a fixed probe batch, before training and
    after every `every` epochs.

    Per layer it keeps the mean, the standard deviation, the share of saturated outputs
    (sigmoid outputs below 0.01 or above 0.99, tanh beyond +-0.99, relu at 0: where the
    derivative vanishes) and up to `sample_size` output values for histograms.

    Args:
        probe: input batch (array) run through the model in inference mode.
        every: record after every this many epochs (default 1).
        sample_size: output values kept per layer and record (default 2000).

    Attributes:
        layer_names, activations: per layer, its name and its activation's name.
        epochs: the epoch of each record (-1: before training).
        means, stds, saturation: lists (one per record) of float arrays, one value per layer.
        samples: list (one per record) of lists of 1-D arrays of output values.

    Call `record(epoch)` to take a record outside fit().
    """

    def __init__(self, probe, every=1, sample_size=2000):
        super().__init__()
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(f"ActivationStatsRecorder: `every` must be an int >= 1, got {every!r}.")
        self.probe = np.asarray(probe)
        if self.probe.ndim < 1 or not len(self.probe):
            raise ValueError(f"ActivationStatsRecorder: `probe` must be a non-empty batch, got shape "
                             f"{self.probe.shape}.")
        self.every = every
        self.sample_size = int(sample_size)
        self.layer_names, self.activations = [], []
        self.epochs, self.means, self.stds, self.saturation, self.samples = [], [], [], [], []

    def layer_outputs(self):
        """Each layer's output on the probe batch (a stack of single-input layers)."""
        from numkeras.backend.tensor import no_grad

        outputs = []
        x = self.probe.astype(self.model.dtype, copy=False) if self.probe.dtype.kind == "f" else self.probe
        with no_grad():
            for layer in self.model.layers:
                x = layer(x, training=False)
                outputs.append(np.asarray(getattr(x, "value", x)))
        return outputs

    def record(self, epoch):
        outputs = self.layer_outputs()
        self.layer_names = [layer.name for layer in self.model.layers]
        self.activations = [activation_name(layer) for layer in self.model.layers]
        rng = np.random.default_rng(0)
        means, stds, saturation, samples = [], [], [], []
        for values, activation in zip(outputs, self.activations):
            flat = values.ravel().astype(np.float64)
            means.append(flat.mean())
            stds.append(flat.std())
            saturation.append(saturated_fraction(flat, activation))
            keep = flat if flat.size <= self.sample_size else rng.choice(flat, self.sample_size, replace=False)
            samples.append(keep.astype(np.float32))
        self.epochs.append(epoch)
        self.means.append(np.array(means))
        self.stds.append(np.array(stds))
        self.saturation.append(np.array(saturation))
        self.samples.append(samples)

    def on_train_begin(self, logs=None):
        if not self.epochs:
            self.record(-1)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every == 0:
            self.record(epoch)
