//! The reader: a plan's original text, line by line as decoded, scrolled to the
//! selected task with the task's characters highlighted (`Task::span`).

use std::sync::Arc;

use egui::{Align, Label, RichText, ScrollArea, Ui};

use crate::corpus;
use crate::model::{Document, Task};

use super::app::PlanScopeApp;
use super::command::Command;
use super::text;

/// The text of the plan on show, cut into lines with each line's first character offset,
/// or why it could not be read.
pub struct ReaderLines {
    pub document: String,
    /// The plan's hash when it was read: a reloaded library with a changed plan reads it
    /// again.
    pub hash: String,
    pub text: Arc<str>,
    pub lines: Vec<(usize, String)>,
    pub error: Option<String>,
}

impl ReaderLines {
    /// Reads the plan's text (from memory, or its file: see [`corpus::plan_text`]).
    pub fn load(doc: &Document) -> ReaderLines {
        let (text, error) = match corpus::plan_text(doc) {
            Ok(text) => (text, None),
            Err(e) => (Arc::from(""), Some(e.to_string())),
        };
        let mut lines = Vec::new();
        let mut at = 0;
        if error.is_none() {
            for line in text.split('\n') {
                let len = line.chars().count();
                lines.push((at, line.trim_end_matches('\r').to_owned()));
                at += len + 1;
            }
        }
        ReaderLines {
            document: doc.id.to_string(),
            hash: doc.hash.clone(),
            text,
            lines,
            error,
        }
    }

    fn shows(&self, doc: &Document) -> bool {
        self.document == doc.id && self.hash == doc.hash
    }
}

/// The character range of a task in its document's text: its span, or when the
/// extractor gave none, where its first line is found.
pub fn task_range(text: &str, task: &Task) -> Option<(usize, usize)> {
    let [start, end] = task.span;
    if end > start {
        return Some((start, end));
    }
    let first = task.text.lines().next()?.trim();
    let probe: String = first.chars().take(24).collect();
    if probe.is_empty() {
        return None;
    }
    let byte = text.find(&probe)?;
    let start = text[..byte].chars().count();
    Some((start, start + task.text.chars().count()))
}

pub fn show(ui: &mut Ui, app: &mut PlanScopeApp, document: &str) {
    let lib = Arc::clone(&app.lib);
    let Some(doc) = lib.document(document) else {
        ui.label("这个规划已不在文库中。");
        return;
    };
    let selected = app.selected().filter(|t| t.document == doc.id).cloned();
    header(ui, app, doc, selected.as_ref());
    ui.separator();

    if app.reader_lines.as_ref().is_none_or(|r| !r.shows(doc)) {
        app.reader_lines = Some(Arc::new(ReaderLines::load(doc)));
    }
    let Some(lines) = app.reader_lines.clone() else {
        return;
    };
    if let Some(error) = &lines.error {
        ui.label(
            RichText::new(format!("无法显示原文：{error}")).color(ui.visuals().error_fg_color),
        );
        return;
    }
    let range = selected.as_ref().and_then(|t| task_range(&lines.text, t));
    // Scroll so that two lines of context stay above the task.
    let scroll_line = if app.reader_scroll {
        app.reader_scroll = false;
        Some(range.map_or(0, |(start, _)| {
            let line = lines
                .lines
                .partition_point(|(at, _)| *at <= start)
                .saturating_sub(1);
            line.saturating_sub(2)
        }))
    } else {
        None
    };
    ScrollArea::vertical()
        .id_salt(("reader", &doc.id))
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.set_max_width(ui.available_width().min(860.0));
            for (i, (at, line)) in lines.lines.iter().enumerate() {
                let len = line.chars().count();
                let highlights: Vec<(usize, usize)> = range
                    .filter(|(start, end)| *start < at + len && *end > *at)
                    .map(|(start, end)| (start.saturating_sub(*at), (end - at).min(len)))
                    .into_iter()
                    .collect();
                let response = if line.trim().is_empty() {
                    ui.add_space(6.0);
                    None
                } else {
                    let job = text::highlighted(ui, line, &highlights, 0);
                    Some(ui.add(Label::new(job).selectable(true)))
                };
                if scroll_line == Some(i) {
                    let rect = response.map_or_else(|| ui.min_rect(), |r| r.rect);
                    ui.scroll_to_rect(rect, Some(Align::TOP));
                }
            }
        });
}

fn header(ui: &mut Ui, app: &mut PlanScopeApp, doc: &Document, selected: Option<&Task>) {
    ui.horizontal(|ui| {
        Command::Back.button(ui, &mut app.commands);
        ui.heading(&doc.title);
    });
    let meta: Vec<&str> = [&doc.issuer, &doc.doc_number, &doc.date, &doc.period]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .collect();
    ui.horizontal_wrapped(|ui| {
        if !meta.is_empty() {
            ui.label(RichText::new(meta.join(" · ")).weak());
        }
        match selected {
            Some(task) => {
                ui.label(RichText::new(format!("高亮：{} {}", task.number, task.title)).weak());
            }
            None => {
                ui.label(RichText::new("在任务列表中选择一项任务，即可在原文中定位").weak());
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PlanText;

    #[test]
    fn lines_keep_character_offsets() {
        let doc = Document {
            id: "d".into(),
            text: PlanText::Held("第一行\r\n二、任务\n1.建设".into()),
            ..Document::default()
        };
        let r = ReaderLines::load(&doc);
        assert_eq!(r.error, None);
        assert_eq!(r.lines[0], (0, "第一行".to_owned()));
        assert_eq!(r.lines[1], (5, "二、任务".to_owned()));
        assert_eq!(r.lines[2], (10, "1.建设".to_owned()));
    }

    #[test]
    fn a_file_changed_since_reading_is_said_not_shown() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("p.txt");
        std::fs::write(&path, "一、任务\n1.建设网络。").expect("write");
        let mut doc = Document {
            id: "p".into(),
            text: PlanText::File(path.clone()),
            hash: corpus::text_hash("一、任务\n1.建设网络。"),
            ..Document::default()
        };
        let r = ReaderLines::load(&doc);
        assert_eq!(r.error, None);
        assert_eq!(r.lines[1], (5, "1.建设网络。".to_owned()));
        std::fs::write(&path, "另一份文件").expect("write");
        let r = ReaderLines::load(&doc);
        assert!(r.lines.is_empty());
        assert!(
            r.error
                .as_deref()
                .is_some_and(|e| e.contains("has changed")),
            "{:?}",
            r.error
        );
        doc.hash = corpus::text_hash("另一份文件");
        assert!(!ReaderLines::load(&doc).shows(&Document::default()));
        assert_eq!(ReaderLines::load(&doc).error, None);
    }

    #[test]
    fn task_range_falls_back_to_finding_the_text() {
        let doc = "前言\n1.加快建设网络。有关内容";
        let task = Task {
            text: "1.加快建设网络。".into(),
            ..Task::default()
        };
        assert_eq!(task_range(doc, &task), Some((3, 12)));
        let spanned = Task {
            span: [3, 9],
            ..task
        };
        assert_eq!(task_range(doc, &spanned), Some((3, 9)));
    }
}
