//! Chinese full-text search over a library: a tantivy index of every task, column item and
//! indicator row, analysed with jieba (plus the plans' own dictionary) and with character
//! n-grams, queried with hand-built queries, filtered by plan, unit, role, year and section,
//! answered with highlighted snippets from the original text — and, when the index finds
//! nothing, by a literal substring scan, so a wrong "no result" never hides a policy.
//!
//! The index is persisted in the cache folder, keyed by a schema version and each plan's
//! fingerprint, and refreshed plan by plan ([`SearchIndex::open_or_build`]).

mod analysis;
mod docs;
mod persist;
mod query;
mod schema;
mod snippet;

use std::cmp::Reverse;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, Count, DocSetCollector, TopDocs};
use tantivy::columnar::Column as FastColumn;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, DocId, Index, IndexReader, Score, Searcher, SegmentReader};

pub use analysis::{fold, is_plain_punctuation, jieba};
pub use docs::indicator_text;
pub use query::{Clause, parse as parse_query};
pub use schema::SCHEMA_VERSION;
pub use snippet::{SNIPPET_CHARS, mark};

use crate::model::{self, Library, Role, SmolStr};
use crate::{Error, Result};
use docs::ItemRef;
use schema::Fields;

/// Hits returned when a query asks for `limit: 0`.
pub const DEFAULT_LIMIT: usize = 20;

/// A search index over one library. Cheap to query from any thread (`Send + Sync`); the
/// jieba dictionary is loaded once per process.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Key → item of the library the index was last built or opened for; rebuilt from the
    /// library given to [`SearchIndex::search`] when it no longer fits.
    items: RwLock<HashMap<u64, ItemRef>>,
}

/// Progress of a long indexing run, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexProgress {
    pub done: usize,
    pub total: usize,
    pub phase: String,
}

/// What [`SearchIndex::open_or_build`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexReport {
    /// Plans (re)indexed.
    pub reindexed: usize,
    /// Plans found unchanged in the persisted index.
    pub unchanged: usize,
    /// Plans dropped from the persisted index.
    pub removed: usize,
    /// The whole index was built anew (first run, other version, damage or lock).
    pub rebuilt: bool,
    /// Sentences for the user about anything unusual (a damaged index rebuilt …).
    pub messages: Vec<String>,
}

/// A search request: the text plus optional filters. `limit: 0` means [`DEFAULT_LIMIT`].
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SearchQuery {
    pub text: String,
    pub limit: usize,
    /// A plan's id (or part of its title).
    pub document: Option<String>,
    /// A unit's name or any alias (or part of one): only tasks of that unit.
    pub unit: Option<String>,
    /// With `unit`: only tasks where the unit has this role; alone: tasks with any unit of
    /// this role.
    pub role: Option<Role>,
    /// Only items with a target (or indicator value) for this year.
    pub year: Option<i32>,
    /// Only items whose section headings contain this text.
    pub section: Option<String>,
}

/// The answer to a [`SearchQuery`].
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SearchResults {
    pub query: String,
    /// All matches, of which `hits` are the best `limit`.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// The index found nothing and these hits come from the literal substring scan.
    pub fallback: bool,
}

/// What kind of item a hit is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Task,
    ColumnItem,
    Indicator,
}

/// One search hit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub kind: HitKind,
    /// The task id (tasks only).
    pub task: Option<SmolStr>,
    /// The column id (column items only).
    pub column: Option<SmolStr>,
    pub document: SmolStr,
    pub path: model::Path,
    /// Task number, column number, or empty for an indicator row.
    pub number: SmolStr,
    /// Task title, column title or indicator name.
    pub title: String,
    pub score: f32,
    /// Original text around the match.
    pub snippet: String,
    /// Matched parts of `snippet`, as `[start, end)` character ranges.
    pub highlights: Vec<(usize, usize)>,
}

