"""`np.add.at` for whole rows, compiled by numba: the gradient of a row gather (an Embedding).

An IMDB LSTM batch gathers 64,000 rows of 32 from a 10,000-row table; `np.add.at` scatters
their gradients back at ~70 ms a batch (it handles any index, element by element), which was a
sixth of a training step. This loop adds row after row, in the same order as `np.add.at`, so
the sums are the same bits (`tests/backend/test_gather_loops.py`). Only imported when numba is
(see `compiled_loops`); the NumPy path (`math_ops.take`'s VJP) is the reference.
"""
from numba import njit


def add_rows_at(out, indices, rows):
    """`out[indices[i]] += rows[i]` for each i in order; `out` (n, d), `indices` (m,) in
    [-n, n), `rows` (m, d), all C-contiguous."""
    n = out.shape[0]
    for i in range(indices.shape[0]):
        index = indices[i]
        if index < 0:
            index += n
        target, row = out[index], rows[i]
        for j in range(row.shape[0]):
            target[j] += row[j]


try:  # no writable cache folder: compile in memory, once per process
    add_rows_at = njit(add_rows_at, cache=True)
except Exception:
    add_rows_at = njit(add_rows_at)
