"""`timeseries_dataset_from_array` and `text_dataset_from_directory`: Keras's data-set builders,
returning a `PyDataset` of NumPy batches that fit/evaluate/predict accept."""
import os

import numpy as np

from numkeras.utils.py_dataset import PyDataset


class ArrayDataset(PyDataset):
    """Batches of aligned arrays, `(x, y)` or `x`; iterable like a `tf.data.Dataset` of batches."""

    def __init__(self, x, y=None, batch_size=32, shuffle_each_epoch=False, seed=None, class_names=None):
        super().__init__()
        self.x, self.y = x, y
        self.batch_size = len(x) if batch_size is None else int(batch_size)
        self.class_names = class_names
        self._shuffle = shuffle_each_epoch
        self._rng = np.random.default_rng(seed)
        self._order = np.arange(len(x))

    def __len__(self):
        return max(1, -(-len(self.x) // self.batch_size)) if len(self.x) else 0

    def __getitem__(self, index):
        if not 0 <= index < len(self):
            raise IndexError(f"batch {index} of a data set of {len(self)} batches")
        rows = self._order[index * self.batch_size:(index + 1) * self.batch_size]
        x = self.x[rows]
        return x if self.y is None else (x, self.y[rows])

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def on_epoch_end(self):
        if self._shuffle:
            self._order = self._rng.permutation(len(self.x))

    def unbatch(self):
        """All samples, unbatched: `(x, y)` arrays (or `x`)."""
        return self.x if self.y is None else (self.x, self.y)


def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"timeseries_dataset_from_array(): `{name}` must be an integer >= {minimum}, "
                         f"got {value!r}.")
    return int(value)


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1, sampling_rate=1,
                                  batch_size=128, shuffle=False, seed=None, start_index=None,
                                  end_index=None):
    """Windows of `data` as a data set of `(batch, sequence_length, ...)` batches.

    Window i starts at `start_index + p_i` (p_i = 0, sequence_stride, ...) and takes every
    `sampling_rate`-th step; its target is `targets[start_index + p_i]`, as in Keras.
    `shuffle` shuffles the window order with `np.random.RandomState(seed)` (Keras's first
    shuffle; its extra tf.data buffer shuffle is not reproduced) and reshuffles each epoch.

    Example:
    >>> ds = timeseries_dataset_from_array(np.arange(10), None, sequence_length=3, batch_size=4)
    >>> ds[0].tolist()
    [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]]
    """
    data = np.asarray(data)
    sequence_length = _check_int(sequence_length, "sequence_length", 1)
    sequence_stride = _check_int(sequence_stride, "sequence_stride", 1)
    sampling_rate = _check_int(sampling_rate, "sampling_rate", 1)
    if batch_size is not None:
        _check_int(batch_size, "batch_size", 1)
    start_index = 0 if start_index is None else _check_int(start_index, "start_index", 0)
    end_index = len(data) if end_index is None else int(end_index)
    if start_index >= len(data):
        raise ValueError(f"timeseries_dataset_from_array(): `start_index` must be below the data's "
                         f"length {len(data)}, got {start_index}.")
    if not start_index < end_index <= len(data):
        raise ValueError(f"timeseries_dataset_from_array(): `end_index` must be in ({start_index}, "
                         f"{len(data)}], got {end_index}.")
    if targets is not None:
        targets = np.asarray(targets)
        if len(targets) != len(data):
            raise ValueError(f"timeseries_dataset_from_array(): `data` and `targets` must have the same "
                             f"length, got {len(data)} and {len(targets)}.")
    num_seqs = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_seqs = min(num_seqs, len(targets))
    starts = np.arange(0, max(num_seqs, 0), sequence_stride)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(starts)
    window = np.arange(0, sequence_length * sampling_rate, sampling_rate)
    x = data[start_index:end_index][starts[:, None] + window[None, :]]
    y = None if targets is None else targets[start_index:end_index][starts]
    return ArrayDataset(x, y, batch_size, shuffle_each_epoch=bool(shuffle), seed=seed)


