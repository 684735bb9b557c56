//! Deterministic generator of realistic schemas, for property tests, benchmarks and demos of scale.
//!
//! [`realistic_schema`] builds the kind of schema Joinery's users keep (Drizzle style): uuid primary
//! keys defaulting to `gen_random_uuid()`, audit columns, soft deletes, status enums, JSONB
//! settings with defaults, foreign keys to earlier tables with varied `ON DELETE`, composite-key
//! junction tables, unique constraints, plain, partial, descending and GIN indexes, checks, a few
//! views and a grid layout. The same `(seed, tables, columns_per_table)` always gives the same
//! document (a small SplitMix64 generator, no `rand`), its output passes [`crate::validate`]
//! without problems and its DDL applies to PostgreSQL 15. Ids are the derived ids
//! ([`Id::for_table`] and friends) that importing the rendered SQL would give.

use std::collections::HashSet;

use serde_json::json;

use crate::model::{
    Check, Column, ColumnType, DefaultValue, Document, Enum, EnumValue, ForeignKey, Id, Identity,
    Index, IndexKey, IndexMethod, IndexPart, NullsOrder, Placement, PrimaryKey, ReferentialAction,
    Schema, Table, Unique, View, DEFAULT_SCHEMA,
};
use crate::naming::{conventional_fk_name, conventional_index_name, conventional_unique_name};

/// SplitMix64: tiny, fast and good enough for picking names and options.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const NOUNS: &[(&str, &str)] = &[
    ("accounts", "account"),
    ("projects", "project"),
    ("tasks", "task"),
    ("comments", "comment"),
    ("invoices", "invoice"),
    ("orders", "order"),
    ("products", "product"),
    ("categories", "category"),
    ("tags", "tag"),
    ("teams", "team"),
    ("events", "event"),
    ("messages", "message"),
    ("documents", "document"),
    ("payments", "payment"),
    ("subscriptions", "subscription"),
    ("customers", "customer"),
    ("suppliers", "supplier"),
    ("warehouses", "warehouse"),
    ("shipments", "shipment"),
    ("reviews", "review"),
    ("articles", "article"),
    ("authors", "author"),
    ("courses", "course"),
    ("lessons", "lesson"),
    ("tickets", "ticket"),
    ("assets", "asset"),
    ("locations", "location"),
    ("devices", "device"),
    ("sessions", "session"),
    ("notifications", "notification"),
    ("campaigns", "campaign"),
    ("contracts", "contract"),
    ("budgets", "budget"),
    ("reports", "report"),
    ("surveys", "survey"),
    ("polls", "poll"),
    ("forums", "forum"),
    ("threads", "thread"),
    ("badges", "badge"),
    ("councils", "council"),
];

const STATUS_SETS: &[&[&str]] = &[
    &["draft", "active", "archived"],
    &["pending", "accepted", "rejected", "cancelled", "fulfilled"],
    &["open", "in_progress", "blocked", "done"],
    &["active", "fulfilled", "expired", "cancelled"],
];

struct Builder {
    rng: Rng,
    /// Relation and type names in use (tables, views, enums) in `public`.
    used_names: HashSet<String>,
    schema: Schema,
    /// Indexes into `schema.tables` of non-junction tables, with their singular names.
    entities: Vec<(usize, String)>,
    priority_enum: Option<Id>,
}

fn column(table: &str, name: &str, ty: ColumnType) -> Column {
    Column {
        collation: None,
        id: Id::for_column(DEFAULT_SCHEMA, table, name),
        name: name.to_string(),
        ty,
        not_null: false,
        default: None,
        identity: None,
        identity_options: Default::default(),
        generated: None,
        comment: None,
    }
}

fn not_null(mut c: Column) -> Column {
    c.not_null = true;
    c
}

fn with_default(mut c: Column, d: DefaultValue) -> Column {
    c.default = Some(d);
    c
}

fn expr(s: &str) -> DefaultValue {
    DefaultValue::Expression(s.to_string())
}

