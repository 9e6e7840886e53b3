"""Download a file once into a local cache, check its hash, and unpack archives safely.

The cache lives in `$NUMKERAS_HOME/<cache_subdir>` (default `~/.numkeras/datasets/`) and uses
the same file names and layout as Keras. A file that Keras already downloaded into
`$KERAS_HOME/datasets/` (default `~/.keras/datasets/`) is used in place when its hash matches,
so nothing is downloaded twice.

A download is written to a temporary file beside its target and renamed only after its size
and hash have been checked, so an interrupted or corrupted download never leaves a file that a
later call would trust. Only the standard library is used here; heavy modules are imported
when a download or an extraction actually happens, to keep `import numkeras` fast.
"""
import hashlib
import os
import sys
import tempfile
import time

from numkeras.utils.archive_utils import (  # noqa: F401 - re-exported: get_file extracts
    UnsafeArchiveError,
    _archive_formats,
    _extract_fresh,
    _extraction_is_current,
    _mark_extraction,
    extract_archive,
)

NUMKERAS_HOME_ENV = "NUMKERAS_HOME"
KERAS_HOME_ENV = "KERAS_HOME"

# A transfer that stalls for this long is abandoned (and retried).
DOWNLOAD_TIMEOUT_SECONDS = 30
# Attempts for failures that can be transient (dropped connection, timeout, HTTP 5xx).
DOWNLOAD_ATTEMPTS = 3
# Pause before retry n is n times this.
RETRY_BACKOFF_SECONDS = 0.5
# Smaller files finish too fast for a progress bar to be useful.
PROGRESS_BAR_MIN_BYTES = 1 << 20

_CHUNK_BYTES = 1 << 16
_HASH_LENGTHS = {"sha256": 64, "md5": 32}


class DownloadError(OSError):
    """A file could not be downloaded; the message names the file, the URL and the cache folder."""


class FileHashMismatchError(DownloadError, ValueError):
    """A downloaded or supplied file does not have the expected hash (it was not kept)."""


def numkeras_home():
    """Returns the numkeras cache root: `$NUMKERAS_HOME`, or `~/.numkeras` when unset.

    Returns:
        The folder as a string; it may not exist yet.

    Example:
    >>> numkeras_home()  # with NUMKERAS_HOME=/data/nk  # doctest: +SKIP
    '/data/nk'
    """
    home = os.environ.get(NUMKERAS_HOME_ENV)
    return os.path.expanduser(home) if home else os.path.join(os.path.expanduser("~"), ".numkeras")


def keras_home():
    """Returns the Keras cache root searched for existing files: `$KERAS_HOME` or `~/.keras`."""
    home = os.environ.get(KERAS_HOME_ENV)
    return os.path.expanduser(home) if home else os.path.join(os.path.expanduser("~"), ".keras")


def resolve_hash_algorithm(file_hash, hash_algorithm="auto"):
    """Returns "sha256" or "md5" for `file_hash`, checking that the hash has the right form.

    Args:
        file_hash: hex digest string.
        hash_algorithm: "auto" (64 hex digits mean sha256, 32 mean md5, as in Keras),
            "sha256" or "md5".

    Returns:
        The algorithm name.

    Example:
    >>> resolve_hash_algorithm("bfafd718b763782e994055a2d397834f")
    'md5'
    """
    _check_hash_algorithm(hash_algorithm)
    if not isinstance(file_hash, str):
        raise TypeError(f"file_hash must be a hex string, got {type(file_hash).__name__}.")
    try:
        int(file_hash, 16)
    except ValueError:
        raise ValueError(f"file_hash must be a hex digest, got {file_hash!r}.") from None
    if hash_algorithm == "auto":
        by_length = {length: name for name, length in _HASH_LENGTHS.items()}
        if len(file_hash) not in by_length:
            raise ValueError(
                f"file_hash has {len(file_hash)} hex digits; expected 64 (sha256) or 32 (md5). "
                f"Got {file_hash!r}."
            )
        return by_length[len(file_hash)]
    if len(file_hash) != _HASH_LENGTHS[hash_algorithm]:
        raise ValueError(
            f"A {hash_algorithm} file_hash has {_HASH_LENGTHS[hash_algorithm]} hex digits, "
            f"got {len(file_hash)}: {file_hash!r}."
        )
    return hash_algorithm


