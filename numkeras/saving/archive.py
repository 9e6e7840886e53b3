"""Safe reading of `.keras` zip archives and crash-safe writing of any saved file.

Reading refuses, with a message saying what is wrong and what to do:
- a file that is not a zip archive (and says so when it is an HDF5 file);
- a truncated or corrupted archive;
- a member whose path is absolute or climbs out with `..` (zip slip), or a
  name used twice;
- a member that declares far more bytes than it stores (a zip bomb).
Nothing is ever extracted to disk: members are read into memory.

Writing goes to a temporary file in the destination's folder, which then
replaces the destination in one `os.replace`: a crash mid-save leaves the
previous file intact, and the next save of that path removes the temporary
file the crash left (`temp_files`).
"""
import contextlib
import os
import posixpath
import re
import zipfile

from numkeras.saving import temp_files

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
_BOMB_FLOOR = 1 << 28  # 256 MiB: smaller members are never worth refusing
_MAX_EXPANSION = 100


def sniff(path):
    """'zip', 'hdf5' or None, from the first bytes of the file."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        return "zip"
    if head.startswith(_HDF5_MAGIC):
        return "hdf5"
    return None


def open_archive(path):
    """Opens a `.keras` file for reading after checking it is a whole, well-formed zip."""
    kind = sniff(path)
    if kind == "hdf5":
        raise ValueError(f"Cannot load '{path}' as a .keras file: it is an HDF5 file, not a zip "
                         f"archive. If it is a legacy Keras 2 model, give it a `.h5` extension and "
                         f"load it with load_model().")
    if kind is None:
        raise ValueError(f"Cannot load '{path}': it is not a .keras file (a .keras file is a zip "
                         f"archive holding config.json, metadata.json and model.weights.h5).")
    try:
        archive = zipfile.ZipFile(path, "r")
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ValueError(f"Cannot load '{path}': the .keras file is truncated or corrupted (it starts "
                         f"like a zip archive but cannot be read: {error}). Save the model again, or "
                         f"use an earlier copy.") from error
    try:
        check_members(archive, path)
    except Exception:
        archive.close()
        raise
    return archive


def check_members(archive, path):
    """Refuses unsafe member names (absolute, `..`, duplicates) and zip bombs."""
    seen = set()
    for info in archive.infolist():
        name = info.filename
        if not is_safe_member_name(name):
            raise ValueError(f"Refusing to load '{path}': the archive member '{name}' has a path that "
                             f"escapes the archive (absolute path or '..'). The file is malformed "
                             f"or malicious.")
        if name in seen:
            raise ValueError(f"Refusing to load '{path}': the archive holds two members named "
                             f"'{name}'. The file is malformed or malicious.")
        seen.add(name)
        if info.file_size > _BOMB_FLOOR and info.file_size > _MAX_EXPANSION * max(info.compress_size, 1):
            raise ValueError(f"Refusing to load '{path}': the member '{name}' declares "
                             f"{info.file_size} bytes but stores only {info.compress_size} "
                             f"(a decompression bomb).")


def is_safe_member_name(name):
    """False for absolute paths, drive letters, backslashes and any `..` component."""
    if not name or "\x00" in name or "\\" in name:
        return False
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return False
    parts = posixpath.normpath(name).split("/")
    return ".." not in name.split("/") and ".." not in parts and not posixpath.isabs(name)


def read_member(archive, name, path):
    """The bytes of member `name`; a clear error when it is missing or damaged."""
    try:
        return archive.read(name)
    except KeyError:
        raise ValueError(f"Cannot load '{path}': the archive has no '{name}' member (it holds "
                         f"{archive.namelist()}). It is not a complete .keras file.") from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ValueError(f"Cannot load '{path}': the member '{name}' is corrupted ({error}). The "
                         f"file is truncated or damaged.") from error


@contextlib.contextmanager
def atomic_write(path):
    """Yields a temporary path beside `path`; on success it replaces `path` in one step.

    Example:
    >>> with atomic_write("model.keras") as tmp:          # doctest: +SKIP
    ...     write_everything_to(tmp)
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    temp_files.remove_stale_temp_files(path)  # left by earlier saves of this path that were killed
    tmp = temp_files.temp_path(path)
    # os.open with mode 0o666 gives the file the permissions the umask allows, like open() would.
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


def _fsync(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
