//! The tantivy schema of the search index, its version, and the registration of our
//! tokenizers on an index (tokenizers are not stored in the index: they must be registered
//! again after every open).

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;

use super::analysis::{NGRAMS, NgramTokenizer, WORDS, WordTokenizer};

/// Bumped whenever the schema, the analyzers or the way documents are built change: a
/// persisted index of another version is rebuilt. The crate version and the user
/// dictionary's hash are part of the key too (see [`schema_key`]).
pub const SCHEMA_VERSION: u32 = 1;

/// Name of the fast field that holds each item's key hash (see [`Fields::key_hash`]).
pub const KEY_HASH: &str = "key_hash";

/// What a persisted index must match to be reused as it is.
pub fn schema_key() -> String {
    let dict = blake3::hash(super::analysis::USER_DICT.as_bytes()).to_hex();
    format!(
        "v{SCHEMA_VERSION}-{}-{}",
        env!("CARGO_PKG_VERSION"),
        &dict[..16]
    )
}

/// The fields of one index document (a task, a column item or an indicator row).
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Unique key of the item: `t:<task id>`, `c:<column id>:<item>`, `i:<document>:<row>`
    /// (filters select items by it).
    pub key: Field,
    /// [`super::docs::KeyHash`] of the key, read for each hit to find its item.
    pub key_hash: Field,
    /// The plan's document id: filters and per-plan deletion.
    pub doc: Field,
    /// Task title, column title or indicator name (words).
    pub title: Field,
    /// Responsible units: each name, directory name and alias whole (see
    /// [`super::docs::unit_names`]).
    pub units: Field,
    /// The whole text (words).
    pub text: Field,
    /// The section headings above the item (words).
    pub path: Field,
    /// Title and text as character pairs (and run ends), with positions: literal phrases
    /// and single characters.
    pub ngram: Field,
    /// Deadline years of the item's targets (indicator rows: years with a value).
    pub year: Field,
    /// `lead` / `cooperate` when the task has a unit of that role.
    pub role: Field,
}

/// Builds the schema and the field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Words need term frequencies and norms for BM25, not positions: phrases are answered
    // by the n-gram field, which does keep positions.
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(WORDS)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    // Unit names are matched whole, already folded.
    let whole = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let ngrams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(NGRAMS)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
            .set_fieldnorms(false),
    );
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        key_hash: b.add_u64_field(KEY_HASH, FAST),
        doc: b.add_text_field("doc", STRING),
        title: b.add_text_field("title", words.clone()),
        units: b.add_text_field("units", whole),
        text: b.add_text_field("text", words.clone()),
        path: b.add_text_field("path", words),
        ngram: b.add_text_field("ngram", ngrams),
        year: b.add_u64_field("year", INDEXED),
        role: b.add_text_field("role", STRING),
    };
    (b.build(), fields)
}

/// The field handles of an opened index, or `None` when its schema is not ours.
pub fn fields_of(index: &Index) -> Option<Fields> {
    let (expected, fields) = build_schema();
    (index.schema() == expected).then_some(fields)
}

/// Registers our analyzers on `index`.
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(WORDS, TextAnalyzer::from(WordTokenizer));
    manager.register(NGRAMS, TextAnalyzer::from(NgramTokenizer));
}
