"""The documentation holds: a short README for users, and no citation that leads outside the
repository (issue 13). Every fact a comment relies on is in ``docs/``, and every ``docs/``
file named anywhere exists."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".git", ".venv", "node_modules", "staticfiles", "media", "test-artifacts"}
CODE_SUFFIXES = {".py", ".js", ".html"}
# Built from pieces so that this file does not match itself.
OUTSIDE = re.compile("|".join([re.escape("research" + "/"), re.escape(".." + "/shared")]))
SPEC_CITATION = re.compile(r"\b" + "S" + "PEC" + r"\b")
DOCS_PATH = re.compile(r"\bdocs/[\w./-]+?\.md\b")


def _files(suffixes: set[str]) -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        found += [Path(folder, n) for n in names if Path(n).suffix in suffixes]
    return found


def test_readme_is_at_most_250_lines():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines; move reference into docs/"


def test_no_code_cites_a_file_outside_the_repository():
    offenders = []
    for path in _files(CODE_SUFFIXES):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line) or SPEC_CITATION.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "cite docs/ instead:\n" + "\n".join(offenders)


def test_every_docs_file_named_in_the_code_and_the_docs_exists():
    missing = []
    for path in _files(CODE_SUFFIXES | {".md"}):
        for name in set(DOCS_PATH.findall(path.read_text(encoding="utf-8"))):
            if not (ROOT / name).is_file():
                missing.append(f"{path.relative_to(ROOT)} names {name}")
    assert not missing, "\n".join(missing)


def test_every_environment_variable_of_the_settings_is_documented():
    read = set()
    for path in (ROOT / "landinghub" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', path.read_text("utf-8")))
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    undocumented = sorted(name for name in read if f"`{name}`" not in documented)
    assert not undocumented, f"add to docs/settings.md: {undocumented}"
