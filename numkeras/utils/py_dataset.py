"""`PyDataset` (and its Keras 2 name `Sequence`): batches served by index."""


class PyDataset:
    """Base class for data sets that serve whole batches: implement `__len__` and `__getitem__`.

    `fit` calls `ds[i]` for `i in range(len(ds))` every epoch, then `on_epoch_end()`.
    Each item is `x`, `(x, y)` or `(x, y, sample_weight)`.

    Args:
        workers, use_multiprocessing, max_queue_size: accepted for compatibility; batches are
            served in the calling thread.

    Example:
    >>> class Ones(PyDataset):
    ...     def __len__(self): return 2
    ...     def __getitem__(self, i): return np.ones((4, 3)), np.ones((4, 1))
    >>> len(Ones())
    2
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self.workers = workers
        self.use_multiprocessing = use_multiprocessing
        self.max_queue_size = max_queue_size

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __len__ (number of batches).")

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__(index) "
                                  f"returning a batch.")

    @property
    def num_batches(self):
        return len(self)

    def on_epoch_end(self):
        """Called after each epoch (shuffle here if you like)."""


Sequence = PyDataset
