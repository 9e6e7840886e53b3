"""`SKLearnClassifier`, `SKLearnRegressor`, `SKLearnTransformer`: Keras 3.5+'s wrappers, on numkeras.

Same names and arguments as `keras.wrappers.*`: `model` is a compiled Model
(copied before each fit) or a callable `model(X=X, y=y, **model_kwargs)` that
returns a compiled Model; `fit_kwargs` go to `model.fit`. One addition:
`random_state`, which seeds each fit so results repeat across processes.
"""
import numpy as np  # noqa: F401 - the docstring examples use it

from numkeras.models import Model
from numkeras.wrappers import _base, _compat, _model_utils, _targets


class _KerasStyle:
    """Model construction and keyword handling with Keras's `SKLBase` semantics."""

    _required_parameters = ["model"]

    def __init__(self, model, warm_start=False, model_kwargs=None, fit_kwargs=None, *,
                 random_state=None):
        # scikit-learn rule: store the arguments untouched; check them in fit.
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs
        self.random_state = random_state

    def _new_model(self, X, y):
        if isinstance(self.model, Model):
            # warm_start=True trains the given model itself, as in Keras.
            model = self.model if self.warm_start else _model_utils.copy_model(self.model)
        elif callable(self.model):
            y_model = self._targets_for_builder(y)
            model = _model_utils.check_model(
                self.model(X=X, y=y_model, **(self.model_kwargs or {})), "`model`")
        else:
            raise TypeError(f"`model` must be a compiled numkeras Model or a callable returning "
                            f"one, got {type(self.model).__name__}.")
        if not _model_utils.is_compiled(model) or getattr(model, "loss", None) is None:
            raise RuntimeError("Given model needs to be compiled, and have a loss and an optimizer: "
                               "call model.compile(optimizer=..., loss=...) before passing it.")
        return model

    def _targets_for_builder(self, y):
        return y

    def _fit_kwargs(self, call_kwargs):
        # A copy: fitting must never change the estimator's own parameters.
        return {**(self.fit_kwargs or {}), **call_kwargs}

    def _predict_kwargs(self):
        # Keras prints a progress bar here; follow the verbosity asked for in fit_kwargs.
        return {"verbose": (self.fit_kwargs or {}).get("verbose", 0)}


class SKLearnClassifier(_compat.ClassifierMixin, _KerasStyle, _base.ClassifierBase):
    """scikit-learn classifier around a numkeras model (Keras's `keras.wrappers.SKLearnClassifier`).

    Targets are one-hot encoded for the model, as in Keras, so the model needs
    `n_classes` output units (a single sigmoid unit also works for 2 classes).

    Args:
        model: a compiled `Model` (copied before each fit unless `warm_start`), or a
            callable `model(X=X, y=y_one_hot, **model_kwargs)` returning a compiled Model.
        warm_start: reuse the fitted model's weights on the next `fit`.
        model_kwargs: dict of extra arguments for the `model` callable.
        fit_kwargs: dict of arguments for `model.fit` (`epochs`, `batch_size`, `verbose`...);
            arguments passed to `fit()` itself take precedence.
        random_state: int to make every fit repeat exactly (seeds numkeras, NumPy and
            Python's `random` during the fit, then restores them). Not in Keras.

    Attributes:
        model_: the fitted Model. history_: dict of per-epoch logs.
        classes_: the labels seen in fit. n_features_in_: number of input features.

    Example:
    >>> import numkeras as keras
    >>> def mlp(X, y, hidden=8):
    ...     model = keras.Sequential([keras.Input((X.shape[1],)),
    ...                               keras.layers.Dense(hidden, activation="relu"),
    ...                               keras.layers.Dense(y.shape[1], activation="softmax")])
    ...     model.compile(optimizer="adam", loss="categorical_crossentropy")
    ...     return model
    >>> X = np.array([[0., 0.], [0., 1.], [1., 0.], [1., 1.]] * 8)
    >>> clf = SKLearnClassifier(mlp, fit_kwargs={"epochs": 2, "verbose": 0}, random_state=0)
    >>> clf.fit(X, np.array(["no", "yes", "yes", "yes"] * 8)).classes_.tolist()
    ['no', 'yes']
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    """

    def _target_form(self, model, width):
        if width == 1 and self.n_classes_ == 2:
            return _targets.BINARY
        if width != self.n_classes_:
            raise ValueError(f"The model's last layer has {width} units but y has {self.n_classes_} "
                             f"classes; SKLearnClassifier one-hot encodes y, so it needs "
                             f"{self.n_classes_} units.")
        return _targets.ONE_HOT

    def _targets_for_builder(self, y):
        # Keras hands the callable the one-hot targets, so y.shape[1] is the class count.
        return self._targets.encode(y, _targets.ONE_HOT)


class SKLearnRegressor(_compat.RegressorMixin, _KerasStyle, _base.RegressorBase):
    """scikit-learn regressor around a numkeras model (Keras's `keras.wrappers.SKLearnRegressor`).

    Args: as `SKLearnClassifier`; the callable gets `y` as given (1-D or 2-D).
    `score` is R², as for every scikit-learn regressor.

    Example:
    >>> import numkeras as keras
    >>> def linear(X, y):
    ...     model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(1)])
    ...     model.compile(optimizer="sgd", loss="mse")
    ...     return model
    >>> X = np.arange(20, dtype="float32").reshape(10, 2) / 20
    >>> reg = SKLearnRegressor(linear, fit_kwargs={"epochs": 1, "verbose": 0}, random_state=0)
    >>> reg.fit(X, X.sum(axis=1)).predict(X).shape
    (10,)
    """


class SKLearnTransformer(_compat.TransformerMixin, _KerasStyle, _base.KerasEstimatorBase):
    """scikit-learn transformer whose `transform(X)` is `model_.predict(X)` (Keras's `SKLearnTransformer`).

    `fit(X, y)` trains the model on `(X, y)`; with `y=None` it trains it to
    reproduce `X` (an autoencoder), which Keras's version does not allow.

    Example:
    >>> import numkeras as keras
    >>> def encoder(X, y):
    ...     model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(3)])
    ...     model.compile(optimizer="adam", loss="mse")
    ...     return model
    >>> X = np.random.default_rng(0).random((16, 3))
    >>> SKLearnTransformer(encoder, fit_kwargs={"verbose": 0}).fit(X).transform(X).shape
    (16, 3)
    """

    def _requires_y(self):
        return False

    def _set_targets(self, y, classes):
        self._targets = _targets.RegressorTargets(y)

    def _encode_targets(self, y, model, X, fresh):
        return self._targets.encode(y)

    def fit(self, X, y=None, sample_weight=None, **kwargs):
        """Trains the model on `(X, y)`, or on `(X, X)` when `y` is None. Returns self."""
        continuing = bool(self.warm_start) and self.__sklearn_is_fitted__()
        if y is None:
            X = self._validate_X(X, reset=not continuing)
            y = X.reshape(len(X), -1)
        return self._fit(X, y, sample_weight, kwargs, continuing)

    def transform(self, X):
        """The model's outputs for `X`, shape (n_samples, n_outputs)."""
        out = self._raw_predict(X)
        return out.reshape(len(out), -1)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        tags.transformer_tags.preserves_dtype = []
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {**super()._more_tags(), "preserves_dtype": [], "requires_y": False}
