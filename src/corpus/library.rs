//! The user library on disk: the plans a user has (the bundled ones, unless
//! removed, plus everything imported), kept in `data_dir()/library` as decoded UTF-8
//! `.txt` files with a `manifest.json` that lists them.
//!
//! Nothing is lost on a crash. Every file is written atomically (temporary file,
//! fsync, rename), the plan's text before the manifest entry that names it, and a
//! removal updates the manifest before deleting the file. So after a kill at any
//! point the next [`UserLibrary::open`] finds one of: a temporary file (deleted), a
//! text file without an entry (adopted — it was being imported — or deleted when its
//! id is in the removed list), an entry without its file (dropped). Operations that
//! change the library hold an exclusive lock on `.lock`, so the window and the
//! command line can work on the same library at once.
//!
//! The manifest is a superset of a plan folder's `manifest.json` (`documents` with
//! `file`, `title`, …), so the library folder can also be read with `load_dir`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::{is_temp_name, sync_dir, write_atomic};
use super::folder::{MANIFEST_FILE, read_manifest};
use super::{
    DocMeta, LoadReport, PlanFile, SourceDoc, bundled, dirs, read_file, read_plans, text_hash,
};
use crate::{Error, Result};

/// The lock file that serialises changes to the library.
const LOCK_FILE: &str = ".lock";

/// Where a damaged manifest is moved before the library is rebuilt from its files.
const DAMAGED_MANIFEST: &str = "manifest.json.damaged";

/// Longest id stem taken from an imported file's name, in characters.
const MAX_STEM_CHARS: usize = 48;

/// One plan in the user library, as `planscope list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryEntry {
    /// The plan's id (its stored file's stem): the bundled id, or the imported
    /// file's name made safe plus a short content hash.
    pub id: String,
    /// The title from a manifest, if one named it; otherwise the parser finds one.
    pub title: Option<String>,
    /// The stored file inside the library folder (`<id>.txt`).
    pub file: String,
    /// Size of the stored UTF-8 text.
    pub bytes: u64,
    /// True for one of the plans that ship with PlanScope.
    pub bundled: bool,
    /// blake3 hex of the text.
    pub hash: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The plan is new and was added.
    Added(LibraryEntry),
    /// The same text is already in the library (under this entry); nothing changed.
    AlreadyPresent(LibraryEntry),
}

impl ImportOutcome {
    /// The library entry the import ended with, either way.
    pub fn entry(&self) -> &LibraryEntry {
        match self {
            ImportOutcome::Added(entry) | ImportOutcome::AlreadyPresent(entry) => entry,
        }
    }
}

/// The library's `manifest.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Catalog {
    #[serde(default)]
    version: u32,
    #[serde(default)]
    documents: Vec<Stored>,
    /// Ids taken out by the user: bundled plans stay out, and a text file left
    /// behind by an interrupted removal is deleted rather than adopted.
    #[serde(default)]
    removed: Vec<String>,
}

/// One manifest entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    id: String,
    file: String,
    hash: String,
    bytes: u64,
    #[serde(default)]
    bundled: bool,
    /// The name of the file the user imported, shown as the plan's source.
    #[serde(default)]
    original: Option<String>,
    #[serde(flatten)]
    meta: DocMeta,
}

impl Stored {
    fn entry(&self) -> LibraryEntry {
        LibraryEntry {
            id: self.id.clone(),
            title: self.meta.title.clone(),
            file: self.file.clone(),
            bytes: self.bytes,
            bundled: self.bundled,
            hash: self.hash.clone(),
        }
    }

    /// What the plan's `source` shows: bundled plans read as from `corpus/`, as
    /// with `--corpus corpus`; imported ones by the name of the file imported.
    fn source(&self) -> String {
        if self.bundled {
            format!("corpus/{}", self.file)
        } else {
            self.original.clone().unwrap_or_else(|| self.file.clone())
        }
    }
}

/// The user library in one folder. Opening it repairs what a crash left and adds
/// the bundled plans that are missing and were not removed.
#[derive(Debug)]
pub struct UserLibrary {
    root: PathBuf,
    repairs: Vec<String>,
}

