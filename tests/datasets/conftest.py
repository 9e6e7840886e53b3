"""Fixtures for the dataset tests: isolated cache folders, the real data files, stand-ins,
and a real HTTP server on 127.0.0.1 for the download tests. Nothing here reaches the internet.
"""
import socket
import time

import dataset_standins as standins
import pytest
from dataset_test_helpers import FileServer, link_tree, sha256_of

from numkeras.datasets._remote import RemoteFile


@pytest.fixture(autouse=True)
def isolated_homes(tmp_path, monkeypatch):
    """Every test gets empty numkeras and Keras caches, so a real ~/.keras is never read."""
    homes = {"numkeras": tmp_path / "numkeras_home", "keras": tmp_path / "keras_home"}
    monkeypatch.setenv("NUMKERAS_HOME", str(homes["numkeras"]))
    monkeypatch.setenv("KERAS_HOME", str(homes["keras"]))
    return homes


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Refuses connections to anything but 127.0.0.1, so a regression cannot reach the internet.

    http.client opens its connections with socket.create_connection; local test servers
    still get real connections.
    """
    real_create_connection = socket.create_connection

    def local_only(address, *args, **kwargs):
        if address[0] not in ("127.0.0.1", "localhost"):
            raise ConnectionRefusedError(f"tests may not connect to {address[0]}")
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local_only)


@pytest.fixture(scope="session")
def real_data_home(real_datasets, tmp_path_factory):
    """A numkeras home whose datasets/ folder links to the real Keras data files."""
    home = tmp_path_factory.mktemp("real_home")
    link_tree(real_datasets, home / "datasets")
    return home


def load_with_home(home, load):
    """Runs `load()` with NUMKERAS_HOME set to `home` (for session-scoped fixtures)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NUMKERAS_HOME", str(home))
        patch.setenv("KERAS_HOME", str(home / "no_keras_cache"))
        started = time.perf_counter()
        result = load()
        return result, time.perf_counter() - started


@pytest.fixture(scope="session")
def mnist_result(real_data_home):
    from numkeras.datasets import mnist

    return load_with_home(real_data_home, mnist.load_data)


@pytest.fixture(scope="session")
def fashion_result(real_data_home):
    from numkeras.datasets import fashion_mnist

    return load_with_home(real_data_home, fashion_mnist.load_data)


@pytest.fixture(scope="session")
def standin_files(tmp_path_factory):
    """Stand-ins for the files that cannot be had offline: {origin file name: path}."""
    folder = tmp_path_factory.mktemp("standins")
    return {
        "imdb.npz": standins.write_imdb(folder / "imdb.npz"),
        "reuters.npz": standins.write_reuters(folder / "reuters.npz"),
        "reuters_word_index.json": standins.write_word_index(folder / "reuters_word_index.json"),
        "california_housing.npz": standins.write_california(folder / "california_housing.npz"),
        "cifar-10-python.tar.gz": standins.write_cifar10(
            folder / "cifar-10-python.tar.gz", per_batch=40, test_count=30, compression="gz"
        ),
        "cifar-100-python.tar.gz": standins.write_cifar100(folder / "cifar-100-python.tar.gz"),
    }


@pytest.fixture(scope="session")
def closed_port_url():
    """An http://127.0.0.1 URL on a port nothing listens on (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def use_standin(monkeypatch, isolated_homes, closed_port_url):
    """Installs a stand-in as a loader's data file: `use_standin(module, "DATA_FILE", path)`.

    The stand-in is put in the numkeras cache under the loader's file name and the loader's
    RemoteFile gets the stand-in's sha256 and an origin that refuses connections, so the real
    cache-and-verify path runs and nothing is downloaded.
    """

    def install(module, attr, path, archive=False):
        remote = getattr(module, attr)
        folder = isolated_homes["numkeras"] / remote.cache_subdir
        folder.mkdir(parents=True, exist_ok=True)
        # get_file(extract=True) keeps an archive as "<fname>_archive", as Keras does.
        (folder / (remote.fname + ("_archive" if archive else ""))).symlink_to(path)
        origin = f"{closed_port_url}/{path.name}"
        standin = RemoteFile(remote.fname, origin, sha256_of(path), remote.cache_subdir)
        monkeypatch.setattr(module, attr, standin)

    return install


@pytest.fixture(scope="session")
def file_server():
    server = FileServer()
    yield server
    server.close()


@pytest.fixture
def fast_retries(monkeypatch):
    """Keeps retry pauses and stall timeouts short (the retry logic itself is unchanged)."""
    from numkeras.utils import file_utils

    monkeypatch.setattr(file_utils, "RETRY_BACKOFF_SECONDS", 0.01)
    monkeypatch.setattr(file_utils, "DOWNLOAD_TIMEOUT_SECONDS", 0.5)
