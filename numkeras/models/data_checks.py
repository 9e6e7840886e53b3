"""The checks `Trainer` runs on its data once per call, before the first step."""
import numpy as np

from numkeras.backend.tensor import no_grad
from numkeras.layers.input_layer import cast_to_input_dtype
from numkeras.models import data as data_utils
from numkeras.models.argument_checks import unpack_validation_data
from numkeras.models.compile_utils import _as_list
from numkeras.models.value_checks import check_embedding_ids


class DataChecks:
    """Input shapes and dtypes, targets against the losses, validation data, fit's arguments."""

    def _validation_batches(self, validation_data, batch_size, steps):
        """`(x, y)`, `(x, y, sample_weight)` (or a `[x, y]` list), else a generator/PyDataset."""
        parts = unpack_validation_data(validation_data)
        if parts is not None:
            return data_utils.make_batches(*parts, batch_size, steps, "fit (validation_data)")
        return data_utils.make_batches(validation_data, None, None, batch_size, steps,
                                       "fit (validation_data)")

    def _check_data(self, batches, what):
        """Checks the arrays once, before any step: finite values, feature count, label fit."""
        if not isinstance(batches, data_utils.ArrayBatches):
            return
        data_utils.check_finite(batches.xs, "x")
        data_utils.check_finite(batches.ys, "y")
        data_utils.check_finite([] if batches.sw is None else [batches.sw], "sample_weight")
        self._check_input_shapes(batches.xs, what, batches.pack_x)
        check_embedding_ids(self, batches.xs)
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
                else:
                    hint = data_utils.image_layout_hint(got, want)
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


def resolve_verbose(verbose):
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2, True, False):
        raise ValueError(f"`verbose` must be 'auto', 0, 1 or 2, got {verbose!r}.")
    return int(verbose)


_LEGACY_FIT = {"nb_epoch": "epochs", "max_queue_size": None, "workers": None, "use_multiprocessing": None}


def check_legacy_fit_kwargs(kwargs):
    import warnings

    for key in list(kwargs):
        if key in _LEGACY_FIT and _LEGACY_FIT[key] is None:
            warnings.warn(f"fit(): `{key}` is a Keras 2 argument with no effect here; it is ignored.",
                          DeprecationWarning, stacklevel=3)
            kwargs.pop(key)
    if kwargs:
        raise ValueError(f"fit() got unexpected keyword arguments {sorted(kwargs)}.")
