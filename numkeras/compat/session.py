"""A compat session: while it is active, `import tensorflow` and `import keras` give numkeras.

    with session.activated(Options(tf2_optimizers=False)):
        runpy.run_path("train.py")        # `import tensorflow as tf` works inside

Activating puts a finder first on `sys.meta_path` that answers only for the names
`tensorflow`, `keras`, `tf_keras` and their submodules, and sets aside any of those
already in `sys.modules` (a real install the process had imported). Deactivating
removes the finder and the shims and puts the set-aside modules back, so the
process's real TensorFlow/Keras are untouched afterwards.

Worker processes. GridSearchCV(n_jobs=-1) pickles the script's functions, and with
them the shim modules they use. A shim pickles as `restore_shim(name, options)`:
in a process started by `numkeras run` (it inherits `$NUMKERAS_RUN`), that
activates a session for the rest of the worker's life; anywhere else it rebuilds
the shim without touching the import system.
"""
import importlib.abc
import importlib.util
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass

from numkeras.compat import table
from numkeras.compat.errors import MissingModuleError

RUN_ENV = "NUMKERAS_RUN"  # "1" in `numkeras run` and the processes it starts


@dataclass(frozen=True)
class Options:
    """What a session changes besides imports.

    Args:
        tf2_optimizers: optimizer names ("rmsprop", ...) and the shims' optimizer classes
            resolve to `numkeras.optimizers.legacy`, the tf.keras <= 2.10 formulas.
    """

    tf2_optimizers: bool = False


class ShimFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and loads the shim modules; declines every other name."""

    def find_spec(self, fullname, path=None, target=None):
        if not table.is_shim_name(fullname):
            return None
        if not table.available(fullname):
            parent = fullname.rpartition(".")[0]
            raise MissingModuleError(fullname, table.children(parent) if parent else ())
        return importlib.util.spec_from_loader(fullname, self, is_package=True)

    def create_module(self, spec):
        from numkeras.compat.shim_module import ShimModule

        return ShimModule(spec.name, table.lookup(spec.name), importlib.import_module)

    def exec_module(self, module):
        pass  # everything is resolved lazily, on attribute access


class _Session:
    def __init__(self, options):
        self.options = options
        self.finder = ShimFinder()
        self.saved_modules = {}
        self.undo = []

    def start(self):
        self.saved_modules = {name: sys.modules.pop(name) for name in list(sys.modules)
                              if table.is_shim_name(name)}
        sys.meta_path.insert(0, self.finder)
        try:
            self._apply_options()
        except BaseException:
            self.stop()
            raise

    def _apply_options(self):
        from numkeras.compat import limits, tf2_optimizers

        undo = limits.install_caps()
        if undo:
            self.undo.append(undo)
        if self.options.tf2_optimizers:
            self.undo.append(tf2_optimizers.use_legacy_names())

    def stop(self):
        while self.undo:
            self.undo.pop()()
        if self.finder in sys.meta_path:
            sys.meta_path.remove(self.finder)
        for name in [n for n in sys.modules if table.is_shim_name(n)]:
            del sys.modules[name]
        sys.modules.update(self.saved_modules)


_active = None
_detached = {}


def is_active():
    return _active is not None


def current_options():
    """The active session's options (default options when none is active)."""
    return _active.options if _active is not None else _detached.get("options", Options())


def activate(options=Options()):
    """Starts a session in this process; raises RuntimeError if one is already active."""
    global _active
    if _active is not None:
        raise RuntimeError("A numkeras compat session is already active in this process.")
    session = _Session(options)
    session.start()
    _active = session


def deactivate():
    """Ends the active session (no-op when none is active)."""
    global _active
    session, _active = _active, None
    if session is not None:
        session.stop()


@contextmanager
def activated(options=Options()):
    activate(options)
    try:
        yield
    finally:
        deactivate()


def restore_shim(name, options):
    """Unpickles a shim module (see the module docstring)."""
    if _active is None and os.environ.get(RUN_ENV) == "1":
        activate(options)  # a worker of `numkeras run`: it lives only for the run
    if _active is not None:
        return importlib.import_module(name)
    return _detached_shim(name, options)


def _detached_shim(name, options):
    from numkeras.compat.shim_module import ShimModule

    if _detached.setdefault("options", options) != options:
        raise RuntimeError(f"Cannot unpickle {name} with options {options}: this process already "
                           f"holds numkeras shims made with {_detached['options']}.")
    modules = _detached.setdefault("modules", {})
    if name not in modules:
        spec = table.lookup(name)
        if spec is None:
            raise MissingModuleError(name)
        modules[name] = ShimModule(name, spec, lambda child: _detached_shim(child, options))
    return modules[name]