def _text_files(directory, class_names):
    """`(paths, class index)` of every .txt file under each class folder, in sorted order."""
    paths, labels = [], []
    for index, name in enumerate(class_names):
        folder = os.path.join(directory, name)
        for root, _, files in sorted(os.walk(folder, followlinks=True)):
            for f in sorted(files):
                if f.lower().endswith(".txt"):
                    paths.append(os.path.join(root, f))
                    labels.append(index)
    return paths, np.array(labels, np.int64)


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                batch_size=32, max_length=None, shuffle=True, seed=None,
                                validation_split=None, subset=None, follow_links=False, verbose=True,
                                encoding="utf-8"):
    """Text files in `directory/<class>/*.txt` as a data set of `(texts, labels)` batches.

    Classes are the sorted sub-folder names (or `class_names`); `label_mode` "int", "categorical",
    "binary" or None; `validation_split` with `subset` "training"/"validation"/"both" splits the
    shuffled files as Keras does (the last `validation_split` of them for validation).
    """
    if not os.path.isdir(directory):
        raise ValueError(f"text_dataset_from_directory(): {directory!r} is not a directory.")
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(f"text_dataset_from_directory(): `label_mode` must be 'int', 'categorical', "
                         f"'binary' or None, got {label_mode!r}.")
    if subset not in (None, "training", "validation", "both"):
        raise ValueError(f"text_dataset_from_directory(): `subset` must be 'training', 'validation', "
                         f"'both' or None, got {subset!r}.")
    if (validation_split is None) != (subset is None):
        raise ValueError("text_dataset_from_directory(): give `validation_split` and `subset` together.")
    if labels not in ("inferred", None):
        raise ValueError("text_dataset_from_directory(): only labels='inferred' or None are supported; "
                         "for explicit labels build the arrays yourself.")
    found = sorted(d for d in os.listdir(directory) if os.path.isdir(os.path.join(directory, d)))
    if class_names is not None:
        missing = set(class_names) - set(found)
        if missing:
            raise ValueError(f"text_dataset_from_directory(): class folders {sorted(missing)} are not in "
                             f"{directory!r} (found {found}).")
        found = list(class_names)
    if labels is None:
        found = found or ["."]
    paths, ids = _text_files(directory, found)
    if not paths:
        raise ValueError(f"text_dataset_from_directory(): no .txt files found under {directory!r}.")
    if label_mode == "binary" and len(found) != 2:
        raise ValueError(f"text_dataset_from_directory(): label_mode='binary' needs exactly 2 classes, "
                         f"found {len(found)}: {found}.")
    if seed is None:
        seed = np.random.randint(1e6)
    order = np.arange(len(paths))
    if shuffle or validation_split:
        np.random.RandomState(seed).shuffle(order)
    if verbose:
        print(f"Found {len(paths)} files belonging to {len(found)} classes.")
    texts = []
    for i in order:
        with open(paths[i], encoding=encoding) as f:
            text = f.read()
        texts.append(text if max_length is None else text[:max_length])
    x = np.array(texts, dtype=str)
    ids = ids[order]
    y = None if labels is None or label_mode is None else (
        np.eye(len(found), dtype="float32")[ids] if label_mode == "categorical"
        else ids.astype("float32")[:, None] if label_mode == "binary" else ids.astype(np.int32))

    def make(rows, reshuffle):
        return ArrayDataset(x[rows], None if y is None else y[rows], batch_size,
                            shuffle_each_epoch=reshuffle, seed=seed, class_names=found)

    rows = np.arange(len(x))
    if not validation_split:
        return make(rows, shuffle)
    n_val = int(validation_split * len(x))
    train, val = rows[:len(x) - n_val], rows[len(x) - n_val:]
    if verbose and subset in ("training", "both"):
        print(f"Using {len(train)} files for training.")
    if verbose and subset in ("validation", "both"):
        print(f"Using {len(val)} files for validation.")
    if subset == "training":
        return make(train, shuffle)
    if subset == "validation":
        return make(val, False)
    return make(train, shuffle), make(val, False)
