//! The data model of a plan library: documents, tasks, units, targets, engineering
//! columns and indicator rows. This is exactly the shape `planscope export --format json`
//! prints (fields may be added, none renamed). It depends on nothing else in the crate.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
pub use smol_str::SmolStr;

/// Everything PlanScope knows about a library of plans, linked by ids.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Library {
    pub documents: Vec<Document>,
    pub tasks: Vec<Task>,
    pub columns: Vec<Column>,
    pub indicators: Vec<Indicator>,
    pub units: Vec<UnitEntry>,
}

/// One plan.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// The file stem, e.g. `000_8b95ee374a2f737e`.
    pub id: SmolStr,
    pub title: String,
    /// Where the text came from, as given to the loader (e.g. `corpus/000_….txt`).
    pub source: String,
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub date: Option<String>,
    pub period: Option<String>,
    /// Plan-level goals (targets stated under 总体要求 / 发展目标 / 行动目标 …).
    #[serde(default)]
    pub goals: Vec<Target>,
    /// Responsibility text of the plan that PlanScope could not read as units (each
    /// clause as printed): shown in the plan's report, never dropped silently.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_understood: Vec<String>,
    /// Where the reader finds the original text. Not part of the export.
    #[serde(skip)]
    pub text: PlanText,
    /// blake3 hex of `text`: keys the persisted search index.
    #[serde(skip)]
    pub hash: String,
}

/// Where a plan's original text is, for the reader: in memory, or in its file, read and
/// decoded again when the plan is opened (its `hash` tells whether the file still holds
/// the text the model was made from). Keeping only the place of a file's text lets a
/// library of thousands of plans hold no plan's text twice.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum PlanText {
    /// No text: a library read back from an export.
    #[default]
    Missing,
    /// Held in memory: plans with no file of their own (the bundled plans, text given
    /// directly).
    Held(Arc<str>),
    /// The file the text was decoded from.
    File(PathBuf),
}

/// Headings above an item, outermost first. The tasks of one section share one path, and
/// each heading is held once (a library of thousands of plans holds hundreds of thousands
/// of paths).
pub type Path = Arc<[SmolStr]>;

/// A numbered task of a plan's body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Task {
    pub id: SmolStr,
    pub document: SmolStr,
    /// Headings above the task as printed, outermost first (shared by the tasks of a
    /// section).
    pub path: Path,
    /// The printed number in half-width digits (`1`, `12`, or `一` for （一） items).
    pub number: SmolStr,
    /// The lead phrase, up to the first 。 or ".".
    pub title: String,
    /// The whole paragraph in original characters (line breaks of the source joined).
    pub text: String,
    pub units: Vec<UnitRole>,
    pub targets: Vec<Target>,
    /// The 完成时限 as printed ("2025年12月底", "6月底完成"), from a task table's column
    /// or a bracket; `None` when the plan gives none.
    #[serde(default)]
    pub deadline: Option<String>,
    /// Ids of the engineering columns linked to this task.
    pub columns: Vec<SmolStr>,
    /// Character range `[start, end)` of the task in `Document::text`.
    #[serde(default)]
    pub span: [usize; 2],
}

/// A unit named in a task's responsibility bracket, with its role there.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct UnitRole {
    pub name: SmolStr,
    pub role: Role,
    /// Added by a convention the plan stated once ("以下均需各区、县（市）政府落实，不再列出"),
    /// not printed with this task.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implied: bool,
}

/// Lead (责任单位, 牵头, 负责) or cooperate (配合, 协助, 参与).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Lead,
    Cooperate,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Cooperate => "cooperate",
        }
    }

    /// The Chinese label used in the UI and in exports.
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "牵头",
            Role::Cooperate => "配合",
        }
    }
}

/// A quantitative goal: value + measure word, with its deadline year when stated.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Target {
    pub year: Option<i32>,
    /// What is counted, e.g. `5G基站`.
    pub indicator: SmolStr,
    /// The number as printed, in half-width digits, e.g. `25` or `12.5`.
    pub value: SmolStr,
    /// The measure word, e.g. `万个`, `%`, `EFLOPS`; empty for a bare ratio such as PUE.
    pub unit: SmolStr,
    /// 达到 / 超过 / 突破 / 不低于 / 以上 / 左右 / 力争 …, when printed.
    pub comparator: Option<SmolStr>,
    /// The clause as printed.
    pub text: String,
}

/// An engineering column (工程专栏 / 专栏N).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Column {
    pub id: SmolStr,
    pub document: SmolStr,
    pub number: SmolStr,
    pub title: String,
    pub items: Vec<String>,
    pub projects: Vec<String>,
    /// Task ids of the section the column belongs to.
    pub tasks: Vec<SmolStr>,
    /// Headings above the column, outermost first.
    #[serde(default)]
    pub path: Path,
    /// Character range `[start, end)` of the column in `Document::text`.
    #[serde(default)]
    pub span: [usize; 2],
}

/// One row of an indicator table (主要指标).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Indicator {
    pub document: SmolStr,
    pub category: String,
    pub name: String,
    pub unit: String,
    /// Year → value as printed (`null` where the table has "/" or nothing).
    pub values: BTreeMap<String, Option<String>>,
    pub attribute: Option<String>,
}

/// A unit of the directory: every task it leads or supports, across all plans.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UnitEntry {
    pub name: String,
    pub aliases: Vec<String>,
    pub tasks: Vec<UnitTask>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct UnitTask {
    pub task: SmolStr,
    pub role: Role,
}

impl UnitRole {
    /// A unit printed with its task.
    pub fn new(name: impl Into<SmolStr>, role: Role) -> Self {
        UnitRole {
            name: name.into(),
            role,
            implied: false,
        }
    }
}

impl Task {
    /// The names of the task's units with one role, in bracket order.
    pub fn unit_names(&self, role: Role) -> impl Iterator<Item = &str> {
        self.units
            .iter()
            .filter(move |u| u.role == role)
            .map(|u| u.name.as_str())
    }
}

impl UnitEntry {
    pub fn count(&self, role: Role) -> usize {
        self.tasks.iter().filter(|t| t.role == role).count()
    }
}

/// Are two unit names the same, whitespace aside and brackets in either width? Compared
/// without allocating: the directory is searched on every frame that shows a unit.
fn same_unit_name(a: &str, b: &str) -> bool {
    fn key(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace()).map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
    }
    key(a).eq(key(b))
}

impl Library {
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    pub fn task(&self, id: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    pub fn column(&self, id: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// The engineering columns of one plan, in order.
    pub fn columns_of<'a>(&'a self, doc: &'a str) -> impl Iterator<Item = &'a Column> {
        self.columns.iter().filter(move |c| c.document == doc)
    }

    /// The indicator-table rows of one plan, in order.
    pub fn indicators_of<'a>(&'a self, doc: &'a str) -> impl Iterator<Item = &'a Indicator> {
        self.indicators.iter().filter(move |i| i.document == doc)
    }

    /// The directory entry for a unit name or any of its aliases (exact match after
    /// removing whitespace), e.g. `工信厅` → `省工业和信息化厅`.
    /// Brackets count the same in either width (各区县(市)政府 finds 各区县（市）政府).
    pub fn find_unit(&self, name: &str) -> Option<&UnitEntry> {
        self.units
            .iter()
            .find(|u| same_unit_name(&u.name, name))
            .or_else(|| {
                self.units
                    .iter()
                    .find(|u| u.aliases.iter().any(|a| same_unit_name(a, name)))
            })
    }
}
