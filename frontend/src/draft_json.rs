//! The draft as JSON, written a few tables at a time.
//!
//! Why: the autosave and the browser's offline copy write the whole design. For 1,000 tables
//! that is about 30 ms of serializing in one go on two cores: two missed frames in the middle
//! of whatever the user is doing, a second after every edit. Written in slices (the caller
//! yields to the browser between them), the same text costs a few milliseconds per frame.
//!
//! The text is exactly `serde_json::to_string(&document)`: everything but the tables is
//! serialized with an empty table list, whose one `"tables":[]` is where the tables go (a
//! document whose text has another such spot is serialized whole, in one step).

use joinery_shared::model::{Document, Table};

/// The spot the tables go in the text of the document without them.
const EMPTY_TABLES: &str = "\"tables\":[]";

/// A document being written as JSON.
pub struct DraftJson {
    /// The text up to the tables' opening bracket (included) and the tables written so far.
    text: Vec<u8>,
    /// The rest of the document's text, from the tables' closing bracket.
    tail: String,
    /// The document without its tables, which go back in when it is done.
    doc: Document,
    tables: Vec<Table>,
    /// The next table to write.
    next: usize,
}

impl DraftJson {
    /// Starts writing `doc`.
    pub fn new(mut doc: Document) -> Result<DraftJson, serde_json::Error> {
        let tables = std::mem::take(&mut doc.schema.tables);
        let shell = serde_json::to_string(&doc)?;
        let mut spots = shell.match_indices(EMPTY_TABLES);
        let (Some((at, _)), None) = (spots.next(), spots.next()) else {
            doc.schema.tables = tables;
            let text = serde_json::to_vec(&doc)?;
            return Ok(DraftJson {
                text,
                tail: String::new(),
                doc,
                tables: Vec::new(),
                next: 0,
            });
        };
        let split = at + EMPTY_TABLES.len() - 1;
        Ok(DraftJson {
            text: shell.as_bytes()[..split].to_vec(),
            tail: shell[split..].to_string(),
            doc,
            tables,
            next: 0,
        })
    }

    /// Writes up to `count` more tables; true when all are written.
    pub fn step(&mut self, count: usize) -> Result<bool, serde_json::Error> {
        let end = self.next.saturating_add(count).min(self.tables.len());
        for (i, table) in self.tables[self.next..end].iter().enumerate() {
            if self.next + i > 0 {
                self.text.push(b',');
            }
            serde_json::to_writer(&mut self.text, table)?;
        }
        self.next = end;
        Ok(self.next == self.tables.len())
    }

    /// The whole text, and the document back.
    pub fn finish(mut self) -> (String, Document) {
        self.text.extend_from_slice(self.tail.as_bytes());
        self.doc.schema.tables = self.tables;
        // serde_json writes UTF-8, and the split is at an ASCII bracket.
        let text = String::from_utf8(self.text).unwrap_or_default();
        (text, self.doc)
    }

    /// `doc`'s text in one go (what [`DraftJson`] writes in slices).
    pub fn whole(doc: Document) -> Result<(String, Document), serde_json::Error> {
        let mut json = DraftJson::new(doc)?;
        json.step(usize::MAX)?;
        Ok(json.finish())
    }
}
