//! From the model to index documents: one per task, per column item and per indicator row,
//! grouped by plan, with the key that links each back to the library and the fingerprint
//! that tells whether a plan must be indexed again.

use std::collections::{BTreeMap, HashMap};

use tantivy::TantivyDocument;

use super::analysis::fold;
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

/// 64-bit FNV-1a: a stable hash (it is stored in the index) of a key's parts, computed
/// without building the key string. Hits carry it in a fast field and the library is looked
/// up by it, each match checked against the item's own key.
#[derive(Clone, Copy)]
pub struct KeyHash(u64);

impl KeyHash {
    fn new() -> Self {
        KeyHash(0xcbf2_9ce4_8422_2325)
    }

    fn put(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    fn put_number(self, n: usize) -> Self {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = n;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.put(&buf[i..])
    }

    pub fn task(task: &Task) -> u64 {
        KeyHash::new().put(b"t:").put(task.id.as_bytes()).0
    }

    pub fn column(column: &Column, item: usize) -> u64 {
        KeyHash::new()
            .put(b"c:")
            .put(column.id.as_bytes())
            .put(b":")
            .put_number(item)
            .0
    }

    pub fn indicator(document: &str, ordinal: usize) -> u64 {
        KeyHash::new()
            .put(b"i:")
            .put(document.as_bytes())
            .put(b":")
            .put_number(ordinal)
            .0
    }
}

/// How many index documents a column gives (see [`column_texts`]).
pub fn column_len(column: &Column) -> usize {
    column.items.len().max(1)
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

    /// The lookup restricted to one task's units (a hit's snippet needs no more).
    pub fn for_task(lib: &'a Library, task: &Task) -> Self {
        let mut map = HashMap::new();
        for u in &task.units {
            if let Some(e) = lib.find_unit(&u.name) {
                map.insert(e.name.as_str(), e);
                for a in &e.aliases {
                    map.entry(a.as_str()).or_insert(e);
                }
            }
        }
        UnitLookup { map }
    }

    /// The directory entry for a unit name or alias.
    pub fn entry(&self, name: &str) -> Option<&'a UnitEntry> {
        self.map.get(name).copied()
    }
}

