"""LearningRateScheduler: sets the learning rate at the start of every epoch from a schedule function."""
import inspect

from numkeras.callbacks.callback import Callback
from numkeras.callbacks.optimizer_access import get_learning_rate, set_learning_rate
from numkeras.utils.progbar import print_msg


def _takes_two_arguments(fn):
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # some builtins have no signature: try the Keras 3 form
        return True
    try:
        signature.bind(0, 0.1)
    except TypeError:
        return False
    return True


def _as_learning_rate(value):
    if value is None or isinstance(value, (bool, str)):
        raise TypeError
    return float(value)


class LearningRateScheduler(Callback):
    """Sets `model.optimizer.learning_rate = schedule(epoch, lr)` before each epoch.

    `schedule` takes the 0-based epoch and the current learning rate and
    returns the new rate; a one-argument `schedule(epoch)` (Keras 2 style) is
    accepted too. The rate in use is added to the epoch logs as `learning_rate`.

    Args:
        schedule: function `(epoch, lr) -> float` or `(epoch) -> float`.
        verbose: 1 prints `Epoch N: LearningRateScheduler setting learning rate to X.`

    Example:
    >>> def schedule(epoch, lr):
    ...     return lr if epoch < 10 else lr * 0.9
    >>> LearningRateScheduler(schedule).schedule(12, 0.1)
    0.09000000000000001
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                f"LearningRateScheduler expected schedule to be a function (epoch, lr) -> float, got {schedule!r}."
            )
        self.schedule = schedule
        self.verbose = verbose
        self._two_arguments = _takes_two_arguments(schedule)

    def on_epoch_begin(self, epoch, logs=None):
        if self._two_arguments:
            value = self.schedule(epoch, get_learning_rate(self.model, "LearningRateScheduler"))
        else:
            value = self.schedule(epoch)
        try:
            learning_rate = _as_learning_rate(value)
        except (TypeError, ValueError):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: {value!r}") from None
        set_learning_rate(self.model, learning_rate, "LearningRateScheduler")
        if self.verbose > 0:
            print_msg(f"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {learning_rate}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = get_learning_rate(self.model, "LearningRateScheduler")
