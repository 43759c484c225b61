"""Reading a shard's students.json for `plp merge`, strictly: a missing, unreadable or malformed file is an error
that says which file and what is wrong, so a merged dashboard never silently leaves students out.

(The build's own reader, `staff.records_from_json`, stays lenient: a damaged file there only means that students
not built this time lose their old row until the next full build.)
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Any

from plp_site.display import clip, visible
from plp_site.staff import StaffRecord

__all__ = ["ShardError", "read_shard"]

STAFF_DATA = "students.json"


class ShardError(Exception):
    """A shard's staff data cannot be merged; the message names the file and what is wrong, in one line."""


def read_shard(folder: Path, shown: str) -> list[StaffRecord]:
    """The records of one shard's --staff-out folder; raise ShardError naming `shown` (the folder as the user
    knows it) and the reason when the folder or its students.json is missing, unreadable or malformed."""
    path = folder / STAFF_DATA
    where = f"{shown.rstrip('/')}/{STAFF_DATA}"
    if not folder.is_dir():
        raise ShardError(f"{shown}: there is no such folder (give the --staff-out folder of each shard build)")
    if not path.exists():
        raise ShardError(f"{where}: the file is missing (is {shown} the --staff-out folder of a shard build?)")
    try:
        items = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise ShardError(f"{where}: the file cannot be read: {(error.strerror or 'an error').lower()}") from None
    except UnicodeDecodeError as error:
        raise ShardError(f"{where}: the file is not UTF-8 text (byte {error.start + 1} cannot be read)") from None
    except json.JSONDecodeError as error:
        raise ShardError(f"{where}: the file is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}") from None
    except (ValueError, RecursionError) as error:  # a number too long to read, lists nested too deep
        raise ShardError(f"{where}: the file is not JSON plp can read: {visible(clip(str(error), 120))}") from None
    if not isinstance(items, list):
        raise ShardError(f"{where}: the file must hold a list of students, but it holds {_kind(items)}")
    return [_record(item, number, where) for number, item in enumerate(items, start=1)]


def _record(item: object, number: int, where: str) -> StaffRecord:
    """One student's record, checked field by field against StaffRecord."""
    if not isinstance(item, dict):
        raise ShardError(f"{where}: student {number} must be an object of fields, but it is {_kind(item)}")
    student_id = item.get("id")
    who = f"student {number} ({visible(clip(student_id))})" if isinstance(student_id, str) else f"student {number}"
    hints = typing.get_type_hints(StaffRecord)
    fields = {field.name: field for field in dataclasses.fields(StaffRecord)}
    unknown = sorted(str(name) for name in item if name not in fields)
    if unknown:
        names = ", ".join(visible(clip(name)) for name in unknown)
        raise ShardError(f"{where}: {who} has fields plp does not know: {names} (was the shard built by another plp version?)")
    values: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in item:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise ShardError(f"{where}: {who} has no '{name}'")
            continue
        value = item[name]
        if not _fits(value, hints[name]):
            raise ShardError(f"{where}: {who}: '{name}' must be {_expected(hints[name])}, but it is {_kind(value)}")
        values[name] = tuple(value) if typing.get_origin(hints[name]) is tuple else value
    return StaffRecord(**values)


def _fits(value: object, hint: Any) -> bool:
    """Whether a JSON value fits a field's type (the JSON kinds only: text, numbers, true/false, null, lists, objects)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in args)
    if origin in (tuple, list):
        return isinstance(value, list) and all(_fits(element, args[0]) for element in value)
    if origin is dict:
        return isinstance(value, dict) and all(isinstance(k, str) and _fits(v, args[1]) for k, v in value.items())
    simple: dict[Any, tuple[type, ...]] = {str: (str,), bool: (bool,), type(None): (type(None),), float: (int, float)}
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return hint in simple and isinstance(value, simple[hint]) and not (hint is float and isinstance(value, bool))


def _expected(hint: Any) -> str:
    """A field's type in words: "a whole number or null", "a list of text"."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_expected(arg) for arg in args)
    if origin in (tuple, list):
        return f"a list of {_expected(args[0])}"
    if origin is dict:
        return f"an object whose values are {_expected(args[1])}"
    words = {str: "text", int: "a whole number", bool: "true or false", float: "a number", type(None): "null"}
    return words.get(hint, "something plp cannot check")


def _kind(value: object) -> str:
    """A JSON value in words, with a short quote of text and numbers."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {clip(str(value))}"
    if isinstance(value, str):
        return f'the text "{visible(clip(value))}"'
    return "a list" if isinstance(value, list) else "an object"
