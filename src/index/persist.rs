//! Writing the index: in memory, or persisted in a cache folder and refreshed plan by plan.
//!
//! The list of indexed plans with their fingerprints and the schema key travel in the
//! tantivy commit payload, so they change atomically with the index itself: a crash
//! between writing documents and recording them cannot leave the two out of step. Anything
//! wrong with the folder — missing files, garbage, another version's schema, a panic while
//! probing it — leads to a rebuild with a message; a folder that cannot be written or is
//! held by another process leads to an in-memory index, also with a message.

use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::indexer::LogMergePolicy;
use tantivy::query::AllQuery;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use super::docs::{self, ItemRef, PlanItems, UnitLookup};
use super::schema::{self, Fields};
use super::{IndexProgress, IndexReport, SearchIndex, index_err};
use crate::model::Library;
use crate::{Error, Result};

/// Written into every index folder we create: a folder with it may be wiped and rebuilt.
const MARKER: &str = "planscope-index.txt";
/// Indexing memory per writer thread. Segments are flushed at this size, so it bounds the
/// writer's memory. Measured on a library of 5,000 plans (178 MB of text): 96 MB gave 6
/// segments and 48 MB gave 12 in the same time, with 111 MB less at the peak.
const MEMORY_PER_THREAD: usize = 48 << 20;
/// Segments of one size are merged only when this many have accumulated. A merge reads the
/// whole index back (its pages count as the process's memory) and, on a fresh build of a
/// large library, took a fifth of the build's time, while a search over a dozen segments
/// runs on every core and stays within its budget.
const MERGE_MIN_SEGMENTS: usize = 24;
const MAX_THREADS: usize = 4;

/// The commit payload: what the index holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    schema: String,
    /// Plan id → fingerprint.
    plans: BTreeMap<String, String>,
}

fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, MAX_THREADS)
}

fn writer(index: &Index) -> tantivy::Result<IndexWriter> {
    let n = threads();
    let writer: IndexWriter = index.writer_with_num_threads(n, n * MEMORY_PER_THREAD)?;
    let mut policy = LogMergePolicy::default();
    policy.set_min_num_segments(MERGE_MIN_SEGMENTS);
    writer.set_merge_policy(Box::new(policy));
    Ok(writer)
}

/// A reader that searches the index's segments in parallel, one thread per core: a large
/// library is written as several segments of similar size, so a query's cost splits
/// across the cores.
fn reader(index: &mut Index) -> tantivy::Result<IndexReader> {
    let segments = index.searchable_segment_ids()?.len();
    if segments > 1 {
        index.set_multithread_executor(threads().min(segments))?;
    }
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

/// Loads the jieba dictionary on another thread while the caller opens files.
fn warm_dictionary() {
    let _ = std::thread::Builder::new()
        .name("dictionary".into())
        .spawn(|| {
            super::analysis::jieba();
        });
}

/// The plans of `lib` with their fingerprints, and the key map of its items.
struct Plans<'a> {
    items: BTreeMap<&'a str, PlanItems>,
    fingerprints: BTreeMap<String, String>,
    units: UnitLookup<'a>,
    keys: HashMap<u64, ItemRef>,
}

impl<'a> Plans<'a> {
    /// Fingerprints and the key map are independent walks over a large library: the key
    /// map is built on a second thread (while a third loads the dictionary), which keeps
    /// opening a large persisted index quick.
    fn new(lib: &'a Library) -> Self {
        std::thread::scope(|scope| {
            let keys = std::thread::Builder::new()
                .name("index-keys".into())
                .spawn_scoped(scope, || docs::item_map(lib));
            let items = docs::group_by_plan(lib);
            let units = UnitLookup::new(lib);
            let fingerprints = items
                .iter()
                .map(|(id, it)| (id.to_string(), docs::plan_fingerprint(lib, id, it, &units)))
                .collect();
            let keys = match keys {
                Ok(handle) => handle.join().unwrap_or_else(|_| docs::item_map(lib)),
                Err(_) => docs::item_map(lib),
            };
            Plans {
                items,
                fingerprints,
                units,
                keys,
            }
        })
    }
}

/// Adds the documents of the given plans, reporting progress per plan.
fn add_plans(
    writer: &IndexWriter,
    lib: &Library,
    plans: &Plans<'_>,
    ids: &[&str],
    fields: &Fields,
    progress: &mut dyn FnMut(IndexProgress),
) -> tantivy::Result<()> {
    let total = ids.len();
    for (done, id) in ids.iter().enumerate() {
        progress(IndexProgress {
            done,
            total,
            phase: "indexing".into(),
        });
        if let Some(items) = plans.items.get(id) {
            for d in docs::plan_documents(lib, id, items, &plans.units, fields) {
                writer.add_document(d)?;
            }
        }
    }
    Ok(())
}

