"""Model-side helpers of the wrappers: copying a model, compiling it, reading its loss and width."""
import copy

import numpy as np

from numkeras.models import Model
from numkeras.wrappers import _targets

# Normalised loss names (lower case, no underscores) that fix how targets are encoded.
_SPARSE = {"sparsecategoricalcrossentropy", "sparsecategoricalfocalcrossentropy"}
_ONE_HOT = {"categoricalcrossentropy", "categoricalfocalcrossentropy", "categoricalhinge",
            "kldivergence", "kld", "kullbackleiblerdivergence"}


def copy_model(model):
    """An independent copy of a model instance, weights and compile settings included.

    The estimator never trains the model it was given (unless Keras's
    `warm_start=True` asks for exactly that), so folds of a cross-validation
    never share weights.
    """
    return copy.deepcopy(model)


class PackedModel:
    """A model as cloudpickle bytes, for the estimators' `__getstate__`.

    cloudpickle stores functions that plain pickle can only name (closures,
    lambdas, functions of `__main__`) by value, and ships with joblib, which
    scikit-learn requires.
    """

    def __init__(self, model):
        try:  # a dependency of joblib >= 1.5; older joblib ships its own copy
            import cloudpickle
        except ImportError:  # pragma: no cover
            from joblib.externals import cloudpickle

        self.data = cloudpickle.dumps(model)

    def unpack(self):
        import pickle

        return pickle.loads(self.data)


def is_compiled(model):
    return bool(getattr(model, "compiled", False)) and getattr(model, "optimizer", None) is not None


def check_model(model, who):
    """The built object must be a numkeras Model: a clear TypeError otherwise."""
    if not isinstance(model, Model):
        raise TypeError(f"{who} must return a numkeras Model (e.g. a compiled Sequential), got "
                        f"{type(model).__name__}. Did the build function forget `return model`?")
    return model


def loss_names(loss):
    """Every spelling of `loss` worth matching, normalised: 'categorical_crossentropy' -> 'categoricalcrossentropy'."""
    if loss is None:
        return set()
    candidates = [loss] if isinstance(loss, str) else [
        getattr(loss, "__name__", None), type(loss).__name__, getattr(loss, "name", None),
        getattr(getattr(loss, "fn", None), "__name__", None)]
    return {c.lower().replace("_", "") for c in candidates if isinstance(c, str)}


def output_width(model, X):
    """Units of the model's (single) output, read from one forward pass on one sample."""
    out = model.predict(X[:1], verbose=0)
    if isinstance(out, (list, tuple, dict)):
        raise ValueError("The scikit-learn wrappers support models with one output; this model "
                         f"has {len(out)}. Wrap the multi-output model in a subclass that "
                         "returns a single array.")
    out = np.asarray(out)
    return 1 if out.ndim == 1 else int(np.prod(out.shape[1:]))


def classifier_form(model, width, n_classes):
    """How to encode class targets for this model: by its loss first, else by its width."""
    names = loss_names(getattr(model, "loss", None))
    if names & _SPARSE:
        form = _targets.INDEX
    elif names & _ONE_HOT:
        form = _targets.ONE_HOT
    elif width == 1:
        form = _targets.BINARY
    else:
        form = _targets.ONE_HOT
    expected = 1 if form == _targets.BINARY else n_classes
    if form == _targets.BINARY and n_classes != 2:
        raise ValueError(f"The model has 1 output unit, which fits 2 classes, but y has {n_classes} "
                         f"classes. Give its last layer {n_classes} units with a softmax.")
    if width != expected:
        raise ValueError(f"The model's last layer has {width} units but y has {n_classes} classes; "
                         f"with loss {getattr(model, 'loss', None)!r} it needs {expected} units.")
    return form


def resolve_optimizer(optimizer, kwargs):
    """A fresh optimizer from a name, class or instance, with `optimizer__*` arguments applied.

    Instances are rebuilt from their config: one estimator fits many models (one
    per fold), and a built optimizer belongs to a single model's variables.

    Example:
    >>> round(float(resolve_optimizer("adam", {"learning_rate": 0.01}).learning_rate), 6)
    0.01
    """
    from numkeras import optimizers

    if isinstance(optimizer, type):
        return optimizer(**kwargs)
    if isinstance(optimizer, str):
        instance = optimizers.get(optimizer)
        return type(instance)(**kwargs) if kwargs else instance
    if hasattr(optimizer, "get_config"):
        return type(optimizer).from_config({**optimizer.get_config(), **kwargs})
    raise TypeError(f"`optimizer` must be a name, an Optimizer class or instance, got "
                    f"{type(optimizer).__name__}.")


def resolve_loss(loss, kwargs):
    """The loss to compile with; `loss__*` arguments need a class or a class name."""
    from numkeras import losses

    if not kwargs:
        return copy.deepcopy(loss) if not isinstance(loss, (str, type)) and loss is not None else loss
    if isinstance(loss, str):
        cls = getattr(losses, _camel(loss), None)
        if not isinstance(cls, type):
            raise ValueError(f"loss__ arguments {sorted(kwargs)} need a loss class, and no class "
                             f"matches loss={loss!r}. Pass the class, e.g. loss=CategoricalCrossentropy.")
        return cls(**kwargs)
    if isinstance(loss, type):
        return loss(**kwargs)
    raise ValueError(f"loss__ arguments {sorted(kwargs)} need `loss` as a class or class name, "
                     f"got an instance of {type(loss).__name__}.")


_ALIASES = {"mse": "MeanSquaredError", "mae": "MeanAbsoluteError",
            "mape": "MeanAbsolutePercentageError", "msle": "MeanSquaredLogarithmicError",
            "kld": "KLDivergence", "kl_divergence": "KLDivergence"}


def _camel(name):
    return _ALIASES.get(name) or "".join(part.capitalize() for part in name.split("_"))
