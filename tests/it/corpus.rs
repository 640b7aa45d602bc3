//! The corpus module on real inputs: the bundled plans re-encoded (GBK, UTF-16,
//! UTF-8 with BOM) and re-packed (.docx with a table and a text box, .pdf), every
//! class of bad input the tests make themselves, folder loading (also read-only),
//! and the user library — seeding, import, duplicates, removal, crash recovery.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use planscope::Error;
use planscope::corpus::{
    self, ImportOutcome, LibraryEntry, MAX_FILE_BYTES, UserLibrary, load_dir, read_file,
};

use crate::common::corpus_dir;

/// The bundled plans as (file name, text read from the repository's corpus folder).
fn plans() -> Vec<(String, String)> {
    let mut names: Vec<String> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = read_file(&corpus_dir().join(&n)).unwrap();
            (n, text)
        })
        .collect()
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom
        .then_some(0xfeff_u16)
        .into_iter()
        .chain(text.encode_utf16());
    units
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

// ---------------------------------------------------------------- encodings

#[test]
fn bundled_plans_decode_identically_in_every_encoding() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in plans() {
        assert!(
            !text.contains('\r') && !text.starts_with('\u{feff}'),
            "{name}"
        );
        // 004 quotes with « », which GBK lacks; its superset GB18030 has them, and
        // one decoder reads both.
        let (mut gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
        if unmappable {
            let (gb18030, _, unmappable) = encoding_rs::GB18030.encode(&text);
            assert!(!unmappable, "{name}");
            gbk = gb18030;
        }
        let mut utf8_bom = b"\xef\xbb\xbf".to_vec();
        utf8_bom.extend_from_slice(text.as_bytes());
        let crlf = text.replace('\n', "\r\n");
        let copies: [(&str, Vec<u8>); 7] = [
            ("gbk", gbk.into_owned()),
            ("utf16le-bom", utf16(&text, false, true)),
            ("utf16be-bom", utf16(&text, true, true)),
            ("utf16le", utf16(&text, false, false)),
            ("utf16be", utf16(&text, true, false)),
            ("utf8-bom", utf8_bom),
            ("crlf", crlf.into_bytes()),
        ];
        for (kind, bytes) in copies {
            let path = write(dir.path(), &format!("{kind}-{name}"), &bytes);
            let decoded = read_file(&path).unwrap_or_else(|e| panic!("{kind} {name}: {e}"));
            assert!(decoded == text, "{kind} copy of {name} decodes differently");
        }
    }
}

#[test]
fn gb18030_beyond_gbk_decodes() {
    // 𠀀 (U+20000) and € exist in GB18030 only as four-byte / extended codes.
    let text = "一、总体要求\n建设𠀀数字€基础设施，到2025年达到25万个。\n".repeat(5);
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "gb18030.txt", &bytes);
    assert_eq!(read_file(&path).unwrap(), text);
}

// ---------------------------------------------------------------- bad input

fn reason(err: &Error) -> String {
    err.to_string()
}

#[test]
fn empty_file_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "empty.txt", b"");
    let err = read_file(&path).unwrap_err();
    assert!(matches!(err, Error::Empty(_)), "{err:?}");
    assert!(reason(&err).ends_with("the file is empty"), "{err}");
    let blank = write(dir.path(), "blank.txt", b"\xef\xbb\xbf \r\n\r\n");
    assert!(matches!(read_file(&blank), Err(Error::Empty(_))));
}

#[test]
fn binary_file_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    // Bytes of every value, as in an executable or a compressed file.
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect();
    let path = write(dir.path(), "plan.txt", &bytes);
    let err = read_file(&path).unwrap_err();
    assert!(matches!(err, Error::Unreadable { .. }), "{err:?}");
    assert!(reason(&err).contains("not a text file"), "{err}");
}

#[test]
fn a_damaged_compound_file_says_so_by_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    // The compound-file signature, then nothing a reader can follow.
    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.resize(4096, 0);
    for (name, says) in [
        ("plan.doc", "damaged"),
        ("plan.wps", "damaged"),
        ("plan.xls", "spreadsheet is damaged"),
        ("plan.et", "spreadsheet is damaged"),
    ] {
        let err = read_file(&write(dir.path(), name, &ole)).unwrap_err();
        assert!(matches!(err, Error::Unreadable { .. }), "{name}: {err:?}");
        let text = reason(&err);
        assert!(text.contains(says), "{name}: {text}");
    }
    let ofd = read_file(&write(dir.path(), "plan.ofd", b"not really")).unwrap_err();
    assert!(reason(&ofd).contains("not a valid OFD"), "{ofd}");
}

