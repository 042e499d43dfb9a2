"""Which functions and procedures of each engine ad-hoc Cypher may call: the data
:mod:`sanctiongraph.graph.containment` checks a query against.

Every entry of each engine's own catalogue is classified here, as allowed or refused
(with why): LadybugDB's ``CALL show_functions()``, Neo4j's ``SHOW FUNCTIONS`` and
``SHOW PROCEDURES``, grand-cypher's grammar. ``tests/test_containment.py`` reads the
catalogues and fails when one lists a name that is in neither set, so a new engine
version that adds a function is refused until someone classifies it.

"Pure" here means: reads only its arguments and the graph, and reaches no file,
network, setting, sequence or other database. Functions that can build large values
(``range``, ``repeat``, ``lpad``) are pure; their memory is bounded by the query's
memory limit, not by this list.
"""

from __future__ import annotations

import functools


def words(text: str) -> frozenset[str]:
    """The words of ``text``, in upper case (engines compare these names case-insensitively)."""
    return frozenset(w.upper() for w in text.split())


# LadybugDB 0.22: scalar, aggregate and rewrite functions (operators included, as the
# catalogue lists them).
LADYBUG_PURE = words(
    """
    % * + - / ^ ABS ACOS ALL ANY ARRAY_APPEND ARRAY_CAT ARRAY_CONCAT ARRAY_CONTAINS
    ARRAY_COSINE_SIMILARITY ARRAY_CROSS_PRODUCT ARRAY_DISTANCE ARRAY_DOT_PRODUCT ARRAY_EXTRACT
    ARRAY_HAS ARRAY_INDEXOF ARRAY_INNER_PRODUCT ARRAY_POSITION ARRAY_PREPEND ARRAY_PUSH_BACK
    ARRAY_PUSH_FRONT ARRAY_SLICE ARRAY_SQUARED_DISTANCE ARRAY_VALUE ASIN ATAN ATAN2
    BITSHIFT_LEFT BITSHIFT_RIGHT BITWISE_AND BITWISE_OR BITWISE_XOR BLOB CARDINALITY CAST CBRT
    CEIL CEILING CENTURY COALESCE CONCAT CONCAT_WS CONSTANT_OR_NULL CONTAINS COS COT COUNT_IF
    CURRENT_DATE CURRENT_TIMESTAMP DATE DATEPART DATETRUNC DATE_PART DATE_TRUNC DAYNAME
    DECODE DEGREES DURATION ELEMENT_AT ENCODE ENDS_WITH EPOCH_MS EQUALS ERROR EVEN FACTORIAL
    FLOOR GAMMA GEN_RANDOM_UUID GREATER_THAN GREATER_THAN_EQUALS GREATEST HASH IFNULL INITCAP
    INTERVAL IS_ACYCLIC IS_TRAIL LAST_DAY LCASE LEAST LEFT LESS_THAN LESS_THAN_EQUALS
    LEVENSHTEIN LGAMMA LIST_ANY_VALUE LIST_APPEND LIST_CAT LIST_CONCAT LIST_CONTAINS
    LIST_CREATION LIST_DISTINCT LIST_ELEMENT LIST_EXTRACT LIST_FILTER LIST_HAS LIST_HAS_ALL
    LIST_HAS_ANY LIST_INDEXOF LIST_MAX LIST_MIN LIST_POSITION LIST_PREPEND LIST_PRODUCT
    LIST_REDUCE LIST_REVERSE LIST_REVERSE_SORT LIST_SLICE LIST_SORT LIST_SUM LIST_TO_STRING
    LIST_TRANSFORM LIST_UNIQUE LN LOG LOG10 LOG2 LOWER LPAD LTRIM MAKE_DATE MAP MAP_EXTRACT
    MAP_KEYS MAP_VALUES MD5 MONTHNAME NEGATE NODES NOT_EQUALS NONE OCTET_LENGTH OFFSET
    PI POW PREFIX PROPERTIES RADIANS RANDOM RANGE REGEXP_EXTRACT REGEXP_EXTRACT_ALL
    REGEXP_FULL_MATCH REGEXP_MATCHES REGEXP_REPLACE REGEXP_SPLIT_TO_ARRAY RELATIONSHIPS RELS
    REPEAT REPLACE REVERSE RIGHT ROUND RPAD RTRIM SHA256 SIGN SIN SIZE SPLIT_PART SQRT
    STARTS_WITH STRING STRING_SPLIT STRING_TO_ARRAY STRUCT_EXTRACT STRUCT_PACK STR_SPLIT SUBSTR
    SUBSTRING SUFFIX SINGLE TAN TIMESTAMP TIME_BUCKET TOLOWER TOUPPER TO_BLOB TO_BOOL TO_DATE
    TO_DAYS TO_DOUBLE TO_EPOCH_MS TO_FLOAT TO_HOURS TO_INT128 TO_INT16 TO_INT32 TO_INT64 TO_INT8
    TO_INTERVAL TO_MICROSECONDS TO_MILLISECONDS TO_MINUTES TO_MONTHS TO_SECONDS TO_SERIAL
    TO_STRING TO_TIMESTAMP TO_UINT128 TO_UINT16 TO_UINT32 TO_UINT64 TO_UINT8 TO_UUID TO_YEARS
    TRIM TYPEOF UCASE UNION_EXTRACT UNION_TAG UNION_VALUE UPPER UUID INTERNAL_ID
    AVG COLLECT COUNT COUNT_STAR HISTOGRAM MAX MIN PERCENTILECONT PERCENTILEDISC SUM
    COST END_NODE ID KEYS LABEL LABELS LENGTH NULLIF ROWID START_NODE
    """
)
LADYBUG_REFUSED = {
    # Sequences and the random seed are state outside the query.
    "NEXTVAL": "advances a sequence (a write)",
    "CURRVAL": "reads a sequence's state",
    "SETSEED": "sets the session's random seed",
}
# Table functions (``CALL f(…)``): only those that describe the graph's own tables.
LADYBUG_READ_PROCEDURES = words("SHOW_TABLES TABLE_INFO SHOW_FUNCTIONS")
LADYBUG_REFUSED_PROCEDURES = {
    **{
        name: "reads a file"
        for name in words("READ_CSV_PARALLEL READ_CSV_SERIAL READ_NPY READ_PARQUET READ_PANDAS")
    },
    **{
        name: "reads the engine's settings, files or other databases"
        for name in words(
            """BM_INFO CATALOG_VERSION CURRENT_SETTING DB_VERSION DISK_INFO DISK_SIZE_INFO
        FILE_INFO FSM_INFO PROJECTED_GRAPH_INFO SHOW_ATTACHED_DATABASES SHOW_CONNECTION
        SHOW_GRAPHS SHOW_INDEXES SHOW_LOADED_EXTENSIONS SHOW_MACROS SHOW_OFFICIAL_EXTENSIONS
        SHOW_PROJECTED_GRAPHS SHOW_SEQUENCES SHOW_WARNINGS STATS_INFO STORAGE_INFO
        STORAGE_VERSION"""
        )
    },
    **{
        name: "changes the engine's state"
        for name in words("""CLEAR_WARNINGS DROP_PROJECTED_GRAPH PROJECT_GRAPH PROJECT_GRAPH_CYPHER
        _CACHE_ARRAY_COLUMN_LOCALLY""")
    },
    "COPY_CSV": "writes a file",
    "COPY_PARQUET": "writes a file",
}

