//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use egui::Vec2;
use egui_kittest::Harness;
use planscope::index::SearchIndex;
use planscope::model::Library;
use planscope::ui::{PlanScopeApp, install_fonts};

/// The bundled corpus folder of the repository.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The real window at 1280×800 with the app's fonts, on `lib`, with `index` (or none yet:
/// the window then searches by characters), exporting under `dir`; one frame run.
pub fn window(
    lib: Library,
    index: Option<SearchIndex>,
    dir: &Path,
) -> Harness<'static, PlanScopeApp> {
    let app = PlanScopeApp::new_for_test(lib, index, dir.to_path_buf());
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_context_setup(install_fonts)
        .build_eframe(move |_cc| app);
    harness.run();
    harness
}
