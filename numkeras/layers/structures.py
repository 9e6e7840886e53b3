"""Helpers on nested structures (lists, tuples, dicts) of tensors, arrays and shapes, for
`Layer.__call__` and the layers that take several inputs."""
import numpy as np

from numkeras.backend.tensor import Tensor, convert_to_tensor


def _contains_symbolic(x, cls):
    if isinstance(x, cls):
        return True
    if isinstance(x, (list, tuple)):
        return any(_contains_symbolic(i, cls) for i in x)
    if isinstance(x, dict):
        return any(_contains_symbolic(i, cls) for i in x.values())
    return False


def _masks_of(x):
    """The `_keras_mask` of a tensor, or of each tensor of a list (None when there is none)."""
    if isinstance(x, Tensor):
        return x._keras_mask
    if isinstance(x, (list, tuple)):
        masks = [i._keras_mask if isinstance(i, Tensor) else None for i in x]
        return masks if any(m is not None for m in masks) else None
    return None


def _attach_masks(outputs, masks):
    """Sets each output's `_keras_mask` from `compute_mask`'s result, unless it has one."""
    if masks is None:
        return
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    masks = masks if isinstance(masks, (list, tuple)) else [masks]
    for tensor, mask in zip(outputs, masks):
        if isinstance(tensor, Tensor) and mask is not None and tensor._keras_mask is None:
            tensor._keras_mask = mask


def _to_tensors(x):
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (list, tuple)) and x and not isinstance(x[0], (int, float)):
        if all(isinstance(i, (Tensor, np.ndarray, list, tuple)) for i in x) and not _is_numeric_list(x):
            return type(x)(_to_tensors(i) for i in x)
    if isinstance(x, dict):
        return {k: _to_tensors(v) for k, v in x.items()}
    return convert_to_tensor(x)


def _is_numeric_list(x):
    """True for a nested list of numbers (one array), False for a list of arrays."""
    try:
        arr = np.asarray(x)
    except ValueError:
        return False
    return arr.dtype != object and not any(isinstance(i, (Tensor, np.ndarray)) for i in x)


def _shapes_of(x):
    if isinstance(x, Tensor):
        return (None,) + tuple(x.shape[1:]) if x.ndim else ()
    if isinstance(x, (list, tuple)):
        return [_shapes_of(i) for i in x]
    if isinstance(x, dict):
        return {k: _shapes_of(v) for k, v in x.items()}
    return None


def _map_shapes(shape, fn):
    if isinstance(shape, dict):
        return {k: _map_shapes(v, fn) for k, v in shape.items()}
    if isinstance(shape, list) or (isinstance(shape, tuple) and shape and isinstance(shape[0], (tuple, list))):
        return [_map_shapes(s, fn) for s in shape]
    return fn(shape)


def dummy_inputs(input_shape, dtype):
    """Zeros of each shape in `input_shape` (a batch of 1 where a size is None), to probe a call."""
    return _map_shapes(input_shape,
                       lambda shape: np.zeros(tuple(1 if d is None else d for d in shape), dtype))


def _map_outputs(out, fn):
    if isinstance(out, (list, tuple)):
        return [_map_outputs(o, fn) for o in out]
    if isinstance(out, dict):
        return {k: _map_outputs(v, fn) for k, v in out.items()}
    return fn(out)


def _batch_size(x):
    x = x[0] if isinstance(x, (list, tuple)) else x
    return float(x.shape[0]) if getattr(x, "ndim", 0) else 1.0


def _jsonable_shape(shape):
    if isinstance(shape, dict):
        return {k: _jsonable_shape(v) for k, v in shape.items()}
    if isinstance(shape, list):
        return [_jsonable_shape(s) for s in shape]
    return list(shape)


def _tuple_shape(shape):
    if isinstance(shape, dict):
        return {k: _tuple_shape(v) for k, v in shape.items()}
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        return [_tuple_shape(s) for s in shape]
    return tuple(shape)