# Neo4j 5.26 (no plugins): every built-in function but those that read files or other
# databases; apoc.* and any other plugin's functions are not listed, so refused.
NEO4J_PURE = words(
    """
    abs acos all any asin atan atan2 avg btrim ceil char_length character_length coalesce
    collect cos cot count date date.realtime date.statement date.transaction date.truncate
    datetime datetime.fromepoch datetime.fromepochmillis datetime.realtime datetime.statement
    datetime.transaction datetime.truncate degrees duration duration.between duration.inDays
    duration.inMonths duration.inSeconds e elementId endNode exists exp floor haversin head id
    isEmpty isNaN keys labels last left length localdatetime localdatetime.realtime
    localdatetime.statement localdatetime.transaction localdatetime.truncate localtime
    localtime.realtime localtime.statement localtime.transaction localtime.truncate log log10
    lower ltrim max min nodes none normalize nullIf percentileCont percentileDisc pi point
    point.distance point.withinBBox properties radians rand randomUUID range reduce
    relationships replace reverse right round rtrim sign sin single size split sqrt startNode
    stdev stdevp substring sum tail tan time time.realtime time.statement time.transaction
    time.truncate timestamp toBoolean toBooleanList toBooleanOrNull toFloat toFloatList
    toFloatOrNull toInteger toIntegerList toIntegerOrNull toLower toString toStringList
    toStringOrNull toUpper trim type upper valueType vector.similarity.cosine
    vector.similarity.euclidean
    shortestPath allShortestPaths
    """
)
NEO4J_REFUSED = {
    "FILE": "names the file LOAD CSV reads",
    "LINENUMBER": "the line LOAD CSV reads",
    "GRAPH.BYELEMENTID": "reaches other databases of a composite database",
    "GRAPH.BYNAME": "reaches other databases of a composite database",
}
NEO4J_READ_PROCEDURES = words(
    """db.labels db.propertyKeys db.relationshipTypes db.schema.nodeTypeProperties
    db.schema.relTypeProperties db.schema.visualization db.index.fulltext.queryNodes
    db.index.fulltext.queryRelationships db.index.fulltext.listAvailableAnalyzers
    db.index.vector.queryNodes db.index.vector.queryRelationships"""
)
NEO4J_REFUSED_PROCEDURES = {
    **{
        name.upper(): "changes the database, its indexes, statistics or caches"
        for name in words("""db.awaitIndex db.awaitIndexes db.clearQueryCaches
        db.create.setNodeVectorProperty db.create.setRelationshipVectorProperty
        db.create.setVectorProperty db.createLabel db.createProperty db.createRelationshipType
        db.index.fulltext.awaitEventuallyConsistentIndexRefresh db.index.vector.createNodeIndex
        db.prepareForReplanning db.resampleIndex db.resampleOutdatedIndexes db.stats.clear
        db.stats.collect db.stats.retrieve db.stats.retrieveAllAnonymized db.stats.status
        db.stats.stop tx.setMetaData""")
    },
    **{
        name.upper(): "reads the server's configuration, connections or users"
        for name in words("""db.info db.ping dbms.cluster.routing.getRoutingTable dbms.components
        dbms.info dbms.killConnection dbms.killConnections dbms.listCapabilities dbms.listConfig
        dbms.listConnections dbms.queryJmx dbms.routing.getRoutingTable dbms.showCurrentUser
        dbms.upgrade dbms.upgradeStatus tx.getMetaData""")
    },
}

