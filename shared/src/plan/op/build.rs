//! The ops built from the model, where `ddl` renders the body.

use crate::ddl::{self, qualified_name};
use crate::model::{Check, Enum, ForeignKey, Index, Schema, Table, View};
use crate::naming::{
    effective_fk_name, effective_index_name, effective_view_index_name, quote_ident,
};

use super::{Op, Relation};

/// The ops built from the model, where `ddl` renders the body.
impl Op {
    /// `CREATE TABLE` for `table` of `schema`.
    pub fn create_table(schema: &Schema, table: &Table) -> Op {
        Op::CreateTable {
            schema: table.schema.clone(),
            name: table.name.clone(),
            sql: ddl::create_table_sql(schema, table),
        }
    }

    /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY`, `NOT VALID` when designed so or `not_valid`.
    pub fn add_foreign_key(schema: &Schema, table: &Table, fk: &ForeignKey, not_valid: bool) -> Op {
        let name = effective_fk_name(schema, table, fk);
        Op::AddConstraint {
            table: Relation::of(table),
            definition: format!(
                "CONSTRAINT {} {}",
                quote_ident(&name),
                ddl::foreign_key_clause_sql(schema, table, fk)
            ),
            name,
            not_valid: fk.not_valid || not_valid,
            references: schema.table(&fk.ref_table).map(Relation::of),
        }
    }

    /// `ALTER TABLE … ADD CONSTRAINT … CHECK`, `NOT VALID` when designed so or `not_valid`.
    pub fn add_check(table: &Table, check: &Check, not_valid: bool) -> Op {
        Op::AddConstraint {
            table: Relation::of(table),
            name: check.name.clone(),
            definition: ddl::check_constraint_sql(check),
            not_valid: check.not_valid || not_valid,
            references: None,
        }
    }

    /// `CREATE INDEX` of `index` on `table`.
    pub fn create_index(schema: &Schema, table: &Table, index: &Index, concurrently: bool) -> Op {
        Op::CreateIndex {
            table: Relation::of(table),
            schema: table.schema.clone(),
            name: effective_index_name(table, index),
            concurrently,
            sql: ddl::create_index_sql(schema, table, index),
        }
    }

    /// `CREATE INDEX` of `index` on materialized view `view`.
    pub fn create_view_index(view: &View, index: &Index, concurrently: bool) -> Op {
        Op::CreateIndex {
            table: Relation::new(&view.schema, &view.name),
            schema: view.schema.clone(),
            name: effective_view_index_name(view, index),
            concurrently,
            sql: ddl::create_view_index_sql(view, index),
        }
    }

    /// `COMMENT ON INDEX` of `index` of `table`: its comment, or NULL.
    pub fn index_comment(table: &Table, index: &Index) -> Op {
        Op::Comment {
            on: "INDEX".into(),
            target: qualified_name(&table.schema, &effective_index_name(table, index)),
            text: index.comment.clone(),
            table: None,
        }
    }

    /// The comments of a new table: the table's, its columns', its indexes'.
    pub fn table_comments(table: &Table) -> Vec<Op> {
        let rel = Relation::of(table);
        let mut out = Vec::new();
        if let Some(c) = &table.comment {
            out.push(Op::Comment {
                on: "TABLE".into(),
                target: rel.to_string(),
                text: Some(c.clone()),
                table: Some(rel.clone()),
            });
        }
        for column in &table.columns {
            if let Some(c) = &column.comment {
                out.push(Op::Comment {
                    on: "COLUMN".into(),
                    target: format!("{rel}.{}", quote_ident(&column.name)),
                    text: Some(c.clone()),
                    table: Some(rel.clone()),
                });
            }
        }
        out.extend(
            table
                .indexes
                .iter()
                .filter(|ix| ix.comment.is_some())
                .map(|ix| Op::index_comment(table, ix)),
        );
        out
    }

    /// `CREATE [MATERIALIZED] VIEW`.
    pub fn create_view(view: &View) -> Op {
        Op::CreateView {
            schema: view.schema.clone(),
            name: view.name.clone(),
            materialized: view.materialized,
            sql: ddl::create_view_sql(view),
        }
    }

    /// `CREATE TYPE … AS ENUM`.
    pub fn create_enum(e: &Enum) -> Op {
        Op::CreateEnum {
            schema: e.schema.clone(),
            name: e.name.clone(),
            sql: ddl::create_enum_sql(e),
        }
    }
}
