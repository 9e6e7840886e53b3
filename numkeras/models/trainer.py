"""`Trainer`: compile, and the loops of fit, evaluate and predict.

The per-batch steps are in `train_step.py`, the checks on the data in `data_checks.py`.
One training step is: forward (recording), loss, `backward`, `optimizer.apply`,
metric updates. Everything that can be checked is checked once per call,
before the first step, so the loop itself stays a handful of Python lines.
"""
import math

import numpy as np

from numkeras.backend import random as nk_random
from numkeras.backend.tensor import no_grad
from numkeras.layers import layer as layer_module
from numkeras.models import data as data_utils
from numkeras.models import value_checks
from numkeras.models.argument_checks import (
    check_class_weight,
    check_count,
    check_validation_split,
    class_weight_to_sample_weights,
)
from numkeras.models.compile_utils import CompileLoss, CompileMetrics
from numkeras.models.custom_steps import CustomSteps
from numkeras.models.data_checks import DataChecks, check_legacy_fit_kwargs, resolve_verbose
from numkeras.models.train_step import TrainStep, to_numpy

# `(epochs, steps_per_epoch, available_steps) -> (epochs, steps_per_epoch)`: the caps of
# `keras.config.set_max_epochs` & co. live in numkeras.compat, which registers them here.
FIT_LIMITS = [lambda epochs, steps_per_epoch, available_steps=None: (epochs, steps_per_epoch)]


def register_fit_limits(hook):
    FIT_LIMITS[0] = hook


_COMPILE_ARGS = ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", "run_eagerly",
                 "steps_per_execution", "jit_compile", "auto_scale_loss")