# grand-cypher (the memory store): the functions its grammar reads; none reaches outside.
NETWORKX_PURE = words(
    "COUNT SUM AVG MAX MIN COLLECT ID TOLOWER TOUPPER TRIM COALESCE SIZE TYPE RELATIONSHIPS "
    "ALL ANY NONE SINGLE"
)


@functools.cache
def pure_functions(dialect: str) -> frozenset[str]:
    """The functions (upper case, dotted for namespaces) a query of ``dialect`` may call."""
    return {"ladybug": LADYBUG_PURE, "neo4j": NEO4J_PURE, "networkx": NETWORKX_PURE}.get(
        dialect, frozenset()
    )


@functools.cache
def read_procedures(dialect: str) -> frozenset[str]:
    """The catalogue procedures (table functions) a query of ``dialect`` may ``CALL``."""
    return {"ladybug": LADYBUG_READ_PROCEDURES, "neo4j": NEO4J_READ_PROCEDURES}.get(
        dialect, frozenset()
    )


# The columns each allowed procedure returns, which a query may name without YIELD.
PROCEDURE_COLUMNS = {
    "ladybug": {
        "SHOW_TABLES": frozenset({"id", "name", "type", "comment"}),
        "TABLE_INFO": frozenset({"name", "type"}),
        "SHOW_FUNCTIONS": frozenset({"name", "type", "signature"}),
    },
    "neo4j": {
        "DB.LABELS": frozenset({"label"}),
        "DB.PROPERTYKEYS": frozenset({"propertyKey"}),
        "DB.RELATIONSHIPTYPES": frozenset({"relationshipType"}),
    },
}


def procedure_columns(dialect: str) -> dict[str, frozenset[str]]:
    """The known output columns of ``dialect``'s allowed procedures, by upper-case name."""
    return PROCEDURE_COLUMNS.get(dialect, {})


def classified(dialect: str) -> tuple[frozenset[str], frozenset[str]]:
    """(functions, procedures) this module classifies for ``dialect``, allowed or refused."""
    if dialect == "ladybug":
        return (
            LADYBUG_PURE | frozenset(LADYBUG_REFUSED),
            LADYBUG_READ_PROCEDURES | frozenset(LADYBUG_REFUSED_PROCEDURES),
        )
    if dialect == "neo4j":
        return (
            NEO4J_PURE | frozenset(NEO4J_REFUSED),
            NEO4J_READ_PROCEDURES | frozenset(NEO4J_REFUSED_PROCEDURES),
        )
    return NETWORKX_PURE, frozenset()
