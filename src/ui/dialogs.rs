//! Export and import: a small in-app dialog with a path field, and the system file
//! dialog opened beside it on its own thread. Where no system dialog can open (no
//! desktop portal, no helper program) the path field is the way, so the window never
//! hangs waiting for a dialog that will not come. Dropped files are imported directly.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};

use egui::{Id, Modal, RichText, ScrollArea, TextEdit, Ui};

use super::app::PlanScopeApp;
use super::state::{CentreView, ExportFormat};
use super::text;
use crate::model::SmolStr;

/// The export dialog while it is open.
#[derive(Default)]
pub struct ExportDialog {
    /// What is exported, for the title ("搜索“5G”的任务", …).
    pub what: String,
    pub tasks: Vec<String>,
    pub path: String,
    pub note: Option<String>,
    native: Option<Receiver<Option<PathBuf>>>,
    /// Put the keyboard in the path field on the first frame.
    focus: bool,
}

/// The import dialog while it is open.
#[derive(Default)]
pub struct ImportDialog {
    /// One path per line.
    pub paths: String,
    pub note: Option<String>,
    /// Waiting for the indexer to read the files.
    pub busy: bool,
    /// One line per file of the last import, and whether it failed.
    pub report: Option<Vec<(String, bool)>>,
    native: Option<Receiver<Option<Vec<PathBuf>>>>,
    focus: bool,
}

/// Whether a system file dialog has a chance to open: a desktop portal needs a
/// session bus, the fallback needs its helper program.
fn native_dialogs_possible() -> bool {
    if cfg!(not(target_os = "linux")) {
        return true;
    }
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() || program_on_path("zenity")
}

fn program_on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
}

/// The tasks of the list on screen, and a phrase naming that list.
fn tasks_on_screen(app: &PlanScopeApp) -> (String, Vec<String>) {
    let lib = &app.lib;
    match &app.state.view {
        CentreView::List => {
            let f = &app.state.filters;
            let mut what = Vec::new();
            if !app.state.query.trim().is_empty() {
                what.push(format!("搜索“{}”", app.state.query.trim()));
            }
            if let Some(unit) = &f.unit {
                what.push(unit.clone());
            }
            if let Some(doc) = &f.document {
                what.push(text::short_plan_title(lib, doc));
            }
            if what.is_empty() {
                what.push("全部任务".into());
            }
            (what.join("·"), app.listing.task_ids())
        }
        CentreView::Reader { document } | CentreView::Indicators { document } => (
            text::short_plan_title(lib, document),
            lib.tasks
                .iter()
                .filter(|t| t.document == *document)
                .map(|t| t.id.to_string())
                .collect(),
        ),
        CentreView::Lineage { query } => {
            let mut seen = std::collections::HashSet::new();
            let tasks = app
                .lineage_tasks(query)
                .into_iter()
                .filter(|t| seen.insert(t.clone()))
                .collect();
            (format!("目标脉络·{query}"), tasks)
        }
        CentreView::Column { id } => match lib.column(id) {
            Some(c) => (
                format!("专栏{}{}", c.number, c.title),
                c.tasks.iter().map(SmolStr::to_string).collect(),
            ),
            None => (String::new(), Vec::new()),
        },
    }
}

/// A file name from the list's name: no characters file systems refuse.
fn file_stem(what: &str) -> String {
    let stem: String = what
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '“' | '”' => '_',
            c => c,
        })
        .take(40)
        .collect();
    format!("任务清单-{stem}")
}

pub fn open_export(app: &mut PlanScopeApp, ctx: &egui::Context) {
    let (what, tasks) = tasks_on_screen(app);
    if tasks.is_empty() {
        app.fail("当前列表没有任务，无需导出");
        return;
    }
    let format = app.state.export_format;
    let name = format!("{}.{}", file_stem(&what), format.extension());
    let path = app.export_dir.join(&name);
    let mut dialog = ExportDialog {
        what,
        tasks,
        path: path.display().to_string(),
        focus: true,
        ..ExportDialog::default()
    };
    if app.native_dialogs {
        if native_dialogs_possible() {
            let (tx, rx) = mpsc::channel();
            let ctx = ctx.clone();
            let dir = app.export_dir.clone();
            let spawned = std::thread::Builder::new()
                .name("save-dialog".into())
                .spawn(move || {
                    let picked = rfd::FileDialog::new()
                        .set_title("导出任务清单")
                        .set_directory(dir)
                        .set_file_name(name)
                        .add_filter("Excel 表格", &["xlsx"])
                        .add_filter("CSV", &["csv"])
                        .add_filter("JSON", &["json"])
                        .save_file();
                    // The dialog may have been closed meanwhile: then nobody listens.
                    let _ = tx.send(picked);
                    ctx.request_repaint();
                });
            if spawned.is_ok() {
                dialog.native = Some(rx);
                dialog.note = Some("已打开系统保存对话框；也可以直接在下面填写路径。".into());
            }
        } else {
            dialog.note = Some("系统文件对话框不可用，请直接填写保存路径。".into());
        }
    }
    app.export = Some(dialog);
}

