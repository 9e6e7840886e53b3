"""What `compile(loss=..., metrics=...)` turns into: one loss and metric set per output."""
import warnings

import numpy as np

from numkeras.backend import math_ops
from numkeras.losses.loss import apply_mask


def _per_output(spec, output_names, what):
    """Spreads a loss/metric spec over the outputs, as Keras 3 does.

    - a dict: by output name (outputs it does not name get None);
    - a list/tuple with one entry per output: entry i is for output i (for `metrics`, an entry
      may be one metric, a list of metrics, or None);
    - anything else is for every output. For `metrics` of a model with several outputs, a list
      whose length is not the number of outputs is applied to every output (Keras 2's rule;
      Keras 3 raises there).
    """
    n = len(output_names)
    if isinstance(spec, dict):
        unknown = set(spec) - set(output_names)
        if unknown:
            raise ValueError(f"compile(): `{what}` names unknown outputs {sorted(unknown)}; the model's "
                             f"outputs are {output_names}.")
        return [spec.get(name) for name in output_names]
    if what == "metrics":
        if n > 1 and isinstance(spec, (list, tuple)) and len(spec) == n:
            return list(spec)
        return [spec] * n
    if isinstance(spec, (list, tuple)):
        if len(spec) != n:
            raise ValueError(f"compile(): `{what}` has {len(spec)} entries but the model has {n} "
                             f"output(s) {output_names}; pass one per output, or a dict by output name.")
        return list(spec)
    return [spec] * n


class CompileLoss:
    """The compiled loss: per-output losses, weighted and summed.

    `__call__(y_true, y_pred, sample_weight)` takes NumPy targets and the model's
    output Tensors and returns the scalar loss Tensor.
    """

    def __init__(self, loss, loss_weights=None):
        self.spec = loss
        self.loss_weights = loss_weights
        self.output_names = None
        self.losses = None  # one Loss object (or None) per output
        self.has_loss = False
        self.weights = None
        self.last_per_output = None

    def build(self, output_names, y_true=None, y_pred=None):
        """Resolves each output's loss; "ce"/"crossentropy" need the targets' and outputs' shapes."""
        from numkeras import losses

        self.output_names = list(output_names)
        specs = _per_output(self.spec, self.output_names, "loss")
        ys = _as_list(y_true, self.output_names) if y_true is not None else [None] * len(specs)
        ps = _as_list(y_pred, self.output_names) if y_pred is not None else [None] * len(specs)
        self.losses = [None if spec is None else
                       losses.resolve_loss(spec, np.shape(yt), np.shape(yp)) if yt is not None and
                       yp is not None else losses.get(spec)
                       for spec, yt, yp in zip(specs, ys, ps)]
        self.has_loss = any(loss is not None for loss in self.losses)
        if self.loss_weights is None:
            self.weights = [1.0] * len(specs)
        else:
            self.weights = [1.0 if w is None else float(w) for w in
                            _per_output(self.loss_weights, self.output_names, "loss_weights")]

    @property
    def is_sparse(self):
        return [getattr(l, "is_sparse", None) or _is_sparse_name(l) for l in (self.losses or [])]

    def __call__(self, y_true, y_pred, sample_weight=None):
        if len(self.losses) == 1:
            loss = self.losses[0](y_true, y_pred, sample_weight=sample_weight)
            if self.weights[0] != 1.0:
                loss = math_ops.multiply(loss, self.weights[0])
            return loss
        ys = y_true if isinstance(y_true, (list, tuple)) else [y_true[k] for k in self.output_names] \
            if isinstance(y_true, dict) else [y_true]
        ps = y_pred if isinstance(y_pred, (list, tuple)) else [y_pred[k] for k in self.output_names] \
            if isinstance(y_pred, dict) else [y_pred]
        total, per_output = None, []
        for loss_fn, weight, yt, yp in zip(self.losses, self.weights, ys, ps):
            if loss_fn is None:
                per_output.append(None)
                continue
            term = loss_fn(yt, yp, sample_weight=sample_weight)
            per_output.append(term)
            if weight != 1.0:
                term = math_ops.multiply(term, weight)
            total = term if total is None else math_ops.add(total, term)
        self.last_per_output = per_output
        return total


def _is_sparse_name(loss):
    name = getattr(loss, "name", "") or getattr(getattr(loss, "fn", None), "__name__", "")
    return "sparse" in str(name)


class CompileMetrics:
    """The compiled metrics, resolved on the first batch (when target shapes are known)."""

    def __init__(self, metrics, weighted_metrics=None):
        if isinstance(metrics, str):
            warnings.warn(f"compile(metrics={metrics!r}): pass a list, metrics=[{metrics!r}] "
                          f"(a bare string is a Keras 2 habit).", DeprecationWarning, stacklevel=3)
            metrics = [metrics]
        self.spec = metrics
        self.weighted_spec = weighted_metrics
        self.output_names = None
        self.metrics = []  # list of (output index, Metric, weighted)
        self.built = False

    def build(self, output_names, y_true, y_pred, losses=None):
        from numkeras.metrics import resolve_metric

        self.output_names = list(output_names)
        multi = len(self.output_names) > 1
        ys = _as_list(y_true, self.output_names)
        ps = _as_list(y_pred, self.output_names)
        taken = {}
        for weighted, spec in ((False, self.spec), (True, self.weighted_spec)):
            if not spec:
                continue
            for i, group in enumerate(_per_output(spec, self.output_names, "metrics")):
                if group is None:
                    continue
                group = group if isinstance(group, (list, tuple)) else [group]
                for identifier in group:
                    loss = losses[i] if losses else None
                    metric = resolve_metric(identifier, np.shape(ys[i]), np.shape(ps[i]), loss=loss)
                    prefix = f"{self.output_names[i]}_" if multi else ""
                    name = f"{prefix}{metric.name}"
                    if weighted and name in taken:
                        name = f"{prefix}weighted_{metric.name}"
                    count = taken.get(name, 0)
                    taken[name] = count + 1
                    metric.name = name if count == 0 else f"{name}_{count}"
                    self.metrics.append((i, metric, weighted))
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None, mask=None):
        if len(self.output_names) == 1:
            for _, metric, weighted in self.metrics:
                weight = sample_weight if weighted else None
                if mask is not None:  # Keras: every metric skips the prediction's masked entries
                    weight = apply_mask(weight, mask, "sum", "float32")
                metric.update_state(y_true, y_pred, sample_weight=weight)
            return
        ys = _as_list(y_true, self.output_names)
        ps = _as_list(y_pred, self.output_names)
        for i, metric, weighted in self.metrics:
            metric.update_state(ys[i], ps[i], sample_weight=sample_weight if weighted else None)

    def reset_state(self):
        for _, metric, _ in self.metrics:
            metric.reset_state()

    def results(self):
        """`{name: value}`; with several outputs sorted by name, the order of Keras's evaluate()."""
        results = {metric.name: float(metric.result()) for _, metric, _ in self.metrics}
        if len(self.output_names) > 1:
            return dict(sorted(results.items()))
        return results

    @property
    def names(self):
        return [metric.name for _, metric, _ in self.metrics]


def _as_list(values, names):
    if isinstance(values, dict):
        return [values[k] for k in names]
    if isinstance(values, (list, tuple)):
        return list(values)
    return [values]
