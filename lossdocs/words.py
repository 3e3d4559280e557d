"""The text the library and the gallery show, in the language that ``LOSSDOCS_LANGUAGE`` names."""

import os
import re
import textwrap
import unicodedata

__all__ = ["LANGUAGES", "fill", "language", "pad", "say"]

#: The languages :func:`say` writes: English (the source text) and Simplified Chinese.
LANGUAGES = ("en", "zh_CN")


def language():
    """The language named by the environment variable ``LOSSDOCS_LANGUAGE``; English if unset.

    Examples
    --------
    >>> from lossdocs.words import language
    >>> language() in ("en", "zh_CN")
    True
    """
    name = os.environ.get("LOSSDOCS_LANGUAGE") or "en"
    if name not in LANGUAGES:
        raise ValueError(f"LOSSDOCS_LANGUAGE must be one of {LANGUAGES}; got {name!r}")
    return name


def say(text, /, **fields):
    """`text` in the current :func:`language`, with `fields` formatted into it.

    The English `text` is the key of the table of translations (``lossdocs.words_zh``);
    fields are filled in after translation, with the template's format specifications, so
    every number is formatted alike in both languages. A true or false field reads "yes" or
    "no" (是 or 否), not Python's True or False.

    Parameters
    ----------
    text : str
        The English text, a ``str.format`` template if `fields` are given.
    **fields
        The values to format into the template.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        In Chinese, if `text` has no translation (the build then fails rather than show
        English).
    ValueError
        If ``LOSSDOCS_LANGUAGE`` names a language other than those in :data:`LANGUAGES`.

    Examples
    --------
    >>> from lossdocs.words import say
    >>> say("{n} steps", n=12)
    '12 steps'
    >>> say("converged: {ok}", ok=True)
    'converged: yes'
    """
    if language() == "zh_CN":
        from lossdocs.words_zh import CHINESE

        try:
            text = CHINESE[text]
        except KeyError:
            raise KeyError(
                f"no Chinese translation for {text!r}; add it to lossdocs/words_zh.py (CHINESE)"
            ) from None
    if not fields:
        return text
    fields = {key: _yes_or_no(value) for key, value in fields.items()}
    return text.format(**fields)


def _yes_or_no(value):
    """A truth value as a word ("yes", "no") in the current language; anything else as it is."""
    numpy_bool = getattr(value, "dtype", None) == bool and getattr(value, "ndim", None) == 0
    if isinstance(value, bool) or numpy_bool:
        return say("yes") if value else say("no")
    return value


def fill(text, width=80):
    """`text` wrapped to `width` terminal columns; a Chinese character takes two.

    English breaks at spaces, as ``textwrap.fill`` does; Chinese may break between any
    two characters, but not before a closing punctuation mark.

    Examples
    --------
    >>> from lossdocs.words import fill
    >>> print(fill("one two three", width=8))
    one two
    three
    >>> print(fill("离群点的梯度占比为 50%。", width=12))
    离群点的梯度
    占比为 50%。
    """
    if not any(_columns(char) == 2 for char in text):
        return textwrap.fill(text, width=width)
    # Tokens: a Chinese character (with the punctuation that follows it) or a run of other
    # characters up to and including its spaces.
    tokens = re.findall(
        r"[\u3000-\u9fff\uff00-\uffef][，。；：、）」！？]*|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+",
        text,
    )
    lines, line = [], ""
    for token in tokens:
        if line and _columns(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    lines.append(line.rstrip())
    return "\n".join(lines)


def pad(text, width):
    """`text` right-aligned in `width` terminal columns, a Chinese character taking two.

    ``f"{text:>{width}}"`` counts characters, which misaligns a printed table in Chinese.

    Examples
    --------
    >>> from lossdocs.words import pad
    >>> pad("loss", 6), pad("损失", 6)
    ('  loss', '  损失')
    """
    return " " * max(width - _columns(text), 0) + text


def _columns(text):
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
