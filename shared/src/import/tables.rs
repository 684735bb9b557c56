//! `CREATE TABLE` and `ALTER TABLE`: columns, keys, checks, foreign keys (with their states) and
//! what renames and drops do to them, applied to the raw model.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, CreateTable, Expr,
    GeneratedAs, ReferentialAction as SqlAction, TableConstraint,
};

use super::raw::*;
use super::source::ExprSource;
use super::split::RawStatement;
use super::statements::Importer;
use crate::model::{Identity, IndexMethod, ReferentialAction};

impl<'a> Importer<'a> {
    pub(super) fn create_table(&mut self, ct: CreateTable, st: &RawStatement, loc: &Loc) {
        let qn = qname(&ct.name);
        if ct.partition_of.is_some() {
            if self.table_index(&qn).is_some() {
                self.error(loc, format!("table {} is defined twice", show(&qn)));
            } else {
                self.create_partition(qn, st, loc);
            }
            return;
        }
        if ct.query.is_some() || ct.like.is_some() || ct.clone.is_some() {
            self.warn(
                loc,
                "CREATE TABLE ... AS/LIKE skipped: its columns are not known without a database",
            );
            return;
        }
        if self.table_index(&qn).is_some() {
            if ct.if_not_exists {
                self.warn(
                    loc,
                    format!(
                        "table {} already defined; IF NOT EXISTS keeps the first",
                        show(&qn)
                    ),
                );
            } else {
                self.error(loc, format!("table {} is defined twice", show(&qn)));
            }
            return;
        }
        if self.views.iter().any(|v| v.qname == qn) {
            self.error(loc, format!("{} is already a view", show(&qn)));
            return;
        }
        let partition_by = match self.partition_by(st) {
            Some(Ok(p)) => Some(p),
            Some(Err(message)) => {
                self.error(loc, message);
                return;
            }
            None => None,
        };
        if ct.unlogged {
            self.warn(loc, "UNLOGGED is not modelled: imported as a logged table");
        }
        if ct.table_options != sqlparser::ast::CreateTableOptions::None {
            self.warn(
                loc,
                format!(
                    "table options {} are not modelled",
                    ct.table_options.to_string().trim()
                ),
            );
        }
        let mut table = RawTable {
            grants: Vec::new(),
            qname: qn,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            row_security: Default::default(),
            policies: Vec::new(),
            triggers: Vec::new(),
            trigger_comments: Vec::new(),
            partition_by,
            partition_of: None,
            loc: loc.clone(),
        };
        let mut problems = Vec::new();
        if let Some(parents) = &ct.inherits {
            // PostgreSQL gives the child the parents' columns first (with their NOT NULL and
            // defaults); pg_dump relies on that when it sets defaults on inherited columns.
            let mut names = Vec::new();
            for p in parents {
                let pq = qname(p);
                names.push(show(&pq));
                match self.table_index(&pq) {
                    Some(pi) => {
                        for c in &self.tables[pi].columns {
                            if !table.columns.iter().any(|x| x.name == c.name) {
                                table.columns.push(RawColumn {
                                    comment: None,
                                    identity: None,
                                    identity_options: Default::default(),
                                    ..c.clone()
                                });
                            }
                        }
                    }
                    None => problems.push(Problem::Error(format!(
                        "parent table {} is not defined before this statement",
                        show(&pq)
                    ))),
                }
            }
            self.warn(
                loc,
                format!(
                    "INHERITS ({}) is not modelled: the parents' columns are copied into the table",
                    names.join(", ")
                ),
            );
        }
        let mut src = ExprSource::new(self.text, &st.toks, st.end, &self.parsed);
        for col in ct.columns {
            // A column also inherited is merged; the child's definition wins here.
            let name = fold(&col.name);
            if ct.inherits.is_some() {
                table.columns.retain(|c| c.name != name);
            }
            add_column(&mut table, col, &mut src, loc, &mut problems);
        }
        for c in ct.constraints {
            add_constraint(&mut table, c, false, &mut src, loc, &mut problems);
        }
        drop_redundant_keys(&mut table);
        for p in problems {
            self.report(loc, p);
        }
        self.add_table(table);
    }

