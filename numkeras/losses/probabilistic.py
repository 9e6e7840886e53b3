"""Kullback-Leibler divergence and Poisson losses (the cross-entropies are in `crossentropy.py`)."""
from numkeras.backend import loss_ops
from numkeras.losses.loss import Loss, LossFunctionWrapper, per_sample
from numkeras.losses.regression import elementwise_plan, planned_by

_kld_plan = elementwise_plan(loss_ops.KLD, "kl_divergence")
_poisson_plan = elementwise_plan(loss_ops.POISSON, "poisson")


@planned_by(_kld_plan)
def kl_divergence(y_true, y_pred):
    """Per-sample `sum(y_true * log(y_true / y_pred), axis=-1)`, both clipped to [eps, 1].

    Example:
    >>> [round(v, 4) for v in kl_divergence([[0.2, 0.8]], [[0.5, 0.5]]).numpy().tolist()]
    [0.1927]
    """
    return per_sample(_kld_plan(y_true, y_pred))


@planned_by(_poisson_plan)
def poisson(y_true, y_pred):
    """Per-sample `mean(y_pred - y_true * log(y_pred + eps), axis=-1)`.

    Example:
    >>> [round(v, 4) for v in poisson([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]).numpy().tolist()]
    [1.0, 0.0]
    """
    return per_sample(_poisson_plan(y_true, y_pred))


kld = KLD = kullback_leibler_divergence = kl_divergence


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence `y_true * log(y_true / y_pred)`, summed over the last axis.

    Example:
    >>> round(float(KLDivergence()([[0.2, 0.8]], [[0.5, 0.5]])), 4)
    0.1927
    """

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class Poisson(LossFunctionWrapper):
    """Poisson loss `y_pred - y_true * log(y_pred)`, for counts.

    Example:
    >>> round(float(Poisson()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])), 4)
    0.5
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
