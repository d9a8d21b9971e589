"""The code's shape: no module grows past 400 lines without saying why at its top."""

from __future__ import annotations

import ast

from conftest import PROJECT

LIMIT = 400


def test_every_long_module_says_why_it_is_long() -> None:
    modules = sorted((PROJECT / "src" / "kg").rglob("*.py"))
    assert len(modules) > 40
    unexplained = []
    for module in modules:
        text = module.read_text(encoding="utf-8")
        if text.count("\n") <= LIMIT:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if f"over {LIMIT} lines" not in docstring.casefold():
            unexplained.append(f"{module.relative_to(PROJECT)} ({text.count(chr(10))} lines)")
    assert not unexplained, "split these, or say at their top why not: " + ", ".join(unexplained)