def _check_hash_algorithm(hash_algorithm):
    if hash_algorithm not in ("auto", "sha256", "md5"):
        raise ValueError(
            f"get_file() got hash_algorithm={hash_algorithm!r}; expected 'auto', 'sha256' or 'md5'."
        )


def hash_file(fpath, algorithm="sha256", chunk_size=_CHUNK_BYTES):
    """Returns the hex digest of a file, read in chunks so big files use little memory.

    Args:
        fpath: path of the file.
        algorithm: "sha256" or "md5".
        chunk_size: bytes read at a time.

    Returns:
        The lower-case hex digest.

    Example:
    >>> hash_file("mnist.npz")  # doctest: +SKIP
    '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1'
    """
    hasher = hashlib.new(algorithm)
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=_CHUNK_BYTES):
    """Returns whether the file at `fpath` has the hash `file_hash`.

    Args:
        fpath: path of the file.
        file_hash: expected hex digest (sha256 or md5).
        algorithm: "auto", "sha256" or "md5" (see `resolve_hash_algorithm`).
        chunk_size: bytes read at a time.

    Returns:
        True when the digests are equal (case-insensitive).

    Example:
    >>> validate_file("mnist.npz", "731c5ac6...")  # doctest: +SKIP
    True
    """
    algorithm = resolve_hash_algorithm(file_hash, algorithm)
    return hash_file(fpath, algorithm, chunk_size) == file_hash.lower()


def get_file(
    fname=None,
    origin=None,
    untar=False,
    md5_hash=None,
    file_hash=None,
    cache_subdir="datasets",
    hash_algorithm="auto",
    extract=False,
    archive_format="auto",
    cache_dir=None,
    force_download=False,
):
    """Downloads a file from a URL unless a verified copy is already cached.

    The file is stored as `<cache_dir>/<cache_subdir>/<fname>`; `cache_dir` defaults to
    `$NUMKERAS_HOME` or `~/.numkeras`. With a hash, a cached file is used only when its hash
    matches (otherwise it is downloaded again), and a copy in the Keras cache
    (`$KERAS_HOME/<cache_subdir>/`, default `~/.keras/datasets/`) is used in place when its
    hash matches. Archive naming follows Keras: with `extract=True` and an `fname` without a
    dot, the archive is saved as `<fname>_archive` and unpacked into the folder `<fname>`.

    Args:
        fname: file name in the cache; None takes the last part of `origin`'s path. Paths
            are refused (use `cache_dir`/`cache_subdir`).
        origin: URL of the file (http, https or file).
        untar: deprecated spelling of `extract=True, archive_format="tar"`.
        md5_hash: deprecated spelling of `file_hash` with `hash_algorithm="md5"`.
        file_hash: expected sha256 or md5 hex digest; strongly recommended.
        cache_subdir: folder under the cache root (an absolute path is used as is).
        hash_algorithm: "auto" (by length: 64 hex digits sha256, 32 md5), "sha256" or "md5".
        extract: unpack a tar or zip archive and return the folder it went into.
        archive_format: "auto" (tar then zip), "tar", "zip", None, or a list of those.
        cache_dir: cache root instead of `$NUMKERAS_HOME`/`~/.numkeras`.
        force_download: download even when a valid copy is cached.

    Returns:
        Path (str) of the file, or of the extraction folder when `extract` is true.

    Raises:
        DownloadError: the file is not cached and could not be downloaded; the message names
            the URL and where to put the file by hand.
        FileHashMismatchError: the downloaded file does not have the expected hash.
        UnsafeArchiveError: the archive has members that would land outside its folder.

    Example:
    >>> path = get_file(
    ...     "mnist.npz",
    ...     origin="https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
    ...     file_hash="731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
    ... )  # doctest: +SKIP
    >>> path  # doctest: +SKIP
    '/home/me/.numkeras/datasets/mnist.npz'
    """
    origin, fname, file_hash, algorithm, archive_format = _check_arguments(
        fname, origin, untar, md5_hash, file_hash, hash_algorithm, extract, archive_format
    )
    want_extract = bool(extract or untar)
    created = _missing_folders(cache_dir, cache_subdir)
    datadir = _cache_folder(cache_dir, cache_subdir)
    name = fname or _url_file_name(origin)
    download_target, extraction_dir = _target_paths(datadir, name, want_extract, bool(fname))

    keras_copy = _keras_copy_path(download_target, file_hash, cache_dir, cache_subdir)
    source = None
    if not force_download:
        source = _find_valid_copy(download_target, keras_copy, file_hash, algorithm)
    if source is None:
        try:
            _download(origin, download_target, file_hash, algorithm, keras_copy)
        except BaseException:
            _remove_empty_folders(created)  # a failed first download leaves no empty cache
            raise
        source = download_target

    if not want_extract:
        return source
    # The sha256 of the archive an extraction came from is recorded beside the folder, so a
    # later call reuses the folder instead of unpacking the same archive again.
    digest = file_hash if algorithm == "sha256" else hash_file(source, "sha256")
    if not _extraction_is_current(extraction_dir, digest):
        if not _extract_fresh(source, extraction_dir, archive_format):
            import warnings

            warnings.warn(
                f"get_file(): {source} is not a {' or '.join(archive_format) or 'known'} archive; "
                "nothing was extracted.",
                stacklevel=2,
            )
            return extraction_dir
        _mark_extraction(extraction_dir, digest)
    return extraction_dir