#[test]
fn zip_that_is_not_a_docx() {
    let dir = tempfile::tempdir().unwrap();
    let zip = build_zip(&[("notes/readme.txt", "hello".as_bytes())]);
    let err = read_file(&write(dir.path(), "plan.docx", &zip)).unwrap_err();
    assert!(matches!(err, Error::Unreadable { .. }), "{err:?}");
    assert!(reason(&err).contains("not a Word document"), "{err}");
    // An OFD package goes to the OFD reader, whatever its name, which says what is wrong.
    let ofd = build_zip(&[("OFD.xml", "<ofd:OFD/>".as_bytes())]);
    let err = read_file(&write(dir.path(), "plan.zip", &ofd)).unwrap_err();
    assert!(matches!(err, Error::Unreadable { .. }), "{err:?}");
    assert!(reason(&err).contains("names no document"), "{err}");
}

#[test]
fn truncated_or_renamed_docx_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let docx = build_docx(&[Block::Para("一、总体要求".into())]);
    for cut in [docx.len() / 2, docx.len() - 10, 30] {
        let path = write(dir.path(), "cut.docx", &docx[..cut]);
        let err = read_file(&path).unwrap_err();
        assert!(
            matches!(err, Error::Unreadable { .. }),
            "cut {cut}: {err:?}"
        );
        assert!(reason(&err).contains("damaged"), "{err}");
    }
    let renamed = write(dir.path(), "renamed.docx", "纯文本".as_bytes());
    let err = read_file(&renamed).unwrap_err();
    assert!(reason(&err).contains("not a valid .docx"), "{err}");
}

#[test]
fn corrupt_pdfs_are_unreadable_and_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = build_pdf(&["山东省新基建三年行动方案（2020-2022年）"]);
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("header only", b"%PDF-1.7\n".to_vec()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("garbage", {
            let mut g = b"%PDF-1.4\n".to_vec();
            g.extend((0..4000u32).map(|i| (i * 131 % 256) as u8));
            g
        }),
    ];
    // Every object number pointing at itself or nowhere.
    cases.push((
        "dangling",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
            .to_vec(),
    ));
    // A page without a MediaBox makes the PDF reader panic; the panic is caught.
    let no_media_box = String::from_utf8(good.clone())
        .unwrap()
        .replace("/MediaBox", "/MediaBoy")
        .into_bytes();
    let err = read_file(&write(dir.path(), "panics.pdf", &no_media_box)).unwrap_err();
    assert!(reason(&err).contains("damaged or malformed"), "{err}");
    for (what, bytes) in cases {
        let path = write(dir.path(), "bad.pdf", &bytes);
        let err = read_file(&path).unwrap_err();
        assert!(
            matches!(err, Error::Unreadable { .. } | Error::Unsupported { .. }),
            "{what}: {err:?}"
        );
    }
    let renamed = write(dir.path(), "renamed.pdf", "纯文本".as_bytes());
    assert!(reason(&read_file(&renamed).unwrap_err()).contains("not a valid PDF"));
}

#[test]
fn text_pdf_reads_and_scanned_pdf_is_refused() {
    // The opening lines of a bundled plan, each cut to 40 characters.
    let (_, text) = plans().remove(2);
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .map(|l| l.chars().take(40).collect())
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let read = read_file(&write(dir.path(), "plan.pdf", &build_pdf(&refs))).unwrap();
    assert_eq!(read.trim_start_matches('\n'), lines.join("\n"));

    let scanned = build_pdf(&[]);
    let err = read_file(&write(dir.path(), "scan.pdf", &scanned)).unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    assert!(reason(&err).contains("no text layer"), "{err}");
    assert!(reason(&err).contains(".docx"), "{err}");
}

#[test]
fn file_over_the_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // Sparse: takes no disk space, and nothing reads it.
    let file = fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let err = read_file(&path).unwrap_err();
    match &err {
        Error::TooLarge { size, limit, .. } => {
            assert_eq!(*size, MAX_FILE_BYTES + 1);
            assert_eq!(*limit, MAX_FILE_BYTES);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        reason(&err).contains("more than the 67108864 bytes"),
        "{err}"
    );
}

