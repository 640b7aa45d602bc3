//! Text helpers shared by the panels: highlighted snippets, clipped one- or two-line
//! cells, and the short names the narrow columns show.

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, FontId, TextStyle, Ui};

use crate::model::{Library, Role, SmolStr, Task};

/// The colour behind highlighted words (matches, the task in the reader).
pub fn highlight_bg(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(92, 74, 18)
    } else {
        Color32::from_rgb(255, 226, 130)
    }
}

/// `text` with the character ranges `highlights` on a highlight background.
/// `max_rows` > 0 clips the text to that many rows with an ellipsis.
pub fn highlighted(
    ui: &Ui,
    text: &str,
    highlights: &[(usize, usize)],
    max_rows: usize,
) -> LayoutJob {
    let font = TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let mark = TextFormat {
        font_id: font.clone(),
        color: ui.visuals().strong_text_color(),
        background: highlight_bg(ui),
        ..TextFormat::default()
    };
    let plain = TextFormat {
        font_id: font,
        color,
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    // Byte offset of every character boundary, so char ranges map to byte ranges.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let last = bounds.len() - 1;
    let mut ranges: Vec<(usize, usize)> = highlights
        .iter()
        .map(|&(a, b)| (a.min(last), b.min(last)))
        .filter(|(a, b)| a < b)
        .collect();
    ranges.sort_unstable();
    let mut at = 0;
    for (a, b) in ranges {
        let a = a.max(at);
        if a >= b {
            continue;
        }
        if at < a {
            job.append(&text[bounds[at]..bounds[a]], 0.0, plain.clone());
        }
        job.append(&text[bounds[a]..bounds[b]], 0.0, mark.clone());
        at = b;
    }
    if at < last {
        job.append(&text[bounds[at]..], 0.0, plain);
    }
    if max_rows > 0 {
        job.wrap = clip_rows(max_rows);
    }
    job
}

/// Wrapping that stops after `max_rows` rows and ends the last one with an ellipsis.
fn clip_rows(max_rows: usize) -> TextWrapping {
    TextWrapping {
        max_rows,
        break_anywhere: true,
        overflow_character: Some('…'),
        ..TextWrapping::default()
    }
}

/// Plain text clipped to `max_rows` rows with an ellipsis.
pub fn clipped(text: &str, max_rows: usize, font: FontId, color: Color32) -> LayoutJob {
    let mut job = LayoutJob::single_section(
        text.to_owned(),
        TextFormat {
            font_id: font,
            color,
            ..TextFormat::default()
        },
    );
    job.wrap = clip_rows(max_rows);
    job
}

/// The units of a task with one role, joined with 、.
pub fn units_with_role(task: &Task, role: Role) -> String {
    task.unit_names(role).collect::<Vec<_>>().join("、")
}

/// The plan title a narrow column can show: without the province prefix and the
/// "关于" of 指导意见 titles, which every bundled plan shares.
pub fn short_plan_title(lib: &Library, document: &str) -> String {
    let Some(doc) = lib.document(document) else {
        return document.to_owned();
    };
    let title = doc.title.trim();
    let title = title.strip_prefix("关于").unwrap_or(title);
    let title = title.strip_prefix("山东省").unwrap_or(title);
    title.to_owned()
}

/// "一、… › （一）…" for a task's headings.
pub fn path_label(path: &[SmolStr]) -> String {
    path.join(" › ")
}

/// The English phrase is kept beside the Chinese one on purpose: exported
/// screenshots and tests both look for it.
pub const NO_UNITS: &str = "未明确责任单位 (no responsible unit stated)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_ranges_split_on_characters_not_bytes() {
        let ctx = egui::Context::default();
        let mut sections = Vec::new();
        let mut output = ctx.run_ui(Default::default(), |ui| {
            let job = highlighted(
                ui,
                "建设5G基站和数据中心",
                &[(7, 9), (2, 6), (3, 5), (40, 50)],
                0,
            );
            sections = job
                .sections
                .iter()
                .map(|s| job.text[s.byte_range.start.0..s.byte_range.end.0].to_owned())
                .collect();
        });
        output.textures_delta.clear();
        assert_eq!(sections, ["建设", "5G基站", "和", "数据", "中心"]);
    }
}
