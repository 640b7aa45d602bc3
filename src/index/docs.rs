//! From the model to index documents: one per task, per column item and per indicator row,
//! grouped by plan, with the key that links each back to the library and the fingerprint
//! that tells whether a plan must be indexed again.

use std::collections::{BTreeMap, HashMap};

use tantivy::TantivyDocument;

use super::schema::Fields;
use crate::model::{Column, Indicator, Library, Task, UnitEntry};

/// Where an index document's item lives in a [`Library`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemRef {
    /// Index into `Library::tasks`.
    Task(usize),
    /// Index into `Library::columns`, then into the column's items.
    ColumnItem(usize, usize),
    /// Index into `Library::indicators`.
    Indicator(usize),
}

pub fn task_key(task: &Task) -> String {
    format!("t:{}", task.id)
}

pub fn column_key(column: &Column, item: usize) -> String {
    format!("c:{}:{item}", column.id)
}

/// Indicator rows have no id: the key is the plan and the row's place among the plan's rows.
pub fn indicator_key(document: &str, ordinal: usize) -> String {
    format!("i:{document}:{ordinal}")
}

/// The searchable texts of a column: its items, or when it lists none, its projects as one
/// text, so every column is findable at least by its title.
pub fn column_texts(column: &Column) -> Vec<String> {
    if column.items.is_empty() {
        vec![column.projects.join("；")]
    } else {
        column.items.clone()
    }
}

/// One line that shows an indicator row whole: what is searched and what the snippet shows.
pub fn indicator_text(ind: &Indicator) -> String {
    let mut s = String::new();
    if !ind.category.is_empty() {
        s.push_str(&ind.category);
        s.push('｜');
    }
    s.push_str(&ind.name);
    if !ind.unit.is_empty() {
        s.push('（');
        s.push_str(&ind.unit);
        s.push('）');
    }
    for (year, value) in &ind.values {
        s.push_str(&format!("；{year}年：{}", value.as_deref().unwrap_or("—")));
    }
    if let Some(attr) = &ind.attribute {
        s.push('；');
        s.push_str(attr);
    }
    s
}

/// Unit name or alias → directory entry, built once per library (the model's `find_unit`
/// scans the whole directory on each call). Names take precedence over aliases.
pub struct UnitLookup<'a> {
    map: HashMap<&'a str, &'a UnitEntry>,
}

impl<'a> UnitLookup<'a> {
    pub fn new(lib: &'a Library) -> Self {
        let mut map = HashMap::new();
        for u in &lib.units {
            map.entry(u.name.as_str()).or_insert(u);
        }
        for u in &lib.units {
            for a in &u.aliases {
                map.entry(a.as_str()).or_insert(u);
            }
        }
        UnitLookup { map }
    }

    /// The directory entry for a unit name or alias.
    pub fn entry(&self, name: &str) -> Option<&'a UnitEntry> {
        self.map.get(name).copied()
    }
}

/// What the unit field of a task holds: the names as written, then their directory names
/// and aliases, deduplicated.
pub fn unit_texts(task: &Task, units: &UnitLookup<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |n: &str| {
        if !n.is_empty() && !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    };
    for u in &task.units {
        push(&u.name);
    }
    for u in &task.units {
        if let Some(entry) = units.entry(&u.name) {
            push(&entry.name);
            for a in &entry.aliases {
                push(a);
            }
        }
    }
    out
}

/// The items of each plan, by index into the library, plans in id order.
#[derive(Default)]
pub struct PlanItems {
    pub tasks: Vec<usize>,
    pub columns: Vec<usize>,
    /// Index into `Library::indicators` and the row's ordinal within its plan.
    pub indicators: Vec<(usize, usize)>,
}

pub fn group_by_plan(lib: &Library) -> BTreeMap<&str, PlanItems> {
    let mut plans: BTreeMap<&str, PlanItems> = BTreeMap::new();
    for d in &lib.documents {
        plans.entry(d.id.as_str()).or_default();
    }
    for (i, t) in lib.tasks.iter().enumerate() {
        plans.entry(t.document.as_str()).or_default().tasks.push(i);
    }
    for (i, c) in lib.columns.iter().enumerate() {
        plans
            .entry(c.document.as_str())
            .or_default()
            .columns
            .push(i);
    }
    for (i, ind) in lib.indicators.iter().enumerate() {
        let plan = plans.entry(ind.document.as_str()).or_default();
        let ordinal = plan.indicators.len();
        plan.indicators.push((i, ordinal));
    }
    plans
}

