//! Reader benchmark: `cargo bench --bench readers`.
//!
//! Writes the five bundled plans, repeated until each file is about 10 MB, in every
//! format PlanScope reads — .txt (UTF-8 and GB18030), .docx, .doc, .ofd, .html (GBK),
//! .mhtml and a .xlsx task table — and times turning each file into text
//! (`corpus::decode_bytes`, the whole reader: sniffing, unpacking, decoding, layout).
//! Each reader runs `RUNS` times; the table gives the median, the speed in MB of file
//! per second and in MB of text read per second, and each reader's time as a multiple of
//! the UTF-8 .txt reader's, measured in the same run. Prints one JSON line
//! (`READERS_JSON {...}`) too. `PLANSCOPE_BENCH_MB=2` makes smaller files.

use std::path::Path;
use std::time::Instant;

use planscope::corpus::{decode_bytes, fixtures};
use serde_json::json;

const RUNS: usize = 5;

fn main() {
    let target_mb: f64 = std::env::var("PLANSCOPE_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10.0);
    let target = (target_mb * 1024.0 * 1024.0) as usize;
    let paragraphs = bundled_paragraphs();
    let rows = task_rows(&paragraphs);

    type Writer<'a> = Box<dyn Fn(usize) -> Vec<u8> + 'a>;
    let repeat = |n: usize| -> Vec<String> {
        paragraphs
            .iter()
            .cycle()
            .take(paragraphs.len() * n)
            .cloned()
            .collect()
    };
    let formats: Vec<(&str, Writer)> = vec![
        ("txt", Box::new(|n| repeat(n).join("\n").into_bytes())),
        (
            "txt (GB18030)",
            Box::new(|n| {
                let text = repeat(n).join("\n");
                encoding_rs::GB18030.encode(&text).0.into_owned()
            }),
        ),
        ("docx", Box::new(|n| fixtures::write_docx(&repeat(n)))),
        ("doc", Box::new(|n| fixtures::write_doc(&repeat(n)))),
        ("ofd", Box::new(|n| fixtures::write_ofd(&repeat(n)))),
        ("html", Box::new(|n| fixtures::write_html(&repeat(n)))),
        ("mhtml", Box::new(|n| fixtures::write_mhtml(&repeat(n)))),
        (
            "xlsx",
            Box::new(|n| {
                let all: Vec<Vec<String>> =
                    rows.iter().cycle().take(rows.len() * n).cloned().collect();
                fixtures::write_xlsx(&all)
            }),
        ),
    ];

    let mut results = Vec::new();
    let mut txt_median = None;
    println!("| format | file MB | text MB | median s | MB/s (file) | MB/s (text) | time ÷ .txt |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (name, write) in &formats {
        // Scale the repetitions so the file comes out near the target size.
        let one = write(1).len().max(1);
        let n = (target / one).max(1);
        let bytes = write(n);
        let ext = name.split(' ').next().unwrap_or(name);
        let path = format!("plan.{ext}");
        let mut times = Vec::with_capacity(RUNS);
        let mut text_len = 0;
        for _ in 0..RUNS {
            let input = bytes.clone();
            let start = Instant::now();
            match decode_bytes(Path::new(&path), input) {
                Ok(text) => text_len = text.len(),
                Err(e) => {
                    println!("| {name} | failed: {e} |");
                    break;
                }
            }
            times.push(start.elapsed().as_secs_f64());
        }
        if times.is_empty() {
            continue;
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let file_mb = bytes.len() as f64 / 1e6;
        let text_mb = text_len as f64 / 1e6;
        if *name == "txt" {
            txt_median = Some(median);
        }
        let ratio = txt_median.map_or(f64::NAN, |t| median / t);
        println!(
            "| {name} | {file_mb:.1} | {text_mb:.1} | {median:.3} | {:.1} | {:.1} | {ratio:.1} |",
            file_mb / median,
            text_mb / median
        );
        results.push(json!({
            "format": name, "file_mb": file_mb, "text_mb": text_mb, "median_s": median,
            "file_mb_per_s": file_mb / median, "text_mb_per_s": text_mb / median,
            "ratio_to_txt": ratio,
        }));
    }
    println!(
        "READERS_JSON {}",
        json!({ "runs": RUNS, "readers": results })
    );
}

/// The paragraphs of the bundled plans, in order.
fn bundled_paragraphs() -> Vec<String> {
    planscope::corpus::bundled()
        .docs
        .iter()
        .flat_map(|doc| {
            doc.text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A task table made of the plans' paragraphs: 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限.
fn task_rows(paragraphs: &[String]) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for (i, p) in paragraphs.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            p.clone(),
            "省工业和信息化厅".to_owned(),
            "省发展改革委、省通信管理局".to_owned(),
            "2025年12月底".to_owned(),
        ]);
    }
    rows
}