pub fn open_import(app: &mut PlanScopeApp, ctx: &egui::Context) {
    let mut dialog = ImportDialog {
        focus: true,
        ..ImportDialog::default()
    };
    if app.native_dialogs {
        if native_dialogs_possible() {
            let (tx, rx) = mpsc::channel();
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("open-dialog".into())
                .spawn(move || {
                    let picked = rfd::FileDialog::new()
                        .set_title("导入规划")
                        .add_filter("规划文件", &crate::corpus::PLAN_EXTENSIONS)
                        .pick_files();
                    let _ = tx.send(picked);
                    ctx.request_repaint();
                });
            if spawned.is_ok() {
                dialog.native = Some(rx);
                dialog.note =
                    Some("已打开系统文件对话框；也可以在下面填写路径，或把文件拖进窗口。".into());
            }
        } else {
            dialog.note =
                Some("系统文件对话框不可用，请填写文件路径（每行一个），或把文件拖进窗口。".into());
        }
    }
    app.import = Some(dialog);
}

/// Picks up what the system dialogs answered.
pub fn poll(app: &mut PlanScopeApp) {
    let mut export_to = None;
    if let Some(dialog) = &mut app.export
        && let Some(rx) = &dialog.native
        && let Ok(picked) = rx.try_recv()
    {
        dialog.native = None;
        match picked {
            Some(path) => export_to = Some(path),
            None => {
                dialog.note =
                    Some("系统对话框已关闭，未选择文件。可以在下面填写路径后导出。".into());
            }
        }
    }
    if let Some(path) = export_to {
        export_now(app, &path);
    }
    let mut import = None;
    if let Some(dialog) = &mut app.import
        && let Some(rx) = &dialog.native
        && let Ok(picked) = rx.try_recv()
    {
        dialog.native = None;
        match picked {
            Some(paths) if !paths.is_empty() => import = Some(paths),
            _ => {
                dialog.note = Some(
                    "系统对话框已关闭，未选择文件。可以在下面填写路径，或把文件拖进窗口。".into(),
                );
            }
        }
    }
    if let Some(paths) = import {
        app.start_import(paths);
    }
}

/// Writes the export dialog's tasks to `path` in the format its extension names
/// (else the chosen one), and reports the result.
pub fn export_now(app: &mut PlanScopeApp, path: &Path) {
    let Some(dialog) = app.export.as_ref() else {
        return;
    };
    let format = ExportFormat::from_path(path).unwrap_or(app.state.export_format);
    let path = if ExportFormat::from_path(path).is_none() {
        path.with_extension(format.extension())
    } else {
        path.to_path_buf()
    };
    // A Word 分工方案 is titled after the list: "省科技厅的任务 · 重点任务分工方案".
    let title = format!("{} · 重点任务分工方案", dialog.what);
    let result =
        crate::export::write_titled(&app.lib, &dialog.tasks, format.format(), &path, &title);
    match result {
        Ok(()) => {
            let n = dialog.tasks.len();
            app.state.export_format = format;
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                app.export_dir = parent.to_path_buf();
            }
            app.say(format!("已导出 {n} 项任务到 {}", path.display()));
            app.export = None;
        }
        Err(e) => {
            let text = format!("导出失败：{e}");
            if let Some(dialog) = &mut app.export {
                dialog.note = Some(text.clone());
            }
            app.fail(&text);
        }
    }
}

/// One line per imported file: what became of it.
pub fn import_report(results: &[(PathBuf, Result<String, String>)]) -> Vec<(String, bool)> {
    results
        .iter()
        .map(|(path, r)| match r {
            Ok(id) => (format!("已导入：{}（{id}）", path.display()), false),
            Err(e) => (format!("未导入：{e}"), true),
        })
        .collect()
}

/// One line on what an import did.
pub fn import_summary(results: &[(PathBuf, Result<String, String>)]) -> String {
    let ok = results.iter().filter(|(_, r)| r.is_ok()).count();
    let failed: Vec<String> = results
        .iter()
        .filter_map(|(path, r)| {
            r.as_ref().err().map(|e| {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                format!("{name}：{e}")
            })
        })
        .collect();
    match (ok, failed.is_empty()) {
        (_, true) => format!("已导入 {ok} 个规划"),
        (0, false) => format!("未能导入：{}", failed.join("；")),
        (_, false) => format!("已导入 {ok} 个规划；未能导入：{}", failed.join("；")),
    }
}

pub fn show(ui: &mut Ui, app: &mut PlanScopeApp) {
    if app.export.is_some() {
        export_modal(ui, app);
    }
    if app.import.is_some() {
        import_modal(ui, app);
    }
}

