//! The catalog queries: one per kind of object, each covering every selected schema at once, so
//! the number of round trips does not grow with the number of tables.
//!
//! Every query takes `$1::text[]`: the schemas to read, or NULL for "every non-system schema"
//! (everything except `pg_catalog`, `information_schema`, `pg_toast*`, `pg_temp*` and `joinery`,
//! which holds Joinery's own migration history). Objects owned by an extension (a `pg_depend` row
//! with `deptype = 'e'`) are skipped in every query. Names are read as raw strings; nothing here
//! builds SQL from catalog contents.

use sqlx::FromRow;

/// The namespace filter shared by every query; `n` is the object's `pg_namespace` row.
macro_rules! ns_filter {
    () => {
        "(CASE WHEN $1::text[] IS NULL \
            THEN n.nspname NOT IN ('pg_catalog', 'information_schema', 'joinery') \
                 AND n.nspname NOT LIKE 'pg\\_toast%' \
                 AND n.nspname NOT LIKE 'pg\\_temp\\_%' \
            ELSE n.nspname = ANY($1::text[]) END) \
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
            WHERE d.classid = 'pg_catalog.pg_namespace'::regclass AND d.objid = n.oid \
              AND d.deptype = 'e')"
    };
}

/// `AND` the relation `c` is not owned by an extension.
macro_rules! not_extension_class {
    () => {
        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
            WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid \
              AND d.deptype = 'e')"
    };
}

/// The routines a model holds: functions and procedures in a language with a text body (not
/// `c` or `internal`, not aggregates or window functions), not an extension's.
macro_rules! modelled_routine {
    () => {
        "((p.prokind IN ('f', 'p') \
          AND p.prolang NOT IN (SELECT l.oid FROM pg_catalog.pg_language l \
                                WHERE l.lanname IN ('c', 'internal'))) \
         OR (p.prokind = 'a' AND EXISTS (SELECT 1 FROM pg_catalog.pg_aggregate ag \
                                         WHERE ag.aggfnoid = p.oid AND ag.aggkind = 'n')))"
    };
}

/// The qualified, quoted name of the routine whose oid is `$oid`, NULL for 0.
macro_rules! proc_name {
    ($oid:literal) => {
        concat!(
            "(SELECT pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pp.proname) \
               FROM pg_catalog.pg_proc pp JOIN pg_catalog.pg_namespace pn ON pn.oid = pp.pronamespace \
              WHERE pp.oid = ",
            $oid,
            ")"
        )
    };
}

/// `CREATE AGGREGATE …` of the aggregate `p` (joined with its `pg_aggregate` row `a`), printed
/// from the catalog the way the importer reads it: PostgreSQL has no `pg_get_aggregatedef`.
macro_rules! aggregate_definition {
    () => {
        concat!(
            "'CREATE AGGREGATE ' || pg_catalog.quote_ident(n.nspname) || '.' \
               || pg_catalog.quote_ident(p.proname) || '(' \
               || CASE WHEN p.pronargs = 0 THEN '*' \
                       ELSE pg_catalog.pg_get_function_arguments(p.oid) END \
               || ') (' || concat_ws(', ', \
                 'SFUNC = ' || ",
            proc_name!("a.aggtransfn"),
            ", \
                 'STYPE = ' || pg_catalog.format_type(a.aggtranstype, NULL), \
                 CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END, \
                 'FINALFUNC = ' || ",
            proc_name!("a.aggfinalfn"),
            ", \
                 CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END, \
                 CASE a.aggfinalmodify WHEN 's' THEN 'FINALFUNC_MODIFY = SHAREABLE' \
                      WHEN 'w' THEN 'FINALFUNC_MODIFY = READ_WRITE' END, \
                 'COMBINEFUNC = ' || ",
            proc_name!("a.aggcombinefn"),
            ", \
                 'SERIALFUNC = ' || ",
            proc_name!("a.aggserialfn"),
            ", \
                 'DESERIALFUNC = ' || ",
            proc_name!("a.aggdeserialfn"),
            ", \
                 'INITCOND = ' || pg_catalog.quote_literal(a.agginitval), \
                 'MSFUNC = ' || ",
            proc_name!("a.aggmtransfn"),
            ", \
                 'MINVFUNC = ' || ",
            proc_name!("a.aggminvtransfn"),
            ", \
                 CASE WHEN a.aggmtranstype <> 0 \
                      THEN 'MSTYPE = ' || pg_catalog.format_type(a.aggmtranstype, NULL) END, \
                 CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END, \
                 'MFINALFUNC = ' || ",
            proc_name!("a.aggmfinalfn"),
            ", \
                 CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END, \
                 CASE WHEN a.aggmtransfn <> 0 THEN CASE a.aggmfinalmodify \
                      WHEN 's' THEN 'MFINALFUNC_MODIFY = SHAREABLE' \
                      WHEN 'w' THEN 'MFINALFUNC_MODIFY = READ_WRITE' END END, \
                 'MINITCOND = ' || pg_catalog.quote_literal(a.aggminitval), \
                 (SELECT 'SORTOP = ' || CASE WHEN on_.nspname IN ('pg_catalog', 'public') \
                      THEN o.oprname::text \
                    ELSE 'OPERATOR(' || pg_catalog.quote_ident(on_.nspname) \
                      || '.' || o.oprname || ')' END \
                   FROM pg_catalog.pg_operator o \
                   JOIN pg_catalog.pg_namespace on_ ON on_.oid = o.oprnamespace \
                  WHERE o.oid = a.aggsortop), \
                 CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' \
                      WHEN 'r' THEN 'PARALLEL = RESTRICTED' END) || ')'"
        )
    };
}