    pub(super) fn alter_table_op(
        &mut self,
        ti: usize,
        op: AlterTableOperation,
        src: &mut ExprSource,
        loc: &Loc,
    ) {
        let mut renamed: Option<(QName, String)> = None;
        let mut problems = Vec::new();
        let table = &mut self.tables[ti];
        match op {
            AlterTableOperation::AddConstraint {
                constraint,
                not_valid,
            } => add_constraint(table, constraint, not_valid, src, loc, &mut problems),
            AlterTableOperation::EnableRowLevelSecurity => table.row_security.enabled = true,
            AlterTableOperation::DisableRowLevelSecurity => table.row_security.enabled = false,
            AlterTableOperation::ForceRowLevelSecurity => table.row_security.forced = true,
            AlterTableOperation::NoForceRowLevelSecurity => table.row_security.forced = false,
            AlterTableOperation::ValidateConstraint { name } => {
                let name = fold(&name);
                let check = table
                    .checks
                    .iter_mut()
                    .find(|c| c.name.as_deref() == Some(&name));
                match check {
                    Some(c) => c.not_valid = false,
                    None => match table
                        .foreign_keys
                        .iter_mut()
                        .find(|f| f.name.as_deref() == Some(&name))
                    {
                        Some(f) => f.not_valid = false,
                        None => problems.push(Problem::Error(format!(
                            "constraint {name} is not a check or foreign key defined in this file"
                        ))),
                    },
                }
            }
            AlterTableOperation::AddColumn {
                column_def,
                if_not_exists,
                ..
            } => {
                let name = fold(&column_def.name);
                if table.columns.iter().any(|c| c.name == name) {
                    if !if_not_exists {
                        problems.push(Problem::Error(format!("column {name} already exists")));
                    }
                } else {
                    add_column(table, column_def, src, loc, &mut problems);
                }
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                let name = fold(&column_name);
                match table.columns.iter_mut().find(|c| c.name == name) {
                    None => problems.push(Problem::Error(format!("column {name} does not exist"))),
                    Some(col) => match op {
                        AlterColumnOperation::SetNotNull => col.not_null = true,
                        AlterColumnOperation::DropNotNull => col.not_null = false,
                        AlterColumnOperation::SetDefault { value } => {
                            col.default = default_text(&value, src)
                        }
                        AlterColumnOperation::DropDefault => col.default = None,
                        AlterColumnOperation::SetDataType { data_type, .. } => {
                            col.data_type = data_type
                        }
                        AlterColumnOperation::AddGenerated {
                            generated_as,
                            sequence_options,
                        } => {
                            col.identity = Some(match generated_as {
                                Some(GeneratedAs::ByDefault) => Identity::ByDefault,
                                _ => Identity::Always,
                            });
                            col.not_null = true;
                            col.identity_options =
                                identity_options(&name, sequence_options.as_deref(), &mut problems);
                        }
                        other => problems.push(Problem::Warning(format!(
                            "ALTER COLUMN {other} is not modelled; skipped"
                        ))),
                    },
                }
            }
            AlterTableOperation::DropColumn {
                column_names,
                if_exists,
                ..
            } => {
                for c in column_names {
                    let name = fold(&c);
                    let before = table.columns.len();
                    table.columns.retain(|col| col.name != name);
                    if before == table.columns.len() && !if_exists {
                        problems.push(Problem::Error(format!("column {name} does not exist")));
                    }
                    drop_column_refs(table, &name);
                }
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let (old, new) = (fold(&old_column_name), fold(&new_column_name));
                match table.columns.iter_mut().find(|c| c.name == old) {
                    Some(c) => {
                        c.name = new.clone();
                        rename_column_refs(table, &old, &new);
                    }
                    None => problems.push(Problem::Error(format!("column {old} does not exist"))),
                }
            }
            AlterTableOperation::DropConstraint {
                name, if_exists, ..
            } => {
                let name = fold(&name);
                let found = drop_constraint(table, &name);
                if !found && !if_exists {
                    problems.push(Problem::Error(format!(
                        "constraint {name} is not defined in this file (only named constraints can be dropped)"
                    )));
                }
            }
            AlterTableOperation::RenameTable { table_name } => {
                let new = match &table_name {
                    sqlparser::ast::RenameTableNameKind::To(n)
                    | sqlparser::ast::RenameTableNameKind::As(n) => n.0.last().map(fold_name_part),
                };
                match new {
                    Some(new) => renamed = Some((table.qname.clone(), new)),
                    None => problems.push(Problem::Error("RENAME TO needs a name".into())),
                }
            }
            AlterTableOperation::RenameConstraint { old_name, new_name } => {
                let (old, new) = (fold(&old_name), fold(&new_name));
                if !rename_constraint(table, &old, &new) {
                    problems.push(Problem::Error(format!(
                        "constraint {old} is not defined in this file"
                    )));
                }
            }
            other => problems.push(Problem::Warning(format!(
                "ALTER TABLE ... {} is not modelled; skipped",
                first_words(&other.to_string())
            ))),
        }
        for p in problems {
            self.report(loc, p);
        }
        if let Some((old, new)) = renamed {
            let new_q = QName {
                schema: old.schema.clone(),
                name: new,
            };
            if self.table_index(&new_q).is_some() || self.views.iter().any(|v| v.qname == new_q) {
                self.error(loc, format!("{} already exists", show(&new_q)));
                return;
            }
            self.tables[ti].qname = new_q.clone();
            self.reindex_tables();
            for t in &mut self.tables {
                for fk in &mut t.foreign_keys {
                    if fk.ref_table == old {
                        fk.ref_table = new_q.clone();
                    }
                }
            }
        }
    }
}

