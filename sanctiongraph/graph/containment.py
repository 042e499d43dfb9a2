"""Ad-hoc Cypher, contained: an allow-list of what a user's query text may say.

A user's Cypher (``sanctiongraph cypher``, ``Store.cypher``, the explorer's console)
may read the graph and, with ``write``, change it; it may never reach outside it. The
engines offer constructs that do: LadybugDB's ``LOAD FROM`` (reads any file the
process can), ``COPY … TO`` and ``EXPORT DATABASE`` (write files, even on a read-only
handle), ``INSTALL``/``LOAD EXTENSION`` (network, native code), ``ATTACH``; Neo4j's
``LOAD CSV``, ``apoc.*`` and ``dbms.*``. A deny-list of those would let through the next
one an engine adds, so this is an allow-list: the text is split into tokens the way the
engines split it, and every word in it must be something this module knows:

* a clause or operator word of the reading subset (``MATCH``, ``WITH``, ``RETURN``, …),
  plus the data-writing clauses when ``write`` is set (never DDL, files or settings);
* a variable the query itself declares (in a pattern, after ``AS``, ``x IN``, ``x ->``);
* a label, type or property name (after ``:``, ``|``, ``.``), a map key, a ``$parameter``;
* a function the engine's catalogue lists and this project has classified as pure
  (:mod:`sanctiongraph.graph.functions`); ``CALL`` only of the few read-only catalogue
  procedures classified there, or a ``CALL { … }`` subquery on Neo4j.

Anything else is refused with one line naming the word, before the engine sees the
text: so an extension's shared object is never opened and no file is touched. What the
engine runs is the checked tokens written out again (:func:`canonical`: comments gone,
strings spelled one way), never the text as written, so no difference between this
module's reading of a comment or a string and the engine's can hide a clause. A test
reads each engine's catalogue and fails when it lists a function or procedure that is
not classified, so a new engine version cannot open a door silently.

>>> check("MATCH (e:Entity)-[:HAS_BRANCH]->(b) /* offices */ RETURN e.name, count(b)", "ladybug")
'MATCH (e:Entity)-[:HAS_BRANCH]->(b) RETURN e.name, count(b)'
>>> check("LOAD FROM '/etc/passwd' RETURN *", "ladybug")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sanctiongraph.graph.containment.Refused: LOAD is not allowed in ad-hoc Cypher: ...
>>> check("MATCH (n) SET n.x = 1", "ladybug")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sanctiongraph.graph.containment.Refused: SET writes, and ad-hoc Cypher runs read-only; add ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sanctiongraph.graph.errors import StoreError
from sanctiongraph.graph.functions import (
    procedure_columns,
    pure_functions,
    read_procedures,
    words,
)


class Refused(StoreError):
    """The query text uses a construct ad-hoc Cypher may not use."""


@dataclass(frozen=True)
class Token:
    kind: str  # word, quoted (backticked name), string, number, param, punct
    text: str  # a string's value is kept as written (with its quotes), a quoted name's without
    pos: int
    end: int


# The longest punctuation first; anything else is one character.
_PUNCT = ("<-", "->", "..", "<=", ">=", "<>", "!=", "=~", "+=", "::", "||")
_PUNCT_CHARS = frozenset("()[]{},.:;|&!%+-*/^=<>~?")
_WORD = re.compile(r"[^\W\d]\w*", re.UNICODE)
_NUMBER = re.compile(r"(?:0x[0-9a-fA-F]+|0o[0-7]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)")
_PARAM = re.compile(r"\$(?:[^\W\d]\w*|\d+|`(?:[^`]|``)*`)", re.UNICODE)


def _string_end(text: str, start: int) -> int:
    """Index after the string literal opening at ``start`` (backslash escapes, as both
    engines read them); raises Refused when it never closes."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            return i + 1
        i += 1
    raise Refused(f"the query has a string that never closes (at character {start + 1})")


# The escapes both engines read in a string literal, and what each stands for.
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
_HEX = re.compile(r"[0-9a-fA-F]{4}")


def string_value(literal: str) -> str:
    r"""The value of a string literal as written in a query (quotes included).

    >>> string_value("'it\\'s'")
    "it's"
    """
    out: list[str] = []
    i, body = 0, literal[1:-1]
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in ("u", "U") and _HEX.fullmatch(body[i + 2 : i + 6]):
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        else:
            raise Refused(f"a string holds an escape neither engine reads the same way: \\{nxt}")
    return "".join(out)


def _string_literal(value: str, quote: str) -> str:
    """One spelling of a string that every engine reads as ``value``, in ``quote``s (the
    quotes the user wrote: grand-cypher reads only double ones)."""
    out = [quote]
    for c in value:
        if c in ("\\", quote):
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    out.append(quote)
    return "".join(out)


