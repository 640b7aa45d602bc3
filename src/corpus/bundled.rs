//! The five bundled plans and their manifest, compiled into the binary so that
//! PlanScope shows a library on first start with nothing installed beside it. They
//! go through the same decoding as any file, so their text and hashes are exactly
//! what `load_dir("corpus")` gives.

use std::path::{Path, PathBuf};

use super::folder::parse_manifest;
use super::{LoadReport, SourceDoc, decode_bytes, text_hash};

/// The bundled manifest, as in `corpus/manifest.json`.
const MANIFEST: &str = include_str!("../../corpus/manifest.json");

/// File name and bytes of each bundled plan, in file-name order.
const PLANS: [(&str, &[u8]); 5] = [
    (
        "000_8b95ee374a2f737e.txt",
        include_bytes!("../../corpus/000_8b95ee374a2f737e.txt"),
    ),
    (
        "001_9325462992e5c8a8.txt",
        include_bytes!("../../corpus/001_9325462992e5c8a8.txt"),
    ),
    (
        "002_a020166e6046ec20.txt",
        include_bytes!("../../corpus/002_a020166e6046ec20.txt"),
    ),
    (
        "003_cd4e9433b3b1c059.txt",
        include_bytes!("../../corpus/003_cd4e9433b3b1c059.txt"),
    ),
    (
        "004_f6a32ac2bee2fa3b.txt",
        include_bytes!("../../corpus/004_f6a32ac2bee2fa3b.txt"),
    ),
];

/// The bundled plans, decoded, with the metadata of the bundled manifest. `source`
/// is `corpus/<file>`, as when the repository's `corpus` folder is loaded.
pub fn bundled() -> LoadReport {
    // The manifest is part of the build and checked by a test; should it ever fail
    // to parse, the plans still load, only without their titles.
    let manifest = parse_manifest(Path::new("corpus/manifest.json"), MANIFEST).unwrap_or_default();
    let mut report = LoadReport::default();
    for (file, bytes) in PLANS {
        let source = format!("corpus/{file}");
        match decode_bytes(Path::new(&source), bytes.to_vec()) {
            Ok(text) => report.docs.push(SourceDoc {
                id: file.trim_end_matches(".txt").to_owned(),
                source,
                meta: manifest.get(file).cloned().unwrap_or_default(),
                hash: text_hash(&text),
                text,
                file: None,
            }),
            Err(e) => report.skipped.push((PathBuf::from(source), e)),
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_plans_with_titles() {
        let report = bundled();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        assert_eq!(report.docs.len(), 5);
        assert!(report.docs.iter().all(|d| d.meta.title.is_some()));
        assert_eq!(report.docs[0].id, "000_8b95ee374a2f737e");
        assert_eq!(report.docs[0].source, "corpus/000_8b95ee374a2f737e.txt");
    }

    #[test]
    fn manifest_parses() {
        let map = parse_manifest(Path::new("manifest.json"), MANIFEST).unwrap();
        assert_eq!(map.len(), 5);
    }
}