/// The persisted index folder of a library: `<cache>/index/<corpus_key>`, where the key is
/// `library` for the user library or [`corpus_key`] of a `--corpus` folder.
pub fn index_dir_for(corpus_key: &str) -> Result<PathBuf> {
    Ok(crate::corpus::dirs::cache_dir()?
        .join("index")
        .join(corpus_key))
}

/// The index key of a library: `library` for the user library, else the blake3 hash of
/// the canonical path of the corpus folder (so its index lives in the cache, never in it).
pub fn corpus_key(corpus: Option<&Path>) -> String {
    match corpus {
        None => "library".to_string(),
        Some(dir) => {
            let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            let hash = blake3::hash(canonical.to_string_lossy().as_bytes());
            hash.to_hex()[..32].to_string()
        }
    }
}

impl SearchIndex {
    /// Builds an index of `lib` in memory (tests, `export --query`, or when the cache
    /// cannot be used).
    pub fn build_in_ram(lib: &Library) -> Result<Self> {
        persist::build_in_ram(lib, &mut |_| {})
    }

    /// Opens the persisted index under `dir` (e.g. `index_dir_for("library")`), re-indexes
    /// only plans whose fingerprint changed, drops removed ones, and rebuilds it whole after
    /// a schema change, damage or a failed update — reported in `IndexReport::messages`,
    /// never a panic. When the folder cannot be written or another process holds it, the
    /// index is built in memory instead, with a message.
    pub fn open_or_build(
        lib: &Library,
        dir: &Path,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> Result<(Self, IndexReport)> {
        persist::open_or_build(lib, dir, progress)
    }

    fn new(
        index: Index,
        reader: IndexReader,
        fields: Fields,
        items: HashMap<u64, ItemRef>,
    ) -> Self {
        SearchIndex {
            index,
            reader,
            fields,
            items: RwLock::new(items),
        }
    }

    /// Number of indexed items (tasks, column items, indicator rows).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The tantivy index, for tools that inspect it.
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }

    /// Answers `q` over `lib` (the library the index was built from).
    pub fn search(&self, lib: &Library, q: &SearchQuery) -> Result<SearchResults> {
        let clauses = query::parse(&q.text);
        let limit = if q.limit == 0 { DEFAULT_LIMIT } else { q.limit };
        let mut results = SearchResults {
            query: q.text.clone(),
            ..Default::default()
        };
        let filters = query::filter_queries(&self.fields, lib, q)?;
        let has_filters = !filters.is_empty();
        let searcher = self.reader.searcher();
        let positive = clauses.iter().any(|c| !c.negated);
        if let Some(tq) = query::build(&self.fields, &clauses, filters) {
            let top = limit.min(searcher.num_docs() as usize).max(1);
            let (total, top_docs) = searcher
                .search(&tq, &(Count, top_by_score_then_key(top)))
                .map_err(index_err)?;
            results.total = total;
            // Equal scores in reading order: the plan's order, then the item's.
            let mut found: Vec<(f32, ItemRef)> = Vec::with_capacity(top_docs.len());
            for ((score, Reverse(key)), _) in top_docs {
                match self.resolve(lib, key) {
                    Some(item) => found.push((score, item)),
                    None => results.total = results.total.saturating_sub(1),
                }
            }
            found.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| item_order(a.1).cmp(&item_order(b.1)))
            });
            for (score, item) in found {
                match self.hit(lib, item, score, &clauses) {
                    Some(hit) => results.hits.push(hit),
                    None => results.total = results.total.saturating_sub(1),
                }
            }
        } else if !positive && !has_filters {
            return Ok(results);
        }
        if results.total == 0 && positive {
            results.fallback = true;
            if index_may_miss(&clauses) {
                self.fallback(lib, q, &clauses, limit, &searcher, &mut results)?;
            }
        }
        Ok(results)
    }

    /// The literal substring scan: items whose folded title, text and units contain every
    /// positive clause and no negated one. Candidates come from the n-gram field (every
    /// searchable character of the query must be there), so the scan reads only those.
    fn fallback(
        &self,
        lib: &Library,
        q: &SearchQuery,
        clauses: &[Clause],
        limit: usize,
        searcher: &Searcher,
        results: &mut SearchResults,
    ) -> Result<()> {
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen: Vec<char> = Vec::new();
        for c in clauses.iter().filter(|c| !c.negated) {
            for ch in c.folded.chars().filter(|&ch| analysis::is_word_char(ch)) {
                if !seen.contains(&ch) {
                    seen.push(ch);
                    parts.push((Occur::Must, query::char_query(&self.fields, ch)));
                }
            }
        }
        if parts.is_empty() {
            parts.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        for f in query::filter_queries(&self.fields, lib, q)? {
            parts.push((Occur::Must, f));
        }
        let candidates = searcher
            .search(&BooleanQuery::new(parts), &DocSetCollector)
            .map_err(index_err)?;
        let mut addrs: Vec<DocAddress> = candidates.into_iter().collect();
        addrs.sort_unstable();
        let mut keys = KeyReader::new(searcher);
        let units = docs::UnitLookup::new(lib);
        let mut found: Vec<ItemRef> = Vec::new();
        for addr in addrs {
            let key = keys.key(addr)?;
            let Some(item) = self.resolve(lib, key) else {
                continue;
            };
            let hay = fold(&searchable_text(lib, item, &units));
            let keep = clauses
                .iter()
                .all(|c| hay.contains(c.folded.as_str()) != c.negated);
            if keep {
                found.push(item);
            }
        }
        found.sort_by_key(|&item| item_order(item));
        results.total = found.len();
        for item in found.into_iter().take(limit) {
            if let Some(hit) = self.hit(lib, item, 1.0, clauses) {
                results.hits.push(hit);
            }
        }
        Ok(())
    }

    /// The library item of an index key hash, checked against `lib`; the map is rebuilt
    /// from `lib` once when it was made for another library.
    fn resolve(&self, lib: &Library, key: u64) -> Option<ItemRef> {
        let cached = self.items.read().ok()?.get(&key).copied();
        if let Some(item) = cached
            && item_hash(lib, item) == Some(key)
        {
            return Some(item);
        }
        let fresh = docs::item_map(lib);
        let item = fresh.get(&key).copied();
        if let Ok(mut items) = self.items.write() {
            *items = fresh;
        }
        item
    }

    fn hit(&self, lib: &Library, item: ItemRef, score: f32, clauses: &[Clause]) -> Option<Hit> {
        let extra = match item {
            ItemRef::Task(i) => lib.tasks.get(i).map(|t| units_named(lib, t, clauses)),
            _ => None,
        };
        let (snip, highlights) = snippet::snippet(
            &display_text(lib, item),
            clauses,
            extra.as_deref().unwrap_or(&[]),
        );
        let hit = match item {
            ItemRef::Task(i) => {
                let t = lib.tasks.get(i)?;
                Hit {
                    kind: HitKind::Task,
                    task: Some(t.id.clone()),
                    column: None,
                    document: t.document.clone(),
                    path: t.path.clone(),
                    number: t.number.clone(),
                    title: t.title.clone(),
                    score,
                    snippet: snip,
                    highlights,
                }
            }
            ItemRef::ColumnItem(ci, _) => {
                let c = lib.columns.get(ci)?;
                Hit {
                    kind: HitKind::ColumnItem,
                    task: None,
                    column: Some(c.id.clone()),
                    document: c.document.clone(),
                    path: c.path.clone(),
                    number: c.number.clone(),
                    title: c.title.clone(),
                    score,
                    snippet: snip,
                    highlights,
                }
            }
            ItemRef::Indicator(ii) => {
                let ind = lib.indicators.get(ii)?;
                Hit {
                    kind: HitKind::Indicator,
                    task: None,
                    column: None,
                    document: ind.document.clone(),
                    path: if ind.category.is_empty() {
                        Arc::from([])
                    } else {
                        Arc::from([SmolStr::from(ind.category.as_str())])
                    },
                    number: SmolStr::default(),
                    title: ind.name.clone(),
                    score,
                    snippet: snip,
                    highlights,
                }
            }
        };
        Some(hit)
    }
}