/// The access list of an object (`$acl`, with `$default` when it is NULL) without its owner's
/// entries, as `role<US>privilege<US>grantable` texts (`public` for PUBLIC).
macro_rules! grants {
    ($acl:literal, $kind:literal, $owner:literal) => {
        concat!(
            "ARRAY(SELECT (CASE WHEN a.grantee = 0 THEN 'public' \
                ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END) \
                || chr(31) || a.privilege_type || chr(31) || a.is_grantable::text \
              FROM pg_catalog.aclexplode(COALESCE(",
            $acl,
            ", pg_catalog.acldefault('",
            $kind,
            "', ",
            $owner,
            "))) a WHERE a.grantee <> ",
            $owner,
            " ORDER BY 1)"
        )
    };
}

/// Namespaces.
pub const NAMESPACES: &str = concat!(
    "SELECT n.nspname::text AS name, ds.description AS comment, ",
    grants!("n.nspacl", "n", "n.nspowner"),
    " AS grants \
     FROM pg_catalog.pg_namespace n \
     LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = n.oid \
       AND ds.classoid = 'pg_catalog.pg_namespace'::regclass AND ds.objsubid = 0 \
     WHERE ",
    ns_filter!(),
    " ORDER BY n.nspname"
);

/// A schema as read from `pg_namespace`.
#[derive(Debug, FromRow)]
pub struct NamespaceRow {
    pub name: String,
    pub comment: Option<String>,
    /// Its access list (see `grants!`).
    pub grants: Vec<String>,
}

/// Enum types with their labels in `enumsortorder`.
pub const ENUMS: &str = concat!(
    "SELECT n.nspname::text AS schema, t.typname::text AS name, \
        ds.description AS comment, \
        ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e \
              WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels \
     FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
     LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = t.oid \
       AND ds.classoid = 'pg_catalog.pg_type'::regclass AND ds.objsubid = 0 \
     WHERE t.typtype = 'e' AND ",
    ns_filter!(),
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
        WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e') \
     ORDER BY 1, 2"
);

/// An enum type as read from `pg_type` + `pg_enum`.
#[derive(Debug, FromRow)]
pub struct EnumRow {
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
    pub labels: Vec<String>,
}

/// Ordinary and partitioned tables (partitions included).
pub const TABLES: &str = concat!(
    "SELECT c.oid::int8 AS oid, n.nspname::text AS schema, c.relname::text AS name, \
        c.relkind::text AS kind, c.relispartition AS is_partition, \
        CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key, \
        CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END \
          AS partition_bound, \
        (SELECT i.inhparent::int8 FROM pg_catalog.pg_inherits i \
          WHERE i.inhrelid = c.oid AND c.relispartition) AS partition_parent, \
        (SELECT string_agg(quote_ident(pn.nspname) || '.' || quote_ident(p.relname), ', ' \
                ORDER BY i.inhseqno) \
           FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class p ON p.oid = i.inhparent \
           JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace \
          WHERE i.inhrelid = c.oid) AS parents, \
        ds.description AS comment, \
        c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security, ",
    grants!("c.relacl", "r", "c.relowner"),
    " AS grants \
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid \
       AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0 \
     WHERE c.relkind IN ('r', 'p') AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " ORDER BY 2, 3"
);

/// A table as read from `pg_class`.
#[derive(Debug, FromRow)]
pub struct TableRow {
    pub oid: i64,
    pub schema: String,
    pub name: String,
    pub is_partition: bool,
    /// `RANGE (payment_date)`, for a partitioned table.
    pub partition_key: Option<String>,
    /// `FOR VALUES …` or `DEFAULT`, for a partition.
    pub partition_bound: Option<String>,
    /// The partitioned table a partition belongs to.
    pub partition_parent: Option<i64>,
    /// Inheritance or partition parents, for warnings.
    pub parents: Option<String>,
    pub comment: Option<String>,
    /// `ENABLE ROW LEVEL SECURITY`.
    pub row_security: bool,
    /// `FORCE ROW LEVEL SECURITY`.
    pub force_row_security: bool,
    /// Its access list (see `grants!`).
    pub grants: Vec<String>,
}

