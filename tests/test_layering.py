"""The import layering of docs/architecture.md, read from every module's own imports.

From the bottom: engine (backend/) - ops - math (activations, initializers, regularizers,
constraints, losses, metrics) and optimizers - layers - models - the rest (callbacks, saving,
wrappers, compat, datasets, utils). Function-level imports count as much as module-level ones.
"""
import ast
import pathlib

import pytest

PACKAGE_ROOT = pathlib.Path(__file__).resolve().parents[1] / "numkeras"

MATH = {"activations", "initializers", "regularizers", "constraints", "losses", "metrics"}
TOP = {"callbacks", "saving", "wrappers", "compat", "datasets", "utils", "config", "preprocessing",
       "__main__"}


def group_of(module):
    """The part of numkeras a module belongs to: "engine", "ops", "math", ..., "top"."""
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    head = parts[1]
    if head == "backend":
        return "engine"
    if head in ("ops", "ops_math", "ops_arrays", "ops_linalg", "ops_control", "random"):  # ops_*: the rest of keras.ops
        return "ops"
    if head in MATH:
        return "math"
    if head in ("optimizers", "layers", "models"):
        return head
    return head if head == "datasets" else "top"


# What each part may import (besides the standard library, NumPy and the helpers below).
ALLOWED = {
    "engine": {"engine"},
    "ops": {"engine", "ops"},
    "math": {"engine", "ops", "math"},
    "optimizers": {"engine", "ops", "optimizers"},
    "layers": {"engine", "ops", "math", "optimizers", "layers"},
    "models": {"engine", "ops", "math", "optimizers", "layers", "models", "top", "datasets"},
}
# Models drive callbacks and saving (fit calls CallbackList, Model.save calls saving) as Keras's
# trainer does, but know nothing of `numkeras run`: compat hooks its caps in from above.
FORBIDDEN_FOR_MODELS = ("numkeras.compat", "numkeras.wrappers", "numkeras.datasets")


def module_name(path):
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def all_modules():
    return {module_name(p): p for p in sorted(PACKAGE_ROOT.rglob("*.py"))}


def imports_of(module, source, known):
    """(line, imported module) for every numkeras import in `source`, at any depth."""
    is_package = module.count(".") == 0 or known.get(module, pathlib.Path()).name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((node.lineno, sub if sub in known else target))
    return [(line, name) for line, name in found if name == "numkeras" or name.startswith("numkeras.")]


def import_graph():
    known = all_modules()
    return {m: imports_of(m, p.read_text(), known) for m, p in known.items()}, known


def loaded_by(target, graph):
    """Every numkeras module that importing `target` runs: its packages (not the root) and imports."""
    seen, todo = set(), [target]
    while todo:
        module = todo.pop()
        if module in seen or module not in graph:
            continue
        seen.add(module)
        parts = module.split(".")
        todo += [".".join(parts[:i]) for i in range(2, len(parts))]
        todo += [name for _, name in graph[module]]
    return seen


def helpers(graph):
    """numkeras.utils modules that load nothing outside numkeras.utils: plain Python/NumPy helpers
    (progress bar, file downloads, PyDataset) that any part may use."""
    return {m for m in graph if m.startswith("numkeras.utils.")
            and all(n.startswith("numkeras.utils") for n in loaded_by(m, graph))}


def violations(graph):
    helper_modules = helpers(graph)
    known = set(graph)
    out = []
    for module, imports in graph.items():
        group = group_of(module)
        for line, target in imports:
            where = f"{module} (line {line}) imports {target}"
            if group == "datasets":
                if target.startswith("numkeras.datasets") or target in helper_modules:
                    continue
                out.append(f"{where}: data sets return NumPy arrays and import nothing of the engine")
            elif group == "models":
                if target.startswith(FORBIDDEN_FOR_MODELS):
                    out.append(f"{where}: models know nothing of compat, wrappers or data sets")
            elif group in ALLOWED:
                if target in helper_modules:
                    continue
                if target not in known and target != "numkeras":
                    out.append(f"{where}: no such module")
                elif group_of(target) not in ALLOWED[group]:
                    out.append(f"{where}: {group} may import only {sorted(ALLOWED[group])}")
    return sorted(out)


def test_no_import_breaks_the_layering():
    graph, _ = import_graph()
    assert violations(graph) == []


def test_the_engine_does_not_import_the_op_namespace_or_anything_above():
    graph, _ = import_graph()
    above = [f"{m} -> {t}" for m in graph if group_of(m) == "engine"
             for _, t in graph[m] if group_of(t) != "engine"]
    assert above == []


def test_datasets_load_no_engine_module():
    graph, _ = import_graph()
    loaded = set().union(*(loaded_by(m, graph) for m in graph if m.startswith("numkeras.datasets")))
    assert sorted(m for m in loaded if group_of(m) not in ("datasets", "top")) == []
    assert "numkeras.utils.file_utils" in loaded  # the downloads helper, without the engine


@pytest.mark.parametrize("module, source, expected", [
    ("numkeras.backend.tensor", "def f():\n    from numkeras import ops\n", "imports numkeras.ops"),
    ("numkeras.layers.layer", "from numkeras.models.functional import Functional\n",
     "imports numkeras.models.functional"),
    ("numkeras.models.trainer", "def fit():\n    from numkeras.compat.limits import caps\n",
     "imports numkeras.compat.limits"),
    ("numkeras.datasets.cifar", "from numkeras.config import image_data_format\n",
     "imports numkeras.config"),
    ("numkeras.losses.loss", "from ..saving import serialization\n", "imports numkeras.saving"),
])
def test_the_checker_names_a_broken_rule(module, source, expected):
    graph, known = import_graph()
    graph[module] = imports_of(module, source, known)
    found = violations(graph)
    assert len(found) == 1 and module in found[0] and expected in found[0], found


MAX_MODULE_LINES = 600  # one concept per module: a module past this is split by concept


def test_no_module_passes_the_size_limit():
    too_long = {str(path.relative_to(PACKAGE_ROOT.parent)): count
                for path in PACKAGE_ROOT.rglob("*.py")
                if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines: {too_long}"