/// Reads item key hashes from the [`schema::KEY_HASH`] fast field, one column per segment.
struct KeyReader<'a> {
    searcher: &'a Searcher,
    columns: HashMap<u32, FastColumn<u64>>,
}

impl<'a> KeyReader<'a> {
    fn new(searcher: &'a Searcher) -> Self {
        KeyReader {
            searcher,
            columns: HashMap::new(),
        }
    }

    fn key(&mut self, addr: DocAddress) -> Result<u64> {
        if !self.columns.contains_key(&addr.segment_ord) {
            let column = self
                .searcher
                .segment_reader(addr.segment_ord)
                .fast_fields()
                .u64(schema::KEY_HASH)
                .map_err(index_err)?;
            self.columns.insert(addr.segment_ord, column);
        }
        self.columns
            .get(&addr.segment_ord)
            .and_then(|c| c.first(addr.doc_id))
            .ok_or_else(|| Error::Index("an indexed item has no key".into()))
    }
}

/// The `limit` best documents by score, each with its key hash. Documents of equal score
/// are taken by ascending key hash, not by their place in the index, which depends on how
/// the indexing threads happened to share the work: the same library gives the same hits
/// after every rebuild.
fn top_by_score_then_key(
    limit: usize,
) -> impl Collector<Fruit = Vec<((Score, Reverse<u64>), DocAddress)>> {
    TopDocs::with_limit(limit).tweak_score(|segment: &SegmentReader| {
        let keys = segment
            .fast_fields()
            .u64(schema::KEY_HASH)
            .ok()
            .map(|c| c.first_or_default_col(0));
        move |doc: DocId, score: Score| {
            (score, Reverse(keys.as_ref().map_or(0, |k| k.get_val(doc))))
        }
    })
}

fn index_err(e: tantivy::TantivyError) -> Error {
    Error::Index(e.to_string())
}

/// The key hash of `item` in `lib`, if it exists there.
fn item_hash(lib: &Library, item: ItemRef) -> Option<u64> {
    match item {
        ItemRef::Task(i) => lib.tasks.get(i).map(docs::KeyHash::task),
        ItemRef::ColumnItem(ci, k) => lib.columns.get(ci).map(|c| docs::KeyHash::column(c, k)),
        ItemRef::Indicator(ii) => {
            let ind = lib.indicators.get(ii)?;
            let ordinal = lib.indicators[..ii]
                .iter()
                .filter(|x| x.document == ind.document)
                .count();
            Some(docs::KeyHash::indicator(&ind.document, ordinal))
        }
    }
}

/// Whether the literal scan could find what the index did not. The index holds every run
/// of a clause as a phrase of character pairs (or a character), so when every positive
/// clause has a run, "the index found nothing" already means "no literal match"; only a
/// clause of punctuation alone, or an exclusion the index applied by runs (broader than
/// the literal text), leaves something for the scan.
fn index_may_miss(clauses: &[Clause]) -> bool {
    clauses.iter().any(|c| {
        if c.negated {
            c.runs.len() != 1 || c.runs[0] != c.folded
        } else {
            c.runs.is_empty()
        }
    })
}

