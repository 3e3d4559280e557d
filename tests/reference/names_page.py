"""Read the equivalence tables of docs/names.md: one row, one library call = one lossdocs expression.

Shared by ``make_library_reference.py`` (which evaluates the library side of each row with the
library itself) and ``tests/test_names_reference.py`` (which evaluates the lossdocs side), so that
both read the equivalences from the page a reader sees, and nowhere else.
"""

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "names.md"
LIBRARIES = ("PyTorch", "Optax", "Keras", "scikit-learn")
CODE = re.compile(r"`([^`]+)`")
ONLY_CODE = re.compile(r"`[^`]+`(, `[^`]+`)*")
NAME = re.compile(r"\b[A-Za-z_]\w*\b")

# The values each variable of the tables takes (docs/names.md, "How to read the tables"): residuals
# from 1e-4 to 1e4 and widths from 0.001 to 1000, so that every row is checked on both sides of
# every width and far from 1.
WIDTHS = (1e-3, 1.0 / 9.0, 1.0, 3.0, 1e3)
GRID = {
    "mode": ("none", "mean", "sum"),
    "d": WIDTHS,
    "b": WIDTHS,
}
DTYPES = ("float64", "float32")
SHAPE = (16, 12)


@dataclass(frozen=True)
class Row:
    """One row of an equivalence table."""

    library: str
    left: str  # the library's cell, as written on the page
    right: str  # the lossdocs cell, as written on the page

    @property
    def calls(self):
        """The library calls of the left cell, or () when the cell is prose."""
        if not ONLY_CODE.fullmatch(self.left):
            return ()
        return tuple(CODE.findall(self.left))

    @property
    def expression(self):
        """The lossdocs expression: the right cell's first code span."""
        found = CODE.search(self.right)
        return found.group(1) if found else None

    def grid(self, text):
        """Every binding of the grid variables that `text` uses (their cartesian product)."""
        used = [name for name in GRID if name in NAME.findall(text)]
        for values in itertools.product(*(GRID[name] for name in used)):
            yield dict(zip(used, values, strict=True))


def rows(page=PAGE):
    """Every row of the page's equivalence tables, in page order."""
    found = []
    library = None
    for line in Path(page).read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            library = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if library is None:
            library = cells[0] if cells[0] in LIBRARIES and cells[1:] == ["lossdocs"] else ""
            continue
        if not library or set(line) <= set("|-: "):
            continue
        if len(cells) != 2:
            raise ValueError(f"{page}: a row of the {library} table needs two cells: {line!r}")
        found.append(Row(library, cells[0], cells[1]))
    return found
