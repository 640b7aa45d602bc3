//! A small OFD writer for tests and benchmarks: paragraphs set as a 公文 is printed
//! (A4, 10.5 pt text at 4 mm a character, 28 characters a line, a first-line indent of
//! two characters, page numbers `— n —` at the foot), one text object per printed
//! line, in a package with `OFD.xml`, `Document.xml`, a font resource and one
//! `Content.xml` per page.

use std::io::{Cursor, Write};

/// How paragraphs are set on the page.
#[derive(Debug, Clone)]
pub(super) struct Setting {
    /// Full-width characters a line holds.
    pub per_line: usize,
    /// First-line indent, in characters.
    pub indent: usize,
    /// Latin letters and digits take half a character (else every character takes a
    /// full one, as when text is set by count).
    pub narrow_half: bool,
    /// Lines on a page.
    pub lines_per_page: usize,
    /// Page numbers at the foot of each page.
    pub page_numbers: bool,
}

impl Default for Setting {
    fn default() -> Self {
        Setting {
            per_line: 28,
            indent: 2,
            narrow_half: true,
            lines_per_page: 22,
            page_numbers: true,
        }
    }
}

/// Character pitch and font size, mm.
pub(super) const PITCH: f64 = 4.0;
pub(super) const SIZE: f64 = 3.7;
/// Left margin and first baseline, mm.
pub(super) const LEFT: f64 = 35.0;
pub(super) const TOP: f64 = 45.0;
/// Baseline to baseline, mm.
pub(super) const LEADING: f64 = 9.5;

/// Writes paragraphs as an OFD package (see the module doc): the fixture the tests
/// and benchmarks read.
#[doc(hidden)]
pub fn write_ofd(paragraphs: &[String]) -> Vec<u8> {
    package(&standard_parts(
        layout_pages(paragraphs, &Setting::default()),
        "",
    ))
}

/// A `DeltaX` list, runs of one value written with the `g` repeat.
pub(super) fn delta_list(advances: &[f64]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&v) = advances.get(i) {
        let run = advances[i..].iter().take_while(|&&a| a == v).count();
        if run >= 2 {
            out.push(format!("g {run} {v}"));
        } else {
            out.push(format!("{v}"));
        }
        i += run.max(1);
    }
    out.join(" ")
}

/// One text object: `text` with these advances, its first character's origin at
/// (`x`, baseline `y`) on the page.
pub(super) fn text_object(id: usize, x: f64, y: f64, text: &str, advances: &[f64]) -> String {
    let width: f64 = advances.iter().sum::<f64>() + SIZE;
    let deltas = advances
        .get(..advances.len().saturating_sub(1))
        .unwrap_or_default();
    format!(
        r#"<ofd:TextObject ID="{id}" Boundary="{x} {top} {width} {h}" Font="1" Size="{SIZE}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{SIZE}" DeltaX="{dx}">{text}</ofd:TextCode></ofd:TextObject>"#,
        top = y - SIZE,
        h = SIZE * 1.3,
        dx = delta_list(deltas),
        text = quick_xml::escape::escape(text),
    )
}

/// A page's `Content.xml` with these objects in its body layer.
pub(super) fn page_xml(objects: &str, extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">{extra}<ofd:Content><ofd:Layer ID="2" Type="Body">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
    )
}

/// The advance of one character in a setting.
fn advance(c: char, setting: &Setting) -> f64 {
    if setting.narrow_half && !super::page::is_wide(c) {
        PITCH / 2.0
    } else {
        PITCH
    }
}

/// Sets paragraphs on pages; each page's `Content.xml`.
pub(super) fn layout_pages(paragraphs: &[String], setting: &Setting) -> Vec<String> {
    let width = setting.per_line as f64 * PITCH;
    let mut printed: Vec<(f64, String, Vec<f64>)> = Vec::new();
    for para in paragraphs {
        let para = para.trim_end();
        if para.trim().is_empty() {
            continue;
        }
        let mut indent = setting.indent as f64 * PITCH;
        let (mut line, mut advances, mut used) = (String::new(), Vec::new(), 0.0);
        for c in para.chars() {
            let a = advance(c, setting);
            if used + a > width - indent + 1e-6 && !line.is_empty() {
                printed.push((
                    indent,
                    std::mem::take(&mut line),
                    std::mem::take(&mut advances),
                ));
                used = 0.0;
                indent = 0.0;
            }
            line.push(c);
            advances.push(a);
            used += a;
        }
        printed.push((indent, line, advances));
    }
    let mut pages = Vec::new();
    let mut id = 10;
    for (n, chunk) in printed.chunks(setting.lines_per_page.max(1)).enumerate() {
        let mut objects = String::new();
        for (i, (indent, text, advances)) in chunk.iter().enumerate() {
            id += 1;
            objects.push_str(&text_object(
                id,
                LEFT + indent,
                TOP + i as f64 * LEADING,
                text,
                advances,
            ));
        }
        if setting.page_numbers {
            let label = format!("— {} —", n + 1);
            let advances: Vec<f64> = label.chars().map(|c| advance(c, setting)).collect();
            let w: f64 = advances.iter().sum();
            id += 1;
            objects.push_str(&text_object(id, 105.0 - w / 2.0, 280.0, &label, &advances));
        }
        pages.push(page_xml(&objects, ""));
    }
    pages
}

/// The parts of a one-document package holding these pages: `OFD.xml`,
/// `Doc_0/Document.xml` (with `common` added to its `CommonData`), the font resource
/// and the pages.
pub(super) fn standard_parts(pages: Vec<String>, common: &str) -> Vec<(String, String)> {
    let mut parts = vec![
        (
            "OFD.xml".to_owned(),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID><ofd:Title>plan</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
                .to_owned(),
        ),
        (
            "Doc_0/PublicRes.xml".to_owned(),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>"#
                .to_owned(),
        ),
    ];
    let list: String = (0..pages.len())
        .map(|i| {
            format!(
                r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#,
                100 + i
            )
        })
        .collect();
    parts.push((
        "Doc_0/Document.xml".to_owned(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>999999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{common}</ofd:CommonData><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#
        ),
    ));
    for (i, page) in pages.into_iter().enumerate() {
        parts.push((format!("Doc_0/Pages/Page_{i}/Content.xml"), page));
    }
    parts
}

/// A ZIP package of these parts (deflated).
pub(super) fn package<S: AsRef<str>, T: AsRef<[u8]>>(parts: &[(S, T)]) -> Vec<u8> {
    fn write<S: AsRef<str>, T: AsRef<[u8]>>(parts: &[(S, T)]) -> zip::result::ZipResult<Vec<u8>> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            zip.start_file(name.as_ref(), options)?;
            zip.write_all(data.as_ref())?;
        }
        Ok(zip.finish()?.into_inner())
    }
    // Writing to memory does not fail.
    write(parts).unwrap_or_default()
}