def canonical(tokens: list[Token]) -> str:
    r"""The text the engine runs: the checked tokens, comments gone, strings and quoted
    names spelled one way, one space wherever the query had space or a comment and none
    where it had none. The engine never sees the text as the user wrote it, so a comment
    or string the engine would end elsewhere than this module (a ``//`` comment ended by
    a carriage return, ``**/``) cannot hide a clause from the check.

    >>> canonical(tokenize("MATCH (n)/* LOAD */RETURN n.`a``b`, \"x\" // c\r LOAD"))
    'MATCH (n) RETURN n.`a``b`, "x"'
    """
    out: list[str] = []
    last_end: int | None = None
    for t in tokens:
        if t.kind == "punct" and t.text == ";" and t is tokens[-1]:
            break  # a final ';' ends the one statement
        if last_end is not None and t.pos > last_end:
            out.append(" ")
        if t.kind == "string":
            out.append(_string_literal(string_value(t.text), t.text[0]))
        elif t.kind == "quoted":
            out.append("`" + t.text.replace("`", "``") + "`")
        else:
            out.append(t.text)
        last_end = t.end
    return "".join(out)


def tokenize(text: str) -> list[Token]:
    """The query's tokens, comments dropped.

    >>> [t.text for t in tokenize("MATCH (n) // a comment\\nRETURN n.`odd name`, 'x'")]
    ['MATCH', '(', 'n', ')', 'RETURN', 'n', '.', 'odd name', ',', "'x'"]
    """
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise Refused(f"the query has a comment that never closes (at character {i + 1})")
            i = j + 2
        elif c in "'\"":
            j = _string_end(text, i)
            tokens.append(Token("string", text[i:j], i, j))
            i = j
        elif c == "`":
            j = i + 1
            while True:
                k = text.find("`", j)
                if k < 0:
                    raise Refused(f"the query has a `name` that never closes (at {i + 1})")
                if text.startswith("``", k):
                    j = k + 2
                    continue
                break
            tokens.append(Token("quoted", text[i + 1 : k].replace("``", "`"), i, k + 1))
            i = k + 1
        elif c == "$":
            m = _PARAM.match(text, i)
            if not m:
                raise Refused(f"a $ that names no parameter (at character {i + 1})")
            tokens.append(Token("param", m.group(), i, m.end()))
            i = m.end()
        elif m := _NUMBER.match(text, i):
            tokens.append(Token("number", m.group(), i, m.end()))
            i = m.end()
        elif m := _WORD.match(text, i):
            tokens.append(Token("word", m.group(), i, m.end()))
            i = m.end()
        elif c in _PUNCT_CHARS:
            p = next((p for p in _PUNCT if text.startswith(p, i)), c)
            tokens.append(Token("punct", p, i, i + len(p)))
            i += len(p)
        else:
            # A character neither engine gives a meaning to here (a non-breaking space, a
            # control character): refused, so that the two never read one text two ways.
            raise Refused(f"the query has a character it cannot use at {i + 1}: {c!r}")
    return tokens


# Words of the reading subset, on every engine.
READ_WORDS = words(
    """MATCH OPTIONAL WHERE WITH UNWIND RETURN DISTINCT ORDER BY ASC ASCENDING DESC
    DESCENDING SKIP LIMIT UNION ALL AS AND OR XOR NOT IN IS NULL TRUE FALSE CASE WHEN
    THEN ELSE END STARTS ENDS CONTAINS EXISTS COUNT ANY NONE SINGLE SHORTEST YIELD"""
)
# Extra reading words of one engine: LadybugDB's recursive-pattern words; Neo4j's
# subquery, path and paging words (CALL is handled on its own).
DIALECT_READ_WORDS = {
    "ladybug": words("TRAIL ACYCLIC WSHORTEST"),
    "neo4j": words("COLLECT PATH PATHS GROUPS REPEATABLE DIFFERENT ELEMENTS OFFSET"),
    "networkx": frozenset(),
}
# Neo4j's type names, read only after '::' (``n.x IS :: INTEGER NOT NULL``).
TYPE_WORDS = words(
    """BOOL BOOLEAN STRING INT INTEGER SIGNED FLOAT DATE LOCAL ZONED TIME DATETIME WITH
    WITHOUT TIMEZONE DURATION POINT NODE VERTEX RELATIONSHIP EDGE MAP LIST ARRAY PATH
    PROPERTY VALUE ANY NOTHING NULL NOT"""
)
# Data-writing clauses, allowed only with ``write``.
WRITE_WORDS = words("CREATE MERGE SET DELETE DETACH REMOVE ON FOREACH")
# Words that reach outside the graph (files, network, extensions, other databases,
# settings, the schema, transactions): refused with and without ``write``.
OUTSIDE_WORDS = words(
    """LOAD COPY EXPORT IMPORT ATTACH USE INSTALL UNINSTALL EXTENSION CHECKPOINT
    BEGIN COMMIT ROLLBACK TRANSACTION TRANSACTIONS DROP ALTER SHOW GRANT DENY REVOKE
    TERMINATE START STOP ENABLE DISABLE MACRO SEQUENCE DATABASE DATABASES GRAPH TABLE
    INDEX CONSTRAINT USER ROLE PROFILE EXPLAIN"""
)
# Of those, words an analyst uses as a variable (``AS start``, ``MATCH (user)``): allowed
# where the query declares them as one; the others are refused wherever they stand.
SOFT_OUTSIDE_WORDS = words("START STOP USER ROLE GRAPH TABLE INDEX SEQUENCE")
# Words that are keywords (never functions) even when a "(" follows them.
_KEYWORD_BEFORE_PAREN = (READ_WORDS | WRITE_WORDS | frozenset({"CALL"})) - frozenset(
    {"COUNT", "ANY", "NONE", "SINGLE", "EXISTS", "ALL"}
)