fn export_modal(ui: &mut Ui, app: &mut PlanScopeApp) {
    let mut close = false;
    let mut export_to = None;
    let format_now = app.state.export_format;
    let response = Modal::new(Id::unique("export-dialog")).show(ui.ctx(), |ui| {
        let Some(dialog) = app.export.as_mut() else {
            return;
        };
        ui.set_width(520.0);
        ui.heading("导出任务清单");
        ui.label(format!("{}：共 {} 项任务", dialog.what, dialog.tasks.len()));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label("格式");
            for format in ExportFormat::ALL {
                if ui
                    .selectable_label(format_now == format, format.label())
                    .clicked()
                {
                    app.state.export_format = format;
                    dialog.path = PathBuf::from(&dialog.path)
                        .with_extension(format.extension())
                        .display()
                        .to_string();
                }
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("保存到");
            let field = ui
                .add(TextEdit::singleline(&mut dialog.path).desired_width(440.0))
                .labelled_by(label.id);
            if std::mem::take(&mut dialog.focus) {
                field.request_focus();
            }
        });
        if let Some(note) = &dialog.note {
            ui.label(RichText::new(note).small().weak());
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("导出").clicked() || enter {
                export_to = Some(PathBuf::from(dialog.path.trim()));
            }
            if ui.button("取消").clicked() {
                close = true;
            }
        });
    });
    if response.should_close() {
        close = true;
    }
    if let Some(path) = export_to {
        if path.as_os_str().is_empty() {
            if let Some(dialog) = &mut app.export {
                dialog.note = Some("请填写保存路径".into());
            }
        } else {
            export_now(app, &path);
        }
    } else if close {
        app.export = None;
    }
}

fn import_modal(ui: &mut Ui, app: &mut PlanScopeApp) {
    let mut close = false;
    let mut import = None;
    let response = Modal::new(Id::unique("import-dialog")).show(ui.ctx(), |ui| {
        let Some(dialog) = app.import.as_mut() else {
            return;
        };
        ui.set_width(520.0);
        ui.heading("导入规划");
        ui.label("支持 .txt / .md（UTF-8、GB18030、UTF-16）、.docx 和带文字层的 .pdf。");
        ui.add_space(6.0);
        let label = ui.label("文件路径（每行一个）");
        let field = ui
            .add(
                TextEdit::multiline(&mut dialog.paths)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut dialog.focus) {
            field.request_focus();
        }
        if let Some(note) = &dialog.note {
            ui.label(RichText::new(note).small().weak());
        }
        if dialog.busy {
            ui.label("正在读取文件并重建索引…");
        }
        if let Some(report) = &dialog.report {
            ui.add_space(4.0);
            ScrollArea::vertical().max_height(160.0).show(ui, |ui| {
                for (line, failed) in report {
                    let text = RichText::new(line.as_str());
                    let text = if *failed {
                        text.color(ui.visuals().warn_fg_color)
                    } else {
                        text
                    };
                    ui.add(egui::Label::new(text).wrap());
                }
            });
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!dialog.busy, egui::Button::new("导入"))
                .clicked()
            {
                let paths: Vec<PathBuf> = dialog
                    .paths
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(PathBuf::from)
                    .collect();
                if paths.is_empty() {
                    dialog.note = Some("请填写至少一个文件路径".into());
                } else {
                    import = Some(paths);
                }
            }
            let close_label = if dialog.report.is_some() {
                "关闭"
            } else {
                "取消"
            };
            if ui.button(close_label).clicked() {
                close = true;
            }
        });
    });
    if response.should_close() {
        close = true;
    }
    if let Some(paths) = import {
        app.start_import(paths);
    } else if close {
        app.import = None;
    }
}

/// A hint over the whole window while files are dragged over it.
pub fn drop_overlay(ui: &mut Ui) {
    let hovering = ui.input(|i| !i.raw.hovered_files.is_empty());
    if !hovering {
        return;
    }
    let rect = ui.ctx().content_rect();
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        Id::unique("drop-overlay"),
    ));
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(150));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "松开鼠标，把文件导入文库",
        egui::FontId::proportional(22.0),
        egui::Color32::WHITE,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_summary_names_each_refused_file() {
        let results = vec![
            (PathBuf::from("/a/好.txt"), Ok("005_x".to_owned())),
            (PathBuf::from("/a/坏.exe"), Err("不支持的格式".to_owned())),
        ];
        assert_eq!(
            import_summary(&results),
            "已导入 1 个规划；未能导入：坏.exe：不支持的格式"
        );
        assert_eq!(import_summary(&results[..1]), "已导入 1 个规划");
    }

    #[test]
    fn file_stems_avoid_reserved_characters() {
        assert_eq!(file_stem("搜索“5G/基站”"), "任务清单-搜索_5G_基站_");
    }
}