pub(super) fn sql_action(a: Option<SqlAction>) -> ReferentialAction {
    match a {
        None | Some(SqlAction::NoAction) => ReferentialAction::NoAction,
        Some(SqlAction::Restrict) => ReferentialAction::Restrict,
        Some(SqlAction::Cascade) => ReferentialAction::Cascade,
        Some(SqlAction::SetNull) => ReferentialAction::SetNull,
        Some(SqlAction::SetDefault) => ReferentialAction::SetDefault,
    }
}

/// A default's text, or `None` for `DEFAULT NULL` (also `NULL::type`).
pub(super) fn default_text(e: &Expr, src: &mut ExprSource) -> Option<String> {
    let mut inner = unwrap_nested(e);
    while let Expr::Cast { expr, .. } = inner {
        inner = unwrap_nested(expr);
    }
    if matches!(inner, Expr::Value(v) if v.value == sqlparser::ast::Value::Null) {
        return None;
    }
    // `DEFAULT $$text$$` is the literal 'text'.
    if let Expr::Value(v) = unwrap_nested(e) {
        if let sqlparser::ast::Value::DollarQuotedString(d) = &v.value {
            return Some(crate::naming::quote_literal(&d.value));
        }
    }
    Some(src.text_for(e))
}

/// The identity sequence options written after `AS IDENTITY`. pg_dump always spells out the
/// defaults (`START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1`), as drizzle-kit
/// spells out the type's bounds: they are dropped by normalisation. A value that is no integer
/// is reported and left out; the sequence name and type (`SEQUENCE NAME`, `AS`) are not kept.
pub(super) fn identity_options(
    column: &str,
    options: Option<&[sqlparser::ast::SequenceOptions]>,
    problems: &mut Vec<Problem>,
) -> crate::model::IdentityOptions {
    use sqlparser::ast::SequenceOptions as O;
    let mut out = crate::model::IdentityOptions::default();
    let mut number = |e: &Expr, what: &str| -> Option<i64> {
        let text = e.to_string().replace(' ', "");
        let v = text.parse::<i64>().ok();
        if v.is_none() {
            problems.push(Problem::Warning(format!(
                "identity option {what} {text} of column {column} is not an integer; left out"
            )));
        }
        v
    };
    for o in options.unwrap_or_default() {
        match o {
            O::StartWith(e, _) => out.start = number(e, "START WITH"),
            O::IncrementBy(e, _) => out.increment = number(e, "INCREMENT BY"),
            O::Cache(e) => out.cache = number(e, "CACHE"),
            O::MinValue(v) => out.min_value = v.as_ref().and_then(|e| number(e, "MINVALUE")),
            O::MaxValue(v) => out.max_value = v.as_ref().and_then(|e| number(e, "MAXVALUE")),
            O::Cycle(no) => out.cycle = !*no,
            O::DataType(_) | O::OwnedBy(_) => {}
        }
    }
    out
}

pub(super) fn key_columns(cols: &[sqlparser::ast::IndexColumn]) -> Result<Vec<String>, String> {
    cols.iter()
        .map(|c| match unwrap_nested(&c.column.expr) {
            Expr::Identifier(i) => Ok(fold(i)),
            other => Err(format!("constraint key {other} is not a column")),
        })
        .collect()
}

