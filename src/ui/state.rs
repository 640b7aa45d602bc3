//! The window's persisted state: what the user was looking at (query, filters,
//! selection, view, panel widths, light or dark). It is plain data saved through
//! eframe's storage on exit and every 30 s; runtime handles (the library, the index,
//! channels, dialogs) live in the app, never here, so a state saved by an older build
//! or against another library still loads (`#[serde(default)]`, unknown ids ignored).

use serde::{Deserialize, Serialize};

use crate::analysis::deadline::Deadline;
use crate::model::{Role, SmolStr};

/// Key of [`UiState`] in eframe's storage.
pub const STORAGE_KEY: &str = "planscope-ui-state";

/// Which tasks the centre list shows, besides the search text. Every field narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// A plan (document id).
    pub document: Option<String>,
    /// Headings of a section of that plan, outermost first; empty = the whole plan.
    pub section: Vec<SmolStr>,
    /// A unit of the directory (its `UnitEntry::name`).
    pub unit: Option<String>,
    /// Lead or cooperate; with a unit, its role in the task, else any unit's role.
    pub role: Option<Role>,
    /// A target year stated in the task.
    pub year: Option<i32>,
    /// An engineering column (its id): the tasks of its section.
    pub column: Option<String>,
    /// The deadline status of the task (see [`super::tags::task_deadline`]).
    pub deadline: Option<Deadline>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

/// What the centre shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CentreView {
    /// The task list: search results or a plan's, a section's, a unit's, a column's tasks.
    #[default]
    List,
    /// A plan's original text, scrolled to the selected task.
    Reader { document: String },
    /// One engineering column: items, projects, tasks.
    Column { id: String },
    /// The indicator table of a plan.
    Indicators { document: String },
    /// Every target about one indicator across the plans, as a timeline and a table.
    Lineage { query: String },
}

/// The tabs of the left panel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeftTab {
    #[default]
    Plans,
    Units,
    Columns,
    Indicators,
}

impl LeftTab {
    pub const ALL: [LeftTab; 4] = [
        LeftTab::Plans,
        LeftTab::Units,
        LeftTab::Columns,
        LeftTab::Indicators,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LeftTab::Plans => "规划",
            LeftTab::Units => "单位",
            LeftTab::Columns => "专栏",
            LeftTab::Indicators => "指标",
        }
    }
}

/// Sort order of the unit directory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitSort {
    Name,
    /// Most lead tasks first.
    #[default]
    Lead,
    /// Most cooperate tasks first.
    Cooperate,
    /// Most tasks led or supported first.
    Load,
}

/// File format of an export, as the user picked it last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    #[default]
    Xlsx,
    Csv,
    Json,
    /// The 分工方案 as a Word document.
    Docx,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Xlsx,
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Docx,
    ];

    /// The export module's format: the window only adds labels and a remembered choice.
    pub fn format(self) -> crate::export::Format {
        match self {
            ExportFormat::Xlsx => crate::export::Format::Xlsx,
            ExportFormat::Csv => crate::export::Format::Csv,
            ExportFormat::Json => crate::export::Format::Json,
            ExportFormat::Docx => crate::export::Format::Docx,
        }
    }

    pub fn extension(self) -> &'static str {
        self.format().extension()
    }

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "Excel 表格 (.xlsx)",
            ExportFormat::Csv => "CSV (.csv, UTF-8 BOM)",
            ExportFormat::Json => "JSON (.json)",
            ExportFormat::Docx => "Word 分工方案 (.docx)",
        }
    }

    /// The format a file name asks for, if its extension is one of ours.
    pub fn from_path(path: &std::path::Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ExportFormat::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// Everything about the window that survives a restart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    pub query: String,
    pub filters: Filters,
    /// The selected task id.
    pub selected: Option<String>,
    pub view: CentreView,
    pub left_tab: LeftTab,
    /// Text typed into the unit directory's filter box.
    pub unit_filter: String,
    pub unit_sort: UnitSort,
    pub dark: bool,
    pub left_width: f32,
    pub right_width: f32,
    pub export_format: ExportFormat,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            query: String::new(),
            filters: Filters::default(),
            selected: None,
            view: CentreView::List,
            left_tab: LeftTab::Plans,
            unit_filter: String::new(),
            unit_sort: UnitSort::Lead,
            dark: false,
            left_width: 270.0,
            right_width: 340.0,
            export_format: ExportFormat::Xlsx,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_survives_a_round_trip_and_tolerates_missing_fields() {
        let mut state = UiState {
            query: "5G基站".into(),
            ..UiState::default()
        };
        state.filters.unit = Some("省通信管理局".into());
        state.filters.role = Some(Role::Lead);
        state.view = CentreView::Reader {
            document: "000".into(),
        };
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(serde_json::from_str::<UiState>(&json).unwrap(), state);
        let partial: UiState = serde_json::from_str(r#"{"query":"数据"}"#).unwrap();
        assert_eq!(partial.query, "数据");
        assert_eq!(partial.right_width, UiState::default().right_width);
    }

    #[test]
    fn export_format_follows_the_file_extension() {
        let p = std::path::Path::new("清单.XLSX");
        assert_eq!(ExportFormat::from_path(p), Some(ExportFormat::Xlsx));
        assert_eq!(ExportFormat::from_path(std::path::Path::new("a.txt")), None);
    }
}
