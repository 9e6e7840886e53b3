"""The per-batch steps of `Trainer`: forward, loss, `backward`, `optimizer.apply`, metric updates."""
import warnings

from numkeras.backend.tensor import STATE, Tensor, backward
from numkeras.layers import layer as layer_module
from numkeras.models.custom_steps import LossTracker


class TrainStep:
    """The built-in steps (`_train_batch`, `_test_batch`) and the loss and metric trackers they
    update; `custom_steps.py` has Keras's public `train_step(data)` & co. around them."""

    # Callables `(grads, variables)` told each step's gradients before the optimizer applies
    # them (e.g. `callbacks.GradientNormRecorder`); a tuple, set with `object.__setattr__`.
    _gradient_observers = ()

    # --- trackers ----------------------------------------------------------------------------
    def _reset_trackers(self):
        # Plain objects: updating them every step skips Layer.__setattr__'s tracking.
        object.__setattr__(self, "_loss_tracker", LossTracker())
        object.__setattr__(self, "_step_logs", None)  # what a custom step returned last
        if getattr(self, "_compile_metrics", None) is not None:
            self._compile_metrics.reset_state()

    def _logs(self):
        if self._step_logs is not None:
            return dict(self._step_logs)
        tracker = self._loss_tracker
        logs = {"loss": tracker.total / tracker.count if tracker.count else 0.0}
        if tracker.per_output is not None and tracker.count:
            for name, loss_fn, total in zip(self._compile_loss.output_names, self._compile_loss.losses,
                                            tracker.per_output):
                if loss_fn is not None:
                    logs[f"{name}_loss"] = total / tracker.count
        if self._compile_metrics is not None and self._compile_metrics.built:
            logs.update(self._compile_metrics.results())
        return logs

    def _prepare_compiled(self, y, y_pred, in_step=False):
        """Resolves losses and metrics on the first batch, when output shapes are known."""
        if y is None and in_step and self._loss_needs_targets():
            raise self._no_targets_error("A batch without targets")
        if self._compile_loss.losses is None:
            self._compile_loss.build(self._output_names(y_pred), y, _values(y_pred))
        if not self._compile_metrics.built and y is not None:
            self._compile_metrics.build(self._compile_loss.output_names, y, _values(y_pred),
                                        losses=self._compile_loss.losses)

    def _forward(self, x, training):
        return self(x, training=training)

    def _batch_loss(self, y, y_pred, sample_weight, with_compiled_loss):
        """The compiled loss (if asked for) plus the add_loss terms and weight penalties of the
        last call; None when there is neither."""
        loss = self._compile_loss(y, y_pred, sample_weight) if with_compiled_loss else None
        if self._may_have_penalties:
            for term in self.losses:
                loss = term if loss is None else loss + term
        return loss

    def _train_batch(self, x, y=None, sample_weight=None):
        """The built-in step: one optimizer step on one batch; updates the loss tracker and metrics."""
        previous = STATE.recording
        STATE.recording = True
        try:
            y_pred = self._forward(x, True)
            if self._compile_loss.losses is None or not self._compile_metrics.built:
                self._prepare_compiled(y, y_pred, in_step=True)
            loss = self._batch_loss(y, y_pred, sample_weight, self._compile_loss.has_loss)
        finally:
            STATE.recording = previous
        if loss is None:
            raise ValueError("The model has no loss to minimise: pass `loss=` to compile() or call "
                             "add_loss() in a layer.")
        variables = self._trainable_variables
        grads = backward(loss, variables)
        for observe in self._gradient_observers:
            observe(grads, variables)
        self.optimizer.apply(grads, variables)
        self._update_trackers(loss, y, y_pred, sample_weight)
        return y_pred

    def _test_batch(self, x, y=None, sample_weight=None):
        """The built-in evaluation step: forward and loss without recording gradients; updates trackers."""
        y_pred = self._forward(x, False)
        if self._compile_loss.losses is None or not self._compile_metrics.built:
            self._prepare_compiled(y, y_pred, in_step=True)
        loss = self._batch_loss(y, y_pred, sample_weight, y is not None)
        if loss is not None:
            self._update_trackers(loss, y, y_pred, sample_weight)
        return y_pred

    def _update_trackers(self, loss, y, y_pred, sample_weight):
        n = _batch_length(y_pred)
        tracker = self._loss_tracker
        tracker.total += float(loss.value) * n
        tracker.count += n
        per_output = self._compile_loss.last_per_output
        if per_output is not None and len(per_output) > 1:
            if tracker.per_output is None:
                tracker.per_output = [0.0] * len(per_output)
            for i, term in enumerate(per_output):
                if term is not None:
                    tracker.per_output[i] += float(term.value) * n
        if y is not None and self._compile_metrics.metrics:
            self._compile_metrics.update_state(y, _values(y_pred), sample_weight,
                                               mask=getattr(y_pred, "_keras_mask", None))

    def _begin_training(self):
        """Builds the optimizer and caches what every step needs."""
        self._trainable_variables = self.trainable_weights
        # A model trained only through add_loss has nothing to update: Keras warns and trains. (A
        # custom train_step handles its own variables and optimizers, e.g. a GAN's two networks.)
        if not self._trainable_variables and not self._custom("train_step"):
            warnings.warn(f"The model does not have any trainable weights: model '{self.name}' has "
                          f"nothing to update (is every layer frozen with trainable=False?).",
                          UserWarning, stacklevel=3)
        if not getattr(self.optimizer, "built", False):
            self.optimizer.build(self._trainable_variables)
        else:
            known = {id(v) for v in getattr(self.optimizer, "_trainable_variables", ())}
            new = [v.path for v in self._trainable_variables if id(v) not in known]
            if known and new:
                raise ValueError(f"Model '{self.name}': weights {new} became trainable after the "
                                 f"optimizer was built (a layer was unfrozen after compile() and "
                                 f"training). Call model.compile(...) again, with a new optimizer, "
                                 f"after changing `trainable`, as Keras requires.")
        self._trainable_state = layer_module.TRAINABLE_CHANGES[0]
        self._may_have_penalties = self._detect_penalties()

    def _detect_penalties(self):
        from numkeras.layers import BUILTIN_LAYER_TYPES

        def walk(layer):
            yield layer
            for sub in layer._layers:
                yield from walk(sub)

        for layer in walk(self):
            if layer is not self and type(layer) not in BUILTIN_LAYER_TYPES:
                return True
            if layer.activity_regularizer is not None or layer._own_losses:
                return True
        if type(self).call is not getattr(type(self), "_builtin_call", None) and \
                type(self).__name__ not in ("Sequential", "Functional"):
            return True
        return any(v.regularizer is not None for v in self.variables)


# --- helpers --------------------------------------------------------------------------------------
def _values(y_pred):
    if isinstance(y_pred, Tensor):
        return y_pred.value
    if isinstance(y_pred, (list, tuple)):
        return [_values(v) for v in y_pred]
    if isinstance(y_pred, dict):
        return {k: _values(v) for k, v in y_pred.items()}
    return y_pred


def to_numpy(out):
    return _values(out) if not isinstance(out, Tensor) else out.value


def _batch_length(y_pred):
    while isinstance(y_pred, (list, tuple)):
        y_pred = y_pred[0]
    if isinstance(y_pred, dict):
        y_pred = next(iter(y_pred.values()))
    shape = y_pred.shape
    return shape[0] if shape else 1
