"""Nested elements as tf.data has them: tuples, dicts and (named) tuples of arrays.

A leaf is anything that is not a tuple or a dict; lists are leaves (tf.data turns a
list into one tensor). `flatten` and `pack` go between a structure and its leaves in
a fixed order (dict keys sorted, as tf.nest does), so batching and slicing can work
on flat lists of arrays.
"""
import numpy as np


def is_nested(value):
    return isinstance(value, (tuple, dict))


def flatten(value):
    """The leaves of `value`, in tf.nest's order."""
    if isinstance(value, dict):
        return [leaf for key in sorted(value) for leaf in flatten(value[key])]
    if isinstance(value, tuple):
        return [leaf for item in value for leaf in flatten(item)]
    return [value]


def pack(template, leaves):
    """Rebuilds `template`'s structure from a flat list of leaves (the inverse of `flatten`)."""
    position = iter(leaves)

    def build(node):
        if isinstance(node, dict):
            built = {key: build(node[key]) for key in sorted(node)}
            return {key: built[key] for key in node}  # the caller's key order
        if isinstance(node, tuple):
            items = [build(item) for item in node]
            return type(node)(*items) if hasattr(node, "_fields") else tuple(items)
        return next(position)

    return build(template)


def map_structure(fn, value):
    return pack(value, [fn(leaf) for leaf in flatten(value)])


def to_numpy(leaf):
    """A leaf as a NumPy array: tensors (anything with `.numpy()`) are converted."""
    if isinstance(leaf, np.ndarray):
        return leaf
    if hasattr(leaf, "numpy"):
        leaf = leaf.numpy()
    elif hasattr(leaf, "detach"):  # a torch tensor that tracks gradients
        leaf = leaf.detach().cpu().numpy()
    array = np.asarray(leaf)
    if isinstance(leaf, (float, list)) and not isinstance(leaf, np.generic) and \
            array.dtype == np.float64:  # Python floats and lists: TensorFlow's float32
        array = array.astype(np.float32)
    return array


def as_numpy(value):
    return map_structure(to_numpy, value)


class TensorSpec:
    """The shape and dtype of one leaf of a dataset's elements (`tf.TensorSpec`).

    Args:
        shape: tuple with None for an axis of unknown size.
        dtype: a NumPy dtype.
        name: optional name.
    """

    def __init__(self, shape, dtype="float32", name=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = np.dtype(dtype)
        self.name = name

    def __eq__(self, other):
        return isinstance(other, TensorSpec) and (self.shape, self.dtype) == (other.shape, other.dtype)

    def __hash__(self):
        return hash((self.shape, self.dtype))

    def __repr__(self):
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype.name}, name={self.name!r})"


def spec_of(element):
    """The nested TensorSpecs of one element."""
    return map_structure(lambda leaf: TensorSpec(np.shape(leaf), np.asarray(leaf).dtype), element)
