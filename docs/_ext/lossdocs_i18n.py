"""Glued numbers in translated paragraphs: myst-nb's glue roles find the page's own data.

Sphinx translates a paragraph by parsing its translation as a small document of its own. For a
MyST-NB page that small document has no notebook, so a ``{glue:text}`` role in the translation
would find no glued value. This extension remembers each page's notebook renderer the first
time a role of the page itself reads a value (myst-nb drops it from the page once the page is
parsed), and lets a role in a translated paragraph of that page read the page's values. Nothing
else changes: the same values, formatted by the same role, in either language.
"""

from myst_nb.ext.glue import directives, roles, utils

_PAGE_RENDERERS = {}
_retrieve = utils.retrieve_glue_data


def _retrieve_from_page(document, key):
    env = getattr(document.settings, "env", None)
    translated = "<translated>" in str(document.get("source", ""))
    if env is not None and not translated and "nb_renderer" in document:
        _PAGE_RENDERERS[env.docname] = document["nb_renderer"]
    try:
        return _retrieve(document, key)
    except utils.RetrievalError:
        page = _PAGE_RENDERERS.get(env.docname) if env is not None and translated else None
        if page is None:
            raise
        return _retrieve({"nb_renderer": page}, key)


def setup(app):
    for module in (utils, roles, directives):
        module.retrieve_glue_data = _retrieve_from_page
    return {"parallel_read_safe": False, "parallel_write_safe": True}
