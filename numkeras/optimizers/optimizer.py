"""The optimizer base class: slots, learning rate, clipping, weight decay and the step loop.

One step (`apply`), in Keras 3's order: unscale (loss_scale_factor) -> clip
(clipnorm per tensor, else global_clipnorm, else clipvalue) -> decoupled weight
decay `w -= w * wd * lr` -> the optimizer's update rule -> EMA of the weights
-> variable constraints -> `iterations += 1`.

Built-in optimizers implement two hooks instead of `update_step` so the loop
stays cheap: `_prepare_step(lr)` writes the step's scalars once into 0-d arrays
(a NumPy ufunc with a Python float operand costs ~0.3 µs more than with a 0-d
array), and `_update(i, grad, value)` updates variable number `i` in place,
using one scratch buffer per variable allocated in `build`. A user subclass
may override `update_step(gradient, variable, learning_rate)` as in Keras.
"""
import re
import warnings

import numpy as np

from numkeras.backend import config
from numkeras.backend.tensor import Tensor, Variable
from numkeras.optimizers import clipping, schedules
from numkeras.optimizers.arguments import as_float, optional_float, pop_legacy_kwargs, unique_name

_LEGACY_CONFIG_KEYS = ("is_legacy_optimizer", "jit_compile")  # tf.keras 2 configs; no effect here


