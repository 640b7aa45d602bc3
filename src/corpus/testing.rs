//! What the readers' tests share: a plan's text parsed as the library parses it, and what
//! the parser found in it, to compare two readings of one plan (a .txt and the same plan
//! in another format).

use crate::corpus::{DocMeta, SourceDoc};
use crate::extract::{ParsedDoc, parse_source};

/// `text` parsed as plan `id`.
pub(crate) fn parse(id: &str, text: String) -> ParsedDoc {
    parse_source(SourceDoc {
        id: id.to_owned(),
        source: format!("corpus/{id}"),
        meta: DocMeta::default(),
        text,
        hash: String::new(),
        file: None,
    })
}

/// Each task as one line: id, path, number, title, text, units with roles, targets and
/// deadline (character positions aside: blank lines of a .txt do not survive another
/// format).
pub(crate) fn tasks(p: &ParsedDoc) -> Vec<String> {
    p.tasks
        .iter()
        .map(|t| {
            let units: Vec<String> = t
                .units
                .iter()
                .map(|u| format!("{}:{:?}", u.name, u.role))
                .collect();
            let targets: Vec<String> = t
                .targets
                .iter()
                .map(|x| {
                    format!(
                        "{:?} {} {} {} {}",
                        x.year, x.indicator, x.value, x.unit, x.text
                    )
                })
                .collect();
            format!(
                "{} {:?} {} {} | {} | {:?} | {:?} | {:?}",
                t.id, t.path, t.number, t.title, t.text, units, targets, t.deadline
            )
        })
        .collect()
}

/// The text of bundled plan `id` (`000_8b95ee374a2f737e` …), as the library reads it.
pub(crate) fn bundled(id: &str) -> String {
    bundled_plans()
        .into_iter()
        .find(|(name, _)| name == id)
        .map(|(_, text)| text)
        .unwrap_or_else(|| panic!("no bundled plan {id}"))
}

/// Every bundled plan as (id, text), in file-name order.
pub(crate) fn bundled_plans() -> Vec<(String, String)> {
    crate::corpus::bundled()
        .docs
        .into_iter()
        .map(|d| (d.id, d.text))
        .collect()
}