/// Key → item for every item of the library.
pub fn item_map(lib: &Library) -> HashMap<String, ItemRef> {
    let mut map = HashMap::with_capacity(lib.tasks.len() + lib.columns.len() * 4);
    for (i, t) in lib.tasks.iter().enumerate() {
        map.insert(task_key(t), ItemRef::Task(i));
    }
    for (i, c) in lib.columns.iter().enumerate() {
        for k in 0..column_texts(c).len() {
            map.insert(column_key(c, k), ItemRef::ColumnItem(i, k));
        }
    }
    let mut ordinals: HashMap<&str, usize> = HashMap::new();
    for (i, ind) in lib.indicators.iter().enumerate() {
        let n = ordinals.entry(ind.document.as_str()).or_default();
        map.insert(indicator_key(&ind.document, *n), ItemRef::Indicator(i));
        *n += 1;
    }
    map
}

/// A hash of everything the index stores for one plan, cheap to compute (the text is
/// represented by the document's content hash plus each item's span): a plan is indexed
/// again when it differs from the one saved with the index.
pub fn plan_fingerprint(
    lib: &Library,
    doc_id: &str,
    items: &PlanItems,
    units: &UnitLookup<'_>,
) -> String {
    let mut h = blake3::Hasher::new();
    let mut put = |s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    put(doc_id);
    if let Some(d) = lib.document(doc_id) {
        put(&d.hash);
        put(&d.title);
    }
    for &i in &items.tasks {
        let t = &lib.tasks[i];
        put(&t.id);
        put(&format!("{:?}{}", t.span, t.text.len()));
        put(&t.number);
        put(&t.title);
        put(&t.path.join("\u{1}"));
        for u in &t.units {
            put(&u.name);
            put(u.role.as_str());
        }
        put(&unit_texts(t, units).join("\u{1}"));
        for y in t.targets.iter().filter_map(|g| g.year) {
            put(&y.to_string());
        }
    }
    for &i in &items.columns {
        let c = &lib.columns[i];
        put(&c.id);
        put(&c.number);
        put(&c.title);
        put(&c.path.join("\u{1}"));
        for text in column_texts(c) {
            put(&text);
        }
    }
    for &(i, _) in &items.indicators {
        put(&indicator_text(&lib.indicators[i]));
    }
    h.finalize().to_hex().to_string()
}

/// The index documents of one plan.
pub fn plan_documents(
    lib: &Library,
    doc_id: &str,
    items: &PlanItems,
    units: &UnitLookup<'_>,
    f: &Fields,
) -> Vec<TantivyDocument> {
    let mut out = Vec::with_capacity(items.tasks.len() + items.columns.len() * 4);
    for &i in &items.tasks {
        let t = &lib.tasks[i];
        let mut d = TantivyDocument::new();
        d.add_text(f.key, task_key(t));
        d.add_text(f.doc, doc_id);
        d.add_text(f.title, &t.title);
        d.add_text(f.text, &t.text);
        for p in &t.path {
            d.add_text(f.path, p);
        }
        if !t.text.contains(t.title.as_str()) {
            d.add_text(f.ngram, &t.title);
        }
        d.add_text(f.ngram, &t.text);
        for name in unit_texts(t, units) {
            d.add_text(f.units, &name);
            d.add_text(f.ngram, &name);
        }
        let mut years: Vec<i32> = t.targets.iter().filter_map(|g| g.year).collect();
        years.sort_unstable();
        years.dedup();
        for y in years {
            if let Ok(y) = u64::try_from(y) {
                d.add_u64(f.year, y);
            }
        }
        let mut roles: Vec<&str> = t.units.iter().map(|u| u.role.as_str()).collect();
        roles.sort_unstable();
        roles.dedup();
        for r in roles {
            d.add_text(f.role, r);
        }
        out.push(d);
    }
    for &i in &items.columns {
        let c = &lib.columns[i];
        for (k, text) in column_texts(c).iter().enumerate() {
            let mut d = TantivyDocument::new();
            d.add_text(f.key, column_key(c, k));
            d.add_text(f.doc, doc_id);
            d.add_text(f.title, &c.title);
            d.add_text(f.text, text);
            for p in &c.path {
                d.add_text(f.path, p);
            }
            d.add_text(f.ngram, &c.title);
            d.add_text(f.ngram, text);
            out.push(d);
        }
    }
    for &(i, ordinal) in &items.indicators {
        let ind = &lib.indicators[i];
        let mut d = TantivyDocument::new();
        d.add_text(f.key, indicator_key(doc_id, ordinal));
        d.add_text(f.doc, doc_id);
        d.add_text(f.title, &ind.name);
        let line = indicator_text(ind);
        d.add_text(f.text, &line);
        d.add_text(f.path, &ind.category);
        d.add_text(f.ngram, &line);
        for (year, value) in &ind.values {
            if value.is_some()
                && let Ok(y) = year.trim().parse::<u64>()
            {
                d.add_u64(f.year, y);
            }
        }
        out.push(d);
    }
    out
}
