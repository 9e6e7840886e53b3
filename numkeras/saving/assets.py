"""Asset files of a `.keras` archive (e.g. a TextVectorization's `vocabulary.txt`), as Keras lays
them out: `assets/<object path>/<file>`, the object path being the one of the weights file."""
import os
import tempfile

from numkeras.saving import state


def _objects_with_assets(model):
    """`(object, path)` of every saveable below `model` (itself included) that has assets hooks."""
    visited, out = set(), []

    def walk(obj, path):
        if id(obj) in visited:
            return
        visited.add(id(obj))
        if hasattr(obj, "save_assets"):
            out.append((obj, path))
        for child, child_path in state._saveable_children(obj, path):
            walk(child, child_path)

    walk(model, "")
    return out


def collect_assets(model):
    """`{archive name: bytes}` of every object's asset files."""
    files = {}
    for obj, path in _objects_with_assets(model):
        with tempfile.TemporaryDirectory() as folder:
            obj.save_assets(folder)
            for name in sorted(os.listdir(folder)):
                with open(os.path.join(folder, name), "rb") as f:
                    files["/".join(p for p in ("assets", path, name) if p)] = f.read()
    return files


def restore_assets(model, files):
    """Hands each object the asset files saved under its path (`files`: archive name -> bytes)."""
    if not files:
        return
    for obj, path in _objects_with_assets(model):
        prefix = "/".join(p for p in ("assets", path) if p) + "/"
        mine = {name[len(prefix):]: data for name, data in files.items()
                if name.startswith(prefix) and "/" not in name[len(prefix):]}
        if not mine:
            continue
        with tempfile.TemporaryDirectory() as folder:
            for name, data in mine.items():
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(data)
            obj.load_assets(folder)
