"""Caps on epochs and steps for smoke-testing scripts, as `keras.config.set_max_epochs`.

Keras 3 has `keras.config.set_max_epochs(n)` and `set_max_steps_per_epoch(n)`
(also read from the `KERAS_MAX_EPOCHS` / `KERAS_MAX_STEPS_PER_EPOCH` environment
variables) so a notebook can be run end to end in CI without editing it. This is
the same, in numkeras:

>>> set_max_epochs(2)
>>> limit_epochs(10)
2
>>> set_max_epochs(None)

The environment variables are read on every query, not once at import, so a
value set by a prelude reaches the worker processes that GridSearchCV(n_jobs=-1)
starts later (they inherit the environment). A value set with a function wins
over the environment.

Where the caps apply: `limit_epochs` / `limit_steps` are what the training loop
calls. `set_max_steps_per_epoch(n, calls=("fit",))` narrows the step cap to some
of fit/evaluate/predict (a numkeras extension: capping predict truncates its
output, which breaks scikit-learn scoring).
"""
import math
import os
import sys
import warnings

_CALLS = ("fit", "evaluate", "predict")
_UNSET = object()

# None = "not set here, look at the environment"; 0 = explicitly no cap.
_settings = {"max_epochs": None, "max_steps_per_epoch": None, "calls": None}
_warned = set()

ENV_MAX_EPOCHS = "KERAS_MAX_EPOCHS"
ENV_MAX_STEPS = "KERAS_MAX_STEPS_PER_EPOCH"
ENV_STEP_CALLS = "NUMKERAS_MAX_STEPS_CALLS"  # e.g. "fit" or "fit,evaluate"


def _check_cap(value, name):
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a positive int, or None for no cap; got {value!r}.")
    return value


def _env_int(variable):
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return 0
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"The environment variable {variable} must be an int, "
                         f"got {raw!r}.") from None
    return max(value, 0)


def set_max_epochs(max_epochs):
    """Caps the `epochs` of every `fit()` at `max_epochs` (None removes the cap).

    Args:
        max_epochs: positive int, or None (then `$KERAS_MAX_EPOCHS` is used if set).
    """
    _settings["max_epochs"] = None if max_epochs is None else _check_cap(max_epochs, "max_epochs")


def max_epochs():
    """The current cap on epochs, or None."""
    value = _settings["max_epochs"]
    value = _env_int(ENV_MAX_EPOCHS) if value is None else value
    return value or None


def set_max_steps_per_epoch(max_steps_per_epoch, calls=_CALLS):
    """Caps the batches of each epoch of `fit()` (and of `evaluate()`/`predict()`) at a number.

    Args:
        max_steps_per_epoch: positive int, or None (then `$KERAS_MAX_STEPS_PER_EPOCH`).
        calls: which of "fit", "evaluate", "predict" the cap applies to (all, as in Keras).
    """
    calls = (calls,) if isinstance(calls, str) else tuple(calls)
    unknown = [c for c in calls if c not in _CALLS]
    if unknown:
        raise ValueError(f"set_max_steps_per_epoch(calls=...) takes names among {_CALLS}; "
                         f"got {unknown}.")
    _settings["max_steps_per_epoch"] = (None if max_steps_per_epoch is None
                                        else _check_cap(max_steps_per_epoch, "max_steps_per_epoch"))
    _settings["calls"] = None if max_steps_per_epoch is None else calls


def max_steps_per_epoch(call="fit"):
    """The current cap on steps per epoch for `call` ("fit", "evaluate", "predict"), or None."""
    value, calls = _settings["max_steps_per_epoch"], _settings["calls"]
    if value is None:
        value = _env_int(ENV_MAX_STEPS)
        raw_calls = os.environ.get(ENV_STEP_CALLS, "").strip()
        calls = tuple(c.strip() for c in raw_calls.split(",") if c.strip()) or _CALLS
    return value if value and call in calls else None


