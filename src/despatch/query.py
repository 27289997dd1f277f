"""The query language: a small, strict syntax compiled to tantivy queries.

User text is never handed to tantivy's own query parser as syntax: every word and phrase is
quoted before the field analyzer sees it, so ``title:x`` or ``[a TO b]`` are just words.
Supported: words (all must match), ``"phrases"``, ``AND``/``OR``/``NOT`` (upper case),
``-word``, ``prefix*``, parentheses, and a word, phrase or prefix in one field
(``title:``, ``body:``, ``notes:``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import tantivy

from .errors import QueryError
from .snippets import Highlight, highlighter
from .store.index import ANALYZER, analyze, fold, pair_term

__all__ = [
    "Node",
    "compile_query",
    "highlight_query",
    "parse_query",
    "query_phrases",
    "query_terms",
]

_FIELDS = ["title", "body", "notes"]
_BOOSTS = {"title": 3.0, "body": 1.0, "notes": 0.6}
_TOKEN = re.compile(
    r'\s*(?:(?:(title|body|notes|footnotes):(?=\S))?(")|(\()|(\))|(-)(?=\S)|([^\s()"]+))'
)
# a word, phrase or prefix searched in one field: "title:Okinawa", "notes:\"Central Files\""
_FIELD_NAMES = {"title": "title", "body": "body", "notes": "notes", "footnotes": "notes"}
_IN_FIELD = re.compile(r"(title|body|notes|footnotes):(.+)")
MAX_QUERY_TOKENS = 1_000  # words, phrases and operators in one query
MAX_QUERY_DEPTH = 32  # parentheses and NOTs inside one another
# words typed side by side score more where the texts print them so: the word pair's own
# score, doubled (bench/relevance.py measures it, with and without; a weight of 1 or 3 ranked
# fewer or hardly more of the known items first)
PROXIMITY = True
PAIR_BOOST = 2.0


# -- parsing -------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    """A parsed query, or a part of one: a word, phrase or prefix, or an operator over its
    ``children``."""

    kind: str  # word | phrase | prefix | and | or | not
    text: str = ""
    children: tuple[Node, ...] = ()
    field: str | None = None  # "title:", "body:", "notes:" before a word, phrase or prefix


def _tokens(query: str) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    pos, end_of_words = 0, len(query.rstrip())
    while pos < end_of_words:
        if len(out) >= MAX_QUERY_TOKENS:  # and there is more to read
            raise QueryError(f"query too long (at most {MAX_QUERY_TOKENS} words and operators)")
        m = _TOKEN.match(query, pos)
        if not m:  # pragma: no cover - the pattern matches any non-space character
            raise QueryError(f"cannot read the query at character {pos + 1}")
        if m.group(2):
            end = query.find('"', m.end())
            if end < 0:
                raise QueryError(f"unclosed quote at character {m.start(2) + 1}")
            field = _FIELD_NAMES[m.group(1)] if m.group(1) else None
            out.append(("phrase", query[m.end() : end], field))
            pos = end + 1
            continue
        if m.group(3):
            out.append(("(", "("))
        elif m.group(4):
            out.append((")", ")"))
        elif m.group(5):
            out.append(("NOT", "-"))
        else:
            word, field = m.group(6), None
            if in_field := _IN_FIELD.fullmatch(word):
                word, field = in_field.group(2), _FIELD_NAMES[in_field.group(1)]
            if word in ("AND", "OR", "NOT") and field is None:
                out.append((word, word))
            elif word.endswith("*") and len(word.rstrip("*")) > 0:
                if len(_prefix_letters(word.rstrip("*"))) < 2:
                    raise QueryError(
                        f"prefix {word.rstrip('*')!r}* is too short (two letters at least)"
                    )
                out.append(("prefix", word.rstrip("*"), field))
            else:
                out.append(("word", word, field))
        pos = m.end()
    return out


def parse_query(query: str) -> Node | None:
    """Parse a user query; ``None`` for an empty query. Raises :class:`QueryError`."""
    tokens = _tokens(query)
    if not tokens:
        return None
    pos = 0
    depth = 0  # parentheses and NOTs open around the current term

    def peek() -> str | None:
        return tokens[pos][0] if pos < len(tokens) else None

    def take() -> tuple[str, ...]:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def or_expr() -> Node:
        parts = [and_expr()]
        while peek() == "OR":
            take()
            if peek() in (None, ")", "OR", "AND"):
                raise QueryError("OR needs a term on both sides")
            parts.append(and_expr())
        return parts[0] if len(parts) == 1 else Node("or", children=tuple(parts))

    def and_expr() -> Node:
        parts = [unary()]
        while peek() not in (None, ")", "OR"):
            if peek() == "AND":
                take()
                if peek() in (None, ")", "OR", "AND"):
                    raise QueryError("AND needs a term on both sides")
            parts.append(unary())
        return parts[0] if len(parts) == 1 else Node("and", children=tuple(parts))

    def nested() -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_QUERY_DEPTH:
            raise QueryError(f"query nested too deeply (at most {MAX_QUERY_DEPTH} levels)")

    def unary() -> Node:
        nonlocal depth
        kind = peek()
        if kind == "NOT":
            take()
            if peek() in (None, ")", "OR", "AND"):
                raise QueryError("NOT needs a term after it")
            nested()
            node = Node("not", children=(unary(),))
            depth -= 1
            return node
        if kind == "(":
            take()
            if peek() == ")":
                raise QueryError("empty parentheses")
            nested()
            inner = or_expr()
            if peek() != ")":
                raise QueryError("unclosed parenthesis")
            take()
            depth -= 1
            return inner
        if kind in ("AND", "OR"):
            raise QueryError(f"{kind} needs a term on both sides")
        if kind == ")":
            raise QueryError("closing parenthesis without an opening one")
        if kind is None:
            raise QueryError("unclosed parenthesis")
        tok_kind, text, field = take()
        return Node(tok_kind, text, field=field)

    node = or_expr()
    if pos != len(tokens):
        raise QueryError("closing parenthesis without an opening one")
    return node


def _prefix_letters(text: str) -> str:
    """A prefix as the index's words are written: folded, letters and digits only."""
    return re.sub(r"\W", "", fold(text))


