"""The few `tf.*` functions Keras scripts touch, on numkeras tensors and NumPy.

This module is what `import tensorflow as tf` serves at the top level inside
`numkeras run` (its public names are `tf.constant`, `tf.reduce_mean`, ...);
`tf.keras` and the `_ns_*` namespaces (`tf.random`, `tf.config`, ...) are the
other shim modules. Anything not here is reported as missing by name.

TensorFlow's conventions are kept where scripts can see them: Python floats
become float32 and Python ints int32, `tf.argmax` reduces axis 0 by default,
and `tf.random.set_seed` seeds numkeras's generator only (NumPy's and Python's
global generators are left as they were, as TensorFlow leaves them).
"""
import collections
import logging
import random as _python_random

import numpy as np

from numkeras import ops
from numkeras.backend import GradientTape, Tensor  # noqa: F401
from numkeras.backend import Variable as _Variable
from numkeras.data import TensorSpec  # noqa: F401 - `tf.TensorSpec` for from_generator signatures

__version__ = "2.16.0+numkeras"  # TF 2.16 is the first whose tf.keras is Keras 3

# NumPy dtypes: `x.astype(tf.float32)`, `dtype=tf.int32` and `tf.float32.name` all work.
float16, float32, float64 = np.dtype("float16"), np.dtype("float32"), np.dtype("float64")
int8, int16, int32, int64 = np.dtype("int8"), np.dtype("int16"), np.dtype("int32"), np.dtype("int64")
uint8, uint16 = np.dtype("uint8"), np.dtype("uint16")
bool = np.dtype("bool")  # noqa: A001 - `tf.bool`
newaxis = None


def _as_array(value, dtype=None):
    if isinstance(value, Tensor):
        value = value.numpy()
    if dtype is not None:
        return np.asarray(value, dtype=dtype)
    array = np.asarray(value)
    if not isinstance(value, np.ndarray):  # Python numbers and lists: TF's default widths
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        elif array.dtype == np.int64:
            array = array.astype(np.int32)
    return array


def constant(value, dtype=None, shape=None, name=None):
    """`tf.constant`: a tensor holding `value` (broadcast to `shape` if given)."""
    array = _as_array(value, dtype)
    if shape is not None:
        array = np.broadcast_to(array, shape).copy() if array.size == 1 else array.reshape(shape)
    return Tensor(array)


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    return value if isinstance(value, Tensor) and dtype is None else Tensor(_as_array(value, dtype))


def Variable(initial_value, trainable=True, name=None, dtype=None, **kwargs):  # noqa: N802
    """`tf.Variable` as a numkeras Variable (usable with `tf.GradientTape`)."""
    dtype = dtype if dtype is not None else (_as_array(initial_value).dtype
                                              if not callable(initial_value) else None)
    return _Variable(initial_value, dtype=dtype, trainable=trainable, name=name)


def _reduce(op):
    def reduce(input_tensor, axis=None, keepdims=False, name=None):
        return op(input_tensor, axis=axis, keepdims=keepdims)
    reduce.__doc__ = f"`tf.reduce_*` over `axis` (all when None), via numkeras.ops.{op.__name__}."
    return reduce


reduce_sum, reduce_mean = _reduce(ops.sum), _reduce(ops.mean)
reduce_max, reduce_min = _reduce(ops.max), _reduce(ops.min)
reduce_all, reduce_any = _reduce(ops.all), _reduce(ops.any)
reduce_std, reduce_variance = _reduce(ops.std), _reduce(ops.var)

add, subtract, multiply, divide = ops.add, ops.subtract, ops.multiply, ops.divide
maximum, minimum, square, sqrt = ops.maximum, ops.minimum, ops.square, ops.sqrt
exp, log, abs, sign = ops.exp, ops.log, ops.abs, ops.sign  # noqa: A001
sigmoid, tanh, matmul = ops.sigmoid, ops.tanh, ops.matmul
equal, not_equal, greater, less = ops.equal, ops.not_equal, ops.greater, ops.less
floor, ceil, round = ops.floor, ops.ceil, ops.round  # noqa: A001
stop_gradient, transpose, squeeze = ops.stop_gradient, ops.transpose, ops.squeeze
pow = ops.power  # noqa: A001


def reshape(tensor, shape, name=None):
    return ops.reshape(tensor, tuple(shape))


