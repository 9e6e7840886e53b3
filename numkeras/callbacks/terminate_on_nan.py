"""TerminateOnNaN: stops training as soon as a batch loss is NaN or infinite."""
import math

from numkeras.callbacks.callback import Callback
from numkeras.utils.progbar import print_msg


class TerminateOnNaN(Callback):
    """Stops training when a batch reports a NaN or infinite `loss`.

    Args:
        raise_error: False sets `model.stop_training` and prints
            `Batch N: Invalid loss, terminating training` (other callbacks
            still get `on_train_end`); True raises RuntimeError at once.

    Example:
    ```python
    model.fit(x, y, callbacks=[TerminateOnNaN()])
    ```
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None or math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. Terminating training immediately."
            )
        print_msg(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
