//! Writers of plan files in each format PlanScope reads, from paragraphs: what the reader
//! benchmark reads (10 MB of each) and what tests and fuzzing start from. They write the
//! smallest well-formed file of the format that carries the paragraphs (and, for a
//! spreadsheet, rows of cells); they are not exporters.

use std::io::Write;

pub use super::doc::write_doc;
pub use super::html::write_html;
pub use super::ofd::write_ofd;

/// A .docx whose body is `paragraphs`, one `w:p` each.
pub fn write_docx(paragraphs: &[String]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str("<w:p><w:r><w:t xml:space=\"preserve\">");
        body.push_str(&quick_xml::escape::escape(p.as_str()));
        body.push_str("</w:t></w:r></w:p>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    );
    let parts = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"
                .to_owned(),
        ),
        ("word/document.xml", document),
    ];
    zip_of(&parts)
}

/// An .xlsx with one sheet whose rows are `rows` (each a list of cells).
pub fn write_xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        let Ok(r) = u32::try_from(r) else { break };
        for (c, cell) in row.iter().enumerate() {
            let Ok(c) = u16::try_from(c) else { break };
            // Rows past the sheet's limits are left out.
            let _ = sheet.write_string(r, c, cell);
        }
    }
    book.save_to_buffer().unwrap_or_default()
}

/// A ZIP archive of the named parts, deflated.
pub(crate) fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            // Writing to memory cannot fail short of memory running out.
            if zip.start_file(*name, options).is_err() || zip.write_all(text.as_bytes()).is_err() {
                return Vec::new();
            }
        }
        if zip.finish().is_err() {
            return Vec::new();
        }
    }
    out.into_inner()
}

/// A web archive (.mhtml) as a browser saves one: a MIME `multipart/related` message whose
/// first part is the page of [`write_html`] (GBK, quoted-printable, charset in the part's
/// header) and whose second is a small stylesheet.
pub fn write_mhtml(paragraphs: &[String]) -> Vec<u8> {
    let html = write_html(paragraphs);
    let boundary = "----MultipartBoundary--PlanScope----";
    let mut out = Vec::with_capacity(html.len() * 2);
    out.extend_from_slice(
        format!(
            "From: <Saved by the browser>\r\nSnapshot-Content-Location: http://www.example.gov.cn/zwgk/plan.html\r\n\
             Subject: plan\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\
             \ttype=\"text/html\";\r\n\tboundary=\"{boundary}\"\r\n\r\n\r\n--{boundary}\r\n\
             Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Location: http://www.example.gov.cn/zwgk/plan.html\r\n\r\n"
        )
        .as_bytes(),
    );
    quoted_printable(&html, &mut out);
    out.extend_from_slice(
        format!(
            "\r\n\r\n--{boundary}\r\nContent-Type: text/css\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Location: http://www.example.gov.cn/css/site.css\r\n\r\nbody {{ margin: 0 }}\r\n\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    out
}

/// Quoted-printable (RFC 2045): bytes outside printable ASCII and `=` as `=XX`, lines of
/// at most 76 characters with soft breaks, the text's own line ends kept as CRLF.
fn quoted_printable(bytes: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut col = 0;
    for &b in bytes {
        if b == b'\n' {
            out.extend_from_slice(b"\r\n");
            col = 0;
            continue;
        }
        if b == b'\r' {
            continue;
        }
        let plain = (b == b' ' || b.is_ascii_graphic()) && b != b'=';
        let width = if plain { 1 } else { 3 };
        if col + width > 75 {
            out.extend_from_slice(b"=\r\n");
            col = 0;
        }
        if plain {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'=', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
        col += width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn paragraphs(copies: usize) -> Vec<String> {
        let text: Vec<String> = crate::corpus::bundled()
            .docs
            .into_iter()
            .map(|d| d.text)
            .collect();
        let lines: Vec<String> = text
            .iter()
            .flat_map(|t| t.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        lines
            .iter()
            .cycle()
            .take(lines.len() * copies)
            .cloned()
            .collect()
    }

    /// Every writer's file reads back, through the reader of its format, to the same
    /// text as the page it wraps or the paragraphs it holds.
    #[test]
    fn every_written_file_reads_back() {
        for copies in [1, 20] {
            let paras = paragraphs(copies);
            let html = crate::corpus::decode_bytes(Path::new("p.html"), write_html(&paras));
            let mhtml = crate::corpus::decode_bytes(Path::new("p.mhtml"), write_mhtml(&paras));
            assert_eq!(
                mhtml.as_ref().map_err(|e| e.to_string()),
                html.as_ref().map_err(|e| e.to_string()),
                "{copies}"
            );
            let docx = crate::corpus::decode_bytes(Path::new("p.docx"), write_docx(&paras));
            assert_eq!(docx.ok(), Some(paras.join("\n")));
        }
    }
}
