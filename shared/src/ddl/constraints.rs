//! Constraint and index renderers: the clauses `CREATE TABLE` embeds and the `ALTER TABLE ... ADD`
//! and `CREATE INDEX` statements the planner emits, with the states PostgreSQL keeps on them
//! (`NOT VALID`, `NO INHERIT`, `DEFERRABLE`, `MATCH FULL`, index storage parameters, collations).

use crate::model::{
    Check, ForeignKey, Index, IndexKey, IndexPart, NullsOrder, PrimaryKey, Schema, Table, Unique,
    View,
};
use crate::naming::{
    effective_fk_name_with, effective_index_name, effective_pk_name, effective_unique_name,
    quote_ident, quote_literal,
};

use super::{column_list, qualified_name, table_name_sql};

/// `CONSTRAINT <name> PRIMARY KEY (<cols>) [DEFERRABLE [INITIALLY DEFERRED]]`, for `CREATE
/// TABLE` or `ALTER TABLE ... ADD`.
pub fn primary_key_constraint_sql(table: &Table, pk: &PrimaryKey) -> String {
    format!(
        "CONSTRAINT {} PRIMARY KEY ({}){}",
        quote_ident(&effective_pk_name(table, pk)),
        column_list(table, &pk.columns),
        deferrable_sql(pk.deferrable, pk.initially_deferred)
    )
}

/// ` DEFERRABLE [INITIALLY DEFERRED]`, or nothing.
fn deferrable_sql(deferrable: bool, initially_deferred: bool) -> &'static str {
    match (deferrable, initially_deferred) {
        (false, _) => "",
        (true, false) => " DEFERRABLE",
        (true, true) => " DEFERRABLE INITIALLY DEFERRED",
    }
}

/// `CONSTRAINT <name> UNIQUE [NULLS NOT DISTINCT] (<cols>) [DEFERRABLE [INITIALLY DEFERRED]]`.
pub fn unique_constraint_sql(table: &Table, unique: &Unique) -> String {
    format!(
        "CONSTRAINT {} UNIQUE{} ({}){}",
        quote_ident(&effective_unique_name(table, unique)),
        if unique.nulls_not_distinct {
            " NULLS NOT DISTINCT"
        } else {
            ""
        },
        column_list(table, &unique.columns),
        deferrable_sql(unique.deferrable, unique.initially_deferred)
    )
}

/// `CONSTRAINT <name> CHECK (<expr>) [NO INHERIT]`. `NOT VALID` is not part of it: PostgreSQL
/// ignores it in `CREATE TABLE`, so [`add_check_sql`] carries it.
pub fn check_constraint_sql(check: &Check) -> String {
    format!(
        "CONSTRAINT {} CHECK ({}){}",
        quote_ident(&check.name),
        check.expression.trim(),
        if check.no_inherit { " NO INHERIT" } else { "" }
    )
}

/// `ALTER TABLE <t> ADD CONSTRAINT <name> CHECK (...) [NO INHERIT] [NOT VALID];`
pub fn add_check_sql(table: &Table, check: &Check) -> String {
    format!(
        "ALTER TABLE {} ADD {}{};",
        table_name_sql(table),
        check_constraint_sql(check),
        if check.not_valid { " NOT VALID" } else { "" }
    )
}

/// The `FOREIGN KEY (...) REFERENCES ... ON DELETE ... ON UPDATE ... [DEFERRABLE ...]` part, after
/// the constraint name.
pub fn foreign_key_clause_sql(schema: &Schema, table: &Table, fk: &ForeignKey) -> String {
    foreign_key_clause_with(table, fk, schema.table(&fk.ref_table))
}

fn foreign_key_clause_with(table: &Table, fk: &ForeignKey, ref_table: Option<&Table>) -> String {
    let (ref_name, ref_cols) = match ref_table {
        Some(rt) => (table_name_sql(rt), column_list(rt, &fk.ref_columns)),
        None => (
            quote_ident(fk.ref_table.as_str()).into_owned(),
            fk.ref_columns
                .iter()
                .map(|c| quote_ident(c.as_str()).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    };
    format!(
        "FOREIGN KEY ({}) REFERENCES {} ({}){} ON DELETE {} ON UPDATE {}{}",
        column_list(table, &fk.columns),
        ref_name,
        ref_cols,
        if fk.match_full { " MATCH FULL" } else { "" },
        fk.on_delete.sql(),
        fk.on_update.sql(),
        deferrable_sql(fk.deferrable, fk.initially_deferred)
    )
}

/// `ALTER TABLE <t> ADD CONSTRAINT <name> FOREIGN KEY ... [NOT VALID];`
pub fn add_foreign_key_sql(schema: &Schema, table: &Table, fk: &ForeignKey) -> String {
    add_foreign_key_with(table, fk, schema.table(&fk.ref_table))
}

pub(super) fn add_foreign_key_with(
    table: &Table,
    fk: &ForeignKey,
    ref_table: Option<&Table>,
) -> String {
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} {}{};",
        table_name_sql(table),
        quote_ident(&effective_fk_name_with(table, fk, ref_table)),
        foreign_key_clause_with(table, fk, ref_table),
        if fk.not_valid { " NOT VALID" } else { "" }
    )
}

