//! The top bar: the app's name, import and export, and the theme switch.

use egui::{RichText, Ui};

use super::app::PlanScopeApp;
use super::command::Command;

pub fn show(ui: &mut Ui, app: &mut PlanScopeApp) {
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("PlanScope").strong().size(17.0));
        ui.label(RichText::new("规划任务浏览").weak());
        ui.separator();
        Command::Import.button(ui, &mut app.commands);
        Command::Export.button(ui, &mut app.commands);
        ui.separator();
        Command::ClearFilters.button(ui, &mut app.commands);
        ui.separator();
        let open = super::lineage_view::is_open(&app.state.view);
        if ui
            .selectable_label(open, "目标脉络")
            .on_hover_text(Command::ShowLineage(String::new()).tooltip())
            .clicked()
        {
            let query = match &app.state.view {
                super::state::CentreView::Lineage { query } => query.clone(),
                _ => super::lineage_view::DEFAULT_QUERY.to_owned(),
            };
            app.commands.push(Command::ShowLineage(query));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let label = if app.state.dark {
                "浅色界面"
            } else {
                "深色界面"
            };
            if ui
                .button(label)
                .on_hover_text(Command::ToggleTheme.hover_text(ui.ctx()))
                .clicked()
            {
                app.commands.push(Command::ToggleTheme);
            }
        });
    });
    ui.add_space(2.0);
}
