"""CSVLogger: writes one CSV row of epoch logs per epoch."""
import csv
import os

from numkeras.callbacks.callback import Callback


def _cell(value):
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return value
    return f"[{', '.join(map(str, value))}]"  # a vector-valued metric in one cell


class CSVLogger(Callback):
    """Streams the epoch logs to a CSV file, flushed after every epoch.

    The header is `epoch,<logged names in alphabetical order>`; epochs are
    0-based. If the first epoch has no `val_` keys but fit() says validation
    will run later (params `do_validation=True`, e.g. with
    `validation_freq > 1`), the `val_` columns are added up front; missing
    values are written as `NA`.

    Args:
        filename: path of the CSV file.
        separator: column separator.
        append: True appends to an existing file (no second header);
            False overwrites it.

    Example:
    ```python
    model.fit(x, y, epochs=3, callbacks=[CSVLogger("training.csv")])
    # training.csv:
    # epoch,accuracy,loss
    # 0,0.8125,0.52...
    ```
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.keys = None
        self.csv_file = None
        self._writer = None

    def on_train_begin(self, logs=None):
        write_header = True
        if self.append and os.path.exists(self.filename):
            with open(self.filename, encoding="utf-8") as existing:
                write_header = not existing.readline()
        self._close()
        self.csv_file = open(self.filename, "a" if self.append else "w", newline="", encoding="utf-8")
        self._write_header = write_header
        self._writer = None
        self.keys = None

    def _columns(self, logs):
        keys = sorted(logs)
        validation_later = (self.params or {}).get("do_validation", False)
        if validation_later and not any(k.startswith("val_") for k in keys):
            keys = sorted(keys + [f"val_{k}" for k in keys if k != "learning_rate"])
        return keys

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.csv_file is None:  # used without on_train_begin: behave as a fresh run
            self.on_train_begin()
        if self._writer is None:
            self.keys = self._columns(logs)
            self._writer = csv.writer(self.csv_file, delimiter=self.sep, lineterminator="\n")
            if self._write_header:
                self._writer.writerow(["epoch", *self.keys])
        self._writer.writerow([epoch, *(_cell(logs.get(k, "NA")) for k in self.keys)])
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self._close()

    def _close(self):
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = None
        self._writer = None