/// Row-level security policies of every selected table. Roles by name (`public` for the
/// PUBLIC pseudo-role, oid 0); expressions as PostgreSQL prints them; `calls`: a user function
/// the policy calls, if any (such a policy is left out, as the importer does).
pub const POLICIES: &str = concat!(
    "SELECT c.oid::int8 AS table_oid, pol.polname::text AS name, \
        pol.polpermissive AS permissive, pol.polcmd::text AS command, \
        ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE ro.rolname::text END \
                FROM unnest(pol.polroles) AS r(oid) \
                LEFT JOIN pg_catalog.pg_roles ro ON ro.oid = r.oid) AS roles, \
        pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS using_expr, \
        pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS check_expr, \
        (SELECT min(d.refobjid::regprocedure::text) FROM pg_catalog.pg_depend d \
          JOIN pg_catalog.pg_proc p ON p.oid = d.refobjid \
          WHERE d.classid = 'pg_catalog.pg_policy'::regclass AND d.objid = pol.oid \
            AND d.refclassid = 'pg_catalog.pg_proc'::regclass \
            AND NOT (",
    modelled_routine!(),
    ")) AS calls \
     FROM pg_catalog.pg_policy pol JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " ORDER BY 1, 2"
);

/// A policy as read from `pg_policy`.
#[derive(Debug, FromRow)]
pub struct PolicyRow {
    pub table_oid: i64,
    pub name: String,
    pub permissive: bool,
    /// `r` select, `a` insert, `w` update, `d` delete, `*` all.
    pub command: String,
    pub roles: Vec<String>,
    pub using_expr: Option<String>,
    pub check_expr: Option<String>,
    /// A user function the policy calls (built-in ones are not recorded as dependencies).
    pub calls: Option<String>,
}

/// Domains: base type, default, `NOT NULL`, collation and CHECK constraints (as
/// `pg_get_constraintdef` prints them, in name order).
pub const DOMAINS: &str = concat!(
    "SELECT n.nspname::text AS schema, t.typname::text AS name, \
        pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base, \
        t.typnotnull AS not_null, t.typdefault AS default_sql, \
        (SELECT co.collname::text FROM pg_catalog.pg_collation co \
          JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype \
          WHERE co.oid = t.typcollation AND t.typcollation <> b.typcollation) AS collation, \
        ARRAY(SELECT c.conname::text FROM pg_catalog.pg_constraint c \
          WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_names, \
        ARRAY(SELECT pg_catalog.pg_get_constraintdef(c.oid) FROM pg_catalog.pg_constraint c \
          WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_defs, \
        ds.description AS comment \
     FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
     LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = t.oid \
       AND ds.classoid = 'pg_catalog.pg_type'::regclass AND ds.objsubid = 0 \
     WHERE t.typtype = 'd' AND ",
    ns_filter!(),
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
            WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid \
              AND d.deptype = 'e') \
     ORDER BY 1, 2"
);

/// A domain as read from `pg_type` and `pg_constraint`.
#[derive(Debug, FromRow)]
pub struct DomainRow {
    pub schema: String,
    pub name: String,
    pub base: String,
    pub not_null: bool,
    pub default_sql: Option<String>,
    pub collation: Option<String>,
    pub check_names: Vec<String>,
    /// `CHECK ((VALUE > 0))`, with ` NOT VALID` when not validated.
    pub check_defs: Vec<String>,
    pub comment: Option<String>,
}

/// Composite types (a `pg_class` of kind `c` that no table or view owns), attributes in order.
pub const COMPOSITES: &str = concat!(
    "SELECT n.nspname::text AS schema, t.typname::text AS name, \
        ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a \
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) \
          AS attribute_names, \
        ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a \
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) \
          AS attribute_types, \
        ARRAY(SELECT COALESCE((SELECT co.collname::text FROM pg_catalog.pg_collation co \
            JOIN pg_catalog.pg_type at ON at.oid = a.atttypid \
            WHERE co.oid = a.attcollation AND a.attcollation <> at.typcollation), '') \
          FROM pg_catalog.pg_attribute a \
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) \
          AS attribute_collations, \
        ds.description AS comment \
     FROM pg_catalog.pg_type t JOIN pg_catalog.pg_class c ON c.oid = t.typrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
     LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = t.oid \
       AND ds.classoid = 'pg_catalog.pg_type'::regclass AND ds.objsubid = 0 \
     WHERE t.typtype = 'c' AND c.relkind = 'c' AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " ORDER BY 1, 2"
);

