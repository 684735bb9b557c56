//! Domains and composite types as DDL.

use super::{column_type_sql, qualified_name};
use crate::model::{CompositeAttribute, CompositeType, Domain, DomainCheck, Schema};
use crate::naming::quote_ident;

/// `CHECK (…) [NOT VALID]` of a domain constraint, named.
pub fn domain_check_sql(c: &DomainCheck) -> String {
    format!(
        "CONSTRAINT {} CHECK ({}){}",
        quote_ident(&c.name),
        c.expression,
        if c.not_valid { " NOT VALID" } else { "" }
    )
}

/// `CREATE DOMAIN name AS base [COLLATE c] [DEFAULT …] [NOT NULL] [CONSTRAINT n CHECK (…)]…;`
/// (a `NOT VALID` check is added afterwards: `CREATE DOMAIN` does not take one).
pub fn create_domain_sql(schema: &Schema, d: &Domain) -> String {
    let mut sql = format!(
        "CREATE DOMAIN {} AS {}",
        qualified_name(&d.schema, &d.name),
        column_type_sql(schema, &d.base)
    );
    if let Some(c) = &d.collation {
        sql.push_str(&format!(" COLLATE {}", quote_ident(c)));
    }
    if let Some(e) = &d.default {
        sql.push_str(&format!(" DEFAULT {e}"));
    }
    if d.not_null {
        sql.push_str(" NOT NULL");
    }
    for c in d.checks.iter().filter(|c| !c.not_valid) {
        sql.push(' ');
        sql.push_str(&domain_check_sql(c));
    }
    sql.push(';');
    sql
}

/// The statements creating a domain: `CREATE DOMAIN`, then its `NOT VALID` checks.
pub fn domain_statements(schema: &Schema, d: &Domain) -> Vec<String> {
    let mut out = vec![create_domain_sql(schema, d)];
    for c in d.checks.iter().filter(|c| c.not_valid) {
        out.push(format!(
            "ALTER DOMAIN {} ADD {};",
            qualified_name(&d.schema, &d.name),
            domain_check_sql(c)
        ));
    }
    out
}

/// `name type [COLLATE c]` of a composite type's attribute.
pub fn composite_attribute_sql(schema: &Schema, a: &CompositeAttribute) -> String {
    let mut sql = format!(
        "{} {}",
        quote_ident(&a.name),
        column_type_sql(schema, &a.ty)
    );
    if let Some(c) = &a.collation {
        sql.push_str(&format!(" COLLATE {}", quote_ident(c)));
    }
    sql
}

/// `CREATE TYPE name AS (attr type, …);`
pub fn create_composite_sql(schema: &Schema, c: &CompositeType) -> String {
    let attrs: Vec<String> = c
        .attributes
        .iter()
        .map(|a| composite_attribute_sql(schema, a))
        .collect();
    format!(
        "CREATE TYPE {} AS ({});",
        qualified_name(&c.schema, &c.name),
        attrs.join(", ")
    )
}
