"""Reading the pickled batches of the CIFAR-10 and CIFAR-100 archives (shared helpers)."""
import numpy as np

from numkeras.datasets._npz import ArrayOnlyUnpickler


def load_batch(fpath, label_key="labels"):
    """Reads one CIFAR batch file.

    The batches are Python 2 pickles of a dict with byte-string keys; they are read with an
    unpickler that can only rebuild NumPy arrays.

    Args:
        fpath: the batch file (e.g. `data_batch_1`).
        label_key: "labels" (CIFAR-10), "fine_labels" or "coarse_labels" (CIFAR-100).

    Returns:
        `(data, labels)`: data uint8 of shape (n, 3, 32, 32), labels a list of int.

    Example:
    >>> data, labels = load_batch("cifar-10-batches-py/test_batch")  # doctest: +SKIP
    >>> data.shape  # doctest: +SKIP
    (10000, 3, 32, 32)
    """
    with open(fpath, "rb") as f:
        batch = ArrayOnlyUnpickler(f, encoding="bytes").load()
    batch = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    if label_key not in batch or "data" not in batch:
        raise ValueError(
            f"{fpath} is not a CIFAR batch with 'data' and {label_key!r}; found keys "
            f"{sorted(batch)}."
        )
    data = batch["data"]
    return data.reshape(data.shape[0], 3, 32, 32), batch[label_key]


def to_data_format(images):
    """Returns channels-first images in numkeras's layout, "channels_last".

    `numkeras.config.image_data_format()` is always "channels_last" (the data sets read no
    engine setting). Keras returns a transposed view; a contiguous copy is returned here so
    later NumPy work on the images runs at full speed. The values are the same.
    """
    return np.ascontiguousarray(images.transpose(0, 2, 3, 1))
