"""`KerasClassifier`, `KerasRegressor`: the old `keras.wrappers.scikit_learn` estimators, kept alive.

Both spellings work:

    KerasClassifier(build_fn=build_model, epochs=3, verbose=0)         # tf.keras (removed in TF 2.13)
    KerasClassifier(model=build_model, fit__epochs=3, model__units=8)  # SciKeras

`fit` returns the estimator (scikit-learn's rule); its `.history` is the
per-epoch dict, so `clf.fit(X, y).history["loss"]` still works. `score` is
accuracy for the classifier and R² for the regressor, as in scikit-learn (the
old wrapper returned `-loss` for regressors). See `_routing` for where each
parameter goes.
"""
import copy

import numpy as np

from numkeras.models import Model
from numkeras.wrappers import _base, _compat, _model_utils, _routing


class _SciKerasStyle:
    """Parameters, routing and model construction shared by KerasClassifier and KerasRegressor."""

    def __init__(self, model=None, *, build_fn=None, warm_start=False, random_state=None,
                 optimizer="rmsprop", loss=None, metrics=None, batch_size=None,
                 validation_batch_size=None, verbose=1, callbacks=None, validation_split=0.0,
                 shuffle=True, run_eagerly=False, epochs=1, class_weight=None, **kwargs):
        # scikit-learn rule: store the arguments untouched; check them in fit.
        self.model = model
        self.build_fn = build_fn
        self.warm_start = warm_start
        self.random_state = random_state
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
        self.batch_size = batch_size
        self.validation_batch_size = validation_batch_size
        self.verbose = verbose
        self.callbacks = callbacks
        self.validation_split = validation_split
        self.shuffle = shuffle
        self.run_eagerly = run_eagerly
        self.epochs = epochs
        self.class_weight = class_weight
        for name, value in kwargs.items():
            self._check_extra_name(name)
            setattr(self, name, value)

    # --- parameters -------------------------------------------------------------------------
    def _check_extra_name(self, name):
        # A name that would hide a method or a fitted attribute can never work as a parameter.
        if name.startswith("_") or name.endswith("_") or hasattr(type(self), name):
            raise TypeError(f"{type(self).__name__} got the parameter name {name!r}, which is "
                            f"reserved; use model__{name.strip('_')}=... for the build function.")

    def _extra_params(self):
        named = set(self._get_param_names())
        return {name: value for name, value in vars(self).items()
                if name not in named and not name.startswith("_") and not name.endswith("_")}

    def get_params(self, deep=True):
        """The constructor's parameters plus every extra one (`model__units`, `units`, ...)."""
        params = super().get_params(deep=deep)
        params.update(self._extra_params())
        return params

    def set_params(self, **params):
        """Sets parameters; routed (`fit__epochs`) and build-function names are accepted too.

        A name that nothing receives raises "... is not a legal parameter" at fit.

        Returns:
            self
        """
        named = set(self._get_param_names())
        plain = {}
        for name, value in params.items():
            if name in named or (not _routing.is_routed(name) and "__" in name):
                plain[name] = value
            else:
                # Names are checked in fit (scikit-learn's rule: set_params never fails on values).
                self._check_extra_name(name)
                setattr(self, name, value)
        if plain:
            super().set_params(**plain)
        return self

    # --- building the model -------------------------------------------------------------------
    def _builder(self):
        if self.model is not None and self.build_fn is not None:
            raise ValueError("Pass the build function as `model=` or as `build_fn=`, not both.")
        builder = self.model if self.model is not None else self.build_fn
        if builder is None:
            raise ValueError(f"{type(self).__name__} needs a model: pass `model=` (or the older "
                             f"`build_fn=`), a function returning a numkeras Model, or a Model.")
        if not (isinstance(builder, Model) or callable(builder)):
            raise TypeError(f"`model` must be a numkeras Model or a function returning one, got "
                            f"{type(builder).__name__}.")
        return builder

    def _new_model(self, X, y):
        builder = self._builder()
        params = self.get_params()
        _routing.check_legal(self._extra_params(), None if isinstance(builder, Model) else builder)
        compile_kwargs = _Lazy(self._compile_kwargs)
        if isinstance(builder, Model):
            model = _model_utils.copy_model(builder)
        else:
            specials = {"meta": lambda: self._meta(X, y), "compile_kwargs": compile_kwargs.get,
                        "params": lambda: params}
            args = _routing.build_args(builder, _routing.user_set(self), specials)
            model = _model_utils.check_model(builder(**args), "The build function")
        if not _model_utils.is_compiled(model):
            model.compile(**compile_kwargs.get())
        elif not compile_kwargs.used:
            ignored = sorted(n for n in params if n.startswith(("optimizer__", "loss__")))
            if ignored:
                raise ValueError(f"{ignored} would be ignored: the build function returned a "
                                 f"compiled model. Return it uncompiled (the wrapper compiles it "
                                 f"with `optimizer`/`loss`), or take a `compile_kwargs` argument "
                                 f"and call model.compile(**compile_kwargs).")
        return model

    def _compile_kwargs(self):
        params = self.get_params()
        loss = self.loss if self.loss is not None else self._default_loss()
        return {"optimizer": _model_utils.resolve_optimizer(self.optimizer,
                                                           _routing.routed(params, "optimizer")),
                "loss": _model_utils.resolve_loss(loss, _routing.routed(params, "loss")),
                "metrics": copy.deepcopy(self.metrics), "run_eagerly": self.run_eagerly}

    def _meta(self, X, y):
        meta = {"n_features_in_": X.shape[1], "X_shape_": X.shape, "X_dtype_": X.dtype,
                "y_shape_": getattr(y, "shape", None)}
        meta.update({name: getattr(self, name) for name in self._meta_names if hasattr(self, name)})
        return meta

    # --- keyword arguments of model.fit / model.predict -------------------------------------------
    def _fit_kwargs(self, call_kwargs):
        params = self.get_params()
        fit_args, _ = _routing.model_method_args()
        kwargs = {"batch_size": self.batch_size, "epochs": self.epochs, "verbose": self.verbose,
                  "callbacks": list(self.callbacks) if self.callbacks else None,
                  "validation_split": self.validation_split, "shuffle": self.shuffle,
                  "validation_batch_size": self.validation_batch_size,
                  "class_weight": self.class_weight}
        kwargs.update({k: v for k, v in self._extra_params().items() if k in fit_args})
        kwargs.update(_routing.routed(params, "fit"))
        kwargs.update(call_kwargs)
        return kwargs

    def _predict_kwargs(self):
        params = self.get_params()
        _, predict_args = _routing.model_method_args()
        kwargs = {"batch_size": self.batch_size, "verbose": self.verbose}
        kwargs.update({k: v for k, v in self._extra_params().items() if k in predict_args})
        kwargs.update(_routing.routed(params, "predict"))
        return kwargs


