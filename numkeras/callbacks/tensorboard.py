"""TensorBoard: event files of the training curves and weight histograms.

The files are written with the `tensorboard` package's own event-file writer and
protocol buffers (`pip install numkeras[tensorboard]`), so `tensorboard --logdir`
opens them. The layout is Keras's: `log_dir/train` and `log_dir/validation`, scalars
`epoch_<metric>` per epoch (validation ones without their `val_` prefix),
`batch_<metric>` per batch with `update_freq`, `evaluation_<metric>_vs_iterations`
after each validation, and weight histograms `<weight path>/histogram`.
"""
import os
import sys
import time
import types
import warnings

import numpy as np

from numkeras.callbacks.callback import Callback


def _event_modules():
    # TensorBoard reads and writes files through TensorFlow when it can import it, else through
    # its own stub; the marker module `tensorboard.compat.notf` selects the stub. Without it,
    # inside `numkeras run` TensorBoard would take numkeras's `tensorflow` stand-in for the real one.
    sys.modules.setdefault("tensorboard.compat.notf", types.ModuleType("tensorboard.compat.notf"))
    try:
        from tensorboard.compat.proto import event_pb2, summary_pb2
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError:
        raise ImportError("The TensorBoard callback needs the `tensorboard` package: "
                          "pip install numkeras[tensorboard] (or pip install tensorboard).") from None
    return event_pb2, summary_pb2, EventFileWriter


class SummaryWriter:
    """One event file in `logdir`: scalars, histograms and text-valued tensors by step."""

    def __init__(self, logdir):
        self.event_pb2, self.summary_pb2, writer_class = _event_modules()
        self.writer = writer_class(logdir)

    def _write(self, value, step):
        summary = self.summary_pb2.Summary(value=[value])
        self.writer.add_event(self.event_pb2.Event(wall_time=time.time(), step=int(step), summary=summary))

    def scalar(self, tag, value, step):
        self._write(self.summary_pb2.Summary.Value(tag=tag, simple_value=float(value)), step)

    def histogram(self, tag, values, step, bins=30):
        values = np.asarray(values, dtype=np.float64).reshape(-1)
        counts, edges = np.histogram(values, bins=bins if values.size else 1)
        proto = self.summary_pb2.HistogramProto(
            min=float(values.min(initial=0.0)), max=float(values.max(initial=0.0)), num=float(values.size),
            sum=float(values.sum()), sum_squares=float(np.dot(values, values)),
            bucket_limit=edges[1:].tolist(), bucket=counts.astype(np.float64).tolist())
        self._write(self.summary_pb2.Summary.Value(tag=tag, histo=proto), step)

    def text_tensor(self, tag, text, step, plugin_name, content=b""):
        from tensorboard.compat.proto import tensor_pb2, tensor_shape_pb2, types_pb2

        metadata = self.summary_pb2.SummaryMetadata(
            plugin_data=self.summary_pb2.SummaryMetadata.PluginData(plugin_name=plugin_name,
                                                                     content=content))
        tensor = tensor_pb2.TensorProto(dtype=types_pb2.DT_STRING, string_val=[text.encode("utf-8")],
                                        tensor_shape=tensor_shape_pb2.TensorShapeProto())
        self._write(self.summary_pb2.Summary.Value(tag=tag, metadata=metadata, tensor=tensor), step)

    def flush(self):
        self.writer.flush()

    def close(self):
        self.writer.close()


