//! The 分工方案 as a Word document: a title, a line saying where the tasks come
//! from, and the table 序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时限 / 目标, on
//! landscape A4 in the layout of official documents — 小标宋-style title, 仿宋 body
//! (the reader's Word or WPS substitutes its own font where it lacks one).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Table,
    TableCell, TableRow, VAlignType, WidthType,
};

use crate::model::Library;
use crate::{Error, Result};

/// Column headers of the 分工方案 table.
pub const HEADER: [&str; 6] = [
    "序号",
    "重点任务",
    "牵头单位",
    "配合单位",
    "完成时限",
    "目标",
];

// Widths in twentieths of a point for landscape A4 (29.7 cm − 2 × 2.2 cm margins).
const WIDTHS: [usize; 6] = [700, 3600, 2700, 2500, 1100, 3744];

fn body_fonts() -> RunFonts {
    RunFonts::new()
        .east_asia("仿宋_GB2312")
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

fn cell(text: &str, width: usize, bold: bool, center: bool) -> TableCell {
    let mut run = Run::new().add_text(text).size(24).fonts(if bold {
        RunFonts::new().east_asia("黑体").ascii("Times New Roman")
    } else {
        body_fonts()
    });
    if bold {
        run = run.bold();
    }
    let mut p = Paragraph::new().add_run(run);
    if center {
        p = p.align(AlignmentType::Center);
    }
    TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
}

/// The rows of the table for these tasks: 序号, 重点任务 (title + text), 牵头, 配合,
/// 完成时限 (the task's deadline as printed, else its latest target year, else 持续推进),
/// 目标 (the targets as printed).
pub fn rows(lib: &Library, task_ids: &[String]) -> Vec<[String; 6]> {
    task_ids
        .iter()
        .filter_map(|id| lib.task(id))
        .enumerate()
        .map(|(i, t)| {
            let c = super::task_cells(t);
            [
                (i + 1).to_string(),
                t.title.clone(),
                c.lead,
                c.cooperate,
                if c.deadline_text.is_empty() {
                    "持续推进".to_string()
                } else {
                    c.deadline_text
                },
                c.targets,
            ]
        })
        .collect()
}

/// The .docx bytes of a 分工方案 titled `title`.
pub fn docx_bytes(lib: &Library, task_ids: &[String], title: &str) -> Result<Vec<u8>> {
    let title_p = Paragraph::new()
        .add_run(
            Run::new().add_text(title).size(44).fonts(
                RunFonts::new()
                    .east_asia("方正小标宋简体")
                    .ascii("Times New Roman"),
            ),
        )
        .align(AlignmentType::Center);
    let docs: Vec<String> = {
        let mut d: Vec<String> = task_ids
            .iter()
            .filter_map(|id| lib.task(id))
            .filter_map(|t| {
                lib.document(&t.document)
                    .map(|d| format!("《{}》", d.title))
            })
            .collect();
        d.dedup();
        d
    };
    let intro = Paragraph::new()
        .add_run(
            Run::new()
                .add_text(format!(
                    "依据{}，共{}项重点任务，分工如下。",
                    docs.join("、"),
                    task_ids.iter().filter(|id| lib.task(id).is_some()).count()
                ))
                .size(32)
                .fonts(body_fonts()),
        )
        .align(AlignmentType::Both);
    let mut table_rows = vec![
        TableRow::new(
            HEADER
                .iter()
                .zip(WIDTHS)
                .map(|(h, w)| cell(h, w, true, true))
                .collect(),
        )
        .cant_split(),
    ];
    for row in rows(lib, task_ids) {
        table_rows.push(
            TableRow::new(
                row.iter()
                    .zip(WIDTHS)
                    .enumerate()
                    .map(|(i, (v, w))| cell(v, w, false, i == 0 || i == 4))
                    .collect(),
            )
            .cant_split(),
        );
    }
    let table = Table::new(table_rows)
        .set_grid(WIDTHS.to_vec())
        .width(WIDTHS.iter().sum(), WidthType::Dxa);
    let docx = Docx::new()
        .page_size(16838, 11906)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin {
            top: 1247,
            left: 1247,
            bottom: 1247,
            right: 1247,
            header: 851,
            footer: 992,
            gutter: 0,
        })
        .default_fonts(body_fonts())
        .add_paragraph(title_p)
        .add_paragraph(Paragraph::new())
        .add_paragraph(intro)
        .add_table(table);
    let mut out = Cursor::new(Vec::new());
    docx.pack(&mut out)
        .map_err(|e| Error::Export(format!("cannot build the Word document: {e}")))?;
    Ok(out.into_inner())
}
