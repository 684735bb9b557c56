//! Rules 2, 4, 6 and 7 applied to one table: `NOT NULL` on key, serial and identity columns,
//! defaults, serial recovery from `nextval(...)` defaults, trimmed and canonical expressions, and
//! flags that cannot take effect.

use crate::model::{Column, ColumnType, DefaultValue, IndexKey, Schema, Table};

use crate::naming::pg_object_name;

use super::defaults::normalize_default;
use super::expression::canonical_expression;
use crate::sql::lexical::nextval_sequence;

pub(super) fn normalize_table(schema: &Schema, table: &mut Table) {
    // Rule 4 needs the column's own name and table name.
    let table_name = table.name.clone();
    let table_schema = table.schema.clone();
    let own = Some((table_schema.as_str(), table_name.as_str()));
    let pk_cols: Vec<_> = table
        .primary_key
        .as_ref()
        .map(|pk| pk.columns.clone())
        .unwrap_or_default();
    for column in &mut table.columns {
        recover_serial(&table_schema, &table_name, column);
        let serial = matches!(
            column.ty,
            ColumnType::SmallSerial | ColumnType::Serial | ColumnType::BigSerial
        );
        if pk_cols.contains(&column.id) || serial || column.identity.is_some() {
            column.not_null = true;
        }
        column.identity_options = match column.identity {
            Some(_) => column.identity_options.canonical(&column.ty),
            None => Default::default(),
        };
        column.default = column
            .default
            .take()
            .and_then(|d| normalize_default(schema, &column.ty, d));
        if let Some(g) = &mut column.generated {
            *g = canonical_expression(g.trim(), own);
        }
    }
    for check in &mut table.checks {
        check.expression = canonical_expression(check.expression.trim(), own);
    }
    for policy in &mut table.policies {
        // Not stripped of the table's own qualifier (unlike a check): a policy may hold a
        // subquery, where `posts.team` and `team` name different columns.
        for e in [&mut policy.using, &mut policy.with_check]
            .into_iter()
            .flatten()
        {
            *e = canonical_expression(e.trim(), None);
        }
        // `TO PUBLIC` is the default, and a list naming PUBLIC among others means every role
        // too (dropping PUBLIC alone would narrow it: a restrictive policy would stop applying
        // to the others); roles are kept sorted by name (the catalog's order follows role oids,
        // which differ between databases).
        if policy.roles.iter().any(|r| r == "public") {
            policy.roles.clear();
        }
        policy.roles.sort();
        policy.roles.dedup();
    }
    for fk in &mut table.foreign_keys {
        if !fk.deferrable {
            fk.initially_deferred = false;
        }
    }
    for index in &mut table.indexes {
        if !index.unique {
            index.nulls_not_distinct = false;
        }
        for part in &mut index.parts {
            if let IndexKey::Expression(e) = &mut part.key {
                *e = canonical_expression(e.trim(), own);
            }
        }
        if let Some(p) = &mut index.predicate {
            *p = canonical_expression(p.trim(), own);
        }
    }
}

fn recover_serial(table_schema: &str, table_name: &str, column: &mut Column) {
    let serial = match column.ty {
        ColumnType::SmallInt => ColumnType::SmallSerial,
        ColumnType::Integer => ColumnType::Serial,
        ColumnType::BigInt => ColumnType::BigSerial,
        _ => return,
    };
    let Some(DefaultValue::Expression(e)) = &column.default else {
        return;
    };
    let Some(seq) = nextval_sequence(e) else {
        return;
    };
    let expected = pg_object_name(table_name, Some(&column.name), "seq");
    let matches = seq == [expected.clone()] || seq == [table_schema.to_string(), expected.clone()];
    if matches && column.identity.is_none() {
        column.ty = serial;
        column.default = None;
    }
}

#[cfg(test)]
mod tests {
    use crate::sql::lexical::nextval_sequence;

    #[test]
    fn nextval_parsing() {
        assert_eq!(
            nextval_sequence("nextval('users_id_seq'::regclass)"),
            Some(vec!["users_id_seq".to_string()])
        );
        assert_eq!(
            nextval_sequence("nextval('auth.\"Users_id_seq\"'::regclass)"),
            Some(vec!["auth".to_string(), "Users_id_seq".to_string()])
        );
        assert_eq!(nextval_sequence("now()"), None);
    }
}
