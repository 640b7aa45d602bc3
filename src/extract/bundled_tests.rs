//! Extraction checked against the bundled plans, with answers read from the plans.

use super::*;
use crate::corpus::DocMeta;

fn parse(file: &str) -> ParsedDoc {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(file);
    let text = std::fs::read_to_string(&path).expect("bundled plan");
    parse_document(&SourceDoc {
        id: file.trim_end_matches(".txt").to_string(),
        source: format!("corpus/{file}"),
        meta: DocMeta::default(),
        text,
        hash: String::new(),
    })
}

#[test]
fn dump() {
    for f in [
        "000_8b95ee374a2f737e.txt",
        "001_9325462992e5c8a8.txt",
        "002_a020166e6046ec20.txt",
        "003_cd4e9433b3b1c059.txt",
        "004_f6a32ac2bee2fa3b.txt",
    ] {
        let p = parse(f);
        println!("== {f} title={} tasks={} columns={} indicators={} goals={}", p.document.title, p.tasks.len(), p.columns.len(), p.indicators.len(), p.document.goals.len());
        if std::env::var("DUMP").is_ok() {
            for t in &p.tasks {
                let units: Vec<String> = t.units.iter().map(|u| format!("{}:{}", u.name, u.role.as_str())).collect();
                let tg: Vec<String> = t.targets.iter().map(|x| format!("{:?} {}|{}{} {:?}", x.year, x.indicator, x.value, x.unit, x.comparator)).collect();
                println!("  {} {:?} [{}] {} | {} | {}", t.number, t.path.last(), t.title, t.text.chars().count(), units.join(" "), tg.join("; "));
            }
            for c in &p.columns {
                println!("  COL {} {} items={} projects={:?} tasks={}", c.number, c.title, c.items.len(), c.projects, c.tasks.len());
            }
            for i in &p.indicators {
                println!("  IND {} | {} | {} | {:?} | {:?}", i.category, i.name, i.unit, i.values, i.attribute);
            }
        }
    }
}

#[test]
fn dbg_blocks() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/001_9325462992e5c8a8.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    for b in structure::blocks(&text).iter().rev().take(3) {
        match b {
            Block::Item { level, number, para, .. } => println!("ITEM {level:?} {number} {}", para.disp_str().chars().take(40).collect::<String>()),
            Block::Preamble(p) => println!("PRE {}", p.disp_str().chars().take(40).collect::<String>()),
            other => println!("{:?}", std::mem::discriminant(other)),
        }
    }
}
