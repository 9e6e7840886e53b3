"""`run_script`: runs a Python file as `__main__` with TensorFlow/Keras served by numkeras.

What the script sees is what `python SCRIPT.py ARGS` gives it: `__name__ ==
"__main__"`, `sys.argv == [SCRIPT, *ARGS]`, its folder first on `sys.path`, and
SystemExit codes passed through. Everything is put back afterwards, so it can
also be called from Python (and from tests) more than once in a process.

A prelude and an epilogue (Python files) may run in the script's namespace just
before and after it: glue that must not be pasted into the script itself, such
as names a lecture-note fragment takes for granted, or smaller data for CI.
"""
import builtins
import io
import os
import re
import sys
import traceback
import types

from numkeras.compat import child_session, session, table
from numkeras.compat.errors import MissingAPIError, MissingModuleError

PRELUDE_ENV = "NUMKERAS_RUN_PRELUDE"
EPILOGUE_ENV = "NUMKERAS_RUN_EPILOGUE"
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_CANNOT_IMPORT = re.compile(r"cannot import name '([^']+)'")


class _Restore:
    """Saves the process state a script may change and puts it back."""

    def __init__(self, env):
        self.argv, self.path, self.cwd = sys.argv, list(sys.path), os.getcwd()
        self.main = sys.modules.get("__main__")
        self.env = {key: os.environ.get(key) for key in env}
        self.new_env = env

    def __enter__(self):
        os.environ.update(self.new_env)
        return self

    def __exit__(self, *exc):
        sys.argv, sys.path[:] = self.argv, self.path
        if os.getcwd() != self.cwd:
            os.chdir(self.cwd)
        if self.main is not None:
            sys.modules["__main__"] = self.main
        for key, value in self.env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _compile(path, stderr):
    """`(code, 0)` for the file `path`, or `(None, status)` after reporting why not."""
    try:
        with io.open_code(path) as f:
            source = f.read()
    except OSError as error:
        print(f"numkeras run: can't open file {path!r}: {error.strerror}", file=stderr)
        return None, 2  # Python's status for a missing script
    try:
        return compile(source, path, "exec", dont_inherit=True), 0
    except SyntaxError as error:  # reported as Python would, without numkeras's frames
        stderr.write("".join(traceback.format_exception_only(type(error), error)))
        return None, 1


def run_script(path, args=(), options=session.Options(), prelude=None, epilogue=None, env=None,
               stderr=None):
    """Runs the file `path` as `__main__` inside a compat session; returns its exit status.

    Args:
        path: the script.
        args: its command-line arguments (`sys.argv[1:]`).
        options: `session.Options` (e.g. `tf2_optimizers=True`).
        prelude, epilogue: optional files run in the script's namespace before / after it;
            default `$NUMKERAS_RUN_PRELUDE` / `$NUMKERAS_RUN_EPILOGUE`.
        env: extra environment variables for the run (inherited by worker processes, which
            also serve the shims: see `child_session`).
        stderr: where errors are reported (default `sys.stderr`).

    Returns:
        0 on success, the SystemExit code if the script exits, 1 after an uncaught
        exception or a syntax error (reported on `stderr`), 2 if a file cannot be read.
    """
    stderr = stderr or sys.stderr
    prelude = prelude or os.environ.get(PRELUDE_ENV) or None
    epilogue = epilogue or os.environ.get(EPILOGUE_ENV) or None
    files = [f for f in (prelude, path, epilogue) if f]
    compiled = [_compile(f, stderr) for f in files]
    failed = [status for _, status in compiled if status]
    if failed:
        return failed[0]
    codes = [code for code, _ in compiled]

    script = os.path.abspath(path)
    module = types.ModuleType("__main__")
    module.__dict__.update(__file__=script, __builtins__=builtins, __cached__=None, __spec__=None)
    # Processes the script spawns inherit these and serve the shims too (`child_session`).
    with _Restore({**child_session.child_environment(options), **(env or {})}):
        sys.argv = [path, *args]
        sys.path.insert(0, os.path.dirname(script))
        # multiprocessing's spawn gives its children the parent's sys.path, not PYTHONPATH's.
        sys.path.insert(1, child_session.STUB_FOLDER)
        sys.modules["__main__"] = module
        try:
            session.activate(options)
        except MissingModuleError as error:  # --tf2-optimizers without numkeras.optimizers.legacy
            print(f"numkeras run: {error}", file=stderr)
            return 1
        try:
            for code in codes:
                exec(code, module.__dict__)
        except SystemExit as exit_:
            return _exit_status(exit_, stderr)
        except Exception as error:  # noqa: BLE001 - reported like Python, then status 1
            _report(error, files, stderr)
            return 1
        finally:
            sys.stdout.flush()
            session.deactivate()
    return 0


def _exit_status(exit_, stderr):
    code = exit_.code
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=stderr)
    return 1


def _missing_api_message(error):
    """The one-line message for API numkeras lacks, or None for any other error."""
    if isinstance(error, (MissingAPIError, MissingModuleError)):
        return str(error)
    if isinstance(error, ImportError) and error.name and table.is_shim_name(error.name):
        # `from keras.layers import Conv3D`: Python turns our AttributeError into this.
        match = _CANNOT_IMPORT.search(str(error))
        shim = sys.modules.get(error.name)
        if match and shim is not None and hasattr(shim, "_public_names"):
            return str(MissingAPIError(error.name, match.group(1), shim._public_names()))
    return None


def _location(error, files):
    """`file:line` of the innermost frame in the user's files (else outside numkeras)."""
    frames = traceback.extract_tb(error.__traceback__)
    user_files = {os.path.abspath(p) for p in files}
    mine = [f for f in frames if os.path.abspath(f.filename) in user_files]
    outside = [f for f in frames if not f.filename.startswith((_PACKAGE_DIR, "<frozen"))]
    frame = (mine or outside or frames or [None])[-1]
    return f"{frame.filename}:{frame.lineno}" if frame else "?"


def _report(error, files, stderr):
    message = _missing_api_message(error)
    if message is not None:
        print(f"numkeras run: {_location(error, files)}: {message}", file=stderr)
        return
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next  # start the traceback at the script, as `python SCRIPT.py` would
    stderr.write("".join(traceback.format_exception(type(error), error, tb)))
