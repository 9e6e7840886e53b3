"""What every numkeras scikit-learn estimator shares: validation, seeding, the fit loop, pickling.

Subclasses say how the model is made (`_new_model`), which keyword arguments go
to `model.fit`/`model.predict`, and how targets are encoded; this class does the
rest the same way for all of them:

    fit(X, y)  ->  validate X and y (scikit-learn's own errors)
               ->  seed from random_state (restored afterwards)
               ->  fresh model, unless warm_start/partial_fit continues model_
               ->  encode y for the model's loss, model.fit(...)
               ->  model_, history_, n_features_in_ (+ classes_ / n_outputs_)
"""
import numpy as np

from numkeras.backend.config import floatx
from numkeras.models import Model
from numkeras.wrappers import _compat, _model_utils, _seeding, _targets


class KerasEstimatorBase(_compat.BaseEstimator):
    """Shared machinery; not an estimator on its own (see SKLearnClassifier, KerasClassifier...)."""

    # --- fitted state ----------------------------------------------------------------------
    def __sklearn_is_fitted__(self):
        return hasattr(self, "model_")

    @property
    def history(self):
        """The per-epoch dict of `history_`, for code written against the old wrapper.

        `h = clf.fit(X, y); h.history["loss"]` keeps working: `fit` returns the
        estimator, and this is its training history.
        """
        _compat.check_is_fitted(self)
        return self.history_

    @property
    def epoch_(self):
        """Epochs trained so far (0 before the first fit)."""
        history = getattr(self, "history_", None) or {}
        return len(next(iter(history.values()), []))

    # --- scikit-learn tags ------------------------------------------------------------------
    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Without a seed every fit draws new initial weights and a new shuffle.
        tags.non_deterministic = self.random_state is None
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {"non_deterministic": self.random_state is None}

    # --- pickling -----------------------------------------------------------------------------
    def __getstate__(self):
        # Models travel as bytes of their own, pickled by value (cloudpickle), so a
        # fitted estimator pickles with plain `pickle` even when its model holds
        # closures or functions defined in a notebook (custom losses, Lambda layers).
        state = super().__getstate__()
        return {key: _model_utils.PackedModel(value) if isinstance(value, Model) else value
                for key, value in state.items()}

    def __setstate__(self, state):
        state = {key: value.unpack() if isinstance(value, _model_utils.PackedModel) else value
                 for key, value in state.items()}
        super().__setstate__(state)

    # --- validation ------------------------------------------------------------------------------
    def _validate_X(self, X, reset):
        return _compat.validate_data(self, X, reset=reset, dtype=floatx(), allow_nd=True)

    def _validate_Xy(self, X, y, reset):
        if y is None and self._requires_y():
            # scikit-learn's wording, so callers that match on it keep working.
            raise ValueError(f"This {type(self).__name__} estimator requires y to be passed, but the "
                             f"target y is None.")
        if y is None:
            return self._validate_X(X, reset), None
        X, y = _compat.validate_data(self, X, y, reset=reset, dtype=floatx(), allow_nd=True,
                                     multi_output=True, y_numeric=self._numeric_y())
        return X, y

    def _requires_y(self):
        return True

    def _numeric_y(self):
        return True

    # --- the fit loop ------------------------------------------------------------------------------
    def _fit(self, X, y, sample_weight, call_kwargs, continuing, classes=None, one_epoch=False):
        X, y = self._validate_Xy(X, y, reset=not continuing)
        if sample_weight is not None:
            sample_weight = _compat.check_sample_weight(sample_weight, X).astype(floatx())
        seed = _seeding.resolve_seed(self.random_state)
        if seed is not None and continuing:
            # A later call gets its own stream, so successive partial_fit epochs
            # do not repeat the first one's shuffle.
            seed = _seeding.derive_seed(seed, self.epoch_)
        with _seeding.seeded(seed):
            if continuing:
                model = self.model_
            else:
                self._reset_fitted()
                self._set_targets(y, classes)
                model = self._new_model(X, y)
            y_model = self._encode_targets(y, model, X, fresh=not continuing)
            fit_kwargs = self._fit_kwargs(call_kwargs)
            if one_epoch:
                fit_kwargs.update(epochs=1, initial_epoch=0)
            sample_weight = self._class_weighted(fit_kwargs, y, sample_weight)
            if fit_kwargs.get("validation_data") is not None:
                fit_kwargs["validation_data"] = self._encode_validation(
                    fit_kwargs["validation_data"], model)
            history = model.fit(X, y_model, sample_weight=sample_weight, **fit_kwargs)
        self.model_ = model
        self._record_history(history, continuing)
        return self

    def _encode_validation(self, data, model):
        """`validation_data=(X_val, y_val[, w])` checked and encoded like the training data."""
        if not isinstance(data, (tuple, list)) or len(data) not in (2, 3):
            raise ValueError("validation_data must be a tuple (X_val, y_val) or "
                             "(X_val, y_val, sample_weight).")
        X_val = self._validate_X(data[0], reset=False)
        y_val = self._encode_targets(data[1], model, X_val, fresh=False)
        return (X_val, y_val, *data[2:])

    def _reset_fitted(self):
        for name in [n for n in vars(self) if n.endswith("_") and not n.startswith("__")]:
            if name not in ("n_features_in_", "feature_names_in_"):
                delattr(self, name)

    def _record_history(self, history, continuing):
        logs = getattr(history, "history", history) or {}
        if not continuing or not hasattr(self, "history_"):
            self.history_ = {key: list(values) for key, values in logs.items()}
            return
        for key, values in logs.items():
            self.history_.setdefault(key, []).extend(values)

    def _class_weighted(self, fit_kwargs, y, sample_weight):
        """Hook: the classifiers turn `class_weight` into per-sample weights."""
        return sample_weight

    # --- prediction ---------------------------------------------------------------------------------
    def _raw_predict(self, X):
        _compat.check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        out = self.model_.predict(X, **self._predict_kwargs())
        if isinstance(out, (list, tuple, dict)):
            raise ValueError("The model returned several outputs; the scikit-learn wrappers "
                             "support single-output models.")
        return np.asarray(out)

    # --- hooks for the subclasses --------------------------------------------------------------------
    def _set_targets(self, y, classes):
        raise NotImplementedError

    def _new_model(self, X, y):
        raise NotImplementedError

    def _encode_targets(self, y, model, X, fresh):
        raise NotImplementedError

    def _fit_kwargs(self, call_kwargs):
        raise NotImplementedError

    def _predict_kwargs(self):
        raise NotImplementedError


