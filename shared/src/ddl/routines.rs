//! Functions, procedures and triggers as DDL.

use super::{qualified_name, table_name_sql};
use crate::model::{Aggregate, Function, RoutineKind, Schema, Table, Trigger, Volatility};
use crate::naming::{quote_ident, quote_literal};

/// `schema.name(types)`: how `ALTER`, `DROP` and `COMMENT ON` name one routine among overloads.
pub fn function_signature_sql(f: &Function) -> String {
    let args = f.identity_arguments();
    // `agg(*)` names an aggregate without arguments.
    let star = f.kind == RoutineKind::Aggregate && args.is_empty();
    format!(
        "{}({})",
        qualified_name(&f.schema, &f.name),
        if star { "*" } else { &args }
    )
}

/// How `GRANT … ON FUNCTION` names a routine: as [`function_signature_sql`], but an aggregate
/// without arguments is `name()` there (`GRANT` does not take `(*)`).
pub fn function_grant_target(f: &Function) -> String {
    format!(
        "{}({})",
        qualified_name(&f.schema, &f.name),
        f.identity_arguments()
    )
}

/// A dollar-quote tag that does not occur in `body`.
fn dollar_tag(body: &str, base: &str) -> String {
    let mut tag = format!("${base}$");
    let mut n = 0;
    while body.contains(&tag) {
        n += 1;
        tag = format!("${base}{n}$");
    }
    tag
}

/// Whether the body is SQL-standard (`RETURN …` or `BEGIN ATOMIC … END`): printed as is.
fn is_standard_body(f: &Function) -> bool {
    let head: String = f
        .body
        .trim_start()
        .chars()
        .take(12)
        .collect::<String>()
        .to_ascii_uppercase();
    f.language == "sql" && (head.starts_with("RETURN ") || head.starts_with("BEGIN ATOMIC"))
}

/// `CREATE [OR REPLACE] FUNCTION|PROCEDURE …;` with every attribute that differs from the
/// default, in the order `pg_get_functiondef` prints them.
pub fn create_function_sql(f: &Function, or_replace: bool) -> String {
    if let Some(a) = &f.aggregate {
        return create_aggregate_sql(f, a, or_replace);
    }
    let args: Vec<String> = f
        .arguments
        .iter()
        .map(|a| {
            let mut s = String::new();
            if !a.mode.sql().is_empty() {
                s.push_str(a.mode.sql());
                s.push(' ');
            }
            if let Some(n) = &a.name {
                s.push_str(&quote_ident(n));
                s.push(' ');
            }
            s.push_str(&a.ty);
            if let Some(d) = &a.default {
                s.push_str(" DEFAULT ");
                s.push_str(d);
            }
            s
        })
        .collect();
    let mut sql = format!(
        "CREATE {}{} {}({})",
        if or_replace { "OR REPLACE " } else { "" },
        f.kind.sql(),
        qualified_name(&f.schema, &f.name),
        args.join(", ")
    );
    if let (RoutineKind::Function, Some(r)) = (f.kind, &f.returns) {
        sql.push_str("\n RETURNS ");
        sql.push_str(r);
    }
    sql.push_str("\n LANGUAGE ");
    sql.push_str(&quote_ident(&f.language));
    let mut attrs = Vec::new();
    if f.volatility != Volatility::Volatile {
        attrs.push(f.volatility.sql().to_string());
    }
    if f.leakproof {
        attrs.push("LEAKPROOF".into());
    }
    if f.strict {
        attrs.push("STRICT".into());
    }
    if f.security_definer {
        attrs.push("SECURITY DEFINER".into());
    }
    if f.parallel != crate::model::Parallel::Unsafe {
        attrs.push(format!("PARALLEL {}", f.parallel.sql()));
    }
    if !attrs.is_empty() {
        sql.push_str("\n ");
        sql.push_str(&attrs.join(" "));
    }
    for (name, values) in &f.config {
        let values: Vec<String> = values.iter().map(|v| quote_literal(v)).collect();
        sql.push_str(&format!(
            "\n SET {} TO {}",
            quote_ident(name),
            values.join(", ")
        ));
    }
    if is_standard_body(f) {
        sql.push('\n');
        sql.push_str(f.body.trim());
    } else {
        let tag = dollar_tag(&f.body, "function");
        sql.push_str(&format!("\nAS {tag}{}{tag}", f.body));
    }
    sql.push(';');
    sql
}

