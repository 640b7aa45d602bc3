//! The lineage view in the centre: every target about one indicator across the plans
//! (tasks, plan-level goals and indicator tables), as a timeline chart — year against
//! value on a common scale, one series per measure — and as a table whose rows select
//! their task.

use std::collections::BTreeMap;
use std::sync::Arc;

use egui::{Label, RichText, Sense, TextEdit, TextStyle, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Legend, MarkerShape, Plot, PlotPoint, PlotPoints, Points, Text};

use crate::analysis::deadline::{Deadline, current_year};
use crate::analysis::lineage::{Lineage, common_value};

use super::app::PlanScopeApp;
use super::command::Command;
use super::state::CentreView;
use super::{tags, text};
use crate::model::SmolStr;

/// The indicator the view opens on.
pub const DEFAULT_QUERY: &str = "5G基站";

/// Label of the chart, for screen readers and tests.
pub const CHART_LABEL: &str = "目标时间线图";
/// Label of the table heading.
pub const TABLE_LABEL: &str = "目标明细表";

pub fn show(ui: &mut Ui, app: &mut PlanScopeApp, query: &str) {
    let mut typed = query.to_owned();
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        let label = ui.label(RichText::new("目标脉络").strong());
        let response = ui
            .add(
                TextEdit::singleline(&mut typed)
                    .hint_text("指标，如 5G基站、充电桩")
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
        if response.changed() {
            app.commands.push(Command::ShowLineage(typed.clone()));
        }
        let pick_label = ui.label("常用指标：");
        let names: Vec<String> = app.synonyms.names().map(str::to_owned).collect();
        let picks = egui::ComboBox::from_id_salt("lineage-picks")
            .selected_text(if names.iter().any(|n| n == query) {
                query
            } else {
                "选择…"
            })
            .width(150.0)
            .height(420.0)
            .show_ui(ui, |ui| {
                for name in names {
                    if ui.selectable_label(name == query, name.as_str()).clicked() {
                        app.commands.push(Command::ShowLineage(name));
                    }
                }
            });
        picks.response.labelled_by(pick_label.id);
    });
    ui.separator();
    let lineage = app.lineage(query);
    if lineage.targets.is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(format!("没有找到关于“{query}”的目标")).weak());
        });
        return;
    }
    let plans: std::collections::BTreeSet<&str> = lineage
        .targets
        .iter()
        .map(|t| t.document.as_str())
        .collect();
    ui.label(
        RichText::new(format!(
            "指标：{} · {} 个目标 · 来自 {} 份规划",
            lineage.indicator,
            lineage.targets.len(),
            plans.len()
        ))
        .strong(),
    );
    let chart_height = (ui.available_height() * 0.45).clamp(160.0, 300.0);
    chart(ui, app, &lineage, chart_height);
    ui.add_space(6.0);
    ui.label(RichText::new(TABLE_LABEL).strong());
    table(ui, app, &lineage);
}

/// One chart series: the points of one measure, scaled for reading.
struct Series {
    name: String,
    points: Vec<([f64; 2], String)>,
}

/// Groups the targets with a year and a number by measure; values of 万 and more
/// are shown in 万 so the axis stays readable.
fn series(app: &PlanScopeApp, lineage: &Lineage) -> Vec<Series> {
    let mut by_unit: BTreeMap<String, Vec<([f64; 2], String)>> = BTreeMap::new();
    for t in &lineage.targets {
        let (Some(year), Some((value, unit))) = (t.year, common_value(&t.value, &t.unit)) else {
            continue;
        };
        let plan = text::short_plan_title(&app.lib, &t.document);
        by_unit
            .entry(unit)
            .or_default()
            .push(([f64::from(year), value], plan));
    }
    by_unit
        .into_iter()
        .map(|(unit, mut points)| {
            let big = points.iter().all(|(p, _)| p[1] >= 1e4);
            let name = if big {
                for (p, _) in &mut points {
                    p[1] /= 1e4;
                }
                format!("万{unit}")
            } else if unit.is_empty() {
                "数值".to_owned()
            } else {
                unit
            };
            points.sort_by(|a, b| a.0[0].total_cmp(&b.0[0]));
            Series { name, points }
        })
        .collect()
}