pub(super) fn add_column(
    table: &mut RawTable,
    col: ColumnDef,
    src: &mut ExprSource,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    let name = fold(&col.name);
    if table.columns.iter().any(|c| c.name == name) {
        problems.push(Problem::Error(format!("column {name} is defined twice")));
        return;
    }
    let mut column = RawColumn {
        name: name.clone(),
        data_type: col.data_type,
        not_null: false,
        default: None,
        identity: None,
        identity_options: Default::default(),
        collation: None,
        generated: None,
        comment: None,
    };
    for opt in col.options {
        let cname = opt.name.as_ref().map(fold);
        match opt.option {
            ColumnOption::Null => column.not_null = false,
            ColumnOption::NotNull => column.not_null = true,
            ColumnOption::Default(e) => column.default = default_text(&e, src),
            ColumnOption::Collation(c) => {
                column.collation = c.0.last().map(fold_name_part).filter(|c| c != "default")
            }
            ColumnOption::PrimaryKey(pk) => {
                let (deferrable, initially_deferred) = deferral(&pk.characteristics);
                let key = RawKey {
                    name: cname.or(pk.name.as_ref().map(fold)),
                    columns: vec![name.clone()],
                    nulls_not_distinct: false,
                    deferrable,
                    initially_deferred,
                    loc: loc.clone(),
                };
                set_pk(table, key, problems);
            }
            ColumnOption::Unique(u) => {
                let (deferrable, initially_deferred) = deferral(&u.characteristics);
                table.uniques.push(RawKey {
                    name: cname.or(u.name.as_ref().map(fold)),
                    columns: vec![name.clone()],
                    nulls_not_distinct: matches!(
                        u.nulls_distinct,
                        sqlparser::ast::NullsDistinctOption::NotDistinct
                    ),
                    deferrable,
                    initially_deferred,
                    loc: loc.clone(),
                })
            }
            ColumnOption::ForeignKey(fk) => {
                let name_ = cname.or(fk.name.as_ref().map(fold));
                let fk = sqlparser::ast::ForeignKeyConstraint {
                    columns: vec![col.name.clone()],
                    name: None,
                    ..fk
                };
                push_fk(table, name_, fk, false, loc, problems);
            }
            ColumnOption::Check(c) => table.checks.push(RawCheck {
                name: cname.or(c.name.as_ref().map(fold)),
                expr: src.text_for(&c.expr),
                not_valid: false,
                no_inherit: c.no_inherit,
            }),
            ColumnOption::Generated {
                generated_as,
                generation_expr,
                sequence_options,
                ..
            } => match (generated_as, generation_expr) {
                (_, Some(e)) => column.generated = Some(src.text_for(&e)),
                (GeneratedAs::ByDefault, None) => {
                    column.identity = Some(Identity::ByDefault);
                    column.not_null = true;
                    column.identity_options =
                        identity_options(&name, sequence_options.as_deref(), problems);
                }
                (_, None) => {
                    column.identity = Some(Identity::Always);
                    column.not_null = true;
                    column.identity_options =
                        identity_options(&name, sequence_options.as_deref(), problems);
                }
            },
            other => problems.push(Problem::Warning(format!(
                "column option {other} on {name} is not modelled"
            ))),
        }
    }
    table.columns.push(column);
}

pub(super) fn set_pk(table: &mut RawTable, key: RawKey, problems: &mut Vec<Problem>) {
    if table.primary_key.is_some() {
        problems.push(Problem::Error(format!(
            "multiple primary keys for table {}",
            show(&table.qname)
        )));
        return;
    }
    table.primary_key = Some(key);
}

/// `DEFERRABLE` and `INITIALLY DEFERRED` of a constraint.
pub(super) fn deferral(c: &Option<sqlparser::ast::ConstraintCharacteristics>) -> (bool, bool) {
    let deferrable = c.as_ref().is_some_and(|c| c.deferrable == Some(true));
    let deferred = c.as_ref().is_some_and(|c| {
        matches!(
            c.initially,
            Some(sqlparser::ast::DeferrableInitial::Deferred)
        )
    });
    (deferrable, deferrable && deferred)
}