#[test]
fn directory_and_missing_path_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_file(dir.path()).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert!(
        reason(&err).contains("is a folder, not a plan file"),
        "{err}"
    );
    let missing = dir.path().join("nope.txt");
    let err = read_file(&missing).unwrap_err();
    match &err {
        Error::Io { path, source } => {
            assert_eq!(path, &missing);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        reason(&err).starts_with(&missing.display().to_string()),
        "{err}"
    );
    assert!(
        reason(&err).ends_with("there is no such file or folder"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "locked.txt", "一、总体要求".as_bytes());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    // A superuser reads through permissions; the check only means something otherwise.
    if fs::File::open(&path).is_err() {
        let err = read_file(&path).unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err:?}");
        assert!(reason(&err).contains("permission denied"), "{err}");
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn mutated_files_never_panic_and_always_explain() {
    // Small deterministic corruptions (bytes replaced, cut, inserted, PDF tokens
    // spliced in) of a valid PDF, .docx, UTF-8 and GBK plan.
    let (_, text) = plans().remove(1);
    let head: String = text.chars().take(1500).collect();
    let seeds: [(&str, Vec<u8>); 4] = [
        (
            "m.pdf",
            build_pdf(&["一、总体要求", "到2025年，建成5G基站25万个。"]),
        ),
        (
            "m.docx",
            build_docx(&[
                Block::Para("一、总体要求".into()),
                Block::TextBox(vec!["专栏1".into()]),
            ]),
        ),
        ("m.txt", head.clone().into_bytes()),
        ("m.txt", encoding_rs::GBK.encode(&head).0.into_owned()),
    ];
    let tokens: [&[u8]; 6] = [b"<<", b">>", b"[", b" 0 R", b"/Length 99999", b"endobj"];
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let mut refused = 0;
    for case in 0..1200 {
        let (name, seed) = &seeds[case % seeds.len()];
        let mut bytes = seed.clone();
        for _ in 0..=next(4) {
            let at = next(bytes.len());
            match next(4) {
                0 => bytes[at] = next(256) as u8,
                1 => bytes.truncate(at.max(1)),
                2 => bytes.insert(at, next(256) as u8),
                _ => {
                    let token = tokens[next(tokens.len())];
                    bytes.splice(at..at, token.iter().copied());
                }
            }
        }
        if let Err(err) = corpus::decode_bytes(Path::new(name), bytes) {
            refused += 1;
            let message = err.to_string();
            assert!(!message.contains('\n'), "case {case}: {message}");
            assert!(message.len() > name.len() + 10, "case {case}: {message}");
        }
    }
    // Corruption is mostly caught, not passed on as text.
    assert!(
        refused > 300,
        "only {refused} of 1200 corrupted files refused"
    );
}

// ---------------------------------------------------------------- .docx

/// A piece of a generated document body.
pub(crate) enum Block {
    Para(String),
    /// Rows of cells, each cell a list of paragraphs.
    Table(Vec<Vec<Vec<String>>>),
    /// Rows of cells with their properties: each cell the inner XML of its `w:tcPr`
    /// (a `w:gridSpan`, a `w:vMerge` …) and its paragraphs.
    Grid(Vec<Vec<(String, Vec<String>)>>),
    /// A text box anchored in an otherwise empty paragraph, stored the way Word
    /// stores it: DrawingML in mc:Choice and a VML copy in mc:Fallback.
    TextBox(Vec<String>),
}

fn xml_escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

fn para(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        xml_escape(text)
    )
}

fn document_xml(blocks: &[Block]) -> String {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Para(text) => body.push_str(&para(text)),
            Block::Table(rows) => {
                body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
                for row in rows {
                    body.push_str("<w:tr>");
                    for cell in row {
                        body.push_str(
                            "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>",
                        );
                        for p in cell {
                            body.push_str(&para(p));
                        }
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
            Block::Grid(rows) => {
                body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
                for row in rows {
                    body.push_str("<w:tr>");
                    for (props, paras) in row {
                        body.push_str(&format!("<w:tc><w:tcPr>{props}</w:tcPr>"));
                        for p in paras {
                            body.push_str(&para(p));
                        }
                        // A cell holds at least one paragraph.
                        if paras.is_empty() {
                            body.push_str("<w:p/>");
                        }
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
            Block::TextBox(lines) => {
                let inner: String = lines.iter().map(|l| para(l)).collect();
                body.push_str(&format!(
                    r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#
                ));
            }
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn build_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

pub(crate) fn build_docx(blocks: &[Block]) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document = document_xml(blocks);
    build_zip(&[
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}

#[test]
fn docx_paragraph_table_and_text_box_each_once() {
    let docx = build_docx(&[
        Block::Para("一、总体要求".into()),
        Block::Table(vec![
            vec![vec!["序号".into()], vec!["工程名称".into()]],
            vec![
                vec!["1".into()],
                vec!["高速泛在网络提升工程".into(), "建设5G基站".into()],
            ],
        ]),
        Block::TextBox(vec!["专栏2 算力设施工程".into(), "建设数据中心".into()]),
        Block::Para("（一）加快建设新一代移动通信网络 & <IPv6>".into()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let text = read_file(&write(dir.path(), "plan.docx", &docx)).unwrap();
    // A row of two cells is one line, its cells separated by a tab; the two short
    // paragraphs of one cell are joined with 、.
    assert_eq!(
        text,
        "一、总体要求\n序号\t工程名称\n1\t高速泛在网络提升工程、建设5G基站\n\
         专栏2 算力设施工程\n建设数据中心\n（一）加快建设新一代移动通信网络 & <IPv6>"
    );
    for piece in ["高速泛在网络提升工程", "专栏2 算力设施工程", "建设数据中心"]
    {
        assert_eq!(text.matches(piece).count(), 1, "{piece}");
    }
    // The format is found by its bytes, whatever the name says.
    let renamed = read_file(&write(dir.path(), "plan.txt", &docx)).unwrap();
    assert_eq!(renamed, text);
}

#[test]
fn docx_made_from_a_bundled_plan_reads_back_its_lines() {
    let (name, text) = plans().remove(0);
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let columns: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("专栏"))
        .map(|(i, _)| i)
        .collect();
    assert!(columns.len() >= 2, "{name} should have columns");
    // The first column goes into a one-cell-per-line table, the second into a text
    // box; each keeps its place in the document.
    let (table_at, box_at) = (columns[0], columns[1]);
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if i == table_at || i == box_at {
            let end = (i + 3).min(lines.len());
            let chunk: Vec<String> = lines[i..end].to_vec();
            blocks.push(if i == table_at {
                Block::Table(chunk.into_iter().map(|l| vec![vec![l]]).collect())
            } else {
                Block::TextBox(chunk)
            });
            i = end;
        } else {
            blocks.push(Block::Para(lines[i].clone()));
            i += 1;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let read = read_file(&write(dir.path(), "plan.docx", &build_docx(&blocks))).unwrap();
    assert!(
        read == lines.join("\n"),
        "{name} as .docx reads differently"
    );
}

// ---------------------------------------------------------------- .pdf

/// A one-page PDF whose text layer holds `lines`, one per text line, in a CID font
/// with a ToUnicode map (as office suites write Chinese PDFs). No lines: a page
/// with no text, as a scan has.
fn build_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("q 0 0 612 792 re S Q");
    if !lines.is_empty() {
        content.push_str(" BT /F1 10 Tf 36 760 Td");
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                content.push_str(" 0 -14 Td");
            }
            content.push_str(" <");
            for unit in line.encode_utf16() {
                content.push_str(&format!("{unit:04X}"));
            }
            content.push_str("> Tj");
        }
        content.push_str(" ET");
    }
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def \
        /CMapName /Adobe-Identity-UCS def /CMapType 2 def \
        1 begincodespacerange <0000> <FFFF> endcodespacerange \
        1 beginbfrange <0000> <FFFF> <0000> endbfrange \
        endcmap CMapName currentdict /CMap defineresource pop end end";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
         /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
         /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /FontDescriptor 8 0 R >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{cmap}\nendstream", cmap.len()),
        "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] \
         /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>"
            .to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    let size = objects.len() + 1;
    pdf.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    pdf
}

// ---------------------------------------------------------------- folders

fn manifest_titles() -> BTreeMap<String, String> {
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(corpus_dir().join("manifest.json")).unwrap())
            .unwrap();
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"]
                    .as_str()
                    .unwrap()
                    .trim_end_matches(".txt")
                    .to_owned(),
                d["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn load_dir_reads_the_bundled_corpus_with_titles() {
    let report = load_dir(&corpus_dir()).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.docs.len(), 5);
    let titles = manifest_titles();
    for doc in &report.docs {
        assert_eq!(doc.meta.title.as_ref(), titles.get(&doc.id), "{}", doc.id);
        assert_eq!(
            doc.hash,
            blake3::hash(doc.text.as_bytes()).to_hex().to_string()
        );
        assert_eq!(
            PathBuf::from(&doc.source),
            corpus_dir().join(format!("{}.txt", doc.id))
        );
    }
    let first = &report.docs[0];
    assert_eq!(first.id, "000_8b95ee374a2f737e");
    assert_eq!(
        first.meta.issuer.as_deref(),
        Some("山东数字强省建设领导小组办公室")
    );
    assert_eq!(
        first.meta.doc_number.as_deref(),
        Some("数字强省办发〔2023〕10号")
    );
    assert_eq!(first.meta.date.as_deref(), Some("2023-11-14"));
    assert_eq!(first.meta.period.as_deref(), Some("2024-2025"));

    // The embedded copy is the same plans, byte for byte after decoding.
    let bundled = corpus::bundled();
    assert_eq!(bundled.docs.len(), 5);
    for (a, b) in report.docs.iter().zip(&bundled.docs) {
        assert_eq!((&a.id, &a.hash, &a.meta), (&b.id, &b.hash, &b.meta));
        assert_eq!(b.source, format!("corpus/{}.txt", b.id));
    }
}

#[test]
fn load_dir_source_is_the_path_as_given() {
    let report = load_dir(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .as_path(),
    )
    .unwrap();
    assert!(
        report.docs[0]
            .source
            .ends_with("corpus/000_8b95ee374a2f737e.txt")
    );
    let relative = std::env::current_dir()
        .ok()
        .filter(|d| d.join("corpus/manifest.json").is_file());
    if relative.is_some() {
        let report = load_dir(Path::new("corpus")).unwrap();
        assert_eq!(report.docs[0].source, "corpus/000_8b95ee374a2f737e.txt");
    }
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                (fs::read(e.path()).unwrap(), meta.modified().unwrap()),
            )
        })
        .collect()
}

#[test]
fn load_dir_on_a_read_only_copy_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("corpus");
    fs::create_dir(&copy).unwrap();
    for entry in fs::read_dir(corpus_dir()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    set_read_only(&copy, true);
    let before = snapshot(&copy);
    let report = load_dir(&copy).unwrap();
    let after = snapshot(&copy);
    set_read_only(&copy, false);
    assert_eq!(report.docs.len(), 5);
    assert!(report.skipped.is_empty());
    assert!(report.docs.iter().all(|d| d.meta.title.is_some()));
    assert!(before == after, "load_dir changed the folder");
}

fn set_read_only(dir: &Path, read_only: bool) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let mut perms = fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(read_only);
        fs::set_permissions(&path, perms).unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if read_only { 0o555 } else { 0o755 };
        fs::set_permissions(dir, fs::Permissions::from_mode(mode)).unwrap();
    }
}

#[test]
fn load_dir_reports_bad_files_and_keeps_the_good() {
    let dir = tempfile::tempdir().unwrap();
    let (name, text) = plans().remove(1);
    write(dir.path(), &name, text.as_bytes());
    write(dir.path(), "empty.txt", b"");
    write(
        dir.path(),
        "old.doc",
        &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0],
    );
    write(dir.path(), "photo.png", b"\x89PNG\r\n\x1a\n");
    write(dir.path(), "~$lock.docx", b"owner");
    write(dir.path(), "notes.json", b"{}");
    let report = load_dir(dir.path()).unwrap();
    assert_eq!(report.docs.len(), 1);
    assert_eq!(report.docs[0].text, text);
    assert_eq!(report.docs[0].meta, corpus::DocMeta::default());
    let skipped: Vec<String> = report
        .skipped
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(skipped, ["empty.txt", "old.doc"]);
    assert!(matches!(report.skipped[0].1, Error::Empty(_)));
    assert!(matches!(report.skipped[1].1, Error::Unreadable { .. }));
}

#[test]
fn load_dir_malformed_manifest_and_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "一、总体要求".as_bytes());
    write(
        dir.path(),
        "manifest.json",
        br#"{"documents": [{"file": "a.txt",}]}"#,
    );
    let err = load_dir(dir.path()).unwrap_err();
    assert!(matches!(err, Error::Json { .. }), "{err:?}");
    assert!(reason(&err).contains("manifest.json"), "{err}");
    assert!(reason(&err).contains("line 1"), "{err}");

    let missing = load_dir(&dir.path().join("nowhere")).unwrap_err();
    assert!(matches!(missing, Error::Io { .. }), "{missing:?}");
}