/// `CREATE [OR REPLACE] AGGREGATE name(args) (SFUNC = …, STYPE = …, …);` with the options in
/// the order the documentation lists them.
fn create_aggregate_sql(f: &Function, a: &Aggregate, or_replace: bool) -> String {
    let mut args: Vec<String> = f
        .arguments
        .iter()
        .map(|x| match &x.name {
            Some(n) => format!("{} {}", quote_ident(n), x.ty),
            None => x.ty.clone(),
        })
        .collect();
    if args.is_empty() {
        args.push("*".into());
    }
    let mut options = vec![
        format!("SFUNC = {}", a.sfunc),
        format!("STYPE = {}", a.stype),
    ];
    for (key, flag) in Aggregate::OPTIONS {
        let Some(v) = a.options.get(*key) else {
            continue;
        };
        options.push(if *flag {
            key.to_string()
        } else if key.ends_with("INITCOND") {
            format!("{key} = {}", quote_literal(v))
        } else {
            format!("{key} = {v}")
        });
    }
    if f.parallel != crate::model::Parallel::Unsafe {
        options.push(format!("PARALLEL = {}", f.parallel.sql()));
    }
    format!(
        "CREATE {}AGGREGATE {}({}) (\n    {}\n);",
        if or_replace { "OR REPLACE " } else { "" },
        qualified_name(&f.schema, &f.name),
        args.join(", "),
        options.join(",\n    ")
    )
}

/// `DROP FUNCTION|PROCEDURE|AGGREGATE schema.name(types);`
pub fn drop_function_sql(f: &Function) -> String {
    format!("DROP {} {};", f.kind.sql(), function_signature_sql(f))
}

/// When a routine is created relative to the relations: an SQL function's body is checked when
/// it is created, so one that reads a relation of the schema (or takes or returns a table's row
/// type) needs it to exist. PL/pgSQL bodies are only checked when they run, and defaults, checks
/// and views may call routines, so the rest come first.
/// An aggregate is created in the stage of the latest routine it calls, after the routines of
/// that stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionStage {
    /// Before the tables.
    BeforeTables,
    /// After the tables, before the views (which may call it).
    AfterTables,
    /// After the views it reads.
    AfterViews,
}

/// The [`FunctionStage`] of `f` in `schema`.
pub fn function_stage(schema: &Schema, f: &Function) -> FunctionStage {
    function_stage_within(schema, f, 0)
}

/// [`function_stage`], with the depth of aggregates followed so far (an aggregate comes no
/// earlier than the routines it calls, which are looked up by name).
fn function_stage_within(schema: &Schema, f: &Function, depth: usize) -> FunctionStage {
    let own = own_stage(schema, f);
    let Some(a) = f.aggregate.as_ref().filter(|_| depth < 4) else {
        return own;
    };
    let rank = |s: FunctionStage| s as u8;
    let mut stage = own;
    for name in a.routines() {
        let (fs, fname) = match name.rsplit_once('.') {
            Some((s, n)) => (s.trim_matches('"'), n.trim_matches('"')),
            None => (f.schema.as_str(), name.trim_matches('"')),
        };
        for g in schema
            .functions
            .iter()
            .filter(|g| g.name == fname && (g.schema == fs || g.schema == "public"))
        {
            let s = function_stage_within(schema, g, depth + 1);
            if rank(s) > rank(stage) {
                stage = s;
            }
        }
    }
    stage
}

