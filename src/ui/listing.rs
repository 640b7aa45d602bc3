//! The centre list: which tasks the search text and the filters select, in which
//! order, with which snippet. Pure functions of the library, the index and the
//! filters (no egui), so they are tested without a window.
//!
//! The search text goes to the index when it is ready; until then (the first fraction
//! of a second after start) a plain width- and case-folded substring match answers,
//! so the window is usable at once. Filters are applied here, on the model, so that
//! a unit's short name, a section or a column narrow every kind of list the same way.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::index::{SearchIndex, SearchQuery};
use crate::model::{Library, Role, SmolStr, Task};

use super::state::Filters;

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub task: String,
    /// A piece of the task's text; the matched words when searching.
    pub snippet: String,
    /// Character ranges of `snippet` to highlight.
    pub highlights: Vec<(usize, usize)>,
}

/// What the list holds, and how it was found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    pub rows: Vec<Row>,
    /// A note for the user about how the list was made (e.g. the index was not ready).
    pub note: Option<String>,
}

impl Listing {
    pub fn task_ids(&self) -> Vec<String> {
        self.rows.iter().map(|r| r.task.clone()).collect()
    }
}

/// A section of a plan's outline, with the number of tasks under it.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionNode {
    pub title: String,
    /// Headings from the plan's top down to this one.
    pub path: Vec<SmolStr>,
    pub tasks: usize,
    pub children: Vec<SectionNode>,
}

/// Lookups computed once per library.
#[derive(Debug, Default)]
pub struct Derived {
    task_pos: HashMap<SmolStr, usize>,
    /// One outline per document, in library order.
    pub outlines: Vec<Vec<SectionNode>>,
    /// Every target year stated in a task, ascending.
    pub years: Vec<i32>,
    /// Tasks per document id.
    pub task_counts: HashMap<SmolStr, usize>,
}

impl Derived {
    pub fn new(lib: &Library) -> Derived {
        let task_pos = lib
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        let outlines = lib
            .documents
            .iter()
            .map(|d| outline(lib.tasks.iter().filter(|t| t.document == d.id)))
            .collect();
        let years: BTreeSet<i32> = lib
            .tasks
            .iter()
            .flat_map(|t| t.targets.iter().filter_map(|g| g.year))
            .collect();
        let mut task_counts = HashMap::new();
        for t in &lib.tasks {
            *task_counts.entry(t.document.clone()).or_insert(0) += 1;
        }
        Derived {
            task_pos,
            outlines,
            years: years.into_iter().collect(),
            task_counts,
        }
    }

    /// The task with this id, in constant time.
    pub fn task<'a>(&self, lib: &'a Library, id: &str) -> Option<&'a Task> {
        self.task_pos.get(id).and_then(|&i| lib.tasks.get(i))
    }
}

/// The section tree of one plan's tasks, in the order the sections first appear.
fn outline<'a>(tasks: impl Iterator<Item = &'a Task>) -> Vec<SectionNode> {
    let mut roots: Vec<SectionNode> = Vec::new();
    for task in tasks {
        let mut level = &mut roots;
        for (depth, title) in task.path.iter().enumerate() {
            let pos = match level.iter().position(|n| n.title == *title) {
                Some(pos) => pos,
                None => {
                    level.push(SectionNode {
                        title: title.to_string(),
                        path: task.path[..=depth].to_vec(),
                        tasks: 0,
                        children: Vec::new(),
                    });
                    level.len() - 1
                }
            };
            level[pos].tasks += 1;
            level = &mut level[pos].children;
        }
    }
    roots
}

/// Whether a task passes the filters (the search text aside).
pub struct FilterSet<'a> {
    filters: &'a Filters,
    /// With a unit filter: the unit's tasks and its role in each.
    unit_tasks: Option<HashMap<&'a str, Vec<Role>>>,
    column_tasks: Option<HashSet<&'a str>>,
    /// The year deadlines are measured against.
    this_year: i32,
}

