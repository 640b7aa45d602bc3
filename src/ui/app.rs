//! The application: runtime state around the persisted [`UiState`], the frame loop
//! (`logic` drains the indexer's events, reads shortcuts and refreshes the list; `ui`
//! lays out the panels outer-first), and the one place where commands change state.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use egui::{CentralPanel, Panel};

use crate::analysis::lineage::{Lineage, Synonyms};
use crate::index::SearchIndex;
use crate::model::{Library, Path, SmolStr};
use crate::worker::{Event, Job, Source, Worker};

use super::command::Command;
use super::dialogs::{self, ExportDialog, ImportDialog};
use super::listing::{self, Derived, Listing};
use super::reader::ReaderLines;
use super::state::{CentreView, Filters, STORAGE_KEY, UiState};
use super::{centre, library_panel, status_bar, task_panel, theme, toolbar};

/// A task id and whether the index was ready: what the related tasks depend on.
type RelatedKey = (SmolStr, bool);

/// How long typing must pause before the list follows the search box.
const DEBOUNCE_SECONDS: f64 = 0.18;

/// The state of the search index, for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexStatus {
    /// Waiting for the library.
    Waiting,
    Building {
        done: usize,
        total: usize,
    },
    Ready {
        seconds: f64,
        summary: String,
    },
    Failed(String),
}

/// The last action's result, shown in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The PlanScope window.
pub struct PlanScopeApp {
    pub(crate) state: UiState,
    pub(crate) lib: Arc<Library>,
    pub(crate) derived: Arc<Derived>,
    /// False until the worker has loaded the library.
    pub(crate) library_ready: bool,
    pub(crate) index: Option<Arc<SearchIndex>>,
    pub(crate) index_status: IndexStatus,
    worker: Option<Worker>,
    source: Source,
    pub(crate) listing: Listing,
    listing_dirty: bool,
    /// When the debounced search is due, in egui's input time.
    search_due: Option<f64>,
    pub(crate) message: Option<Message>,
    pub(crate) export: Option<ExportDialog>,
    pub(crate) import: Option<ImportDialog>,
    pub(crate) export_dir: PathBuf,
    /// Whether to try the system file dialogs (tests type paths instead).
    pub(crate) native_dialogs: bool,
    /// One-shot requests for the next frame.
    pub(crate) reader_scroll: bool,
    pub(crate) row_scroll: bool,
    pub(crate) focus_search: bool,
    pub(crate) commands: Vec<Command>,
    /// A plan and section the library panel should open to show (the selected task's).
    pub(crate) reveal: Option<(String, Path)>,
    /// The reader's lines of the document it shows.
    pub(crate) reader_lines: Option<Arc<ReaderLines>>,
    /// Related tasks of the selected task, with what they were computed for.
    related: Option<(RelatedKey, Vec<(String, String)>)>,
    /// The indicator synonym table, loaded once when the window opens.
    pub(crate) synonyms: Arc<Synonyms>,
    /// The lineage on screen, with the query it was computed for.
    lineage: Option<(String, Arc<Lineage>)>,
    theme_applied: bool,
    /// Start time and the milestones logged so far (first frame, library, index).
    started: Option<(Instant, [bool; 3])>,
}

impl PlanScopeApp {
    /// The window on a library source, with the state saved by the last run.
    pub fn new(cc: &eframe::CreationContext<'_>, source: Source, started: Instant) -> Self {
        let state: UiState = cc
            .storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default();
        let mut app = PlanScopeApp::empty(state, default_export_dir(), true, source.clone());
        app.started = Some((started, [false; 3]));
        let ctx = cc.egui_ctx.clone();
        match Worker::spawn(move || ctx.request_repaint()) {
            Ok(worker) => {
                if worker.send(Job::Load(source)).is_err() {
                    app.fail("无法启动后台线程");
                }
                app.worker = Some(worker);
            }
            Err(e) => app.fail(&e.to_string()),
        }
        app
    }

