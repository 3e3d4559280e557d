"""
The robust family, measured: convexity, bounded influence, uniqueness
=====================================================================

The computed Table 1 compared four losses. This table adds the robust family: pseudo-Huber,
log-cosh, and Barron's Cauchy, Geman-McClure and Welsch losses. Each cell is a number measured
by :func:`lossdocs.family.family_table`, with the verdict a stated threshold derives
from it.
"""

# %%
# The table
# ---------
from lossdocs.family import family_table

table = family_table()
table

# %%
# What the columns measure
# ------------------------
# - **convex**: the least curvature of the loss over [-10, 10], from second differences. A
#   convex loss gives one basin to descend into.
# - **bounded influence**: how the gradient grows from a residual of 1000 to one of a million:
#   1 if capped, 1000 if it grows like the residual, near 0 if it redescends.
# - **unique minimiser**: the best constant for ten points in two groups (six near 0, four near
#   8), counted on a fine grid: one local minimum, or several, or a flat interval.
print(table)

# %%
# Takeaway
# --------
rows = table.rows
convex_and_bounded = [
    name
    for name, cells in rows.items()
    if cells[0][1] == "convex" and cells[1][1] == "bounded"
]
several = [
    name
    for name, cells in rows.items()
    if cells[2][1].startswith("not unique (")
]
print(
    "convex, bounded influence and a unique minimiser here:",
    ", ".join(n for n in convex_and_bounded if rows[n][2][1] == "unique"),
)
print("not unique:", ", ".join(several))

# %%
# No loss gets everything: bounded influence with convexity (Smooth L1, Huber, pseudo-Huber,
# log-cosh) still lets gross outliers pull a little; the redescending losses stop that pull but
# give up convexity, and with it the unique answer.
