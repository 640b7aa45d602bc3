//! Search benchmark: `cargo bench --bench bench`.
//!
//! Scales the bundled plans to libraries of 1× (the five plans, 0.2 MB), 100× (≈ 22 MB)
//! and 1000× (≈ 220 MB): N× holds N copies of each bundled plan (so 500 and 5,000 files
//! with the size of ~100 and ~1,000 plans of 200 KB), each copy with its place names and
//! digits varied, so no two files are the same text. For each size it measures, each phase in a child process of its own so that its
//! peak memory (VmHWM) is its own:
//! - reading and extracting the library (for reference);
//! - raw jieba-rs segmentation speed on the indexed text, 1 and 2 threads (the ceiling
//!   indexing can reach; its ratio to the index build's speed is the figure to compare
//!   across runs on a noisy machine);
//! - building the persisted index (time, MB/s of indexed text, peak RSS);
//! - opening the persisted index in a fresh process and answering a first query;
//! - query latency p50/p99 over 30 realistic queries × many repetitions, snippets included.
//!
//! Prints a table and one JSON line (`BENCH_JSON {...}`). Environment:
//! `PLANSCOPE_BENCH_QUICK=1` skips the 1000× size; `PLANSCOPE_BENCH_SCALES=1,100` picks sizes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use planscope::index::{SearchIndex, SearchQuery, jieba};
use planscope::model::Library;
use serde_json::{Value, json};

const CHILD_ENV: &str = "PLANSCOPE_BENCH_CHILD";

/// Thirty questions of the kind an official types: topics, department short names,
/// 1–2 character terms, a multi-word query, an exclusion, a quoted phrase.
const QUERIES: [&str; 30] = [
    "量子通信",
    "充电桩",
    "智慧港口",
    "5G基站",
    "标识解析二级节点",
    "工信厅",
    "IPv6",
    "数据中心",
    "千兆光网",
    "物联网",
    "算力",
    "人工智能",
    "区块链",
    "工业互联网",
    "车联网",
    "卫星互联网",
    "北斗",
    "加氢站",
    "特高压",
    "数字孪生",
    "智算中心",
    "边缘计算",
    "大数据局",
    "港",
    "云",
    "省通信管理局",
    "智慧 交通",
    "充电桩 加氢站",
    "数字政府 -大数据",
    "\"新型基础设施\"",
];

const CITIES: [&str; 16] = [
    "济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂",
    "德州", "聊城", "滨州", "菏泽",
];
const PROVINCES: [&str; 12] = [
    "山东", "河南", "河北", "江苏", "浙江", "安徽", "福建", "江西", "湖北", "湖南", "广东", "四川",
];

fn main() {
    if let Ok(phase) = std::env::var(CHILD_ENV) {
        let args: Vec<String> = std::env::args().collect();
        let out = match phase.as_str() {
            "build" => child_build(
                Path::new(&args[args.len() - 2]),
                Path::new(&args[args.len() - 1]),
            ),
            "open" => child_open(
                Path::new(&args[args.len() - 2]),
                Path::new(&args[args.len() - 1]),
            ),
            "jieba" => child_jieba(Path::new(&args[args.len() - 2])),
            other => json!({ "error": format!("unknown phase {other}") }),
        };
        println!("{out}");
        return;
    }
    let scales = scales();
    let root = tempfile::tempdir().expect("temporary folder");
    let mut rows = Vec::new();
    for scale in scales {
        let corpus = if scale == 1 {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
        } else {
            let dir = root.path().join(format!("corpus-{scale}"));
            let t = Instant::now();
            let bytes = generate(&dir, scale);
            eprintln!(
                "generated {scale} copies of each plan, {:.1} MB, in {:.1} s",
                bytes as f64 / 1e6,
                t.elapsed().as_secs_f64()
            );
            dir
        };
        let index_dir = root.path().join(format!("index-{scale}"));
        eprintln!("{scale}×: raw jieba segmentation …");
        let jieba = child("jieba", &corpus, &index_dir);
        eprintln!("{scale}×: building the index …");
        let build = child("build", &corpus, &index_dir);
        eprintln!("{scale}×: opening it in a fresh process and querying …");
        let open = child("open", &corpus, &index_dir);
        let _ = std::fs::remove_dir_all(&index_dir);
        if scale != 1 {
            let _ = std::fs::remove_dir_all(&corpus);
        }
        rows.push(json!({ "scale": scale, "build": build, "jieba": jieba, "open": open }));
    }
    print_table(&rows);
    println!("BENCH_JSON {}", json!({ "rows": rows }));
}

