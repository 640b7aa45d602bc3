use super::write::{
    LEADING, LEFT, PITCH, SIZE, Setting, TOP, layout_pages, package, page_xml, standard_parts,
    text_object,
};
use super::*;
use crate::corpus::testing::{bundled, parse, tasks};

fn read(bytes: &[u8]) -> Result<String> {
    ofd_text(Path::new("plan.ofd"), bytes)
}

const BUNDLED: [&str; 5] = [
    "000_8b95ee374a2f737e",
    "001_9325462992e5c8a8",
    "002_a020166e6046ec20",
    "003_cd4e9433b3b1c059",
    "004_f6a32ac2bee2fa3b",
];

/// A bundled plan's paragraphs (its non-empty lines).
fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn check_plan(id: &str, bytes: &[u8]) {
    let txt = bundled(id);
    let text = read(bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
    // The .txt keeps a few page numbers of the print it was taken from ("—５４—"); set
    // at the head or foot of a page they go as page numbers do.
    let want: Vec<String> = paragraphs(&txt)
        .into_iter()
        .filter(|l| !layout::is_page_number(l))
        .collect();
    let got: Vec<&str> = text
        .lines()
        .filter(|l| !layout::is_page_number(l))
        .collect();
    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        assert_eq!(w, g, "{id}: paragraph {i}");
    }
    assert_eq!(want.len(), got.len(), "{id}: paragraph count");
    let (a, b) = (parse(id, txt), parse(id, text));
    assert!(!a.tasks.is_empty());
    assert_eq!(tasks(&a), tasks(&b), "{id}");
    assert_eq!(a.document.goals.len(), b.document.goals.len(), "{id}");
}

#[test]
fn bundled_plans_read_back_with_the_same_tasks() {
    for id in BUNDLED {
        let bytes = write_ofd(&paragraphs(&bundled(id)));
        check_plan(id, &bytes);
    }
}

#[test]
fn bundled_plans_set_by_count_read_back() {
    // Every character a full pitch and lines cut at 28 characters, Latin included;
    // shorter pages.
    let setting = Setting {
        narrow_half: false,
        lines_per_page: 17,
        ..Setting::default()
    };
    for id in BUNDLED {
        let pages = layout_pages(&paragraphs(&bundled(id)), &setting);
        assert!(pages.len() > 2, "{id}");
        check_plan(id, &package(&standard_parts(pages, "")));
    }
}

#[test]
fn bundled_plan_with_one_object_per_character_reads_back() {
    // Converters from PDF often write each character as its own object.
    let id = "003_cd4e9433b3b1c059";
    let pages = layout_pages(&paragraphs(&bundled(id)), &Setting::default());
    let split: Vec<String> = pages
        .iter()
        .map(|page| {
            let re = regex::Regex::new(
                r#"<ofd:TextObject ID="\d+" Boundary="([\d.]+) ([\d.]+) [^"]*" Font="1" Size="[\d.]+"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="[\d.]+" DeltaX="[^"]*">([^<]*)</ofd:TextCode></ofd:TextObject>"#,
            )
            .unwrap();
            let mut objects = String::new();
            for cap in re.captures_iter(page) {
                let x: f64 = cap[1].parse().unwrap();
                let y: f64 = cap[2].parse::<f64>().unwrap() + SIZE;
                let text = cap[3]
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'");
                let mut at = x;
                for c in text.chars() {
                    let a = if super::page::is_wide(c) { PITCH } else { PITCH / 2.0 };
                    objects.push_str(&text_object(1, at, y, &c.to_string(), &[a]));
                    at += a;
                }
            }
            page_xml(&objects, "")
        })
        .collect();
    check_plan(id, &package(&standard_parts(split, "")));
}

/// A package of one document with these pages (page XML bodies: the objects of the
/// body layer), and extra parts.
fn ofd(pages: &[&str], extra_parts: &[(&str, &str)], common: &str) -> Vec<u8> {
    let mut parts = standard_parts(pages.iter().map(|p| page_xml(p, "")).collect(), common);
    parts.extend(
        extra_parts
            .iter()
            .map(|(n, d)| (n.to_string(), d.to_string())),
    );
    package(&parts)
}