_OUTSIDE = "it reaches outside the graph (files, network, extensions, settings or schema)"


def _punct(token: Token | None, *texts: str) -> bool:
    return token is not None and token.kind == "punct" and token.text in texts


def check(text: str, dialect: str, write: bool = False) -> str:
    """Refuse ``text`` unless every word in it is allowed (see the module docstring);
    else return the text the engine should run (:func:`canonical`)."""
    tokens = tokenize(text)
    if not tokens:
        raise Refused("the query is empty")
    if dialect not in DIALECT_READ_WORDS:
        raise Refused(f"no containment rules for the {dialect} dialect")
    allowed = READ_WORDS | DIALECT_READ_WORDS[dialect] | (WRITE_WORDS if write else frozenset())
    functions = pure_functions(dialect)
    procedures = read_procedures(dialect)
    declared = _declared(tokens) | _procedure_columns(tokens, dialect)

    def outside(t: Token) -> bool:
        word = t.text.upper()
        return word in OUTSIDE_WORDS and not (word in SOFT_OUTSIDE_WORDS and t.text in declared)

    # What reaches outside is named first, so that a user is not told to add --write to a
    # statement that --write would not allow either.
    for i, t in enumerate(tokens):
        if (
            t.kind == "word"
            and outside(t)
            and not _punct(tokens[i - 1] if i else None, ".", ":")
            and not _is_map_key(tokens, i, ["{"])
        ):
            raise Refused(f"{t.text.upper()} is not allowed in ad-hoc Cypher: {_OUTSIDE}")
    brackets: list[str] = []
    # A ':' that is not a map key's makes the next word a label or type name (one word;
    # '|', '&', ':' after it make the next one a label too); '::' makes the next words a
    # type. Neither ever covers a word followed by '(' or '.': that is a call or a name.
    label_context = last_was_label = type_context = False
    i = 0
    while i < len(tokens):
        t = tokens[i]
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.kind == "punct":
            if t.text in "([{":
                brackets.append(t.text)
            elif t.text in ")]}" and brackets:
                brackets.pop()
            if t.text == ";" and nxt is not None:
                raise Refused("one statement at a time: the query has a ';' before its end")
            colon = t.text == ":" and prev is not None and not _is_map_key(tokens, i - 1, brackets)
            label_context = (
                colon
                or (t.text in ("|", "&") and last_was_label)
                or (t.text in ("!", "%") and label_context)
            )
            type_context = t.text == "::" or (type_context and t.text in ("<", ">", "|", ","))
            last_was_label = False
            i += 1
            continue
        called = _punct(nxt, "(")
        named = _punct(prev, ".", ":")
        if t.kind == "quoted" and called and not named:
            # `read_csv`(…): a function called by a quoted name is still a function.
            raise Refused(f"{t.text}() is not a function ad-hoc Cypher may call here")
        if t.kind != "word":
            label_context = last_was_label = type_context = False
            i += 1
            continue
        word = t.text.upper()
        if label_context and not called and not _punct(nxt, "."):
            label_context, last_was_label = False, True
            i += 1  # a label or relationship type
            continue
        label_context = last_was_label = False
        if type_context and word in TYPE_WORDS and dialect == "neo4j":
            i += 1
            continue
        type_context = False
        if _punct(prev, ".") or _is_map_key(tokens, i, brackets):
            i += 1  # a property name or map key (a dotted call was checked at its first word)
            continue
        if outside(t):
            raise Refused(f"{word} is not allowed in ad-hoc Cypher: {_OUTSIDE}")
        if word == "CALL":
            i = _check_call(tokens, i, dialect, procedures)
            continue
        name, end = _qualified(tokens, i)
        if end < len(tokens) and _punct(tokens[end], "("):
            if "." not in name and word in _KEYWORD_BEFORE_PAREN:
                pass  # MATCH (…), WHERE (…), AND (…)
            elif name.upper() not in functions:
                raise Refused(
                    f"{name}() is not a function ad-hoc Cypher may call here "
                    f"(allowed: the pure functions listed in sanctiongraph/graph/functions.py)"
                )
            else:
                i = end
                continue
        if word in WRITE_WORDS and not write:
            raise Refused(f"{word} writes, and ad-hoc Cypher runs read-only; add --write")
        if word in allowed or t.text in declared:
            i += 1
            continue
        raise Refused(
            f"{t.text!s} is not a construct ad-hoc Cypher may use here (reading clauses, "
            "declared variables and pure functions only)"
        )
    return canonical(tokens)


