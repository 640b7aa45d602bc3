//! A folder of plans → [`LoadReport`]. Reads the optional `manifest.json` (titles,
//! issuers, document numbers, dates, periods the texts may lack) and every plan file
//! directly inside the folder ([`PLAN_EXTENSIONS`]: text, Word, WPS, PDF, OFD, saved web
//! pages, spreadsheets), in file-name order. A file that cannot be read is reported, not
//! fatal; so are .rtf files, which a user would expect to be read, so that they learn
//! what to do with them. The folder is only ever read, so a read-only folder (or a CD,
//! or a shared drive) works.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::decode::{self, DecodeProblem};
use super::read::io_error;
use super::{DocMeta, LoadReport, PlanFile, SourceDoc, read_plans};
use crate::{Error, Result};

/// The name of the metadata file in a plan folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Extensions of the files a folder load reads (compared case-insensitively).
pub const PLAN_EXTENSIONS: [&str; 15] = [
    "txt", "md", "docx", "pdf", "doc", "wps", "ofd", "html", "htm", "mhtml", "mht", "xlsx", "xls",
    "et", "ods",
];

/// Document formats PlanScope cannot read that a folder load still reports in
/// `skipped`, with the advice of [`read_file`](super::read_file), instead of passing
/// over in silence.
const REPORTED_EXTENSIONS: [&str; 1] = ["rtf"];

/// `manifest.json`: `{"documents": [{"file": "…", "title": "…", …}]}`.
#[derive(Debug, Deserialize)]
struct Manifest {
    #[serde(default)]
    documents: Vec<ManifestEntry>,
}

#[derive(Debug, Deserialize)]
struct ManifestEntry {
    file: String,
    #[serde(flatten)]
    meta: DocMeta,
}

/// Parses manifest text into file name → metadata. `path` names the file in errors.
pub(crate) fn parse_manifest(path: &Path, text: &str) -> Result<BTreeMap<String, DocMeta>> {
    let manifest: Manifest = serde_json::from_str(text).map_err(|e| Error::Json {
        path: path.to_path_buf(),
        message: format!("the manifest is not valid: {e}"),
    })?;
    Ok(manifest
        .documents
        .into_iter()
        .map(|entry| (entry.file, entry.meta))
        .collect())
}

/// Reads `dir/manifest.json` if there is one. A missing manifest is `Ok(None)`; an
/// unreadable or malformed one is an error.
pub(crate) fn read_manifest(dir: &Path) -> Result<Option<BTreeMap<String, DocMeta>>> {
    let path = dir.join(MANIFEST_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(&path, e)),
    };
    // Editors on Windows like to add a BOM or save in the local code page.
    let text = match decode::decode_text(&bytes) {
        Ok(text) => text,
        Err(DecodeProblem::Empty) => return Ok(Some(BTreeMap::new())),
        Err(DecodeProblem::NotText) => {
            return Err(Error::Json {
                path,
                message: "the manifest is not a text file".to_owned(),
            });
        }
    };
    parse_manifest(&path, &text).map(Some)
}

/// True for a file name a folder load looks at: a plan extension (or a document
/// format it reports as unsupported), and not a hidden file or an office lock file
/// (`~$plan.docx`).
pub(crate) fn is_plan_file_name(name: &str) -> bool {
    if name.starts_with('.') || name.starts_with("~$") {
        return false;
    }
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            PLAN_EXTENSIONS
                .iter()
                .chain(&REPORTED_EXTENSIONS)
                .any(|p| e.eq_ignore_ascii_case(p))
        })
}

/// Reads a folder of plans: the optional `manifest.json` and every plan file
/// ([`PLAN_EXTENSIONS`]) directly inside it (not in subfolders), sorted by file name;
/// .rtf files are listed in `skipped` with what to do about them. Each plan's
/// id is its file stem (the whole file name when two files share a stem), its source
/// is `dir` joined with the file name as given (`corpus/000_….txt`), its hash the
/// blake3 hex of the decoded text. Files that fail go to `skipped` with their error.
/// Never writes anything. A malformed manifest is [`Error::Json`].
pub fn load_dir(dir: &Path) -> Result<LoadReport> {
    load_dir_with(dir, |doc| doc)
}

/// [`load_dir`] handing each plan to `make` as soon as it is read, on every core, and
/// keeping what `make` returns: a large folder is never held as text all at once.
/// Ids are given by file name before anything is read: a plan's id is its file stem,
/// or its whole file name when an earlier file (in name order) has the same stem.
pub fn load_dir_with<T: Send>(
    dir: &Path,
    make: impl Fn(SourceDoc) -> T + Sync,
) -> Result<LoadReport<T>> {
    let manifest = read_manifest(dir)?.unwrap_or_default();
    let mut names: Vec<(String, PathBuf)> = Vec::new();
    let mut report = LoadReport::default();
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_plan_file_name(&name) {
            continue;
        }
        let path = dir.join(entry.file_name());
        // Follows links, as opening the file would.
        match fs::metadata(&path) {
            Ok(meta) if meta.is_file() => names.push((name, path)),
            Ok(_) => {}
            Err(e) => report.skipped.push((path.clone(), Error::io(&path, e))),
        }
    }
    names.sort();
    let mut used_ids = std::collections::BTreeSet::new();
    let files: Vec<PlanFile> = names
        .into_iter()
        .map(|(name, path)| {
            let stem = Path::new(&name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.clone());
            let id = if used_ids.contains(&stem) {
                name.clone()
            } else {
                stem
            };
            used_ids.insert(id.clone());
            PlanFile {
                id,
                source: path.to_string_lossy().into_owned(),
                meta: manifest.get(&name).cloned().unwrap_or_default(),
                path,
            }
        })
        .collect();
    read_plans(files, make, &mut report);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_entries_with_missing_fields() {
        let map = parse_manifest(
            Path::new("m.json"),
            r#"{"documents":[{"file":"a.txt","title":"T","extra":1},{"file":"b.txt"}]}"#,
        )
        .unwrap();
        assert_eq!(map["a.txt"].title.as_deref(), Some("T"));
        assert_eq!(map["b.txt"], DocMeta::default());
    }

    #[test]
    fn malformed_manifest_is_json_error() {
        let err =
            parse_manifest(Path::new("m.json"), r#"{"documents":[{"title":"T"}]}"#).unwrap_err();
        assert!(matches!(err, Error::Json { .. }), "{err:?}");
        assert!(err.to_string().contains("file"), "{err}");
    }

    #[test]
    fn plan_file_names() {
        assert!(is_plan_file_name("a.TXT"));
        assert!(is_plan_file_name("规划.docx"));
        assert!(!is_plan_file_name("manifest.json"));
        assert!(!is_plan_file_name("~$规划.docx"));
        assert!(!is_plan_file_name(".hidden.txt"));
        assert!(is_plan_file_name("a.doc"));
        assert!(is_plan_file_name("分工表.XLSX"));
        assert!(is_plan_file_name("a.rtf"), "reported, with advice");
        assert!(!is_plan_file_name("a.png"));
    }
}
