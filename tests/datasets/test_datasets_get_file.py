"""get_file() against a real HTTP server on 127.0.0.1: good, truncated, corrupted and dropped
downloads, retries, the cache, the Keras cache, offline errors and the progress display."""
import hashlib
import io
import sys
import time

import numpy as np
import pytest
from dataset_test_helpers import files_in

from numkeras.utils import file_utils
from numkeras.utils.file_utils import DownloadError, FileHashMismatchError, get_file

PAYLOAD = np.random.RandomState(0).bytes(300_000)
PAYLOAD_SHA256 = hashlib.sha256(PAYLOAD).hexdigest()
PAYLOAD_MD5 = hashlib.md5(PAYLOAD).hexdigest()


def datasets_folder(isolated_homes):
    return isolated_homes["numkeras"] / "datasets"


def test_good_download_is_cached_under_numkeras_home(file_server, isolated_homes):
    url = file_server.add("good.bin", PAYLOAD)
    path = get_file("good.bin", origin=url, file_hash=PAYLOAD_SHA256)
    assert path == str(datasets_folder(isolated_homes) / "good.bin")
    assert open(path, "rb").read() == PAYLOAD
    # Only the final file is left: the temporary download was renamed, not copied.
    assert files_in(datasets_folder(isolated_homes)) == ["good.bin"]
    # A second call finds the verified copy and does not download again.
    assert get_file("good.bin", origin=url, file_hash=PAYLOAD_SHA256) == path
    assert file_server.requests["good.bin"] == 1


def test_md5_hash_of_32_hex_digits_is_checked_as_md5(file_server):
    url = file_server.add("md5.bin", PAYLOAD)
    assert open(get_file("md5.bin", origin=url, file_hash=PAYLOAD_MD5), "rb").read() == PAYLOAD
    with pytest.raises(FileHashMismatchError, match="md5"):
        get_file("md5-bad.bin", origin=url, file_hash="0" * 32)


def test_name_defaults_to_the_last_part_of_the_url(file_server, isolated_homes):
    url = file_server.add("from-url.bin", PAYLOAD)
    assert get_file(origin=url) == str(datasets_folder(isolated_homes) / "from-url.bin")


def test_truncated_file_is_rejected_and_not_kept(file_server, isolated_homes):
    # The server sends a shorter file with a matching Content-Length: only the hash can tell.
    url = file_server.add("truncated.bin", PAYLOAD[:-1000])
    with pytest.raises(FileHashMismatchError) as error:
        get_file("truncated.bin", origin=url, file_hash=PAYLOAD_SHA256)
    message = str(error.value)
    assert url in message and PAYLOAD_SHA256 in message and "truncated.bin" in message
    assert files_in(datasets_folder(isolated_homes)) == []
    assert isinstance(error.value, ValueError)  # Keras raises ValueError here


def test_wrong_hash_is_rejected_and_a_later_call_downloads_again(file_server, isolated_homes):
    url = file_server.add("wrong-hash.bin", PAYLOAD)
    with pytest.raises(FileHashMismatchError, match="expected"):
        get_file("wrong-hash.bin", origin=url, file_hash="f" * 64)
    assert files_in(datasets_folder(isolated_homes)) == []
    with pytest.raises(FileHashMismatchError):
        get_file("wrong-hash.bin", origin=url, file_hash="f" * 64)
    assert file_server.requests["wrong-hash.bin"] == 2


def test_connection_dropped_mid_file_is_retried_then_reported(
    file_server, isolated_homes, fast_retries
):
    url = file_server.add("dropped.bin", PAYLOAD, mode="drop")
    with pytest.raises(DownloadError) as error:
        get_file("dropped.bin", origin=url, file_hash=PAYLOAD_SHA256)
    assert file_server.requests["dropped.bin"] == file_utils.DOWNLOAD_ATTEMPTS
    message = str(error.value)
    assert f"of {len(PAYLOAD)} bytes" in message and url in message
    assert str(datasets_folder(isolated_homes) / "dropped.bin") in message
    assert files_in(datasets_folder(isolated_homes)) == []


