//! The task list: a table of the tasks the search and the filters select — plan,
//! section, number, title, highlighted snippet, lead units. Click selects, double
//! click (or Enter) opens the task in the reader.

use egui::{Label, RichText, Sense, TextStyle, Ui};
use egui_extras::{Column, TableBuilder};

use crate::model::{Role, SmolStr};

use super::app::PlanScopeApp;
use super::command::Command;
use super::text;

pub fn show(ui: &mut Ui, app: &mut PlanScopeApp) {
    heading(ui, app);
    if let Some(unit) = app.state.filters.unit.clone() {
        super::workload_view::show(ui, app, &unit);
    }
    if app.listing.rows.is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("没有符合条件的任务").weak());
            if !app.state.filters.is_empty() || !app.state.query.is_empty() {
                Command::ClearFilters.button(ui, &mut app.commands);
            }
        });
        return;
    }
    table(ui, app);
}

/// One line saying what the list is and how long it is.
fn heading(ui: &mut Ui, app: &mut PlanScopeApp) {
    let lib = &app.lib;
    let f = &app.state.filters;
    let mut what = Vec::new();
    if !app.state.query.trim().is_empty() {
        what.push(format!("搜索“{}”", app.state.query.trim()));
    }
    if let Some(unit) = &f.unit {
        let role = f
            .role
            .map_or(String::new(), |r| format!("（{}）", r.label()));
        what.push(format!("{unit}{role}的任务"));
    } else if let Some(role) = f.role {
        what.push(format!("有{}单位的任务", role.label()));
    }
    if let Some(doc) = &f.document {
        let mut s = text::short_plan_title(lib, doc);
        if let Some(last) = f.section.last() {
            s.push_str(" › ");
            s.push_str(last);
        }
        what.push(s);
    }
    if let Some(year) = f.year {
        what.push(format!("目标年份 {year}"));
    }
    if what.is_empty() {
        what.push("全部任务".to_owned());
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new(what.join(" · ")).strong());
        ui.label(format!("共 {} 项", app.listing.rows.len()));
        if let Some(unit) = f.unit.as_deref().and_then(|u| lib.find_unit(u)) {
            ui.label(
                RichText::new(format!(
                    "牵头 {} · 配合 {}",
                    unit.count(Role::Lead),
                    unit.count(Role::Cooperate)
                ))
                .weak(),
            );
        }
        if let Some(note) = &app.listing.note {
            ui.label(RichText::new(note).weak().small());
        }
    });
}

fn table(ui: &mut Ui, app: &mut PlanScopeApp) {
    let lib = std::sync::Arc::clone(&app.lib);
    let derived = std::sync::Arc::clone(&app.derived);
    let this_year = crate::analysis::deadline::current_year();
    let body_height = ui.text_style_height(&TextStyle::Body);
    let row_height = body_height * 2.0 + 8.0;
    let selected_row = app
        .state
        .selected
        .as_ref()
        .and_then(|id| app.listing.rows.iter().position(|r| r.task == *id));
    // First-run widths share what the centre has; the user can drag them after.
    let w = (ui.available_width() - 60.0).max(480.0);
    let mut builder = TableBuilder::new(ui)
        .id_salt("results")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .auto_shrink(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(w * 0.11).at_least(50.0).clip(true))
        .column(Column::initial(w * 0.12).at_least(50.0).clip(true))
        .column(Column::initial(30.0).at_least(26.0).clip(true))
        .column(Column::initial(w * 0.2).at_least(90.0).clip(true))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::initial(w * 0.13).at_least(60.0).clip(true))
        .column(Column::initial(84.0).at_least(76.0));
    if app.row_scroll {
        app.row_scroll = false;
        if let Some(row) = selected_row {
            builder = builder.scroll_to_row(row, None);
        }
    }
    let mut clicked = None;
    let mut opened = None;
    builder
        .header(24.0, |mut header| {
            for title in ["规划", "章节", "序号", "任务", "摘要", "牵头单位", "时限"]
            {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, app.listing.rows.len(), |mut row| {
                let Some(r) = app.listing.rows.get(row.index()) else {
                    return;
                };
                let Some(task) = derived.task(&lib, &r.task) else {
                    return;
                };
                row.set_selected(selected_row == Some(row.index()));
                row.col(|ui| {
                    let title = text::short_plan_title(&lib, &task.document);
                    let font = TextStyle::Small.resolve(ui.style());
                    let weak = ui.visuals().weak_text_color();
                    ui.add(
                        Label::new(text::clipped(&title, 2, font, weak))
                            .wrap()
                            .selectable(false),
                    )
                    .on_hover_text(
                        lib.document(&task.document)
                            .map_or("", |d| d.title.as_str()),
                    );
                });
                row.col(|ui| {
                    let section = task.path.last().map_or("", SmolStr::as_str);
                    let font = TextStyle::Small.resolve(ui.style());
                    let weak = ui.visuals().weak_text_color();
                    ui.add(
                        Label::new(text::clipped(section, 2, font, weak))
                            .wrap()
                            .selectable(false),
                    )
                    .on_hover_text(text::path_label(&task.path));
                });
                row.col(|ui| {
                    ui.add(Label::new(task.number.as_str()).selectable(false));
                });
                row.col(|ui| {
                    let font = TextStyle::Body.resolve(ui.style());
                    let color = ui.visuals().strong_text_color();
                    ui.add(
                        Label::new(text::clipped(&task.title, 2, font, color))
                            .wrap()
                            .selectable(false),
                    );
                });
                row.col(|ui| {
                    // A table row's cells are apart by tabs: shown as ｜, one character
                    // for one, so the highlights stay in place; the cut before the first
                    // cell left out.
                    let lead = r
                        .snippet
                        .chars()
                        .take_while(|c| *c == '\t' || c.is_whitespace())
                        .count();
                    let snippet: String = r
                        .snippet
                        .chars()
                        .skip(lead)
                        .map(|c| if c == '\t' { '｜' } else { c })
                        .collect();
                    let highlights: Vec<(usize, usize)> = r
                        .highlights
                        .iter()
                        .map(|&(a, b)| (a.saturating_sub(lead), b.saturating_sub(lead)))
                        .collect();
                    let job = text::highlighted(ui, &snippet, &highlights, 2);
                    ui.add(Label::new(job).wrap().selectable(false));
                });
                row.col(|ui| {
                    let lead = text::units_with_role(task, Role::Lead);
                    let font = TextStyle::Small.resolve(ui.style());
                    let color = ui.visuals().text_color();
                    if lead.is_empty() {
                        ui.add(Label::new(RichText::new("未明确").weak()).selectable(false))
                            .on_hover_text(text::NO_UNITS);
                    } else {
                        ui.add(
                            Label::new(text::clipped(&lead, 2, font, color))
                                .wrap()
                                .selectable(false),
                        )
                        .on_hover_text(lead.as_str());
                    }
                });
                row.col(|ui| {
                    super::tags::deadline_tag(ui, super::tags::task_deadline(task, this_year));
                });
                let response = row.response();
                if response.clicked() {
                    clicked = Some(task.id.to_string());
                }
                if response.double_clicked() {
                    opened = Some(task.id.to_string());
                }
            });
        });
    if let Some(id) = clicked {
        app.commands.push(Command::SelectTask(id));
    }
    if let Some(id) = opened {
        app.commands.push(Command::SelectTask(id));
        app.commands.push(Command::OpenInReader);
    }
}
