//! Crashes: `planscope index` killed with SIGKILL in the middle of indexing leaves a
//! cache the next run repairs or rebuilds; searching afterwards works and finds
//! what the plans say.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::corpus_dir;

#[test]
fn killed_while_indexing_then_the_next_run_works() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let corpus = scratch.path().join("plans");
    std::fs::create_dir(&corpus).expect("mkdir");
    // Enough text that indexing takes a while: the bundled plans, many times.
    for entry in std::fs::read_dir(corpus_dir()).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).expect("plan");
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("stem")
                .to_string();
            for i in 0..30 {
                std::fs::write(corpus.join(format!("{stem}_{i:02}.txt")), &text).expect("write");
            }
        }
    }
    let run = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_planscope"));
        c.args(args)
            .env("PLANSCOPE_DATA_DIR", scratch.path().join("data"))
            .env("PLANSCOPE_CACHE_DIR", scratch.path().join("cache"));
        c
    };
    let corpus_arg = corpus.to_str().expect("path");
    for delay_ms in [150u64, 400, 900] {
        let mut child = run(&["index", "--corpus", corpus_arg])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn index");
        std::thread::sleep(Duration::from_millis(delay_ms));
        // SIGKILL: no chance to clean up.
        let _ = child.kill();
        let _ = child.wait();
    }
    let out = run(&[
        "search",
        "--corpus",
        corpus_arg,
        "量子通信",
        "--json",
        "--limit",
        "500",
    ])
    .output()
    .expect("search");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let total = v["total"].as_u64().expect("total");
    // 量子通信 appears in tasks of 000, 001 and 004 (and columns): every copy counts.
    assert!(total >= 30 * 3, "{total}");
    // And a clean `index` afterwards succeeds.
    let out = run(&["index", "--corpus", corpus_arg])
        .output()
        .expect("index");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
