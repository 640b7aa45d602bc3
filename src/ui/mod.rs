//! The desktop window: the library on the left, search results or the reader in the
//! centre, the selected task's units, targets and columns on the right, a status bar
//! below. Built on eframe/egui; the only part of PlanScope that knows about them.
//!
//! The library is loaded and indexed by the `indexer` thread ([`crate::worker`]); the
//! window is drawn at once and fills in as events arrive. Nothing repaints while
//! nothing changes.

mod app;
mod centre;
mod columns_view;
mod command;
mod dialogs;
mod fonts;
mod library_panel;
mod lineage_view;
mod listing;
mod reader;
mod results;
mod state;
mod status_bar;
mod tags;
mod task_panel;
mod text;
mod theme;
mod toolbar;
mod workload_view;

use std::path::PathBuf;
use std::time::Instant;

pub use app::{IndexStatus, PlanScopeApp};
pub use command::Command;
pub use fonts::install_fonts;
pub use lineage_view::{CHART_LABEL as LINEAGE_CHART_LABEL, TABLE_LABEL as LINEAGE_TABLE_LABEL};
pub use state::{CentreView, ExportFormat, Filters, LeftTab, UiState};
pub use text::NO_UNITS;
pub use workload_view::CHART_LABEL as WORKLOAD_CHART_LABEL;

use crate::worker::Source;

/// Opens the window on the user library, or on the plans of `corpus` (read-only),
/// and returns when it is closed.
pub fn run(corpus: Option<PathBuf>) -> anyhow::Result<()> {
    let started = Instant::now();
    let source = match corpus {
        Some(dir) => Source::Corpus(dir),
        None => Source::UserLibrary,
    };
    let viewport = egui::ViewportBuilder::default()
        .with_title("PlanScope")
        .with_app_id("planscope")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([900.0, 560.0])
        .with_drag_and_drop(true);
    let options = eframe::NativeOptions {
        viewport,
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "PlanScope",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            Ok(Box::new(PlanScopeApp::new(cc, source, started)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not be opened: {e}"))
}
