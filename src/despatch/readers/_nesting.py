"""Markup nested deeper than the readers follow: a clear error, never a traceback or lost text.

The readers walk elements recursively, which follows a few hundred levels; no edition or web
page nests its text that deep (FRUS nests a few dozen), but a damaged or generated file can.
"""

from __future__ import annotations

from lxml import etree

from ..errors import TOO_DEEP_FOR_LIBXML2, InputError

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def nested_too_deeply(el: etree._Element) -> InputError:
    """The error for ``el``, whose walk ran out of recursion: its depth, at the line of its
    deepest element. The caller names the file (``InputError.in_file``)."""
    depth = deepest_depth = 0
    deepest = el
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth > deepest_depth:
            deepest, deepest_depth = node, depth
    name = etree.QName(el).localname if isinstance(el.tag, str) else "?"
    where = el.get(_XML_ID) or el.get("id") or f"<{name}>"
    return InputError(
        f"markup nested {deepest_depth} levels deep in {where}: too deep to read",
        line=deepest.sourceline,
    )


def parser_depth_error(log: etree._ListErrorLog, source: str) -> InputError | None:
    """libxml2 stops at its nesting limit and, recovering, drops the rest of the file
    silently: say so instead."""
    for entry in log:
        if "Excessive depth" in entry.message:
            return InputError(TOO_DEEP_FOR_LIBXML2, source, entry.line)
    return None