/// Commits with the manifest as payload and waits for merges, so the folder holds few
/// segments when the next process opens it.
fn commit(
    mut writer: IndexWriter,
    manifest: &Manifest,
    total: usize,
    progress: &mut dyn FnMut(IndexProgress),
) -> Result<()> {
    progress(IndexProgress {
        done: total,
        total,
        phase: "saving".into(),
    });
    let payload = serde_json::to_string(manifest).map_err(|e| Error::Index(e.to_string()))?;
    let mut prepared = writer.prepare_commit().map_err(index_err)?;
    prepared.set_payload(&payload);
    prepared.commit().map_err(index_err)?;
    progress(IndexProgress {
        done: total,
        total,
        phase: "merging".into(),
    });
    writer.wait_merging_threads().map_err(index_err)?;
    Ok(())
}

pub fn build_in_ram(lib: &Library, progress: &mut dyn FnMut(IndexProgress)) -> Result<SearchIndex> {
    warm_dictionary();
    let (schema, fields) = schema::build_schema();
    let mut index = Index::create_in_ram(schema);
    schema::register_tokenizers(&index);
    let plans = Plans::new(lib);
    let ids: Vec<&str> = plans.items.keys().copied().collect();
    let writer = writer(&index).map_err(index_err)?;
    add_plans(&writer, lib, &plans, &ids, &fields, progress).map_err(index_err)?;
    let manifest = Manifest {
        schema: schema::schema_key(),
        plans: plans.fingerprints.clone(),
    };
    commit(writer, &manifest, ids.len(), progress)?;
    let reader = reader(&mut index).map_err(index_err)?;
    Ok(SearchIndex::new(index, reader, fields, plans.keys))
}

/// A persisted index found usable.
struct Opened {
    index: Index,
    fields: Fields,
    manifest: Manifest,
}

/// Why a folder's index cannot be used as it is.
enum Unusable {
    /// Nothing there yet.
    Missing,
    /// Something there, but not a usable index: the sentence says what.
    Stale(String),
}

fn open_existing(dir: &Path) -> std::result::Result<Opened, Unusable> {
    if !dir.join("meta.json").is_file() {
        let empty = std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none());
        return Err(if empty {
            Unusable::Missing
        } else {
            Unusable::Stale(format!(
                "the search index in {} is incomplete; rebuilding it",
                dir.display()
            ))
        });
    }
    let damaged = |e: String| {
        Unusable::Stale(format!(
            "the search index in {} is damaged ({e}); rebuilding it",
            dir.display()
        ))
    };
    // Damaged files can make tantivy panic rather than fail; a panic here only means
    // "rebuild", so it is caught.
    let probed = catch_unwind(AssertUnwindSafe(
        || -> std::result::Result<Opened, Unusable> {
            let mut index = Index::open_in_dir(dir).map_err(|e| damaged(e.to_string()))?;
            schema::register_tokenizers(&index);
            let Some(fields) = schema::fields_of(&index) else {
                return Err(Unusable::Stale(
                    "the search index was made by another version of PlanScope; rebuilding it"
                        .into(),
                ));
            };
            let metas = index.load_metas().map_err(|e| damaged(e.to_string()))?;
            let manifest: Manifest = metas
                .payload
                .as_deref()
                .and_then(|p| serde_json::from_str(p).ok())
                .ok_or_else(|| damaged("no list of indexed plans".into()))?;
            if manifest.schema != schema::schema_key() {
                return Err(Unusable::Stale(
                    "the search index was made by another version of PlanScope; rebuilding it"
                        .into(),
                ));
            }
            let reader = reader(&mut index).map_err(|e| damaged(e.to_string()))?;
            let searcher = reader.searcher();
            searcher
                .search(&AllQuery, &Count)
                .map_err(|e| damaged(e.to_string()))?;
            for segment in searcher.segment_readers() {
                segment
                    .fast_fields()
                    .u64(schema::KEY_HASH)
                    .map_err(|e| damaged(e.to_string()))?;
            }
            Ok(Opened {
                index,
                fields,
                manifest,
            })
        },
    ));
    probed.unwrap_or_else(|_| Err(damaged("unreadable files".into())))
}

/// Empties `dir` for a new index, refusing to touch a folder that is not one of ours.
fn clear_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let ours = [MARKER, "meta.json", ".managed.json"]
            .iter()
            .any(|f| dir.join(f).exists());
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_none();
        if !ours && !empty {
            return Err(Error::Index(format!(
                "{} holds files that are not a PlanScope index; not touching it",
                dir.display()
            )));
        }
        if !empty {
            std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    std::fs::write(
        dir.join(MARKER),
        "PlanScope's search index (a cache: it may be deleted and is rebuilt when needed).\n",
    )
    .map_err(|e| Error::io(dir, e))
}

