//! Corpus + extraction → a ready [`Library`]: the one place that turns "the user
//! library", "the bundled plans" or "a folder given with --corpus" into the model.
//! Files that cannot be read become warnings; they never stop the rest loading.

use std::path::{Path, PathBuf};

use crate::Result;
use crate::analysis::lineage::Synonyms;
use crate::corpus::{self, LoadReport, UserLibrary};
use crate::extract::{self, AliasTable, ParsedDoc};
use crate::model::Library;

/// A loaded library and what could not be read, as sentences for the user.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub library: Library,
    pub warnings: Vec<String>,
}

/// A table the user may replace: `name` in the data folder wins over the bundled
/// table; a broken user copy is reported and the bundled table used.
fn user_table<T>(
    name: &str,
    parse: impl Fn(&str) -> std::result::Result<T, String>,
    bundled: impl FnOnce() -> T,
    warnings: &mut Vec<String>,
) -> T {
    let user = corpus::dirs::data_dir().ok().map(|d| d.join(name));
    if let Some(path) = user.filter(|p| p.is_file()) {
        match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|s| parse(&s))
        {
            Ok(t) => return t,
            Err(e) => warnings.push(format!("{}: {e}; using the bundled table", path.display())),
        }
    }
    bundled()
}

/// The unit alias table (`aliases.json`).
pub fn aliases(warnings: &mut Vec<String>) -> AliasTable {
    user_table(
        "aliases.json",
        AliasTable::from_json,
        AliasTable::bundled,
        warnings,
    )
}

/// The indicator synonym table for lineage (`indicators.json`).
pub fn synonyms(warnings: &mut Vec<String>) -> Synonyms {
    user_table(
        "indicators.json",
        Synonyms::from_json,
        Synonyms::bundled,
        warnings,
    )
}

fn from_report(report: LoadReport<ParsedDoc>) -> Loaded {
    let mut warnings: Vec<String> = report
        .skipped
        .iter()
        .map(|(p, e)| format!("skipped {}: {e}", p.display()))
        .collect();
    let aliases = aliases(&mut warnings);
    let library = extract::assemble(report.docs, &aliases);
    let with_tasks: std::collections::HashSet<&str> =
        library.tasks.iter().map(|t| t.document.as_str()).collect();
    for d in &library.documents {
        if !with_tasks.contains(d.id.as_str()) {
            warnings.push(format!(
                "{} ({}): no tasks found; the text is still searchable",
                d.title, d.id
            ));
        }
    }
    release_free_memory();
    Loaded { library, warnings }
}

/// Hands the memory freed while reading plans back to the system. Plans are read on every
/// core, each thread with its own allocator arena; what the parsing let go stays with
/// those arenas (tens of MB for a large library) and would be counted against the index
/// build that follows on other threads.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's own heaps to the
    // system; it touches no memory in use and may be called at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The bundled plans, embedded in the binary.
pub fn load_bundled() -> Loaded {
    let report = corpus::bundled();
    from_report(LoadReport {
        docs: report.docs.into_iter().map(extract::parse_source).collect(),
        skipped: report.skipped,
    })
}

/// A folder of plan files with an optional manifest.json (read-only: nothing is
/// written into it).
pub fn load_corpus_dir(dir: &Path) -> Result<Loaded> {
    Ok(from_report(corpus::load_dir_with(
        dir,
        extract::parse_source,
    )?))
}

/// The user library in the data folder (seeded with the bundled plans on first use).
pub fn load_user_library() -> Result<Loaded> {
    let lib = UserLibrary::open_default()?;
    let mut loaded = from_report(lib.load_with(extract::parse_source)?);
    loaded.warnings.extend(lib.repairs().iter().cloned());
    Ok(loaded)
}

/// `--corpus DIR` when given, else the user library.
pub fn load(corpus: Option<&Path>) -> Result<Loaded> {
    match corpus {
        Some(dir) => load_corpus_dir(dir),
        None => load_user_library(),
    }
}

/// Imports files into the user library; each gets its new id or its error.
pub fn import_files(paths: &[PathBuf]) -> Vec<(PathBuf, Result<String>)> {
    let lib = match UserLibrary::open_default() {
        Ok(l) => l,
        Err(e) => {
            let msg = e.to_string();
            return paths
                .iter()
                .map(|p| (p.clone(), Err(crate::Error::NotFound(msg.clone()))))
                .collect();
        }
    };
    paths
        .iter()
        .map(|p| (p.clone(), lib.import(p).map(|o| o.entry().id.clone())))
        .collect()
}