def _procedure_columns(tokens: list[Token], dialect: str) -> frozenset[str]:
    """The columns of the allowed procedures the query calls (``CALL show_tables() RETURN
    name``: ``name`` is the table function's, declared by no pattern)."""
    names: set[str] = set()
    for i, t in enumerate(tokens[:-1]):
        if t.kind == "word" and t.text.upper() == "CALL" and tokens[i + 1].kind == "word":
            name, _ = _qualified(tokens, i + 1)
            names |= procedure_columns(dialect).get(name.upper(), frozenset())
    return frozenset(names)


def _qualified(tokens: list[Token], i: int) -> tuple[str, int]:
    """A dotted name starting at ``i`` (``apoc.load.json``) and the index after it."""
    parts = [tokens[i].text]
    j = i + 1
    while (
        j + 1 < len(tokens)
        and tokens[j].kind == "punct"
        and tokens[j].text == "."
        and tokens[j + 1].kind in ("word", "quoted")
    ):
        parts.append(tokens[j + 1].text)
        j += 2
    return ".".join(parts), j


def _is_map_key(tokens: list[Token], i: int, brackets: list[str]) -> bool:
    """A word directly before ':' inside '{…}' is a map key (``{name: $x}``)."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return (
        bool(brackets)
        and brackets[-1] == "{"
        and nxt is not None
        and nxt.kind == "punct"
        and nxt.text == ":"
        and tokens[i].kind in ("word", "quoted", "string")
    )


def _check_call(tokens: list[Token], i: int, dialect: str, procedures: frozenset[str]) -> int:
    """``CALL { … }`` (Neo4j subquery), ``CALL (x) { … }``, or an allowed procedure."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.kind == "punct" and nxt.text in ("{", "(") and dialect == "neo4j":
        return i + 1
    if nxt is None or nxt.kind not in ("word", "quoted"):
        raise Refused("CALL is allowed only of a read-only catalogue procedure")
    name, end = _qualified(tokens, i + 1)
    if name.upper() not in procedures:
        raise Refused(
            f"CALL {name} is not allowed in ad-hoc Cypher: only the read-only procedures "
            "listed in sanctiongraph/graph/functions.py may be called"
        )
    return end


def _declared(tokens: list[Token]) -> frozenset[str]:
    """Names the query binds: pattern variables, ``AS`` aliases, comprehension and lambda
    variables, ``p = (…)`` path variables, ``YIELD`` columns."""
    names: set[str] = set()
    for i, t in enumerate(tokens):
        if t.kind not in ("word", "quoted"):
            continue
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        ptext = prev.text if prev is not None and prev.kind == "punct" else None
        pword = prev.text.upper() if prev is not None and prev.kind == "word" else None
        ntext = nxt.text if nxt is not None and nxt.kind == "punct" else None
        nword = nxt.text.upper() if nxt is not None and nxt.kind == "word" else None
        if (
            # (n), (n:Label), (n {…}), [r:TYPE], [r*1..2], (r, n | …): pattern variables
            (ptext in ("(", "[", ",") and ntext in (":", ")", "]", "{", "*", ",", "|"))
            or pword in ("AS", "YIELD")
            or (ptext == "," and pword is None and prev is not None and _in_yield(tokens, i))
            or nword == "IN"  # [x IN list | …], any(x IN …), FOREACH (x IN …)
            or ntext in ("->", "=")  # x -> x + 1 (lambda); p = (…) and reduce(acc = 0, …)
        ):
            names.add(t.text)
    return frozenset(names)


def _in_yield(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` is in the column list after a YIELD (``YIELD a, b``)."""
    j = i - 1
    while j >= 0 and (tokens[j].kind in ("word", "quoted") or tokens[j].text == ","):
        if tokens[j].kind == "word" and tokens[j].text.upper() == "YIELD":
            return True
        j -= 1
    return False