/// A composite type.
#[derive(Debug, FromRow)]
pub struct CompositeRow {
    pub schema: String,
    pub name: String,
    pub attribute_names: Vec<String>,
    pub attribute_types: Vec<String>,
    /// Empty when the attribute has its type's collation.
    pub attribute_collations: Vec<String>,
    pub comment: Option<String>,
}

/// Extensions (not `plpgsql`, which every database has), with the schema they are in.
pub const EXTENSIONS: &str = "SELECT e.extname::text AS name, n.nspname::text AS schema, \
        e.extversion::text AS version \
     FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace \
     WHERE e.extname <> 'plpgsql' AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[])) \
     ORDER BY 1";

/// An extension.
#[derive(Debug, FromRow)]
pub struct ExtensionRow {
    pub name: String,
    pub schema: String,
    pub version: String,
}

/// Functions and procedures, as `pg_get_functiondef` prints them, and aggregates (see
/// `aggregate_definition!`).
pub const FUNCTIONS: &str = concat!(
    "SELECT CASE WHEN p.prokind = 'a' THEN ",
    aggregate_definition!(),
    " ELSE pg_catalog.pg_get_functiondef(p.oid) END AS definition, \
       ds.description AS comment, ",
    grants!("p.proacl", "f", "p.proowner"),
    " AS grants \
     FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace \
     LEFT JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid \
     LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = p.oid \
       AND ds.classoid = 'pg_catalog.pg_proc'::regclass AND ds.objsubid = 0 \
     WHERE ",
    modelled_routine!(),
    " AND ",
    ns_filter!(),
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
            WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid \
              AND d.deptype = 'e') \
     ORDER BY n.nspname, p.proname, p.oid"
);

/// A routine's definition.
#[derive(Debug, FromRow)]
pub struct FunctionRow {
    pub definition: String,
    pub comment: Option<String>,
    /// Its access list (see `grants!`).
    pub grants: Vec<String>,
}

/// Triggers of every selected table (not the internal ones behind foreign keys), as
/// `pg_get_triggerdef` prints them.
pub const TRIGGERS: &str = concat!(
    "SELECT c.oid::int8 AS table_oid, t.tgname::text AS name, \
        pg_catalog.pg_get_triggerdef(t.oid) AS definition, ds.description AS comment \
     FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = t.oid \
       AND ds.classoid = 'pg_catalog.pg_trigger'::regclass AND ds.objsubid = 0 \
     WHERE NOT t.tgisinternal AND c.relkind IN ('r', 'p') AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " ORDER BY 1, 2"
);

/// A trigger's definition.
#[derive(Debug, FromRow)]
pub struct TriggerRow {
    pub table_oid: i64,
    pub name: String,
    pub definition: String,
    pub comment: Option<String>,
}

/// Columns of every selected table, in `attnum` order. A column of a domain type names the
/// domain, as the model does.
pub const COLUMNS: &str = concat!(
    "SELECT a.attrelid::int8 AS table_oid, a.attname::text AS name, \
        format_type(eff.oid, eff.mod) AS type_sql, \
        t.typtype::text AS typtype, tn.nspname::text AS type_schema, t.typname::text AS type_name, \
        et.typtype::text AS elem_typtype, etn.nspname::text AS elem_schema, \
        et.typname::text AS elem_name, \
        a.attnotnull AS not_null, pg_get_expr(ad.adbin, ad.adrelid) AS default_sql, \
        a.attidentity::text AS identity, a.attgenerated::text AS generated, \
        ds.description AS comment, idseq.seqstart AS seq_start, \
        idseq.seqincrement AS seq_increment, idseq.seqmin AS seq_min, idseq.seqmax AS seq_max, \
        idseq.seqcache AS seq_cache, idseq.seqcycle AS seq_cycle, \
        (SELECT co.collname::text FROM pg_catalog.pg_collation co \
          WHERE co.oid = a.attcollation AND a.attcollation <> ct.typcollation) AS collation \
     FROM pg_catalog.pg_attribute a \
     JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     JOIN pg_catalog.pg_type ct ON ct.oid = a.atttypid \
     CROSS JOIN LATERAL (SELECT a.atttypid AS oid, a.atttypmod AS mod) eff \
     JOIN pg_catalog.pg_type t ON t.oid = eff.oid \
     JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace \
     LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typcategory = 'A' \
     LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace \
     LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
     LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid \
       AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum \
     LEFT JOIN LATERAL (SELECT sq.* FROM pg_catalog.pg_depend dp \
        JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = dp.objid \
        WHERE dp.classid = 'pg_catalog.pg_class'::regclass \
          AND dp.refclassid = 'pg_catalog.pg_class'::regclass AND dp.refobjid = a.attrelid \
          AND dp.refobjsubid = a.attnum AND dp.deptype = 'i' LIMIT 1) idseq \
       ON a.attidentity <> '' \
     WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " ORDER BY a.attrelid, a.attnum"
);