fn new_table(name: &str) -> Table {
    Table {
        grants: Default::default(),
        partition_by: Default::default(),
        partitions: Default::default(),
        triggers: Default::default(),
        policies: Default::default(),
        row_security: Default::default(),
        id: Id::for_table(DEFAULT_SCHEMA, name),
        schema: DEFAULT_SCHEMA.to_string(),
        name: name.to_string(),
        columns: Vec::new(),
        primary_key: None,
        uniques: Vec::new(),
        checks: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        comment: None,
    }
}

fn col_id(t: &Table, name: &str) -> Id {
    t.column_named(name)
        .map(|c| c.id.clone())
        .unwrap_or_else(|| Id::for_column(&t.schema, &t.name, name))
}

fn add_unique(t: &mut Table, cols: &[&str], nulls_not_distinct: bool) {
    let mut u = Unique {
        deferrable: false,
        initially_deferred: false,
        id: Id::new(""),
        name: None,
        columns: cols.iter().map(|c| col_id(t, c)).collect(),
        nulls_not_distinct,
    };
    u.id = Id::for_constraint(
        "unique",
        &t.schema,
        &t.name,
        &conventional_unique_name(t, &u),
    );
    t.uniques.push(u);
}

fn add_check(t: &mut Table, col: &str, expression: String) {
    let name = format!("{}_{}_check", t.name, col);
    let name = crate::naming::shorten(&name);
    t.checks.push(Check {
        no_inherit: false,
        not_valid: false,
        id: Id::for_constraint("check", &t.schema, &t.name, &name),
        name,
        expression,
    });
}

fn add_index(t: &mut Table, mut ix: Index) {
    let name = conventional_index_name(t, &ix);
    if t.indexes
        .iter()
        .any(|other| conventional_index_name(t, other) == name)
    {
        return;
    }
    ix.id = Id::for_index(&t.schema, &t.name, &name);
    t.indexes.push(ix);
}

fn column_index(t: &Table, col: &str) -> Index {
    Index {
        comment: None,
        storage: Default::default(),
        id: Id::new(""),
        name: None,
        unique: false,
        method: IndexMethod::Btree,
        parts: vec![IndexPart {
            collation: None,
            key: IndexKey::Column(col_id(t, col)),
            descending: false,
            nulls: None,
            opclass: None,
        }],
        include: Vec::new(),
        predicate: None,
        nulls_not_distinct: false,
    }
}

