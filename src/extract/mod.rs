//! Text → model. Pure functions: a decoded plan goes in, its tasks (with section
//! path, units, targets), engineering columns (with items and projects) and
//! indicator rows come out; then the library links them and builds the unit
//! directory.
//!
//! What counts as a task follows the genre, not the five bundled files: a numbered
//! item of the plan's body (1. / 1、/ １ / 150. / 第一条 / (1) under a （一） without
//! numbered items / a （一） with its own text and no numbered items / the (1) items of
//! a numbered item when they, not it, name their units), and an unnumbered paragraph
//! closed by its responsibility bracket (a 若干政策 gives its tasks so), numbered by its
//! place among the plan's unnumbered tasks. Items under 总体要求 / 指导思想 / 基本原则 / 发展目标 /
//! 基础形势 / 总则 … are the plan's goals, not tasks; items under 保障措施 count only
//! when they carry responsible units; items inside a 专栏 belong to the column.

pub mod clause;
pub mod markers;
pub mod orgname;
pub mod projects;
pub mod structure;
pub mod targets;
pub mod tasktable;
pub mod text;
pub mod units;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::corpus::SourceDoc;
use crate::model::{Column, Document, Indicator, Library, Path, PlanText, SmolStr, Target, Task};
use markers::{Kind, Level};
use structure::Block;
use tasktable::{Entry, TaskTable};
use text::Para;
pub use units::AliasTable;

/// Section titles whose items are goals and background, not tasks.
const NOT_TASK_SECTIONS: [&str; 25] = [
    "总体要求",
    "指导思想",
    "基本原则",
    "发展目标",
    "主要目标",
    "工作目标",
    "行动目标",
    "总体目标",
    "总体思路",
    "基础形势",
    "发展现状",
    "发展基础",
    "机遇挑战",
    "面临形势",
    "形势分析",
    "重要意义",
    "发展形势",
    "编制依据",
    "规划背景",
    "现实基础",
    "基本思路",
    "战略定位",
    "目标任务",
    "总则",
    "附则",
];

/// Is a heading (一、 / （一） / 第一章) one of the goal or background sections?
fn is_goal_heading(title: &str) -> bool {
    let t = title.trim_end_matches(['。', '.', ':', '：', ' ']);
    NOT_TASK_SECTIONS
        .iter()
        .any(|k| t.ends_with(k) || t.starts_with(k))
}

/// Section titles whose items are tasks only when they name responsible units.
const GUARANTEE_SECTIONS: [&str; 7] = [
    "保障措施",
    "组织实施",
    "推进机制",
    "保障机制",
    "实施保障",
    "组织保障",
    "保障体系",
];

/// One plan parsed on its own (ids are final; links to other plans come later).
#[derive(Debug, Clone, Default)]
pub struct ParsedDoc {
    pub document: Document,
    pub tasks: Vec<Task>,
    pub columns: Vec<Column>,
    pub indicators: Vec<Indicator>,
}

struct Section {
    level: Level,
    label: SmolStr,
    excluded: bool,
    guarantee: bool,
}

/// The lead phrase of an item: after its number, up to the first 。 (or "." used
/// as a full stop) and not beyond `to`, without the closing punctuation.
fn lead_phrase(para: &Para, from: usize, to: usize) -> String {
    let mut s = from;
    while s < para.norm.len() && matches!(para.norm[s], ' ' | '.' | '、') {
        s += 1;
    }
    let mut e = s;
    while e < para.norm.len() && !matches!(para.norm[e], '。' | '!' | '?' | ';') {
        e += 1;
    }
    // A heading that runs on without a full stop keeps a readable length.
    let e = e.min(s + 60).min(to.max(s));
    para.disp_range(s, e)
        .trim_end_matches([':', '：', ',', '，'])
        .to_string()
}

