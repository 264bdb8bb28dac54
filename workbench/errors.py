"""The engine's error type: a code, the field it is about, parameters, and a message in plain words.

An error names what went wrong with a ``code`` (``"spec.port.range"``) and the setting it is
about with a ``field`` (``"port"``), so the window places it under the right control without
matching words and renders it in the student's language from the catalog
(``workbench/messages.toml``, English and Simplified Chinese). ``str(error)`` is the English
text; ``error.text(lang)`` renders another language.
"""

from __future__ import annotations

from typing import Any

from workbench.messages import catalog, render


class WorkbenchError(Exception):
    """A problem a student can fix, with a message in plain words, never a traceback.

    Raised for invalid specs ("port must be 0-65535") and for operations the operating
    system refused ("port 8000 is already in use").
    """

    def __init__(self, code: str, /, *, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.field = field
        self.params = params
        super().__init__(render(code, params, "en"))

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` ("en", "zh_CN"; None: the process's language)."""
        if self.code not in catalog():  # a message built before it had a code: as it was made
            return str(self)
        return render(self.code, self.params, lang)

    def to_dict(self) -> dict[str, Any]:
        """What the host sends the window: message (English), code, field and params."""
        return {
            "message": str(self),
            "code": self.code,
            "field": self.field,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkbenchError:
        params = data.get("params") or {}
        return cls(str(data.get("code") or "error"), field=data.get("field"), **params)


class SpecError(WorkbenchError):
    """A ServerSpec or ClientSpec that cannot work, caught before any socket exists."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)
