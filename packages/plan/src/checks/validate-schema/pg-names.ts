/**
 * Static PostgreSQL name facts, read once from PostgreSQL 18 (PGlite) so DDL generation and spec
 * checks stay synchronous and engine-free:
 *  - NON_UNRESERVED_KEYWORDS: `pg_get_keywords()` with catcode <> 'U'; these need quoting as names.
 *  - BUILTIN_TYPES: base/range types of pg_catalog plus the SQL-standard spellings the grammar maps.
 */
export const NON_UNRESERVED_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast ' +
    'char character check coalesce collate collation column concurrently constraint create cross current_catalog ' +
    'current_date current_role current_schema current_time current_timestamp current_user dec decimal default deferrable ' +
    'desc distinct do else end except exists extract false fetch float for foreign freeze from full grant greatest group ' +
    'grouping having ilike in initially inner inout int integer intersect interval into is isnull join json json_array ' +
    'json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize json_table json_value ' +
    'lateral leading least left like limit localtime localtimestamp merge_action national natural nchar none normalize ' +
    'not notnull null nullif numeric offset on only or order out outer overlaps overlay placing position precision ' +
    'primary real references returning right row select session_user setof similar smallint some substring symmetric ' +
    'system_user table tablesample then time timestamp to trailing treat trim true union unique user using values ' +
    'varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest ' +
    'xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

export const BUILTIN_TYPES: ReadonlySet<string> = new Set(
  // pg_catalog base and range types (typtype b/r/m, no arrays, no pg_* internals)
  (
    'aclitem bit bool box bpchar bytea char cid cidr circle date datemultirange daterange float4 float8 gtsvector inet ' +
    'int2 int2vector int4 int4multirange int4range int8 int8multirange int8range interval json jsonb jsonpath line lseg ' +
    'macaddr macaddr8 money name numeric nummultirange numrange oid oidvector path point polygon refcursor regclass ' +
    'regcollation regconfig regdictionary regnamespace regoper regoperator regproc regprocedure regrole regtype text tid ' +
    'time timestamp timestamptz timetz tsmultirange tsquery tsrange tstzmultirange tstzrange tsvector txid_snapshot uuid ' +
    'varbit varchar xid xid8 xml ' +
    // grammar spellings (SQL standard names and serial pseudo-types)
    'int integer smallint bigint real float decimal dec boolean character serial serial2 serial4 serial8 smallserial bigserial'
  ).split(' '),
);

/** Multi-word SQL-standard type spellings, compared after lower-casing and collapsing spaces. */
export const BUILTIN_MULTIWORD_TYPES: ReadonlySet<string> = new Set([
  'double precision',
  'character varying',
  'bit varying',
  'national character',
  'national character varying',
  'timestamp with time zone',
  'timestamp without time zone',
  'time with time zone',
  'time without time zone',
]);

/** PostgreSQL truncates longer names silently (NAMEDATALEN - 1 bytes). */
export const MAX_IDENTIFIER_BYTES = 63;

/** Quotes a name the way PostgreSQL's quote_ident does: only when it would not survive unquoted. */
export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !NON_UNRESERVED_KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
