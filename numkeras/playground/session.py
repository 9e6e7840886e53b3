"""One playground session: a model trained on its own worker thread, steered by the page.

The worker builds the model by running the set-up part of the code the page shows, then
trains it with the same `fit()` call, plus a controller callback that applies the page's
controls at the next step, pauses, and publishes throttled snapshots for the stream.
numkeras's recording flag and global seed generator are process-wide, so sessions take
turns on `TRAIN_LOCK` (released while paused and every few milliseconds while training),
and each session keeps its own seed-generator state.
"""
import math
import threading
import time

import numpy as np

from numkeras.backend import random as nk_random
from numkeras.callbacks import Callback, EarlyStopping, GradientNormRecorder
from numkeras.playground import views
from numkeras.playground.config import LIVE_FIELDS, check_config, script, setup_code

TRAIN_LOCK = threading.Lock()
PUBLISH_EVERY = 0.12  # seconds between snapshots while training
YIELD_EVERY = 0.05  # seconds of training before letting other sessions take a turn
NO_END = 10**9  # fit()'s epochs: the page's run ends when the learner stops it


class Session:
    """A training session for one browser tab. Thread-safe public methods: play, pause, step,
    reset, update, close; `wait_for_change` and `view` serve the stream."""

    def __init__(self, session_id, values=None):
        self.id = session_id
        self.config = check_config(values or {})
        self.code = script(self.config)
        self._cond = threading.Condition()
        self.state, self.message = "building", ""
        self._running = False  # the learner wants training to go on
        self._step_until = None  # epoch count at which a step pauses
        self._rebuild = True
        self._end_fit = False  # a change that needs a new fit() call (batch size, early stopping)
        self._pending_lr = None
        self._closed = False
        self.version = 0
        self.build_id = 0
        self._snapshot = {}
        self.history = {"loss": [], "val_loss": [], "accuracy": [], "val_accuracy": []}
        self.grad_norms = []
        self.model = None
        self.last_active = time.monotonic()
        self._thread = threading.Thread(target=self._work, name=f"playground-session-{session_id}",
                                        daemon=True)
        self._thread.start()

    # --- controls (any thread) ---------------------------------------------------------------
    def play(self):
        with self._cond:
            if self.state in ("diverged", "stopped", "error"):
                return False
            self._running, self._step_until = True, None
            if self.state != "building":
                self._set_state("running", "")
        return True

    def pause(self):
        with self._cond:
            self._running, self._step_until = False, None
            if self.state == "running":
                self._set_state("paused", "")

    def step(self):
        with self._cond:
            if self.state in ("diverged", "stopped", "error"):
                return False
            self._running, self._step_until = True, len(self.history["loss"]) + 1
            if self.state != "building":
                self._set_state("running", "")
        return True

    def reset(self):
        with self._cond:
            self._running, self._step_until, self._rebuild = False, None, True
            self._set_state("building", "")

    def update(self, values):
        """Applies changed controls; returns "live" (next step) or "reset" (model rebuilt).
        Raises ConfigError with a message per bad control, changing nothing."""
        with self._cond:
            config = check_config(values, base=self.config)
            changed = {k for k in config if config[k] != self.config[k]}
            self.config, self.code = config, script(config)
            if not changed:
                return "none"
            if changed <= set(LIVE_FIELDS):
                if "learning_rate" in changed:
                    self._pending_lr = config["learning_rate"]
                if changed - {"learning_rate"}:
                    self._end_fit = True
                self._publish_locked()
                return "live"
            self._running, self._step_until, self._rebuild = False, None, True
            self._set_state("building", "")
            return "reset"

    def close(self, wait=True):
        """Ends the session; its worker drops the model and data and exits (joined if `wait`)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if wait:
            self._thread.join(timeout=10)

    @property
    def closed(self):
        return self._closed

    # --- the stream --------------------------------------------------------------------------
    def wait_for_change(self, seen_version, timeout):
        """Blocks until the snapshot is newer than `seen_version` (or timeout); returns the version."""
        with self._cond:
            if self.version == seen_version and not self._closed:
                self._cond.wait(timeout)
            return self.version

    def view(self, sent_epochs, sent_build):
        """The current snapshot, with only the epochs after `sent_epochs` of the curves (all of
        them, plus the data points, when the stream last saw another build)."""
        with self._cond:
            snapshot = dict(self._snapshot)
            fresh = sent_build != self.build_id
            start = 0 if fresh else sent_epochs
            snapshot.update(
                version=self.version, state=self.state, message=self.message, code=self.code,
                config=self.config, build=self.build_id, epoch=len(self.history["loss"]), from_epoch=start,
                history={k: v[start:] for k, v in self.history.items()},
                grad_norms=self.grad_norms[start:])
            if not fresh:
                snapshot.pop("data", None)
            return snapshot

    # --- the worker --------------------------------------------------------------------------
    def _set_state(self, state, message):
        self.state, self.message = state, message
        self._publish_locked()

    def _publish_locked(self, **views_):
        self._snapshot.update(views_)
        self.version += 1
        self._cond.notify_all()

    def _work(self):
        try:
            while True:
                with self._cond:
                    while not (self._closed or self._rebuild or self._running):
                        self._cond.wait()
                    if self._closed:
                        return
                    rebuild, self._rebuild = self._rebuild, False
                    config = self.config
                try:
                    with TRAIN_LOCK:
                        if rebuild:
                            self._build(config)
                        else:
                            self._fit(config)
                except Exception as error:  # shown on the page: never a traceback to the learner
                    with self._cond:
                        self._running = False
                        self._set_state("error", f"{type(error).__name__}: {error}")
        finally:
            self.model = self._data = None

    def _build(self, config):
        namespace = {}
        exec(compile(setup_code(config), "<playground>", "exec"), namespace)
        self.model = namespace["model"]
        self._data = tuple(namespace[k] for k in ("x_train", "y_train", "x_test", "y_test"))
        self._rng_state = nk_random.global_seed_generator().state
        self._two_d = config["dataset"] != "mnist"
        self._grad_recorder = GradientNormRecorder(record_batches=False)
        self._last_publish = 0.0
        data = None
        if self._two_d:
            x_train, y_train, x_test, y_test = self._data
            data = {"train": views.points(x_train, y_train), "test": views.points(x_test, y_test)}
        snapshot = self._views()
        snapshot["data"] = data
        snapshot["layer_names"] = views.layer_labels(self.model)
        with self._cond:
            for values in self.history.values():
                values.clear()
            self.grad_norms = []
            self.build_id += 1
            self._snapshot = {}
            if not self._rebuild:
                self._set_state("running" if self._running else "paused", "")
            self._publish_locked(**snapshot)

    def _views(self):
        model = self.model
        snapshot = {"neurons": views.neuron_maps(model, self._two_d),
                    "weights": views.weight_histograms(model)}
        if self._two_d:
            snapshot["boundary"] = views.boundary(model)
        else:
            snapshot["mnist"] = views.mnist_results(model, self._data[2], self._data[3])
        return snapshot

    def _fit(self, config):
        x_train, y_train, x_test, y_test = self._data
        batch = len(x_train) if config["batch_size"] == "all" else int(config["batch_size"])
        callbacks = [self._grad_recorder, _Controller(self)]
        if config["early_stopping"]:
            callbacks.append(EarlyStopping(monitor="val_loss", patience=config["patience"]))
        with self._cond:
            self._end_fit = False
            if self._pending_lr is not None:
                self.model.optimizer.learning_rate = self._pending_lr
                self._pending_lr = None
        nk_random.global_seed_generator().set_state(self._rng_state)
        self._stopped_by_us = False
        with np.errstate(all="ignore"):  # a diverging run is reported on the page, not as warnings
            self.model.fit(x_train, y_train, epochs=NO_END, initial_epoch=len(self.history["loss"]),
                           batch_size=batch, validation_data=(x_test, y_test), callbacks=callbacks,
                           verbose=0)
        with self._cond:
            if self.model.stop_training and not self._stopped_by_us and self.state == "running":
                self._running = False
                self._set_state("stopped", f"Early stopping: the test loss has not improved for "
                                           f"{config['patience']} epochs. Reset to train again.")

    # --- called by the controller, on the worker thread, holding TRAIN_LOCK --------------------
    def _checkpoint(self):
        """At a step's start: apply controls; wait while paused. True when fit() must end."""
        with self._cond:
            if self._pending_lr is not None:
                self.model.optimizer.learning_rate = self._pending_lr
                self._pending_lr = None
            while not self._must_end_fit() and not self._running:
                TRAIN_LOCK.release()
                try:
                    self._cond.wait()
                finally:
                    self._cond.release()
                    TRAIN_LOCK.acquire()
                    self._cond.acquire()
            if self._must_end_fit():
                self._stopped_by_us = True
                return True
        return False

    def _must_end_fit(self):
        return self._closed or self._rebuild or self._end_fit

    def _epoch_done(self, logs):
        loss = float(logs.get("loss", math.nan))
        with self._cond:
            for key, values in self.history.items():
                values.append(_rounded(logs.get(key)))
            if self._grad_recorder.epoch_norms:
                self.grad_norms.append([_rounded(v) for v in self._grad_recorder.epoch_norms[-1]])
            epochs = len(self.history["loss"])
            state_change = False
            if not math.isfinite(loss):
                self._running = False
                self._set_state("diverged", f"Training diverged: the loss became {loss} at epoch {epochs}. "
                                            f"Lower the learning rate, then reset.")
                state_change = True
            elif self._step_until is not None and epochs >= self._step_until:
                self._running, self._step_until = False, None
                self._set_state("paused", "")
                state_change = True
        now = time.monotonic()
        if state_change or now - self._last_publish >= PUBLISH_EVERY:
            self._last_publish = now
            snapshot = self._views() if math.isfinite(loss) else {}
            with self._cond:
                self._publish_locked(**snapshot)
        return not math.isfinite(loss)

    def _share_lock(self):
        now = time.monotonic()
        if now - self._last_yield >= YIELD_EVERY:
            TRAIN_LOCK.release()
            time.sleep(0)
            TRAIN_LOCK.acquire()
            self._last_yield = time.monotonic()


class _Controller(Callback):
    """Steers fit() for a session: controls at each step, pause, snapshots after each epoch."""

    def __init__(self, session):
        super().__init__()
        self.session = session

    def on_train_begin(self, logs=None):
        session = self.session
        session._rng_state = nk_random.global_seed_generator().state
        session._last_yield = time.monotonic()

    def on_train_batch_begin(self, batch, logs=None):
        if self.session._checkpoint():
            self.model.stop_training = True
        else:
            self.session._share_lock()

    def on_epoch_end(self, epoch, logs=None):
        if self.session._epoch_done(logs or {}):
            self.session._stopped_by_us = True
            self.model.stop_training = True
        elif self.session._checkpoint():
            self.model.stop_training = True


def _rounded(value):
    if value is None:
        return None
    value = float(value)
    return round(value, 7) if math.isfinite(value) else None


def new_session_id():
    return np.random.default_rng().integers(1 << 62).item().to_bytes(8, "big").hex()