/// The title a plan gives itself: 《X》 in a 关于印发 notice, else the first line that
/// names a plan genre, else the first short line.
pub fn title_from_text(text: &str) -> Option<String> {
    // Only the first 40 clean lines are looked at: they are read from the shortest head of
    // the text, cut at a line break, that holds them (each raw line is cleaned on its own,
    // so a head gives the same first lines as the whole plan), not from the whole plan.
    const LOOKED_AT: usize = 40;
    let mut raw_lines = 64;
    let lines = loop {
        let head = text
            .match_indices('\n')
            .nth(raw_lines)
            .map_or(text, |(i, _)| &text[..i]);
        let lines = text::lines(head);
        if lines.len() >= LOOKED_AT || head.len() == text.len() {
            break lines;
        }
        raw_lines *= 4;
    };
    for l in lines.iter().take(LOOKED_AT) {
        let f: String = l.chars.iter().collect();
        if f.contains("印发")
            && let (Some(a), Some(b)) = (f.find('《'), f.find('》'))
            && a < b
        {
            return Some(f[a + '《'.len_utf8()..b].trim().to_string());
        }
    }
    let candidates = || {
        lines
            .iter()
            .take(LOOKED_AT)
            .filter(|l| markers::detect(&l.folded()).is_none())
            .map(|l| l.chars.iter().collect::<String>())
            .filter(|f| f.chars().count() <= 50 && !f.ends_with(['。', '.', ',', '，', ':', '：']))
    };
    candidates()
        .find(|f| markers::PLAN_GENRES.iter().any(|g| f.ends_with(g)))
        .or_else(|| candidates().find(|f| f.chars().count() >= 4))
}

/// Parses one plan.
pub fn parse_document(src: &SourceDoc) -> ParsedDoc {
    let blocks = structure::blocks(&src.text);
    let doc_id = SmolStr::from(src.id.as_str());
    let mut out = ParsedDoc {
        document: Document {
            id: doc_id.clone(),
            title: src
                .meta
                .title
                .clone()
                .or_else(|| title_from_text(&src.text))
                .unwrap_or_else(|| src.id.clone()),
            source: src.source.clone(),
            issuer: src.meta.issuer.clone(),
            doc_number: src.meta.doc_number.clone(),
            date: src.meta.date.clone(),
            period: src.meta.period.clone(),
            goals: Vec::new(),
            not_understood: Vec::new(),
            text: PlanText::Missing,
            hash: src.hash.clone(),
        },
        ..ParsedDoc::default()
    };
    let mut stack: Vec<Section> = Vec::new();
    let mut seen_heading = false;
    let mut column_parents: Vec<Path> = Vec::new();
    // The path of the section being read, shared by its tasks and columns.
    let mut path: Path = Arc::from([]);
    // Conventions of responsibility in force: those the plan states in notes hold from
    // the start, those stated in a task's bracket from that task on.
    let mut conventions = plan_conventions(&blocks);

    // Unnumbered tasks are numbered by their place among the plan's unnumbered tasks.
    let mut unnumbered = 0usize;

    for block in &blocks {
        match block {
            Block::Preamble(p) => {
                // After a heading, the name and preamble of a further plan in the same
                // document: its sections owe nothing to the first plan's.
                if seen_heading {
                    stack.clear();
                }
                out.document
                    .goals
                    .extend(targets::extract(&p.norm, &p.disp));
            }
            Block::Footer => break,
            Block::Table {
                title,
                header,
                rows,
            } => out
                .indicators
                .extend(indicator_rows(&doc_id, title, header, rows)),
            Block::TaskTable(table) => {
                seen_heading = true;
                current_path(&mut path, &stack);
                table_tasks(&doc_id, table, &path, &mut out.tasks);
            }
            Block::Column {
                number,
                title,
                body,
            } => {
                current_path(&mut path, &stack);
                let col = column(&doc_id, out.columns.len() + 1, number, title, body, &path);
                column_parents.push(col.path.clone());
                out.columns.push(col);
            }
            Block::Paragraph(para) => {
                // A heading's paragraph is a task when it closes naming its units (the
                // goals of an excluded section were read with its heading).
                let norm = para.norm_str();
                if stack.iter().any(|s| s.excluded) || !structure::ends_with_units(&norm) {
                    continue;
                }
                let duty = units::read_duty(&para.norm, &para.disp, &conventions);
                conventions.absorb(&duty.later);
                unnumbered += 1;
                current_path(&mut path, &stack);
                let task = task(
                    &mut out,
                    &path,
                    unnumbered.to_string(),
                    lead_phrase(para, 0, para.norm.len()),
                    para,
                    duty,
                );
                out.tasks.push(task);
            }
            Block::Item {
                level,
                number,
                marker_len,
                para,
                heading,
                head,
            } => {
                seen_heading = true;
                let title = lead_phrase(para, *marker_len, *head);
                while stack.last().is_some_and(|s| s.level >= *level) {
                    stack.pop();
                }
                let parent_excluded = stack.iter().any(|s| s.excluded);
                let parent_guarantee = stack.iter().any(|s| s.guarantee);
                let excluded = parent_excluded
                    || (matches!(level, Level::Chapter | Level::L1 | Level::L2)
                        && is_goal_heading(&title));
                let guarantee =
                    parent_guarantee || GUARANTEE_SECTIONS.iter().any(|k| title.contains(k));
                if *heading {
                    if excluded {
                        out.document
                            .goals
                            .extend(targets::extract(&para.norm, &para.disp));
                    }
                    stack.push(Section {
                        level: *level,
                        label: format!("{}{}", markers::canonical(*level, number), title).into(),
                        excluded,
                        guarantee,
                    });
                    continue;
                }
                if excluded {
                    out.document
                        .goals
                        .extend(targets::extract(&para.norm, &para.disp));
                    continue;
                }
                let duty = units::read_duty(&para.norm, &para.disp, &conventions);
                conventions.absorb(&duty.later);
                if guarantee && duty.units.iter().all(|u| u.implied) {
                    continue;
                }
                // A （一） item with no numbered items under it is a task only when it
                // has a body of its own beyond its title.
                if *level == Level::L2 && para.norm.len() < marker_len + title.chars().count() + 12
                {
                    continue;
                }
                current_path(&mut path, &stack);
                let number = match level {
                    Level::L2 | Level::Article => number.clone(),
                    _ => number.trim_start_matches('0').to_string(),
                };
                let number = if number.is_empty() {
                    "0".to_string()
                } else {
                    number
                };
                let task = task(&mut out, &path, number, title, para, duty);
                out.tasks.push(task);
            }
        }
    }
    // A column belongs to the section it stands in: link it to that section's tasks.
    for (col, parent) in out.columns.iter_mut().zip(column_parents) {
        col.tasks = out
            .tasks
            .iter()
            .filter(|t| !parent.is_empty() && t.path.starts_with(&parent[..]))
            .map(|t| t.id.clone())
            .collect();
    }
    for t in &mut out.tasks {
        t.columns = out
            .columns
            .iter()
            .filter(|c| c.tasks.contains(&t.id))
            .map(|c| c.id.clone())
            .collect();
    }
    out.fit();
    out
}