def _check_arguments(
    fname, origin, untar, md5_hash, file_hash, hash_algorithm, extract, archive_format
):
    """Validates get_file()'s arguments before any work; returns the normalised ones."""
    if not origin or not isinstance(origin, str):
        raise ValueError(f"get_file() needs `origin`, the URL of the file; got origin={origin!r}.")
    if "://" not in origin:
        raise ValueError(
            f"get_file() expected `origin` to be a URL such as https://... or file:///..., got "
            f"{origin!r}. For a local file, pass a file:// URL or copy it into the cache folder."
        )
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    algorithm = None
    if file_hash is not None:
        algorithm = resolve_hash_algorithm(file_hash, hash_algorithm)
        file_hash = file_hash.lower()
    else:
        _check_hash_algorithm(hash_algorithm)
    if fname:
        fname = os.fspath(fname)
        separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
        if any(sep in fname for sep in separators) or fname in (".", ".."):
            raise ValueError(
                "get_file() takes a file name, not a path, as `fname`; put the folder in "
                f"`cache_dir` or `cache_subdir`. Got fname={fname!r}."
            )
    elif not _url_file_name(origin):
        raise ValueError(f"Cannot take a file name from origin={origin!r}; pass `fname`.")
    archive_format = _archive_formats("tar" if untar else archive_format, "get_file")
    return origin, fname, file_hash, algorithm, archive_format


def _url_file_name(origin):
    from urllib.parse import urlsplit

    return os.path.basename(urlsplit(origin).path)


def _cache_folder(cache_dir, cache_subdir):
    """Creates and returns the folder files are cached in (falls back to the temp dir, as Keras)."""
    base = os.path.expanduser(os.fspath(cache_dir)) if cache_dir is not None else numkeras_home()
    try:
        os.makedirs(base, exist_ok=True)
    except OSError:
        pass
    if not (os.path.isdir(base) and os.access(base, os.W_OK)):
        base = os.path.join(tempfile.gettempdir(), ".numkeras")
    datadir = os.path.join(base, os.fspath(cache_subdir))
    os.makedirs(datadir, exist_ok=True)
    return datadir


def _missing_folders(cache_dir, cache_subdir):
    """The folders `_cache_folder` is about to create, deepest first."""
    base = os.path.expanduser(os.fspath(cache_dir)) if cache_dir is not None else numkeras_home()
    folder = os.path.abspath(os.path.join(base, os.fspath(cache_subdir)))
    missing = []
    while not os.path.isdir(folder):
        missing.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return missing