/// A column as read from `pg_attribute` (+ type and default).
#[derive(Debug, FromRow)]
pub struct ColumnRow {
    pub table_oid: i64,
    pub name: String,
    /// `format_type` output, e.g. `character varying(100)`, `auth.role[]`.
    pub type_sql: String,
    /// `pg_type.typtype`: `e` for enums.
    pub typtype: String,
    pub type_schema: String,
    pub type_name: String,
    /// For array types, the element's `typtype`.
    pub elem_typtype: Option<String>,
    pub elem_schema: Option<String>,
    pub elem_name: Option<String>,
    pub not_null: bool,
    /// `pg_get_expr` of the default or generation expression.
    pub default_sql: Option<String>,
    /// `a`, `d` or empty.
    pub identity: String,
    /// `s` or empty.
    pub generated: String,
    pub comment: Option<String>,
    /// The identity sequence's `pg_sequence` row (identity columns only).
    pub seq_start: Option<i64>,
    pub seq_increment: Option<i64>,
    pub seq_min: Option<i64>,
    pub seq_max: Option<i64>,
    pub seq_cache: Option<i64>,
    pub seq_cycle: Option<bool>,
    /// The column's collation when it is not its type's default.
    pub collation: Option<String>,
}

/// Primary key, unique, check, foreign key (and, for warnings, other) constraints. Foreign keys
/// PostgreSQL clones from a partitioned table's own (onto its partitions, or towards the
/// partitions of a referenced partitioned table) are not read: they belong to the parent's key.
pub const CONSTRAINTS: &str = concat!(
    "SELECT con.conrelid::int8 AS table_oid, con.conname::text AS name, \
        con.contype::text AS kind, \
        ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord) \
              JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num \
              ORDER BY k.ord) AS columns, \
        fn.nspname::text AS ref_schema, fc.relname::text AS ref_table, \
        ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord) \
              JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num \
              ORDER BY k.ord) AS ref_columns, \
        con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete, \
        con.confmatchtype::text AS match_type, \
        con.condeferrable AS deferrable, con.condeferred AS deferred, \
        con.convalidated AS validated, con.connoinherit AS no_inherit, \
        CASE WHEN con.contype IN ('u', 'x') OR con.confdeltype IN ('n', 'd') \
             THEN pg_get_constraintdef(con.oid) ELSE '' END AS definition, \
        CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS check_expr \
     FROM pg_catalog.pg_constraint con \
     JOIN pg_catalog.pg_class c ON c.oid = con.conrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid \
     LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace \
     WHERE c.relkind IN ('r', 'p') AND (con.contype <> 'f' OR con.conparentid = 0) AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " ORDER BY con.conrelid, con.conname"
);

/// A constraint as read from `pg_constraint`.
#[derive(Debug, FromRow)]
pub struct ConstraintRow {
    pub table_oid: i64,
    pub name: String,
    /// `p`, `u`, `c`, `f`, `x`, `t`, `n`.
    pub kind: String,
    /// Constrained column names, in key order.
    pub columns: Vec<String>,
    pub ref_schema: Option<String>,
    pub ref_table: Option<String>,
    pub ref_columns: Vec<String>,
    pub on_update: String,
    pub on_delete: String,
    pub match_type: String,
    pub deferrable: bool,
    pub deferred: bool,
    /// `convalidated`: false for `NOT VALID` checks and foreign keys.
    pub validated: bool,
    /// `connoinherit`: `NO INHERIT` checks.
    pub no_inherit: bool,
    /// `pg_get_constraintdef` where it tells more than the columns do (unique and exclusion
    /// constraints, `SET NULL`/`SET DEFAULT` foreign keys), e.g. `UNIQUE NULLS NOT DISTINCT (a)`;
    /// empty otherwise (it is the slowest part of the query).
    pub definition: String,
    /// `pg_get_expr(conbin)` for checks.
    pub check_expr: Option<String>,
}