class ClassifierBase(KerasEstimatorBase):
    """Classifier behaviour shared by SKLearnClassifier and KerasClassifier."""

    def _numeric_y(self):
        return False

    def _set_targets(self, y, classes):
        self._targets = _targets.ClassifierTargets(y, classes)
        self.classes_ = self._targets.classes_
        self.n_classes_ = self._targets.n_classes_

    def _validate_Xy(self, X, y, reset):
        X, y = super()._validate_Xy(X, y, reset)
        return X, _targets.column_or_1d_labels(y)

    def _target_form(self, model, width):
        return _model_utils.classifier_form(model, width, self.n_classes_)

    def _encode_targets(self, y, model, X, fresh):
        if fresh:
            self._form = self._target_form(model, _model_utils.output_width(model, X))
        return self._targets.encode(y, self._form, dtype=floatx())

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Trains a fresh model on `X` and labels `y` (continues `model_` with `warm_start=True`).

        Args:
            X: array-like of shape (n_samples, n_features) (or more axes for image models).
            y: labels of shape (n_samples,) of any type (ints, strings, ...), or one-hot rows
                of shape (n_samples, n_classes); `predict` returns labels in the same form.
            sample_weight: optional per-sample weights of the loss.
            **kwargs: passed on to `model.fit` (e.g. `epochs=5`), overriding the estimator's.

        Returns:
            self
        """
        continuing = bool(self.warm_start) and self.__sklearn_is_fitted__()
        return self._fit(X, y, sample_weight, kwargs, continuing)

    def partial_fit(self, X, y, classes=None, sample_weight=None, **kwargs):
        """One epoch on `(X, y)`, continuing the current model (made on the first call).

        Args:
            classes: every label that will ever be seen; needed on the first call when
                that batch does not contain them all, ignored afterwards.
        """
        continuing = self.__sklearn_is_fitted__()
        return self._fit(X, y, sample_weight, kwargs, continuing, classes=classes, one_epoch=True)

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes), columns in `classes_` order.

        A single sigmoid output `p` gives `[1 - p, p]`; several sigmoid units are
        normalised so each row sums to 1; logits go through a softmax.
        """
        raw = self._raw_predict(X)  # first: it raises NotFittedError before fit
        return self._targets.probabilities(raw)

    def predict(self, X):
        """Predicted labels, in the form of the `y` given to fit (1-D labels or one-hot rows)."""
        proba = self.predict_proba(X)
        return self._targets.decode(proba)


class RegressorBase(KerasEstimatorBase):
    """Regressor behaviour shared by SKLearnRegressor and KerasRegressor."""

    def _set_targets(self, y, classes):
        self._targets = _targets.RegressorTargets(y)
        self.n_outputs_ = self._targets.n_outputs_

    def _encode_targets(self, y, model, X, fresh):
        if fresh:
            width = _model_utils.output_width(model, X)
            if width != self.n_outputs_:
                raise ValueError(f"The model's last layer has {width} units but y has "
                                 f"{self.n_outputs_} column(s); they must match.")
        return self._targets.encode(y, dtype=floatx())

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Trains a fresh model on `X` and targets `y` of shape (n,) or (n, n_outputs).

        Keyword arguments go to `model.fit`, overriding the estimator's. Returns self.
        """
        continuing = bool(self.warm_start) and self.__sklearn_is_fitted__()
        return self._fit(X, y, sample_weight, kwargs, continuing)

    def partial_fit(self, X, y, sample_weight=None, **kwargs):
        """One epoch on `(X, y)`, continuing the current model (made on the first call)."""
        continuing = self.__sklearn_is_fitted__()
        return self._fit(X, y, sample_weight, kwargs, continuing, one_epoch=True)

    def predict(self, X):
        """Predictions of shape (n,) for a 1-D `y` in fit, else (n, n_outputs)."""
        raw = self._raw_predict(X)  # first: it raises NotFittedError before fit
        # float64, as every scikit-learn regressor returns.
        return self._targets.decode(raw).astype("float64")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {**super()._more_tags(), "multioutput": True}