fn scales() -> Vec<usize> {
    if let Ok(list) = std::env::var("PLANSCOPE_BENCH_SCALES") {
        let picked: Vec<usize> = list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        if !picked.is_empty() {
            return picked;
        }
    }
    if std::env::var("PLANSCOPE_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0") {
        vec![1, 100]
    } else {
        vec![1, 100, 1000]
    }
}

/// Runs a phase in a child process and returns its JSON line.
fn child(phase: &str, corpus: &Path, index_dir: &Path) -> Value {
    let exe = std::env::current_exe().expect("bench executable");
    let out = Command::new(exe)
        .env(CHILD_ENV, phase)
        .arg(corpus)
        .arg(index_dir)
        .output()
        .expect("run the bench child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("{}");
    let v: Value = serde_json::from_str(line).unwrap_or(Value::Null);
    if !out.status.success() || v.is_null() {
        eprintln!(
            "phase {phase} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    v
}

/// Writes `copies` varied copies of each bundled plan into `dir`; returns the bytes written.
fn generate(dir: &Path, copies: usize) -> u64 {
    std::fs::create_dir_all(dir).expect("corpus folder");
    let bundled = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&bundled)
        .expect("bundled corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (stem, std::fs::read_to_string(&p).expect("bundled plan"))
        })
        .collect();
    texts.sort();
    let mut bytes = 0;
    for i in 0..copies {
        for (j, (stem, t)) in texts.iter().enumerate() {
            let text = vary(t, i * texts.len() + j);
            bytes += text.len() as u64;
            std::fs::write(dir.join(format!("{i:04}_{stem}.txt")), text).expect("write plan");
        }
    }
    bytes
}

/// The text with its cities and province rotated and its digits shifted by `variant`.
fn vary(text: &str, variant: usize) -> String {
    let mut s = text.to_string();
    for (k, c) in CITIES.iter().enumerate() {
        s = s.replace(c, &format!("\u{e000}{k}\u{e001}"));
    }
    s = s.replace(PROVINCES[0], "\u{e002}");
    for k in 0..CITIES.len() {
        let to = CITIES[(k + variant) % CITIES.len()];
        s = s.replace(&format!("\u{e000}{k}\u{e001}"), to);
    }
    s = s.replace(
        '\u{e002}',
        PROVINCES[(variant / CITIES.len()) % PROVINCES.len()],
    );
    let shift = (variant % 9) as u32;
    s.chars()
        .map(|c| match c {
            '0'..='9' => {
                char::from_u32('0' as u32 + (c as u32 - '0' as u32 + shift) % 10).unwrap_or(c)
            }
            '０'..='９' => {
                char::from_u32('０' as u32 + (c as u32 - '０' as u32 + shift) % 10).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU seconds (user + system) this process has used so far, all threads.
fn cpu_s() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

fn load(corpus: &Path) -> (Library, f64, u64) {
    let t = Instant::now();
    let loaded = planscope::loader::load_corpus_dir(corpus).expect("load the corpus");
    let secs = t.elapsed().as_secs_f64();
    let file_bytes: u64 = std::fs::read_dir(corpus)
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    (loaded.library, secs, file_bytes)
}

/// The texts the index analyses (task texts, column items, indicator rows).
fn indexed_texts(lib: &Library) -> Vec<String> {
    let mut v: Vec<String> = lib
        .tasks
        .iter()
        .map(|t| format!("{}\n{}", t.title, t.text))
        .collect();
    for c in &lib.columns {
        v.extend(c.items.iter().cloned());
    }
    v.extend(lib.indicators.iter().map(planscope::index::indicator_text));
    v
}

/// The bytes of [`indexed_texts`], counted without copying them.
fn indexed_bytes(lib: &Library) -> usize {
    let tasks: usize = lib
        .tasks
        .iter()
        .map(|t| t.title.len() + 1 + t.text.len())
        .sum();
    let columns: usize = lib
        .columns
        .iter()
        .flat_map(|c| c.items.iter().map(String::len))
        .sum();
    let indicators: usize = lib
        .indicators
        .iter()
        .map(|i| planscope::index::indicator_text(i).len())
        .sum();
    tasks + columns + indicators
}

/// jieba-rs alone on the indexed text: MB/s on 1 and 2 threads.
fn jieba_speed(texts: &[String]) -> (f64, f64) {
    let j = jieba();
    let bytes: usize = texts.iter().map(String::len).sum();
    let t = Instant::now();
    let mut n = 0usize;
    for s in texts {
        n += j.cut_for_search(s, false).len();
    }
    let one = bytes as f64 / 1e6 / t.elapsed().as_secs_f64();
    let t = Instant::now();
    let (a, b) = texts.split_at(texts.len() / 2);
    let counts: Vec<usize> = std::thread::scope(|sc| {
        let h: Vec<_> = [a, b]
            .into_iter()
            .map(|part| {
                sc.spawn(move || {
                    part.iter()
                        .map(|s| j.cut_for_search(s, false).len())
                        .sum::<usize>()
                })
            })
            .collect();
        h.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    let two = bytes as f64 / 1e6 / t.elapsed().as_secs_f64();
    assert_eq!(counts.iter().sum::<usize>(), n);
    (one, two)
}

/// Raw segmentation speed, in a process of its own: the copy of the indexed text it
/// segments is not counted in the build's peak memory.
fn child_jieba(corpus: &Path) -> Value {
    let (lib, _, _) = load(corpus);
    let texts = indexed_texts(&lib);
    // Load the dictionary before timing segmentation.
    let t = Instant::now();
    jieba();
    let dict_s = t.elapsed().as_secs_f64();
    let (jieba_1, jieba_2) = jieba_speed(&texts);
    json!({
        "dict_s": dict_s,
        "jieba_mb_s_1t": jieba_1,
        "jieba_mb_s_2t": jieba_2,
    })
}

fn child_build(corpus: &Path, index_dir: &Path) -> Value {
    let (lib, load_s, file_bytes) = load(corpus);
    let rss_loaded = peak_rss_mb();
    let text_bytes = indexed_bytes(&lib);
    // The dictionary loads before the build is timed, as in a window that loads it on
    // start.
    jieba();
    let cpu_before = cpu_s();
    let t = Instant::now();
    // When each phase of the build began (indexing, saving, merging), for the phase split.
    let mut phases: Vec<(String, f64)> = Vec::new();
    let (index, report) = SearchIndex::open_or_build(&lib, index_dir, &mut |p| {
        if phases.last().is_none_or(|(name, _)| *name != p.phase) {
            phases.push((p.phase.clone(), t.elapsed().as_secs_f64()));
        }
    })
    .expect("build the index");
    let build_s = t.elapsed().as_secs_f64();
    let build_cpu_s = cpu_s() - cpu_before;
    let phase_s: serde_json::Map<String, Value> = phases
        .iter()
        .enumerate()
        .map(|(i, (name, from))| {
            let to = phases.get(i + 1).map_or(build_s, |(_, next)| *next);
            (name.clone(), json!(to - from))
        })
        .collect();
    let before_s = phases.first().map_or(build_s, |(_, from)| *from);
    let index_bytes: u64 = std::fs::read_dir(index_dir)
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    json!({
        "plans": lib.documents.len(),
        "tasks": lib.tasks.len(),
        "items": index.num_docs(),
        "file_mb": file_bytes as f64 / 1e6,
        "text_mb": text_bytes as f64 / 1e6,
        "load_s": load_s,
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
        "build_cores": build_cpu_s / build_s,
        "before_indexing_s": before_s,
        "phase_s": phase_s,
        "build_mb_s": text_bytes as f64 / 1e6 / build_s,
        "index_mb": index_bytes as f64 / 1e6,
        "rebuilt": report.rebuilt,
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
        "index_rss_mb": peak_rss_mb() - rss_loaded,
    })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

fn child_open(corpus: &Path, index_dir: &Path) -> Value {
    let (lib, _, _) = load(corpus);
    let t = Instant::now();
    let (index, report) =
        SearchIndex::open_or_build(&lib, index_dir, &mut |_| {}).expect("open the index");
    let opened_ms = t.elapsed().as_secs_f64() * 1e3;
    let first = index
        .search(
            &lib,
            &SearchQuery {
                text: QUERIES[0].into(),
                ..Default::default()
            },
        )
        .expect("first query");
    let open_first_ms = t.elapsed().as_secs_f64() * 1e3;
    let reps = if lib.documents.len() >= 2000 { 20 } else { 100 };
    let mut times = Vec::with_capacity(QUERIES.len() * reps);
    let mut hits = 0usize;
    let mut totals = Vec::new();
    for r in 0..reps {
        for q in QUERIES {
            let query = SearchQuery {
                text: q.into(),
                ..Default::default()
            };
            let t = Instant::now();
            let res = index.search(&lib, &query).expect("query");
            times.push(t.elapsed());
            hits += res.hits.len();
            if r == 0 {
                totals.push(res.total);
            }
        }
    }
    times.sort_unstable();
    let mean = times.iter().map(Duration::as_secs_f64).sum::<f64>() / times.len() as f64 * 1e3;
    json!({
        "reindexed": report.reindexed,
        "unchanged": report.unchanged,
        "open_ms": opened_ms,
        "open_first_query_ms": open_first_ms,
        "first_total": first.total,
        "queries": times.len(),
        "hits": hits,
        "totals": totals,
        "p50_ms": percentile(&times, 0.5),
        "p99_ms": percentile(&times, 0.99),
        "mean_ms": mean,
        "max_ms": percentile(&times, 1.0),
        "peak_rss_mb": peak_rss_mb(),
    })
}

fn f(v: &Value, k: &str) -> f64 {
    v.get(k).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

fn print_table(rows: &[Value]) {
    println!();
    println!(
        "| size | plans | items | text MB | load s | jieba MB/s 1t/2t | index s | index MB/s | index ÷ jieba 2t | peak RSS MB (library + index) | open+1st query ms | p50 ms | p99 ms | query RSS MB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        let b = &r["build"];
        let j = &r["jieba"];
        let o = &r["open"];
        println!(
            "| {}× | {} | {} | {:.1} | {:.1} | {:.0} / {:.0} | {:.2} | {:.1} | {:.0} % | {:.0} ({:.0} + {:.0}) | {:.0} | {:.3} | {:.3} | {:.0} |",
            r["scale"],
            b["plans"],
            b["items"],
            f(b, "text_mb"),
            f(b, "load_s"),
            f(j, "jieba_mb_s_1t"),
            f(j, "jieba_mb_s_2t"),
            f(b, "build_s"),
            f(b, "build_mb_s"),
            100.0 * f(b, "build_mb_s") / f(j, "jieba_mb_s_2t"),
            f(b, "peak_rss_mb"),
            f(b, "rss_after_load_mb"),
            f(b, "index_rss_mb"),
            f(o, "open_first_query_ms"),
            f(o, "p50_ms"),
            f(o, "p99_ms"),
            f(o, "peak_rss_mb"),
        );
    }
    println!();
}