def _remove_empty_folders(folders):
    for folder in folders:  # deepest first; a folder something else wrote into stays
        try:
            os.rmdir(folder)
        except OSError:
            return


def _target_paths(datadir, name, want_extract, fname_given):
    """Returns (download_target, extraction_dir) with Keras's naming rules."""
    if not want_extract:
        return os.path.join(datadir, name), None
    if fname_given and "." in name:
        # "data.tar.gz" is kept under its name and unpacked into "data_extracted".
        stem = name[: name.find(".")]
        return os.path.join(datadir, name), os.path.join(datadir, f"{stem}_extracted")
    return os.path.join(datadir, f"{name}_archive"), os.path.join(datadir, name)


def _keras_copy_path(download_target, file_hash, cache_dir, cache_subdir):
    """Where Keras would have cached the same file, when its copy may be used (else None).

    Only with a hash (to verify it) and the default cache root (an explicit `cache_dir`
    says where files belong).
    """
    if file_hash is None or cache_dir is not None or os.path.isabs(os.fspath(cache_subdir)):
        return None
    return os.path.join(keras_home(), os.fspath(cache_subdir), os.path.basename(download_target))


def _find_valid_copy(download_target, keras_copy, file_hash, algorithm):
    """Returns a trusted cached copy (ours, else Keras's) or None when a download is needed."""
    if os.path.isfile(download_target):
        if file_hash is None or hash_file(download_target, algorithm) == file_hash:
            return download_target
        _say(
            f"{download_target} is incomplete or outdated: its {algorithm} does not match "
            f"{file_hash}. Downloading it again."
        )
    if keras_copy and os.path.isfile(keras_copy) and hash_file(keras_copy, algorithm) == file_hash:
        return keras_copy
    return None


def _say(message):
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------
# Downloading
# ---------------------------------------------------------------------------------------------


class _TransientError(Exception):
    """A failure worth retrying (the connection dropped, timed out, or the server erred)."""


def _download(origin, target, file_hash, algorithm, keras_copy=None):
    """Downloads `origin` to `target` through a temporary file; retries transient failures."""
    folder, name = os.path.split(target)
    _say(f"Downloading data from {origin}")

    def failure(reason):
        return _download_error(origin, target, file_hash, algorithm, keras_copy, reason)

    last_error = None
    for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
        fd, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                digest = _fetch_into(origin, out, algorithm)
            if file_hash is not None and digest != file_hash:
                raise FileHashMismatchError(
                    f"The file downloaded from {origin} does not have the expected {algorithm} "
                    f"(expected {file_hash}, got {digest}), so it was not saved. The transfer "
                    "may have been corrupted or the file at that URL has changed. Try again, or "
                    f"download it by hand, check its hash and put it at {target}."
                )
            # mkstemp makes the file private (0600); a cached data file is readable by all.
            os.chmod(partial, 0o644)
            os.replace(partial, target)
            partial = None
            return
        except _TransientError as error:
            last_error = error
        except DownloadError:
            raise
        except OSError as error:
            # URLError, refused connections, DNS failures and bad file:// paths will not get
            # better by retrying: report at once so an offline machine fails fast.
            _log_cause(error)
            raise failure(_describe(error)) from None  # the cause stays in __context__
        finally:
            if partial is not None and os.path.exists(partial):
                os.remove(partial)
        if attempt < DOWNLOAD_ATTEMPTS:
            _say(f"Download attempt {attempt} failed ({last_error}); retrying.")
            time.sleep(RETRY_BACKOFF_SECONDS * attempt)
    _log_cause(last_error)
    error = failure(f"{last_error} (after {DOWNLOAD_ATTEMPTS} attempts)")
    error.__context__ = last_error
    raise error from None


def _log_cause(error):
    """The chained urllib/socket errors behind a failed download go to the log (DEBUG level), not
    on screen: the DownloadError's message says what failed and what to do."""
    import logging

    logging.getLogger("numkeras.download").debug("download failed", exc_info=error)