class TensorBoard(Callback):
    """Writes TensorBoard logs: metrics per epoch (and per batch), weight histograms.

    Args:
        log_dir: folder of the logs; `train/` and `validation/` event files go under it.
        histogram_freq: write weight histograms every this many epochs (0: never).
        write_graph: write the model's structure (Functional and Sequential models), shown
            by TensorBoard's graph tab as Keras's conceptual graph.
        write_images: accepted; weight images are not written.
        write_steps_per_second: also log `epoch_steps_per_second`.
        update_freq: "epoch", "batch", or an int N: batch-level scalars every N batches.
        profile_batch: accepted and checked as Keras does; there is no profiler to run.
        embeddings_freq, embeddings_metadata: accepted; no projector files are written.

    Example:
    >>> cb = TensorBoard(log_dir="logs", histogram_freq=1, update_freq="batch")
    >>> cb.update_freq
    1
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0,
                 embeddings_freq=0, embeddings_metadata=None):
        super().__init__()
        _event_modules()  # a missing package fails here, before training starts
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = _non_negative(histogram_freq, "histogram_freq")
        self.write_graph = bool(write_graph)
        self.write_images = bool(write_images)
        self.write_steps_per_second = bool(write_steps_per_second)
        self.update_freq = _update_freq(update_freq)
        self.profile_batch = _profile_batch(profile_batch)
        self.embeddings_freq = _non_negative(embeddings_freq, "embeddings_freq")
        self.embeddings_metadata = embeddings_metadata
        if self.write_images or self.embeddings_freq or self.profile_batch != (0, 0):
            warnings.warn("TensorBoard: write_images, embeddings and profiling are accepted but not "
                          "written by numkeras (no images, projector or profiler traces).",
                          UserWarning, stacklevel=2)
        self._writers = {}
        self._global_train_batch = 0
        self._epoch_start = None

    def _writer(self, kind):
        if kind not in self._writers:
            self._writers[kind] = SummaryWriter(os.path.join(self.log_dir, kind))
        return self._writers[kind]

    def _listens_to(self, hook_name):
        if hook_name == "on_train_batch_end":
            return self.update_freq != "epoch"
        return super()._listens_to(hook_name)

    def _wants_batch_logs(self, mode):
        return mode == "train" and self.update_freq != "epoch"

    def set_model(self, model):
        super().set_model(model)
        self._writers = {}

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        model = self.model
        if self.write_graph and type(model).__name__ in ("Functional", "Sequential"):
            self._writer("train").text_tensor("keras", model.to_json(), 0, "graph_keras_model", b"1")

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = (time.perf_counter(), self._iterations())

    def on_train_batch_end(self, batch, logs=None):
        self._global_train_batch += 1
        if self._global_train_batch % self.update_freq == 0 and logs:
            writer = self._writer("train")
            for name, value in logs.items():
                writer.scalar(f"batch_{name}", value, self._global_train_batch)

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "learning_rate"):
            train["learning_rate"] = float(np.asarray(optimizer.learning_rate))
        if self.write_steps_per_second and self._epoch_start is not None:
            started, iterations = self._epoch_start
            train["steps_per_second"] = (self._iterations() - iterations) / max(
                time.perf_counter() - started, 1e-9)
        writer = self._writer("train")
        for name, value in train.items():
            writer.scalar(f"epoch_{name}", value, epoch)
        validation = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        if validation:
            val_writer = self._writer("validation")
            for name, value in validation.items():
                val_writer.scalar(f"epoch_{name}", value, epoch)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        for w in self._writers.values():
            w.flush()

    def on_test_end(self, logs=None):
        if getattr(self.model, "optimizer", None) is None or not logs:
            return
        writer = self._writer("validation")
        for name, value in logs.items():
            writer.scalar(f"evaluation_{name}_vs_iterations", value, self._iterations())
        writer.flush()

    def on_train_end(self, logs=None):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _log_weights(self, epoch):
        writer = self._writer("train")
        for layer in self.model.layers:
            for weight in layer.weights:
                path = getattr(weight, "path", None) or f"{layer.name}/{weight.name}"
                writer.histogram(f"{path.replace(':', '_')}/histogram", weight.numpy(), epoch)

    def _iterations(self):
        optimizer = getattr(self.model, "optimizer", None)
        iterations = getattr(optimizer, "iterations", None)
        return 0 if iterations is None else int(np.asarray(iterations))


def _non_negative(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"TensorBoard: `{name}` must be an int >= 0, got {value!r}.")
    return int(value)


def _update_freq(value):
    if value == "batch":
        return 1
    if value == "epoch":
        return "epoch"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"TensorBoard: `update_freq` must be 'epoch', 'batch' or a positive int, "
                         f"got {value!r}.")
    return int(value)


def _profile_batch(value):
    """Keras's forms: an int, a "start,stop" string or a (start, stop) pair; 0 disables."""
    error = ValueError(f"TensorBoard: `profile_batch` must be a non-negative int or a pair of "
                       f"positive ints (start, stop), got {value!r}.")
    if isinstance(value, str):
        try:
            value = [int(part) for part in value.split(",")]
        except ValueError:
            raise error from None
        value = value[0] if len(value) == 1 else value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        start = stop = int(value)
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        start, stop = (int(v) for v in value)
    else:
        raise error
    if start < 0 or stop < start:
        raise error
    return start, stop
