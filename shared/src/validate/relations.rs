//! Rules about what a table or view relates to: foreign keys (targets, column counts, matching
//! types) and views (names, dependencies, SQL text, materialized view indexes).

use super::*;

pub(super) fn check_views(cx: &mut Ctx) {
    for v in &cx.schema.views {
        let p = root().with(ObjectKind::View, &v.id, &v.name);
        cx.check_name(&p, "view", &v.name);
        cx.check_name(&p, "view schema", &v.schema);
        if v.check_option.is_some() && v.materialized {
            cx.push(
                ProblemKind::ViewKindMismatch,
                &p,
                format!(
                    "The materialized view \"{}\" has a CHECK OPTION, which only plain views have.",
                    v.name
                ),
            );
        }
        for ix in &v.indexes {
            let name = crate::naming::effective_view_index_name(v, ix);
            let ip = p.with(ObjectKind::Index, &ix.id, &name);
            if let Some(n) = &ix.name {
                cx.check_name(&ip, "index", n);
            }
            if !v.materialized {
                cx.push(
                    ProblemKind::ViewKindMismatch,
                    &ip,
                    format!(
                        "The view \"{}\" is not materialized, so it cannot have the index \"{name}\".",
                        v.name
                    ),
                );
            }
            if ix.parts.is_empty() {
                cx.push(ProblemKind::EmptyKey, &ip, "The index has no key parts.");
            }
            for part in &ix.parts {
                match &part.key {
                    IndexKey::Column(id) => cx.push(
                        ProblemKind::UnknownColumn,
                        &ip,
                        format!(
                            "The index uses column id \"{id}\", but a view has no column ids: name the column instead."
                        ),
                    ),
                    IndexKey::Expression(e) if e.trim().is_empty() => cx.push(
                        ProblemKind::EmptyExpression,
                        &ip,
                        "The index has an empty expression part.",
                    ),
                    IndexKey::Expression(_) => {}
                }
            }
            if !ix.include.is_empty() {
                cx.push(
                    ProblemKind::UnknownColumn,
                    &ip,
                    "The index has INCLUDE columns, which an index of a view cannot name by id.",
                );
            }
            if ix.predicate.as_deref().is_some_and(|w| w.trim().is_empty()) {
                cx.push(
                    ProblemKind::EmptyExpression,
                    &ip,
                    "The index has an empty WHERE predicate.",
                );
            }
        }
        if crate::ddl::view_query_text(v).is_empty() {
            cx.push(
                ProblemKind::EmptyExpression,
                &p,
                format!("The view \"{}\" has no query.", v.name),
            );
        }
        let mut seen = HashSet::new();
        for c in &v.columns {
            cx.check_name(&p, "view column", c);
            if !seen.insert(c.as_str()) {
                cx.push(
                    ProblemKind::DuplicateColumnName,
                    &p,
                    format!("The view \"{}\" names column \"{c}\" twice.", v.name),
                );
            }
        }
    }
}

/// Type families for foreign keys: serials are their integer types, integer widths mix, string
/// types mix, lengths and precisions do not matter.
pub(super) fn fk_type_class(ty: &ColumnType) -> String {
    match ty {
        ColumnType::SmallInt
        | ColumnType::Integer
        | ColumnType::BigInt
        | ColumnType::SmallSerial
        | ColumnType::Serial
        | ColumnType::BigSerial => "integer".into(),
        ColumnType::Real | ColumnType::DoublePrecision => "float".into(),
        ColumnType::Numeric { .. } => "numeric".into(),
        ColumnType::Text | ColumnType::Varchar { .. } | ColumnType::Char { .. } => "text".into(),
        ColumnType::Time { with_time_zone, .. } => format!("time{with_time_zone}"),
        ColumnType::Timestamp { with_time_zone, .. } => format!("timestamp{with_time_zone}"),
        ColumnType::Enum { id } => format!("enum:{id}"),
        ColumnType::Array { element } => format!("{}[]", fk_type_class(element)),
        ColumnType::Custom { name } => format!("custom:{}", name.trim().to_lowercase()),
        other => format!("{other:?}"),
    }
}

pub(super) fn check_foreign_key(
    cx: &mut Ctx,
    t: &Table,
    p: &ObjectPath,
    fk: &crate::model::ForeignKey,
) {
    check_key_columns(cx, t, p, "foreign key", &fk.columns, false);
    if fk.columns.len() != fk.ref_columns.len() {
        cx.push(
            ProblemKind::ForeignKeyColumnCount,
            p,
            format!(
                "The foreign key has {} column(s) but references {}.",
                fk.columns.len(),
                fk.ref_columns.len()
            ),
        );
    }
    let Some(rt) = cx.tables.get(&fk.ref_table).copied() else {
        cx.push(
            ProblemKind::UnknownTable,
            p,
            format!(
                "The foreign key references table id \"{}\", which does not exist.",
                fk.ref_table
            ),
        );
        return;
    };
    let mut all_known = true;
    for id in &fk.ref_columns {
        if rt.column(id).is_none() {
            all_known = false;
            cx.push(
                ProblemKind::UnknownColumn,
                p,
                format!(
                    "The foreign key references column id \"{id}\", which is not a column of \"{}\".",
                    rt.name
                ),
            );
        }
    }
    for (a, b) in fk.columns.iter().zip(&fk.ref_columns) {
        if let (Some(ca), Some(cb)) = (t.column(a), rt.column(b)) {
            if fk_type_class(&ca.ty) != fk_type_class(&cb.ty) {
                cx.push(
                    ProblemKind::ForeignKeyTypeMismatch,
                    p,
                    format!(
                        "Column \"{}\" ({}) cannot reference \"{}\".\"{}\" ({}).",
                        ca.name,
                        crate::ddl::column_type_sql(cx.schema, &ca.ty),
                        rt.name,
                        cb.name,
                        crate::ddl::column_type_sql(cx.schema, &cb.ty)
                    ),
                );
            }
        }
    }
    if all_known && !fk.ref_columns.is_empty() {
        let target: HashSet<&Id> = fk.ref_columns.iter().collect();
        let same =
            |cols: &[Id]| cols.len() == target.len() && cols.iter().all(|c| target.contains(c));
        let covered = rt.primary_key.as_ref().is_some_and(|pk| same(&pk.columns))
            || rt.uniques.iter().any(|u| same(&u.columns))
            || rt.indexes.iter().any(|ix| {
                ix.unique
                    && ix.predicate.is_none()
                    && ix
                        .parts
                        .iter()
                        .all(|part| matches!(part.key, IndexKey::Column(_)))
                    && {
                        let cols: Vec<Id> = ix
                            .parts
                            .iter()
                            .filter_map(|part| match &part.key {
                                IndexKey::Column(id) => Some(id.clone()),
                                IndexKey::Expression(_) => None,
                            })
                            .collect();
                        same(&cols)
                    }
            });
        if !covered {
            let names: Vec<&str> = fk
                .ref_columns
                .iter()
                .filter_map(|id| rt.column(id).map(|c| c.name.as_str()))
                .collect();
            cx.push(
                ProblemKind::ForeignKeyTargetNotUnique,
                p,
                format!(
                    "\"{}\" ({}) is not its primary key or covered by a unique constraint or unique index.",
                    rt.name,
                    names.join(", ")
                ),
            );
        }
    }
}
