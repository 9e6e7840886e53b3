"""Learning-rate schedules: `schedule(step) -> learning rate`, with Keras 3's formulas.

An optimizer given a schedule calls it with its iteration count before every
update. Schedules return Python floats (Keras computes in float32; the values
agree to float32 precision).

Example:
>>> ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)(10)
0.05
"""
import bisect
import math

_MODULE = "keras.optimizers.schedules"


class LearningRateSchedule:
    """Base class: subclasses implement `__call__(step)` and `get_config()`.

    Example:
    >>> class Halving(LearningRateSchedule):
    ...     def __init__(self, lr0): self.lr0 = lr0
    ...     def __call__(self, step): return self.lr0 / 2 ** step
    ...     def get_config(self): return {"lr0": self.lr0}
    >>> Halving(1.0)(3)
    0.125
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `__call__(self, step)`.")

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `get_config()` "
            "in order to be serializable.")

    @classmethod
    def from_config(cls, config):
        """Creates the schedule from the output of `get_config()`."""
        return cls(**config)

    def __repr__(self):
        try:
            args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        except NotImplementedError:
            args = ""
        return f"{type(self).__name__}({args})"


def _check_positive(value, name, owner):
    if not value > 0:
        raise ValueError(f"{owner}: argument `{name}` must be > 0. Received: {name}={value!r}")


class _StepDecay:
    """What ExponentialDecay and InverseTimeDecay share (a mixin): their arguments and
    `step / decay_steps`."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase, name):
        _check_positive(decay_steps, "decay_steps", type(self).__name__)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def _progress(self, step):
        """`step / decay_steps`, floored when `staircase`."""
        p = float(step) / self.decay_steps
        return math.floor(p) if self.staircase else p

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class ExponentialDecay(_StepDecay, LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)`.

    Args:
        initial_learning_rate: float, the rate at step 0.
        decay_steps: positive number of steps per factor of `decay_rate`.
        decay_rate: float, the factor applied every `decay_steps` steps.
        staircase: if True, the exponent is floored (the rate changes in steps).
        name: string, kept in the config.

    Example:
    >>> ExponentialDecay(1.0, 2, 0.5, staircase=True)(3)
    0.5
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        p = self._progress(step)
        return self.initial_learning_rate * self.decay_rate ** p


class PiecewiseConstantDecay(LearningRateSchedule):
    """A constant rate per interval: `values[i]` while `boundaries[i-1] < step <= boundaries[i]`.

    Args:
        boundaries: increasing list of step numbers.
        values: list with one more entry than `boundaries`.
        name: string, kept in the config.

    Example:
    >>> s = PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    >>> [s(10), s(11), s(21)]
    [1.0, 0.5, 0.1]
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "PiecewiseConstantDecay: the length of boundaries should be 1 less than the length "
                f"of values. Received: boundaries={boundaries} of length {len(boundaries)}, and "
                f"values={values} of length {len(values)}.")
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        # bisect_left counts the boundaries strictly below `step`: a step equal
        # to a boundary still gets the value before it, as in Keras.
        return float(self.values[bisect.bisect_left(self.boundaries, float(step))])

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """Decays from `initial_learning_rate` to `end_learning_rate` over `decay_steps` along `(1 - t) ** power`.

    `(initial - end) * (1 - min(step, decay_steps) / decay_steps) ** power + end`;
    with `cycle=True` the horizon grows to the first multiple of `decay_steps`
    at or above `step` instead of the rate staying at `end_learning_rate`.

    Args:
        initial_learning_rate: float, the rate at step 0.
        decay_steps: positive number of steps to reach `end_learning_rate`.
        end_learning_rate: float, the final rate (default 1e-4).
        power: float, the polynomial's power (1.0 is linear).
        cycle: bool, restart the decay after `decay_steps`.
        name: string, kept in the config.

    Example:
    >>> PolynomialDecay(1.0, 10, end_learning_rate=0.0)(5)
    0.5
    """

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay"):
        _check_positive(decay_steps, "decay_steps", "PolynomialDecay")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        step = float(step)
        decay_steps = float(self.decay_steps)
        if self.cycle:
            decay_steps *= 1.0 if step == 0 else math.ceil(step / self.decay_steps)
        else:
            step = min(step, decay_steps)
        fraction_left = 1.0 - step / decay_steps
        return ((self.initial_learning_rate - self.end_learning_rate) * fraction_left ** self.power
                + self.end_learning_rate)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power,
                "cycle": self.cycle, "name": self.name}


class InverseTimeDecay(_StepDecay, LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`.

    Args:
        initial_learning_rate: float, the rate at step 0.
        decay_steps: positive number, the time unit of the decay.
        decay_rate: float.
        staircase: if True, `step / decay_steps` is floored.
        name: string, kept in the config.

    Example:
    >>> InverseTimeDecay(1.0, decay_steps=1, decay_rate=0.5)(2)
    0.5
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        p = self._progress(step)
        return self.initial_learning_rate / (1.0 + self.decay_rate * p)


