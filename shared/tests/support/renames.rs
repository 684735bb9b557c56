//! Test support shared by the migration corpus runners (`shared/tests/plan_locks.rs` and
//! `backend/tests/migrate_cases.rs`, which includes this file by path): a case's `renames.txt`
//! says which objects of `to` are renamed versions of objects of `from` (SQL files only have
//! names, the diff matches ids).
//!
//! Lines: `table <schema.old> <schema.new>`, `column <schema.table> <old> <new>` (the table's new
//! name), `enum <schema.old> <schema.new>`, `value <schema.enum> <old> <new>`,
//! `view <schema.old> <schema.new>`, `sequence <schema.old> <schema.new>`, `index <schema.relation> <old> <new>` (the table's or view's
//! new name), `function <schema.old> <schema.new>` (every overload),
//! `trigger <schema.table> <old> <new>` (the table's new name), `domain <schema.old> <schema.new>`,
//! `type <schema.old> <schema.new>` (a composite type).

use std::collections::HashMap;

use joinery_shared::model::{CompositeType, Document, Domain, Function, Id, Trigger};

/// Maps ids of renamed objects in `to` back to the ids of their `from` originals.
pub fn apply_renames(to: &Document, renames: &str) -> Document {
    let split = |q: &str| -> (String, String) {
        match q.split_once('.') {
            Some((s, n)) => (s.to_string(), n.to_string()),
            None => ("public".to_string(), q.to_string()),
        }
    };
    let mut map: HashMap<String, String> = HashMap::new();
    for line in renames.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["table", old, new] => {
                let ((os, on), (ns, nn)) = (split(old), split(new));
                map.insert(Id::for_table(&ns, &nn).0, Id::for_table(&os, &on).0);
                map.insert(
                    Id::for_primary_key(&ns, &nn).0,
                    Id::for_primary_key(&os, &on).0,
                );
                if let Some(t) = to
                    .schema
                    .tables
                    .iter()
                    .find(|t| t.schema == ns && t.name == nn)
                {
                    for c in &t.columns {
                        // A `column` line for a renamed column wins, whatever the line order.
                        map.entry(Id::for_column(&ns, &nn, &c.name).0)
                            .or_insert(Id::for_column(&os, &on, &c.name).0);
                    }
                }
            }
            ["column", table, old, new] => {
                // The old column lives under the table's old name when the table is renamed too.
                let (s, t) = split(table);
                let (os, ot) = renames
                    .lines()
                    .find_map(
                        |l| match l.split_whitespace().collect::<Vec<_>>().as_slice() {
                            ["table", o, n] if split(n) == (s.clone(), t.clone()) => Some(split(o)),
                            _ => None,
                        },
                    )
                    .unwrap_or_else(|| (s.clone(), t.clone()));
                map.insert(
                    Id::for_column(&s, &t, new).0,
                    Id::for_column(&os, &ot, old).0,
                );
            }
            ["enum", old, new] => {
                let ((os, on), (ns, nn)) = (split(old), split(new));
                map.insert(Id::for_enum(&ns, &nn).0, Id::for_enum(&os, &on).0);
                if let Some(e) = to
                    .schema
                    .enums
                    .iter()
                    .find(|e| e.schema == ns && e.name == nn)
                {
                    for v in &e.values {
                        map.insert(
                            Id::for_enum_value(&ns, &nn, &v.name).0,
                            Id::for_enum_value(&os, &on, &v.name).0,
                        );
                    }
                }
            }
            ["value", e, old, new] => {
                let (s, n) = split(e);
                map.insert(
                    Id::for_enum_value(&s, &n, new).0,
                    Id::for_enum_value(&s, &n, old).0,
                );
            }
            ["sequence", old, new] => {
                let ((os, on), (ns, nn)) = (split(old), split(new));
                map.insert(Id::for_sequence(&ns, &nn).0, Id::for_sequence(&os, &on).0);
            }
            ["view", old, new] => {
                let ((os, on), (ns, nn)) = (split(old), split(new));
                map.insert(Id::for_view(&ns, &nn).0, Id::for_view(&os, &on).0);
            }
            ["index", relation, old, new] => {
                // The index's table or view, by its new name (renamed by another line).
                let (s, r) = split(relation);
                let (os, or) = renames
                    .lines()
                    .find_map(
                        |l| match l.split_whitespace().collect::<Vec<_>>().as_slice() {
                            ["table" | "view", o, n] if split(n) == (s.clone(), r.clone()) => {
                                Some(split(o))
                            }
                            _ => None,
                        },
                    )
                    .unwrap_or_else(|| (s.clone(), r.clone()));
                map.insert(Id::for_index(&s, &r, new).0, Id::for_index(&os, &or, old).0);
            }
            ["type", old, new] => {
                let ((os, on), (ns, nn)) = (split(old), split(new));
                map.insert(
                    CompositeType::derive_id(&ns, &nn).0,
                    CompositeType::derive_id(&os, &on).0,
                );
            }
            ["domain", old, new] => {
                let ((os, on), (ns, nn)) = (split(old), split(new));
                map.insert(Domain::derive_id(&ns, &nn).0, Domain::derive_id(&os, &on).0);
            }
            ["function", old, new] => {
                // Every overload of the new name, with the same argument types.
                let ((os, on), (ns, nn)) = (split(old), split(new));
                for f in to
                    .schema
                    .functions
                    .iter()
                    .filter(|f| f.schema == ns && f.name == nn)
                {
                    let args = f.identity_arguments();
                    map.insert(
                        Function::derive_id(&ns, &nn, &args).0,
                        Function::derive_id(&os, &on, &args).0,
                    );
                }
            }
            ["trigger", table, old, new] => {
                // The trigger's table, by its new name (renamed by another line).
                let (s, t) = split(table);
                let (os, ot) = renames
                    .lines()
                    .find_map(
                        |l| match l.split_whitespace().collect::<Vec<_>>().as_slice() {
                            ["table", o, n] if split(n) == (s.clone(), t.clone()) => Some(split(o)),
                            _ => None,
                        },
                    )
                    .unwrap_or_else(|| (s.clone(), t.clone()));
                map.insert(
                    Trigger::derive_id(&s, &t, new).0,
                    Trigger::derive_id(&os, &ot, old).0,
                );
            }
            other => panic!("bad renames.txt line: {other:?}"),
        }
    }
    // Ids are unique opaque strings, so every occurrence (definitions and references) is remapped.
    fn walk(v: &mut serde_json::Value, map: &HashMap<String, String>) {
        match v {
            serde_json::Value::String(s) => {
                if let Some(n) = map.get(s.as_str()) {
                    *s = n.clone();
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, map)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|x| walk(x, map)),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(to).unwrap();
    walk(&mut value, &map);
    serde_json::from_value(value).unwrap()
}
