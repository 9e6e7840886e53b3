"""`Metric`: a running statistic over the batches of an epoch.

Metrics never record gradients and work on NumPy values (Tensors are
unwrapped with `.value`). Built-in metrics keep their state in Python floats
or small NumPy arrays, so an update costs a few microseconds; `variables`
shows that state as Variables. Custom metrics declare state with
`add_variable` and update it with `assign`/`assign_add`, as in Keras.
"""
import numpy as np

from numkeras.backend import config
from numkeras.backend.tensor import Tensor, Variable
from numkeras.initializers.lookup import to_snake_case


class Metric:
    """Base class: implement `update_state(...)` and `result()`; `reset_state()` zeroes the state.

    Args:
        name: the metric's name (its key in logs and history); defaults to the
            snake_case class name.
        dtype: dtype of the state and result; defaults to `floatx()`.

    Example:
    >>> import numpy as np
    >>> class CountPositives(Metric):
    ...     def __init__(self, name="positives", dtype=None):
    ...         super().__init__(name=name, dtype=dtype)
    ...         self.count = self.add_variable(shape=(), initializer="zeros", name="count")
    ...     def update_state(self, y_true, y_pred, sample_weight=None):
    ...         self.count.assign_add(np.sum(np.asarray(y_pred) > 0))
    ...     def result(self):
    ...         return self.count
    >>> m = CountPositives(); m.update_state(None, [1.0, -2.0, 3.0]); float(m.result())
    2.0
    """

    _state_names = ()  # Python-float state of built-in metrics, shown by `variables`

    def __init__(self, name=None, dtype=None):
        self.name = name or to_snake_case(type(self).__name__)
        self._dtype = np.dtype(config.standardize_dtype(dtype))
        self._variables = []

    @property
    def dtype(self):
        return self._dtype.name

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="sum", name=None):
        """Creates a non-trainable state Variable that `reset_state` zeroes."""
        if not hasattr(self, "_variables"):
            raise RuntimeError(f"{type(self).__name__}: you forgot to call `super().__init__()` "
                               "in `__init__()`. Go add it!")
        if isinstance(initializer, str) or initializer is None:
            from numkeras import initializers

            initializer = initializers.get(initializer or "zeros")
        variable = Variable(initializer, shape=tuple(shape), dtype=dtype or self.dtype, trainable=False,
                            name=name, aggregation=aggregation)
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    @property
    def variables(self):
        """The state: declared Variables, then built-in state as (copied) Variables."""
        state = [Variable(np.asarray(getattr(self, "_" + n), self._dtype), name=n, trainable=False)
                 for n in self._state_names]
        return list(self._variables) + state

    def reset_state(self):
        """Zeroes the state (called at the start of every epoch)."""
        for variable in self._variables:
            variable.value[...] = 0

    def update_state(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must implement update_state().")

    def result(self):
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def __call__(self, *args, **kwargs):
        """`update_state(*args, **kwargs)`, then returns `result()`."""
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

    def _scalar(self, value):
        """A result as a 0-d Tensor of the metric's dtype."""
        return Tensor(self._dtype.type(value))


def numpy_value(x):
    """The NumPy array behind a Tensor, list or scalar."""
    if isinstance(x, Tensor):
        return x.value
    return x if type(x) is np.ndarray else np.asarray(x)