def cast(x, dtype, name=None):
    return ops.cast(x, dtype)


def expand_dims(input, axis, name=None):  # noqa: A002
    return ops.expand_dims(input, axis)


def concat(values, axis, name=None):
    return ops.concatenate(values, axis=axis)


def stack(values, axis=0, name=None):
    return ops.stack(values, axis=axis)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    return ops.clip(t, clip_value_min, clip_value_max)


def argmax(input, axis=None, output_type=np.int64, name=None):  # noqa: A002
    return Tensor(np.argmax(_as_array(input), axis=0 if axis is None else axis).astype(output_type))


def argmin(input, axis=None, output_type=np.int64, name=None):  # noqa: A002
    return Tensor(np.argmin(_as_array(input), axis=0 if axis is None else axis).astype(output_type))


def where(condition, x=None, y=None, name=None):
    return ops.where(condition, x, y)


def zeros(shape, dtype=np.float32, name=None):
    return Tensor(np.zeros(shape, dtype))


def ones(shape, dtype=np.float32, name=None):
    return Tensor(np.ones(shape, dtype))


def zeros_like(input, dtype=None, name=None):  # noqa: A002
    return Tensor(np.zeros_like(_as_array(input), dtype=dtype))


def ones_like(input, dtype=None, name=None):  # noqa: A002
    return Tensor(np.ones_like(_as_array(input), dtype=dtype))


def range(start, limit=None, delta=1, dtype=None, name=None):  # noqa: A001
    if limit is None:
        start, limit = 0, start
    values = np.arange(start, limit, delta)
    return Tensor(values.astype(dtype) if dtype is not None else _as_array(values.tolist()))


def one_hot(indices, depth, on_value=None, off_value=None, axis=-1, dtype=np.float32, name=None):
    hot = ops.one_hot(indices, depth, axis=axis, dtype=dtype).numpy()
    on = 1 if on_value is None else on_value
    off = 0 if off_value is None else off_value
    return Tensor(np.where(hot == 1, on, off).astype(dtype))


def shape(input, out_type=np.int32, name=None):  # noqa: A002
    return Tensor(np.asarray(np.shape(_as_array(input)), dtype=out_type))


def identity(input, name=None):  # noqa: A002
    return input


def executing_eagerly():
    return True  # numkeras always runs eagerly on NumPy


def function(func=None, **options):
    """`@tf.function` / `@tf.function(jit_compile=True)`: the Python function runs as is."""
    if func is None:
        return lambda f: f
    return func


def print(*inputs, **kwargs):  # noqa: A001
    import builtins

    values = [x.numpy() if isinstance(x, Tensor) else x for x in inputs]
    kwargs.pop("output_stream", None)
    kwargs.pop("summarize", None)
    builtins.print(*values, **kwargs)


def get_logger():
    return logging.getLogger("tensorflow")


# --- namespaces served as tf.nn, tf.random, tf.config, ... (see table.py) -------------------
def _ns_root():
    return {"__version__": __version__}


def _ns_version():
    return {"VERSION": __version__, "GIT_VERSION": "unknown", "COMPILER_VERSION": "numpy",
            "GRAPH_DEF_VERSION": 0}


def linspace(start, stop, num, name=None, axis=0):
    return Tensor(np.linspace(_as_array(start), _as_array(stop), int(num), axis=axis).astype(np.float32))


def split(value, num_or_size_splits, axis=0, num=None, name=None):
    """`tf.split`: an int is a number of equal parts, a list the sizes of the parts (-1: the rest)."""
    if isinstance(num_or_size_splits, (int, np.integer)):
        return ops.split(value, int(num_or_size_splits), axis=axis)
    sizes = [int(s) for s in np.asarray(_as_array(num_or_size_splits)).reshape(-1)]
    if -1 in sizes:
        sizes[sizes.index(-1)] = np.shape(_as_array(value))[axis] - (np.sum(sizes) + 1)
    return ops.split(value, np.cumsum(sizes)[:-1].tolist(), axis=axis)


def tile(input, multiples, name=None):  # noqa: A002
    return ops.tile(input, [int(m) for m in np.asarray(_as_array(multiples)).reshape(-1)])


def gather(params, indices, axis=None, batch_dims=0, name=None):
    return ops.take(params, indices, axis=0 if axis is None else axis)