#[test]
fn same_stem_twice_gets_distinct_ids() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.md", "一、总体要求 md".as_bytes());
    write(dir.path(), "plan.txt", "一、总体要求 txt".as_bytes());
    let report = load_dir(dir.path()).unwrap();
    let ids: Vec<&str> = report.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["plan", "plan.txt"]);
}

// ---------------------------------------------------------------- user library

fn ids(entries: &[LibraryEntry]) -> Vec<String> {
    entries.iter().map(|e| e.id.clone()).collect()
}

fn bundled_ids() -> Vec<String> {
    corpus::bundled().docs.into_iter().map(|d| d.id).collect()
}

/// Names of the files in the library folder, without the lock file.
fn files(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".lock")
        .collect();
    names.sort();
    names
}

const NEW_PLAN: &str = "关于推进数字乡村建设的实施意见\n一、总体要求\n（一）加快农村宽带网络建设。到2025年，行政村5G通达率达到90%以上。（责任单位：省通信管理局）\n";

#[test]
fn library_seeds_imports_recognises_duplicates_and_removes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("library");
    let library = UserLibrary::open(root.clone()).unwrap();
    assert!(library.repairs().is_empty(), "{:?}", library.repairs());
    let seeded = library.list().unwrap();
    assert_eq!(ids(&seeded), bundled_ids());
    assert!(seeded.iter().all(|e| e.bundled && e.title.is_some()));

    // A GBK copy of a bundled plan is that plan.
    let (name, text) = plans().remove(2);
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let gbk_path = write(tmp.path(), "副本.txt", &gbk);
    match library.import(&gbk_path).unwrap() {
        ImportOutcome::AlreadyPresent(entry) => {
            assert_eq!(format!("{}.txt", entry.id), name);
            assert!(entry.bundled);
        }
        other => panic!("{other:?}"),
    }

    // A new plan is added once, with its text stored as UTF-8.
    let (new_gbk, _, _) = encoding_rs::GBK.encode(NEW_PLAN);
    let new_path = write(tmp.path(), "数字乡村 实施意见.txt", &new_gbk);
    let added = match library.import(&new_path).unwrap() {
        ImportOutcome::Added(entry) => entry,
        other => panic!("{other:?}"),
    };
    assert!(added.id.starts_with("数字乡村_实施意见-"), "{}", added.id);
    assert_eq!(added.title, None);
    assert!(!added.bundled);
    assert_eq!(added.bytes, NEW_PLAN.len() as u64);
    assert_eq!(
        fs::read_to_string(root.join(&added.file)).unwrap(),
        NEW_PLAN
    );
    let again = library.import(&new_path).unwrap();
    assert_eq!(again, ImportOutcome::AlreadyPresent(added.clone()));
    let utf16_path = write(tmp.path(), "other name.txt", &utf16(NEW_PLAN, true, true));
    assert_eq!(library.import(&utf16_path).unwrap().entry(), &added);
    assert_eq!(library.list().unwrap().len(), 6);
    // Its file deleted behind the library's back, the plan can be imported again.
    fs::remove_file(root.join(&added.file)).unwrap();
    assert_eq!(library.list().unwrap().len(), 5);
    assert_eq!(
        library.import(&new_path).unwrap(),
        ImportOutcome::Added(added.clone())
    );
    assert_eq!(library.list().unwrap().len(), 6);

    // A .docx imports too, and load() reads everything.
    let docx = build_docx(&[
        Block::Para("一、总体要求".into()),
        Block::Para("（一）建设算力网络。".into()),
    ]);
    let docx_path = write(tmp.path(), "算力.docx", &docx);
    let docx_entry = library.import(&docx_path).unwrap().entry().clone();
    let report = library.load().unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.docs.len(), 7);
    let docx_doc = report.docs.iter().find(|d| d.id == docx_entry.id).unwrap();
    assert_eq!(docx_doc.text, "一、总体要求\n（一）建设算力网络。");
    assert_eq!(docx_doc.source, "算力.docx");
    let bundled_doc = report
        .docs
        .iter()
        .find(|d| d.id == bundled_ids()[0])
        .unwrap();
    assert_eq!(
        bundled_doc.source,
        format!("corpus/{}.txt", bundled_ids()[0])
    );
    assert_eq!(bundled_doc.text, corpus::bundled().docs[0].text);

    // Removing: an imported plan, a bundled plan (stays removed), an unknown id.
    assert_eq!(library.remove(&added.id).unwrap(), added);
    assert!(!root.join(&added.file).exists());
    let gone = bundled_ids()[4].clone();
    library.remove(&gone).unwrap();
    let err = library.remove("no-such-plan").unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert!(reason(&err).contains("no-such-plan"), "{err}");
    drop(library);

    let reopened = UserLibrary::open(root.clone()).unwrap();
    let listed = ids(&reopened.list().unwrap());
    assert!(
        !listed.contains(&gone) && !listed.contains(&added.id),
        "{listed:?}"
    );
    assert_eq!(listed.len(), 5);
    // Importing the removed bundled plan again brings it back as bundled.
    let back = reopened
        .import(&corpus_dir().join(format!("{gone}.txt")))
        .unwrap();
    assert!(
        matches!(&back, ImportOutcome::Added(e) if e.id == gone && e.bundled && e.title.is_some())
    );
    assert!(files(&root).iter().all(|n| !n.starts_with(".tmp-")));
}