/// The task's units (as written) that a positive clause names, by one of the names the
/// unit field holds (`工信厅` → `省工业和信息化厅`), to be marked in the snippet.
fn units_named(lib: &Library, task: &crate::model::Task, clauses: &[Clause]) -> Vec<SmolStr> {
    let wanted: Vec<&str> = clauses
        .iter()
        .filter(|c| !c.negated)
        .map(|c| c.folded.as_str())
        .collect();
    let units = docs::UnitLookup::for_task(lib, task);
    let mut out = Vec::new();
    for u in &task.units {
        let one = crate::model::Task {
            units: vec![u.clone()],
            ..Default::default()
        };
        let named = docs::unit_names(&one, &units)
            .iter()
            .any(|n| wanted.contains(&n.as_str()));
        if named && !out.contains(&u.name) {
            out.push(u.name.clone());
        }
    }
    out
}

/// Library order of items, for fallback hits (which have no score).
fn item_order(item: ItemRef) -> (u8, usize, usize) {
    match item {
        ItemRef::Task(i) => (0, i, 0),
        ItemRef::ColumnItem(c, k) => (1, c, k),
        ItemRef::Indicator(i) => (2, i, 0),
    }
}

/// The original text a hit's snippet is cut from.
fn display_text(lib: &Library, item: ItemRef) -> String {
    match item {
        ItemRef::Task(i) => lib.tasks.get(i).map(|t| t.text.clone()).unwrap_or_default(),
        ItemRef::ColumnItem(c, k) => lib
            .columns
            .get(c)
            .and_then(|c| docs::column_texts(c).into_iter().nth(k))
            .unwrap_or_default(),
        ItemRef::Indicator(i) => lib
            .indicators
            .get(i)
            .map(indicator_text)
            .unwrap_or_default(),
    }
}