class Optimizer:
    """Base class of all optimizers (Keras 3's `keras.optimizers.Optimizer`).

    Args:
        learning_rate: a float, a `LearningRateSchedule` (called with the
            iteration count) or a callable taking no argument.
        weight_decay: float or None; decoupled decay `w -= w * wd * lr` before each update.
        clipnorm: float or None; clip each gradient to this L2 norm.
        clipvalue: float or None; clip each gradient entry into `[-clipvalue, clipvalue]`.
        global_clipnorm: float or None; clip all gradients jointly to this L2 norm.
        use_ema: bool; keep an exponential moving average of the weights.
        ema_momentum: float in [0, 1]; the EMA's momentum.
        ema_overwrite_frequency: int or None; copy the EMA into the weights every this many steps.
        loss_scale_factor: float or None; gradients are divided by it.
        gradient_accumulation_steps: int >= 2 or None; update every this many steps
            with the mean of the accumulated gradients.
        name: string; defaults to the snake-case class name, made unique.
        lr: deprecated alias of `learning_rate` (tf.keras 2).
        decay: deprecated tf.keras 2 time decay: `lr_t = lr / (1 + decay * iterations)`.

    Example:
    >>> from numkeras.optimizers import SGD
    >>> w = Variable(np.array([1.0, 2.0]))
    >>> opt = SGD(learning_rate=0.1)
    >>> opt.apply([np.array([1.0, -1.0])], [w])
    >>> [round(x, 6) for x in w.numpy().tolist()], int(opt.iterations)
    ([0.9, 2.1], 1)
    """

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        learning_rate, self.decay = pop_legacy_kwargs(self, learning_rate, kwargs)
        cls = type(self).__name__
        self.name = unique_name(cls) if name is None else str(name)
        self.weight_decay = optional_float(weight_decay, "weight_decay", cls)
        self.clipnorm = optional_float(clipnorm, "clipnorm", cls)
        self.clipvalue = optional_float(clipvalue, "clipvalue", cls)
        self.global_clipnorm = optional_float(global_clipnorm, "global_clipnorm", cls)
        if sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError(f"{cls}: only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be "
                             f"set. Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                             f"global_clipnorm={global_clipnorm}")
        self.use_ema = bool(use_ema)
        self.ema_momentum = as_float(ema_momentum, "ema_momentum", cls)
        if self.use_ema and not 0.0 <= self.ema_momentum <= 1.0:
            raise ValueError(f"{cls}: `ema_momentum` must be in the range [0, 1]. "
                             f"Received: ema_momentum={ema_momentum}")
        if ema_overwrite_frequency is not None and (
                not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1):
            raise ValueError(f"{cls}: `ema_overwrite_frequency` must be an integer >= 1 or None. "
                             f"Received: ema_overwrite_frequency={ema_overwrite_frequency!r}")
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = optional_float(loss_scale_factor, "loss_scale_factor", cls)
        if gradient_accumulation_steps is not None and (
                not isinstance(gradient_accumulation_steps, int) or gradient_accumulation_steps < 2):
            raise ValueError(f"{cls}: `gradient_accumulation_steps` must be an integer >= 2. "
                             f"Received: gradient_accumulation_steps={gradient_accumulation_steps!r}")
        self.gradient_accumulation_steps = gradient_accumulation_steps

        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._index = {}
        self._checked_shapes = False
        self._clip_buffers = None
        self._excluded_variables, self._exclude_pattern = [], None
        self._iterations = Variable(np.array(0, dtype="int64"), dtype="int64", name="iteration",
                                    trainable=False, path=f"{self.name}/iteration")
        self._variables.append(self._iterations)
        self._lr_variable = None
        self._learning_rate = None
        self._set_learning_rate(learning_rate)
        self._custom_update_step = type(self).update_step is not Optimizer.update_step

    # --- learning rate ------------------------------------------------------------------
    def _set_learning_rate(self, learning_rate):
        """Float -> stored in the `learning_rate` Variable; schedule or callable -> kept as is."""
        if isinstance(learning_rate, schedules.LearningRateSchedule) or (
                callable(learning_rate) and not isinstance(learning_rate, Tensor)):
            if self._lr_variable is not None:  # Keras untracks the stored rate too
                self._variables.remove(self._lr_variable)
                self._lr_variable = None
            self._learning_rate = learning_rate
            return
        value = as_float(learning_rate, "learning_rate", type(self).__name__,
                          "a float, a LearningRateSchedule or a callable")
        if self._lr_variable is not None:
            self._lr_variable.value[()] = value
            return
        if isinstance(self._learning_rate, schedules.LearningRateSchedule):
            raise TypeError("This optimizer was created with a `LearningRateSchedule` as its "
                            "`learning_rate`, hence its learning rate is not settable. Create it with "
                            "a float `learning_rate` if you need to set it.")
        self._lr_variable = Variable(np.array(value, config.floatx()), name="learning_rate",
                                     trainable=False, path=f"{self.name}/learning_rate")
        self._variables.insert(1, self._lr_variable)
        self._learning_rate = self._lr_variable

    @property
    def learning_rate(self):
        """The learning rate: its `Variable` when it is a float, else the current value of the schedule."""
        if self._lr_variable is not None:
            return self._lr_variable
        return Tensor(np.array(self._base_learning_rate(), config.floatx()))

    @learning_rate.setter
    def learning_rate(self, value):
        self._set_learning_rate(value)

    @property
    def lr(self):
        """Deprecated alias of `learning_rate` (tf.keras 2)."""
        return self.learning_rate

    @lr.setter
    def lr(self, value):
        self._set_learning_rate(value)

    def _base_learning_rate(self):
        rate = self._learning_rate
        if self._lr_variable is not None:
            return float(self._lr_variable.value)
        if isinstance(rate, schedules.LearningRateSchedule):
            return float(rate(int(self._iterations.value)))
        return float(rate())  # a plain callable takes no argument, as in Keras

    def _current_learning_rate(self):
        """The rate for this step, as a Python float (with the legacy time decay applied)."""
        lr = float(self._lr_variable.value) if self._lr_variable is not None else self._base_learning_rate()
        if self.decay:
            lr /= 1.0 + self.decay * int(self._iterations.value)
        return lr

    @property
    def iterations(self):
        """The number of steps taken, an int64 `Variable` (update steps only under gradient accumulation)."""
        if self.gradient_accumulation_steps:
            return Tensor(np.array(int(self._iterations.value) // self.gradient_accumulation_steps))
        return self._iterations

    def _step_count(self):
        """`iterations` as a Python int (what bias corrections count)."""
        count = self._iterations.value.item()
        return count // self.gradient_accumulation_steps if self.gradient_accumulation_steps else count

    @property
    def variables(self):
        """iterations, learning_rate (when a float), then the slots in Keras's order."""
        return self._variables[:]

    # --- building -------------------------------------------------------------------------
    def build(self, variables):
        """Creates the slots for `variables` (a list of `Variable`s); subclasses add theirs after."""
        variables = list(variables)
        for v in variables:
            if not isinstance(v, Variable):
                raise TypeError(f"{type(self).__name__}.build() expects Variables, got "
                                f"{type(v).__name__}. Pass the model's trainable_variables.")
        self._trainable_variables = variables
        self._index = {id(v): i for i, v in enumerate(variables)}
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(variables, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = self.add_optimizer_variables(variables, "gradient_accumulator")
        self._scratch = [np.empty_like(v.value) for v in variables]
        self._clip_buffers = None  # allocated on the first clipped step
        self._use_weight_decay = [self._decays(v) for v in variables]
        self._checked_shapes = False
        self.built = True

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", name=None):
        """Adds a non-trainable optimizer variable ("zeros", "ones" or a constant/callable initializer)."""
        dtype = config.standardize_dtype(dtype)
        if initializer in ("zeros", "ones"):
            value = (np.zeros if initializer == "zeros" else np.ones)(shape, dtype)
        elif callable(initializer):
            value = initializer(tuple(shape), dtype=dtype)
        else:
            value = np.full(shape, initializer, dtype)
        variable = Variable(value, dtype=dtype, trainable=False, name=name, aggregation=aggregation,
                            path=f"{self.name}/{name}")
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """Adds a slot shaped like `reference_variable`, named `{its path with _}_{name}` as Keras."""
        name = f"{reference_variable.path.replace('/', '_')}_{name or 'var'}"
        return self.add_variable(reference_variable.shape, initializer, reference_variable.dtype, name=name)

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """Adds one slot per variable for each name, interleaved per variable (Keras's saved order).

        Returns a list of slots for one name, a tuple of lists for a list of names.
        """
        names = [name] if isinstance(name, str) else list(name)
        inits = initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(names)
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for k, (slot_name, init) in enumerate(zip(names, inits)):
                slots[k].append(self.add_variable_from_reference(variable, slot_name, init))
        return slots[0] if isinstance(name, str) else slots

    def _get_variable_index(self, variable):
        return self._index[id(variable)]

    def _make_scalars(self, **values):
        """Per-variable packs of 0-d arrays in the variable's dtype, one pack per distinct dtype."""
        packs, per_variable = {}, []
        for variable in self._trainable_variables:
            dtype = variable.value.dtype
            if dtype not in packs:
                packs[dtype] = _Scalars(dtype, values)
            per_variable.append(packs[dtype])
        self._scalar_packs = list(packs.values())
        return per_variable

    # --- weight decay ---------------------------------------------------------------------
    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exempts variables from weight decay, by identity or by a substring of their name (before build)."""
        if self.built:
            raise ValueError("`exclude_from_weight_decay()` can only be configured before the "
                             "optimizer is built.")
        self._excluded_variables = list(var_list or ())
        self._exclude_pattern = re.compile("|".join(map(re.escape, var_names))) if var_names else None

    def _decays(self, variable):
        if any(variable is excluded for excluded in self._excluded_variables):
            return False
        return not (self._exclude_pattern and self._exclude_pattern.search(variable.name))

    def _apply_weight_decay(self, variables, learning_rate):
        step = self.weight_decay * learning_rate
        for variable in variables:
            i = self._index[id(variable)]
            if self._use_weight_decay[i]:
                w, s = variable.value, self._scratch[i]
                np.multiply(w, step, out=s)  # w - w*wd*lr as Keras (not w*(1 - wd*lr): 1 - tiny rounds)
                np.subtract(w, s, out=w)

    # --- clipping -------------------------------------------------------------------------
    def _clip_gradients(self, grads, variables):
        """Returns the clipped gradients (Keras's rule: clipnorm, else global_clipnorm, else clipvalue)."""
        if self._clip_buffers is None:
            self._clip_buffers = [np.empty_like(v.value) for v in self._trainable_variables]
        buffers = [self._clip_buffers[self._index[id(v)]] for v in variables]
        if self.clipnorm and self.clipnorm > 0:
            return clipping.clip_by_norm(grads, buffers, self.clipnorm)
        if self.global_clipnorm and self.global_clipnorm > 0:
            return clipping.clip_by_global_norm(grads, buffers, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            return clipping.clip_by_value(grads, buffers, self.clipvalue)
        return list(grads)

    # --- the step -------------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        """Applies a list of `(gradient, variable)` pairs; returns `iterations`."""
        pairs = list(grads_and_vars)
        if pairs:
            grads, variables = zip(*pairs)
            self.apply(list(grads), list(variables))
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        """Updates the variables in place from their gradients (builds the optimizer on first use).

        Args:
            grads: list of arrays (or Tensors), one per variable; None entries are skipped.
            trainable_variables: the variables; defaults to those the optimizer was built with.
        """
        if type(grads) is not list:
            grads = list(grads)
        if trainable_variables is None:
            if not self.built:
                raise ValueError("When passing `grads` without `variables`, the optimizer must already "
                                 "be built on a list of variables. Call `optimizer.build(variables)` first.")
            variables = self._trainable_variables
        else:
            variables = trainable_variables
            if type(variables) is not list:
                variables = list(variables)
            if not self.built:
                self.build(variables)
        if len(grads) == 0:
            return
        if not self._checked_shapes:
            self._check_first_step(grads, variables)
        grads, variables = _drop_missing(grads, variables)
        if self.loss_scale_factor is not None:
            grads = [g / self.loss_scale_factor for g in grads]
        try:
            if self.gradient_accumulation_steps:
                self._accumulate_or_update(grads, variables)
            elif self.clipnorm or self.global_clipnorm or self.clipvalue or self.weight_decay:
                self._clip_decay_update(grads, variables, self._current_learning_rate())
            else:  # the usual step, two calls shorter (they count for tiny models)
                self._backend_update_step(grads, variables, self._current_learning_rate())
        except KeyError:
            self._raise_if_unknown(variables)
            raise
        if self.use_ema:
            self._update_moving_average()
        for variable in variables:
            constraint = variable.constraint
            if constraint is not None:
                variable.value[...] = constraint(variable.value)
        counter = self._iterations.value
        counter[()] = counter.item() + 1

    def _clip_decay_update(self, grads, variables, learning_rate):
        if self.clipnorm or self.global_clipnorm or self.clipvalue:
            grads = self._clip_gradients(grads, variables)
        if self.weight_decay:
            self._apply_weight_decay(variables, learning_rate)
        self._backend_update_step(grads, variables, learning_rate)

    def _backend_update_step(self, grads, variables, learning_rate):
        """Runs the update rule on every (gradient, variable) pair."""
        if self._custom_update_step:
            for grad, variable in zip(grads, variables):
                self.update_step(grad, variable, learning_rate)
            return
        self._prepare_step(learning_rate)
        index, update = self._index, self._update
        for grad, variable in zip(grads, variables):
            update(index[id(variable)], grad, variable.value)

    def update_step(self, gradient, variable, learning_rate):
        """Updates one variable in place. Override this (Keras API) or `_prepare_step` and `_update`."""
        self._prepare_step(float(learning_rate))
        self._update(self._get_variable_index(variable), _as_array(gradient), variable.value)

    def _prepare_step(self, learning_rate):
        raise NotImplementedError(f"{type(self).__name__} must implement `update_step(gradient, "
                                  "variable, learning_rate)`.")

    def _update(self, i, grad, value):
        raise NotImplementedError

    def _write_learning_rate(self, learning_rate):
        """The `_prepare_step` of updates whose only per-step scalar is `lr` (SGD, RMSprop, ...)."""
        for pack in self._scalar_packs:
            pack.lr[()] = learning_rate

    def _accumulate_or_update(self, grads, variables):
        """Keras's gradient accumulation: add up, and every N-th step update with the mean."""
        steps = self.gradient_accumulation_steps
        accumulators = [self._accumulated_gradients[self._index[id(v)]].value for v in variables]
        if (self._iterations.value.item() + 1) % steps:
            for acc, grad in zip(accumulators, grads):
                np.add(acc, grad, out=acc)
            return
        grads = [(grad + acc) / steps for grad, acc in zip(grads, accumulators)]
        self._clip_decay_update(grads, variables, self._current_learning_rate())
        for acc in accumulators:
            acc.fill(0)

    def _update_moving_average(self):
        momentum = self.ema_momentum if self._step_count() != 0 else 0.0
        for variable, average in zip(self._trainable_variables, self._model_variables_moving_average):
            average.value[...] = momentum * average.value + (1.0 - momentum) * variable.value
        frequency = self.ema_overwrite_frequency
        if frequency and (self._step_count() + 1) % frequency == 0:
            self._overwrite_model_variables_with_average_value(self._trainable_variables)

    def _overwrite_model_variables_with_average_value(self, variables):
        for variable, average in zip(variables, self._model_variables_moving_average):
            variable.assign(average.value)

    def finalize_variable_values(self, var_list):
        """At the end of training: copies the moving averages into the weights when `use_ema`."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(var_list)

    def scale_loss(self, loss):
        """Multiplies the loss by `loss_scale_factor` (when set) before gradients are taken."""
        return loss if self.loss_scale_factor is None else loss * self.loss_scale_factor

    def _check_first_step(self, grads, variables):
        """Checked once after build, not every step: counts, known variables, gradient shapes."""
        if len(grads) != len(variables):
            raise ValueError(f"{type(self).__name__}.apply() got {len(grads)} gradients for "
                             f"{len(variables)} variables; they must match one to one.")
        self._raise_if_unknown(variables)
        for grad, variable in zip(grads, variables):
            if grad is not None and np.shape(_as_array(grad)) != variable.shape:
                raise ValueError(f"{type(self).__name__}: gradient for variable '{variable.path}' has "
                                 f"shape {np.shape(_as_array(grad))}, expected {variable.shape}.")
        self._checked_shapes = True

    def _raise_if_unknown(self, variables):
        for variable in variables:
            if id(variable) not in self._index:
                raise ValueError(f"Unknown variable: '{getattr(variable, 'path', variable)}'. This "
                                 "optimizer can only be called for the variables it was built with; "
                                 "create a new optimizer for a new set of variables.")

    # --- state and config -----------------------------------------------------------------
    def set_weights(self, weights):
        """Sets all optimizer variables (in `variables` order) from a list of arrays."""
        if not self.built:
            raise ValueError("You are calling `set_weights()` on an optimizer that has not yet been "
                             "built. Call `optimizer.build(trainable_variables)` first.")
        for variable, weight in zip(self._variables, weights):
            variable.assign(weight)

    def get_weights(self):
        """Copies of all optimizer variables' values, in `variables` order."""
        return [v.numpy() for v in self._variables]

    def save_own_variables(self, store):
        """Writes the variables into `store` under keys "0", "1", ... (the .keras weights layout)."""
        for i, variable in enumerate(self._variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        """Reads the variables back from `store`; skips with a warning when the counts differ."""
        if len(store.keys()) != len(self._variables):
            warnings.warn(f"Skipping variable loading for optimizer '{self.name}', because it has "
                          f"{len(self._variables)} variables whereas the saved optimizer has "
                          f"{len(store.keys())} variables.", stacklevel=2)
            return
        for i, variable in enumerate(self._variables):
            variable.assign(store[str(i)])

    def get_config(self):
        """The constructor arguments, in Keras's key order (a float learning rate is read back in float32)."""
        rate = self._learning_rate
        if self._lr_variable is not None:
            rate = float(self._lr_variable.value)
        elif isinstance(rate, schedules.LearningRateSchedule):
            rate = schedules.serialize(rate)
        else:
            rate = {"module": getattr(rate, "__module__", "builtins"), "class_name": "function",
                    "config": getattr(rate, "__name__", repr(rate)), "registered_name": "function"}
        config_ = {"name": self.name, "learning_rate": rate, "weight_decay": self.weight_decay,
                   "clipnorm": self.clipnorm, "global_clipnorm": self.global_clipnorm,
                   "clipvalue": self.clipvalue, "use_ema": self.use_ema,
                   "ema_momentum": self.ema_momentum,
                   "ema_overwrite_frequency": self.ema_overwrite_frequency,
                   "loss_scale_factor": self.loss_scale_factor,
                   "gradient_accumulation_steps": self.gradient_accumulation_steps}
        if self.decay:
            config_["decay"] = self.decay
        return config_

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Creates an optimizer from `get_config()`'s output (tf.keras 2 configs accepted)."""
        config = dict(config)
        for key in _LEGACY_CONFIG_KEYS:
            config.pop(key, None)
        if not config.get("decay", 1):
            config.pop("decay")  # tf.keras 2 always wrote decay=0.0
        rate = config.get("learning_rate")
        if isinstance(rate, dict):
            config["learning_rate"] = _deserialize_rate(rate, custom_objects)
        return cls(**config)

    def __setstate__(self, state):
        # Variables are looked up by id(); a copy (pickle, deepcopy) has new ids.
        self.__dict__.update(state)
        self._index = {id(v): i for i, v in enumerate(self._trainable_variables)}

    def __repr__(self):
        rate = (float(self._lr_variable.value) if self._lr_variable is not None
                else type(self._learning_rate).__name__)
        return (f"<{type(self).__name__} name={self.name!r} learning_rate={rate} "
                f"iterations={int(self._iterations.value)} built={self.built}>")


# --- helpers ------------------------------------------------------------------------------
class _Scalars:
    """0-d arrays of one dtype, used as ufunc operands; set per step with `pack.name[()] = x`."""

    def __init__(self, dtype, values):
        self.dtype = dtype
        for key, value in values.items():
            setattr(self, key, np.array(value, dtype))


def _as_array(grad):
    if type(grad) is np.ndarray:
        return grad
    return np.asarray(grad.value if isinstance(grad, Tensor) else grad)


def _drop_missing(grads, variables):
    """Unwraps Tensors and drops None gradients (warning, as Keras; an error when none is left)."""
    for grad in grads:
        if type(grad) is not np.ndarray:
            break
    else:  # the usual case: all plain arrays, nothing to copy
        return grads, variables
    kept_grads, kept_vars, missing = [], [], []
    for grad, variable in zip(grads, variables):
        if grad is None:
            missing.append(variable.path)
            continue
        kept_grads.append(grad if type(grad) is np.ndarray else _as_array(grad))
        kept_vars.append(variable)
    if missing:
        if not kept_grads:
            raise ValueError("No gradients provided for any variable.")
        warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the loss. "
                      "If using `model.compile()`, did you forget to provide a `loss` argument?",
                      stacklevel=3)
    return kept_grads, kept_vars


def _deserialize_rate(rate, custom_objects):
    if rate.get("class_name") == "function":
        name = rate.get("config")
        function = (custom_objects or {}).get(name)
        if function is None:
            raise ValueError(f"Cannot rebuild the learning-rate function {name!r} from a config; pass "
                             "it in `custom_objects={name: function}`.")
        return function
    return schedules.deserialize(rate, custom_objects)
