//! A unit's workload above its task list: tasks led and supported per plan, as a bar
//! chart (牵头 and 配合 side by side) and a small table.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Plot};

use crate::analysis::workload::{PlanLoad, workload};

use super::app::PlanScopeApp;
use super::text;

/// Label of the chart, for screen readers and tests.
pub const CHART_LABEL: &str = "任务负荷图";

const LEAD_COLOR: egui::Color32 = egui::Color32::from_rgb(0x1f, 0x6f, 0xb4);
const COOPERATE_COLOR: egui::Color32 = egui::Color32::from_rgb(0xe8, 0x8a, 0x2c);

pub fn show(ui: &mut Ui, app: &PlanScopeApp, unit: &str) {
    let Some(entry) = app.lib.find_unit(unit) else {
        return;
    };
    let loads = workload(&app.lib, entry);
    if loads.is_empty() {
        return;
    }
    let names: Vec<String> = loads
        .iter()
        .map(|l| text::short_plan_title(&app.lib, &l.document))
        .collect();
    let height = 180.0;
    ui.horizontal(|ui| {
        let table_width = 300.0_f32.min(ui.available_width() * 0.45);
        let chart_width = (ui.available_width() - table_width - 12.0).max(200.0);
        ui.allocate_ui(egui::vec2(chart_width, height), |ui| {
            chart(ui, &loads, &names, egui::vec2(chart_width, height));
        });
        ui.allocate_ui(egui::vec2(table_width, height), |ui| {
            ui.vertical(|ui| table(ui, &loads, &names));
        });
    });
    ui.separator();
}

fn chart(ui: &mut Ui, loads: &[PlanLoad], names: &[String], size: egui::Vec2) {
    let bars = |offset: f64, count: fn(&PlanLoad) -> usize| -> Vec<Bar> {
        loads
            .iter()
            .zip(names)
            .enumerate()
            .map(|(i, (load, name))| {
                Bar::new(i as f64 + offset, count(load) as f64)
                    .width(0.36)
                    .name(name)
            })
            .collect()
    };
    let lead = BarChart::new("牵头任务", bars(-0.19, |l| l.lead)).color(LEAD_COLOR);
    let cooperate = BarChart::new("配合任务", bars(0.19, |l| l.cooperate)).color(COOPERATE_COLOR);
    // Plans are numbered under the bars; the table beside the chart names them.
    let labels: Vec<String> = (1..=names.len()).map(|i| i.to_string()).collect();
    let most = loads
        .iter()
        .map(|l| l.lead.max(l.cooperate))
        .max()
        .unwrap_or(1);
    let step = count_step(most);
    let response = Plot::new("workload-chart")
        .width(size.x)
        .height(size.y)
        .y_axis_label("任务数")
        .x_axis_label("规划（编号见右表）")
        .x_axis_formatter(move |mark, _| {
            // Plan names only under the bars' integer positions.
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            labels.get(i as usize).cloned().unwrap_or_default()
        })
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        // Whole-number steps, about four of them, each labelled: the default spacing
        // leaves a short chart with a label at 0 only.
        .y_grid_spacer(egui_plot::uniform_grid_spacer(move |_| [step, step, step]))
        .include_y(0.0)
        // A little headroom above the tallest bar.
        .include_y(most as f64 * 1.15)
        .include_x(-0.6)
        .include_x(loads.len() as f64 - 0.4)
        .show(ui, |plot| {
            plot.bar_chart(lead);
            plot.bar_chart(cooperate);
        });
    response
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Figure, true, CHART_LABEL));
}

/// A step of 1, 2 or 5 times a power of ten that splits `0..=most` into at most four.
fn count_step(most: usize) -> f64 {
    let mut base = 1.0;
    loop {
        for factor in [1.0, 2.0, 5.0] {
            let step = base * factor;
            if most as f64 / step <= 4.0 {
                return step;
            }
        }
        base *= 10.0;
    }
}

fn table(ui: &mut Ui, loads: &[PlanLoad], names: &[String]) {
    TableBuilder::new(ui)
        .id_salt("workload-table")
        .striped(true)
        .auto_shrink([false, true])
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::exact(62.0))
        .column(Column::exact(62.0))
        .header(20.0, |mut header| {
            // The table's header is the chart's legend: the two counts in the bars' colours.
            header.col(|ui| {
                ui.label(RichText::new("规划").strong());
            });
            for (title, color) in [("牵头数", LEAD_COLOR), ("配合数", COOPERATE_COLOR)] {
                header.col(|ui| {
                    ui.label(RichText::new(format!("■{title}")).strong().color(color));
                });
            }
        })
        .body(|mut body| {
            for (i, (load, name)) in loads.iter().zip(names).enumerate() {
                body.row(20.0, |mut row| {
                    row.col(|ui| {
                        ui.add(egui::Label::new(format!("{}. {name}", i + 1)).truncate())
                            .on_hover_text(load.title.as_str());
                    });
                    row.col(|ui| {
                        ui.label(load.lead.to_string());
                    });
                    row.col(|ui| {
                        ui.label(load.cooperate.to_string());
                    });
                });
            }
        });
}

#[cfg(test)]
mod tests {
    use super::count_step;

    #[test]
    fn steps_split_the_range_in_at_most_four() {
        assert_eq!(count_step(0), 1.0);
        assert_eq!(count_step(4), 1.0);
        assert_eq!(count_step(7), 2.0);
        assert_eq!(count_step(20), 5.0);
        assert_eq!(count_step(51), 20.0);
        assert_eq!(count_step(1000), 500.0);
    }
}