pub(super) fn push_fk(
    table: &mut RawTable,
    name: Option<String>,
    fk: sqlparser::ast::ForeignKeyConstraint,
    not_valid: bool,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    use sqlparser::ast::ConstraintReferenceMatchKind as Match;
    if fk.match_kind == Some(Match::Partial) {
        problems.push(Problem::Error(
            "MATCH PARTIAL is not implemented by PostgreSQL".into(),
        ));
        return;
    }
    let (deferrable, initially_deferred) = deferral(&fk.characteristics);
    table.foreign_keys.push(RawFk {
        name,
        columns: fk.columns.iter().map(fold).collect(),
        ref_table: qname(&fk.foreign_table),
        ref_columns: fk.referred_columns.iter().map(fold).collect(),
        on_delete: sql_action(fk.on_delete),
        on_update: sql_action(fk.on_update),
        deferrable,
        initially_deferred,
        match_full: fk.match_kind == Some(Match::Full),
        not_valid,
        loc: loc.clone(),
    })
}

pub(super) fn add_constraint(
    table: &mut RawTable,
    c: TableConstraint,
    not_valid: bool,
    src: &mut ExprSource,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    if not_valid
        && !matches!(
            c,
            TableConstraint::Check(_) | TableConstraint::ForeignKey(_)
        )
    {
        problems.push(Problem::Error(
            "only CHECK and FOREIGN KEY constraints can be marked NOT VALID".into(),
        ));
        return;
    }
    match c {
        TableConstraint::PrimaryKey(pk) => match key_columns(&pk.columns) {
            Ok(columns) => {
                let (deferrable, initially_deferred) = deferral(&pk.characteristics);
                let key = RawKey {
                    name: pk.name.as_ref().map(fold),
                    columns,
                    nulls_not_distinct: false,
                    deferrable,
                    initially_deferred,
                    loc: loc.clone(),
                };
                set_pk(table, key, problems)
            }
            Err(m) => problems.push(Problem::Error(m)),
        },
        TableConstraint::Unique(u) => match key_columns(&u.columns) {
            Ok(cols) => {
                let (deferrable, initially_deferred) = deferral(&u.characteristics);
                table.uniques.push(RawKey {
                    name: u.name.as_ref().map(fold),
                    columns: cols,
                    nulls_not_distinct: matches!(
                        u.nulls_distinct,
                        sqlparser::ast::NullsDistinctOption::NotDistinct
                    ),
                    deferrable,
                    initially_deferred,
                    loc: loc.clone(),
                })
            }
            Err(m) => problems.push(Problem::Error(m)),
        },
        TableConstraint::PrimaryKeyUsingIndex(u) => match key_from_index(table, &u, loc) {
            Ok(key) => set_pk(table, key, problems),
            Err(m) => problems.push(Problem::Error(m)),
        },
        TableConstraint::UniqueUsingIndex(u) => match key_from_index(table, &u, loc) {
            Ok(key) => table.uniques.push(key),
            Err(m) => problems.push(Problem::Error(m)),
        },
        TableConstraint::Check(c) => table.checks.push(RawCheck {
            name: c.name.as_ref().map(fold),
            expr: src.text_for(&c.expr),
            not_valid,
            no_inherit: c.no_inherit,
        }),
        TableConstraint::ForeignKey(fk) => {
            let name = fk.name.as_ref().map(fold);
            push_fk(table, name, fk, not_valid, loc, problems)
        }
        other => problems.push(Problem::Warning(format!(
            "{} is not modelled; skipped",
            first_words(&other.to_string())
        ))),
    }
}

/// `ADD [CONSTRAINT c] {PRIMARY KEY | UNIQUE} USING INDEX i`: the unique index becomes the
/// constraint's own (PostgreSQL renames it to the constraint's name, so it is no longer an index
/// of its own in the model).
pub(super) fn key_from_index(
    table: &mut RawTable,
    u: &sqlparser::ast::ConstraintUsingIndex,
    loc: &Loc,
) -> Result<RawKey, String> {
    let index_name = fold(&u.index_name);
    let Some(pos) = table
        .indexes
        .iter()
        .position(|ix| ix.name.as_deref() == Some(index_name.as_str()))
    else {
        return Err(format!(
            "index {index_name} is not an index of {} defined in this file",
            show(&table.qname)
        ));
    };
    let ix = &table.indexes[pos];
    let plain = ix.unique
        && ix.method == IndexMethod::Btree
        && ix.predicate.is_none()
        && ix.include.is_empty()
        && ix.parts.iter().all(|p| {
            matches!(p.key, RawIndexKey::Column(_))
                && !p.descending
                && p.nulls.is_none()
                && p.opclass.is_none()
                && p.collation.is_none()
        });
    if !plain {
        return Err(format!(
            "index {index_name} cannot back a constraint: it must be a plain unique btree index \
             over columns, with default ordering, and no predicate or INCLUDE"
        ));
    }
    let ix = table.indexes.remove(pos);
    let (deferrable, initially_deferred) = deferral(&u.characteristics);
    Ok(RawKey {
        name: Some(u.name.as_ref().map(fold).unwrap_or(index_name)),
        columns: ix
            .parts
            .iter()
            .filter_map(|p| match &p.key {
                RawIndexKey::Column(c) => Some(c.clone()),
                RawIndexKey::Expression { .. } => None,
            })
            .collect(),
        nulls_not_distinct: ix.nulls_not_distinct,
        deferrable,
        initially_deferred,
        loc: loc.clone(),
    })
}

