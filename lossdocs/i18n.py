"""The text the gallery's code draws and prints, in each language of the site: one table.

Figure titles, axis labels, legends and printed takeaways go through :func:`tr`, which returns
the English text or its translation for the language that :envvar:`LOSSDOCS_LANGUAGE` selects
(``en``, the default, or ``zh_CN``). Numbers are formatted after translation, so they are the
same in every language. Names of losses (L1, L2, Smooth L1, Huber, …) are not translated: the
source article and Chinese ML writing use them as they are.
"""

import os

__all__ = ["LANGUAGES", "TRANSLATIONS", "language", "tr"]

#: The languages of the site: English, and Simplified Chinese.
LANGUAGES = ("en", "zh_CN")

#: English text -> its translation, per language other than English.
TRANSLATIONS = {
    "zh_CN": {},
}


def language():
    """The language selected by the environment variable ``LOSSDOCS_LANGUAGE`` (default ``en``).

    Examples
    --------
    >>> from lossdocs.i18n import LANGUAGES, language
    >>> language() in LANGUAGES
    True
    """
    chosen = os.environ.get("LOSSDOCS_LANGUAGE", "en") or "en"
    if chosen not in LANGUAGES:
        raise ValueError(
            f"LOSSDOCS_LANGUAGE is {chosen!r}; allowed: {', '.join(map(repr, LANGUAGES))}"
        )
    return chosen


def tr(text):
    """`text` in the selected language; English text has no entry and is returned as it is.

    Parameters
    ----------
    text : str
        The English text, possibly a template for :meth:`str.format`.

    Returns
    -------
    str
        The translation for :func:`language`, or `text` itself in English.

    Raises
    ------
    KeyError
        If a language other than English is selected and `text` has no translation (every
        string the gallery passes here has one; a test checks it).

    Examples
    --------
    >>> from lossdocs.i18n import tr
    >>> tr("loss value")
    'loss value'
    """
    chosen = language()
    if chosen == "en":
        return text
    table = TRANSLATIONS[chosen]
    if text not in table:
        raise KeyError(f"no {chosen} translation for {text!r}: add it to lossdocs.i18n")
    return table[text]