fn index_part_sql(table: &Table, part: &IndexPart) -> String {
    let mut s = match &part.key {
        IndexKey::Column(id) => match table.column(id) {
            Some(c) => quote_ident(&c.name).into_owned(),
            None => quote_ident(id.as_str()).into_owned(),
        },
        IndexKey::Expression(e) => format!("({})", e.trim()),
    };
    if let Some(c) = &part.collation {
        s.push_str(" COLLATE ");
        s.push_str(&quote_ident(c));
    }
    if let Some(op) = &part.opclass {
        s.push(' ');
        s.push_str(op.trim());
    }
    if part.descending {
        s.push_str(" DESC");
    }
    match part.nulls {
        Some(NullsOrder::First) => s.push_str(" NULLS FIRST"),
        Some(NullsOrder::Last) => s.push_str(" NULLS LAST"),
        None => {}
    }
    s
}

/// `CREATE [UNIQUE] INDEX <name> ON <t> USING <method> (<parts>) [INCLUDE (...)]
/// [NULLS NOT DISTINCT] [WITH (<storage>)] [WHERE <predicate>];` (index names live in the table's schema, so the
/// name itself is never qualified).
pub fn create_index_sql(schema: &Schema, table: &Table, index: &Index) -> String {
    let _ = schema;
    let mut s = format!(
        "CREATE {}INDEX {} ON {} USING {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        quote_ident(&effective_index_name(table, index)),
        table_name_sql(table),
        index.method.sql(),
        index
            .parts
            .iter()
            .map(|p| index_part_sql(table, p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !index.include.is_empty() {
        s.push_str(&format!(
            " INCLUDE ({})",
            column_list(table, &index.include)
        ));
    }
    if index.unique && index.nulls_not_distinct {
        s.push_str(" NULLS NOT DISTINCT");
    }
    push_storage(&mut s, index);
    if let Some(p) = &index.predicate {
        s.push_str(&format!(" WHERE {}", p.trim()));
    }
    s.push(';');
    s
}

/// ` WITH (name = value, ...)` of an index with storage parameters.
fn push_storage(s: &mut String, index: &Index) {
    if !index.storage.is_empty() {
        let params: Vec<String> = index
            .storage
            .iter()
            .map(|(k, v)| format!("{} = {}", quote_ident(k), storage_value_sql(v)))
            .collect();
        s.push_str(&format!(" WITH ({})", params.join(", ")));
    }
}

/// A storage parameter's value: a number or a plain lowercase word as it is, anything else as a
/// string literal (PostgreSQL stores them all as text).
fn storage_value_sql(v: &str) -> String {
    let plain_number = !v.is_empty() && v.parse::<f64>().is_ok() && !v.contains(['e', 'E', ' ']);
    let plain_word = v
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain_number || plain_word {
        v.to_string()
    } else {
        quote_literal(v)
    }
}

/// `COMMENT ON INDEX <schema>.<name> IS '...';` for an index with a comment.
pub fn index_comment_statement(table: &Table, index: &Index) -> Option<String> {
    index.comment.as_ref().map(|c| {
        format!(
            "COMMENT ON INDEX {} IS {};",
            qualified_name(&table.schema, &effective_index_name(table, index)),
            quote_literal(c)
        )
    })
}

/// `CREATE [UNIQUE] INDEX <name> ON <matview> USING <method> (<parts>) [NULLS NOT DISTINCT]
/// [WITH (<storage>)] [WHERE <predicate>];` for an index of a materialized view.
pub fn create_view_index_sql(view: &View, index: &Index) -> String {
    let parts = index
        .parts
        .iter()
        .map(|p| {
            let mut s = match &p.key {
                IndexKey::Expression(e) if super::is_column_name(e) => e.trim().to_string(),
                IndexKey::Expression(e) => format!("({})", e.trim()),
                IndexKey::Column(id) => quote_ident(id.as_str()).into_owned(),
            };
            if let Some(op) = &p.opclass {
                s.push(' ');
                s.push_str(op.trim());
            }
            if p.descending {
                s.push_str(" DESC");
            }
            match p.nulls {
                Some(NullsOrder::First) => s.push_str(" NULLS FIRST"),
                Some(NullsOrder::Last) => s.push_str(" NULLS LAST"),
                None => {}
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut s = format!(
        "CREATE {}INDEX {} ON {} USING {} ({parts})",
        if index.unique { "UNIQUE " } else { "" },
        quote_ident(&crate::naming::effective_view_index_name(view, index)),
        qualified_name(&view.schema, &view.name),
        index.method.sql(),
    );
    if index.unique && index.nulls_not_distinct {
        s.push_str(" NULLS NOT DISTINCT");
    }
    push_storage(&mut s, index);
    if let Some(p) = &index.predicate {
        s.push_str(&format!(" WHERE {}", p.trim()));
    }
    s.push(';');
    s
}
