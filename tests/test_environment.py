"""pyproject.toml is the single source of dependencies; environment.yml and the
lock file must agree with it."""

import re
import sys
import tomllib

import lcanalysis as lca

ROOT = lca.paths.ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ;\[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def pyproject_packages() -> set[str]:
    meta = _project()
    specs = list(meta["dependencies"]) + [s for v in meta["optional-dependencies"].values() for s in v]
    return {_name(s) for s in specs}


def environment_packages() -> set[str]:
    names = set()
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+)", line)
        if m and m.group(1) not in ("pip", "python", "-e"):
            names.add(_name(m.group(1)))
    return names


def test_environment_yml_mirrors_pyproject():
    assert environment_packages() == pyproject_packages()


def test_lock_pins_every_dependency():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {_name(m.group(1)) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==", lock, re.M)}
    assert pyproject_packages() <= pinned


def test_one_python_version_is_named_everywhere():
    """requires-python, environment.yml, run.sh and the README name the version
    whose outputs the repository holds, and the tests run on it."""
    assert _project()["requires-python"] == ">=3.11,<3.12"
    assert "  - python=3.11" in (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "sys.version_info[:2] != (3, 11)" in (ROOT / "run.sh").read_text(encoding="utf-8")
    assert "Python 3.11" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert sys.version_info[:2] == (3, 11)