impl ParsedDoc {
    /// Gives back the room the lists grew with. A library of thousands of plans keeps
    /// hundreds of thousands of them: a task's one target sat in room for four.
    fn fit(&mut self) {
        self.document.goals.shrink_to_fit();
        for t in &mut self.tasks {
            t.units.shrink_to_fit();
            t.targets.shrink_to_fit();
            t.columns.shrink_to_fit();
        }
        for c in &mut self.columns {
            c.items.shrink_to_fit();
            c.projects.shrink_to_fit();
            c.tasks.shrink_to_fit();
        }
    }
}

/// The conventions a plan states in notes outside its tasks' brackets (说明, 注):
/// they hold for the whole plan.
fn plan_conventions(blocks: &[Block]) -> units::Conventions {
    let mut conv = units::Conventions::default();
    for b in blocks {
        let para = match b {
            Block::Preamble(p) | Block::Item { para: p, .. } => p,
            _ => continue,
        };
        conv.absorb(&units::Conventions::from_note(&para.norm, &para.disp));
    }
    conv
}

/// Makes `path` the headings of `stack`, keeping the shared one when they are the same.
fn current_path(path: &mut Path, stack: &[Section]) {
    if !path.iter().eq(stack.iter().map(|s| &s.label)) {
        *path = stack.iter().map(|s| s.label.clone()).collect();
    }
}

/// The next task of a plan: its text, units, deadline and targets, in the section
/// `path`. What its responsibility text held that was not read as units goes into the
/// plan's report.
fn task(
    out: &mut ParsedDoc,
    path: &Path,
    number: String,
    title: String,
    para: &Para,
    duty: units::Duty,
) -> Task {
    for j in duty.not_understood {
        if !out.document.not_understood.contains(&j) {
            out.document.not_understood.push(j);
        }
    }
    Task {
        id: format!("{}-t{:03}", out.document.id, out.tasks.len() + 1).into(),
        document: out.document.id.clone(),
        path: path.clone(),
        number: number.into(),
        title,
        text: para.disp_str(),
        units: duty.units,
        targets: targets::extract(&para.norm, &para.disp),
        deadline: duty.deadline,
        columns: Vec::new(),
        span: [para.start, para.end],
    }
}