    /// The window on a library that is already loaded, for tests: `index` is used as
    /// is (`None`: search falls back to plain matching), exports are offered under
    /// `export_dir`, and no system dialog is opened.
    pub fn new_for_test(library: Library, index: Option<SearchIndex>, export_dir: PathBuf) -> Self {
        let mut app = PlanScopeApp::empty(UiState::default(), export_dir, false, Source::Bundled);
        app.set_library(Arc::new(library));
        match index {
            Some(index) => {
                app.index = Some(Arc::new(index));
                app.index_status = IndexStatus::Ready {
                    seconds: 0.0,
                    summary: "内存索引".into(),
                };
            }
            None => app.index_status = IndexStatus::Failed("没有索引".into()),
        }
        app.refresh_listing();
        app
    }

    fn empty(state: UiState, export_dir: PathBuf, native_dialogs: bool, source: Source) -> Self {
        let mut warnings = Vec::new();
        let synonyms = Arc::new(crate::loader::synonyms(&mut warnings));
        let message = (!warnings.is_empty()).then(|| Message {
            text: warnings.join("；"),
            error: true,
        });
        PlanScopeApp {
            state,
            lib: Arc::new(Library::default()),
            derived: Arc::new(Derived::default()),
            library_ready: false,
            index: None,
            index_status: IndexStatus::Waiting,
            worker: None,
            source,
            listing: Listing::default(),
            listing_dirty: true,
            search_due: None,
            message,
            export: None,
            import: None,
            export_dir,
            native_dialogs,
            reader_scroll: true,
            row_scroll: true,
            focus_search: false,
            commands: Vec::new(),
            reader_lines: None,
            reveal: None,
            related: None,
            synonyms,
            lineage: None,
            theme_applied: false,
            started: None,
        }
    }

    /// The task ids of the list on screen, in order.
    pub fn listed_tasks(&self) -> Vec<String> {
        self.listing.task_ids()
    }