def _fetch_into(origin, out, algorithm):
    """Streams `origin` into the open file `out`; returns the hex digest of what was written."""
    import http.client
    import urllib.error
    import urllib.request

    hasher = hashlib.new(algorithm or "sha256")
    try:
        request = urllib.request.Request(origin, headers={"User-Agent": "numkeras"})
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            expected = _content_length(response)
            progress = _Progress(expected)
            received = 0
            try:
                for chunk in iter(lambda: response.read(_CHUNK_BYTES), b""):
                    out.write(chunk)
                    hasher.update(chunk)
                    received += len(chunk)
                    progress.update(received)
            except BaseException:
                progress.close(received, finished=False)
                raise
            progress.close(received)
    except urllib.error.HTTPError as error:
        if error.code >= 500 or error.code in (408, 429):
            raise _TransientError(f"HTTP {error.code} {error.reason}") from error
        raise OSError(f"HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _TransientError(f"timed out after {DOWNLOAD_TIMEOUT_SECONDS} s") from error
        raise
    except (http.client.HTTPException, ConnectionError, TimeoutError) as error:
        # Raised mid-transfer: a reset, a dropped connection or a stall.
        raise _TransientError(_describe(error)) from error
    if expected is not None and received != expected:
        raise _TransientError(f"connection closed after {received} of {expected} bytes")
    return hasher.hexdigest()


def _content_length(response):
    value = response.headers.get("Content-Length") if response.headers else None
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _describe(error):
    import urllib.error

    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        error = error.reason
    text = str(error) or type(error).__name__
    return text if isinstance(error, str) else f"{type(error).__name__}: {text}"


def _download_error(origin, target, file_hash, algorithm, keras_copy, reason):
    folder, name = os.path.split(target)
    hash_note = f" (its {algorithm} must be {file_hash})" if file_hash else ""
    keras_note = ""
    if keras_copy:
        keras_note = f" A verified copy at {keras_copy} (the Keras cache) is used too."
    return DownloadError(
        f"Could not download '{name}' from {origin}: {reason}.\n"
        f"If this machine has no network access, download that URL elsewhere and copy the file "
        f"to {target}{hash_note}; the folder is {folder} (set {NUMKERAS_HOME_ENV} to use another "
        f"cache root).{keras_note}"
    )


class _Progress:
    """Shows a progress bar on an interactive terminal, a plain line otherwise."""

    def __init__(self, total, stream=None):
        self.stream = stream if stream is not None else sys.stdout
        self.total = total
        self.start = time.monotonic()
        self.last_draw = 0.0
        isatty = getattr(self.stream, "isatty", None)
        interactive = bool(isatty and isatty())
        self.bar = interactive and (total is None or total >= PROGRESS_BAR_MIN_BYTES)

    def update(self, received):
        now = time.monotonic()
        if self.bar and now - self.last_draw >= 0.1:
            self.last_draw = now
            self._draw(received, now)

    def close(self, received, finished=True):
        """Ends the display; after a failed transfer it only ends the bar's line."""
        now = time.monotonic()
        if self.bar:
            self._draw(received, now)
            self.stream.write("\n")
        elif finished:
            seconds = now - self.start
            self.stream.write(f"Received {_megabytes(received)} in {seconds:.1f} s\n")
        self.stream.flush()

    def _draw(self, received, now):
        rate = received / max(now - self.start, 1e-6)
        if self.total:
            done = min(received / self.total, 1.0)
            filled = int(30 * done)
            line = (
                f"\r[{'=' * filled}{'.' * (30 - filled)}] {done:4.0%} "
                f"{_megabytes(received)} / {_megabytes(self.total)}  {_megabytes(rate)}/s"
            )
        else:
            line = f"\r{_megabytes(received)}  {_megabytes(rate)}/s"
        self.stream.write(line)
        self.stream.flush()


def _megabytes(n):
    return f"{n / 1e6:.1f} MB"
