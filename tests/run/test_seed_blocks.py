"""The files in seed_blocks/ are the notes' code blocks as pasted, and every one is run."""
import re
from pathlib import Path

import pytest
from pdf_wraps import join_wrapped_assignments
from run_paths import SEED_BLOCKS, SHARED
from seed_manifest import BLOCKS, SEEDS, assemble

WRAPPED = {"001_mnist_mlp.py": 4, "001_grid_search.py": 8}  # file -> line of the wrapped `=`


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_seed_block_is_verbatim(name):
    seed, indices = BLOCKS[name]
    notes = (SHARED / "seeds" / SEEDS[seed]).read_text(encoding="utf-8")
    assert (SEED_BLOCKS / name).read_text(encoding="utf-8") == assemble(notes, indices)


def test_every_seed_block_file_is_listed_and_run():
    files = {p.name for p in SEED_BLOCKS.glob("*.py")}
    assert files == set(BLOCKS)
    lab_tests = (Path(__file__).parent / "test_seed_labs.py").read_text(encoding="utf-8")
    assert all(f'"{name}"' in lab_tests for name in files)


@pytest.mark.parametrize("name, line", sorted(WRAPPED.items()))
def test_wrapped_lines_are_the_only_syntax_errors(name, line):
    source = (SEED_BLOCKS / name).read_text(encoding="utf-8")
    with pytest.raises(SyntaxError) as error:
        compile(source, name, "exec")
    assert error.value.lineno in (line, line + 1)
    repaired, joined = join_wrapped_assignments(source)
    assert joined == 1
    compile(repaired, name, "exec")
    assert repaired.count("\n") == source.count("\n") - 1


def test_run_reports_the_pasted_syntax_error_like_python(run_here):
    status, out, err = run_here(SEED_BLOCKS / "001_grid_search.py")
    assert status == 1 and out == ""
    assert re.search(r'File ".*001_grid_search.py", line 8', err)
    assert err.strip().splitlines()[-1].startswith("SyntaxError: invalid syntax")