impl UserLibrary {
    /// Opens the library in `dirs::data_dir()/library` (so `PLANSCOPE_DATA_DIR`
    /// moves it), creating it on first use.
    pub fn open_default() -> Result<Self> {
        Self::open(dirs::data_dir()?.join("library"))
    }

    /// Opens (creating if needed) the library in `root`: removes temporary files of
    /// interrupted writes, adopts plan files an interrupted import left without a
    /// manifest entry, drops entries whose file is gone, rebuilds a damaged
    /// manifest from the files, and seeds the bundled plans that are neither
    /// present nor removed. What it repaired is in [`UserLibrary::repairs`].
    pub fn open(root: PathBuf) -> Result<Self> {
        fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
        let mut library = UserLibrary {
            root,
            repairs: Vec::new(),
        };
        let _lock = library.lock()?;
        library.repair_and_seed()?;
        Ok(library)
    }

    /// The library folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Sentences describing what opening the library repaired (empty normally).
    pub fn repairs(&self) -> &[String] {
        &self.repairs
    }

    /// The plans in the library, in file-name order.
    pub fn list(&self) -> Result<Vec<LibraryEntry>> {
        let catalog = self.read_catalog()?;
        Ok(catalog
            .documents
            .iter()
            .filter(|stored| self.root.join(&stored.file).is_file())
            .map(Stored::entry)
            .collect())
    }

