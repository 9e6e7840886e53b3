"""Names of the temporary files a save writes first, and removal of those a killed save left.

A save writes `.<name>.<host>-<pid>.<random>.tmp` beside `<name>` and renames it over `<name>`
when done. A process killed mid-save (SIGKILL, power loss) leaves that file behind. The
next save of the same path removes such leftovers when it can tell that no live process
is still writing them: the file was written on this machine (`<host>`), and the process
`<pid>` no longer exists. Files of other machines sharing the folder, of live processes
(whose PID may have been reused: then the file waits for a later save), and of other paths
are never touched.
"""
import os
import re
import secrets
import socket
import zlib


def _host_tag():
    """8 hex digits naming this machine (a hash: host names may hold any character)."""
    return f"{zlib.crc32(socket.gethostname().encode('utf-8', 'replace')):08x}"


def temp_path(path):
    """A fresh temporary path beside `path`, tagged with this machine and process."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{name}.{_host_tag()}-{os.getpid()}.{secrets.token_hex(4)}.tmp")


def process_is_alive(pid):
    """Whether a process with this PID exists on this machine (True when it cannot be told)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # os.kill(pid, 0) would terminate it there; leave the file for safety
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists but belongs to another user
        return True
    return True


def stale_temp_files(path):
    """Leftover temporary files of interrupted saves of `path` whose writer is gone."""
    folder, name = os.path.split(os.path.abspath(path))
    pattern = re.compile(rf"^\.{re.escape(name)}\.([0-9a-f]{{8}})-([0-9]+)\.[0-9a-f]{{8}}\.tmp$")
    host = _host_tag()
    try:
        entries = os.listdir(folder)
    except OSError:
        return []
    stale = []
    for entry in entries:
        match = pattern.match(entry)
        if match and match.group(1) == host and not process_is_alive(int(match.group(2))):
            stale.append(os.path.join(folder, entry))
    return stale


def remove_stale_temp_files(path):
    """Removes what `stale_temp_files(path)` finds; returns the paths removed."""
    removed = []
    for stale in stale_temp_files(path):
        try:
            os.remove(stale)
        except OSError:  # another save removed it first, or it is not ours to remove
            continue
        removed.append(stale)
    return removed
