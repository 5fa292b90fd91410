"""Narrative lookup for composers: the config's text for a section, else the packaged default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spmdocs.narrative import NarrativeRenderer
from spmdocs.yamlsrc import read_yaml


class NarrativeTexts:
    """Renders ``narasi.<key>`` from the config, or ``<key>`` from a packaged defaults file.

    Problems land in the renderer with the right location: the config's YAML key and line for a
    clerk's text, the defaults file's key for packaged text.
    """

    def __init__(self, narasi: Any, defaults_file: Path, renderer: NarrativeRenderer):
        self.narasi = narasi
        self.defaults = read_yaml(defaults_file).data
        self.renderer = renderer

    def text(self, key: str, extra: dict | None = None) -> str:
        own = getattr(self.narasi, key, None)
        if own is not None:
            return self.renderer.render(own, ("narasi", key), extra=extra)
        return self.renderer.render(self.defaults[key], (key,), from_config=False, extra=extra)

    def items(self, key: str) -> list[str]:
        own = getattr(self.narasi, key, None)
        if own is not None:
            return [self.renderer.render(item, ("narasi", key, i)) for i, item in enumerate(own)]
        return [self.renderer.render(item, (key, i), from_config=False)
                for i, item in enumerate(self.defaults[key])]

    def bidang(self, kode: str, key: str, extra: dict) -> str:
        own = self.narasi.bidang.get(kode)
        text = getattr(own, key, None) if own is not None else None
        if text is not None:
            return self.renderer.render(text, ("narasi", "bidang", kode, key), extra=extra)
        return self.renderer.render(self.defaults["bidang"][key], ("bidang", key), from_config=False,
                                    extra=extra)
