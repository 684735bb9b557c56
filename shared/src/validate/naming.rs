//! The project's naming convention ([`Naming`]): names of tables, columns, enums and views that do
//! not follow it are pointed out with the name they would have, as hints in the Problems panel.
//! They are kept apart from [`super::validate`] because they are a project's taste, not errors:
//! nothing refuses a design for them.

use crate::model::{Conventions, Naming, Schema};

use super::{root, ObjectKind, Problem, ProblemKind};

/// `userId` → `user_id`, `Order Items` → `order_items`, `HTTPStatus` → `http_status`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            if c.is_uppercase() {
                let prev = i.checked_sub(1).map(|j| chars[j]);
                let next = chars.get(i + 1);
                let boundary = prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
                    || (prev.is_some_and(char::is_uppercase)
                        && next.is_some_and(|n| n.is_lowercase()));
                if boundary && !out.ends_with('_') {
                    out.push('_');
                }
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

fn follows(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// The names in `schema` that do not follow `conventions.naming`.
pub fn naming_problems(schema: &Schema, conventions: &Conventions) -> Vec<Problem> {
    if conventions.naming == Naming::Any {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut check = |path: super::ObjectPath, what: &str, name: &str| {
        if !name.is_empty() && !follows(name) {
            out.push(Problem {
                kind: ProblemKind::NamingConvention,
                message: format!(
                    "The {what} \"{name}\" is not snake_case, the project's naming; \"{}\" would be.",
                    snake_case(name)
                ),
                path,
            });
        }
    };
    for t in &schema.tables {
        let tp = root().with(ObjectKind::Table, &t.id, &t.name);
        check(tp.clone(), "table", &t.name);
        for c in &t.columns {
            check(
                tp.with(ObjectKind::Column, &c.id, &c.name),
                "column",
                &c.name,
            );
        }
    }
    for e in &schema.enums {
        check(
            root().with(ObjectKind::Enum, &e.id, &e.name),
            "enum",
            &e.name,
        );
    }
    for v in &schema.views {
        check(
            root().with(ObjectKind::View, &v.id, &v.name),
            "view",
            &v.name,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_sql;

    #[test]
    fn names_become_snake_case() {
        assert_eq!(snake_case("userId"), "user_id");
        assert_eq!(snake_case("Order Items"), "order_items");
        assert_eq!(snake_case("HTTPStatus"), "http_status");
        assert_eq!(snake_case("already_fine"), "already_fine");
        assert_eq!(snake_case("api-key2"), "api_key2");
    }

    #[test]
    fn only_names_off_the_convention_are_pointed_out_and_any_turns_it_off() {
        let doc = import_sql(
            "CREATE TABLE \"AppUsers\" (id int PRIMARY KEY, \"displayName\" text, email text);
             CREATE TYPE role AS ENUM ('Owner');",
        )
        .document;
        let found = naming_problems(&doc.schema, &Conventions::default());
        let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(found.len(), 2, "{messages:?}");
        assert!(messages[0].contains("\"AppUsers\"") && messages[0].contains("\"app_users\""));
        assert!(
            messages[1].contains("\"displayName\"") && messages[1].contains("\"display_name\"")
        );
        assert!(found
            .iter()
            .all(|p| p.kind == ProblemKind::NamingConvention));
        let any = Conventions {
            naming: Naming::Any,
            ..Conventions::default()
        };
        assert!(naming_problems(&doc.schema, &any).is_empty());
    }
}