def einsum(equation, *inputs, **kwargs):
    return ops.einsum(equation, *inputs)


def _saved_model_unsupported(*args, **kwargs):
    raise NotImplementedError("numkeras has no TensorFlow graphs, so tf.saved_model is not supported; "
                              "save with model.save('model.keras') and load with keras.models.load_model.")


def _ns_saved_model():
    return {"save": _saved_model_unsupported, "load": _saved_model_unsupported,
            "contains_saved_model": lambda export_dir: False}


def _ns_nn():
    return {"relu": ops.relu, "relu6": ops.relu6, "sigmoid": ops.sigmoid, "tanh": ops.tanh,
            "softmax": ops.softmax, "log_softmax": ops.log_softmax, "softplus": ops.softplus,
            "softsign": ops.softsign, "elu": ops.elu, "selu": ops.selu, "gelu": ops.gelu,
            "silu": ops.silu, "swish": ops.silu,
            "leaky_relu": lambda features, alpha=0.2, name=None: ops.leaky_relu(features, alpha)}


def _set_seed(seed):
    """`tf.random.set_seed`: seeds numkeras's generator, not NumPy's or Python's."""
    from numkeras.backend.random import set_random_seed

    numpy_state, python_state = np.random.get_state(), _python_random.getstate()
    set_random_seed(seed)
    np.random.set_state(numpy_state)
    _python_random.setstate(python_state)


def _ns_random():
    from numkeras.backend import random as nk_random

    def uniform(shape, minval=0, maxval=None, dtype=np.float32, seed=None, name=None):
        if np.dtype(dtype).kind == "i":
            return Tensor(nk_random.randint(shape, minval, maxval, dtype=dtype, seed=seed))
        high = 1.0 if maxval is None else maxval
        return Tensor(nk_random.uniform(shape, minval, high, dtype, seed))

    def normal(shape, mean=0.0, stddev=1.0, dtype=np.float32, seed=None, name=None):
        return Tensor(nk_random.normal(shape, mean, stddev, dtype, seed))

    def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=np.float32, seed=None, name=None):
        return Tensor(nk_random.truncated_normal(shape, mean, stddev, dtype, seed))

    def shuffle(value, seed=None, name=None):
        array = _as_array(value)
        return Tensor(array[nk_random.permutation(len(array), seed)])

    return {"set_seed": _set_seed, "uniform": uniform, "normal": normal,
            "truncated_normal": truncated_normal, "shuffle": shuffle}


_PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
_CPU = _PhysicalDevice("/physical_device:CPU:0", "CPU")


def _list_devices(device_type=None):
    return [_CPU] if device_type in (None, "CPU") else []  # NumPy: one CPU, no GPU


def _no_op(*args, **kwargs):
    """Accepted for compatibility; it changes nothing in numkeras."""
    return None


def _ns_config():
    return {"list_physical_devices": _list_devices, "list_logical_devices": _list_devices,
            "get_visible_devices": _list_devices, "set_visible_devices": _no_op,
            "run_functions_eagerly": _no_op, "functions_run_eagerly": lambda: True,
            "set_soft_device_placement": _no_op}


def _ns_config_experimental():
    return {"set_memory_growth": _no_op, "get_memory_growth": lambda device: False,
            "list_physical_devices": _list_devices, "set_visible_devices": _no_op,
            "enable_op_determinism": _no_op}  # numkeras is deterministic already


def _ns_config_threading():
    return {"set_inter_op_parallelism_threads": _no_op, "set_intra_op_parallelism_threads": _no_op,
            "get_inter_op_parallelism_threads": lambda: 0,
            "get_intra_op_parallelism_threads": lambda: 0}


def _ns_test():
    return {"is_gpu_available": lambda cuda_only=False, min_cuda_compute_capability=None: False,
            "gpu_device_name": lambda: "", "is_built_with_cuda": lambda: False}


def _ns_autograph():
    return {"set_verbosity": _no_op}


def _ns_data_experimental():
    from numkeras import data

    return {"AUTOTUNE": data.AUTOTUNE, "INFINITE_CARDINALITY": data.INFINITE_CARDINALITY,
            "UNKNOWN_CARDINALITY": data.UNKNOWN_CARDINALITY,
            "cardinality": lambda dataset: dataset.cardinality()}
