"""lossdocs.words: the language setting picks the text, from one table of Chinese strings."""

import ast
import re
import string
from pathlib import Path

import numpy as np
import pytest

from lossdocs.words import LANGUAGES, fill, language, say
from lossdocs.words_zh import CHINESE

ROOT = Path(__file__).parents[1]


def test_english_is_the_default(monkeypatch):
    monkeypatch.delenv("LOSSDOCS_LANGUAGE", raising=False)
    assert language() == "en"
    assert say("learning rate") == "learning rate"
    # English needs no table entry: the text is its own key.
    assert say("a sentence nobody translated") == "a sentence nobody translated"


def test_english_fields_are_formatted(monkeypatch):
    monkeypatch.setenv("LOSSDOCS_LANGUAGE", "en")
    assert say("{n} steps", n=12) == "12 steps"
    assert say("{share:.0%} of {n:,}", share=0.25, n=12345) == "25% of 12,345"


def test_chinese_text_comes_from_the_table(monkeypatch):
    monkeypatch.setenv("LOSSDOCS_LANGUAGE", "zh_CN")
    assert language() == "zh_CN"
    assert say("learning rate") == "学习率"
    assert say("outliers") == "离群点"
    assert say("holds") == "成立"


def test_chinese_fields_are_formatted_after_translation(monkeypatch):
    monkeypatch.setenv("LOSSDOCS_LANGUAGE", "zh_CN")
    assert say("{n} steps", n=12) == "12 步"
    # The template's format specification applies in Chinese too: the same number text.
    text = say("within {t:g}", t=0.001)
    assert text == "误差 0.001 以内"


def test_a_missing_chinese_entry_is_an_error_naming_it(monkeypatch):
    monkeypatch.setenv("LOSSDOCS_LANGUAGE", "zh_CN")
    with pytest.raises(KeyError, match="a sentence nobody translated"):
        say("a sentence nobody translated")


@pytest.mark.parametrize("setting", ["fr", "zh", "ZH_CN", "english"])
def test_an_unknown_language_is_an_error_naming_the_allowed_ones(monkeypatch, setting):
    monkeypatch.setenv("LOSSDOCS_LANGUAGE", setting)
    with pytest.raises(ValueError, match=r"'en', 'zh_CN'") as raised:
        say("learning rate")
    assert repr(setting) in str(raised.value)


def test_the_languages_are_english_and_chinese():
    assert LANGUAGES == ("en", "zh_CN")


def _fields(text):
    return sorted(
        (name, spec, conversion)
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def _words(text):
    """English words of `text`: runs of 3+ letters outside fields, loss names and math."""
    text = re.sub(r"\{[^{}]*\}|\$[^$]*\$", " ", text)
    for name in ("Smooth", "Huber", "Proposal", "Welsch", "RANSAC", "Theil-Sen", "lossdocs"):
        text = text.replace(name, " ")
    return re.findall(r"[A-Za-z]{3,}", text)


def test_each_translation_has_the_same_fields_and_is_chinese():
    wrong_fields, not_chinese = [], []
    for english, chinese in CHINESE.items():
        # The same fields with the same format: numbers read the same in both editions.
        if sorted(set(_fields(chinese))) != sorted(set(_fields(english))):
            wrong_fields.append(english)
        if _words(english) and not re.search(r"[\u4e00-\u9fff]", chinese):
            not_chinese.append(english)
    assert not wrong_fields
    assert not not_chinese


def _said_strings():
    """Every literal first argument of say() in the library and the examples."""
    paths = [*(ROOT / "lossdocs").glob("*.py"), *(ROOT / "examples").glob("plot_*.py")]
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "say"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                yield path.name, node.args[0].value
    # The pages' code cells (MyST), whose strings are single literals.
    for path in (ROOT / "docs").glob("*.md"):
        for text in re.findall(r'\bsay\(\s*"((?:[^"\\]|\\.)*)"[,)]', path.read_text("utf-8")):
            yield path.name, ast.literal_eval(f'"{text}"')


def test_every_literal_said_string_has_a_chinese_entry():
    said = list(_said_strings())
    assert len(said) > 200  # the examples and the verdicts all speak through say()
    missing = sorted({text for _, text in said if text not in CHINESE})
    assert not missing


def test_fill_counts_a_chinese_character_as_two_columns():
    english = "word " * 40
    assert max(len(line) for line in fill(english, width=80).splitlines()) <= 80
    chinese = "离群点" * 40
    assert max(len(line) for line in fill(chinese, width=80).splitlines()) <= 40


@pytest.mark.parametrize(("language", "yes", "no"), [("en", "yes", "no"), ("zh_CN", "是", "否")])
def test_truth_values_read_as_words(monkeypatch, language, yes, no):
    monkeypatch.setenv("LOSSDOCS_LANGUAGE", language)
    for template in ("{a}", "{a} {b:.1f} {c}"):  # the same in both languages
        monkeypatch.setitem(CHINESE, template, template)
    assert say("{a}", a=True) == yes
    assert say("{a}", a=np.bool_(False)) == no
    # Anything else is formatted as it is: numbers (0 and 1 too) and arrays of truth values.
    assert say("{a} {b:.1f} {c}", a=1, b=np.float64(0.0), c=np.array([True, False])) == (
        "1 0.0 [ True False]"
    )
