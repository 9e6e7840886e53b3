"""Unpacking downloaded archives safely: no member may land outside the target folder.

Archives are unpacked into a temporary folder beside the target and moved into place only when
every member passed the checks (`..`, absolute paths, links pointing outside, devices), so a
refused archive leaves nothing behind. Only the standard library is used.
"""
import os
import shutil
import tempfile

_ARCHIVE_FORMATS = ("tar", "zip")


class UnsafeArchiveError(ValueError):
    """An archive member would be written outside the extraction folder."""


def _archive_formats(archive_format, caller):
    """Turns "auto", None, a format name or a list of them into a checked list of names."""
    if archive_format is None:
        formats = []
    elif archive_format == "auto":
        formats = list(_ARCHIVE_FORMATS)
    elif isinstance(archive_format, str):
        formats = [archive_format]
    else:
        formats = list(archive_format)
    unknown = [f for f in formats if f not in _ARCHIVE_FORMATS]
    if unknown:
        raise ValueError(
            f"{caller}() got archive_format={unknown[0]!r}; expected 'auto', 'tar', 'zip', None "
            "or a list of those."
        )
    return formats


# ---------------------------------------------------------------------------------------------
# Extracting archives
# ---------------------------------------------------------------------------------------------


def extract_archive(file_path, path=".", archive_format="auto"):
    """Unpacks a tar (plain, gz, bz2, xz) or zip archive into the folder `path`, safely.

    Every member is checked before it is written: absolute names, names with `..` that leave
    `path`, links pointing outside `path`, writes through such links, and device or fifo
    members are refused with `UnsafeArchiveError`. The archive is first unpacked into a
    temporary folder inside `path` and moved into place only when all of it succeeded, so
    a refused or broken archive adds nothing to `path`. Existing files of the same names are
    overwritten and other files are kept, as with Keras.

    Args:
        file_path: the archive.
        path: destination folder (created if needed).
        archive_format: "auto" (tar then zip), "tar", "zip", None, or a list of those.

    Returns:
        True if the archive was recognised and extracted, False if it is none of the formats.

    Example:
    >>> extract_archive("cifar-10-python.tar.gz", "cifar-10")  # doctest: +SKIP
    True
    """
    extract = _extractor(os.fspath(file_path), _archive_formats(archive_format, "extract_archive"))
    if extract is None:
        return False
    path = os.fspath(path)
    created = not os.path.exists(path)
    os.makedirs(path, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".extracting-", dir=path)
    try:
        extract(staging)
        _merge_into(staging, path)
    except BaseException:
        if created:
            shutil.rmtree(path, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def _extract_fresh(file_path, path, formats):
    """Unpacks an archive into a new folder that replaces `path` (get_file's own folders)."""
    extract = _extractor(file_path, formats)
    if extract is None:
        return False
    parent = os.path.dirname(os.path.abspath(path))
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(path)}.extracting-", dir=parent)
    try:
        extract(staging)
        _remove(path)
        os.replace(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True


def _extractor(file_path, formats):
    """Returns a function extracting `file_path` into a folder, or None if no format matches."""
    import tarfile
    import zipfile

    for fmt in formats:
        if fmt == "tar" and tarfile.is_tarfile(file_path):
            return lambda folder: _extract_tar(file_path, folder)
        if fmt == "zip" and zipfile.is_zipfile(file_path):
            return lambda folder: _extract_zip(file_path, folder)
    return None


def _merge_into(source, target):
    """Moves the tree `source` into `target`, replacing entries of the same name."""
    for name in os.listdir(source):
        src, dst = os.path.join(source, name), os.path.join(target, name)
        if _is_real_dir(src) and _is_real_dir(dst):
            _merge_into(src, dst)
            continue
        _remove(dst)
        os.replace(src, dst)


def _is_real_dir(path):
    return os.path.isdir(path) and not os.path.islink(path)


def _remove(path):
    """Deletes a folder tree, a file or a link (never what a link points to); nothing if absent."""
    if _is_real_dir(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


def _extract_tar(file_path, staging):
    import inspect
    import tarfile

    with tarfile.open(file_path) as archive:
        # Python's own "data" filter (3.10.12+, 3.11.4+) checks again at write time.
        use_filter = "filter" in inspect.signature(archive.extract).parameters
        links = {}
        regular_files = set()
        # One pass: check each member against what came before it, then write it.
        for member in archive:
            _check_tar_member(member, links, regular_files)
            if use_filter:
                archive.extract(member, staging, filter="data")
            else:  # pragma: no cover - older Pythons
                archive.extract(member, staging)


def _check_tar_member(member, links, regular_files):
    """Raises UnsafeArchiveError unless `member` stays inside the extraction folder."""
    parts = _member_parts(member.name)
    resolved = _resolve_inside(parts, links, member.name)
    if member.issym():
        if _is_absolute(member.linkname):
            raise UnsafeArchiveError(
                f"Refusing to extract link {member.name!r}: it points to the absolute path "
                f"{member.linkname!r}."
            )
        # A link is relative to the (resolved) folder that holds it.
        folder = _resolve_inside(parts[:-1], links, member.name)
        target = folder + _split_member_path(member.linkname)
        _resolve_inside(target, links, member.name, what=f"link target {member.linkname!r}")
        links[tuple(folder + parts[-1:])] = target
    elif member.islnk():
        target = _resolve_inside(_member_parts(member.linkname), links, member.name)
        if tuple(target) not in regular_files:
            raise UnsafeArchiveError(
                f"Refusing to extract hard link {member.name!r}: its target {member.linkname!r} is "
                "not a file earlier in the archive."
            )
        regular_files.add(tuple(resolved))
    elif member.isfile():
        regular_files.add(tuple(resolved))
    elif not member.isdir():
        raise UnsafeArchiveError(f"Refusing to extract {member.name!r}: it is a device or fifo.")


def _extract_zip(file_path, staging):
    import zipfile

    with zipfile.ZipFile(file_path) as archive:
        # Zip members cannot be links when extracted by zipfile, so checking names suffices.
        for info in archive.infolist():
            _resolve_inside(_member_parts(info.filename), {}, info.filename)
        archive.extractall(staging)


def _split_member_path(name):
    separators = "/\\" if os.sep == "\\" else "/"
    for sep in separators[1:]:
        name = name.replace(sep, "/")
    return [part for part in name.split("/") if part not in ("", ".")]


def _is_absolute(name):
    return name.startswith(("/", "\\")) or os.path.splitdrive(name)[0] != "" or os.path.isabs(name)


def _member_parts(name):
    if _is_absolute(name):
        raise UnsafeArchiveError(f"Refusing to extract {name!r}: absolute paths are not allowed.")
    return _split_member_path(name)


def _resolve_inside(parts, links, member_name, what="it"):
    """Resolves `parts` against the archive's own symlinks; raises if the path leaves the root.

    Resolution is done on the archive's names (the staging folder starts empty), following
    each symlink met on the way, so a chain like `a -> .` then `b -> a/..` is caught.
    """
    stack = []
    pending = list(parts)
    hops = 0
    while pending:
        part = pending.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if not stack:
                raise UnsafeArchiveError(
                    f"Refusing to extract {member_name!r}: {what} leads outside the extraction "
                    "folder."
                )
            stack.pop()
            continue
        stack.append(part)
        target = links.get(tuple(stack))
        if target is not None:
            hops += 1
            if hops > 40:
                raise UnsafeArchiveError(
                    f"Refusing to extract {member_name!r}: too many levels of links."
                )
            stack = []
            pending = list(target) + pending
    return stack


def _extraction_marker(extraction_dir):
    parent, name = os.path.split(os.path.abspath(extraction_dir))
    return os.path.join(parent, f".{name}.extracted-from")


def _extraction_is_current(extraction_dir, archive_sha256):
    try:
        with open(_extraction_marker(extraction_dir)) as f:
            recorded = f.read().strip()
    except OSError:
        return False
    return recorded == archive_sha256 and os.path.isdir(extraction_dir)


def _mark_extraction(extraction_dir, archive_sha256):
    with open(_extraction_marker(extraction_dir), "w") as f:
        f.write(archive_sha256 + "\n")