/// The tasks of a task table, one per row, after the plan's `tasks` (their ids continue
/// its sequence). A row's path is the plan's headings above the table, then the table's
/// section rows above the row, nested by their numbering (一、 above （一）).
fn table_tasks(doc_id: &SmolStr, table: &TaskTable, outer: &Path, tasks: &mut Vec<Task>) {
    let mut sections: Vec<(Level, SmolStr)> = Vec::new();
    let mut path: Path = Arc::clone(outer);
    let mut position = 0usize;
    let blank = Para::default();
    for entry in &table.entries {
        let row = match entry {
            Entry::Section {
                level,
                marker,
                para,
            } => {
                while sections.last().is_some_and(|(l, _)| l >= level) {
                    sections.pop();
                }
                let label = match marker {
                    Some((number, len)) => format!(
                        "{}{}",
                        markers::canonical(*level, number),
                        lead_phrase(para, *len, para.norm.len())
                    ),
                    None => lead_phrase(para, 0, para.norm.len()),
                };
                sections.push((*level, label.into()));
                path = outer
                    .iter()
                    .cloned()
                    .chain(sections.iter().map(|(_, l)| l.clone()))
                    .collect();
                continue;
            }
            Entry::Row(row) => row,
        };
        position += 1;
        let cell = table.task_cell(row).unwrap_or(&blank);
        // A task cell may open with a number of its own (1. / （一）): the title starts
        // after it, and it numbers the task when the table has no 序号 column.
        let own = markers::detect(&cell.norm_str()).filter(|m| {
            !m.glued && matches!(m.kind, Kind::Heading(Level::L2 | Level::L3 | Level::L4))
        });
        let from = own.as_ref().map_or(0, |m| m.len);
        let number = table
            .number(row)
            .or_else(|| own.map(|m| m.number))
            .unwrap_or_else(|| position.to_string());
        let number = match number.trim_start_matches('0') {
            "" => "0",
            n => n,
        };
        tasks.push(Task {
            id: format!("{doc_id}-t{:03}", tasks.len() + 1).into(),
            document: doc_id.clone(),
            path: Arc::clone(&path),
            number: number.into(),
            title: lead_phrase(cell, from, cell.norm.len()),
            text: TaskTable::text(row),
            units: table.units(row),
            targets: table
                .target_cells(row)
                .flat_map(|p| targets::extract(&p.norm, &p.disp))
                .collect(),
            deadline: table.deadline(row),
            columns: Vec::new(),
            span: row.span,
        });
    }
}

fn column(
    doc_id: &SmolStr,
    seq: usize,
    number: &str,
    title: &Para,
    body: &[Para],
    path: &Path,
) -> Column {
    let folded = title.norm_str();
    let skip = markers::detect(&folded).map(|m| m.len).unwrap_or(0);
    let mut title_text = title.disp_range(skip, title.disp.len()).trim().to_string();
    let mut items: Vec<String> = Vec::new();
    for p in body {
        let n = p.norm_str();
        let skip = markers::detect(&n)
            .filter(|m| !m.glued)
            .map(|m| m.len)
            .unwrap_or(0);
        let item = p.disp_range(skip, p.disp.len()).trim().to_string();
        if !item.is_empty() {
            items.push(item);
        }
    }
    if title_text.is_empty()
        && items
            .first()
            .is_some_and(|f| f.chars().count() <= 30 && !f.contains('。'))
    {
        title_text = items.remove(0);
    }
    let projects = projects::extract(&items);
    Column {
        id: format!("{doc_id}-c{seq:02}").into(),
        document: doc_id.clone(),
        number: if number.is_empty() {
            seq.to_string().into()
        } else {
            number.into()
        },
        title: title_text,
        items,
        projects,
        tasks: Vec::new(),
        path: Arc::clone(path),
        span: [title.start, body.last().map(|p| p.end).unwrap_or(title.end)],
    }
}

