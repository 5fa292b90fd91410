"""The demo document as a fixture for the renderer tests."""

from __future__ import annotations

import pytest
from demo_document import build_demo_document

from spmdocs.model import Document


@pytest.fixture
def demo_document() -> Document:
    return build_demo_document()