/// Indexes that do not back a primary key, unique or exclusion constraint (on tables and
/// materialized views).
pub const INDEXES: &str = concat!(
    "SELECT i.indrelid::int8 AS table_oid, c.relkind::text AS table_kind, \
        n.nspname::text AS table_schema, c.relname::text AS table_name, \
        ic.relname::text AS name, \
        i.indisunique AS is_unique, am.amname::text AS method, \
        i.indnkeyatts::int4 AS key_count, \
        ARRAY(SELECT k.num::int4 FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord) \
              ORDER BY k.ord) AS attnums, \
        ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord) \
              LEFT JOIN pg_catalog.pg_attribute a \
                ON a.attrelid = i.indrelid AND a.attnum = k.num AND k.num > 0 \
              ORDER BY k.ord) AS column_names, \
        ARRAY(SELECT CASE WHEN k.num = 0 \
                     THEN pg_get_indexdef(i.indexrelid, k.ord::int4, false) END \
              FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord) \
              ORDER BY k.ord) AS column_defs, \
        ARRAY(SELECT o.opt::int4 FROM unnest(i.indoption::int2[]) WITH ORDINALITY o(opt, ord) \
              ORDER BY o.ord) AS options, \
        ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END \
              FROM unnest(i.indclass::oid[]) WITH ORDINALITY u(opc, ord) \
              LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = u.opc ORDER BY u.ord) AS opclasses, \
        ARRAY(SELECT CASE WHEN u.coll = 0 OR a.attnum IS NULL OR u.coll = a.attcollation \
                          THEN NULL \
                          ELSE co.collname::text END \
              FROM unnest(i.indcollation::oid[]) WITH ORDINALITY u(coll, ord) \
              LEFT JOIN pg_catalog.pg_collation co ON co.oid = u.coll \
              LEFT JOIN pg_catalog.pg_attribute a \
                ON a.attrelid = i.indrelid AND a.attnum = i.indkey[u.ord - 1] \
              ORDER BY u.ord) AS collations, \
        COALESCE(ic.reloptions, '{}')::text[] AS reloptions, \
        pg_catalog.obj_description(i.indexrelid, 'pg_class') AS comment, \
        pg_get_expr(i.indpred, i.indrelid) AS predicate, \
        CASE WHEN i.indisunique THEN pg_get_indexdef(i.indexrelid) ELSE '' END AS definition \
     FROM pg_catalog.pg_index i \
     JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
     JOIN pg_catalog.pg_class c ON c.oid = i.indrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     JOIN pg_catalog.pg_am am ON am.oid = ic.relam \
     WHERE c.relkind IN ('r', 'p', 'm') AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k \
        WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid \
          AND k.contype IN ('p', 'u', 'x')) \
     ORDER BY i.indrelid, ic.relname"
);

/// An index as read from `pg_index`.
#[derive(Debug, FromRow)]
pub struct IndexRow {
    pub table_oid: i64,
    /// `r`, `p`, or `m` (an index on a materialized view).
    pub table_kind: String,
    pub table_schema: String,
    pub table_name: String,
    pub name: String,
    pub is_unique: bool,
    pub method: String,
    /// Key columns come first; the rest (up to `attnums.len()`) are `INCLUDE` columns.
    pub key_count: i32,
    /// `indkey`: column numbers, 0 for an expression.
    pub attnums: Vec<i32>,
    /// Column names for `attnums` (NULL for expressions).
    pub column_names: Vec<Option<String>>,
    /// `pg_get_indexdef(index, k, false)` for each expression column (NULL for plain columns).
    pub column_defs: Vec<Option<String>>,
    /// `indoption` bits per key column: 1 = DESC, 2 = NULLS FIRST.
    pub options: Vec<i32>,
    /// Operator class per key column, NULL when it is the type's default.
    pub opclasses: Vec<Option<String>>,
    /// Collation per key column, NULL when it is the column's own (or the type has none).
    pub collations: Vec<Option<String>>,
    /// `reloptions`: storage parameters as `name=value`.
    pub reloptions: Vec<String>,
    /// `COMMENT ON INDEX`.
    pub comment: Option<String>,
    pub predicate: Option<String>,
    /// `pg_get_indexdef(index)` of a unique index, for `NULLS NOT DISTINCT` (else empty).
    pub definition: String,
}

/// Views and materialized views.
pub const VIEWS: &str = concat!(
    "SELECT n.nspname::text AS schema, c.relname::text AS name, \
        (c.relkind = 'm') AS materialized, pg_get_viewdef(c.oid) AS query, \
        ds.description AS comment, \
        (SELECT substring(o FROM 14) FROM unnest(c.reloptions) o \
          WHERE o LIKE 'check\\_option=%' LIMIT 1) AS check_option, \
        ARRAY(SELECT DISTINCT pn.nspname || '.' || p.proname \
          FROM pg_catalog.pg_rewrite r \
          JOIN pg_catalog.pg_depend rd ON rd.classid = 'pg_catalog.pg_rewrite'::regclass \
            AND rd.objid = r.oid AND rd.refclassid = 'pg_catalog.pg_proc'::regclass \
          JOIN pg_catalog.pg_proc p ON p.oid = rd.refobjid \
          JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace \
          WHERE r.ev_class = c.oid AND pn.nspname NOT IN ('pg_catalog', 'information_schema') \
            AND NOT (",
    modelled_routine!(),
    ") \
            AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend pe \
              WHERE pe.classid = 'pg_catalog.pg_proc'::regclass AND pe.objid = p.oid \
                AND pe.deptype = 'e') \
          ORDER BY 1) AS user_functions, \
        ARRAY(SELECT DISTINCT vn.nspname || '.' || v.relname \
          FROM pg_catalog.pg_rewrite r \
          JOIN pg_catalog.pg_depend rd ON rd.classid = 'pg_catalog.pg_rewrite'::regclass \
            AND rd.objid = r.oid AND rd.refclassid = 'pg_catalog.pg_class'::regclass \
          JOIN pg_catalog.pg_class v ON v.oid = rd.refobjid AND v.relkind IN ('v', 'm') \
            AND v.oid <> c.oid \
          JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace \
          WHERE r.ev_class = c.oid ORDER BY 1) AS used_views \
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid \
       AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0 \
     WHERE c.relkind IN ('v', 'm') AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " ORDER BY 1, 2"
);