impl<'a> FilterSet<'a> {
    pub fn new(lib: &'a Library, filters: &'a Filters) -> FilterSet<'a> {
        let unit_tasks = filters.unit.as_deref().map(|name| {
            let mut map: HashMap<&str, Vec<Role>> = HashMap::new();
            if let Some(entry) = lib.find_unit(name) {
                for t in &entry.tasks {
                    map.entry(t.task.as_str()).or_default().push(t.role);
                }
            }
            map
        });
        let column_tasks = filters.column.as_deref().map(|id| {
            let mut set: HashSet<&str> = HashSet::new();
            if let Some(column) = lib.column(id) {
                set.extend(column.tasks.iter().map(SmolStr::as_str));
            }
            set.extend(
                lib.tasks
                    .iter()
                    .filter(|t| t.columns.iter().any(|c| c == id))
                    .map(|t| t.id.as_str()),
            );
            set
        });
        FilterSet {
            filters,
            unit_tasks,
            column_tasks,
            this_year: crate::analysis::deadline::current_year(),
        }
    }

    pub fn accepts(&self, task: &Task) -> bool {
        let f = self.filters;
        if f.document.as_ref().is_some_and(|d| *d != task.document) {
            return false;
        }
        if !task.path.starts_with(&f.section) {
            return false;
        }
        if let Some(unit_tasks) = &self.unit_tasks {
            match unit_tasks.get(task.id.as_str()) {
                None => return false,
                Some(roles) => {
                    if f.role.is_some_and(|r| !roles.contains(&r)) {
                        return false;
                    }
                }
            }
        } else if let Some(role) = f.role
            && !task.units.iter().any(|u| u.role == role)
        {
            return false;
        }
        if let Some(year) = f.year
            && !task.targets.iter().any(|t| t.year == Some(year))
        {
            return false;
        }
        if let Some(column_tasks) = &self.column_tasks
            && !column_tasks.contains(task.id.as_str())
        {
            return false;
        }
        if let Some(deadline) = f.deadline
            && super::tags::task_deadline(task, self.this_year) != deadline
        {
            return false;
        }
        true
    }
}

/// The list for a search text and filters. `index` is `None` while it is being built.
pub fn list(
    lib: &Library,
    derived: &Derived,
    index: Option<&SearchIndex>,
    query: &str,
    filters: &Filters,
) -> Listing {
    let filter = FilterSet::new(lib, filters);
    let query = query.trim();
    if query.is_empty() {
        let rows = lib
            .tasks
            .iter()
            .filter(|t| filter.accepts(t))
            .map(|t| Row {
                task: t.id.to_string(),
                snippet: excerpt(&t.text, after_title(t), 160),
                highlights: Vec::new(),
            })
            .collect();
        return Listing { rows, note: None };
    }
    match index {
        Some(index) => match index_search(lib, derived, index, query, &filter) {
            Ok(rows) => Listing { rows, note: None },
            Err(e) => Listing {
                rows: substring_search(lib, query, &filter),
                note: Some(format!("索引查询失败，改用逐字匹配：{e}")),
            },
        },
        None => Listing {
            rows: substring_search(lib, query, &filter),
            note: Some("索引建立中，暂用逐字匹配".to_owned()),
        },
    }
}

fn index_search(
    lib: &Library,
    derived: &Derived,
    index: &SearchIndex,
    query: &str,
    filter: &FilterSet<'_>,
) -> crate::Result<Vec<Row>> {
    let request = SearchQuery {
        text: query.to_owned(),
        // Filters are applied here, so ask for every match: column items and indicator
        // rows are hits too, so the task count alone could cut tasks off.
        limit: usize::try_from(index.num_docs())
            .unwrap_or(usize::MAX)
            .max(1),
        ..SearchQuery::default()
    };
    let results = index.search(lib, &request)?;
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for hit in results.hits {
        let Some(task_id) = hit.task else { continue };
        let Some(task) = derived.task(lib, &task_id) else {
            continue;
        };
        if !filter.accepts(task) || !seen.insert(task_id.clone()) {
            continue;
        }
        let (snippet, highlights) = lead_to_match(&hit.snippet, &hit.highlights);
        rows.push(Row {
            task: task_id.to_string(),
            snippet,
            highlights,
        });
    }
    Ok(rows)
}