/// One line of text at a line position (0-based) of the page, indented by `indent`
/// characters, each character a full pitch.
fn line(i: usize, indent: usize, text: &str) -> String {
    let advances = vec![PITCH; text.chars().count()];
    text_object(
        i + 1,
        LEFT + indent as f64 * PITCH,
        TOP + i as f64 * LEADING,
        text,
        &advances,
    )
}

#[test]
fn text_codes_runs_and_delta_x_repeats() {
    // One object: two codes on one line (the second placed after the first), then a
    // code on the next line without X (it keeps the X before), DeltaX with `g`.
    let page = format!(
        r#"<ofd:TextObject ID="1" Boundary="{LEFT} {top} 120 20" Size="3.7"><ofd:TextCode X="0" Y="3.7" DeltaX="g 3 4">一二三四</ofd:TextCode><ofd:TextCode X="16" Y="3.7" DeltaX="4 g 2 4">五六七八</ofd:TextCode><ofd:TextCode Y="13.2" DeltaX="g 4 4 2 2">甲乙丙丁AB</ofd:TextCode></ofd:TextObject>"#,
        top = TOP - 3.7
    );
    assert_eq!(
        read(&ofd(&[&page], &[], "")).unwrap(),
        "一二三四五六七八\n甲乙丙丁AB"
    );
    assert_eq!(
        super::page::deltas("g 3 5.2 1 g 2 0.5", 99),
        vec![5.2, 5.2, 5.2, 1.0, 0.5, 0.5]
    );
    assert_eq!(super::page::deltas("g 100000000 1", 4).len(), 4);
    assert_eq!(super::page::deltas("g x", 4), Vec::<f64>::new());
}

#[test]
fn entities_decode_and_prefixes_may_be_absent() {
    let page = r#"<?xml version="1.0"?><Page xmlns="http://www.ofdspec.org/2016"><Content><Layer><TextObject Boundary="30 40 100 10" Size="4"><TextCode X="0" Y="4" DeltaX="g 5 4">A&amp;B&#x4E2D;&lt;</TextCode></TextObject></Layer></Content></Page>"#;
    let mut parts = standard_parts(vec![page.to_owned()], "");
    parts.retain(|(n, _)| n != "OFD.xml");
    parts.push((
        "OFD.xml".to_owned(),
        r#"<OFD xmlns="http://www.ofdspec.org/2016"><DocBody><DocRoot>/Doc_0/Document.xml</DocRoot></DocBody></OFD>"#.to_owned(),
    ));
    assert_eq!(read(&package(&parts)).unwrap(), "A&B中<");
}

#[test]
fn page_blocks_nest_and_rotated_text_is_left_out() {
    let page = format!(
        r#"<ofd:PageBlock ID="9"><ofd:PageBlock ID="8">{}</ofd:PageBlock></ofd:PageBlock>{}<ofd:TextObject ID="7" Boundary="60 120 40 40" Size="6" CTM="0.7071 0.7071 -0.7071 0.7071 0 0"><ofd:TextCode X="0" Y="6">此件公开</ofd:TextCode></ofd:TextObject><ofd:ImageObject ID="6" Boundary="0 0 10 10" ResourceID="5"/>"#,
        line(0, 2, "一、总体要求"),
        line(1, 2, "坚持问题导向。"),
    );
    assert_eq!(
        read(&ofd(&[&page], &[], "")).unwrap(),
        "一、总体要求\n坚持问题导向。"
    );
}

