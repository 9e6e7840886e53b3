"""tests/data_files.py: the order real data files are looked for in, the download fallback,
and "not run" outside CI against a failure under CI=true."""
import hashlib

import data_files
import pytest

PAYLOAD = b"real data bytes"
SHA256 = hashlib.sha256(PAYLOAD).hexdigest()


@pytest.fixture
def places(tmp_path, monkeypatch):
    """Three search folders and a numkeras cache, all empty, and a fresh memo of findings."""
    folders = [tmp_path / name for name in ("test_data", "shared", "keras_cache")]
    monkeypatch.setattr(data_files, "SEARCHED", [(f, f.name) for f in folders])
    monkeypatch.setattr(data_files, "NUMKERAS_CACHE", tmp_path / "numkeras_home" / "datasets")
    monkeypatch.setattr(data_files, "_found", {})
    monkeypatch.setattr(data_files, "ON_CI", False)
    return folders


def put(folder, content=PAYLOAD, name="sub/file.bin"):
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)
    return folder / name


def test_the_first_folder_with_a_good_copy_wins(places, monkeypatch):
    monkeypatch.setitem(data_files.REAL_FILES, "sub/file.bin", (SHA256, None))
    put(places[0], b"a truncated copy")  # wrong hash: passed over
    put(places[2])
    assert data_files.data_file("sub/file.bin") == places[2] / "sub/file.bin"
    put(places[1])
    monkeypatch.setattr(data_files, "_found", {})
    assert data_files.data_file("sub/file.bin") == places[1] / "sub/file.bin"


def test_a_missing_file_is_downloaded_into_the_numkeras_cache(places, tmp_path, monkeypatch):
    server = put(tmp_path / "server", name="file.bin").parent
    monkeypatch.setitem(data_files.REAL_FILES, "sub/file.bin", (SHA256, server.as_uri() + "/"))
    path = data_files.data_file("sub/file.bin")
    assert path == tmp_path / "numkeras_home" / "datasets" / "sub" / "file.bin"
    assert path.read_bytes() == PAYLOAD


def test_without_the_file_the_test_is_not_run_with_the_reason(places, tmp_path, monkeypatch):
    offline = (tmp_path / "nowhere").as_uri() + "/"
    monkeypatch.setitem(data_files.REAL_FILES, "sub/file.bin", (SHA256, offline))
    monkeypatch.setitem(data_files.REAL_FILES, "kaggle.csv", (SHA256, None))
    with pytest.raises(pytest.skip.Exception, match=r"sub/file.bin not found \(looked in test_data, "
                                                    r"shared, keras_cache\) and its download failed"):
        data_files.data_file("sub/file.bin")
    assert "no public download" in data_files.missing(["kaggle.csv"])
    monkeypatch.setattr(data_files, "ON_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI=true: a missing file is a failure"):
        data_files.data_file("kaggle.csv")


def test_without_the_notes_their_tests_are_not_run(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMKERAS_TEST_NOTES", str(tmp_path / "no_notes"))
    monkeypatch.setattr(data_files, "ON_CI", False)
    with pytest.raises(pytest.skip.Exception, match="lecture notes not found"):
        data_files.lecture_notes_folder()
    monkeypatch.setattr(data_files, "ON_CI", True)
    with pytest.raises(pytest.fail.Exception, match="lecture notes not found"):
        data_files.lecture_notes_folder()
    (tmp_path / "no_notes").mkdir()
    assert data_files.lecture_notes_folder() == tmp_path / "no_notes"
