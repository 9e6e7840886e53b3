"""Checks of the data itself: finite values, in batches that arrive one at a time too, and ids.

Arrays are checked once, before any step (`data.check_finite`); batches from a generator or a
PyDataset can only be checked as they arrive, so each one is, naming its index.
"""
import warnings

import numpy as np


def count_not_finite(array):
    """How many NaN/inf values a float array holds (0 for other dtypes)."""
    if array is None or array.dtype.kind not in "fc" or not array.size:
        return 0
    finite = np.isfinite(array)
    return 0 if finite.all() else int(finite.size - np.count_nonzero(finite))


def _leaves(structure, label):
    if isinstance(structure, dict):
        for key, value in structure.items():
            yield from _leaves(value, f"{label}['{key}']")
    elif isinstance(structure, (list, tuple)):
        for i, value in enumerate(structure):
            yield from _leaves(value, f"{label}[{i}]")
    elif structure is not None:
        yield label, structure


def check_batch_finite(batch, index, what):
    """Raises when batch `index` (x, y, sample_weight) from a generator/PyDataset holds NaN/inf."""
    for part, label in zip(batch, ("x", "y", "sample_weight")):
        for name, array in _leaves(part, label):
            bad = count_not_finite(array)
            if bad:
                raise ValueError(f"{what}(): batch {index} from the generator/PyDataset has {bad} NaN "
                                 f"or infinite value(s) in {name} (shape {array.shape}); clean them "
                                 f"at the source (e.g. np.nan_to_num or dropping those rows).")


def embedding_inputs(model):
    """`[(input_index, Embedding layer)]` for Embeddings that read a model input directly."""
    from numkeras.layers import Embedding

    nodes = getattr(model, "_nodes", None)
    inputs = getattr(model, "inputs", None)
    if nodes is not None and inputs:
        position = {id(t): i for i, t in enumerate(inputs)}
        return [(position[id(node.input_tensors[0])], node.layer) for node in nodes
                if isinstance(node.layer, Embedding) and node.input_tensors
                and id(node.input_tensors[0]) in position]
    layers = [layer for layer in getattr(model, "layers", ()) if type(layer).__name__ != "InputLayer"]
    if layers and isinstance(layers[0], Embedding) and type(model).__name__ == "Sequential":
        return [(0, layers[0])]
    return []


def check_embedding_ids(model, xs):
    """Checks the ids of whole input arrays against each Embedding's `input_dim`, before training,
    so an out-of-range id is reported before any batch has changed the weights."""
    for index, layer in embedding_inputs(model):
        if index < len(xs):
            layer._ids(xs[index])  # raises the layer's own message, naming the id and input_dim


def warn_if_no_batches(batches, what):
    """Keras warns when evaluation saw no data; the loss it returns then means nothing."""
    if getattr(batches, "produced", None) == 0:
        warnings.warn(f"{what}(): the generator/PyDataset yielded no batches, so nothing was "
                      f"evaluated and the returned loss/metrics are not meaningful. Make sure the "
                      f"data source yields at least one batch.", UserWarning, stacklevel=3)