#[test]
fn a_scaled_object_is_placed_by_its_ctm() {
    // Half-size coordinates scaled up by the CTM land on the same lines.
    let page = format!(
        r#"{}<ofd:TextObject ID="5" Boundary="{LEFT} {top} 60 10" Size="1.85" CTM="2 0 0 2 0 0"><ofd:TextCode X="0" Y="1.85" DeltaX="g 5 2">规划的实施。</ofd:TextCode></ofd:TextObject>"#,
        line(0, 2, "加强组织领导，明确责任分工，统筹推进二十八个字的").to_owned()
            + &line(1, 0, "工作体系，形成上下联动、部门协同、齐抓共管的良好格局"),
        top = TOP + 2.0 * LEADING - SIZE,
    );
    assert_eq!(
        read(&ofd(&[&page], &[], "")).unwrap(),
        "加强组织领导，明确责任分工，统筹推进二十八个字的工作体系，形成上下联动、部门协同、齐抓共管的良好格局规划的实施。"
    );
}

#[test]
fn templates_stamps_signatures_page_numbers_and_running_heads_are_left_out() {
    let template = page_xml(&line(0, 0, "模板页眉文字"), "");
    let common = r#"<ofd:TemplatePage ID="50" BaseLoc="Tpls/Tpl_0/Content.xml"/>"#;
    let head = text_object(90, 80.0, 20.0, "某某省人民政府办公厅", &[PITCH; 10]);
    let pages: Vec<String> = (0..3)
        .map(|n| {
            let mut page = format!(r#"<ofd:Template TemplateID="50" ZOrder="Background"/>{head}"#);
            for i in 0..3 {
                let text = if n == 2 && i == 2 {
                    "（省发展改革委负责）".to_owned()
                } else {
                    format!(
                        "推进数字基础设施建设二十八个字一行的正文内容第{}{}行",
                        n + 1,
                        i + 1
                    )
                    .replace('1', "一")
                    .replace('2', "二")
                    .replace('3', "三")
                };
                page.push_str(&line(i, 0, &text));
            }
            let label = ["— 1 —", "- 2 -", "第3页 共3页"][n];
            page.push_str(&text_object(
                91,
                95.0,
                280.0,
                label,
                &[PITCH; 12][..label.chars().count()],
            ));
            page
        })
        .collect();
    let stamp = r#"<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Annot ID="60" Type="Stamp"><ofd:Appearance Boundary="100 200 40 40"><ofd:TextObject ID="61" Boundary="0 0 40 40" Size="5"><ofd:TextCode X="0" Y="5">专用章</ofd:TextCode></ofd:TextObject></ofd:Appearance></ofd:Annot></ofd:PageAnnot>"#;
    let mut parts = standard_parts(pages.iter().map(|p| page_xml(p, "")).collect(), common);
    parts.push(("Doc_0/Tpls/Tpl_0/Content.xml".to_owned(), template));
    parts.push((
        "Doc_0/Annots/Annotations.xml".to_owned(),
        r#"<ofd:Annotations xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Page PageID="100"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"#.to_owned(),
    ));
    parts.push((
        "Doc_0/Annots/Page_0/Annotation.xml".to_owned(),
        stamp.to_owned(),
    ));
    parts.push((
        "Doc_0/Signs/Signatures.xml".to_owned(),
        r#"<ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>"#.to_owned(),
    ));
    parts.push((
        "Doc_0/Signs/Sign_0/Seal.esl".to_owned(),
        "\u{0}\u{1}seal印章".to_owned(),
    ));
    let text = read(&package(&parts)).unwrap();
    let body: String = (1..=3)
        .flat_map(|n| (1..=3).map(move |i| (n, i)))
        .take(8)
        .map(|(n, i)| {
            format!("推进数字基础设施建设二十八个字一行的正文内容第{n}{i}行")
                .replace('1', "一")
                .replace('2', "二")
                .replace('3', "三")
        })
        .collect();
    assert_eq!(text, format!("{body}（省发展改革委负责）"));
}

#[test]
fn several_documents_are_read_in_order() {
    let mut parts = standard_parts(vec![page_xml(&line(0, 2, "第一个文件。"), "")], "");
    let second = standard_parts(vec![page_xml(&line(0, 2, "第二个文件。"), "")], "");
    for (name, data) in second {
        if name.starts_with("Doc_0/") {
            parts.push((name.replacen("Doc_0/", "Doc_1/", 1), data));
        }
    }
    for (name, data) in parts.iter_mut() {
        if name == "OFD.xml" {
            *data = data.replace(
                "</ofd:DocBody>",
                "</ofd:DocBody><ofd:DocBody><ofd:DocRoot>Doc_1/Document.xml</ofd:DocRoot></ofd:DocBody>",
            );
        }
    }
    assert_eq!(
        read(&package(&parts)).unwrap(),
        "第一个文件。\n第二个文件。"
    );
}

#[test]
fn a_table_reads_as_tab_separated_rows() {
    let cell = |row: usize, x: f64, text: &str| {
        text_object(
            1,
            x,
            TOP + row as f64 * LEADING,
            text,
            &vec![PITCH; text.chars().count()],
        )
    };
    let mut page = line(0, 2, "附表：重点任务分工。");
    let (c0, c1, c2) = (LEFT, LEFT + 16.0, LEFT + 80.0);
    for (row, cells) in [
        (1, vec![(c0, "序号"), (c1, "重点任务"), (c2, "牵头单位")]),
        (
            2,
            vec![
                (c0, "1"),
                (c1, "建设高速泛在的网络，"),
                (c2, "省通信管理局"),
            ],
        ),
        (3, vec![(c1, "推进5G基站建设")]),
        (4, vec![(c0, "2"), (c1, "建设数据中心"), (c2, "省大数据局")]),
    ] {
        for (x, text) in cells {
            page.push_str(&cell(row, x, text));
        }
    }
    page.push_str(&line(5, 2, "各地要抓好落实。"));
    assert_eq!(
        read(&ofd(&[&page], &[], "")).unwrap(),
        "附表：重点任务分工。\n序号\t重点任务\t牵头单位\n1\t建设高速泛在的网络，推进5G基站建设\t省通信管理局\n2\t建设数据中心\t省大数据局\n各地要抓好落实。"
    );
}

#[test]
fn a_line_with_one_wide_gap_is_not_a_table() {
    let page = format!(
        "{}{}",
        line(0, 2, "山东省大数据局"),
        text_object(2, LEFT + 60.0, TOP, "2023年11月14日", &[PITCH; 11]),
    );
    assert_eq!(
        read(&ofd(&[&page], &[], "")).unwrap(),
        "山东省大数据局2023年11月14日"
    );
}

fn err(bytes: &[u8]) -> String {
    match read(bytes) {
        Ok(t) => panic!("read {t:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn an_ofd_of_images_has_no_text_layer() {
    let page = r#"<ofd:ImageObject ID="3" Boundary="0 0 210 297" ResourceID="4"/>"#;
    let bytes = ofd(&[page, page], &[("Doc_0/Res/image_0.png", "\u{89}PNG")], "");
    let e = read(&bytes).unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e:?}");
    assert!(e.to_string().contains("no text layer"), "{e}");
    let empty = err(&ofd(&[""], &[], ""));
    assert!(empty.contains("contains no text"), "{empty}");
}

#[test]
fn an_encrypted_ofd_says_so() {
    let mut parts = standard_parts(vec![page_xml(&line(0, 0, "正文"), "")], "");
    for (name, data) in parts.iter_mut() {
        if name == "OFD.xml" {
            *data = data.replace(
                "</ofd:DocBody>",
                "<ofd:Encryptions>Encryptions.xml</ofd:Encryptions></ofd:DocBody>",
            );
        }
    }
    let e = read(&package(&parts)).unwrap_err();
    assert!(
        matches!(e, Error::Unsupported { .. }) && e.to_string().contains("encrypted"),
        "{e}"
    );
    let mut parts = standard_parts(vec![page_xml(&line(0, 0, "正文"), "")], "");
    parts.push(("Encryptions.xml".to_owned(), "<Encryptions/>".to_owned()));
    assert!(err(&package(&parts)).contains("encrypted"));
}

#[test]
fn missing_parts_and_broken_xml_are_errors() {
    let good = standard_parts(vec![page_xml(&line(0, 0, "正文内容"), "")], "");
    let without = |part: &str| {
        let parts: Vec<_> = good.iter().filter(|(n, _)| n != part).cloned().collect();
        package(&parts)
    };
    let replaced = |part: &str, xml: &str| {
        let parts: Vec<_> = good
            .iter()
            .map(|(n, d)| {
                (
                    n.clone(),
                    if n == part { xml.to_owned() } else { d.clone() },
                )
            })
            .collect();
        package(&parts)
    };
    for (bytes, says) in [
        (
            without("Doc_0/Document.xml"),
            "Doc_0/Document.xml is missing",
        ),
        (
            without("Doc_0/Pages/Page_0/Content.xml"),
            "Page_0/Content.xml is missing",
        ),
        (
            replaced(
                "Doc_0/Pages/Page_0/Content.xml",
                "<ofd:Page><ofd:Content></ofd:Page>",
            ),
            "not well-formed XML",
        ),
        (
            replaced("OFD.xml", "<ofd:OFD><ofd:DocBody>"),
            "names no document",
        ),
        (
            replaced("OFD.xml", "<ofd:OFD></ofd:DocBody>"),
            "not well-formed",
        ),
        (
            replaced("Doc_0/Document.xml", "<a><b></a>"),
            "not well-formed",
        ),
        (replaced("Doc_0/Document.xml", "\u{feff}"), "it is empty"),
        (
            package(&[("OFD.xml", &b"\xff\xfe\xfd"[..])]),
            "not valid UTF-8",
        ),
        (package(&[("readme.txt", "x")]), "OFD.xml is missing"),
        (
            b"PK\x03\x04 not really a zip".to_vec(),
            "damaged or incomplete",
        ),
    ] {
        let e = read(&bytes).unwrap_err();
        assert!(
            matches!(e, Error::Unreadable { .. } | Error::Unsupported { .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains(says), "{e} (wanted: {says})");
    }
}

#[test]
fn truncated_or_corrupted_files_never_panic() {
    let paras = paragraphs(&bundled("003_cd4e9433b3b1c059"));
    let bytes = write_ofd(&paras[..12]);
    let step = (bytes.len() / 150).max(1);
    for cut in (0..bytes.len()).step_by(step) {
        if let Ok(text) = read(&bytes[..cut]) {
            assert!(!text.is_empty());
        }
    }
    let mut flipped = bytes.clone();
    for i in (0..bytes.len()).step_by((bytes.len() / 300).max(1)) {
        for mask in [0x01u8, 0x80, 0xff] {
            if let Some(b) = flipped.get_mut(i) {
                *b ^= mask;
            }
            let _ = read(&flipped);
            if let Some(b) = flipped.get_mut(i) {
                *b ^= mask;
            }
        }
    }
    // Flipped bytes in the pages' XML itself (stored, so the XML is damaged, not the
    // compression).
    let parts = standard_parts(layout_pages(&paras[..6], &Setting::default()), "");
    let page = &parts.last().unwrap().1;
    for i in (0..page.len()).step_by(97) {
        let mut broken = page.as_bytes().to_vec();
        if let Some(b) = broken.get_mut(i) {
            *b = b'<';
        }
        let mut damaged: Vec<(String, Vec<u8>)> = parts
            .iter()
            .map(|(n, d)| (n.clone(), d.as_bytes().to_vec()))
            .collect();
        if let Some(last) = damaged.last_mut() {
            last.1 = broken;
        }
        let _ = read(&package(&damaged));
    }
}

#[test]
fn a_zip_bomb_is_refused() {
    let huge = vec![b' '; (MAX_PART_BYTES + 10) as usize];
    let bytes = package(&[("OFD.xml", huge)]);
    assert!(bytes.len() < 1024 * 1024);
    let e = err(&bytes);
    assert!(e.contains("more than"), "{e}");
}

#[test]
fn read_file_dispatches_ofd_by_content() {
    use crate::corpus::decode_bytes;
    let bytes = write_ofd(&["一、总体要求".to_owned(), "坚持系统观念。".to_owned()]);
    for name in ["plan.ofd", "plan.zip", "plan.docx"] {
        assert_eq!(
            decode_bytes(Path::new(name), bytes.clone()).unwrap(),
            "一、总体要求\n坚持系统观念。",
            "{name}"
        );
    }
    let e = decode_bytes(Path::new("plan.ofd"), "不是压缩包".into()).unwrap_err();
    assert!(matches!(e, Error::Unreadable { .. }), "{e:?}");
    // A package named .ofd is read for what it holds: a Word body as Word; anything else
    // as an OFD, which says what it lacks.
    let docx_like = package(&[("word/document.xml", "<w:document/>")]);
    let e = decode_bytes(Path::new("plan.ofd"), docx_like).unwrap_err();
    assert!(e.to_string().contains(".docx contains no text"), "{e}");
    let other = package(&[("notes.xml", "<notes/>")]);
    let e = decode_bytes(Path::new("plan.ofd"), other).unwrap_err();
    assert!(e.to_string().contains("OFD.xml is missing"), "{e}");
}

#[test]
fn a_running_head_without_a_gap_goes_and_a_repeated_table_heading_stays_once() {
    // Each page: the plan's title as a running head on the first line (no wider gap),
    // a table whose heading row is repeated, and a page number.
    let cell = |row: usize, x: f64, text: &str| {
        text_object(
            1,
            x,
            TOP + row as f64 * LEADING,
            text,
            &vec![PITCH; text.chars().count()],
        )
    };
    let (c0, c1, c2) = (LEFT, LEFT + 16.0, LEFT + 80.0);
    let pages: Vec<String> = (0..3)
        .map(|n| {
            let mut page = cell(0, LEFT + 30.0, "某某行动方案");
            for (row, cells) in [
                (
                    1,
                    [
                        (c0, "序号".to_owned()),
                        (c1, "重点任务".to_owned()),
                        (c2, "牵头单位".to_owned()),
                    ],
                ),
                (
                    2,
                    [
                        (c0, format!("{}", 2 * n + 1)),
                        (c1, format!("任务{}", 2 * n + 1)),
                        (c2, "省发展改革委".to_owned()),
                    ],
                ),
                (
                    3,
                    [
                        (c0, format!("{}", 2 * n + 2)),
                        (c1, format!("任务{}", 2 * n + 2)),
                        (c2, "省财政厅".to_owned()),
                    ],
                ),
            ] {
                for (x, text) in cells {
                    page.push_str(&cell(row, x, &text));
                }
            }
            page.push_str(&cell(4, 100.0, &format!("- {} -", n + 1)));
            page
        })
        .collect();
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let text = read(&ofd(&pages, &[], "")).unwrap();
    assert_eq!(
        text,
        "序号\t重点任务\t牵头单位\n1\t任务1\t省发展改革委\n2\t任务2\t省财政厅\n3\t任务3\t省发展改革委\n4\t任务4\t省财政厅\n5\t任务5\t省发展改革委\n6\t任务6\t省财政厅"
    );
}

#[test]
fn bundled_plan_without_delta_x_and_with_a_running_head_reads_back() {
    // No DeltaX (the font's advances are not known: they are estimated), and the
    // plan's title as a running head over the text of every page.
    let id = "000_8b95ee374a2f737e";
    let delta = regex::Regex::new(r#" DeltaX="[^"]*""#).unwrap();
    let head = text_object(
        9,
        70.0,
        25.0,
        "山东省数字基础设施建设行动方案",
        &[PITCH; 15],
    );
    let pages: Vec<String> = layout_pages(&paragraphs(&bundled(id)), &Setting::default())
        .iter()
        .map(|p| {
            delta.replace_all(p, "").replace(
                r#"<ofd:Layer ID="2" Type="Body">"#,
                &format!(r#"<ofd:Layer ID="2" Type="Body">{head}"#),
            )
        })
        .collect();
    assert!(pages.len() > 5);
    check_plan(id, &package(&standard_parts(pages, "")));
}