def _prefix_stems(raw: str) -> set[str]:
    """What the stems of the words a prefix finds begin with. Terms are stemmed
    ("negotiations" is indexed as "negoti"), and the stem of a prefix is not the prefix of
    the stem: the last two letters of a long prefix may be stemmed away."""
    return {raw, raw[: max(4, len(raw) - 2)]} | {t for t in ANALYZER.analyze(raw) if t}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", " ").replace('"', " ") + '"'


def compile_query(node: Node, index: tantivy.Index, schema: tantivy.Schema) -> tantivy.Query:
    """A parsed query as a tantivy query over the index's title, body and notes."""
    fields = [node.field] if node.field else _FIELDS
    if node.kind in ("word", "phrase"):
        if not re.search(r"\w", node.text):
            return tantivy.Query.empty_query()
        tokens = analyze(node.text)
        if not tokens:  # only words too long to be indexed
            return tantivy.Query.empty_query()
        # the index holds analysed words (store.index): the phrase is given as such
        phrase = _quoted(" ".join(tokens))
        if len(tokens) == 1:
            return index.parse_query(phrase, fields, field_boosts=_BOOSTS)
        # Every word pair of the phrase must be indexed: the rarest pair leads, so the
        # positional check runs only on documents that have them all (a phrase of common
        # words — "the Japanese" — no longer walks every position of "the").
        pairs = [
            (tantivy.Occur.Must, tantivy.Query.term_query(schema, "pairs", pair_term(a, b)))
            for a, b in itertools.pairwise(tokens)
        ]
        if len(tokens) == 2 and not node.field:  # the pair itself is the phrase, scored
            return pairs[0][1]  # by BM25 like a word (pairs are of every field at once)
        # One conjunction per field, each led by the pairs: a phrase spread over a union of
        # fields cannot skip ahead, a phrase within one field can.
        return tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boolean_query(
                        [
                            *pairs,
                            (
                                tantivy.Occur.Must,
                                tantivy.Query.boost_query(
                                    index.parse_query(phrase, [name]), _BOOSTS[name]
                                ),
                            ),
                        ]
                    ),
                )
                for name in fields
            ]
        )
    if node.kind == "prefix":
        raw = _prefix_letters(node.text)
        pattern = "(?:" + "|".join(re.escape(s) for s in sorted(_prefix_stems(raw))) + ").*"
        return tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.regex_query(schema, f, pattern), _BOOSTS[f]
                    ),
                )
                for f in fields
            ]
        )
    if node.kind == "not":
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.all_query()),
                (tantivy.Occur.MustNot, compile_query(node.children[0], index, schema)),
            ]
        )
    occur = tantivy.Occur.Must if node.kind == "and" else tantivy.Occur.Should
    clauses = []
    for child in node.children:
        if node.kind == "and" and child.kind == "not":
            clauses.append((tantivy.Occur.MustNot, compile_query(child.children[0], index, schema)))
        else:
            clauses.append((occur, compile_query(child, index, schema)))
    if all(o == tantivy.Occur.MustNot for o, _ in clauses):
        clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
    if node.kind == "and" and PROXIMITY:
        clauses += [(tantivy.Occur.Should, q) for q in _adjacent_pairs(node.children, schema)]
    return tantivy.Query.boolean_query(clauses)


