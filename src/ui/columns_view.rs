//! The centre views of an engineering column (its items, named projects and the
//! tasks of its section) and of a plan's indicator table.

use std::sync::Arc;

use egui::{Label, RichText, ScrollArea, Ui};
use egui_extras::{Column, TableBuilder};

use super::app::PlanScopeApp;
use super::command::Command;
use super::text;

pub fn show_column(ui: &mut Ui, app: &mut PlanScopeApp, id: &str) {
    let lib = Arc::clone(&app.lib);
    let derived = Arc::clone(&app.derived);
    let Some(column) = lib.column(id) else {
        ui.label("这个专栏已不在文库中。");
        return;
    };
    ui.horizontal(|ui| {
        Command::Back.button(ui, &mut app.commands);
        ui.heading(format!("专栏{} {}", column.number, column.title));
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .link(text::short_plan_title(&lib, &column.document))
            .on_hover_text("阅读规划原文")
            .clicked()
        {
            app.commands
                .push(Command::ShowDocument(column.document.to_string()));
        }
        if !column.path.is_empty() {
            ui.label(RichText::new(text::path_label(&column.path)).weak());
        }
    });
    ui.separator();
    ScrollArea::vertical()
        .id_salt(("column", id))
        .auto_shrink(false)
        .show(ui, |ui| {
            if !column.items.is_empty() {
                ui.label(RichText::new("内容").strong());
                for item in &column.items {
                    ui.add(Label::new(item.as_str()).wrap());
                    ui.add_space(2.0);
                }
                ui.add_space(8.0);
            }
            if !column.projects.is_empty() {
                ui.label(RichText::new(format!("项目（{} 项）", column.projects.len())).strong());
                ui.horizontal_wrapped(|ui| {
                    // A project name stays on one line; the row breaks between names.
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                    for project in &column.projects {
                        ui.label(
                            RichText::new(project).background_color(ui.visuals().faint_bg_color),
                        );
                    }
                });
                ui.add_space(8.0);
            }
            let tasks: Vec<_> = column
                .tasks
                .iter()
                .filter_map(|t| derived.task(&lib, t))
                .collect();
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("相关任务（{} 项）", tasks.len())).strong());
                if !tasks.is_empty() && ui.button("在列表中查看").clicked() {
                    app.state.filters = super::state::Filters {
                        column: Some(column.id.to_string()),
                        ..Default::default()
                    };
                    app.state.query.clear();
                    app.state.view = super::state::CentreView::List;
                    app.filters_changed();
                }
            });
            for task in tasks {
                let selected = app.state.selected.as_deref() == Some(task.id.as_str());
                if ui
                    .selectable_label(selected, format!("{}. {}", task.number, task.title))
                    .clicked()
                {
                    app.commands.push(Command::SelectTask(task.id.to_string()));
                }
            }
        });
}

pub fn show_indicators(ui: &mut Ui, app: &mut PlanScopeApp, document: &str) {
    let lib = Arc::clone(&app.lib);
    let Some(doc) = lib.document(document) else {
        ui.label("这个规划已不在文库中。");
        return;
    };
    ui.horizontal(|ui| {
        Command::Back.button(ui, &mut app.commands);
        ui.heading(format!(
            "主要指标 · {}",
            text::short_plan_title(&lib, document)
        ));
    });
    let rows: Vec<_> = lib.indicators_of(&doc.id).collect();
    if rows.is_empty() {
        ui.label("这个规划没有指标表。");
        return;
    }
    // The table's year columns: every year any row has, ascending.
    let mut years: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.values.keys().map(String::as_str))
        .collect();
    years.sort_unstable();
    years.dedup();
    ui.separator();
    // First-run widths share what the centre has; the user can drag them after.
    let w = (ui.available_width() - 40.0).max(400.0);
    let year_w = (w * 0.1).clamp(48.0, 80.0);
    let mut table = TableBuilder::new(ui)
        .id_salt(("indicators", document))
        .striped(true)
        .resizable(true)
        .auto_shrink(false)
        .column(Column::initial(w * 0.2).at_least(60.0).clip(true))
        .column(Column::initial(w * 0.3).at_least(100.0).clip(true))
        .column(Column::initial(w * 0.08).at_least(36.0).clip(true));
    for _ in &years {
        table = table.column(Column::initial(year_w).at_least(40.0).clip(true));
    }
    table
        .column(Column::remainder().at_least(60.0))
        .header(24.0, |mut header| {
            for title in ["类别", "指标", "单位"] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
            for year in &years {
                header.col(|ui| {
                    ui.label(RichText::new(format!("{year}年")).strong());
                });
            }
            header.col(|ui| {
                ui.label(RichText::new("属性").strong());
            });
        })
        .body(|body| {
            body.rows(24.0, rows.len(), |mut row| {
                let Some(ind) = rows.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    ui.add(Label::new(ind.category.as_str()).truncate())
                        .on_hover_text(ind.category.as_str());
                });
                row.col(|ui| {
                    ui.add(Label::new(ind.name.as_str()).truncate())
                        .on_hover_text(ind.name.as_str());
                });
                row.col(|ui| {
                    ui.add(Label::new(ind.unit.as_str()).truncate());
                });
                for year in &years {
                    row.col(|ui| {
                        let value = ind.values.get(*year).cloned().flatten();
                        ui.label(value.unwrap_or_else(|| "—".to_owned()));
                    });
                }
                row.col(|ui| {
                    ui.label(ind.attribute.as_deref().unwrap_or(""));
                });
            });
        });
}
