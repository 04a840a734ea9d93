"""Posted form values, kept as typed so that a refused form can be shown again unchanged."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from starlette.datastructures import FormData

# Forms here hold a few answers and at most one note; a body larger than this is not ours.
MAX_FIELDS = 200
MAX_FIELD_CHARS = 20_000


@dataclass(frozen=True)
class FormValues:
    """What a form sent: every field's values, in order."""

    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, data: FormData | Mapping[str, str]) -> "FormValues":
        """Return the values of posted form ``data`` (uploads are left out)."""
        fields: dict[str, list[str]] = {}
        items: Iterable[tuple[str, object]] = (
            data.multi_items() if isinstance(data, FormData) else data.items()
        )
        for name, value in items:
            if isinstance(value, str):
                fields.setdefault(name, []).append(value[:MAX_FIELD_CHARS])
        return cls({name: tuple(values) for name, values in fields.items()})

    def get(self, name: str, default: str = "") -> str:
        """Return the first value of ``name``."""
        values = self.fields.get(name)
        return values[0] if values else default

    def all(self, name: str) -> tuple[str, ...]:
        """Return every value of ``name`` (checkbox groups)."""
        return self.fields.get(name, ())

    def has(self, name: str) -> bool:
        """Return whether ``name`` was sent (a ticked checkbox)."""
        return name in self.fields

    def without(self, *names: str) -> "FormValues":
        """Return these values without ``names`` (never echo a password or token back)."""
        return FormValues({k: v for k, v in self.fields.items() if k not in names})

    def items(self) -> list[tuple[str, str]]:
        """Return (name, value) pairs in order, for hidden fields that carry a form over."""
        return [(name, value) for name, values in self.fields.items() for value in values]


@dataclass
class FieldErrors:
    """Problems with a form, per field name; the page shows each next to its field."""

    errors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        """Record the first problem of a field."""
        self.errors.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def get(self, name: str) -> str | None:
        """Return the problem of one field."""
        return self.errors.get(name)
