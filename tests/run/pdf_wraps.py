"""Undoing the PDF export's line wraps in two lecture blocks, on the extracted copy.

Two blocks of the notes break an assignment at `=` across two lines, which no Python
accepts (the slide's text was wrapped). The tests run the extracted block with exactly
those lines joined, and check that nothing else changed.
"""


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