def _adjacent_pairs(children: tuple[Node, ...], schema: tantivy.Schema) -> list[tantivy.Query]:
    """Words typed one after another ("defense buildup Japan") score more where the texts
    print them so: each two of them that stand next to each other in the query, as the
    indexed word pair, a clause that only adds to the score."""
    out: list[tantivy.Query] = []
    previous: str | None = None
    for child in children:
        tokens = analyze(child.text) if child.kind == "word" and child.field is None else []
        if not tokens:
            previous = None
            continue
        if previous is not None:
            pair = tantivy.Query.term_query(schema, "pairs", pair_term(previous, tokens[0]))
            out.append(tantivy.Query.boost_query(pair, PAIR_BOOST))
        previous = tokens[-1]
    return out


def query_terms(node: Node, *, phrases: bool = True) -> list[tuple[str, bool]]:
    """(stem, is_prefix) of the words a query looks for (not those it excludes); without
    the words of its phrases when ``phrases`` is false (see :func:`query_phrases`)."""
    if node.kind == "not":
        return []
    if node.kind in ("word", "phrase"):
        tokens = ANALYZER.analyze(node.text)
        return [(t, False) for t in tokens] if phrases or len(tokens) == 1 else []
    if node.kind == "prefix":
        return [(stem, True) for stem in sorted(_prefix_stems(_prefix_letters(node.text)))]
    return [t for child in node.children for t in query_terms(child, phrases=phrases)]


def query_phrases(node: Node) -> list[tuple[str, ...]]:
    """The analysed words of each phrase a query looks for (a quoted phrase, or a word that
    is several to the index: "U.S.-Japan"), not those it excludes."""
    if node.kind == "not" or node.kind == "prefix":
        return []
    if node.kind in ("word", "phrase"):
        tokens = tuple(ANALYZER.analyze(node.text))
        return [tokens] if len(tokens) > 1 else []
    return [p for child in node.children for p in query_phrases(child)]


def highlight_query(query: str | Node) -> Highlight | None:
    """Patterns for the words a query (text, or parsed) looks for, as the index matches them
    (None when it looks for none); malformed query text is a :class:`QueryError`."""
    node = parse_query(query) if isinstance(query, str) else query
    if node is None:
        return None
    return highlighter(query_terms(node, phrases=False), query_phrases(node))
