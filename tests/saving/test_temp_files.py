"""A save killed mid-write leaves its temporary file; the next save of the same path removes it,
and only it: never a file a live process is writing, another machine's, or another path's."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import numkeras as keras
from numkeras.saving import temp_files

KILLED_SAVE = textwrap.dedent("""
    import sys, time
    import numkeras as keras
    from numkeras.saving import archive

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.save(sys.argv[1])                      # a good previous file
    def hang(path):                              # the second save stops before its rename
        print("writing", flush=True)
        time.sleep(600)
    archive._fsync = hang
    model.save(sys.argv[1])
""")


def small_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile("sgd", "mse")
    return model


def leftovers(folder, name="m.keras"):
    return sorted(p for p in os.listdir(folder) if p.startswith(f".{name}.") and p.endswith(".tmp"))


def dead_pid():
    """The PID of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_save_removes_what_a_killed_save_left(tmp_path):
    target = tmp_path / "m.keras"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_SAVE, str(target)], stdout=subprocess.PIPE,
                              text=True)
    assert writer.stdout.readline().strip() == "writing"
    left = leftovers(tmp_path)
    assert len(left) == 1 and f"-{writer.pid}." in left[0]
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    assert leftovers(tmp_path) == left  # the crash left it behind; the previous file is intact
    assert keras.saving.load_model(target).count_params() == 8

    model = small_model()
    model.save(target)
    assert leftovers(tmp_path) == []
    np.testing.assert_array_equal(keras.saving.load_model(target).get_weights()[0],
                                  model.get_weights()[0])


def test_only_stale_files_of_this_path_and_machine_are_removed(tmp_path):
    host = temp_files._host_tag()
    other_host = f"{(int(host, 16) + 1) % (1 << 32):08x}"
    gone, alive = dead_pid(), os.getppid()
    names = {
        "stale": f".m.keras.{host}-{gone}.0123abcd.tmp",
        "live writer": f".m.keras.{host}-{alive}.0123abcd.tmp",
        "other machine": f".m.keras.{other_host}-{gone}.0123abcd.tmp",
        "other path": f".n.keras.{host}-{gone}.0123abcd.tmp",
        "user file": ".m.keras.backup.tmp",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"partial")
    small_model().save(tmp_path / "m.keras")
    kept = set(os.listdir(tmp_path))
    assert names["stale"] not in kept
    assert {names[k] for k in ("live writer", "other machine", "other path", "user file")} <= kept
    assert "m.keras" in kept and len(kept) == 5


def test_weights_and_h5_saves_clean_up_too(tmp_path):
    host, gone = temp_files._host_tag(), dead_pid()
    for name in ("w.weights.h5", "m.h5"):
        (tmp_path / f".{name}.{host}-{gone}.0123abcd.tmp").write_bytes(b"partial")
    model = small_model()
    model.save_weights(tmp_path / "w.weights.h5")
    with pytest.warns(UserWarning, match="legacy"):
        model.save(tmp_path / "m.h5")
    assert sorted(os.listdir(tmp_path)) == ["m.h5", "w.weights.h5"]


def test_process_is_alive():
    assert temp_files.process_is_alive(os.getpid())
    assert temp_files.process_is_alive(os.getppid())
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert temp_files.process_is_alive(child.pid)
    finally:
        child.kill()
        child.wait()
    deadline = time.monotonic() + 5
    while temp_files.process_is_alive(child.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not temp_files.process_is_alive(child.pid)