/// A view as read from `pg_class` + `pg_get_viewdef`.
#[derive(Debug, FromRow)]
pub struct ViewRow {
    pub schema: String,
    pub name: String,
    pub materialized: bool,
    pub query: Option<String>,
    pub comment: Option<String>,
    /// `local` or `cascaded` (from `reloptions`), for a view `WITH ... CHECK OPTION`.
    pub check_option: Option<String>,
    /// `schema.name` of the user functions (not the system's, not an extension's) it calls.
    pub user_functions: Vec<String>,
    /// `schema.name` of the other views it reads.
    pub used_views: Vec<String>,
}

/// Standalone sequences: every sequence except identity columns' own (`deptype = 'i'`); the
/// owning column of `OWNED BY` (serial columns' too, which normalisation then recognises and
/// drops as the serial's own).
pub const SEQUENCES: &str = concat!(
    "SELECT n.nspname::text AS schema, c.relname::text AS name,         pg_catalog.format_type(s.seqtypid, NULL) AS data_type,         s.seqstart AS start, s.seqincrement AS increment, s.seqmin AS min_value,         s.seqmax AS max_value, s.seqcache AS cache, s.seqcycle AS cycle,         ds.description AS comment, own_ns.nspname::text AS owner_schema,         own.relname::text AS owner_table, att.attname::text AS owner_column, ",
    grants!("c.relacl", "s", "c.relowner"),
    " AS grants      FROM pg_catalog.pg_class c      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace      JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid      LEFT JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_class'::regclass        AND dep.objid = c.oid AND dep.refclassid = 'pg_catalog.pg_class'::regclass        AND dep.refobjsubid > 0 AND dep.deptype = 'a'      LEFT JOIN pg_catalog.pg_class own ON own.oid = dep.refobjid      LEFT JOIN pg_catalog.pg_namespace own_ns ON own_ns.oid = own.relnamespace      LEFT JOIN pg_catalog.pg_attribute att ON att.attrelid = dep.refobjid        AND att.attnum = dep.refobjsubid      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid        AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0      WHERE c.relkind = 'S' AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i             WHERE i.classid = 'pg_catalog.pg_class'::regclass AND i.objid = c.oid               AND i.deptype = 'i')      ORDER BY n.nspname, c.relname"
);

/// A sequence, with its owning column when it has one.
#[derive(Debug, FromRow)]
pub struct SequenceRow {
    pub schema: String,
    pub name: String,
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
    pub comment: Option<String>,
    pub owner_schema: Option<String>,
    pub owner_table: Option<String>,
    pub owner_column: Option<String>,
    /// Its access list (see `grants!`).
    pub grants: Vec<String>,
}

/// Objects the model has no place for, counted by kind with a few example names, so that
/// reading a database says what it left out (functions, triggers, policies, domains, composite
/// and range types, foreign tables).
pub const UNMODELLED: &str = concat!(
    "SELECT kind, count(*)::int8 AS count, (array_agg(name ORDER BY name))[1:3] AS examples \
     FROM ( \
       SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' \
                ELSE 'function' END AS kind, \
              n.nspname::text || '.' || p.proname::text AS name \
         FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace \
        WHERE NOT (",
    modelled_routine!(),
    ") AND ",
    ns_filter!(),
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
            WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid \
              AND d.deptype = 'e') \
       UNION ALL \
       SELECT 'trigger', n.nspname::text || '.' || c.relname::text || '.' || t.tgname::text \
         FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid \
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
        WHERE NOT t.tgisinternal AND c.relkind NOT IN ('r', 'p') AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " UNION ALL \
       SELECT 'foreign table', \
              n.nspname::text || '.' || c.relname::text \
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
        WHERE c.relkind = 'f' AND ",
    ns_filter!(),
    " AND ",
    not_extension_class!(),
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend o \
            WHERE o.classid = 'pg_catalog.pg_class'::regclass AND o.objid = c.oid \
              AND o.refobjsubid > 0 AND o.deptype IN ('a', 'i')) \
       UNION ALL \
       SELECT 'range type', \
              n.nspname::text || '.' || t.typname::text \
         FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
        WHERE t.typtype = 'r' AND ",
    ns_filter!(),
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
            WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid \
              AND d.deptype = 'e') \
     ) x GROUP BY kind ORDER BY kind"
);

