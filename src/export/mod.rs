//! Model → files: the task ledger as CSV (UTF-8 with BOM, so Excel and WPS open it
//! as Chinese) or XLSX (frozen bold header, wrapped text, sensible widths), and the
//! JSON of the data model. No dialogs here: callers pass a path or a writer.

pub mod docx;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::analysis::deadline::{Deadline, task_year};
use crate::model::{Library, Role, Task};
use crate::{Error, Result};

/// The file formats PlanScope writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
    Xlsx,
    /// The 分工方案 as a Word document.
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
        }
    }

    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// The ledger columns (任务清单 / 分工表), in order.
pub const LEDGER_HEADER: [&str; 11] = [
    "序号",
    "任务",
    "牵头单位",
    "配合单位",
    "目标",
    "完成时限",
    "来源文件",
    "章节",
    "任务内容",
    "任务编号",
    "时限状态",
];

/// What every task list shows of a task, whatever the format.
pub(crate) struct TaskCells {
    /// Lead units joined with 、, or 未明确 when the plan names no unit.
    pub lead: String,
    pub cooperate: String,
    /// The targets as printed, joined with ；.
    pub targets: String,
    /// The year the task is due: its 完成时限's year, else its latest target year.
    pub deadline: Option<i32>,
    /// The 完成时限 column: the task's deadline as printed, else its latest target year
    /// ("2025年"), else empty.
    pub deadline_text: String,
}

pub(crate) fn task_cells(t: &Task) -> TaskCells {
    let units = |role: Role| t.unit_names(role).collect::<Vec<_>>().join("、");
    TaskCells {
        lead: if t.units.is_empty() {
            "未明确".to_string()
        } else {
            units(Role::Lead)
        },
        cooperate: units(Role::Cooperate),
        targets: t
            .targets
            .iter()
            .map(|x| x.text.as_str())
            .collect::<Vec<_>>()
            .join("；"),
        deadline: task_year(t),
        deadline_text: match &t.deadline {
            Some(d) => d.clone(),
            None => t
                .targets
                .iter()
                .filter_map(|x| x.year)
                .max()
                .map(|y| format!("{y}年"))
                .unwrap_or_default(),
        },
    }
}

/// One ledger row per task, in the order given.
pub fn ledger_rows(lib: &Library, task_ids: &[String]) -> Vec<[String; 11]> {
    let this_year = crate::analysis::deadline::current_year();
    task_ids
        .iter()
        .filter_map(|id| lib.task(id))
        .enumerate()
        .map(|(i, t)| {
            let c = task_cells(t);
            let doc = lib
                .document(&t.document)
                .map(|d| d.title.clone())
                .unwrap_or_else(|| t.document.to_string());
            [
                (i + 1).to_string(),
                format!("{}. {}", t.number, t.title),
                c.lead,
                c.cooperate,
                c.targets,
                c.deadline_text,
                doc,
                t.path.join(" › "),
                t.text.clone(),
                t.id.to_string(),
                Deadline::of(c.deadline, this_year).label().to_string(),
            ]
        })
        .collect()
}

/// The part of the library that concerns these tasks: their documents, the columns
/// linked to them, those documents' indicator rows, and the units restricted to them.
/// With every task id it is the whole library.
pub fn subset(lib: &Library, task_ids: &[String]) -> Library {
    // Looked up by id once each: a large library has hundreds of thousands of tasks and
    // unit mentions to check against the list.
    let by_id: HashMap<&str, &Task> = lib.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    let wanted: HashSet<&str> = task_ids.iter().map(String::as_str).collect();
    let tasks: Vec<Task> = task_ids
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .cloned()
        .collect();
    let docs: Vec<&str> = {
        let mut d: Vec<&str> = tasks.iter().map(|t| t.document.as_str()).collect();
        d.dedup();
        d
    };
    let all = tasks.len() == lib.tasks.len();
    let keep_doc = |id: &str| all || docs.contains(&id);
    let mut units = lib.units.clone();
    if !all {
        for u in &mut units {
            u.tasks.retain(|t| wanted.contains(t.task.as_str()));
        }
        units.retain(|u| !u.tasks.is_empty());
    }
    Library {
        documents: lib
            .documents
            .iter()
            .filter(|d| keep_doc(&d.id))
            .cloned()
            .collect(),
        columns: lib
            .columns
            .iter()
            .filter(|c| all || c.tasks.iter().any(|t| wanted.contains(t.as_str())))
            .cloned()
            .collect(),
        indicators: lib
            .indicators
            .iter()
            .filter(|i| keep_doc(&i.document))
            .cloned()
            .collect(),
        units,
        tasks,
    }
}

/// JSON of the data model (PRODUCT.md's shape) for these tasks.
pub fn to_json(lib: &Library, task_ids: &[String]) -> Result<String> {
    serde_json::to_string_pretty(&subset(lib, task_ids)).map_err(|e| Error::Export(e.to_string()))
}

/// CSV with a UTF-8 BOM.
pub fn write_csv_to(lib: &Library, task_ids: &[String], out: impl Write) -> Result<()> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())
        .map_err(|e| Error::Export(e.to_string()))?;
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| Error::Export(e.to_string());
    w.write_record(LEDGER_HEADER).map_err(err)?;
    for row in ledger_rows(lib, task_ids) {
        w.write_record(&row).map_err(err)?;
    }
    w.flush().map_err(|e| Error::Export(e.to_string()))
}

/// XLSX bytes of the ledger.
pub fn xlsx_bytes(lib: &Library, task_ids: &[String]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Color, Format as XFormat, FormatAlign, FormatBorder, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| Error::Export(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("任务清单").map_err(err)?;
    let head = XFormat::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDE6F0))
        .set_border(FormatBorder::Thin);
    let cell = XFormat::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let widths = [
        6.0, 30.0, 24.0, 24.0, 40.0, 10.0, 28.0, 28.0, 60.0, 26.0, 12.0,
    ];
    for (c, (h, w)) in LEDGER_HEADER.iter().zip(widths).enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, *h, &head).map_err(err)?;
        ws.set_column_width(c, w).map_err(err)?;
    }
    for (r, row) in ledger_rows(lib, task_ids).iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, v, &cell)
                .map_err(err)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    let last = ledger_rows(lib, task_ids).len() as u32;
    ws.autofilter(0, 0, last, LEDGER_HEADER.len() as u16 - 1)
        .map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

/// Writes the tasks in `format` to `path`, atomically (a temporary file renamed into
/// place), so a failed export never leaves half a file.
pub fn write(lib: &Library, task_ids: &[String], format: Format, path: &Path) -> Result<()> {
    write_titled(lib, task_ids, format, path, "重点任务分工方案")
}

/// [`write`] with the title a .docx 分工方案 carries (ignored by other formats).
pub fn write_titled(
    lib: &Library,
    task_ids: &[String],
    format: Format,
    path: &Path,
    title: &str,
) -> Result<()> {
    let bytes = match format {
        Format::Docx => docx::docx_bytes(lib, task_ids, title)?,
        Format::Json => to_json(lib, task_ids)?.into_bytes(),
        Format::Csv => {
            let mut v = Vec::new();
            write_csv_to(lib, task_ids, &mut v)?;
            v
        }
        Format::Xlsx => xlsx_bytes(lib, task_ids)?,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.planscope-tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("export")
    ));
    let io = |e: std::io::Error| Error::io(path, e);
    std::fs::write(&tmp, &bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}