impl Builder {
    fn unique_name(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut k = 2;
        while self.used_names.contains(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        self.used_names.insert(name.clone());
        name
    }

    fn new_enum(&mut self, base: &str, values: &[&str]) -> Id {
        let name = self.unique_name(base);
        let id = Id::for_enum(DEFAULT_SCHEMA, &name);
        self.schema.enums.push(Enum {
            id: id.clone(),
            schema: DEFAULT_SCHEMA.to_string(),
            name: name.clone(),
            values: values
                .iter()
                .map(|v| EnumValue {
                    id: Id::for_enum_value(DEFAULT_SCHEMA, &name, v),
                    name: v.to_string(),
                })
                .collect(),
            comment: None,
        });
        id
    }

    fn add_fk(&mut self, t: &mut Table, col: &str, target: usize, on_delete: ReferentialAction) {
        let rt = &self.schema.tables[target];
        let mut fk = ForeignKey {
            match_full: false,
            not_valid: false,
            id: Id::new(""),
            name: None,
            columns: vec![col_id(t, col)],
            ref_table: rt.id.clone(),
            ref_columns: vec![col_id(rt, "id")],
            on_delete,
            on_update: ReferentialAction::NoAction,
            deferrable: false,
            initially_deferred: false,
        };
        fk.id = Id::for_constraint(
            "foreign_key",
            &t.schema,
            &t.name,
            &conventional_fk_name(&self.schema, t, &fk),
        );
        t.foreign_keys.push(fk);
    }

    fn entity_table(&mut self, index: usize, columns_per_table: usize) {
        let (plural, singular) = NOUNS[index % NOUNS.len()];
        let round = index / NOUNS.len();
        let (base, singular) = if round == 0 {
            (plural.to_string(), singular.to_string())
        } else {
            (
                format!("{plural}_{}", round + 1),
                format!("{singular}_{}", round + 1),
            )
        };
        let name = self.unique_name(&base);
        let mut t = new_table(&name);
        t.columns.push(not_null(with_default(
            column(&name, "id", ColumnType::Uuid),
            expr("gen_random_uuid()"),
        )));
        t.primary_key = Some(PrimaryKey {
            deferrable: false,
            initially_deferred: false,
            id: Id::for_primary_key(DEFAULT_SCHEMA, &name),
            name: None,
            columns: vec![col_id(&t, "id")],
        });
        if self.rng.chance(30) {
            t.comment = Some(format!(
                "All {} known to the system.",
                plural.replace('_', " ")
            ));
        }

        // Foreign keys to distinct earlier entity tables.
        let fk_count = self.rng.below(3).min(self.entities.len());
        let mut targets: Vec<usize> = Vec::new();
        while targets.len() < fk_count {
            let candidate = self.rng.below(self.entities.len());
            if !targets.contains(&candidate) {
                targets.push(candidate);
            }
        }
        for target in targets {
            let (target_table, target_singular) = self.entities[target].clone();
            let col = format!("{target_singular}_id");
            let required = self.rng.chance(60);
            let action = if required {
                *self.rng.pick(&[
                    ReferentialAction::Cascade,
                    ReferentialAction::Restrict,
                    ReferentialAction::NoAction,
                ])
            } else {
                *self.rng.pick(&[
                    ReferentialAction::SetNull,
                    ReferentialAction::Cascade,
                    ReferentialAction::NoAction,
                    ReferentialAction::SetDefault,
                ])
            };
            let mut c = column(&name, &col, ColumnType::Uuid);
            c.not_null = required;
            t.columns.push(c);
            self.add_fk(&mut t, &col, target_table, action);
            if self.rng.chance(70) {
                let ix = column_index(&t, &col);
                add_index(&mut t, ix);
            }
        }

        let audit = 4;
        let fillers = columns_per_table.saturating_sub(t.columns.len() + audit);
        let mut pool: Vec<usize> = (0..FILLERS).collect();
        let mut chosen = Vec::new();
        for _ in 0..fillers.min(FILLERS) {
            chosen.push(pool.remove(self.rng.below(pool.len())));
        }
        // Declared in a natural order (name and title first), like a hand-written table.
        chosen.sort_unstable();
        for which in chosen {
            self.filler(&mut t, &singular, which);
        }
        for k in FILLERS..fillers {
            let c = column(&name, &format!("extra_{k}"), ColumnType::Text);
            t.columns.push(c);
        }

        // Audit columns.
        t.columns.push(not_null(with_default(
            column(
                &name,
                "created_at",
                ColumnType::Timestamp {
                    precision: None,
                    with_time_zone: false,
                },
            ),
            expr("now()"),
        )));
        t.columns.push(not_null(with_default(
            column(
                &name,
                "updated_at",
                ColumnType::Timestamp {
                    precision: None,
                    with_time_zone: false,
                },
            ),
            expr("now()"),
        )));
        t.columns
            .push(column(&name, "created_by", ColumnType::Text));
        t.columns.push(column(
            &name,
            "deleted_at",
            ColumnType::Timestamp {
                precision: None,
                with_time_zone: false,
            },
        ));
        if self.rng.chance(50) {
            let mut ix = column_index(&t, "created_at");
            ix.parts[0].descending = true;
            ix.parts[0].nulls = Some(NullsOrder::Last);
            ix.predicate = Some("deleted_at IS NULL".into());
            add_index(&mut t, ix);
        }
        self.schema.tables.push(t);
        self.entities.push((self.schema.tables.len() - 1, singular));
    }

    fn filler(&mut self, t: &mut Table, singular: &str, which: usize) {
        let name = t.name.clone();
        let c = |n: &str, ty: ColumnType| column(&name, n, ty);
        match which {
            0 => t.columns.push(not_null(c(
                "name",
                ColumnType::Varchar { length: Some(100) },
            ))),
            1 => t.columns.push(not_null(c(
                "title",
                ColumnType::Varchar { length: Some(200) },
            ))),
            2 => t.columns.push(c("description", ColumnType::Text)),
            3 => {
                t.columns.push(not_null(c(
                    "slug",
                    ColumnType::Varchar { length: Some(120) },
                )));
                add_unique(t, &["slug"], false);
            }
            4 => {
                t.columns
                    .push(c("email", ColumnType::Varchar { length: Some(255) }));
                let nnd = self.rng.chance(50);
                add_unique(t, &["email"], nnd);
            }
            5 => {
                let values = *self.rng.pick(STATUS_SETS);
                let id = self.new_enum(&format!("{singular}_status"), values);
                t.columns.push(not_null(with_default(
                    c("status", ColumnType::Enum { id }),
                    DefaultValue::String(values[0].to_string()),
                )));
                let ix = column_index(t, "status");
                add_index(t, ix);
            }
            6 => {
                t.columns.push(not_null(with_default(
                    c("quantity", ColumnType::Integer),
                    DefaultValue::Number("0".into()),
                )));
                add_check(t, "quantity", "quantity >= 0".into());
            }
            7 => {
                t.columns.push(with_default(
                    c(
                        "price",
                        ColumnType::Numeric {
                            precision: Some(12),
                            scale: Some(2),
                        },
                    ),
                    DefaultValue::Number("0.00".into()),
                ));
                add_check(t, "price", "price >= 0".into());
            }
            8 => t.columns.push(c("score", ColumnType::DoublePrecision)),
            9 => t.columns.push(not_null(with_default(
                c("is_active", ColumnType::Boolean),
                DefaultValue::Boolean(true),
            ))),
            10 => {
                t.columns.push(not_null(with_default(
                    c("settings", ColumnType::Jsonb),
                    DefaultValue::Json(json!({
                        "notifications": true,
                        "visibility": "members",
                        "limits": { "max": 10 }
                    })),
                )));
                let mut ix = column_index(t, "settings");
                ix.method = IndexMethod::Gin;
                ix.parts[0].opclass = Some("jsonb_path_ops".into());
                add_index(t, ix);
            }
            11 => t.columns.push(with_default(
                c("metadata", ColumnType::Jsonb),
                DefaultValue::Json(json!({})),
            )),
            12 => t.columns.push(not_null(with_default(
                c(
                    "tags",
                    ColumnType::Array {
                        element: Box::new(ColumnType::Text),
                    },
                ),
                DefaultValue::String("{}".into()),
            ))),
            13 => {
                let tz = ColumnType::Timestamp {
                    precision: None,
                    with_time_zone: true,
                };
                t.columns.push(c("starts_at", tz.clone()));
                t.columns.push(c("ends_at", tz));
                add_check(t, "period", "ends_at IS NULL OR ends_at > starts_at".into());
            }
            14 => t
                .columns
                .push(c("external_ref", ColumnType::Varchar { length: Some(64) })),
            15 => t.columns.push(not_null(with_default(
                c("position", ColumnType::Integer),
                DefaultValue::Number("0".into()),
            ))),
            16 => t.columns.push(c("ip_address", ColumnType::Inet)),
            17 => t.columns.push(c("birth_date", ColumnType::Date)),
            18 => t.columns.push(c("duration", ColumnType::Interval)),
            19 => t.columns.push(not_null(with_default(
                c("version", ColumnType::BigInt),
                DefaultValue::Number("1".into()),
            ))),
            20 => {
                let mut col = not_null(c("sequence_no", ColumnType::BigInt));
                col.identity = Some(Identity::ByDefault);
                t.columns.push(col);
                add_unique(t, &["sequence_no"], false);
            }
            21 => {
                let id = match &self.priority_enum {
                    Some(id) => id.clone(),
                    None => {
                        let id =
                            self.new_enum("priority_level", &["low", "medium", "high", "urgent"]);
                        self.priority_enum = Some(id.clone());
                        id
                    }
                };
                t.columns.push(not_null(with_default(
                    c("priority", ColumnType::Enum { id }),
                    DefaultValue::String("medium".into()),
                )));
            }
            22 => t.columns.push(not_null(with_default(
                c("currency", ColumnType::Char { length: Some(3) }),
                DefaultValue::String("EUR".into()),
            ))),
            23 => {
                t.columns
                    .push(c("code", ColumnType::Varchar { length: Some(32) }));
                let mut ix = column_index(t, "code");
                ix.parts[0].key = IndexKey::Expression("lower((code)::text)".into());
                ix.unique = true;
                ix.predicate = Some("deleted_at IS NULL".into());
                add_index(t, ix);
            }
            _ => t.columns.push(c("notes", ColumnType::Text)),
        }
    }

    fn junction_table(&mut self) -> bool {
        if self.entities.len() < 2 {
            return false;
        }
        let a = self.rng.below(self.entities.len());
        let mut b = self.rng.below(self.entities.len() - 1);
        if b >= a {
            b += 1;
        }
        let (ta, sa) = self.entities[a].clone();
        let (tb, sb) = self.entities[b].clone();
        let b_plural = self.schema.tables[tb].name.clone();
        let name = self.unique_name(&format!("{sa}_{b_plural}"));
        let mut t = new_table(&name);
        let ca = format!("{sa}_id");
        let cb = format!("{sb}_id");
        t.columns
            .push(not_null(column(&name, &ca, ColumnType::Uuid)));
        t.columns
            .push(not_null(column(&name, &cb, ColumnType::Uuid)));
        t.columns.push(not_null(with_default(
            column(&name, "role", ColumnType::Text),
            DefaultValue::String("member".into()),
        )));
        t.columns.push(not_null(with_default(
            column(
                &name,
                "created_at",
                ColumnType::Timestamp {
                    precision: None,
                    with_time_zone: false,
                },
            ),
            expr("now()"),
        )));
        t.primary_key = Some(PrimaryKey {
            deferrable: false,
            initially_deferred: false,
            id: Id::for_primary_key(DEFAULT_SCHEMA, &name),
            name: None,
            columns: vec![col_id(&t, &ca), col_id(&t, &cb)],
        });
        self.add_fk(&mut t, &ca, ta, ReferentialAction::Cascade);
        self.add_fk(&mut t, &cb, tb, ReferentialAction::Cascade);
        let ix = column_index(&t, &cb);
        add_index(&mut t, ix);
        self.schema.tables.push(t);
        true
    }

    fn views(&mut self, count: usize) {
        let candidates: Vec<usize> = self.entities.iter().map(|(i, _)| *i).collect();
        for k in 0..count.min(candidates.len()) {
            let ti = candidates[(k * 7 + self.rng.below(3)) % candidates.len()];
            let t = self.schema.tables[ti].clone();
            let materialized = k % 3 == 2;
            let (base, query) = match t.foreign_keys.first() {
                Some(fk) if materialized => {
                    let col = t
                        .column(&fk.columns[0])
                        .map(|c| c.name.clone())
                        .unwrap_or_default();
                    (
                        format!("{}_stats", t.name),
                        format!(
                            "SELECT {col}, count(*) AS total\nFROM {}\nWHERE deleted_at IS NULL\nGROUP BY {col}",
                            t.name
                        ),
                    )
                }
                _ => (
                    format!("active_{}", t.name),
                    format!("SELECT *\nFROM {}\nWHERE deleted_at IS NULL", t.name),
                ),
            };
            if self.used_names.contains(&base) {
                continue;
            }
            let name = self.unique_name(&base);
            self.schema.views.push(View {
                id: Id::for_view(DEFAULT_SCHEMA, &name),
                schema: DEFAULT_SCHEMA.to_string(),
                materialized: materialized && name.ends_with("_stats"),
                name,
                columns: Vec::new(),
                query,
                comment: None,
                check_option: None,
                indexes: Vec::new(),
            });
        }
    }
}

const FILLERS: usize = 25;

/// A realistic, valid schema of `tables` tables with about `columns_per_table` columns each (a
/// table always has its key, foreign key and four audit columns), plus enums, indexes, checks,
/// views and a grid layout. Deterministic in all three arguments.
pub fn realistic_schema(seed: u64, tables: usize, columns_per_table: usize) -> Document {
    let mut b = Builder {
        rng: Rng(seed ^ 0x005E_ED0F_10B1_4E5E_u64),
        used_names: HashSet::new(),
        schema: Schema::default(),
        entities: Vec::new(),
        priority_enum: None,
    };
    let mut entity_index = 0;
    for _ in 0..tables {
        let junction = b.entities.len() >= 2 && b.rng.chance(20) && b.junction_table();
        if !junction {
            b.entity_table(entity_index, columns_per_table);
            entity_index += 1;
        }
    }
    let view_count = if tables == 0 { 0 } else { tables / 8 + 1 };
    b.views(view_count);

    let mut doc = Document::new(b.schema);
    let cards: Vec<Id> = doc
        .schema
        .tables
        .iter()
        .map(|t| t.id.clone())
        .chain(doc.schema.views.iter().map(|v| v.id.clone()))
        .collect();
    let per_row = (cards.len() as f64).sqrt().ceil().max(1.0) as usize;
    for (i, id) in cards.into_iter().enumerate() {
        doc.layout.placements.insert(
            id,
            Placement {
                x: (i % per_row) as f64 * 360.0,
                y: (i / per_row) as f64 * 440.0,
                color: None,
            },
        );
    }
    doc
}

/// A copy of `from` with about 5% of its objects changed, the pair the diff benchmarks compare:
/// every hundredth table renamed, given a new column, a text column renamed, or an integer
/// column retyped to `bigint` and its last index dropped, or (when nothing references it)
/// dropped; every twentieth table's comment changed. Deterministic.
pub fn changed_schema(from: &Schema) -> Schema {
    let mut to = from.clone();
    let referenced: HashSet<Id> = from
        .tables
        .iter()
        .flat_map(|t| t.foreign_keys.iter().map(|fk| fk.ref_table.clone()))
        .collect();
    let mut dropped = HashSet::new();
    for (i, t) in to.tables.iter_mut().enumerate() {
        match i % 100 {
            0 => t.name = format!("{}_renamed", t.name),
            20 => t.columns.push(Column {
                collation: None,
                id: Id::new(format!("co_bench_{i}")),
                name: "bench_note".into(),
                ty: ColumnType::Text,
                not_null: false,
                default: None,
                identity: None,
                identity_options: Default::default(),
                generated: None,
                comment: None,
            }),
            40 => {
                if let Some(c) = t.columns.iter_mut().find(|c| c.ty == ColumnType::Text) {
                    c.name = format!("{}_renamed", c.name);
                }
            }
            60 => {
                if let Some(c) = t.columns.iter_mut().find(|c| c.ty == ColumnType::Integer) {
                    c.ty = ColumnType::BigInt;
                }
                t.indexes.pop();
            }
            80 if !referenced.contains(&t.id) => {
                dropped.insert(t.id.clone());
            }
            _ => {}
        }
        if i % 20 == 10 {
            t.comment = Some("changed".into());
        }
    }
    to.tables.retain(|t| !dropped.contains(&t.id));
    to
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        assert_eq!(realistic_schema(7, 30, 12), realistic_schema(7, 30, 12));
        assert_ne!(realistic_schema(7, 30, 12), realistic_schema(8, 30, 12));
        assert_eq!(realistic_schema(1, 0, 0).schema, Schema::default());
    }
}
