"""Reading and writing record files: private (0600), whole or not at all."""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from nabij.cli.errors import UserError
from nabij.instruments.errors import InputError, problem_text
from nabij.instruments.record import CoupleRecord, dump_record, loads, parse_record

# Records are small (a year of check-ins of two people is well under a megabyte); a limit
# keeps a wrong file from filling the memory before it is refused.
MAX_FILE_BYTES = 20 * 1024 * 1024


def read_text(path: Path, _: Callable[[str], str]) -> str:
    """Return a file's UTF-8 text, or a ``UserError`` saying plainly why it cannot be read."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError(
                _("{path}: this file is too large for a nabij record.").format(path=path)
            )
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(_("{path}: this file does not exist.").format(path=path)) from None
    except IsADirectoryError:
        raise UserError(_("{path}: this is a folder, not a file.").format(path=path)) from None
    except PermissionError:
        raise UserError(_("{path}: nabij may not read this file.").format(path=path)) from None
    except UnicodeDecodeError:
        raise UserError(_("{path}: this file is not UTF-8 text.").format(path=path)) from None


def read_record(path: Path, _: Callable[[str], str]) -> CoupleRecord:
    """Read and validate one record file; a problem in it is named with the file's path."""
    try:
        return parse_record(read_text(path, _))
    except InputError as error:
        raise UserError(f"{path}: {problem_text(error, _)}") from None


def read_json(path: Path, _: Callable[[str], str]) -> object:
    """Read a JSON file strictly (an answers file)."""
    return loads(read_text(path, _))


def check_writable(path: Path, _: Callable[[str], str]) -> None:
    """Refuse early a file nabij could not write, before anyone types answers for it."""
    if path.is_dir():
        raise UserError(_("{path}: this is a folder, not a file.").format(path=path))
    folder = path.resolve().parent
    if not folder.is_dir():
        raise UserError(_("{path}: the folder for this file does not exist.").format(path=path))
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UserError(_("{path}: nabij may not write here.").format(path=path))


def write_private(path: Path, text: str, _: Callable[[str], str]) -> None:
    """Write ``text`` to ``path`` with mode 0600, replacing the file in one step.

    A temporary file in the same folder is written, flushed to disk and then renamed over the
    old one, so a crash leaves either the old record or the new one, never half of either.
    """
    folder = path.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except FileNotFoundError:
        raise UserError(
            _("{path}: the folder for this file does not exist.").format(path=path)
        ) from None
    except PermissionError:
        raise UserError(_("{path}: nabij may not write here.").format(path=path)) from None
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_record(path: Path, record: CoupleRecord, _: Callable[[str], str]) -> None:
    """Write a record file privately."""
    write_private(path, dump_record(record), _)
