//! Property-based fuzzing of decoding and extraction: arbitrary bytes in any of the
//! accepted formats, and arbitrary plan-like text (headings, items, brackets,
//! numbers, columns, tables, debris, broken lines), must never panic. The case count
//! comes from PROPTEST_CASES (256 by default); the long run recorded in the README
//! used `PROPTEST_CASES=… cargo test --release --test it fuzz`.

use std::path::Path;

use planscope::corpus::{DocMeta, SourceDoc, decode_bytes};
use planscope::extract::{AliasTable, build_library, parse_document};
use proptest::prelude::*;

/// Pieces plans are made of, including the awkward ones.
const PIECES: &[&str] = &[
    "一、",
    "二、",
    "十二、",
    "（一）",
    "(二)",
    "（十）",
    "1.",
    "2、",
    "１",
    "12.",
    "(1)",
    "①",
    "1)",
    "专栏",
    "工程专栏 3 ",
    "专栏１　",
    "第一章 ",
    "抄送：",
    "（责任单位：",
    "(责\n任单位：",
    "牵头单位：",
    "；配合单位：",
    "分工负责",
    "负责，",
    "配合）",
    "参与)",
    "）",
    ")",
    "【",
    "】",
    "省工业和信息化厅",
    "各市政府",
    "、",
    "，",
    "。",
    ".",
    "到2025年",
    "20",
    "25万个",
    "99%",
    "12.5EFLOPS",
    "5G",
    "±800千伏",
    "“1+30+N”",
    "1-2个",
    "最高5000元",
    "达到",
    "以上",
    "左右",
    "力争",
    "\n",
    "\n\n",
    "—４３—",
    "　　",
    "指标名称 (单位) ２０２０年 ２０２２年 属性\n",
    "５G基站数 (万个) ５１ / 约束性\n",
    "建设",
    "平台",
    "等项目建设",
    "#### ",
    "- ",
    "\u{feff}",
    "\r\n",
    "𠀀",
    "\u{3000}",
    "ＩＰｖ６",
    "总体要求",
    "保障措施",
];

fn plan_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => "[\\p{Han}]{1,12}",
            1 => any::<String>(),
        ],
        0..200,
    )
    .prop_map(|v| v.concat())
}

fn doc(text: String) -> SourceDoc {
    SourceDoc {
        id: "fuzz".into(),
        source: "fuzz.txt".into(),
        meta: DocMeta::default(),
        text,
        hash: String::new(),
        file: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn fuzz_extraction_never_panics(text in plan_like()) {
        let parsed = parse_document(&doc(text.clone()));
        let chars = text.chars().count();
        for t in &parsed.tasks {
            prop_assert!(t.span[0] <= t.span[1] && t.span[1] <= chars);
            prop_assert!(!t.title.contains('\n'));
        }
        let lib = build_library(vec![doc(text)], &AliasTable::bundled());
        prop_assert_eq!(lib.tasks.len(), parsed.tasks.len());
    }

    #[test]
    fn fuzz_decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..4096), ext in prop::sample::select(&["txt", "md", "docx", "pdf", "doc", "bin"][..])) {
        let path = format!("fuzz.{ext}");
        if let Ok(text) = decode_bytes(Path::new(&path), bytes) {
            // Whatever decodes must parse.
            let _ = parse_document(&doc(text));
        }
    }

    #[test]
    fn fuzz_text_in_every_encoding_round_trips(text in "[\\p{Han}，。、0-9a-zA-Z（）\n]{1,400}") {
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
        prop_assume!(!unmappable);
        if let Ok(decoded) = decode_bytes(Path::new("p.txt"), gbk.into_owned()) {
            prop_assert_eq!(parse_document(&doc(decoded)).tasks.len(), parse_document(&doc(text.clone())).tasks.len());
        }
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        if let Ok(decoded) = decode_bytes(Path::new("p.txt"), le) {
            prop_assert_eq!(decoded, text.replace("\r\n", "\n"));
        }
    }
}

/// A valid file of each structured format, small: what the mutation fuzzing starts from.
/// (.doc and .ofd and the web pages are written by PlanScope's own fixture writers; the
/// .xls is the committed fixture made by the office suite.)
fn seeds() -> &'static [(&'static str, Vec<u8>)] {
    use planscope::corpus::fixtures;
    static SEEDS: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let paras: Vec<String> = [
            "关于加快数字经济发展的实施方案",
            "一、总体要求",
            "到2025年，全省数字经济核心产业增加值达到5000亿元。",
            "二、重点任务",
            "（一）建设数字基础设施。加快5G网络建设，建成5G基站10万个。（省通信管理局牵头，省工业和信息化厅配合）",
            "序号\t重点任务\t牵头单位\t完成时限",
            "1\t推进千兆光网覆盖。\t省通信管理局\t2025年底",
        ]
        .map(str::to_owned)
        .to_vec();
        let rows: Vec<Vec<String>> = paras
            .iter()
            .map(|p| p.split('\t').map(str::to_owned).collect())
            .collect();
        let xls = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheet/fengong.xls"),
        )
        .unwrap_or_default();
        vec![
            ("docx", fixtures::write_docx(&paras)),
            ("xlsx", fixtures::write_xlsx(&rows)),
            ("xls", xls),
            ("doc", fixtures::write_doc(&paras)),
            ("ofd", fixtures::write_ofd(&paras)),
            ("html", fixtures::write_html(&paras)),
            ("mhtml", fixtures::write_mhtml(&paras)),
            (
                "xls",
                concat!(
                    r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" "#,
                    r#"xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="表"><Table>"#,
                    r#"<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">一、重点任务</Data></Cell></Row>"#,
                    r#"<Row><Cell><Data ss:Type="String">序号</Data></Cell><Cell><Data ss:Type="String">重点任务</Data></Cell>"#,
                    r#"<Cell><Data ss:Type="String">牵头单位</Data></Cell></Row><Row ss:Index="4"><Cell ss:MergeDown="3">"#,
                    r#"<Data ss:Type="Number">1</Data></Cell><Cell ss:Index="3"><Data ss:Type="String">省通信管理局&amp;</Data>"#,
                    r#"</Cell></Row></Table></Worksheet></Workbook>"#
                )
                .as_bytes()
                .to_vec(),
            ),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A valid .docx/.xlsx/.xls/.doc/.ofd/.html/.mhtml/XML spreadsheet cut off anywhere and with bytes
    /// overwritten anywhere: read or refused with an error, never a panic or a hang, and
    /// whatever is read parses.
    #[test]
    fn fuzz_damaged_files_of_every_format(
        which in 0usize..8,
        keep in 0.0f64..=1.0,
        flips in prop::collection::vec((any::<u32>(), any::<u8>()), 0..24),
    ) {
        let (ext, seed) = &seeds()[which];
        let mut bytes = seed.clone();
        let len = ((bytes.len() as f64) * keep) as usize;
        bytes.truncate(len.max(1));
        let n = bytes.len();
        for (at, b) in flips {
            bytes[at as usize % n] = b;
        }
        if let Ok(text) = decode_bytes(Path::new(&format!("fuzz.{ext}")), bytes) {
            let _ = parse_document(&doc(text));
        }
    }
}