    /// The highlighted words of each row's snippet, in list order.
    pub fn listed_highlights(&self) -> Vec<Vec<String>> {
        self.listing
            .rows
            .iter()
            .map(|row| {
                let chars: Vec<char> = row.snippet.chars().collect();
                row.highlights
                    .iter()
                    .map(|&(a, b)| {
                        chars[a.min(chars.len())..b.min(chars.len())]
                            .iter()
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    /// The note under the list heading (e.g. that the index is still being built).
    pub fn listing_note(&self) -> Option<&str> {
        self.listing.note.as_deref()
    }

    /// The selected task id.
    pub fn selected_task(&self) -> Option<&str> {
        self.state.selected.as_deref()
    }

    /// The persisted state (for tests and the save hook).
    pub fn ui_state(&self) -> &UiState {
        &self.state
    }

    /// Whether the search index is ready.
    pub fn index_ready(&self) -> bool {
        self.index.is_some()
    }

    pub(crate) fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub(crate) fn fail(&mut self, text: &str) {
        self.message = Some(Message {
            text: text.to_owned(),
            error: true,
        });
    }

    pub(crate) fn set_library(&mut self, lib: Arc<Library>) {
        self.derived = Arc::new(Derived::new(&lib));
        self.lib = lib;
        self.library_ready = true;
        self.index = None;
        // Forget what no longer exists (a state saved against another library).
        let lib = Arc::clone(&self.lib);
        if let Some(id) = &self.state.selected
            && self.derived.task(&lib, id).is_none()
        {
            self.state.selected = None;
        }
        let f = &mut self.state.filters;
        if f.document
            .as_ref()
            .is_some_and(|d| lib.document(d).is_none())
        {
            *f = Filters::default();
        }
        if f.unit.as_ref().is_some_and(|u| lib.find_unit(u).is_none()) {
            f.unit = None;
        }
        if f.column.as_ref().is_some_and(|c| lib.column(c).is_none()) {
            f.column = None;
        }
        let view_gone = match &self.state.view {
            CentreView::List => false,
            CentreView::Reader { document } | CentreView::Indicators { document } => {
                lib.document(document).is_none()
            }
            CentreView::Column { id } => lib.column(id).is_none(),
            CentreView::Lineage { .. } => false,
        };
        self.lineage = None;
        if view_gone {
            self.state.view = CentreView::List;
        }
        self.listing_dirty = true;
    }

    /// Marks the list for a refresh after the typing pause.
    pub(crate) fn query_changed(&mut self, now: f64) {
        self.listing_dirty = true;
        self.search_due = Some(now + DEBOUNCE_SECONDS);
    }

    /// Marks the list for a refresh at the next frame.
    pub(crate) fn filters_changed(&mut self) {
        self.listing_dirty = true;
        self.search_due = None;
    }

    pub(crate) fn refresh_listing(&mut self) {
        self.listing = listing::list(
            &self.lib,
            &self.derived,
            self.index.as_deref(),
            &self.state.query,
            &self.state.filters,
        );
        self.listing_dirty = false;
        self.search_due = None;
        self.row_scroll = true;
    }

    fn drain_events(&mut self) {
        let Some(worker) = &self.worker else { return };
        let mut events = Vec::new();
        while let Some(event) = worker.try_recv() {
            events.push(event);
        }
        for event in events {
            match event {
                Event::Loaded { library, warnings } => {
                    self.set_library(library);
                    if !warnings.is_empty() {
                        self.fail(&format!(
                            "{} 个文件未能读取：{}",
                            warnings.len(),
                            warnings.join("；")
                        ));
                    }
                }
                Event::LoadFailed(e) => {
                    self.library_ready = true;
                    self.fail(&format!("文库载入失败：{e}"));
                }
                Event::Progress { done, total } => {
                    self.index_status = IndexStatus::Building { done, total };
                }
                Event::IndexReady {
                    index,
                    seconds,
                    summary,
                } => {
                    self.index = Some(index);
                    self.index_status = IndexStatus::Ready { seconds, summary };
                    self.listing_dirty = true;
                }
                Event::IndexFailed(e) => {
                    self.index_status = IndexStatus::Failed(e.clone());
                    self.fail(&format!("索引建立失败，搜索改用逐字匹配：{e}"));
                }
                Event::Imported(results) => {
                    let text = dialogs::import_summary(&results);
                    let error = results.iter().any(|(_, r)| r.is_err());
                    self.message = Some(Message { text, error });
                    // The dialog (opened again for a drop that failed) lists every file.
                    if error || self.import.is_some() {
                        let dialog = self
                            .import
                            .get_or_insert_with(dialogs::ImportDialog::default);
                        dialog.busy = false;
                        dialog.report = Some(dialogs::import_report(&results));
                    }
                }
            }
        }
    }

    /// Sends an import job; true if the worker took it.
    pub(crate) fn start_import(&mut self, paths: Vec<PathBuf>) -> bool {
        if paths.is_empty() {
            return false;
        }
        if self.source != Source::UserLibrary {
            self.say("提示：导入的规划加入用户文库；当前窗口显示的是指定目录，重新打开（不带 --corpus）即可看到");
        }
        let Some(worker) = &self.worker else {
            self.fail("后台线程不可用，无法导入");
            return false;
        };
        let count = paths.len();
        match worker.send(Job::Import(paths)) {
            Ok(()) => {
                self.index_status = IndexStatus::Building { done: 0, total: 0 };
                self.say(format!("正在导入 {count} 个文件…"));
                if let Some(dialog) = &mut self.import {
                    dialog.busy = true;
                    dialog.report = None;
                }
                true
            }
            Err(_) => {
                self.fail("后台正忙，请稍后再试");
                false
            }
        }
    }

    fn read_shortcuts(&mut self, ctx: &egui::Context) {
        if self.export.is_some() || self.import.is_some() {
            return; // the dialog owns the keyboard
        }
        let search_focused = ctx.memory(|m| m.focused()) == Some(centre::search_box_id());
        let other_focused = ctx.memory(|m| m.focused()).is_some() && !search_focused;
        for command in Command::WITH_SHORTCUTS {
            let Some(shortcut) = command.shortcut() else {
                continue;
            };
            // Plain keys belong to a focused text field other than the search box.
            let plain = shortcut.modifiers.is_none();
            if plain && other_focused {
                continue;
            }
            if command == Command::Back && search_focused && self.state.view == CentreView::List {
                // Esc in the search box just leaves it.
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.commands.push(command);
            }
        }
    }

    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.start_import(dropped);
        }
    }

    /// Applies the commands the frame's widgets and shortcuts pushed.
    fn apply_commands(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        if commands.is_empty() {
            return;
        }
        for command in commands {
            self.apply(ctx, command);
        }
        // Show the result of the commands at once.
        ctx.request_repaint();
    }

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::FocusSearch => {
                // Focus now, not next frame: typing that follows at once lands in the box.
                ctx.memory_mut(|m| m.request_focus(centre::search_box_id()));
                self.focus_search = true;
                self.state.view = CentreView::List;
            }
            Command::NextResult => self.step_selection(1),
            Command::PrevResult => self.step_selection(-1),
            Command::OpenInReader => {
                if self.selected().is_none()
                    && let Some(first) = self.listing.rows.first()
                {
                    self.state.selected = Some(first.task.clone());
                }
                if let Some(task) = self.selected().map(|t| t.document.to_string()) {
                    self.state.view = CentreView::Reader { document: task };
                    self.reader_scroll = true;
                }
            }
            Command::Back => {
                if self.state.view != CentreView::List {
                    self.state.view = CentreView::List;
                    self.row_scroll = true;
                } else {
                    ctx.memory_mut(|m| m.surrender_focus(centre::search_box_id()));
                }
            }
            Command::Export => dialogs::open_export(self, ctx),
            Command::Import => dialogs::open_import(self, ctx),
            Command::ToggleTheme => {
                self.state.dark = !self.state.dark;
                theme::apply(ctx, self.state.dark);
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::SelectTask(id) => self.apply_selection(id),
            Command::ShowUnit(name) => {
                let name = self
                    .lib
                    .find_unit(&name)
                    .map_or(name, |entry| entry.name.clone());
                self.state.query.clear();
                self.state.filters = Filters {
                    unit: Some(name),
                    ..Filters::default()
                };
                self.state.view = CentreView::List;
                self.filters_changed();
            }
            Command::ShowSection { document, section } => {
                self.state.query.clear();
                self.state.filters = Filters {
                    document: Some(document),
                    section,
                    ..Filters::default()
                };
                self.state.view = CentreView::List;
                self.filters_changed();
            }
            Command::ShowColumn(id) => self.state.view = CentreView::Column { id },
            Command::ShowIndicators(document) => {
                self.state.view = CentreView::Indicators { document };
            }
            Command::ShowDocument(document) => {
                self.reader_scroll = true;
                self.state.view = CentreView::Reader { document };
            }
            Command::ShowLineage(query) => self.state.view = CentreView::Lineage { query },
            Command::ClearFilters => {
                self.state.query.clear();
                self.state.filters = Filters::default();
                self.state.view = CentreView::List;
                self.filters_changed();
            }
        }
    }

    /// Up to five tasks of other plans most related to this one.
    pub(crate) fn related_tasks(&mut self, task: &crate::model::Task) -> Vec<(String, String)> {
        let key = (task.id.clone(), self.index.is_some());
        if let Some((k, related)) = &self.related
            && *k == key
        {
            return related.clone();
        }
        // Same indicator, shared key terms and shared units (see `analysis::related`).
        let related = crate::analysis::related::related(&self.lib, &task.id, 5)
            .into_iter()
            .filter_map(|r| self.derived.task(&self.lib, &r.task))
            .map(|t| {
                let plan = super::text::short_plan_title(&self.lib, &t.document);
                (
                    t.id.to_string(),
                    format!("{}：{}. {}", plan, t.number, t.title),
                )
            })
            .collect::<Vec<_>>();
        self.related = Some((key, related.clone()));
        related
    }

    /// The lineage of an indicator, computed once per query and library.
    pub(crate) fn lineage(&mut self, query: &str) -> Arc<Lineage> {
        if let Some((q, lineage)) = &self.lineage
            && q == query
        {
            return Arc::clone(lineage);
        }
        let lineage = Arc::new(crate::analysis::lineage::lineage(
            &self.lib,
            &self.synonyms,
            query,
        ));
        self.lineage = Some((query.to_owned(), Arc::clone(&lineage)));
        lineage
    }

    /// The tasks behind an indicator's targets, in the lineage's order (for export).
    pub(crate) fn lineage_tasks(&self, query: &str) -> Vec<String> {
        crate::analysis::lineage::lineage(&self.lib, &self.synonyms, query)
            .targets
            .into_iter()
            .filter_map(|t| t.task.map(String::from))
            .collect()
    }

    pub(crate) fn selected(&self) -> Option<&crate::model::Task> {
        let id = self.state.selected.as_deref()?;
        self.derived.task(&self.lib, id)
    }

    fn step_selection(&mut self, step: isize) {
        let rows = &self.listing.rows;
        if rows.is_empty() {
            return;
        }
        let current = self
            .state
            .selected
            .as_ref()
            .and_then(|id| rows.iter().position(|r| r.task == *id));
        let next = match current {
            None if step > 0 => 0,
            None => rows.len() - 1,
            Some(i) => i.saturating_add_signed(step).min(rows.len() - 1),
        };
        let id = rows[next].task.clone();
        self.row_scroll = true;
        self.apply_selection(id);
    }

    fn apply_selection(&mut self, id: String) {
        if let Some(task) = self.derived.task(&self.lib, &id) {
            self.reveal = Some((task.document.to_string(), task.path.clone()));
        }
        if let CentreView::Reader { document } = &mut self.state.view
            && let Some(task) = self.derived.task(&self.lib, &id)
        {
            *document = task.document.to_string();
            self.reader_scroll = true;
        }
        self.state.selected = Some(id);
    }
}

impl PlanScopeApp {
    /// With `PLANSCOPE_TIMING=1`, prints when the first frame, the first frame with the
    /// library and the first frame with a ready index were drawn, counted from start.
    fn log_milestones(&mut self) {
        let Some((started, logged)) = &mut self.started else {
            return;
        };
        let reached = [true, self.library_ready, self.index.is_some()];
        let names = ["first frame", "library on screen", "index ready"];
        for ((reached, logged), name) in reached.into_iter().zip(logged.iter_mut()).zip(names) {
            if reached && !*logged {
                *logged = true;
                if std::env::var_os("PLANSCOPE_TIMING").is_some() {
                    eprintln!(
                        "planscope timing: {name} after {:.0} ms",
                        started.elapsed().as_secs_f64() * 1000.0
                    );
                }
            }
        }
        if logged.iter().all(|l| *l) {
            self.started = None;
        }
    }
}

impl eframe::App for PlanScopeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if !self.theme_applied {
            self.theme_applied = true;
            theme::apply(ctx, self.state.dark);
        }
        self.drain_events();
        dialogs::poll(self);
        self.take_dropped_files(ctx);
        self.read_shortcuts(ctx);
        // Shortcuts act before this frame's widgets, so the frame already shows them.
        self.apply_commands(ctx);
        if self.listing_dirty {
            let now = ctx.input(|i| i.time);
            match self.search_due {
                Some(due) if due > now => {
                    ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
                }
                _ => self.refresh_listing(),
            }
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        Panel::top("toolbar").show(ui, |ui| toolbar::show(ui, self));
        Panel::bottom("status").show(ui, |ui| status_bar::show(ui, self));
        let left = Panel::left("library")
            .default_size(self.state.left_width)
            .size_range(220.0..=560.0)
            .show(ui, |ui| library_panel::show(ui, self));
        self.state.left_width = left.response.rect.width();
        let right = Panel::right("task")
            .default_size(self.state.right_width)
            .size_range(260.0..=640.0)
            .show(ui, |ui| task_panel::show(ui, self));
        self.state.right_width = right.response.rect.width();
        CentralPanel::default().show(ui, |ui| centre::show(ui, self));
        dialogs::show(ui, self);
        dialogs::drop_overlay(ui);
        let ctx = ui.ctx().clone();
        self.apply_commands(&ctx);
        self.log_milestones();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.state);
    }
}

/// Where exports go by default: the user's documents folder, else the home folder.
fn default_export_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| {
            d.document_dir()
                .map(PathBuf::from)
                .or_else(|| Some(d.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}
