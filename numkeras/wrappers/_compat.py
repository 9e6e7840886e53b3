"""The scikit-learn pieces the wrappers use, with one clear error when it is missing.

scikit-learn is an optional extra: `import numkeras` never imports it, and only
the wrapper modules import this file. Older releases (1.3-1.5) named a few
helpers differently; the shims below keep one spelling for the rest of the code.
"""
try:
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, TransformerMixin
    from sklearn.exceptions import DataConversionWarning, NotFittedError
    from sklearn.utils.multiclass import check_classification_targets, type_of_target
    from sklearn.utils.validation import _check_sample_weight, check_is_fitted
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "numkeras.wrappers needs scikit-learn, which is not installed. Install it with "
        "`pip install scikit-learn` (or `pip install numkeras[sklearn]`)."
    ) from exc

try:  # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data as _validate_data
except ImportError:  # pragma: no cover - older scikit-learn
    def _validate_data(estimator, X="no_validation", y="no_validation", **kwargs):
        return estimator._validate_data(X, y, **kwargs)

__all__ = ["BaseEstimator", "ClassifierMixin", "RegressorMixin", "TransformerMixin",
           "DataConversionWarning", "NotFittedError", "check_classification_targets",
           "type_of_target", "check_sample_weight", "check_is_fitted", "validate_data"]


def validate_data(estimator, X, y="no_validation", reset=True, **kwargs):
    """scikit-learn's input validation: finite values, 2-D (or N-D) X, feature count and names."""
    return _validate_data(estimator, X, y, reset=reset, **kwargs)


def check_sample_weight(sample_weight, X):
    """A float array of one weight per sample, or scikit-learn's ValueError."""
    return _check_sample_weight(sample_weight, X)