#[test]
fn library_import_takes_metadata_from_a_manifest_beside_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("incoming");
    fs::create_dir(&folder).unwrap();
    write(&folder, "plan.txt", NEW_PLAN.as_bytes());
    write(
        &folder,
        "manifest.json",
        r#"{"documents":[{"file":"plan.txt","title":"数字乡村实施意见","issuer":"省委网信办","period":"2023-2025"}]}"#.as_bytes(),
    );
    let library = UserLibrary::open(tmp.path().join("library")).unwrap();
    let entry = library
        .import(&folder.join("plan.txt"))
        .unwrap()
        .entry()
        .clone();
    assert_eq!(entry.title.as_deref(), Some("数字乡村实施意见"));
    let doc = library
        .load()
        .unwrap()
        .docs
        .into_iter()
        .find(|d| d.id == entry.id)
        .unwrap();
    assert_eq!(doc.meta.issuer.as_deref(), Some("省委网信办"));
    assert_eq!(doc.meta.period.as_deref(), Some("2023-2025"));
}

#[test]
fn library_bad_imports_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("library");
    let library = UserLibrary::open(root.clone()).unwrap();
    let list_before = library.list().unwrap();
    let files_before = snapshot(&root);

    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.resize(1024, 0);
    let docx = build_docx(&[Block::Para("一、总体要求".into())]);
    let bad: Vec<PathBuf> = vec![
        write(tmp.path(), "empty.txt", b""),
        write(
            tmp.path(),
            "binary.txt",
            &(0..4096u32).map(|i| (i % 256) as u8).collect::<Vec<_>>(),
        ),
        write(tmp.path(), "old.doc", &ole),
        write(tmp.path(), "cut.docx", &docx[..docx.len() / 2]),
        write(
            tmp.path(),
            "notdocx.docx",
            &build_zip(&[("a.txt", b"x".as_slice())]),
        ),
        write(tmp.path(), "bad.pdf", b"%PDF-1.4\ngarbage"),
        write(tmp.path(), "scan.pdf", &build_pdf(&[])),
        tmp.path().to_path_buf(),
        tmp.path().join("missing.txt"),
    ];
    let big = tmp.path().join("big.txt");
    fs::File::create(&big)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    for path in bad.iter().chain([&big]) {
        let err = library.import(path).unwrap_err();
        let message = err.to_string();
        assert!(
            !message.is_empty() && !message.contains('\n'),
            "{path:?}: {message}"
        );
    }
    assert_eq!(library.list().unwrap(), list_before);
    assert!(
        snapshot(&root) == files_before,
        "a bad import changed the library folder"
    );
}

