"""Archive extraction: Keras's naming, reuse of a finished extraction, and refusal of members
that would be written outside the extraction folder."""
import hashlib
import io
import tarfile
import zipfile

import pytest
from dataset_test_helpers import files_in

from numkeras.utils.file_utils import UnsafeArchiveError, extract_archive, get_file


def make_tar(path, members, compression="gz"):
    """members: (name, kind, data) with kind "file", "dir", "symlink" or "hardlink" (data = target)."""
    with tarfile.open(path, f"w:{compression}") as archive:
        for name, kind, data in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
                continue
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
            elif kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, data
            elif kind == "hardlink":
                info.type, info.linkname = tarfile.LNKTYPE, data
            elif kind == "fifo":
                info.type = tarfile.FIFOTYPE
            archive.addfile(info)
    return path


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


GOOD_MEMBERS = [
    ("data", "dir", None),
    ("data/a.txt", "file", b"alpha"),
    ("data/sub/b.txt", "file", b"beta"),
    ("data/alias.txt", "symlink", "a.txt"),
]


def test_extract_uses_keras_names_and_returns_the_folder(file_server, tmp_path, isolated_homes):
    archive = make_tar(tmp_path / "good.tar.gz", GOOD_MEMBERS)
    url = file_server.add("good.tar.gz", archive.read_bytes())
    folder = get_file("bundle", origin=url, file_hash=sha256(archive), extract=True)
    datasets = isolated_homes["numkeras"] / "datasets"
    # A name without a dot: the archive is kept as "<name>_archive", unpacked into "<name>/".
    assert folder == str(datasets / "bundle")
    assert (datasets / "bundle_archive").read_bytes() == archive.read_bytes()
    assert (datasets / "bundle" / "data" / "sub" / "b.txt").read_bytes() == b"beta"
    assert (datasets / "bundle" / "data" / "alias.txt").read_bytes() == b"alpha"
    # A name with a dot is kept as is and unpacked into "<stem>_extracted".
    folder = get_file("bundle.tar.gz", origin=url, extract=True)
    assert folder == str(datasets / "bundle_extracted")
    assert (datasets / "bundle_extracted" / "data" / "a.txt").read_bytes() == b"alpha"


def test_finished_extraction_is_reused_until_the_archive_changes(file_server, tmp_path):
    archive = make_tar(tmp_path / "v1.tar.gz", GOOD_MEMBERS)
    url = file_server.add("versioned.tar.gz", archive.read_bytes())
    folder = get_file("versioned", origin=url, file_hash=sha256(archive), extract=True)
    marker = tmp_path / "numkeras_home" / "datasets" / "versioned" / "data" / "a.txt"
    marker.write_bytes(b"touched")
    # Same archive: the folder is not unpacked again.
    get_file("versioned", origin=url, file_hash=sha256(archive), extract=True)
    assert marker.read_bytes() == b"touched"
    # A new archive (new hash): downloaded and unpacked again, replacing the folder.
    archive2 = make_tar(tmp_path / "v2.tar.gz", [("data/a.txt", "file", b"second")])
    url2 = file_server.add("versioned-2.tar.gz", archive2.read_bytes())
    assert get_file("versioned", origin=url2, file_hash=sha256(archive2), extract=True) == folder
    assert marker.read_bytes() == b"second"
    assert files_in(folder) == ["data/a.txt"]


def test_zip_archives_are_extracted(tmp_path):
    archive = tmp_path / "good.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("top/inner.txt", "zipped")
    assert extract_archive(archive, tmp_path / "out")
    assert (tmp_path / "out" / "top" / "inner.txt").read_text() == "zipped"


def test_non_archives_are_reported(tmp_path):
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"not an archive")
    assert extract_archive(plain, tmp_path / "out") is False
    with pytest.warns(UserWarning, match="not a tar or zip archive"):
        get_file("plain", origin=plain.as_uri(), extract=True)


UNSAFE_TARS = {
    "parent path": [("../escaped.txt", "file", b"x")],
    "nested parent path": [("data/../../escaped.txt", "file", b"x")],
    "absolute path": [("/tmp/escaped.txt", "file", b"x")],
    "absolute symlink": [("link", "symlink", "/etc")],
    "symlink to parent": [("link", "symlink", "../..")],
    "write through a symlink": [
        ("dir", "dir", None),
        ("dir/up", "symlink", ".."),
        ("dir/up/up2", "symlink", ".."),
    ],
    "symlink chain": [("a", "symlink", "."), ("b", "symlink", "a/.."), ("b/escaped.txt", "file", b"x")],
    "hard link outside": [("link", "hardlink", "../outside.txt")],
    "hard link to a missing member": [("link", "hardlink", "etc/passwd")],
    "fifo": [("pipe", "fifo", None)],
}


@pytest.mark.parametrize("case", sorted(UNSAFE_TARS))
def test_unsafe_tar_members_are_refused_and_nothing_is_written(case, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    archive = make_tar(tmp_path / "evil.tar.gz", UNSAFE_TARS[case])
    with pytest.raises(UnsafeArchiveError, match="Refusing"):
        extract_archive(archive, work / "target")
    # No target folder, no staging folder, nothing beside them or above them.
    assert list(work.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.tar.gz", "work"]


def test_unsafe_zip_member_is_refused(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ok.txt", "fine")
        z.writestr("../escaped.txt", "x")
    with pytest.raises(UnsafeArchiveError, match="escaped.txt"):
        extract_archive(archive, tmp_path / "work" / "target")
    assert files_in(tmp_path) == ["evil.zip"]


def test_get_file_refuses_an_unsafe_archive_but_keeps_no_extraction(
    file_server, tmp_path, isolated_homes
):
    members = [("ok.txt", "file", b"ok"), ("../../escaped.txt", "file", b"x")]
    archive = make_tar(tmp_path / "evil.tar.gz", members)
    url = file_server.add("evil.tar.gz", archive.read_bytes())
    with pytest.raises(UnsafeArchiveError):
        get_file("evil", origin=url, file_hash=sha256(archive), extract=True)
    assert files_in(isolated_homes["numkeras"]) == ["datasets/evil_archive"]


def test_extract_archive_merges_into_an_existing_folder(tmp_path):
    target = tmp_path / "target"
    (target / "data").mkdir(parents=True)
    (target / "keep.txt").write_text("mine")
    (target / "data" / "a.txt").write_text("old")
    (target / "data" / "other.txt").write_text("mine too")
    assert extract_archive(make_tar(tmp_path / "good.tar.gz", GOOD_MEMBERS), target)
    assert (target / "data" / "a.txt").read_bytes() == b"alpha"  # overwritten, as Keras does
    assert (target / "keep.txt").read_text() == "mine" and (target / "data" / "other.txt").exists()
    assert sorted(p.name for p in target.iterdir()) == ["data", "keep.txt"]  # no staging left


def test_refused_archive_leaves_an_existing_folder_untouched(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    archive = make_tar(tmp_path / "evil.tar.gz", [("fine.txt", "file", b"x"), ("../evil.txt", "file", b"x")])
    with pytest.raises(UnsafeArchiveError):
        extract_archive(archive, target)
    assert files_in(target) == ["keep.txt"]