class CosineDecay(LearningRateSchedule):
    """Optional linear warmup, then a cosine decay to `alpha` times the peak rate.

    Without `warmup_target`: `lr0 * ((1 - alpha) * 0.5 * (1 + cos(pi * t / decay_steps)) + alpha)`
    with `t = min(step, decay_steps)`. With `warmup_target`, the rate first rises
    linearly from `initial_learning_rate` to `warmup_target` over `warmup_steps`,
    then decays from `warmup_target` as above.

    Args:
        initial_learning_rate: float, the rate at step 0.
        decay_steps: positive number of decay steps (after the warmup).
        alpha: float, the final rate as a fraction of the peak rate.
        name: string, kept in the config.
        warmup_target: float or None (no warmup), the rate reached after warmup.
        warmup_steps: int, the number of warmup steps.

    Example:
    >>> CosineDecay(1.0, decay_steps=10)(5)
    0.5
    >>> CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=4)(2)
    0.5
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        _check_positive(decay_steps, "decay_steps", "CosineDecay")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target

    def _decay(self, step, peak):
        cosine = 0.5 * (1.0 + math.cos(math.pi * step / self.decay_steps))
        return peak * ((1.0 - self.alpha) * cosine + self.alpha)

    def __call__(self, step):
        step = float(step)
        if self.warmup_target is None:
            return self._decay(min(step, self.decay_steps), self.initial_learning_rate)
        step = min(step, self.decay_steps + self.warmup_steps)
        if step < self.warmup_steps:
            rise = self.warmup_target - self.initial_learning_rate
            return rise * (step / self.warmup_steps) + self.initial_learning_rate
        return self._decay(step - self.warmup_steps, self.warmup_target)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR, Loshchilov & Hutter 2016).

    The first period lasts `first_decay_steps`; each next one is `t_mul` times
    longer and starts from `m_mul` times the previous peak.

    Args:
        initial_learning_rate: float, the rate at step 0.
        first_decay_steps: positive number of steps in the first period.
        t_mul: float, growth factor of the period length.
        m_mul: float, factor applied to the peak rate at each restart.
        alpha: float, the lowest rate as a fraction of the period's peak.
        name: string, kept in the config.

    Example:
    >>> s = CosineDecayRestarts(1.0, first_decay_steps=10, t_mul=1.0, m_mul=0.5)
    >>> [s(0), s(5), s(10)]
    [1.0, 0.5, 0.5]
    """

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                 name="SGDRDecay"):
        _check_positive(first_decay_steps, "first_decay_steps", "CosineDecayRestarts")
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self.t_mul = t_mul
        self.m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def _restart_and_fraction(self, completed):
        """Which period `completed` (in units of the first period) falls in, and how far into it."""
        t_mul = self.t_mul
        if t_mul == 1.0:
            restart = math.floor(completed)
            return restart, completed - restart
        # Periods have lengths 1, t, t**2, ...: the i-th one starts at (1 - t**i) / (1 - t).
        argument = 1.0 - completed * (1.0 - t_mul)
        if argument <= 0.0:
            return math.nan, math.nan
        restart = math.floor(math.log(argument) / math.log(t_mul))
        start = (1.0 - t_mul ** restart) / (1.0 - t_mul)
        return restart, (completed - start) / t_mul ** restart

    def __call__(self, step):
        restart, fraction = self._restart_and_fraction(float(step) / self.first_decay_steps)
        cosine = 0.5 * self.m_mul ** restart * (1.0 + math.cos(math.pi * fraction))
        return self.initial_learning_rate * ((1.0 - self.alpha) * cosine + self.alpha)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "first_decay_steps": self.first_decay_steps, "t_mul": self.t_mul,
                "m_mul": self.m_mul, "alpha": self.alpha, "name": self.name}


ALL_SCHEDULES = {cls.__name__: cls for cls in (
    ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay,
    CosineDecayRestarts)}


def serialize(schedule):
    """Returns Keras's `{"module", "class_name", "config", "registered_name"}` dict for a schedule.

    Example:
    >>> serialize(InverseTimeDecay(0.1, 1, 0.5))["class_name"]
    'InverseTimeDecay'
    """
    if not isinstance(schedule, LearningRateSchedule):
        raise TypeError(f"serialize() expected a LearningRateSchedule, got {type(schedule).__name__}.")
    name = type(schedule).__name__
    builtin = ALL_SCHEDULES.get(name) is type(schedule)
    return {"module": _MODULE if builtin else type(schedule).__module__, "class_name": name,
            "config": schedule.get_config(), "registered_name": None if builtin else name}


def deserialize(config, custom_objects=None):
    """Rebuilds a schedule from `serialize()`'s output (or a `{"class_name", "config"}` dict).

    Args:
        config: the serialized dict.
        custom_objects: optional `{name: class}` for user-defined schedules.
    """
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"deserialize() expected a dict with 'class_name' and 'config', got {config!r}.")
    name = config["class_name"]
    known = dict(ALL_SCHEDULES, **(custom_objects or {}))
    cls = known.get(name) or known.get(config.get("registered_name"))
    if cls is None:
        raise ValueError(f"Unknown learning rate schedule: {name!r}. Available: "
                         f"{', '.join(sorted(ALL_SCHEDULES))}; pass custom ones in `custom_objects`.")
    return cls.from_config(dict(config.get("config", {})))