#[test]
fn library_recovers_from_a_crash_at_any_point() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("library");
    let library = UserLibrary::open(root.clone()).unwrap();
    let plan = write(tmp.path(), "plan.txt", NEW_PLAN.as_bytes());
    let imported = library.import(&plan).unwrap().entry().clone();
    let other = write(
        tmp.path(),
        "other.txt",
        "三、保障措施\n（一）加强组织领导。".as_bytes(),
    );
    let lost_plan = library.import(&other).unwrap().entry().clone();
    let removed = bundled_ids()[1].clone();
    library.remove(&removed).unwrap();
    let manifest = fs::read(root.join("manifest.json")).unwrap();
    drop(library);

    // Killed while writing a temporary file.
    write(&root, ".tmp-999-0-manifest.json", b"{\"documents\": [");
    // Killed after an import's text was renamed in, before its manifest entry.
    write(
        &root,
        "中途-0123abcd.txt",
        "二、重点任务\n（一）建设工业互联网。".as_bytes(),
    );
    // Killed during a removal, after the manifest, before the file was deleted.
    write(
        &root,
        &format!("{removed}.txt"),
        corpus::bundled().docs[1].text.as_bytes(),
    );
    // A file lost behind the library's back (a bundled one would be seeded again).
    let lost = lost_plan.id.clone();
    fs::remove_file(root.join(&lost_plan.file)).unwrap();

    let library = UserLibrary::open(root.clone()).unwrap();
    let listed = ids(&library.list().unwrap());
    assert!(listed.contains(&"中途-0123abcd".to_owned()), "{listed:?}");
    assert!(listed.contains(&imported.id));
    assert!(!listed.contains(&removed));
    assert!(!listed.contains(&lost), "{listed:?}");
    assert!(!root.join(format!("{removed}.txt")).exists());
    assert!(files(&root).iter().all(|n| !n.starts_with(".tmp-")));
    assert_eq!(library.repairs().len(), 2, "{:?}", library.repairs());
    assert_eq!(library.load().unwrap().skipped.len(), 0);
    drop(library);

    // A damaged manifest: kept aside, and the library rebuilt from its files.
    fs::write(root.join("manifest.json"), &manifest[..manifest.len() / 2]).unwrap();
    let library = UserLibrary::open(root.clone()).unwrap();
    assert!(root.join("manifest.json.damaged").is_file());
    assert!(
        library.repairs()[0].contains("damaged"),
        "{:?}",
        library.repairs()
    );
    let listed = ids(&library.list().unwrap());
    assert!(listed.contains(&imported.id) && listed.contains(&"中途-0123abcd".to_owned()));
    for id in bundled_ids() {
        assert!(
            listed.contains(&id),
            "{id} missing after rebuild: {listed:?}"
        );
    }
}

