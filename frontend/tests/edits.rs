//! New objects follow the project's conventions, in the browser.

use joinery_frontend::edits::{new_foreign_key, new_table};
use joinery_shared::model::{
    AuditColumns, ColumnType, Conventions, DefaultValue, Id, Identity, KeyStyle, ReferentialAction,
};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn timestamptz() -> ColumnType {
    ColumnType::Timestamp {
        precision: None,
        with_time_zone: true,
    }
}

#[test]
fn a_new_table_follows_the_seed_by_default() {
    let t = new_table(&Conventions::default(), Id::new("t"), "things".into());
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "created_at"]);
    assert_eq!(t.columns[0].ty, ColumnType::Uuid);
    assert_eq!(
        t.columns[0].default,
        Some(DefaultValue::Expression("gen_random_uuid()".into()))
    );
    assert_eq!(
        t.primary_key.as_ref().unwrap().columns,
        [t.columns[0].id.clone()]
    );
    assert_eq!(t.columns[1].ty, timestamptz());
    assert!(t.columns[1].not_null);
}

#[test]
fn other_conventions_give_other_tables_and_keys() {
    let c = Conventions {
        primary_key: KeyStyle::BigintIdentity,
        audit: AuditColumns::SoftDelete,
        on_delete: ReferentialAction::SetNull,
        ..Conventions::default()
    };
    let t = new_table(&c, Id::new("t"), "things".into());
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "created_at", "updated_at", "deleted_at"]);
    assert_eq!(t.columns[0].identity, Some(Identity::Always));
    assert!(!t.columns[3].not_null);
    let none = Conventions {
        primary_key: KeyStyle::None,
        audit: AuditColumns::None,
        ..Conventions::default()
    };
    let bare = new_table(&none, Id::new("b"), "bare".into());
    assert!(bare.columns.is_empty() && bare.primary_key.is_none());
    let fk = new_foreign_key(&c, vec![Id::new("a")], Id::new("t"), vec![Id::new("id")]);
    assert_eq!(fk.on_delete, ReferentialAction::SetNull);
    let fk = new_foreign_key(
        &Conventions::default(),
        vec![Id::new("a")],
        Id::new("t"),
        vec![Id::new("id")],
    );
    assert_eq!(fk.on_delete, ReferentialAction::Cascade);
}
