//! `planscope search`, `planscope index`, and the search behind `export --query`: the
//! command-line face of [`crate::index`]. The persisted index of a library lives in the
//! cache folder (`index/library`, or `index/<hash of the folder>` for `--corpus DIR`), never
//! in the plan folder itself.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde::Serialize;

use crate::index::{self, Hit, HitKind, IndexProgress, IndexReport, SearchIndex, SearchQuery};
use crate::model::{Library, SmolStr};

/// Opens (or builds) the persisted index of the library; when the cache cannot be used at
/// all, searches an index built in memory, and says so on stderr.
fn open_index(
    lib: &Library,
    corpus: Option<&Path>,
    show_progress: bool,
) -> anyhow::Result<(SearchIndex, IndexReport, String)> {
    let key = index::corpus_key(corpus);
    let mut stderr = std::io::stderr();
    let live = show_progress && stderr.is_terminal();
    let mut progress = |p: IndexProgress| {
        if live && p.total > 0 {
            let _ = write!(stderr, "\r{} {}/{}   ", p.phase, p.done, p.total);
        }
    };
    let opened = index::index_dir_for(&key)
        .and_then(|dir| SearchIndex::open_or_build(lib, &dir, &mut progress).map(|r| (r, dir)));
    if live {
        eprint!("\r{:40}\r", "");
    }
    match opened {
        Ok(((index, report), dir)) => {
            for m in &report.messages {
                eprintln!("planscope: {m}");
            }
            Ok((index, report, dir.display().to_string()))
        }
        Err(e) => {
            eprintln!("planscope: {e}; searching an index built in memory");
            let index = SearchIndex::build_in_ram(lib)?;
            let report = IndexReport {
                rebuilt: true,
                reindexed: lib.documents.len(),
                ..IndexReport::default()
            };
            Ok((index, report, "memory".into()))
        }
    }
}

/// `search --json`: PRODUCT.md's shape, plus `kind`, `column`, `highlights` and `fallback`.
#[derive(Serialize)]
struct JsonResults<'a> {
    query: &'a str,
    total: usize,
    hits: Vec<JsonHit<'a>>,
    fallback: bool,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    task: Option<&'a str>,
    document: &'a str,
    path: &'a [SmolStr],
    number: &'a str,
    title: &'a str,
    score: f32,
    snippet: &'a str,
    kind: HitKind,
    column: Option<&'a str>,
    highlights: &'a [(usize, usize)],
}

impl<'a> From<&'a Hit> for JsonHit<'a> {
    fn from(h: &'a Hit) -> Self {
        JsonHit {
            task: h.task.as_deref(),
            document: &h.document,
            path: &h.path,
            number: &h.number,
            title: &h.title,
            score: h.score,
            snippet: &h.snippet,
            kind: h.kind,
            column: h.column.as_deref(),
            highlights: &h.highlights,
        }
    }
}

fn kind_label(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Task => "任务",
        HitKind::ColumnItem => "专栏",
        HitKind::Indicator => "指标",
    }
}

/// `planscope search QUERY [--limit N] [--json] [--corpus DIR]`. `--limit 0` lists every
/// match. Exit code 0 with JSON whatever the hits; in human form 1 when nothing matched.
pub fn run_search(
    corpus: Option<&Path>,
    query: &str,
    limit: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let loaded = super::load(corpus)?;
    let lib = &loaded.library;
    let (index, _, _) = open_index(lib, corpus, false)?;
    let request = SearchQuery {
        text: query.to_string(),
        limit: if limit == 0 { usize::MAX } else { limit },
        ..SearchQuery::default()
    };
    let results = index.search(lib, &request)?;
    let mut out = std::io::stdout().lock();
    if json {
        let doc = JsonResults {
            query: &results.query,
            total: results.total,
            hits: results.hits.iter().map(JsonHit::from).collect(),
            fallback: results.fallback,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if results.hits.is_empty() {
        eprintln!("planscope: nothing in these plans matches {query}");
        return Ok(ExitCode::FAILURE);
    }
    writeln!(
        out,
        "「{query}」：{} 条结果，显示 {} 条{}",
        results.total,
        results.hits.len(),
        if results.fallback {
            "（索引未命中，以下为逐字匹配）"
        } else {
            ""
        }
    )?;
    for (i, h) in results.hits.iter().enumerate() {
        let plan = lib
            .document(&h.document)
            .map_or(h.document.as_str(), |d| d.title.as_str());
        let mut place = plan.to_string();
        for p in h.path.iter() {
            place.push_str(" › ");
            place.push_str(p);
        }
        let number = if h.number.is_empty() {
            String::new()
        } else {
            format!("{}. ", h.number)
        };
        writeln!(out)?;
        writeln!(
            out,
            "{:>3}  [{}] {number}{}   ({:.1})",
            i + 1,
            kind_label(h.kind),
            h.title,
            h.score
        )?;
        writeln!(out, "     {place}")?;
        writeln!(
            out,
            "     {}",
            index::mark(&h.snippet, &h.highlights, "【", "】")
        )?;
        if let Some(id) = &h.task {
            writeln!(out, "     task {id}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `planscope index [--corpus DIR]`: builds or refreshes the persisted index and says what
/// it did.
pub fn run_index(corpus: Option<&Path>) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let loaded = super::load(corpus)?;
    let lib = &loaded.library;
    let loaded_in = started.elapsed().as_secs_f64();
    let indexing = Instant::now();
    let (index, report, place) = open_index(lib, corpus, true)?;
    let what = if report.rebuilt {
        format!("built anew: {} plans", report.reindexed)
    } else {
        format!(
            "{} plans re-indexed, {} unchanged, {} removed",
            report.reindexed, report.unchanged, report.removed
        )
    };
    println!(
        "index {what}; {} items; read plans in {loaded_in:.2} s, indexed in {:.2} s; {place}",
        index.num_docs(),
        indexing.elapsed().as_secs_f64(),
    );
    Ok(ExitCode::SUCCESS)
}

/// The ids of every task matching `query`, in library order (for `export --query`).
pub fn search_task_ids(loaded_lib: &Library, query: &str) -> anyhow::Result<Vec<String>> {
    let index = SearchIndex::build_in_ram(loaded_lib)?;
    let results = index.search(
        loaded_lib,
        &SearchQuery {
            text: query.to_string(),
            limit: usize::MAX,
            ..SearchQuery::default()
        },
    )?;
    let hits: std::collections::HashSet<&str> = results
        .hits
        .iter()
        .filter_map(|h| h.task.as_deref())
        .collect();
    Ok(loaded_lib
        .tasks
        .iter()
        .filter(|t| hits.contains(t.id.as_str()))
        .map(|t| t.id.to_string())
        .collect())
}