/// The names a task's units go by: as written, their directory names and aliases, each
/// also without a leading 省 / 市 (`省通信管理局` is asked for as `通信管理局`), folded and
/// deduplicated. The unit field holds them whole: a query names a unit, or it does not —
/// `数据中心` must not find every task of 省大数据局 through its alias 省大数据中心.
pub fn unit_names(task: &Task, units: &UnitLookup<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |n: &str| {
        let n = fold(n);
        let short = n
            .strip_prefix('省')
            .or_else(|| n.strip_prefix('市'))
            .filter(|s| s.chars().count() >= 2)
            .map(str::to_string);
        for n in std::iter::once(n).chain(short) {
            if !n.is_empty() && !out.contains(&n) {
                out.push(n);
            }
        }
    };
    for u in &task.units {
        push(&u.name);
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
    /// Index into `Library::documents`, when the plan has a document entry.
    pub document: Option<usize>,
    pub tasks: Vec<usize>,
    pub columns: Vec<usize>,
    /// Index into `Library::indicators` and the row's ordinal within its plan.
    pub indicators: Vec<(usize, usize)>,
}

pub fn group_by_plan(lib: &Library) -> BTreeMap<&str, PlanItems> {
    let mut plans: HashMap<&str, PlanItems> = HashMap::with_capacity(lib.documents.len());
    for (i, d) in lib.documents.iter().enumerate() {
        plans.entry(d.id.as_str()).or_default().document = Some(i);
    }
    // Items come grouped by plan; remembering the last plan skips most lookups.
    fn plan<'a, 'm>(plans: &'m mut HashMap<&'a str, PlanItems>, id: &'a str) -> &'m mut PlanItems {
        plans.entry(id).or_default()
    }
    let mut run: Option<(&str, Vec<usize>)> = None;
    for (i, t) in lib.tasks.iter().enumerate() {
        match &mut run {
            Some((id, v)) if *id == t.document => v.push(i),
            _ => {
                if let Some((id, v)) = run.take() {
                    plan(&mut plans, id).tasks.extend(v);
                }
                run = Some((t.document.as_str(), vec![i]));
            }
        }
    }
    if let Some((id, v)) = run.take() {
        plan(&mut plans, id).tasks.extend(v);
    }
    for (i, c) in lib.columns.iter().enumerate() {
        plan(&mut plans, c.document.as_str()).columns.push(i);
    }
    for (i, ind) in lib.indicators.iter().enumerate() {
        let p = plan(&mut plans, ind.document.as_str());
        let ordinal = p.indicators.len();
        p.indicators.push((i, ordinal));
    }
    plans.into_iter().collect()
}

/// Key hash → item for every item of the library.
pub fn item_map(lib: &Library) -> HashMap<u64, ItemRef> {
    let mut map =
        HashMap::with_capacity(lib.tasks.len() + lib.columns.len() * 4 + lib.indicators.len());
    for (i, t) in lib.tasks.iter().enumerate() {
        map.insert(KeyHash::task(t), ItemRef::Task(i));
    }
    for (i, c) in lib.columns.iter().enumerate() {
        for k in 0..column_len(c) {
            map.insert(KeyHash::column(c, k), ItemRef::ColumnItem(i, k));
        }
    }
    let mut ordinals: HashMap<&str, usize> = HashMap::new();
    for (i, ind) in lib.indicators.iter().enumerate() {
        let n = ordinals.entry(ind.document.as_str()).or_default();
        map.insert(KeyHash::indicator(&ind.document, *n), ItemRef::Indicator(i));
        *n += 1;
    }
    map
}

/// What decides a plan's index documents, hashed: its text (the document's content hash)
/// and title, the place of each item (a task's id and span, a column's id and item count,
/// the indicator rows), and the directory names and aliases of the units it names. The
/// extraction code itself is covered by the schema key (crate version). Cheap enough to
/// compute for every plan each time an index is opened.
pub fn plan_fingerprint(
    lib: &Library,
    doc_id: &str,
    items: &PlanItems,
    units: &UnitLookup<'_>,
) -> String {
    let mut buf: Vec<u8> = Vec::with_capacity(64 * (items.tasks.len() + 4));
    let mut put = |b: &[u8]| {
        buf.extend_from_slice(&(b.len() as u32).to_le_bytes());
        buf.extend_from_slice(b);
    };
    put(doc_id.as_bytes());
    if let Some(d) = items.document.and_then(|i| lib.documents.get(i)) {
        put(d.hash.as_bytes());
        put(d.title.as_bytes());
    }
    let mut names: Vec<&str> = Vec::new();
    for &i in &items.tasks {
        let t = &lib.tasks[i];
        put(t.id.as_bytes());
        put(&(t.span[0] as u64).to_le_bytes());
        put(&(t.span[1] as u64).to_le_bytes());
        put(&(t.text.len() as u64).to_le_bytes());
        for u in &t.units {
            put(u.name.as_bytes());
            put(u.role.as_str().as_bytes());
            names.push(&u.name);
        }
    }
    names.sort_unstable();
    names.dedup();
    for n in names {
        if let Some(e) = units.entry(n) {
            put(e.name.as_bytes());
            for a in &e.aliases {
                put(a.as_bytes());
            }
        }
    }
    for &i in &items.columns {
        let c = &lib.columns[i];
        put(c.id.as_bytes());
        put(&(c.span[0] as u64).to_le_bytes());
        put(&(column_len(c) as u64).to_le_bytes());
    }
    for &(i, _) in &items.indicators {
        put(indicator_text(&lib.indicators[i]).as_bytes());
    }
    blake3::hash(&buf).to_hex().to_string()
}

/// The index documents of one plan. Every text is folded here, once, and the analyzers
/// of all its fields work on the folded form (see [`super::analysis`]).
pub fn plan_documents(
    lib: &Library,
    doc_id: &str,
    items: &PlanItems,
    units: &UnitLookup<'_>,
    f: &Fields,
) -> Vec<TantivyDocument> {
    let mut out = Vec::with_capacity(items.tasks.len() + items.columns.len() * 4);
    // A section's tasks share one path: its headings are folded once.
    let mut folded_path: Option<(&crate::model::Path, Vec<String>)> = None;
    for &i in &items.tasks {
        let t = &lib.tasks[i];
        let mut d = TantivyDocument::new();
        d.add_text(f.key, task_key(t));
        d.add_u64(f.key_hash, KeyHash::task(t));
        d.add_text(f.doc, doc_id);
        let title = fold(&t.title);
        let text = fold(&t.text);
        d.add_text(f.title, &title);
        let path = match &folded_path {
            Some((p, folded)) if std::sync::Arc::ptr_eq(p, &t.path) => folded,
            _ => {
                let folded = t.path.iter().map(|p| fold(p)).collect();
                &folded_path.insert((&t.path, folded)).1
            }
        };
        for p in path {
            d.add_text(f.path, p);
        }
        if !text.contains(title.as_str()) {
            d.add_text(f.ngram, &title);
        }
        d.add_text(f.ngram, &text);
        d.add_text(f.text, text);
        for name in unit_names(t, units) {
            d.add_text(f.units, name);
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
        let title = fold(&c.title);
        let path: Vec<String> = c.path.iter().map(|p| fold(p)).collect();
        for (k, text) in column_texts(c).iter().enumerate() {
            let text = fold(text);
            let mut d = TantivyDocument::new();
            d.add_text(f.key, column_key(c, k));
            d.add_u64(f.key_hash, KeyHash::column(c, k));
            d.add_text(f.doc, doc_id);
            d.add_text(f.title, &title);
            for p in &path {
                d.add_text(f.path, p);
            }
            d.add_text(f.ngram, &title);
            d.add_text(f.ngram, &text);
            d.add_text(f.text, text);
            out.push(d);
        }
    }
    for &(i, ordinal) in &items.indicators {
        let ind = &lib.indicators[i];
        let mut d = TantivyDocument::new();
        d.add_text(f.key, indicator_key(doc_id, ordinal));
        d.add_u64(f.key_hash, KeyHash::indicator(doc_id, ordinal));
        d.add_text(f.doc, doc_id);
        d.add_text(f.title, fold(&ind.name));
        d.add_text(f.path, fold(&ind.category));
        let line = fold(&indicator_text(ind));
        d.add_text(f.ngram, &line);
        d.add_text(f.text, line);
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
