"""Every listed lecture block is cut from the notes as they are, and every one is run."""
import re
from pathlib import Path

import pytest
from data_files import lecture_notes_folder
from pdf_wraps import join_wrapped_assignments
from seed_manifest import BLOCKS, SEEDS, code_blocks

WRAPPED = {"001_mnist_mlp.py": 4, "001_grid_search.py": 8}  # file -> line of the wrapped `=`


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_listed_blocks_are_code_of_the_notes(name, seed_block):
    seed, indices = BLOCKS[name]
    blocks = code_blocks((lecture_notes_folder() / SEEDS[seed]).read_text(encoding="utf-8"))
    assert max(indices) < len(blocks) and indices == sorted(set(indices))
    source = seed_block(name).read_text(encoding="utf-8")
    assert source == "\n".join(blocks[i] for i in indices)
    if name not in WRAPPED:
        compile(source, name, "exec")  # Python as written (no REPL transcript, no printed output)


def test_no_copy_of_the_notes_is_kept_and_every_listed_block_is_run():
    here = Path(__file__).parent
    assert not (here / "seed_blocks").exists()
    lab_tests = (here / "test_seed_labs.py").read_text(encoding="utf-8")
    assert all(f'"{name}"' in lab_tests for name in BLOCKS)


@pytest.mark.parametrize("name, line", sorted(WRAPPED.items()))
def test_wrapped_lines_are_the_only_syntax_errors(name, line, seed_block):
    source = seed_block(name).read_text(encoding="utf-8")
    with pytest.raises(SyntaxError) as error:
        compile(source, name, "exec")
    assert error.value.lineno in (line, line + 1)
    repaired, joined = join_wrapped_assignments(source)
    assert joined == 1
    compile(repaired, name, "exec")
    assert repaired.count("\n") == source.count("\n") - 1


def test_run_reports_the_pasted_syntax_error_like_python(run_here, seed_block):
    status, out, err = run_here(seed_block("001_grid_search.py"))
    assert status == 1 and out == ""
    assert re.search(r'File ".*001_grid_search.py", line 8', err)
    assert err.strip().splitlines()[-1].startswith("SyntaxError: invalid syntax")
