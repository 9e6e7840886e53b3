"""An offline download failure: one clear message on screen (the urllib/socket chain stays
available to logging and debuggers, not printed), and no empty cache folders left behind."""
import logging
import os
import subprocess
import sys
import textwrap
import urllib.error

import pytest

from numkeras.utils.file_utils import DownloadError, get_file

OFFLINE_SCRIPT = textwrap.dedent("""
    import sys
    from numkeras.utils.file_utils import get_file
    get_file("mnist.npz", origin=sys.argv[1] + "/mnist.npz", file_hash="0" * 64)
""")


def test_uncaught_offline_failure_prints_one_clear_message(closed_port_url, tmp_path):
    home = tmp_path / "home" / ".numkeras"
    env = {**os.environ, "NUMKERAS_HOME": str(home), "KERAS_HOME": str(tmp_path / "keras")}
    done = subprocess.run([sys.executable, "-c", OFFLINE_SCRIPT, closed_port_url], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[-2].startswith("numkeras.utils.file_utils.DownloadError: Could not download "
                                "'mnist.npz' from http://127.0.0.1:")
    assert "Connection refused" in lines[-2]
    assert lines[-1].startswith("If this machine has no network access, download that URL")
    assert "direct cause" not in done.stderr and "During handling" not in done.stderr
    assert "urllib" not in done.stderr and "socket.py" not in done.stderr
    assert len(lines) < 20, done.stderr  # was ~78 lines of chained tracebacks
    assert not (tmp_path / "home").exists()  # no empty ~/.numkeras/datasets left behind


def test_the_cause_stays_available_to_logging(closed_port_url, isolated_homes, caplog):
    with caplog.at_level(logging.DEBUG, logger="numkeras.download"):
        with pytest.raises(DownloadError) as error:
            get_file("data.bin", origin=f"{closed_port_url}/data.bin")
    assert error.value.__cause__ is None and error.value.__suppress_context__
    assert isinstance(error.value.__context__, urllib.error.URLError)
    record = caplog.records[-1]
    assert record.name == "numkeras.download" and isinstance(record.exc_info[1], urllib.error.URLError)
    assert not isolated_homes["numkeras"].exists()


def test_a_failure_leaves_folders_that_hold_something(closed_port_url, isolated_homes):
    datasets = isolated_homes["numkeras"] / "datasets"
    datasets.mkdir(parents=True)
    (datasets / "kept.bin").write_bytes(b"x")
    with pytest.raises(DownloadError):
        get_file("data.bin", origin=f"{closed_port_url}/data.bin", cache_subdir="datasets/new/deeper")
    assert sorted(p.name for p in datasets.iterdir()) == ["kept.bin"]


def test_transient_failures_after_retries_keep_their_cause_too(file_server, isolated_homes,
                                                               fast_retries):
    url = file_server.add("flaky.bin", b"x" * 1000, mode="drop")
    with pytest.raises(DownloadError, match="attempts") as error:
        get_file("flaky.bin", origin=url)
    assert error.value.__cause__ is None and error.value.__context__ is not None
    assert not (isolated_homes["numkeras"] / "datasets").exists()