/// How many characters of context a snippet keeps before its first match: the
/// table shows two lines, and the match must be on them.
const LEAD_CHARS: usize = 10;

/// Cuts the start of a snippet so that its first match is near the front, marking the
/// cut with "…", and shifts the highlights to match.
fn lead_to_match(snippet: &str, highlights: &[(usize, usize)]) -> (String, Vec<(usize, usize)>) {
    let Some(first) = highlights.iter().map(|h| h.0).min() else {
        return (snippet.to_owned(), Vec::new());
    };
    if first <= LEAD_CHARS + 1 {
        return (snippet.to_owned(), highlights.to_vec());
    }
    let cut = first - LEAD_CHARS;
    let mut out = String::from("…");
    out.extend(snippet.chars().skip(cut));
    let shift = |i: usize| i - cut + 1;
    let highlights = highlights
        .iter()
        .filter(|h| h.0 >= cut)
        .map(|&(a, b)| (shift(a), shift(b)))
        .collect();
    (out, highlights)
}

/// Folds one character the way the search does (full-width → half-width, lower case),
/// keeping one character for one so offsets stay those of the original text.
fn fold_char(c: char) -> char {
    use unicode_normalization::UnicodeNormalization as _;
    let mut folded = std::iter::once(c).nfkc();
    match (folded.next(), folded.next()) {
        (Some(f), None) => f.to_lowercase().next().unwrap_or(f),
        _ => c,
    }
}

/// The search before the index is ready: the query as a folded substring of the
/// task's title or text.
pub fn substring_search(lib: &Library, query: &str, filter: &FilterSet<'_>) -> Vec<Row> {
    let needle: Vec<char> = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_char)
        .collect();
    if needle.is_empty() {
        return Vec::new();
    }
    lib.tasks
        .iter()
        .filter(|t| filter.accepts(t))
        .filter_map(|t| {
            // Line breaks inside words are common in the plans: match across them.
            let chars: Vec<char> = t
                .text
                .chars()
                .filter(|c| *c != '\n' && *c != '\r')
                .collect();
            let hay: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
            let at = hay
                .windows(needle.len())
                .position(|w| w == needle.as_slice())?;
            let start = at.saturating_sub(40);
            let snippet: String = chars[start..(at + needle.len() + 80).min(chars.len())]
                .iter()
                .collect();
            let from = at - start;
            Some(Row {
                task: t.id.to_string(),
                snippet,
                highlights: vec![(from, from + needle.len())],
            })
        })
        .collect()
}

/// Where the text after the task's number and title starts (the title is already
/// in its own column), or 0 when the text does not begin with them.
fn after_title(task: &Task) -> usize {
    let title = task.title.trim();
    if title.is_empty() {
        return 0;
    }
    let Some(byte) = task.text.find(title) else {
        return 0;
    };
    if task.text[..byte].chars().count() > 8 {
        return 0; // the title is not at the start: show the text from its start
    }
    let mut end = byte + title.len();
    // Skip the full stop that ends the title.
    for stop in ['。', '.', '．', '；'] {
        if task.text[end..].starts_with(stop) {
            end += stop.len_utf8();
            break;
        }
    }
    let after = task.text[..end].chars().count();
    if after >= task.text.chars().count() {
        0
    } else {
        after
    }
}