def _caller_stacklevel():
    """The stacklevel of the first frame outside numkeras, so the warning shows the user's line."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def _warn_once(message):
    # A grid search calls fit dozens of times; one warning per distinct cap is enough.
    if message not in _warned:
        _warned.add(message)
        warnings.warn(message, UserWarning, stacklevel=_caller_stacklevel())


def limit_epochs(epochs):
    """`epochs` lowered to the cap (with a one-time warning), else unchanged."""
    cap = max_epochs()
    if cap and epochs > cap:
        _warn_once(f"Limiting epochs to {cap} (numkeras.compat.limits.set_max_epochs).")
        return cap
    return epochs


def limit_steps(steps, available=None, call="fit"):
    """Steps per epoch after the cap: None means "all the data", as the caller passed it.

    Args:
        steps: the `steps_per_epoch` / `steps` the user passed, or None.
        available: batches in one pass over the data, when known (arrays); a cap at or
            above it changes nothing, so data is never cycled because of a cap.
        call: "fit", "evaluate" or "predict".
    """
    cap = max_steps_per_epoch(call)
    if not cap:
        return steps
    wanted = steps if steps is not None else available
    if wanted is not None and wanted <= cap:
        return steps
    _warn_once(f"Limiting steps per epoch of {call}() to {cap} "
               f"(numkeras.compat.limits.set_max_steps_per_epoch).")
    return cap


def apply_fit_limits(epochs, steps_per_epoch, available_steps=None):
    """The trainer's hook: `(epochs, steps_per_epoch)` after both caps (idempotent)."""
    return limit_epochs(epochs), limit_steps(steps_per_epoch, available_steps, "fit")


def array_steps(x, batch_size, validation_split=0.0, validation_data=None):
    """Batches per epoch that `fit` makes from array input `x`, or None if `x` is not arrays."""
    first = x
    if isinstance(x, dict) and x:
        first = next(iter(x.values()))
    elif isinstance(x, (list, tuple)) and x and hasattr(x[0], "shape"):
        first = x[0]
    shape = getattr(first, "shape", None)
    if shape is None and isinstance(first, (list, tuple)):
        shape = (len(first),)
    if not shape:
        return None
    n = int(shape[0])
    if validation_split and validation_data is None:
        n = int(math.floor(n * (1.0 - validation_split)))
    return max(1, math.ceil(n / (batch_size or 32)))


# --- interim: until the trainer applies the caps itself ------------------------------------------
# `numkeras run` wraps Trainer.fit / evaluate / predict with these while a script runs. Once the
# trainer calls apply_fit_limits and limit_steps itself the wrappers are redundant but harmless
# (the caps are idempotent), and can be deleted.

def _head(data, n):
    """The first `n` samples of array input (arrays, lists of arrays, dicts of arrays)."""
    if data is None:
        return None
    if isinstance(data, dict):
        return {key: _head(value, n) for key, value in data.items()}
    if isinstance(data, (list, tuple)) and data and hasattr(data[0], "shape"):
        return type(data)(_head(item, n) for item in data)
    return data[:n]


def _wrap(method, call):
    import functools
    import inspect

    signature = inspect.signature(method)

    @functools.wraps(method)
    def capped(*args, **kwargs):
        if not (max_steps_per_epoch(call) or (call == "fit" and max_epochs())):
            return method(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        params = bound.arguments
        if call == "fit":
            available = array_steps(params.get("x"), params.get("batch_size"),
                                    params.get("validation_split") or 0.0,
                                    params.get("validation_data"))
            params["epochs"], params["steps_per_epoch"] = apply_fit_limits(
                params["epochs"], params.get("steps_per_epoch"), available)
        else:  # evaluate / predict take every batch of array input: keep the first `steps`
            batch_size = params.get("batch_size") or 32
            available = array_steps(params.get("x"), batch_size)
            steps = limit_steps(params.get("steps"), available, call)
            if steps is not None and available is not None and steps < available:
                for name in ("x", "y", "sample_weight"):
                    if name in params:
                        params[name] = _head(params[name], steps * batch_size)
        return method(*bound.args, **bound.kwargs)

    capped._numkeras_limits_wrapper = True
    return capped


def install_caps():
    """Wraps Trainer.fit/evaluate/predict so the caps apply; returns an undo function (or None)."""
    from numkeras.models.trainer import Trainer

    originals = {call: Trainer.__dict__[call] for call in _CALLS}
    if any(getattr(m, "_numkeras_limits_wrapper", False) for m in originals.values()):
        return None
    for call, method in originals.items():
        setattr(Trainer, call, _wrap(method, call))

    def undo():
        for call, method in originals.items():
            setattr(Trainer, call, method)

    return undo


def _register_with_trainer():
    from numkeras.models.trainer import register_fit_limits

    register_fit_limits(apply_fit_limits)


_register_with_trainer()
