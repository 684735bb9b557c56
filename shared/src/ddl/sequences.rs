//! DDL of standalone sequences.

use super::{comment_sql, qualified_name};
use crate::model::{Schema, Sequence, SequenceOwner, SequenceType};

/// `CREATE SEQUENCE s.name [AS type] [options];` (ownership comes after the tables, see
/// [`sequence_owned_by_sql`]).
pub fn create_sequence_sql(q: &Sequence) -> String {
    let ty = if q.data_type == SequenceType::BigInt {
        String::new()
    } else {
        format!(" AS {}", q.data_type.sql())
    };
    format!(
        "CREATE SEQUENCE {}{ty}{};",
        qualified_name(&q.schema, &q.name),
        q.options_sql()
    )
}

/// The `table.column` text of an owner, or `NONE` when it names nothing in `schema`.
pub fn owner_sql(schema: &Schema, owner: Option<&SequenceOwner>) -> String {
    owner
        .and_then(|o| {
            let t = schema.table(&o.table)?;
            let c = t.column(&o.column)?;
            Some(format!(
                "{}.{}",
                qualified_name(&t.schema, &t.name),
                crate::naming::quote_ident(&c.name)
            ))
        })
        .unwrap_or_else(|| "NONE".into())
}

/// `ALTER SEQUENCE s.name OWNED BY t.c;`, for a sequence with an owner.
pub fn sequence_owned_by_sql(schema: &Schema, q: &Sequence) -> Option<String> {
    q.owned_by.as_ref()?;
    Some(format!(
        "ALTER SEQUENCE {} OWNED BY {};",
        qualified_name(&q.schema, &q.name),
        owner_sql(schema, q.owned_by.as_ref())
    ))
}

/// `COMMENT ON SEQUENCE`, when there is a comment.
pub fn sequence_comment_sql(q: &Sequence) -> Option<String> {
    let c = q.comment.as_ref()?;
    Some(comment_sql(
        "SEQUENCE",
        &qualified_name(&q.schema, &q.name),
        c,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_sequence() {
        let mut q = Sequence::new("billing", "invoice_no");
        q.options.start = Some(1000);
        assert_eq!(
            create_sequence_sql(&q),
            "CREATE SEQUENCE billing.invoice_no START WITH 1000;"
        );
        q.data_type = SequenceType::Integer;
        q.options.start = None;
        assert_eq!(
            create_sequence_sql(&q),
            "CREATE SEQUENCE billing.invoice_no AS integer;"
        );
        assert_eq!(sequence_owned_by_sql(&Schema::default(), &q), None);
    }
}