def test_dropped_connection_without_hash_is_still_detected(
    file_server, isolated_homes, fast_retries
):
    # Without a hash only the announced length reveals the short transfer.
    url = file_server.add("dropped-nohash.bin", PAYLOAD, mode="drop")
    with pytest.raises(DownloadError, match="connection closed"):
        get_file("dropped-nohash.bin", origin=url)
    assert files_in(datasets_folder(isolated_homes)) == []


def test_a_retry_recovers_from_one_dropped_connection(file_server, fast_retries, capsys):
    url = file_server.add("flaky.bin", PAYLOAD, mode="drop_once")
    path = get_file("flaky.bin", origin=url, file_hash=PAYLOAD_SHA256)
    assert open(path, "rb").read() == PAYLOAD
    assert file_server.requests["flaky.bin"] == 2
    assert "retrying" in capsys.readouterr().out


def test_stalled_transfer_times_out_and_is_retried(file_server, isolated_homes, fast_retries):
    url = file_server.add("stalled.bin", PAYLOAD, mode="stall")
    with pytest.raises(DownloadError, match="attempts"):
        get_file("stalled.bin", origin=url, file_hash=PAYLOAD_SHA256)
    assert file_server.requests["stalled.bin"] == file_utils.DOWNLOAD_ATTEMPTS
    assert files_in(datasets_folder(isolated_homes)) == []


def test_server_errors_are_retried_but_missing_files_are_not(file_server, fast_retries):
    error_url = file_server.add("error500.bin", PAYLOAD, mode="error")
    with pytest.raises(DownloadError, match="HTTP 500"):
        get_file("error500.bin", origin=error_url)
    assert file_server.requests["error500.bin"] == file_utils.DOWNLOAD_ATTEMPTS
    missing_url = file_server.add("missing.bin", PAYLOAD, mode="missing")
    with pytest.raises(DownloadError, match="HTTP 404"):
        get_file("missing.bin", origin=missing_url)
    assert file_server.requests["missing.bin"] == 1


def test_corrupted_cached_file_is_replaced(file_server, isolated_homes, capsys):
    url = file_server.add("cached.bin", PAYLOAD)
    folder = datasets_folder(isolated_homes)
    folder.mkdir(parents=True)
    (folder / "cached.bin").write_bytes(PAYLOAD[:1000])  # what an old interrupted download left
    path = get_file("cached.bin", origin=url, file_hash=PAYLOAD_SHA256)
    assert open(path, "rb").read() == PAYLOAD
    assert file_server.requests["cached.bin"] == 1
    assert "does not match" in capsys.readouterr().out


def test_cached_file_without_hash_is_trusted_and_force_download_refreshes(
    file_server, isolated_homes
):
    url = file_server.add("nohash.bin", PAYLOAD)
    folder = datasets_folder(isolated_homes)
    folder.mkdir(parents=True)
    (folder / "nohash.bin").write_bytes(b"old")
    assert open(get_file("nohash.bin", origin=url), "rb").read() == b"old"
    assert file_server.requests["nohash.bin"] == 0
    assert open(get_file("nohash.bin", origin=url, force_download=True), "rb").read() == PAYLOAD


def test_custom_cache_dir_and_subdir(file_server, tmp_path):
    url = file_server.add("custom.bin", PAYLOAD)
    path = get_file("custom.bin", origin=url, cache_dir=tmp_path / "mine", cache_subdir="models")
    assert path == str(tmp_path / "mine" / "models" / "custom.bin")


def test_file_url_origin(tmp_path, isolated_homes):
    source = tmp_path / "local.bin"
    source.write_bytes(PAYLOAD)
    path = get_file("local.bin", origin=source.as_uri(), file_hash=PAYLOAD_SHA256)
    assert open(path, "rb").read() == PAYLOAD


def test_offline_fails_fast_naming_file_url_and_folder(closed_port_url, isolated_homes):
    url = f"{closed_port_url}/mnist.npz"
    started = time.perf_counter()
    with pytest.raises(DownloadError) as error:
        get_file("mnist.npz", origin=url, file_hash=PAYLOAD_SHA256)
    assert time.perf_counter() - started < 2
    message = str(error.value)
    assert "'mnist.npz'" in message and url in message
    assert str(datasets_folder(isolated_homes)) in message and PAYLOAD_SHA256 in message
    assert files_in(datasets_folder(isolated_homes)) == []