/// Up to `len` characters of `text` from character `from`, on one line.
pub fn excerpt(text: &str, from: usize, len: usize) -> String {
    let mut out: String = text
        .chars()
        .skip(from)
        .filter(|c| *c != '\r')
        .map(|c| if c == '\n' { ' ' } else { c })
        .take(len)
        .collect();
    if text.chars().count() > from + len {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Target, UnitEntry, UnitRole, UnitTask};

    fn task(id: &str, doc: &str, path: &[&str], text: &str) -> Task {
        Task {
            id: id.into(),
            document: doc.into(),
            path: path.iter().map(|s| SmolStr::from(*s)).collect(),
            title: text.into(),
            text: text.into(),
            ..Task::default()
        }
    }

    fn library() -> Library {
        let mut a = task("a", "d1", &["一、网络", "（一）5G"], "加快建设５Ｇ\n基站。");
        a.units = vec![UnitRole::new("省通信管理局", Role::Lead)];
        a.targets = vec![Target {
            year: Some(2025),
            ..Target::default()
        }];
        let mut b = task("b", "d1", &["一、网络", "（二）算力"], "建设数据中心。");
        b.units = vec![UnitRole::new("省工信厅", Role::Cooperate)];
        let c = task("c", "d2", &["二、应用"], "推进数字政府。");
        Library {
            tasks: vec![a, b, c],
            units: vec![
                UnitEntry {
                    name: "省通信管理局".into(),
                    aliases: vec![],
                    tasks: vec![UnitTask {
                        task: "a".into(),
                        role: Role::Lead,
                    }],
                },
                UnitEntry {
                    name: "省工业和信息化厅".into(),
                    aliases: vec!["省工信厅".into(), "工信厅".into()],
                    tasks: vec![UnitTask {
                        task: "b".into(),
                        role: Role::Cooperate,
                    }],
                },
            ],
            ..Library::default()
        }
    }

    fn ids(listing: &Listing) -> Vec<&str> {
        listing.rows.iter().map(|r| r.task.as_str()).collect()
    }

    #[test]
    fn snippets_are_cut_to_bring_the_first_match_forward() {
        let snippet = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸5G基站";
        let (cut, hl) = lead_to_match(snippet, &[(20, 24)]);
        assert_eq!(cut, "…甲乙丙丁戊己庚辛壬癸5G基站");
        let marked: String = cut.chars().skip(hl[0].0).take(hl[0].1 - hl[0].0).collect();
        assert_eq!(marked, "5G基站");
        let (same, _) = lead_to_match("短句5G", &[(2, 4)]);
        assert_eq!(same, "短句5G");
    }

    #[test]
    fn outline_nests_sections_and_counts_tasks() {
        let lib = library();
        let derived = Derived::new(&lib);
        assert!(derived.outlines.is_empty(), "no documents in this library");
        let tree = outline(lib.tasks.iter().filter(|t| t.document == "d1"));
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].tasks, 2);
        assert_eq!(tree[0].children.len(), 2);
        assert_eq!(tree[0].children[1].path, ["一、网络", "（二）算力"]);
        assert_eq!(derived.years, [2025]);
    }

    #[test]
    fn filters_narrow_by_unit_alias_role_section_and_year() {
        let lib = library();
        let d = Derived::new(&lib);
        let mut f = Filters {
            unit: Some("工信厅".into()),
            ..Filters::default()
        };
        assert_eq!(ids(&list(&lib, &d, None, "", &f)), ["b"]);
        f.role = Some(Role::Lead);
        assert!(list(&lib, &d, None, "", &f).rows.is_empty());
        let f = Filters {
            document: Some("d1".into()),
            section: vec!["一、网络".into(), "（一）5G".into()],
            ..Filters::default()
        };
        assert_eq!(ids(&list(&lib, &d, None, "", &f)), ["a"]);
        let f = Filters {
            year: Some(2025),
            ..Filters::default()
        };
        assert_eq!(ids(&list(&lib, &d, None, "", &f)), ["a"]);
        let f = Filters {
            role: Some(Role::Cooperate),
            ..Filters::default()
        };
        assert_eq!(ids(&list(&lib, &d, None, "", &f)), ["b"]);
    }

    #[test]
    fn substring_search_folds_width_and_joins_broken_lines() {
        let lib = library();
        let d = Derived::new(&lib);
        let listing = list(&lib, &d, None, "5g基站", &Filters::default());
        assert_eq!(ids(&listing), ["a"]);
        let row = &listing.rows[0];
        let hl: String = row
            .snippet
            .chars()
            .skip(row.highlights[0].0)
            .take(row.highlights[0].1 - row.highlights[0].0)
            .collect();
        assert_eq!(hl, "５Ｇ基站");
        assert!(listing.note.is_some());
        assert!(
            list(&lib, &d, None, "不存在的词", &Filters::default())
                .rows
                .is_empty()
        );
    }
}
