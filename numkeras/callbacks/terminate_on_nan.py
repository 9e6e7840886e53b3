"""TerminateOnNaN: stops training as soon as a batch loss is NaN or infinite."""
import math

from numkeras.callbacks.callback import Callback
from numkeras.utils.progbar import print_msg


class TerminateOnNaN(Callback):
    """Stops training when a batch reports a NaN or infinite `loss`.

    Args:
        raise_error: False sets `model.stop_training` and prints where and what, e.g.
            `Epoch 2/10, batch 7/100: invalid loss (nan), terminating training. ...`
            (epoch and batch counted from 1, as the progress bar counts; other callbacks
            still get `on_train_end`); True raises RuntimeError at once.

    Example:
    ```python
    model.fit(x, y, callbacks=[TerminateOnNaN()])
    ```
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error
        self._epoch = None

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def _where(self, batch):
        """`epoch 3/10, batch 7/100` (counted from 1, as the progress bar counts), as far as known."""
        params = getattr(self, "params", None) or {}
        epochs, steps = params.get("epochs"), params.get("steps")
        batch_part = f"batch {batch + 1}" + (f"/{steps}" if steps else "")
        if self._epoch is None:
            return batch_part
        return f"epoch {self._epoch + 1}" + (f"/{epochs}" if epochs else "") + f", {batch_part}"

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None or math.isfinite(loss):
            return
        where = self._where(batch)
        if self.raise_error:
            raise RuntimeError(f"NaN or Inf loss encountered at {where}. Loss value: {loss}. "
                               f"Terminating training immediately.")
        print_msg(f"{where[0].upper()}{where[1:]}: invalid loss ({loss}), terminating training. "
                  f"Lower the learning rate, scale the inputs, or clip the gradients (clipnorm=1.0).")
        self.model.stop_training = True
