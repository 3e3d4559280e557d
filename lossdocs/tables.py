"""A table of measured numbers and the verdicts derived from them, rendered as text and HTML."""

from dataclasses import dataclass, field

from lossdocs.words import say

__all__ = ["Table"]


@dataclass(frozen=True)
class Table:
    """A table of measured numbers and verdicts; renders as HTML in notebooks and the gallery.

    Examples
    --------
    >>> from lossdocs.tables import Table
    >>> table = Table(["bounded gradient"], {"L1": [(1.0, "bounded")]})
    >>> table.cell("L1", "bounded gradient")
    (1.0, 'bounded')
    >>> print(table)
       | bounded gradient
    L1 | 1 (bounded)
    """

    columns: list
    rows: dict
    notes: list = field(default_factory=list)

    def cell(self, row, column):
        """The ``(number, verdict)`` in `row` (a loss name) and `column`."""
        return self.rows[row][self.columns.index(column)]

    def __str__(self):
        width = max(len(name) for name in self.rows)
        lines = [" " * width + " | " + " | ".join(say(c) for c in self.columns)]
        for name, cells in self.rows.items():
            text = " | ".join(f"{value:.3g} ({say(verdict)})" for value, verdict in cells)
            lines.append(f"{name:>{width}} | {text}")
        return "\n".join(lines)

    def _repr_html_(self):
        head = "".join(f"<th>{say(column)}</th>" for column in self.columns)
        body = "".join(
            f"<tr><th>{name}</th>"
            + "".join(
                f"<td>{say(verdict)}<br><small>{value:.3g}</small></td>"
                for value, verdict in cells
            )
            + "</tr>"
            for name, cells in self.rows.items()
        )
        notes = "".join(f"<li>{note}</li>" for note in self.notes)
        return (
            f'<table class="lossdocs-table"><thead><tr><th>{say("loss")}</th>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table><ul>{notes}</ul>"
        )
