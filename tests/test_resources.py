"""The resource layer: every data file is read through `load_toml`, checked against its schema
as it loads, and any fault is one `ResourceError` line naming the file and the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.core.articles import clean
from dateline.core.errors import DatelineError
from dateline.core.resource_schemas import SCHEMAS
from dateline.core.resources import ResourceError, data_dir, key_line, load_toml
from dateline.core.temporal import resources as temporal_resources

DATA = Path(__file__).resolve().parent.parent / "data"
GAZETTEERS = {"actors.toml", "countries.toml", "countries_extra.toml"}  # core/entities/gazetteer


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _error(path: Path, load=load_toml) -> ResourceError:
    with pytest.raises(ResourceError) as caught:
        load(path)
    error = caught.value
    assert isinstance(error, DatelineError)
    assert "\n" not in str(error)
    return error


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.toml")))
def test_resources_every_bundled_file_has_a_schema_and_fits_it(name):
    assert name in SCHEMAS or name in GAZETTEERS
    assert isinstance(load_toml(data_dir() / name), dict)


def test_resources_malformed_toml_names_file_and_line(tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text("[verbs.assert]\nsay = [\"said\"\n", encoding="utf-8")
    error = _error(path)
    assert str(error).startswith(f"{path}:3: invalid TOML")


def _copy(tmp_path: Path, name: str, edit) -> tuple[Path, str]:
    text = edit((DATA / name).read_text(encoding="utf-8"))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, text


def test_resources_unknown_key_names_its_line(tmp_path):
    path, text = _copy(tmp_path, "clean.toml",
                       lambda t: t.replace("[title]\n", "[title]\nmax_wrods = 3\n", 1))
    error = _error(path)
    assert str(error) == f"{path}:{_line_of(text, 'max_wrods')}: unknown key title.max_wrods"


def test_resources_missing_key_names_its_table(tmp_path):
    # issue 8: this was "analysis failed: KeyError: 'speech_verbs'" with no file named
    path, text = _copy(tmp_path, "clean.toml",
                       lambda t: re.sub(r"(?m)^speech_verbs = \[[^\]]*\]\n", "", t))
    error = _error(path, clean.load_rules)
    assert str(error) == f"{path}:{_line_of(text, '[sentences]')}: missing key " \
                         "sentences.speech_verbs"


def test_resources_wrong_type_names_its_line(tmp_path):
    path, text = _copy(tmp_path, "claims.toml", lambda t: t.replace(
        "continuation_min_words = 3", 'continuation_min_words = "three"'))
    error = _error(path)
    assert error.line == _line_of(text, "continuation_min_words =")
    assert error.problem == "quotes.continuation_min_words must be an integer"


def _rules_copy(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return _copy(tmp_path, "temporal_rules.toml", edit)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('normalise = "month_year"', 'normalise = "month_yaer"',
         "rule 'month_year': unknown normaliser 'month_yaer'"),
        ("(?P<month>{month}),?\\s+(?:of\\s+)?(?P<year>{year4})",
         "(?P<month>{month}),?\\s+(?:of\\s+)?(?P<yr>{year4})",
         "rule 'month_year': normaliser 'month_year' reads group 'year', which the pattern "
         "lacks"),
        ("(?P<month>{month}),?\\s+(?:of\\s+)?", "(?P<month>{mnth}),?\\s+(?:of\\s+)?",
         "rule 'month_year': unknown macro {mnth}"),
    ],
    ids=["unknown normaliser", "missing group", "unknown macro"],
)
def test_resources_bad_temporal_rule_names_its_line(tmp_path, old, new, problem):
    path, text = _rules_copy(tmp_path, old, new)
    error = _error(path, lambda p: temporal_resources.load_resources(rules_file=p))
    assert error.problem == problem
    assert error.line == _line_of(text, new)


@pytest.mark.parametrize(
    ("text", "keys", "line"),
    [
        ('[a]\nx = 1\n[b.c]\n"y z" = 2\n', ["b", "c", "y z"], 4),
        ("[[rules]]\nname = 1\n[[rules]]\nname = 2\n", ["rules", 1, "name"], 4),
        ("[a]\nx = 1\n", ["a", "missing"], 1),  # not written: the table's header
    ],
)
def test_resources_key_line_finds_keys_tables_and_array_items(text, keys, line):
    assert key_line(text, keys) == line