class Trainer(CustomSteps, TrainStep, DataChecks):
    """compile, fit, evaluate, predict and their per-batch forms; the steps and the data checks
    come from `TrainStep` and `DataChecks`."""

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

    # --- outputs and losses ----------------------------------------------------------------
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
        check_legacy_fit_kwargs(kwargs)
        self._require_compiled("fit")
        epochs = check_count(epochs, "epochs", "fit", 0, allow_none=False)
        initial_epoch = check_count(initial_epoch, "initial_epoch", "fit", 0, allow_none=False)
        verbose = resolve_verbose(verbose)
        batch_size = check_count(batch_size, "batch_size", "fit")
        validation_split = check_validation_split(validation_split)
        steps_per_epoch = check_count(steps_per_epoch, "steps_per_epoch", "fit")
        validation_steps = check_count(validation_steps, "validation_steps", "fit")
        validation_batch_size = check_count(validation_batch_size, "validation_batch_size", "fit")
        validation_freq = check_count(validation_freq, "validation_freq", "fit", allow_none=False)
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
            weights = class_weight_to_sample_weights(class_weight, train.ys, "fit")
            train.sw = weights if train.sw is None else train.sw * weights
        elif class_weight is not None:  # generators and PyDatasets: applied to each batch, as Keras
            train.class_weight = check_class_weight(class_weight, "fit")
        self._check_data(train, "fit")
        if val is not None and isinstance(val, data_utils.ArrayBatches):
            self._check_data(val, "fit (validation data)")

        from numkeras.callbacks import CallbackList

        epochs, steps_per_epoch = FIT_LIMITS[0](epochs, steps_per_epoch, getattr(train, "steps", None))
        steps = train.steps if steps_per_epoch is None else steps_per_epoch
        epochs_data = data_utils.EpochIterator(train, steps_per_epoch, shuffle, None)
        callback_list = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0, model=self,
                                     verbose=verbose, epochs=epochs, steps=steps,
                                     do_validation=val is not None)
        if not self.built and isinstance(train, data_utils.IterableBatches):
            self._build_from_first_batch(train)
        self._begin_training()
        self.stop_training = False
        rng = np.random.default_rng(nk_random.draw_seed())
        self._shuffle_rng = rng  # BackupAndRestore saves its state, and restores it on resuming
        epochs_data.rng = rng
        batch_hooks = callback_list.needs_train_batch_hooks
        train_step = self._train_batch
        # A subclass's train_step(data) runs instead of the built-in step, as in Keras.
        custom_step = self.train_step if self._custom("train_step") else None
        from_arrays = isinstance(train, data_utils.ArrayBatches)
        logs = {}
        callback_list.on_train_begin()
        # BackupAndRestore sets `_initial_epoch` in on_train_begin to resume an interrupted fit.
        resumed, self._initial_epoch = getattr(self, "_initial_epoch", None), None
        if resumed is not None:
            initial_epoch = resumed
        reset_metrics = self._epoch_metric_reset()
        for epoch in range(initial_epoch, epochs):
            reset_metrics()
            callback_list.on_epoch_begin(epoch)
            step = -1
            for step, (xb, yb, swb) in enumerate(epochs_data.epoch()):
                if batch_hooks:
                    callback_list.on_train_batch_begin(step)
                if custom_step is None:
                    train_step(xb, yb, swb)
                else:
                    self._run_custom_step(custom_step, xb, yb, swb, from_arrays)
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












    def _build_from_first_batch(self, source):
        """Builds a model that has no weights yet (a subclass) on a dataset's first batch, as
        Keras does before training, so the optimizer sees the weights."""
        batches = source.batches()
        first = next(batches, None)
        batches.close()
        if first is not None:
            with no_grad():
                self._forward(first[0], False)

    # --- evaluate / predict -------------------------------------------------------------------
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """Loss and metrics on the given data: a float, a list `[loss, *metrics]`, or a dict."""
        if kwargs:
            raise ValueError(f"evaluate() got unexpected keyword arguments {sorted(kwargs)}.")
        self._require_compiled("evaluate")
        verbose = resolve_verbose(verbose)
        batch_size = check_count(batch_size, "batch_size", "evaluate")
        steps = check_count(steps, "steps", "evaluate")
        batches = data_utils.make_batches(x, y, sample_weight, batch_size, steps, "evaluate")
        if isinstance(batches, data_utils.ArrayBatches) and not batches.ys and self._loss_needs_targets():
            raise self._no_targets_error("evaluate()")
        self._check_data(batches, "evaluate")
        if getattr(self, "_may_have_penalties", None) is None:
            self._may_have_penalties = self._detect_penalties()
        logs = self._run_evaluation(batches, verbose=verbose, callbacks=callbacks)
        value_checks.warn_if_no_batches(batches, "evaluate")
        if return_dict:
            return dict(sorted(logs.items()))  # Keras's logs: keys in alphabetical order
        values = [logs[k] for k in sorted(logs, key=lambda k: k != "loss")]  # loss first
        return values[0] if len(values) == 1 else values

    def _run_evaluation(self, batches, verbose=0, callbacks=None, callback_list=None):
        """Loss and metrics over `batches`; fit passes its callback list for the test hooks."""
        from numkeras.callbacks import CallbackList

        saved = self._loss_tracker, getattr(self, "_step_logs", None)
        custom_step = self.test_step if self._custom("test_step") else None
        if custom_step is None:
            self._reset_trackers()
        else:
            self.reset_metrics()  # a custom step's own trackers too, as Keras's evaluate does
        from_arrays = isinstance(batches, data_utils.ArrayBatches)
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
                if custom_step is None:
                    self._test_batch(xb, yb, swb)
                else:
                    self._run_custom_step(custom_step, xb, yb, swb, from_arrays)
                if callback_list is not None and callback_list.needs_test_batch_hooks:
                    callback_list.on_test_batch_end(
                        step, self._logs() if callback_list.batch_logs_wanted(step) else None)
        logs = self._logs()
        if callback_list is not None:
            callback_list.on_test_end(logs)
        object.__setattr__(self, "_loss_tracker", saved[0])
        object.__setattr__(self, "_step_logs", saved[1])
        return logs

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Model outputs for the inputs, as NumPy arrays (a list for several outputs).

        A single small array is one forward pass with no bookkeeping, and with `verbose="auto"`
        no input that fits in one batch prints a progress bar (`verbose=1` still shows it).
        """
        batch_size = check_count(batch_size, "batch_size", "predict") or 32
        steps = check_count(steps, "steps", "predict")
        if callbacks is None and verbose in ("auto", 0) and isinstance(x, np.ndarray) and \
                x.ndim and x.shape[0] <= batch_size and self.built and not self._custom("predict_step"):
            expected = self._expected_input_shapes()
            if expected is not None and (len(expected) != 1 or len(expected[0]) != x.ndim or any(
                    w is not None and w != g for w, g in zip(expected[0][1:], x.shape[1:]))):
                self._check_input_shapes([x], "predict")  # raises, naming the shapes
            arr = self._cast_inputs([x])[0]
            with no_grad():
                return to_numpy(self._forward(arr, False))
        batches = data_utils.make_batches(x, None, None, batch_size, steps, "predict")
        # "auto" shows no bar for a single batch: predict in a loop must not flood the output.
        verbose = 0 if verbose == "auto" and batches.steps == 1 else resolve_verbose(verbose)
        if isinstance(batches, data_utils.ArrayBatches):  # NaN in x gives NaN out, as in Keras
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
        custom_step = self.predict_step if self._custom("predict_step") else None
        from_arrays = isinstance(batches, data_utils.ArrayBatches)
        with no_grad():
            for step, (xb, _, _) in enumerate(batches.batches(None)):
                hooks = callback_list is not None and callback_list.needs_predict_batch_hooks
                if hooks:
                    callback_list.on_predict_batch_begin(step)
                if custom_step is None:
                    outputs.append(to_numpy(self._forward(xb, False)))
                else:  # Keras hands predict_step `(x,)` for arrays, a dataset's element as it is
                    outputs.append(to_numpy(custom_step((xb,) if from_arrays else xb)))
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
            weights = class_weight_to_sample_weights(class_weight, batches.ys, "train_on_batch")
            batches.sw = weights if batches.sw is None else batches.sw * weights
        self._check_input_shapes(batches.xs, "train_on_batch", batches.pack_x)
        batches.xs = self._cast_inputs(batches.xs)
        if getattr(self, "_trainable_variables", None) is None or not self.optimizer.built or \
                self._trainable_state != layer_module.TRAINABLE_CHANGES[0]:
            self._begin_training()  # first call, or a layer was (un)frozen since
        self.reset_metrics()
        xb, yb, swb = next(batches.batches(None))
        if self._custom("train_step"):
            self._run_custom_step(self.train_step, xb, yb, swb, True)
        else:
            self._train_batch(xb, yb, swb)
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
        self.reset_metrics()
        xb, yb, swb = next(batches.batches(None))
        with no_grad():
            if self._custom("test_step"):
                self._run_custom_step(self.test_step, xb, yb, swb, True)
            else:
                self._test_batch(xb, yb, swb)
        return self._batch_result(return_dict)

    def predict_on_batch(self, x):
        """Outputs for one batch, as NumPy."""
        xs, pack = data_utils.flatten_structure(x, "x", strings_ok=True)
        if len(xs) == 1 or not isinstance(x, dict):
            xs = self._cast_inputs(xs)
        with no_grad():
            return to_numpy(self._forward(pack(xs), False))

    def _batch_result(self, return_dict):
        logs = self._logs()
        if return_dict:
            return logs
        values = [logs[k] for k in sorted(logs, key=lambda k: k != "loss")]  # loss first
        return values[0] if len(values) == 1 else values

















