"""Compat sessions in the processes a `numkeras run` script starts.

The runner exports `$NUMKERAS_RUN=1`, the session's options (`$NUMKERAS_RUN_OPTIONS`) and a
`PYTHONPATH` entry, `child_imports/`, that holds stand-in `tensorflow`, `keras` and `tf_keras`
packages. A spawned child re-imports the script before it unpickles anything, and that
first `import tensorflow` lands on a stand-in, which calls `serve`: it starts a session for the
rest of the child's life and puts the shim in the stand-in's place. A PYTHONPATH entry works
whatever way numkeras was installed (editable, wheel, or a source checkout on PYTHONPATH) and
needs nothing written into site-packages.
"""
import importlib
import os
import sys

from numkeras.compat import session

OPTIONS_ENV = "NUMKERAS_RUN_OPTIONS"
STUB_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "child_imports")


def child_environment(options, environ=None):
    """The environment variables a run exports so that its child processes serve the shims too."""
    environ = os.environ if environ is None else environ
    paths = [STUB_FOLDER] + [p for p in environ.get("PYTHONPATH", "").split(os.pathsep)
                             if p and not _same_folder(p, STUB_FOLDER)]
    return {session.RUN_ENV: "1", OPTIONS_ENV: encode_options(options),
            "PYTHONPATH": os.pathsep.join(paths)}


def encode_options(options):
    return ",".join(name for name, value in vars(options).items() if value is True)


def decode_options(text):
    fields = set(session.Options.__dataclass_fields__)
    names = {name for name in (text or "").split(",") if name in fields}
    return session.Options(**{name: True for name in names})


def options_from_environment():
    return decode_options(os.environ.get(OPTIONS_ENV))


def serve(name):
    """Replaces the stand-in package `name` (being imported) with what the import should give."""
    if "." in name or name not in sys.modules:  # imported under its numkeras path: nothing to do
        return
    del sys.modules[name]
    if os.environ.get(session.RUN_ENV) == "1":
        if not session.is_active():
            session.activate(options_from_environment())
    else:  # an inherited PYTHONPATH outside a run: give the real package, if there is one
        sys.path[:] = [p for p in sys.path if not _same_folder(p, STUB_FOLDER)]
        importlib.invalidate_caches()
    # The import system returns whatever sys.modules holds under `name` once this stand-in's
    # code has run, so the shim (or the real package) takes the stand-in's place.
    sys.modules[name] = importlib.import_module(name)


def _same_folder(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
