"""AdamW: Adam with decoupled weight decay."""
from numkeras.optimizers.adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay `w -= w * weight_decay * lr` before each update (Loshchilov & Hutter).

    Same update as `Adam`; only the default `weight_decay=0.004` differs, and
    it may not be None.

    Args:
        learning_rate: float, schedule or callable; default 0.001.
        weight_decay: float, the decoupled decay rate.
        beta_1, beta_2, epsilon, amsgrad: as in `Adam`.
        **kwargs: the base `Optimizer` arguments (clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([1.0]))
    >>> AdamW(learning_rate=0.1, weight_decay=0.5).apply([np.array([0.0])], [w])
    >>> round(float(w.value[0]), 5)   # 1 - 1 * 0.5 * 0.1, and a zero gradient moves nothing
    0.95
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, **kwargs):
        if weight_decay is None:
            raise ValueError("AdamW: argument `weight_decay` must be a float. Received: weight_decay=None")
        super().__init__(learning_rate=learning_rate, weight_decay=weight_decay, beta_1=beta_1,
                         beta_2=beta_2, epsilon=epsilon, amsgrad=amsgrad, **kwargs)
