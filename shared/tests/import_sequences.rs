//! Standalone sequences in SQL imports: `CREATE`, `ALTER`, `DROP` and `COMMENT ON SEQUENCE`.

use joinery_shared::import::import_sql;
use joinery_shared::model::{Id, SequenceOwner, SequenceType};

#[test]
fn create_alter_comment_drop() {
    let r = import_sql(
        "CREATE TABLE t (id integer, n bigint DEFAULT nextval('counter'));
         CREATE SEQUENCE IF NOT EXISTS counter AS integer INCREMENT BY 10 START WITH 100 NO MINVALUE MAXVALUE 5000 CACHE 5 CYCLE;
         CREATE SEQUENCE IF NOT EXISTS counter;
         CREATE SEQUENCE gone;
         CREATE SEQUENCE s.other;
         ALTER SEQUENCE counter OWNED BY t.n;
         ALTER SEQUENCE s.other RENAME TO renamed;
         ALTER SEQUENCE s.renamed INCREMENT BY -1 NO CYCLE MINVALUE -50 RESTART WITH 3;
         COMMENT ON SEQUENCE counter IS 'numbers';
         DROP SEQUENCE gone;",
    );
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    let s = &r.document.schema;
    let names: Vec<(&str, &str)> = s
        .sequences
        .iter()
        .map(|q| (q.schema.as_str(), q.name.as_str()))
        .collect();
    assert_eq!(names, [("public", "counter"), ("s", "renamed")]);
    let c = &s.sequences[0];
    assert_eq!(c.id, Id::for_sequence("public", "counter"));
    assert_eq!(c.data_type, SequenceType::Integer);
    assert_eq!(
        (c.options.increment, c.options.start, c.options.max_value),
        (Some(10), Some(100), Some(5000))
    );
    assert_eq!((c.options.cache, c.options.cycle), (Some(5), true));
    assert_eq!(
        c.owned_by,
        Some(SequenceOwner {
            table: Id::for_table("public", "t"),
            column: Id::for_column("public", "t", "n"),
        })
    );
    assert_eq!(c.comment.as_deref(), Some("numbers"));
    let o = &s.sequences[1];
    assert_eq!(o.options.increment, Some(-1));
    assert_eq!(o.options.min_value, Some(-50));
    assert!(!o.options.cycle);
    // The bigint column keeps its nextval default: the sequence is not a serial's.
    assert_eq!(
        s.tables[0].columns[1].ty,
        joinery_shared::model::ColumnType::BigInt
    );
}

#[test]
fn serial_sequences_stay_serial_columns() {
    let r = import_sql(
        "CREATE TABLE t (id integer NOT NULL);
         CREATE SEQUENCE t_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
         ALTER SEQUENCE t_id_seq OWNED BY t.id;
         ALTER TABLE ONLY t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass);",
    );
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    let s = &r.document.schema;
    assert!(s.sequences.is_empty());
    assert_eq!(
        s.tables[0].columns[0].ty,
        joinery_shared::model::ColumnType::Serial
    );
}