/// Everything of an item the literal scan looks in: title, text and unit names, with a
/// separator no query can match across.
fn searchable_text(lib: &Library, item: ItemRef, units: &docs::UnitLookup<'_>) -> String {
    const SEP: char = '\u{1}';
    let mut s = String::new();
    match item {
        ItemRef::Task(i) => {
            if let Some(t) = lib.tasks.get(i) {
                s.push_str(&t.title);
                s.push(SEP);
                s.push_str(&t.text);
                for name in docs::unit_names(t, units) {
                    s.push(SEP);
                    s.push_str(&name);
                }
            }
        }
        ItemRef::ColumnItem(c, _) => {
            if let Some(col) = lib.columns.get(c) {
                s.push_str(&col.title);
            }
            s.push(SEP);
            s.push_str(&display_text(lib, item));
        }
        ItemRef::Indicator(_) => s.push_str(&display_text(lib, item)),
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Column, Document, Indicator, Target, Task, UnitEntry, UnitRole, UnitTask};

    /// A two-plan library made by hand: full-width text, a unit with aliases, a column, an
    /// indicator row.
    fn library() -> Library {
        let task =
            |id: &str, doc: &str, title: &str, text: &str, unit: &str, year: Option<i32>| Task {
                id: id.into(),
                document: doc.into(),
                path: ["二、重点任务".into(), "（一）建设信息通信网络".into()].into(),
                number: "1".into(),
                title: title.into(),
                text: text.into(),
                units: vec![UnitRole::new(unit, Role::Lead)],
                targets: year
                    .map(|y| Target {
                        year: Some(y),
                        ..Default::default()
                    })
                    .into_iter()
                    .collect(),
                ..Default::default()
            };
        Library {
            documents: vec![
                Document {
                    id: "a".into(),
                    title: "甲方案".into(),
                    hash: "ha".into(),
                    ..Default::default()
                },
                Document {
                    id: "b".into(),
                    title: "乙规划".into(),
                    hash: "hb".into(),
                    ..Default::default()
                },
            ],
            tasks: vec![
                task(
                    "a-1",
                    "a",
                    "加快５Ｇ基站建设",
                    "加快５Ｇ基站建设.到２０２５年建成５Ｇ基站２５万个,推进ＩＰｖ６规模部署.（省工业和信息化厅负责）",
                    "省工业和信息化厅",
                    Some(2025),
                ),
                task(
                    "b-1",
                    "b",
                    "建设智慧港口",
                    "推进青岛港智慧港口建设，布局充电桩。（省交通运输厅牵头）",
                    "省交通运输厅",
                    Some(2022),
                ),
            ],
            columns: vec![Column {
                id: "a-c1".into(),
                document: "a".into(),
                number: "1".into(),
                title: "算力基础设施提升工程".into(),
                items: vec!["建设智算中心，提升智能算力。".into()],
                ..Default::default()
            }],
            indicators: vec![Indicator {
                document: "b".into(),
                category: "数字基础设施".into(),
                name: "5G基站数".into(),
                unit: "万个".into(),
                values: [("2025".to_string(), Some("25".to_string()))]
                    .into_iter()
                    .collect(),
                attribute: Some("预期性".into()),
            }],
            units: vec![
                UnitEntry {
                    name: "省工业和信息化厅".into(),
                    aliases: vec!["省工信厅".into(), "工信厅".into()],
                    tasks: vec![UnitTask {
                        task: "a-1".into(),
                        role: Role::Lead,
                    }],
                },
                UnitEntry {
                    name: "省交通运输厅".into(),
                    aliases: vec![],
                    tasks: vec![UnitTask {
                        task: "b-1".into(),
                        role: Role::Lead,
                    }],
                },
            ],
        }
    }

    fn ids(index: &SearchIndex, lib: &Library, q: SearchQuery) -> Vec<String> {
        let r = index.search(lib, &q).expect("search");
        r.hits
            .iter()
            .map(|h| {
                h.task
                    .clone()
                    .or(h.column.clone())
                    .map_or_else(|| h.title.clone(), String::from)
            })
            .collect()
    }

    fn text(t: &str) -> SearchQuery {
        SearchQuery {
            text: t.into(),
            ..Default::default()
        }
    }

    #[test]
    fn finds_width_variants_aliases_columns_and_indicators() {
        let lib = library();
        let index = SearchIndex::build_in_ram(&lib).expect("index");
        assert_eq!(index.num_docs(), 4);
        assert_eq!(ids(&index, &lib, text("5G基站")), ["5G基站数", "a-1"]);
        assert_eq!(ids(&index, &lib, text("ipv6")), ["a-1"]);
        assert_eq!(ids(&index, &lib, text("工信厅")), ["a-1"]);
        assert_eq!(ids(&index, &lib, text("港")), ["b-1"]);
        assert_eq!(ids(&index, &lib, text("智算中心")), ["a-c1"]);
        assert_eq!(
            ids(&index, &lib, text("充电桩 -青岛")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn filters_by_plan_unit_year_and_section() {
        let lib = library();
        let index = SearchIndex::build_in_ram(&lib).expect("index");
        let all = |f: &dyn Fn(&mut SearchQuery)| {
            let mut q = text("建设");
            f(&mut q);
            ids(&index, &lib, q)
        };
        assert_eq!(all(&|q| q.document = Some("b".into())), ["b-1"]);
        assert_eq!(
            all(&|q| q.document = Some("甲方案".into())),
            ["a-1", "a-c1"]
        );
        assert_eq!(all(&|q| q.unit = Some("工信厅".into())), ["a-1"]);
        assert!(
            all(&|q| {
                q.unit = Some("工信厅".into());
                q.role = Some(Role::Cooperate);
            })
            .is_empty()
        );
        assert_eq!(all(&|q| q.year = Some(2022)), ["b-1"]);
        assert_eq!(all(&|q| q.section = Some("信息通信".into())).len(), 2);
    }

    #[test]
    fn stale_library_is_resolved_by_key() {
        let lib = library();
        let index = SearchIndex::build_in_ram(&lib).expect("index");
        // The same items in another order: the key map is rebuilt, hits stay right.
        let mut moved = lib.clone();
        moved.tasks.reverse();
        assert_eq!(ids(&index, &moved, text("港")), ["b-1"]);
        assert_eq!(ids(&index, &moved, text("ipv6")), ["a-1"]);
    }
}