/// How many objects of one kind were left out.
#[derive(Debug, FromRow)]
pub struct UnmodelledRow {
    pub kind: String,
    pub count: i64,
    /// Up to three qualified names.
    pub examples: Vec<String>,
}

/// One `aclexplode` entry of `$a` as `role<US>privilege<US>grantable`.
macro_rules! acl_entry {
    ($a:literal) => {
        concat!(
            "(CASE WHEN ",
            $a,
            ".grantee = 0 THEN 'public' \
               ELSE pg_catalog.pg_get_userbyid(",
            $a,
            ".grantee)::text END) \
             || chr(31) || ",
            $a,
            ".privilege_type || chr(31) || ",
            $a,
            ".is_grantable::text"
        )
    };
}

/// `ALTER DEFAULT PRIVILEGES` entries (`pg_default_acl`): `for_role` NULL for the connected
/// role (the one migrations run as); `entries` as `+` grants or `-` built-in defaults revoked.
/// A row for every schema replaces PostgreSQL's built-in defaults (`acldefault`), so its
/// entries are its difference from them; a row for one schema only adds.
pub const DEFAULT_PRIVILEGES: &str = concat!(
    "SELECT CASE WHEN da.defaclrole = (SELECT r.oid FROM pg_catalog.pg_roles r \
                                        WHERE r.rolname = current_user) THEN NULL \
             ELSE pg_catalog.pg_get_userbyid(da.defaclrole)::text END AS for_role, \
        n.nspname::text AS schema, da.defaclobjtype::text AS objtype, \
        ARRAY( \
          SELECT '+' || ",
    acl_entry!("a"),
    " FROM pg_catalog.aclexplode(da.defaclacl) a \
           WHERE da.defaclnamespace <> 0 OR NOT EXISTS ( \
             SELECT 1 FROM pg_catalog.aclexplode(pg_catalog.acldefault( \
               CASE da.defaclobjtype WHEN 'S' THEN 's' ELSE da.defaclobjtype END::\"char\", \
               da.defaclrole)) b \
             WHERE b.grantee = a.grantee AND b.privilege_type = a.privilege_type \
               AND b.is_grantable = a.is_grantable) \
          UNION ALL \
          SELECT '-' || ",
    acl_entry!("b"),
    " FROM pg_catalog.aclexplode(pg_catalog.acldefault( \
               CASE da.defaclobjtype WHEN 'S' THEN 's' ELSE da.defaclobjtype END::\"char\", \
               da.defaclrole)) b \
           WHERE da.defaclnamespace = 0 AND NOT EXISTS ( \
             SELECT 1 FROM pg_catalog.aclexplode(da.defaclacl) a \
             WHERE b.grantee = a.grantee AND b.privilege_type = a.privilege_type \
               AND b.is_grantable = a.is_grantable) \
          ORDER BY 1) AS entries \
     FROM pg_catalog.pg_default_acl da \
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = da.defaclnamespace \
     WHERE da.defaclnamespace = 0 OR (",
    ns_filter!(),
    ") ORDER BY 1, 2, 3"
);

/// A row of `pg_default_acl` (see [`DEFAULT_PRIVILEGES`]).
#[derive(Debug, FromRow)]
pub struct DefaultPrivilegeRow {
    pub for_role: Option<String>,
    pub schema: Option<String>,
    /// `r`, `S`, `f`, `T` or `n`.
    pub objtype: String,
    pub entries: Vec<String>,
}

/// Everything read from the catalog, before mapping into the model.
#[derive(Debug, Default)]
pub struct CatalogRows {
    pub namespaces: Vec<NamespaceRow>,
    pub enums: Vec<EnumRow>,
    pub tables: Vec<TableRow>,
    pub columns: Vec<ColumnRow>,
    pub constraints: Vec<ConstraintRow>,
    pub indexes: Vec<IndexRow>,
    pub views: Vec<ViewRow>,
    pub sequences: Vec<SequenceRow>,
    pub policies: Vec<PolicyRow>,
    pub functions: Vec<FunctionRow>,
    pub domains: Vec<DomainRow>,
    pub extensions: Vec<ExtensionRow>,
    pub composites: Vec<CompositeRow>,
    pub triggers: Vec<TriggerRow>,
    pub unmodelled: Vec<UnmodelledRow>,
    pub default_privileges: Vec<DefaultPrivilegeRow>,
}