/// Environment variable telling [`crash_child`] which library to work on.
const CRASH_ROOT_ENV: &str = "PLANSCOPE_TEST_CRASH_ROOT";

/// The child of [`library_survives_kill_9`]: imports new plans and removes some,
/// forever, logging each finished operation (flushed to disk) until it is killed.
#[test]
#[ignore = "run by library_survives_kill_9 as a child process"]
fn crash_child() {
    let Some(root) = std::env::var_os(CRASH_ROOT_ENV).map(PathBuf::from) else {
        return;
    };
    let library = UserLibrary::open(root.join("library")).unwrap();
    let mut log = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(root.join("log"))
        .unwrap();
    let incoming = root.join("incoming");
    fs::create_dir_all(&incoming).unwrap();
    for n in 0u64.. {
        let seed = std::process::id() as u64 * 1_000_000 + n;
        let path = incoming.join(format!("计划{seed}.txt"));
        let text = format!("{NEW_PLAN}（{seed}）\n").repeat(40);
        fs::write(&path, encoding_rs::GBK.encode(&text).0).unwrap();
        let entry = library.import(&path).unwrap().entry().clone();
        writeln!(log, "added {}", entry.id).unwrap();
        log.sync_all().unwrap();
        if n % 3 == 2 {
            writeln!(log, "removing {}", entry.id).unwrap();
            log.sync_all().unwrap();
            library.remove(&entry.id).unwrap();
            writeln!(log, "removed {}", entry.id).unwrap();
            log.sync_all().unwrap();
        }
    }
}