    /// Imports one plan file. It is decoded first, so a file that cannot be read
    /// changes nothing. Its text is stored as UTF-8 `<id>.txt`; the title (and the
    /// other metadata) come from a `manifest.json` beside the file that names it,
    /// if any. Text already in the library (same hash, whatever the file's name or
    /// encoding) gives [`ImportOutcome::AlreadyPresent`]. A bundled plan removed
    /// earlier comes back under its bundled id.
    pub fn import(&self, path: &Path) -> Result<ImportOutcome> {
        let text = read_file(path)?;
        let hash = text_hash(&text);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A damaged manifest beside the file must not stop the import of a good file.
        let folder_meta = path
            .parent()
            .and_then(|dir| read_manifest(dir).ok().flatten())
            .and_then(|manifest| manifest.get(&name).cloned());

        let _lock = self.lock()?;
        let mut catalog = self.read_catalog()?;
        if let Some(existing) = catalog.documents.iter().find(|d| d.hash == hash)
            && self.root.join(&existing.file).is_file()
        {
            return Ok(ImportOutcome::AlreadyPresent(existing.entry()));
        }
        // An entry whose file vanished since the library was opened is replaced.
        catalog.documents.retain(|d| d.hash != hash);
        let stored = match bundled().docs.into_iter().find(|d| d.hash == hash) {
            Some(doc) => Stored {
                file: format!("{}.txt", doc.id),
                id: doc.id,
                hash,
                bytes: text.len() as u64,
                bundled: true,
                original: None,
                meta: doc.meta,
            },
            None => {
                let stem = Path::new(&name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let id = new_id(&stem, &hash, &catalog);
                Stored {
                    file: format!("{id}.txt"),
                    id,
                    hash,
                    bytes: text.len() as u64,
                    bundled: false,
                    original: Some(name),
                    meta: folder_meta.unwrap_or_default(),
                }
            }
        };
        write_atomic(&self.root, &stored.file, text.as_bytes())?;
        catalog.removed.retain(|id| *id != stored.id);
        catalog.documents.push(stored.clone());
        if let Err(e) = self.write_catalog(&mut catalog) {
            // Without its entry the file would be adopted on the next open; the
            // import failed, so take it back out.
            let _ = fs::remove_file(self.root.join(&stored.file));
            return Err(e);
        }
        Ok(ImportOutcome::Added(stored.entry()))
    }

    /// Takes a plan out of the library. A bundled plan stays out (it is not
    /// seeded again). An unknown id is [`Error::NotFound`].
    pub fn remove(&self, id: &str) -> Result<LibraryEntry> {
        let _lock = self.lock()?;
        let mut catalog = self.read_catalog()?;
        let Some(position) = catalog.documents.iter().position(|d| d.id == id) else {
            return Err(Error::NotFound(format!(
                "there is no plan with the id “{id}” in the library (the list of plans shows the ids)"
            )));
        };
        let stored = catalog.documents.remove(position);
        if !catalog.removed.iter().any(|r| r == id) {
            catalog.removed.push(id.to_owned());
        }
        // The manifest first: a crash before the file is deleted leaves a file whose
        // id is in `removed`, which the next open deletes.
        self.write_catalog(&mut catalog)?;
        match fs::remove_file(self.root.join(&stored.file)) {
            Ok(()) => sync_dir(&self.root),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            // Left for the next open to delete; the plan is out of the library.
            Err(_) => {}
        }
        Ok(stored.entry())
    }

    /// Reads every plan of the library (the bundled ones were seeded when it was
    /// opened), in file-name order. A stored file that cannot be read is reported
    /// in `skipped`.
    pub fn load(&self) -> Result<LoadReport> {
        self.load_with(|doc| doc)
    }

    /// [`Self::load`] handing each plan to `make` as soon as it is read, on every core,
    /// and keeping what `make` returns: a large library is never held as text all at once.
    pub fn load_with<T: Send>(
        &self,
        make: impl Fn(SourceDoc) -> T + Sync,
    ) -> Result<LoadReport<T>> {
        let catalog = self.read_catalog()?;
        let mut report = LoadReport::default();
        let files = catalog
            .documents
            .iter()
            .map(|stored| PlanFile {
                path: self.root.join(&stored.file),
                id: stored.id.clone(),
                source: stored.source(),
                meta: stored.meta.clone(),
            })
            .collect();
        read_plans(files, make, &mut report);
        Ok(report)
    }

    /// Takes the library's exclusive lock; it is released when the file is closed
    /// (also when the process dies).
    fn lock(&self) -> Result<fs::File> {
        let path = self.root.join(LOCK_FILE);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        file.lock().map_err(|e| Error::io(&path, e))?;
        Ok(file)
    }

    fn manifest_path(&self) -> PathBuf {
        self.root.join(MANIFEST_FILE)
    }

    fn read_catalog(&self) -> Result<Catalog> {
        let path = self.manifest_path();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Catalog::default()),
            Err(e) => return Err(Error::io(&path, e)),
        };
        serde_json::from_slice(&bytes).map_err(|e| Error::Json {
            path,
            message: format!("the library manifest is damaged: {e}"),
        })
    }

    /// Writes the manifest atomically, entries in file-name order.
    fn write_catalog(&self, catalog: &mut Catalog) -> Result<()> {
        catalog.version = 1;
        catalog.documents.sort_by(|a, b| a.file.cmp(&b.file));
        catalog.removed.sort();
        let json = serde_json::to_vec_pretty(catalog).map_err(|e| Error::Json {
            path: self.manifest_path(),
            message: e.to_string(),
        })?;
        write_atomic(&self.root, MANIFEST_FILE, &json)
    }

    /// Brings the folder and its manifest back into agreement (see [`Self::open`]).
    /// Called with the lock held.
    fn repair_and_seed(&mut self) -> Result<()> {
        let mut changed = false;
        let mut catalog = match self.read_catalog() {
            Ok(catalog) => catalog,
            Err(Error::Json { .. }) => {
                let damaged = self.root.join(DAMAGED_MANIFEST);
                fs::rename(self.manifest_path(), &damaged).map_err(|e| Error::io(&damaged, e))?;
                self.repairs.push(format!(
                    "the library manifest was damaged; it was moved to {} and the library \
                     was rebuilt from its files",
                    damaged.display()
                ));
                changed = true;
                Catalog::default()
            }
            Err(e) => return Err(e),
        };

        let mut files = BTreeSet::new();
        for entry in fs::read_dir(&self.root).map_err(|e| Error::io(&self.root, e))? {
            let entry = entry.map_err(|e| Error::io(&self.root, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_temp_name(&name) {
                let _ = fs::remove_file(entry.path());
            } else if name.ends_with(".txt") && !name.starts_with('.') {
                files.insert(name);
            }
        }

        let (kept, lost): (Vec<Stored>, Vec<Stored>) = std::mem::take(&mut catalog.documents)
            .into_iter()
            .partition(|d| files.contains(&d.file));
        catalog.documents = kept;
        for stored in lost {
            self.repairs.push(format!(
                "the plan “{}” had lost its file and was taken out of the library",
                stored.id
            ));
            changed = true;
        }

        let bundled = bundled();
        let listed: BTreeSet<String> = catalog.documents.iter().map(|d| d.file.clone()).collect();
        for name in files.difference(&listed) {
            let path = self.root.join(name);
            let id = name.trim_end_matches(".txt").to_owned();
            if catalog.removed.contains(&id) {
                let _ = fs::remove_file(&path);
                continue;
            }
            if catalog.documents.iter().any(|d| d.id == id) {
                continue;
            }
            match read_file(&path) {
                Ok(text) => {
                    let hash = text_hash(&text);
                    let twin = bundled.docs.iter().find(|d| d.id == id && d.hash == hash);
                    catalog.documents.push(Stored {
                        id: id.clone(),
                        file: name.clone(),
                        bytes: text.len() as u64,
                        bundled: twin.is_some(),
                        original: None,
                        meta: twin.map(|d| d.meta.clone()).unwrap_or_default(),
                        hash,
                    });
                    self.repairs.push(format!(
                        "recovered the plan “{id}” of an interrupted import"
                    ));
                    changed = true;
                }
                Err(e) => self
                    .repairs
                    .push(format!("left {name} in the library folder alone: {e}")),
            }
        }

        for doc in &bundled.docs {
            let present = catalog
                .documents
                .iter()
                .any(|d| d.id == doc.id || d.hash == doc.hash);
            if present || catalog.removed.contains(&doc.id) {
                continue;
            }
            let file = format!("{}.txt", doc.id);
            write_atomic(&self.root, &file, doc.text.as_bytes())?;
            catalog.documents.push(Stored {
                id: doc.id.clone(),
                file,
                hash: doc.hash.clone(),
                bytes: doc.text.len() as u64,
                bundled: true,
                original: None,
                meta: doc.meta.clone(),
            });
            changed = true;
        }

        if changed {
            self.write_catalog(&mut catalog)?;
        }
        Ok(())
    }
}

/// A new id for an imported file: its stem made safe as a file name (letters —
/// Chinese included —, digits, `-`, `_`; at most [`MAX_STEM_CHARS`]) plus the
/// first 8 hex digits of the text's hash, longer if that is already taken.
fn new_id(stem: &str, hash: &str, catalog: &Catalog) -> String {
    let mut safe = String::new();
    for c in stem.chars() {
        let c = if c.is_alphanumeric() || c == '-' {
            c
        } else {
            '_'
        };
        if !(c == '_' && safe.ends_with('_')) {
            safe.push(c);
        }
    }
    let safe: String = safe
        .trim_matches(|c| c == '_' || c == '-')
        .chars()
        .take(MAX_STEM_CHARS)
        .collect();
    let safe = if safe.is_empty() {
        "plan".to_owned()
    } else {
        safe
    };
    let taken = |id: &str| {
        catalog
            .documents
            .iter()
            .any(|d| d.id == id || d.file == format!("{id}.txt"))
    };
    [8, 16, hash.len()]
        .into_iter()
        .map(|n| format!("{safe}-{}", &hash[..n.min(hash.len())]))
        .find(|id| !taken(id))
        .unwrap_or_else(|| format!("{safe}-{hash}-{}", catalog.documents.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_file_names() {
        let catalog = Catalog::default();
        let hash = text_hash("x");
        let id = new_id("关于印发《山东省 数字经济规划》的通知", &hash, &catalog);
        assert_eq!(
            id,
            format!("关于印发_山东省_数字经济规划_的通知-{}", &hash[..8])
        );
        assert_eq!(
            new_id("../..", &hash, &catalog),
            format!("plan-{}", &hash[..8])
        );
    }

    #[test]
    fn a_taken_id_gets_a_longer_hash() {
        let hash = text_hash("x");
        let mut catalog = Catalog::default();
        catalog.documents.push(Stored {
            id: format!("a-{}", &hash[..8]),
            file: format!("a-{}.txt", &hash[..8]),
            hash: "other".into(),
            bytes: 1,
            bundled: false,
            original: None,
            meta: DocMeta::default(),
        });
        assert_eq!(new_id("a", &hash, &catalog), format!("a-{}", &hash[..16]));
    }
}
