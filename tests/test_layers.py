"""The layers of CONTRACTS §8 are checked by import-linter; these tests keep its contract honest."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE_LAYERS = ("model", "instruments", "engine", "coach", "conversation")


def contracts() -> list[dict[str, object]]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        found: list[dict[str, object]] = tomllib.load(handle)["tool"]["importlinter"]["contracts"]
    return found


def test_every_pure_layer_that_exists_is_kept_free_of_frameworks() -> None:
    forbidden = next(c for c in contracts() if c["type"] == "forbidden")
    listed = set(forbidden["source_modules"])  # type: ignore[arg-type]
    for layer in PURE_LAYERS:
        if (ROOT / "src" / "nabij" / layer).is_dir():
            assert f"nabij.{layer}" in listed, f"add nabij.{layer} to the forbidden contract"


def test_the_import_contracts_catch_a_pure_layer_importing_the_terminal(tmp_path: Path) -> None:
    # A copy of the package where the engine imports Rich must break the contract.
    source = ROOT / "src"
    copy = tmp_path / "src"
    subprocess.run(["cp", "-r", str(source), str(copy)], check=True)
    bad = copy / "nabij" / "engine" / "leak.py"
    bad.write_text("import rich\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    lint = Path(sys.executable).with_name("lint-imports")
    broken = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "nabij.engine.leak -> rich" in broken.stdout
    kept = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert kept.returncode == 0, kept.stdout