class _Lazy:
    """Computes a value on first use, once (compile arguments nobody asks for are never made)."""

    def __init__(self, make):
        self._make, self.used, self._value = make, False, None

    def get(self):
        if not self.used:
            self._value, self.used = self._make(), True
        return self._value


class KerasClassifier(_compat.ClassifierMixin, _SciKerasStyle, _base.ClassifierBase):
    """scikit-learn classifier from a numkeras build function: `keras.wrappers.scikit_learn.KerasClassifier`.

    Args:
        model: function returning a numkeras Model (compiled, or compiled here with
            `optimizer`/`loss`/`metrics`), or a Model (copied before each fit).
        build_fn: the old name of `model`.
        warm_start: keep training `model_` on the next `fit` instead of building anew.
        random_state: int to make every fit repeat exactly, in any process.
        optimizer, loss, metrics, run_eagerly: used to compile an uncompiled model. loss
            defaults to binary (2 classes) or categorical cross-entropy.
        batch_size, epochs, verbose, callbacks, validation_split, shuffle,
            validation_batch_size: passed to `model.fit` (batch_size, verbose also to predict).
        class_weight: `{label: weight}` or "balanced".
        **kwargs: routed parameters (`model__units`, `fit__epochs`, `optimizer__learning_rate`...)
            or arguments of the build function, `model.fit` or `model.predict` by name.

    A build function argument named like a constructor parameter (`optimizer`,
    `epochs`...) receives it when it is set to something other than its default;
    `model__NAME` always reaches it.

    Targets are encoded for the model's loss: one-hot for categorical cross-entropy,
    indices for sparse categorical cross-entropy, a 0/1 column for a single sigmoid unit.

    Example:
    >>> import numkeras as keras
    >>> def build_model(units=8):
    ...     model = keras.Sequential([keras.Input((2,)),
    ...                               keras.layers.Dense(units, activation="relu"),
    ...                               keras.layers.Dense(2, activation="softmax")])
    ...     model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    ...     return model
    >>> clf = KerasClassifier(build_fn=build_model, units=4, epochs=2, verbose=0, random_state=0)
    >>> X = np.array([[0., 0.], [1., 1.]] * 10)
    >>> clf.fit(X, np.array([3, 7] * 10)).predict(X[:2]).shape, sorted(clf.history)
    ((2,), ['loss'])
    """

    _meta_names = ("classes_", "n_classes_")

    def _default_loss(self):
        return "binary_crossentropy" if self.n_classes_ == 2 else "categorical_crossentropy"

    def _meta(self, X, y):
        meta = super()._meta(X, y)
        meta["target_type_"] = self._targets.target_type_
        return meta

    def _class_weighted(self, fit_kwargs, y, sample_weight):
        from sklearn.utils.class_weight import compute_class_weight

        class_weight = fit_kwargs.pop("class_weight", None)
        if class_weight is None:
            return sample_weight
        idx = self._targets.indices(y)
        if isinstance(class_weight, str) and class_weight == "balanced":
            per_class = compute_class_weight("balanced", classes=np.arange(self.n_classes_), y=idx)
        elif isinstance(class_weight, dict):
            unknown = set(class_weight) - set(self.classes_.tolist())
            if unknown:
                raise ValueError(f"class_weight has labels {sorted(unknown, key=str)} that are not "
                                 f"among the classes {self.classes_.tolist()}.")
            per_class = np.array([class_weight.get(c, 1.0) for c in self.classes_.tolist()])
        else:
            raise ValueError(f"class_weight must be a dict {{label: weight}} or 'balanced', got "
                             f"{class_weight!r}.")
        weights = per_class[idx].astype(sample_weight.dtype if sample_weight is not None else "float32")
        return weights if sample_weight is None else sample_weight * weights


class KerasRegressor(_compat.RegressorMixin, _SciKerasStyle, _base.RegressorBase):
    """scikit-learn regressor from a numkeras build function: `keras.wrappers.scikit_learn.KerasRegressor`.

    Arguments as `KerasClassifier` (loss defaults to mean squared error); `score` is R².

    Example:
    >>> import numkeras as keras
    >>> def build_model():
    ...     model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    ...     model.compile(optimizer="sgd", loss="mse")
    ...     return model
    >>> X = np.arange(20, dtype="float32").reshape(10, 2) / 20
    >>> KerasRegressor(build_fn=build_model, verbose=0).fit(X, X[:, 0]).predict(X).shape
    (10,)
    """

    _meta_names = ("n_outputs_",)

    def _default_loss(self):
        return "mean_squared_error"

    def _class_weighted(self, fit_kwargs, y, sample_weight):
        if fit_kwargs.pop("class_weight", None) is not None:
            raise ValueError("class_weight applies to classifiers; KerasRegressor has no classes. "
                             "Use sample_weight.")
        return sample_weight
