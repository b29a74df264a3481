"""pyproject.toml is the single source of dependencies; environment.yml and the
lock file must agree with it."""

import re

import lcanalysis as lca

ROOT = lca.paths.ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ;\[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_packages() -> set[str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
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
