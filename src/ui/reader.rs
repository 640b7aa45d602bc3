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
            let all = &lines.lines;
            let mut i = 0;
            while i < all.len() {
                // A table as read (a Word or spreadsheet table, a table typed with tabs):
                // its rows in aligned columns, its section rows between them.
                let run = table_run(&all[i..]);
                if run > 0 {
                    table_rows(ui, i, &all[i..i + run], range, scroll_line);
                    i += run;
                    continue;
                }
                let (at, line) = &all[i];
                let highlights = line_highlights(range, *at, line);
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
                i += 1;
            }
        });
}

/// Longest line, in characters, that counts as a section row inside a table.
const TABLE_SECTION_CHARS: usize = 40;

/// How many of `lines` make a table, from the first: 0 unless the first is a row of
/// tab-separated cells; then every such row, and the short lines between two of them
/// (the section rows of a 分工表, merged across the table).
fn table_run(lines: &[(usize, String)]) -> usize {
    let is_row = |l: &String| l.contains('\t');
    if !lines.first().is_some_and(|(_, l)| is_row(l)) {
        return 0;
    }
    let mut end = 0;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i].1;
        if is_row(line) {
            i += 1;
            end = i;
        } else if !line.trim().is_empty() && line.chars().count() <= TABLE_SECTION_CHARS {
            i += 1;
        } else {
            break;
        }
    }
    end
}

/// The part of `range` (a task's characters in the plan) that falls in the line starting
/// at character `at`, relative to the line.
fn line_highlights(range: Option<(usize, usize)>, at: usize, line: &str) -> Vec<(usize, usize)> {
    let len = line.chars().count();
    range
        .filter(|(start, end)| *start < at + len && *end > at)
        .map(|(start, end)| (start.saturating_sub(at), (end - at).min(len)))
        .into_iter()
        .collect()
}

/// Column widths for cells of these natural widths within `avail`: natural widths when they
/// fit; else the narrow columns keep theirs and the wide ones share what is left.
fn column_widths(natural: &[f32], avail: f32, min: f32) -> Vec<f32> {
    let mut widths: Vec<f32> = natural.iter().map(|w| w.max(min)).collect();
    if widths.iter().sum::<f32>() <= avail || widths.is_empty() {
        return widths;
    }
    let mut fixed = vec![false; widths.len()];
    loop {
        let left = avail
            - (0..widths.len())
                .filter(|&c| fixed[c])
                .map(|c| widths[c])
                .sum::<f32>();
        let open = fixed.iter().filter(|f| !**f).count();
        if open == 0 {
            break;
        }
        let share = (left / open as f32).max(min);
        let mut changed = false;
        for c in 0..widths.len() {
            if !fixed[c] && natural[c].max(min) <= share {
                fixed[c] = true;
                widths[c] = natural[c].max(min);
                changed = true;
            }
        }
        if !changed {
            for c in 0..widths.len() {
                if !fixed[c] {
                    widths[c] = share;
                }
            }
            break;
        }
    }
    widths
}

/// A table's lines: rows of tab-separated cells in columns aligned across the whole table
/// (wide cells wrap), a line between rows, and section rows as plain lines; the selected
/// task's characters highlighted in the cells they fall in.
fn table_rows(
    ui: &mut Ui,
    first: usize,
    rows: &[(usize, String)],
    range: Option<(usize, usize)>,
    scroll_line: Option<usize>,
) {
    const GAP: f32 = 12.0;
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let columns = rows
        .iter()
        .map(|(_, line)| line.split('\t').count())
        .max()
        .unwrap_or(1);
    let mut natural = vec![0.0f32; columns];
    for (_, line) in rows.iter().filter(|(_, l)| l.contains('\t')) {
        for (c, cell) in line.split('\t').enumerate() {
            let w = ui
                .painter()
                .layout_no_wrap(cell.to_owned(), font.clone(), color)
                .size()
                .x;
            natural[c] = natural[c].max(w.ceil() + 1.0);
        }
    }
    let avail = ui.available_width() - GAP * (columns.saturating_sub(1)) as f32;
    let widths = column_widths(&natural, avail, font.size * 2.0);
    ui.add_space(4.0);
    let stroke = ui.visuals().widgets.noninteractive.bg_stroke;
    for (k, (at, line)) in rows.iter().enumerate() {
        let rect = if line.contains('\t') {
            let mut cell_at = *at;
            let response = ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = GAP;
                for (c, cell) in line.split('\t').enumerate() {
                    let highlights = line_highlights(range, cell_at, cell);
                    let job = text::highlighted(ui, cell, &highlights, 0);
                    let w = widths.get(c).copied().unwrap_or(font.size * 2.0);
                    ui.allocate_ui_with_layout(
                        egui::vec2(w, 0.0),
                        egui::Layout::top_down(Align::Min),
                        |ui| {
                            ui.set_width(w);
                            ui.add(Label::new(job).selectable(true).wrap());
                        },
                    );
                    cell_at += cell.chars().count() + 1;
                }
            });
            let rect = response.response.rect;
            ui.painter()
                .hline(rect.x_range(), rect.bottom() + 2.0, stroke);
            ui.add_space(4.0);
            rect
        } else {
            let highlights = line_highlights(range, *at, line);
            let job = text::highlighted(ui, line, &highlights, 0);
            ui.add(Label::new(job).selectable(true)).rect
        };
        if scroll_line == Some(first + k) {
            ui.scroll_to_rect(rect, Some(Align::TOP));
        }
    }
    ui.add_space(4.0);
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

    fn numbered(lines: &[&str]) -> Vec<(usize, String)> {
        lines.iter().map(|l| (0, l.to_string())).collect()
    }

    #[test]
    fn a_table_runs_over_its_section_rows_and_ends_before_prose() {
        let lines = numbered(&[
            "序号\t重点任务\t牵头单位",
            "一、强化网络基础",
            "1\t建设网络\t省通信管理局",
            "2\t推进工程\t省工信厅",
            "各地各部门要按照分工抓好落实，确保各项任务按期完成，重大问题及时报告省政府。",
        ]);
        assert_eq!(table_run(&lines), 4);
        assert_eq!(table_run(&lines[1..]), 0, "a table starts at a row");
        // A short line after the last row is not the table's.
        let tail = numbered(&["a\tb", "附件"]);
        assert_eq!(table_run(&tail), 1);
    }

    #[test]
    fn wide_columns_share_what_narrow_ones_leave() {
        assert_eq!(column_widths(&[30.0, 100.0], 500.0, 20.0), [30.0, 100.0]);
        let w = column_widths(&[30.0, 900.0, 600.0, 80.0], 600.0, 20.0);
        assert_eq!(w[0], 30.0);
        assert_eq!(w[3], 80.0);
        assert!(
            (w[1] - 245.0).abs() < 0.01 && (w[2] - 245.0).abs() < 0.01,
            "{w:?}"
        );
        assert!((w.iter().sum::<f32>() - 600.0).abs() < 0.01);
    }
}
