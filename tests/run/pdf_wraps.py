"""Undoing the PDF export's line wraps in two pasted blocks, outside the pasted files.

Two blocks of the notes break an assignment at `=` across two lines, which no Python
accepts (the slide's text was wrapped). The seed_blocks/ files keep them as pasted;
the tests run a copy with exactly those lines joined, and check that nothing else
changed.
"""
from run_paths import SEED_BLOCKS


def join_wrapped_assignments(source):
    """Joins `a =` + `b` and `a` + `    = b` into `a = b`; returns (source, joined count)."""
    lines, joined = [], 0
    for line in source.split("\n"):
        if lines and (lines[-1].rstrip().endswith(" =") or line.lstrip().startswith("= ")):
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
            joined += 1
        else:
            lines.append(line)
    return "\n".join(lines), joined


def repaired_copy(name, folder):
    """Writes the joined copy of seed_blocks/`name` into `folder`; returns its path."""
    source = (SEED_BLOCKS / name).read_text(encoding="utf-8")
    repaired, joined = join_wrapped_assignments(source)
    assert joined == 1, f"expected one wrapped line in {name}, found {joined}"
    path = folder / name
    path.write_text(repaired, encoding="utf-8")
    return path