fn rebuild(
    lib: &Library,
    dir: &Path,
    plans: &mut Plans<'_>,
    progress: &mut dyn FnMut(IndexProgress),
) -> Result<SearchIndex> {
    clear_dir(dir)?;
    let (schema, fields) = schema::build_schema();
    let mut index = Index::create_in_dir(dir, schema).map_err(index_err)?;
    schema::register_tokenizers(&index);
    let writer = writer(&index).map_err(lock_or_index_err)?;
    let ids: Vec<&str> = plans.items.keys().copied().collect();
    add_plans(&writer, lib, plans, &ids, &fields, progress).map_err(index_err)?;
    let manifest = Manifest {
        schema: schema::schema_key(),
        plans: plans.fingerprints.clone(),
    };
    commit(writer, &manifest, ids.len(), progress)?;
    let reader = reader(&mut index).map_err(index_err)?;
    Ok(SearchIndex::new(
        index,
        reader,
        fields,
        std::mem::take(&mut plans.keys),
    ))
}

/// Marks a writer lock held by another process, so the caller can fall back to memory.
fn lock_or_index_err(e: TantivyError) -> Error {
    match e {
        TantivyError::LockFailure(..) => Error::Index(LOCKED.into()),
        e => index_err(e),
    }
}

const LOCKED: &str = "the search index is being updated by another PlanScope process";

/// Brings an opened index up to date with `plans`: drops removed and changed plans, adds
/// changed and new ones. Returns the report's counts.
fn update(
    opened: Opened,
    lib: &Library,
    plans: &mut Plans<'_>,
    progress: &mut dyn FnMut(IndexProgress),
) -> Result<(SearchIndex, usize, usize, usize)> {
    let Opened {
        mut index,
        fields,
        manifest,
    } = opened;
    let removed: Vec<&String> = manifest
        .plans
        .keys()
        .filter(|id| !plans.fingerprints.contains_key(*id))
        .collect();
    let mut changed: Vec<&str> = Vec::new();
    let mut unchanged = 0;
    for (id, fp) in &plans.fingerprints {
        if manifest.plans.get(id) == Some(fp) {
            unchanged += 1;
        } else {
            changed.push(id.as_str());
        }
    }
    if !removed.is_empty() || !changed.is_empty() {
        let writer = writer(&index).map_err(lock_or_index_err)?;
        for id in removed
            .iter()
            .map(|s| s.as_str())
            .chain(changed.iter().copied())
        {
            writer.delete_term(Term::from_field_text(fields.doc, id));
        }
        add_plans(&writer, lib, plans, &changed, &fields, progress).map_err(index_err)?;
        let manifest = Manifest {
            schema: schema::schema_key(),
            plans: plans.fingerprints.clone(),
        };
        commit(writer, &manifest, changed.len(), progress)?;
    }
    let reader = reader(&mut index).map_err(index_err)?;
    let n_removed = removed.len();
    Ok((
        SearchIndex::new(index, reader, fields, std::mem::take(&mut plans.keys)),
        changed.len(),
        unchanged,
        n_removed,
    ))
}

pub fn open_or_build(
    lib: &Library,
    dir: &Path,
    progress: &mut dyn FnMut(IndexProgress),
) -> Result<(SearchIndex, IndexReport)> {
    warm_dictionary();
    let mut plans = Plans::new(lib);
    let mut report = IndexReport::default();
    match open_existing(dir) {
        Ok(opened) => match update(opened, lib, &mut plans, progress) {
            Ok((index, reindexed, unchanged, removed)) => {
                report.reindexed = reindexed;
                report.unchanged = unchanged;
                report.removed = removed;
                return Ok((index, report));
            }
            Err(Error::Index(m)) if m == LOCKED => {
                return in_ram(
                    lib,
                    &plans,
                    report,
                    format!("{m}; searching a temporary copy"),
                    progress,
                );
            }
            Err(e) => report.messages.push(format!(
                "the search index in {} could not be updated ({e}); rebuilding it",
                dir.display()
            )),
        },
        Err(Unusable::Missing) => {}
        Err(Unusable::Stale(m)) => report.messages.push(m),
    }
    report.rebuilt = true;
    report.reindexed = plans.items.len();
    match rebuild(lib, dir, &mut plans, progress) {
        Ok(index) => Ok((index, report)),
        Err(e) => {
            let why = match &e {
                Error::Index(m) if m == LOCKED => format!("{m}; searching a temporary copy"),
                e => format!(
                    "the search index cannot be saved in {} ({e}); searching a temporary copy",
                    dir.display()
                ),
            };
            in_ram(lib, &plans, report, why, progress)
        }
    }
}

fn in_ram(
    lib: &Library,
    plans: &Plans<'_>,
    mut report: IndexReport,
    message: String,
    progress: &mut dyn FnMut(IndexProgress),
) -> Result<(SearchIndex, IndexReport)> {
    report.messages.push(message);
    report.rebuilt = true;
    report.reindexed = plans.items.len();
    report.unchanged = 0;
    report.removed = 0;
    let index = build_in_ram(lib, progress)?;
    Ok((index, report))
}