fn chart(ui: &mut Ui, app: &PlanScopeApp, lineage: &Lineage, height: f32) {
    let series = series(app, lineage);
    if series.is_empty() {
        ui.label(RichText::new("这些目标没有可比的年份和数值，无法绘图").weak());
        return;
    }
    let years = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(p, _)| p[0]));
    let first_year = years.clone().fold(f64::INFINITY, f64::min);
    let last_year = years.fold(f64::NEG_INFINITY, f64::max);
    let response = Plot::new("lineage-chart")
        .height(height)
        .legend(Legend::default())
        .x_axis_label("年份")
        .y_axis_label(
            series
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(" / "),
        )
        .x_axis_formatter(|mark, _| format!("{:.0}", mark.value))
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_y(0.0)
        // Half a year of margin, so the first and last points are not on the frame.
        .include_x(first_year - 0.5)
        .include_x(last_year + 0.5)
        .show(ui, |plot| {
            for s in &series {
                let xy: Vec<[f64; 2]> = s.points.iter().map(|(p, _)| *p).collect();
                plot.points(
                    Points::new(s.name.clone(), PlotPoints::from(xy))
                        .radius(4.0)
                        .shape(MarkerShape::Circle),
                );
                for (p, plan) in &s.points {
                    // Labels point inwards, so those of the last years stay inside.
                    let (dx, anchor) = if p[0] > (first_year + last_year) / 2.0 {
                        (-0.06, egui::Align2::RIGHT_CENTER)
                    } else {
                        (0.06, egui::Align2::LEFT_CENTER)
                    };
                    plot.text(
                        Text::new(
                            s.name.clone(),
                            PlotPoint::new(p[0] + dx, p[1]),
                            RichText::new(format!("{plan} {}", trim_number(p[1]))).small(),
                        )
                        .anchor(anchor),
                    );
                }
            }
        });
    response
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Figure, true, CHART_LABEL));
}

/// A value without needless decimals.
fn trim_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn table(ui: &mut Ui, app: &mut PlanScopeApp, lineage: &Lineage) {
    let lib = Arc::clone(&app.lib);
    let this_year = current_year();
    let w = (ui.available_width() - 40.0).max(560.0);
    let row_height = ui.text_style_height(&TextStyle::Body) + 8.0;
    let selected = app.state.selected.clone();
    let mut clicked = None;
    TableBuilder::new(ui)
        .id_salt("lineage-table")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .auto_shrink(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(w * 0.15).at_least(60.0).clip(true))
        .column(Column::initial(48.0).at_least(40.0))
        .column(Column::initial(52.0).at_least(40.0).clip(true))
        .column(Column::initial(44.0).at_least(36.0).clip(true))
        .column(Column::initial(40.0).at_least(36.0).clip(true))
        .column(Column::initial(84.0).at_least(76.0))
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::initial(w * 0.13).at_least(60.0).clip(true))
        .header(22.0, |mut header| {
            for title in [
                "规划",
                "年份",
                "数值",
                "单位",
                "比较",
                "时限",
                "条文",
                "牵头单位",
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, lineage.targets.len(), |mut row| {
                let Some(t) = lineage.targets.get(row.index()) else {
                    return;
                };
                row.set_selected(t.task.is_some() && t.task.as_deref() == selected.as_deref());
                let cell = |ui: &mut Ui, s: &str| {
                    ui.add(Label::new(s).truncate().selectable(false));
                };
                row.col(|ui| {
                    let plan = text::short_plan_title(&lib, &t.document);
                    ui.add(Label::new(plan).truncate().selectable(false))
                        .on_hover_text(lib.document(&t.document).map_or("", |d| d.title.as_str()));
                });
                row.col(|ui| cell(ui, &t.year.map_or("—".to_owned(), |y| y.to_string())));
                row.col(|ui| cell(ui, &t.value));
                row.col(|ui| cell(ui, &t.unit));
                row.col(|ui| cell(ui, t.comparator.as_deref().unwrap_or("")));
                row.col(|ui| {
                    tags::deadline_tag(ui, Deadline::of(t.year, this_year));
                });
                row.col(|ui| {
                    let source = match t.source.as_str() {
                        "table" => "〔指标表〕",
                        "goal" => "〔总体目标〕",
                        _ => "",
                    };
                    ui.add(
                        Label::new(format!("{source}{}", t.text))
                            .truncate()
                            .selectable(false),
                    )
                    .on_hover_text(t.text.as_str());
                });
                row.col(|ui| {
                    let lead = t.lead_units.join("、");
                    if lead.is_empty() {
                        ui.add(Label::new(RichText::new("—").weak()).selectable(false));
                    } else {
                        ui.add(Label::new(lead.as_str()).truncate().selectable(false))
                            .on_hover_text(lead);
                    }
                });
                if row.response().clicked() {
                    clicked = t.task.as_ref().map(SmolStr::to_string);
                }
            });
        });
    if let Some(id) = clicked {
        app.commands.push(Command::SelectTask(id));
    }
}

/// Whether the centre shows the lineage view (for the toolbar button's state).
pub fn is_open(view: &CentreView) -> bool {
    matches!(view, CentreView::Lineage { .. })
}