#[cfg(unix)]
#[test]
fn library_survives_kill_9() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("library");
    for round in 0..6u64 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["corpus::crash_child", "--exact", "--ignored", "--nocapture"])
            .env(CRASH_ROOT_ENV, tmp.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(150 + 97 * round));
        child.kill().unwrap(); // SIGKILL: no destructor, no cleanup runs.
        child.wait().unwrap();

        let log = fs::read_to_string(tmp.path().join("log")).unwrap_or_default();
        // Finished imports must be there, finished removals gone; a removal the
        // kill interrupted may have gone either way.
        let mut expected = std::collections::BTreeSet::new();
        let mut gone = std::collections::BTreeSet::new();
        for line in log.lines() {
            match line.split_once(' ') {
                Some(("added", id)) => {
                    expected.insert(id.to_owned());
                }
                Some(("removing", id)) => {
                    expected.remove(id);
                }
                Some(("removed", id)) => {
                    gone.insert(id.to_owned());
                }
                _ => {}
            }
        }
        let library = UserLibrary::open(root.clone()).unwrap();
        let listed: std::collections::BTreeSet<String> =
            ids(&library.list().unwrap()).into_iter().collect();
        let missing: Vec<_> = expected.difference(&listed).collect();
        assert!(missing.is_empty(), "round {round}: lost {missing:?}");
        let back: Vec<_> = gone.intersection(&listed).collect();
        assert!(
            back.is_empty(),
            "round {round}: removed plans came back: {back:?}"
        );
        for id in bundled_ids() {
            assert!(listed.contains(&id), "round {round}: bundled {id} lost");
        }
        // Folder and manifest agree; nothing half-written is left.
        let on_disk: Vec<String> = files(&root)
            .into_iter()
            .filter(|n| n.ends_with(".txt"))
            .collect();
        let in_manifest: Vec<String> = library
            .list()
            .unwrap()
            .into_iter()
            .map(|e| e.file)
            .collect();
        assert_eq!(on_disk, in_manifest, "round {round}");
        assert!(files(&root).iter().all(|n| !n.starts_with(".tmp-")));
        let report = library.load().unwrap();
        assert!(
            report.skipped.is_empty(),
            "round {round}: {:?}",
            report.skipped
        );
        assert_eq!(report.docs.len(), listed.len());
    }
    let log = fs::read_to_string(tmp.path().join("log")).unwrap_or_default();
    assert!(
        log.lines().count() > 6,
        "the child did too little work to test: {log}"
    );
}

/// A plan read from a folder keeps only where its text is: the reader reads the file again,
/// gets exactly the text the tasks were found in, and is told when the file has changed or
/// gone since, instead of being shown task positions that no longer fit.
#[test]
fn the_reader_reads_a_plan_again_from_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (name, text) = plans().remove(1);
    // GB18030 on disk: reading again goes through the same decoding.
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let path = write(tmp.path(), &name, &gbk);
    let loaded = planscope::loader::load_corpus_dir(tmp.path()).unwrap();
    let doc = &loaded.library.documents[0];
    assert_eq!(doc.text, planscope::model::PlanText::File(path.clone()));
    let again = corpus::plan_text(doc).unwrap();
    assert_eq!(&*again, text.as_str());
    let chars: Vec<char> = again.chars().collect();
    let task = &loaded.library.tasks[0];
    let spanned: String = chars[task.span[0]..task.span[1]].iter().collect();
    assert!(spanned.contains(&task.title), "{spanned}");

    fs::write(&path, format!("{text}\n补充一行。")).unwrap();
    let err = corpus::plan_text(doc).unwrap_err();
    assert!(matches!(err, Error::Changed(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("has changed since PlanScope read the library"),
        "{err}"
    );

    fs::remove_file(&path).unwrap();
    let err = corpus::plan_text(doc).unwrap_err();
    assert!(err.to_string().contains("no such file"), "{err}");

    // The bundled plans have no file of their own: their text is held.
    let bundled = planscope::loader::load_bundled();
    let doc = &bundled.library.documents[0];
    assert!(matches!(doc.text, planscope::model::PlanText::Held(_)));
    assert_eq!(&*corpus::plan_text(doc).unwrap(), plans()[0].1.as_str());
}