/// Rows of an indicator table: "5G基站数 (万个) 51 16 / 约束性" under a header
/// "指标名称 (单位) 2020年 2022年 2025年 属性"; lines without values are categories.
fn indicator_rows(doc_id: &SmolStr, title: &str, header: &str, rows: &[String]) -> Vec<Indicator> {
    let years: Vec<String> = header
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4 && t.starts_with("20"))
        .map(str::to_string)
        .collect();
    let has_attr = header.contains("属性");
    let mut category = title.to_string();
    let mut out = Vec::new();
    for row in rows {
        let tokens: Vec<&str> = row.split_whitespace().collect();
        let attr = if has_attr {
            tokens
                .last()
                .filter(|t| t.ends_with('性'))
                .map(|t| t.to_string())
        } else {
            None
        };
        let end = tokens.len() - usize::from(attr.is_some());
        let is_value =
            |t: &str| t == "/" || t == "-" || t.starts_with(|c: char| c.is_ascii_digit());
        if end < years.len() + 1 || !tokens[end - years.len()..end].iter().all(|t| is_value(t)) {
            if !row.chars().any(|c| c.is_ascii_digit()) {
                category = row.split_whitespace().collect();
            }
            continue;
        }
        let name_unit: String = tokens[..end - years.len()].concat();
        let (name, unit) = match (name_unit.rfind('('), name_unit.ends_with(')')) {
            (Some(p), true) => (
                name_unit[..p].to_string(),
                name_unit[p + 1..name_unit.len() - 1].to_string(),
            ),
            _ => (name_unit.clone(), String::new()),
        };
        let mut values = BTreeMap::new();
        for (y, v) in years.iter().zip(&tokens[end - years.len()..end]) {
            let v = (*v != "/" && *v != "-").then(|| v.to_string());
            values.insert(y.clone(), v);
        }
        out.push(Indicator {
            document: doc_id.clone(),
            category: category.clone(),
            name,
            unit,
            values,
            attribute: attr,
        });
    }
    out
}

/// Parses every plan and links them: the unit directory (with aliases) across plans.
pub fn build_library(docs: Vec<SourceDoc>, aliases: &AliasTable) -> Library {
    // Plans are parsed independently, on every core; their order is kept.
    assemble(docs.into_par_iter().map(parse_source).collect(), aliases)
}

/// Parses one plan read from disk, consuming it: a plan with a file keeps only where its
/// text is (the reader reads it again), one without keeps the text itself.
pub fn parse_source(src: SourceDoc) -> ParsedDoc {
    let mut parsed = parse_document(&src);
    parsed.document.text = match src.file {
        Some(path) => PlanText::File(path),
        None => PlanText::Held(src.text.into()),
    };
    parsed
}

/// The library of parsed plans, in their order, with its unit directory.
pub fn assemble(parsed: Vec<ParsedDoc>, aliases: &AliasTable) -> Library {
    let mut lib = Library::default();
    // Each list is allocated once, at its size.
    lib.documents.reserve_exact(parsed.len());
    lib.tasks
        .reserve_exact(parsed.iter().map(|p| p.tasks.len()).sum());
    lib.columns
        .reserve_exact(parsed.iter().map(|p| p.columns.len()).sum());
    lib.indicators
        .reserve_exact(parsed.iter().map(|p| p.indicators.len()).sum());
    for p in parsed {
        lib.documents.push(p.document);
        lib.tasks.extend(p.tasks);
        lib.columns.extend(p.columns);
        lib.indicators.extend(p.indicators);
    }
    lib.units = units::directory(
        lib.tasks.iter().map(|t| (&t.id, t.units.as_slice())),
        aliases,
    );
    lib
}

/// Targets of a task plus the plan's goals, for callers that want every target of a
/// document in one list.
pub fn all_targets<'a>(lib: &'a Library, doc: &str) -> Vec<&'a Target> {
    let goals = lib
        .document(doc)
        .map(|d| d.goals.iter())
        .into_iter()
        .flatten();
    lib.tasks
        .iter()
        .filter(|t| t.document == doc)
        .flat_map(|t| t.targets.iter())
        .chain(goals)
        .collect()
}

#[cfg(test)]
mod bundled_tests;
#[cfg(test)]
mod duty_tests;
#[cfg(test)]
mod genre_tests;