def test_verified_file_in_keras_cache_is_used_in_place(closed_port_url, isolated_homes):
    keras_folder = isolated_homes["keras"] / "datasets"
    keras_folder.mkdir(parents=True)
    (keras_folder / "shared.bin").write_bytes(PAYLOAD)
    path = get_file("shared.bin", origin=f"{closed_port_url}/shared.bin", file_hash=PAYLOAD_SHA256)
    assert path == str(keras_folder / "shared.bin")
    assert files_in(datasets_folder(isolated_homes)) == []


def test_keras_cache_copy_with_wrong_hash_is_ignored(closed_port_url, isolated_homes):
    keras_folder = isolated_homes["keras"] / "datasets"
    keras_folder.mkdir(parents=True)
    (keras_folder / "shared.bin").write_bytes(PAYLOAD[:10])
    with pytest.raises(DownloadError):
        get_file("shared.bin", origin=f"{closed_port_url}/shared.bin", file_hash=PAYLOAD_SHA256)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"fname": "a.bin"}, "origin"),
        ({"fname": "sub/a.bin", "origin": "URL"}, "not a path"),
        ({"fname": "a.bin", "origin": "URL", "file_hash": "abc"}, "64 .sha256. or 32 .md5."),
        ({"fname": "a.bin", "origin": "URL", "file_hash": "z" * 64}, "hex digest"),
        ({"fname": "a.bin", "origin": "URL", "file_hash": "0" * 32, "hash_algorithm": "sha256"}, "64 hex"),
        ({"fname": "a.bin", "origin": "URL", "hash_algorithm": "sha1"}, "hash_algorithm"),
        ({"fname": "a.bin", "origin": "URL", "extract": True, "archive_format": "rar"}, "archive_format"),
        ({"origin": "http://127.0.0.1:9/"}, "file name"),
        ({"fname": "a.bin", "origin": "data/a.bin"}, "to be a URL"),
    ],
)
def test_bad_arguments_are_reported_before_any_download(
    kwargs, message, closed_port_url, isolated_homes
):
    kwargs = {k: (f"{closed_port_url}/a.bin" if v == "URL" else v) for k, v in kwargs.items()}
    with pytest.raises(ValueError, match=message):
        get_file(**kwargs)
    assert files_in(datasets_folder(isolated_homes)) == []


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_and_plain_lines_otherwise(file_server, monkeypatch):
    big = np.random.RandomState(1).bytes(2 * file_utils.PROGRESS_BAR_MIN_BYTES)
    url = file_server.add("big.bin", big)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    get_file("big-tty.bin", origin=url)
    shown = terminal.getvalue()
    assert f"Downloading data from {url}" in shown
    assert "\r[" in shown and "100%" in shown and "MB/s" in shown

    plain = io.StringIO()
    monkeypatch.setattr(sys, "stdout", plain)
    get_file("big-plain.bin", origin=url)
    shown = plain.getvalue()
    assert "\r" not in shown
    assert shown.splitlines()[0] == f"Downloading data from {url}"
    assert shown.splitlines()[1].startswith("Received 2.1 MB in ")


def test_small_files_get_no_progress_bar_even_on_a_terminal(file_server, monkeypatch):
    url = file_server.add("small.bin", PAYLOAD)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    get_file("small.bin", origin=url)
    assert "\r" not in terminal.getvalue()


def test_unwritable_cache_root_falls_back_to_the_temp_folder(file_server, tmp_path, monkeypatch):
    # A regular file cannot hold a cache folder, whoever runs the tests (root included).
    blocked = tmp_path / "a_file"
    blocked.write_text("")
    monkeypatch.setattr(file_utils.tempfile, "tempdir", str(tmp_path / "tmp"))
    url = file_server.add("fallback.bin", PAYLOAD)
    path = get_file("fallback.bin", origin=url, cache_dir=blocked)
    assert path == str(tmp_path / "tmp" / ".numkeras" / "datasets" / "fallback.bin")


def test_get_file_is_exported_from_numkeras_utils():
    import numkeras.utils

    assert numkeras.utils.get_file is get_file