fn own_stage(schema: &Schema, f: &Function) -> FunctionStage {
    let body = f.body.to_ascii_lowercase();
    let mut types: Vec<String> = f
        .arguments
        .iter()
        .map(|a| a.ty.to_ascii_lowercase())
        .collect();
    types.extend(f.returns.iter().map(|r| r.to_ascii_lowercase()));
    let reads = |name: &str| {
        let name = name.to_ascii_lowercase();
        types.iter().any(|t| crate::sql::mentions(t, &name))
            || (f.language == "sql" && crate::sql::mentions(&body, &name))
    };
    if schema.views.iter().any(|v| reads(&v.name)) {
        FunctionStage::AfterViews
    } else if schema.tables.iter().any(|t| reads(&t.name)) {
        FunctionStage::AfterTables
    } else {
        FunctionStage::BeforeTables
    }
}

/// `CREATE TRIGGER …;`
pub fn create_trigger_sql(table: &Table, t: &Trigger) -> String {
    let events: Vec<String> = t
        .events
        .iter()
        .map(|e| {
            let mut s = e.sql().to_string();
            if *e == crate::model::TriggerEvent::Update && !t.update_of.is_empty() {
                let cols: Vec<String> = t
                    .update_of
                    .iter()
                    .map(|id| {
                        table
                            .column(id)
                            .map_or_else(|| id.to_string(), |c| quote_ident(&c.name).into_owned())
                    })
                    .collect();
                s.push_str(" OF ");
                s.push_str(&cols.join(", "));
            }
            s
        })
        .collect();
    let mut sql = format!(
        "CREATE TRIGGER {} {} {} ON {}",
        quote_ident(&t.name),
        t.timing.sql(),
        events.join(" OR "),
        table_name_sql(table)
    );
    if t.old_table.is_some() || t.new_table.is_some() {
        sql.push_str(" REFERENCING");
        if let Some(o) = &t.old_table {
            sql.push_str(&format!(" OLD TABLE AS {}", quote_ident(o)));
        }
        if let Some(n) = &t.new_table {
            sql.push_str(&format!(" NEW TABLE AS {}", quote_ident(n)));
        }
    }
    sql.push_str(if t.for_each_row {
        " FOR EACH ROW"
    } else {
        " FOR EACH STATEMENT"
    });
    if let Some(w) = &t.when {
        sql.push_str(&format!(" WHEN ({w})"));
    }
    let args: Vec<String> = t.arguments.iter().map(|a| quote_literal(a)).collect();
    sql.push_str(&format!(
        " EXECUTE FUNCTION {}({});",
        qualified_name(&t.function_schema, &t.function),
        args.join(", ")
    ));
    sql
}

/// `DROP TRIGGER name ON table;`
pub fn drop_trigger_sql(table: &Table, t: &Trigger) -> String {
    format!(
        "DROP TRIGGER {} ON {};",
        quote_ident(&t.name),
        table_name_sql(table)
    )
}

/// The target of `COMMENT ON TRIGGER`: `name ON table`.
pub fn trigger_comment_target(table: &Table, t: &Trigger) -> String {
    format!("{} ON {}", quote_ident(&t.name), table_name_sql(table))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Argument, Id};

    #[test]
    fn dollar_tags_avoid_the_body() {
        assert_eq!(dollar_tag("select 1", "function"), "$function$");
        assert_eq!(dollar_tag("x $function$ y", "function"), "$function1$");
        let f = Function {
            grants: Default::default(),
            id: Id::new("f"),
            schema: "app".into(),
            name: "f".into(),
            kind: RoutineKind::Function,
            arguments: vec![Argument {
                name: Some("a".into()),
                ty: "integer".into(),
                default: Some("1".into()),
                ..Argument::default()
            }],
            returns: Some("integer".into()),
            language: "sql".into(),
            body: "select a".into(),
            volatility: Volatility::Immutable,
            strict: true,
            security_definer: false,
            leakproof: false,
            parallel: crate::model::Parallel::Safe,
            config: [("search_path".to_string(), vec!["".to_string()])].into(),
            comment: None,
            aggregate: None,
        };
        assert_eq!(
            create_function_sql(&f, false),
            "CREATE FUNCTION app.f(a integer DEFAULT 1)\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE STRICT PARALLEL SAFE\n SET search_path TO ''\nAS $function$select a$function$;"
        );
        assert_eq!(drop_function_sql(&f), "DROP FUNCTION app.f(integer);");
    }
}
