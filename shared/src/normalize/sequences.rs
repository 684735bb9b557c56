//! Normalisation of standalone sequences.

/// Removes the standalone sequences that normalisation recognised as a serial column's own
/// (`<table>_<column>_seq`, see `normalize`): the serial column creates them.
pub(super) fn drop_serial_sequences(schema: &mut crate::model::Schema) {
    use crate::model::ColumnType as T;
    let implicit: std::collections::HashSet<(String, String)> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| matches!(c.ty, T::SmallSerial | T::Serial | T::BigSerial))
                .map(|c| {
                    let n = crate::naming::pg_object_name(&t.name, Some(&c.name), "seq");
                    (t.schema.clone(), n)
                })
        })
        .collect();
    schema
        .sequences
        .retain(|q| !implicit.contains(&(q.schema.clone(), q.name.clone())));
}

/// Keeps only the sequence options that differ from the defaults for each sequence's type.
pub(super) fn canonical_options(schema: &mut crate::model::Schema) {
    for seq in &mut schema.sequences {
        seq.options = seq.canonical_options();
    }
}