/// `CREATE TABLE` keeps one index for keys with the same definition (`id int PRIMARY KEY
/// UNIQUE` has no separate unique constraint): the primary key wins, then the first; an unnamed
/// survivor takes the name of a named duplicate, as PostgreSQL does.
pub(super) fn drop_redundant_keys(table: &mut RawTable) {
    let same = |a: &RawKey, b: &RawKey| {
        a.columns == b.columns
            && a.nulls_not_distinct == b.nulls_not_distinct
            && a.deferrable == b.deferrable
            && a.initially_deferred == b.initially_deferred
    };
    let uniques = std::mem::take(&mut table.uniques);
    for u in uniques {
        if let Some(pk) = table.primary_key.as_mut().filter(|pk| same(pk, &u)) {
            if pk.name.is_none() {
                pk.name = u.name;
            }
            continue;
        }
        if let Some(prior) = table.uniques.iter_mut().find(|x| same(x, &u)) {
            if prior.name.is_none() {
                prior.name = u.name;
            }
            continue;
        }
        table.uniques.push(u);
    }
}

pub(super) fn drop_column_refs(table: &mut RawTable, name: &str) {
    if table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.iter().any(|c| c == name))
    {
        table.primary_key = None;
    }
    table
        .uniques
        .retain(|u| !u.columns.iter().any(|c| c == name));
    table
        .foreign_keys
        .retain(|f| !f.columns.iter().any(|c| c == name));
    table.indexes.retain(|ix| {
        !ix.parts
            .iter()
            .any(|p| matches!(&p.key, RawIndexKey::Column(c) if c == name))
    });
}

pub(super) fn rename_column_refs(table: &mut RawTable, old: &str, new: &str) {
    let fix = |v: &mut Vec<String>| {
        for c in v.iter_mut() {
            if c == old {
                *c = new.to_string();
            }
        }
    };
    if let Some(pk) = &mut table.primary_key {
        fix(&mut pk.columns);
    }
    for u in &mut table.uniques {
        fix(&mut u.columns);
    }
    for f in &mut table.foreign_keys {
        fix(&mut f.columns);
    }
    for ix in &mut table.indexes {
        fix(&mut ix.include);
        for p in &mut ix.parts {
            if let RawIndexKey::Column(c) = &mut p.key {
                if c == old {
                    *c = new.to_string();
                }
            }
        }
    }
}

pub(super) fn drop_constraint(table: &mut RawTable, name: &str) -> bool {
    let n = Some(name);
    if table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.name.as_deref() == n)
    {
        table.primary_key = None;
        return true;
    }
    let before = table.uniques.len() + table.checks.len() + table.foreign_keys.len();
    table.uniques.retain(|u| u.name.as_deref() != n);
    table.checks.retain(|c| c.name.as_deref() != n);
    table.foreign_keys.retain(|f| f.name.as_deref() != n);
    before != table.uniques.len() + table.checks.len() + table.foreign_keys.len()
}

pub(super) fn rename_constraint(table: &mut RawTable, old: &str, new: &str) -> bool {
    let o = Some(old);
    let mut found = false;
    if let Some(pk) = &mut table.primary_key {
        if pk.name.as_deref() == o {
            pk.name = Some(new.to_string());
            found = true;
        }
    }
    for u in &mut table.uniques {
        if u.name.as_deref() == o {
            u.name = Some(new.to_string());
            found = true;
        }
    }
    for c in &mut table.checks {
        if c.name.as_deref() == o {
            c.name = Some(new.to_string());
            found = true;
        }
    }
    for f in &mut table.foreign_keys {
        if f.name.as_deref() == o {
            f.name = Some(new.to_string());
            found = true;
        }
    }
    found
}
