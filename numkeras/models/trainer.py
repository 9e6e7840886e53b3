"""`Trainer`: compile, fit, evaluate, predict and the per-batch steps.

One training step is: forward (recording), loss, `backward`, `optimizer.apply`,
metric updates. Everything that can be checked is checked once per call,
before the first step, so the loop itself stays a handful of Python lines.
"""
import math

import numpy as np

from numkeras.backend import random as nk_random
from numkeras.backend.tensor import STATE, Tensor, backward, no_grad
from numkeras.layers import layer as layer_module
from numkeras.layers.input_layer import cast_to_input_dtype
from numkeras.models import data as data_utils
from numkeras.models.compile_utils import CompileLoss, CompileMetrics, _as_list

_COMPILE_ARGS = ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", "run_eagerly",
                 "steps_per_execution", "jit_compile", "auto_scale_loss")


class Trainer:
    def __init__(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self.stop_training = False
        self.history = None
        self._compile_loss = None
        self._compile_metrics = None
        self._compile_config = None
        self._reset_trackers()

    # --- compile -------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1, jit_compile="auto",
                auto_scale_loss=True, **kwargs):
        """Configures the model for training.

        Args:
            optimizer: name (default "rmsprop") or Optimizer instance.
            loss: name, Loss or function; a list/dict for several outputs.
            loss_weights: optional weights of the outputs' losses.
            metrics: list of names, Metric objects or functions ("accuracy" picks the right kind).
            weighted_metrics: metrics that take `sample_weight`/`class_weight` into account.
            run_eagerly, steps_per_execution, jit_compile, auto_scale_loss: accepted for
                compatibility; numkeras always runs eagerly on NumPy.
        """
        from numkeras import optimizers

        if kwargs:
            raise ValueError(f"compile() got unexpected keyword arguments {sorted(kwargs)}. "
                             f"Valid arguments: {', '.join(_COMPILE_ARGS)}.")
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_loss = CompileLoss(loss, loss_weights)
        self._compile_metrics = CompileMetrics(metrics, weighted_metrics)
        self._compile_config = {"optimizer": optimizer, "loss": loss, "loss_weights": loss_weights,
                                "metrics": metrics, "weighted_metrics": weighted_metrics}
        self.compiled = True
        self._reset_trackers()

    def _require_compiled(self, what):
        if not self.compiled:
            raise RuntimeError(f"You must call compile() before {what}(): e.g. "
                               f"model.compile(optimizer='rmsprop', loss='mse').")

    # --- trackers ----------------------------------------------------------------------------
    def _reset_trackers(self):
        # A plain object: updating it every step skips Layer.__setattr__'s tracking.
        object.__setattr__(self, "_loss_tracker", _LossTracker())
        if getattr(self, "_compile_metrics", None) is not None:
            self._compile_metrics.reset_state()

    def reset_metrics(self):
        self._reset_trackers()

    def _logs(self):
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

    @property
    def metrics_names(self):
        """The names of evaluate()'s list, in its order: loss, per-output losses, metrics."""
        names = ["loss"]
        compile_loss = self._compile_loss
        if compile_loss is not None and compile_loss.losses is not None and len(compile_loss.losses) > 1:
            names += [f"{n}_loss" for n, l in zip(compile_loss.output_names, compile_loss.losses)
                      if l is not None]
        if self._compile_metrics is not None and self._compile_metrics.built:
            names += list(self._compile_metrics.results())
        return names

    @property
    def metrics(self):
        if self._compile_metrics is None:
            return []
        return [m for _, m, _ in self._compile_metrics.metrics]

    # --- steps ---------------------------------------------------------------------------------
    def _output_names(self, y_pred=None):
        """Names of the outputs for per-output losses and metrics (Keras's rules): the output
        layers' names, or the keys (sorted) when the model returns a dict."""
        names = getattr(self, "output_names", None)
        if isinstance(y_pred, dict):
            return list(names) if names and set(names) == set(y_pred) else sorted(y_pred)
        n_out = len(y_pred) if isinstance(y_pred, (list, tuple)) else 1
        if names and len(names) == n_out and len(set(names)) == n_out:
            return list(names)
        return [f"output_{i}" for i in range(n_out)] if n_out > 1 else ["output"]

    def _loss_needs_targets(self):
        spec = self._compile_loss.spec if self._compile_loss is not None else None
        if isinstance(spec, dict):
            return any(v is not None for v in spec.values())
        if isinstance(spec, (list, tuple)):
            return any(v is not None for v in spec)
        return spec is not None

    def _no_targets_error(self, what):
        return ValueError(f"{what}: the model was compiled with loss={self.loss!r}, which compares "
                          f"predictions with targets, but no targets `y` were given. Pass y "
                          f"(e.g. model.fit(x, y)), or make the generator/PyDataset yield (x, y) "
                          f"batches.")

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

    def train_step(self, x, y=None, sample_weight=None):
        """One optimizer step on one batch; updates the loss tracker and metrics."""
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
        self.optimizer.apply(grads, variables)
        self._update_trackers(loss, y, y_pred, sample_weight)
        return y_pred

    def test_step(self, x, y=None, sample_weight=None):
        """Forward and loss on one batch without recording gradients; updates trackers."""
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
            self._compile_metrics.update_state(y, _values(y_pred), sample_weight)

    def predict_step(self, x):
        return self._forward(x, False)

    # --- fit ---------------------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Trains the model for `epochs` passes over the data; returns a `History`.

        Args:
            x, y: arrays (NumPy, lists, pandas, dict/list for several inputs), or a generator /
                PyDataset yielding `(x, y)` batches (then no `y`).
            batch_size: samples per step (default 32).
            epochs: passes over the data.
            verbose: "auto" (= 1), 0 (silent), 1 (progress bar), 2 (one line per epoch).
            callbacks: list of Callback objects.
            validation_split: fraction of the samples, taken from the end before shuffling, held
                out for validation.
            validation_data: `(x_val, y_val)` or `(x_val, y_val, sample_weight)`.
            shuffle: reshuffle the training samples every epoch.
            class_weight: `{class_id: weight}` applied to each sample's loss.
            sample_weight: per-sample loss weights.
            initial_epoch: epoch to start from (for resuming).
            steps_per_epoch: batches per epoch (default: the whole data).
            validation_freq: validate every this many epochs.
        """
        _check_legacy_fit_kwargs(kwargs)
        self._require_compiled("fit")
        epochs = _check_int(epochs, "epochs", 0)
        initial_epoch = _check_int(initial_epoch, "initial_epoch", 0)
        verbose = _resolve_verbose(verbose)
        if batch_size is not None:
            batch_size = _check_int(batch_size, "batch_size", 1)
        if not 0.0 <= float(validation_split) < 1.0:
            raise ValueError(f"fit(): `validation_split` must be in [0, 1), got {validation_split!r}.")
        if steps_per_epoch is not None:
            steps_per_epoch = _check_int(steps_per_epoch, "steps_per_epoch", 1)
        train = data_utils.make_batches(x, y, sample_weight, batch_size, None, "fit")
        if isinstance(train, data_utils.ArrayBatches) and not train.ys and self._loss_needs_targets():
            raise self._no_targets_error("fit()")
        val = None
        if validation_split and validation_data is None:
            if not isinstance(train, data_utils.ArrayBatches):
                raise ValueError("fit(): `validation_split` works only with array inputs; pass "
                                 "`validation_data` for generators and PyDatasets.")
            split = int(math.floor(train.num_samples * (1.0 - validation_split)))
            if split == 0 or split == train.num_samples:
                raise ValueError(f"fit(): validation_split={validation_split} leaves "
                                 f"{split} training and {train.num_samples - split} validation samples "
                                 f"out of {train.num_samples}; both must be non-empty.")
            val = train.slice(split, train.num_samples)
            train = train.slice(0, split)
        elif validation_data is not None:
            val = self._validation_batches(validation_data, validation_batch_size or batch_size,
                                           validation_steps)
        if class_weight is not None and isinstance(train, data_utils.ArrayBatches):
            weights = data_utils.class_weights_to_sample_weights(train.ys[0], class_weight)
            train.sw = weights if train.sw is None else train.sw * weights
        self._check_data(train, "fit")
        if val is not None and isinstance(val, data_utils.ArrayBatches):
            self._check_data(val, "fit (validation data)")

        from numkeras.callbacks import CallbackList

        from numkeras.compat.limits import apply_fit_limits  # config.set_max_epochs & co.

        epochs, steps_per_epoch = apply_fit_limits(epochs, steps_per_epoch, getattr(train, "steps", None))
        steps = train.steps if steps_per_epoch is None else steps_per_epoch
        epochs_data = data_utils.EpochIterator(train, steps_per_epoch, shuffle, None)
        callback_list = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0, model=self,
                                     verbose=verbose, epochs=epochs, steps=steps,
                                     do_validation=val is not None)
        self._begin_training()
        self.stop_training = False
        rng = np.random.default_rng(nk_random.draw_seed())
        self._shuffle_rng = rng  # BackupAndRestore saves its state, and restores it on resuming
        epochs_data.rng = rng
        batch_hooks = callback_list.needs_train_batch_hooks
        train_step = self.train_step
        logs = {}
        callback_list.on_train_begin()
        # BackupAndRestore sets `_initial_epoch` in on_train_begin to resume an interrupted fit.
        resumed, self._initial_epoch = getattr(self, "_initial_epoch", None), None
        if resumed is not None:
            initial_epoch = resumed
        for epoch in range(initial_epoch, epochs):
            self._reset_trackers()
            callback_list.on_epoch_begin(epoch)
            step = -1
            for step, (xb, yb, swb) in enumerate(epochs_data.epoch()):
                if batch_hooks:
                    callback_list.on_train_batch_begin(step)
                train_step(xb, yb, swb)
                if batch_hooks:
                    callback_list.on_train_batch_end(
                        step, self._logs() if callback_list.batch_logs_wanted(step) else None)
                if self.stop_training:
                    break
            if step < 0:  # a generator that has run dry: stop instead of logging an empty epoch
                data_utils.warn_ran_out()
                break
            logs = self._logs()
            if val is not None and (epoch + 1) % validation_freq == 0:
                val_logs = self._run_evaluation(val, callback_list=callback_list)
                logs.update({f"val_{k}": v for k, v in val_logs.items()})
            callback_list.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        callback_list.on_train_end(logs)
        return self.history

    def _validation_batches(self, validation_data, batch_size, steps):
        """`(x, y)`, `(x, y, sample_weight)` (or a `[x, y]` list), else a generator/PyDataset."""
        parts = validation_data
        if (isinstance(parts, tuple) and len(parts) in (2, 3)) or (isinstance(parts, list)
                                                                   and len(parts) == 2):
            vx, vy, vsw = (*parts, None)[:3]
            return data_utils.make_batches(vx, vy, vsw, batch_size, steps, "fit (validation_data)")
        return data_utils.make_batches(parts, None, None, batch_size, steps, "fit (validation_data)")

    def _begin_training(self):
        """Builds the optimizer and caches what every step needs."""
        self._trainable_variables = self.trainable_weights
        if not self._trainable_variables:
            raise ValueError(f"Model '{self.name}' has no trainable weights: nothing to train. "
                             f"(Is every layer frozen with trainable=False?)")
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

    def _check_data(self, batches, what):
        """Checks the arrays once, before any step: finite values, feature count, label fit."""
        if not isinstance(batches, data_utils.ArrayBatches):
            return
        data_utils.check_finite(batches.xs, "x")
        data_utils.check_finite(batches.ys, "y")
        self._check_input_shapes(batches.xs, what, batches.pack_x)
        batches.xs = self._cast_inputs(batches.xs)
        if batches.ys and self._compile_loss is not None:
            self._check_targets(batches, what)

    def _check_input_shapes(self, xs, what, pack=None):
        expected = self._expected_input_shapes()
        if expected is None:
            self._build_for(xs)
            return
        if pack is not None and len(expected) > 1:
            xs = self._inputs_in_order(pack(xs))
        if len(expected) != len(xs):
            raise ValueError(f"{what}(): model '{self.name}' expects {len(expected)} input(s), got "
                             f"{len(xs)}.")
        for i, (shape, arr) in enumerate(zip(expected, xs)):
            got = arr.shape[1:]
            want = tuple(shape)[1:]
            if len(got) != len(want) or any(w is not None and w != g for w, g in zip(want, got)):
                hint = ""
                if arr.ndim == len(want) and all(w is None or w == g for w, g in zip(want, arr.shape)):
                    hint = (f" It looks like one sample without the batch axis: pass "
                            f"{'x' if len(xs) == 1 else f'x[{i}]'}[None] (or .reshape(1, -1)) "
                            f"for a single sample.")
                elif len(want) == 1 and want[0] == int(np.prod(got)):
                    hint = (f" Flatten the samples first (x.reshape(len(x), {want[0]})) or start the "
                            f"model with a Flatten layer.")
                label = "x" if len(xs) == 1 else f"x[{i}]"
                raise ValueError(f"{what}(): model '{self.name}' expects input of shape "
                                 f"{(None,) + tuple(want)}, but {label} has shape {arr.shape} "
                                 f"(samples of shape {got}).{hint}")

    def _expected_input_shapes(self):
        return None

    def _expected_input_dtypes(self):
        """The dtypes of the model's inputs (its InputLayers'), or None when unknown."""
        return None

    def _cast_inputs(self, xs):
        """Casts input arrays to the inputs' dtypes (ints become floatx for a float Input), as Keras."""
        dtypes = self._expected_input_dtypes() or []
        return [cast_to_input_dtype(arr, dtypes[i] if i < len(dtypes) else None)
                for i, arr in enumerate(xs)]

    def _inputs_in_order(self, x):
        """The model's inputs as a list, in the order of `_expected_input_shapes()`."""
        return list(x) if isinstance(x, (list, tuple)) else [x]

    def _build_for(self, xs):
        """Builds a model that has no input shape yet from the first data it sees."""
        if not self.built:
            sample = xs[0][:1] if len(xs) == 1 else [a[:1] for a in xs]
            with no_grad():
                self(sample, training=False)

    def _check_targets(self, batches, what):
        """Label checks against the losses, once per call, on the model's real output shapes."""
        from numkeras.losses import validate_targets

        with no_grad():
            sample = batches.xs[0][:2] if batches.single_x else batches.pack_x([a[:2] for a in batches.xs])
            y_pred = self._forward(sample, False)
        if self._compile_loss.losses is None:
            y_sample = batches.pack_y([a[:2] for a in batches.ys]) if batches.ys else None
            self._prepare_compiled(y_sample, y_pred)
        names = self._compile_loss.output_names
        preds = _as_list(y_pred, names)
        y_struct = batches.pack_y(batches.ys)
        if isinstance(y_struct, dict) and len(names) > 1:
            missing = [n for n in names if n not in y_struct]
            unknown = [k for k in y_struct if k not in names]
            if missing or unknown:
                raise ValueError(f"{what}(): y is a dict with keys {list(y_struct)}, but model "
                                 f"'{self.name}' has outputs {names}"
                                 f"{f'; no targets for {missing}' if missing else ''}"
                                 f"{f'; unknown keys {unknown}' if unknown else ''}.")
        ys = _as_list(y_struct, names) if len(names) > 1 else [y_struct] if batches.single_y else \
            list(batches.ys)
        if len(ys) != len(preds):
            raise ValueError(f"{what}(): model '{self.name}' has {len(preds)} output(s) {names} but "
                             f"y holds {len(ys)} target array(s).")
        for loss_fn, yt, yp in zip(self._compile_loss.losses, ys, preds):
            if loss_fn is not None:
                validate_targets(loss_fn, yt, (None,) + tuple(yp.shape[1:]))

    # --- evaluate / predict -------------------------------------------------------------------
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """Loss and metrics on the given data: a float, a list `[loss, *metrics]`, or a dict."""
        if kwargs:
            raise ValueError(f"evaluate() got unexpected keyword arguments {sorted(kwargs)}.")
        self._require_compiled("evaluate")
        verbose = _resolve_verbose(verbose)
        batches = data_utils.make_batches(x, y, sample_weight, batch_size, steps, "evaluate")
        if isinstance(batches, data_utils.ArrayBatches) and not batches.ys and self._loss_needs_targets():
            raise self._no_targets_error("evaluate()")
        self._check_data(batches, "evaluate")
        if getattr(self, "_may_have_penalties", None) is None:
            self._may_have_penalties = self._detect_penalties()
        logs = self._run_evaluation(batches, verbose=verbose, callbacks=callbacks)
        if return_dict:
            return dict(sorted(logs.items()))  # Keras's logs: keys in alphabetical order
        values = [logs["loss"]] + [logs[k] for k in logs if k != "loss"]
        return values[0] if len(values) == 1 else values

    def _run_evaluation(self, batches, verbose=0, callbacks=None, callback_list=None):
        """Loss and metrics over `batches`; fit passes its callback list for the test hooks."""
        from numkeras.callbacks import CallbackList

        saved = self._loss_tracker
        self._reset_trackers()
        if callback_list is not None:
            callback_list.on_test_begin()
        elif verbose or callbacks:
            callback_list = CallbackList(callbacks, add_progbar=verbose != 0, model=self,
                                         verbose=verbose, epochs=1, steps=batches.steps)
            callback_list.on_test_begin()
        with no_grad():
            for step, (xb, yb, swb) in enumerate(batches.batches(None)):
                if callback_list is not None and callback_list.needs_test_batch_hooks:
                    callback_list.on_test_batch_begin(step)
                self.test_step(xb, yb, swb)
                if callback_list is not None and callback_list.needs_test_batch_hooks:
                    callback_list.on_test_batch_end(
                        step, self._logs() if callback_list.batch_logs_wanted(step) else None)
        logs = self._logs()
        if callback_list is not None:
            callback_list.on_test_end(logs)
        object.__setattr__(self, "_loss_tracker", saved)
        return logs

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Model outputs for the inputs, as NumPy arrays (a list for several outputs).

        A single small array is one forward pass with no bookkeeping, and with `verbose="auto"`
        no input that fits in one batch prints a progress bar (`verbose=1` still shows it).
        """
        batch_size = 32 if batch_size is None else _check_int(batch_size, "batch_size", 1)
        if callbacks is None and verbose in ("auto", 0) and isinstance(x, np.ndarray) and \
                x.ndim and x.shape[0] <= batch_size and self.built:
            expected = self._expected_input_shapes()
            if expected is not None and (len(expected) != 1 or len(expected[0]) != x.ndim or any(
                    w is not None and w != g for w, g in zip(expected[0][1:], x.shape[1:]))):
                self._check_input_shapes([x], "predict")  # raises, naming the shapes
            arr = self._cast_inputs([x])[0]
            with no_grad():
                return _to_numpy(self._forward(arr, False))
        batches = data_utils.make_batches(x, None, None, batch_size, steps, "predict")
        # "auto" shows no bar for a single batch: predict in a loop must not flood the output.
        verbose = 0 if verbose == "auto" and batches.steps == 1 else _resolve_verbose(verbose)
        if isinstance(batches, data_utils.ArrayBatches):
            data_utils.check_finite(batches.xs, "x")
            if self._expected_input_shapes() is not None:
                self._check_input_shapes(batches.xs, "predict", batches.pack_x)
            batches.xs = self._cast_inputs(batches.xs)
        outputs = []
        callback_list = None
        if verbose or callbacks:
            from numkeras.callbacks import CallbackList

            callback_list = CallbackList(callbacks, add_progbar=verbose != 0, model=self,
                                         verbose=verbose, epochs=1, steps=batches.steps)
            callback_list.on_predict_begin()
        with no_grad():
            for step, (xb, _, _) in enumerate(batches.batches(None)):
                hooks = callback_list is not None and callback_list.needs_predict_batch_hooks
                if hooks:
                    callback_list.on_predict_batch_begin(step)
                outputs.append(_to_numpy(self.predict_step(xb)))
                if hooks:
                    callback_list.on_predict_batch_end(step, {"outputs": outputs[-1]})
        if callback_list is not None:
            callback_list.on_predict_end()
        if not outputs:
            raise ValueError("predict() got no batches of data.")
        if isinstance(outputs[0], list):
            return [np.concatenate([o[i] for o in outputs]) for i in range(len(outputs[0]))]
        if isinstance(outputs[0], dict):
            return {k: np.concatenate([o[k] for o in outputs]) for k in outputs[0]}
        return np.concatenate(outputs)

    # --- single batches --------------------------------------------------------------------------
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One optimizer step on one batch; returns the loss (and metrics) of that batch."""
        self._require_compiled("train_on_batch")
        batches = data_utils.ArrayBatches(x, y, sample_weight, batch_size=1 << 62, what="train_on_batch")
        if not batches.ys and self._loss_needs_targets():
            raise self._no_targets_error("train_on_batch()")
        if class_weight is not None:
            weights = data_utils.class_weights_to_sample_weights(batches.ys[0], class_weight)
            batches.sw = weights if batches.sw is None else batches.sw * weights
        self._check_input_shapes(batches.xs, "train_on_batch", batches.pack_x)
        batches.xs = self._cast_inputs(batches.xs)
        if getattr(self, "_trainable_variables", None) is None or not self.optimizer.built or \
                self._trainable_state != layer_module.TRAINABLE_CHANGES[0]:
            self._begin_training()  # first call, or a layer was (un)frozen since
        self._reset_trackers()
        xb, yb, swb = next(batches.batches(None))
        self.train_step(xb, yb, swb)
        return self._batch_result(return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss (and metrics) of one batch, without updating the weights."""
        self._require_compiled("test_on_batch")
        batches = data_utils.ArrayBatches(x, y, sample_weight, batch_size=1 << 62, what="test_on_batch")
        if not batches.ys and self._loss_needs_targets():
            raise self._no_targets_error("test_on_batch()")
        batches.xs = self._cast_inputs(batches.xs)
        if getattr(self, "_may_have_penalties", None) is None:
            self._may_have_penalties = self._detect_penalties()
        self._reset_trackers()
        xb, yb, swb = next(batches.batches(None))
        with no_grad():
            self.test_step(xb, yb, swb)
        return self._batch_result(return_dict)

    def predict_on_batch(self, x):
        """Outputs for one batch, as NumPy."""
        xs, pack = data_utils.flatten_structure(x, "x", strings_ok=True)
        if len(xs) == 1 or not isinstance(x, dict):
            xs = self._cast_inputs(xs)
        with no_grad():
            return _to_numpy(self._forward(pack(xs), False))

    def _batch_result(self, return_dict):
        logs = self._logs()
        if return_dict:
            return logs
        values = [logs["loss"]] + [v for k, v in logs.items() if k != "loss"]
        return values[0] if len(values) == 1 else values


class _LossTracker:
    """Batch-size-weighted running sum of the loss (and of each output's loss)."""

    __slots__ = ("total", "count", "per_output")

    def __init__(self):
        self.total = 0.0
        self.count = 0
        self.per_output = None


# --- helpers --------------------------------------------------------------------------------------
def _values(y_pred):
    if isinstance(y_pred, Tensor):
        return y_pred.value
    if isinstance(y_pred, (list, tuple)):
        return [_values(v) for v in y_pred]
    if isinstance(y_pred, dict):
        return {k: _values(v) for k, v in y_pred.items()}
    return y_pred


def _to_numpy(out):
    return _values(out) if not isinstance(out, Tensor) else out.value


def _batch_length(y_pred):
    while isinstance(y_pred, (list, tuple)):
        y_pred = y_pred[0]
    if isinstance(y_pred, dict):
        y_pred = next(iter(y_pred.values()))
    shape = y_pred.shape
    return shape[0] if shape else 1


def _resolve_verbose(verbose):
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2, True, False):
        raise ValueError(f"`verbose` must be 'auto', 0, 1 or 2, got {verbose!r}.")
    return int(verbose)


def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"`{name}` must be an int >= {minimum}, got {value!r}.")
    return int(value)


_LEGACY_FIT = {"nb_epoch": "epochs", "max_queue_size": None, "workers": None, "use_multiprocessing": None}


def _check_legacy_fit_kwargs(kwargs):
    import warnings

    for key in list(kwargs):
        if key in _LEGACY_FIT and _LEGACY_FIT[key] is None:
            warnings.warn(f"fit(): `{key}` is a Keras 2 argument with no effect here; it is ignored.",
                          DeprecationWarning, stacklevel=3)
            kwargs.pop(key)
    if kwargs:
        raise ValueError(f"fit() got unexpected keyword arguments {sorted(kwargs)}.")

