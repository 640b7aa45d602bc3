//! Search on the bundled plans: answers read from the plans themselves (every plan that
//! mentions a term, every task that says it), half- and full-width spellings, 1- and
//! 2-character queries, a department's short name, the literal fallback, filters, snippet
//! offsets on multi-byte text, and the persisted index (incremental refresh, damage, lock).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use planscope::index::{
    HitKind, IndexProgress, SearchIndex, SearchQuery, SearchResults, corpus_key, fold, mark,
};
use planscope::model::{Library, Role};

use crate::common::corpus_dir;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        planscope::loader::load_corpus_dir(&corpus_dir())
            .expect("bundled plans load")
            .library
    })
}

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::build_in_ram(library()).expect("index builds"))
}

fn search(text: &str) -> SearchResults {
    index()
        .search(
            library(),
            &SearchQuery {
                text: text.into(),
                limit: usize::MAX,
                ..Default::default()
            },
        )
        .expect("search runs")
}

fn task_ids(r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .filter_map(|h| h.task.as_ref().map(|t| t.to_string()))
        .collect()
}

/// The bundled plan files whose text, folded and with line breaks joined, contains `term`.
fn plans_mentioning(term: &str) -> BTreeSet<String> {
    let needle = fold(term);
    std::fs::read_dir(corpus_dir())
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| {
            let text = std::fs::read_to_string(p).expect("plan text");
            fold(&text).contains(&needle)
        })
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect()
}

/// The tasks of the library whose title or text contains `term` (folded).
fn tasks_saying(term: &str) -> BTreeSet<String> {
    let needle = fold(term);
    library()
        .tasks
        .iter()
        .filter(|t| fold(&format!("{}\u{1}{}", t.title, t.text)).contains(&needle))
        .map(|t| t.id.to_string())
        .collect()
}

#[test]
fn every_plan_and_task_that_mentions_a_term_is_found() {
    for term in [
        "量子通信",
        "充电桩",
        "智慧港口",
        "标识解析",
        "千兆光网",
        "智算中心",
        "加氢站",
        "特高压",
        "卫星互联网",
        "5G基站",
        "IPv6",
    ] {
        let r = search(term);
        assert!(!r.fallback, "{term}: the index answers");
        let plans: BTreeSet<String> = r.hits.iter().map(|h| h.document.to_string()).collect();
        assert_eq!(plans, plans_mentioning(term), "{term}: plans");
        let want = tasks_saying(term);
        assert!(!want.is_empty(), "{term}");
        let got = task_ids(&r);
        // Tasks that say the term literally rank before tasks that only share its words.
        let first: BTreeSet<String> = got.iter().take(want.len()).cloned().collect();
        assert_eq!(first, want, "{term}: literal tasks first");
    }
}

#[test]
fn quantum_communication_answers_read_from_the_plans() {
    // grep -l 量子通信 corpus/*: the 2024–2025 action plan, the guiding opinion and the
    // 十四五 plan; in them, six tasks say it.
    let r = search("量子通信");
    let titles: BTreeSet<&str> = r
        .hits
        .iter()
        .filter(|h| h.kind == HitKind::Task)
        .map(|h| h.title.as_str())
        .collect();
    let want: BTreeSet<&str> = [
        "推广量子通信网络应用",
        "推进信息网络演进升级",
        "建设泛在连接的通信基础设施",
        "部署基础研究和前沿研究",
        "加强关键核心数字技术攻关",
        "推动新兴产业加快发展",
    ]
    .into_iter()
    .collect();
    assert_eq!(titles, want);
    // The column 高速泛在网络提升工程 names it too, as an item.
    assert!(
        r.hits
            .iter()
            .any(|h| h.kind == HitKind::ColumnItem && h.title == "高速泛在网络提升工程")
    );
}

#[test]
fn half_and_full_width_spellings_find_the_same() {
    for (a, b) in [
        ("5G", "５Ｇ"),
        ("IPv6", "ＩＰｖ６"),
        ("ipv6", "IPV6"),
        ("5G基站", "５Ｇ基站"),
    ] {
        assert_eq!(task_ids(&search(a)), task_ids(&search(b)), "{a} / {b}");
    }
    // The 十四五 plan writes ５G and IPv６ in full width.
    let plan = "004_f6a32ac2bee2fa3b";
    for q in ["5G", "IPv6"] {
        assert!(search(q).hits.iter().any(|h| h.document == plan), "{q}");
    }
}

#[test]
fn one_and_two_character_queries_hit() {
    for term in ["港", "云", "桩", "算力", "北斗", "5G"] {
        let r = search(term);
        let want = tasks_saying(term);
        assert!(!want.is_empty(), "{term}");
        let got: BTreeSet<String> = task_ids(&r).into_iter().collect();
        assert!(
            want.is_subset(&got),
            "{term}: missing {:?}",
            want.difference(&got)
        );
    }
}

#[test]
fn a_department_short_name_finds_its_tasks() {
    let lib = library();
    let unit = lib.find_unit("工信厅").expect("工信厅 is an alias");
    assert_eq!(unit.name, "省工业和信息化厅");
    let r = search("工信厅");
    let got: BTreeSet<String> = task_ids(&r).into_iter().collect();
    let want: BTreeSet<String> = unit.tasks.iter().map(|t| t.task.to_string()).collect();
    assert!(want.len() > 20);
    assert!(want.is_subset(&got), "missing {:?}", want.difference(&got));
    // The snippet shows the unit as the plan writes it.
    let h = r
        .hits
        .iter()
        .find(|h| h.kind == HitKind::Task)
        .expect("a task");
    let marked = mark(&h.snippet, &h.highlights, "【", "】");
    assert!(marked.contains("【省工业和信息化厅】"), "{marked}");
}

#[test]
fn nothing_found_falls_back_to_literal_text() {
    let r = search("量子纠缠火星基地");
    assert!(r.fallback);
    assert_eq!(r.total, 0);
    assert!(r.hits.is_empty());
    // A symbol the index does not hold is still found, literally.
    let r = search("％");
    assert!(r.fallback);
    assert!(r.total > 10);
    for h in &r.hits {
        let marked: Vec<String> = h
            .highlights
            .iter()
            .map(|&(s, e)| h.snippet.chars().skip(s).take(e - s).collect())
            .collect();
        assert!(!marked.is_empty(), "{}", h.snippet);
        assert!(marked.iter().all(|m| m == "%" || m == "％"), "{marked:?}");
    }
}

#[test]
fn quotes_and_exclusion() {
    assert_eq!(
        task_ids(&search("\"数据 中心\"")),
        task_ids(&search("“数据中心”"))
    );
    let quoted: BTreeSet<String> = task_ids(&search("\"数据中心\"")).into_iter().collect();
    assert_eq!(quoted, tasks_saying("数据中心"));
    let r = search("数据中心 -算力");
    assert!(!r.hits.is_empty());
    for id in task_ids(&r) {
        let t = library().task(&id).expect("task");
        assert!(!fold(&t.text).contains("算力"), "{}", t.title);
        assert!(fold(&t.text).contains("数据中心"), "{}", t.title);
    }
}

#[test]
fn columns_and_indicator_rows_are_found() {
    let r = search("5G基站数");
    assert!(
        r.hits
            .iter()
            .any(|h| h.kind == HitKind::Indicator && h.title == "5G基站数")
    );
    let r = search("物联网服务体系提升工程");
    assert!(r.hits.iter().any(|h| h.kind == HitKind::ColumnItem));
}

/// The hits of `text` in `index`, at most `limit`, as (task or column id, score).
fn ranked(index: &SearchIndex, text: &str, limit: usize) -> Vec<(String, f32)> {
    let q = SearchQuery {
        text: text.into(),
        limit,
        ..Default::default()
    };
    let r = index.search(library(), &q).expect("search runs");
    r.hits
        .iter()
        .map(|h| {
            let id = h.task.as_ref().or(h.column.as_ref()).map(|s| s.to_string());
            (id.unwrap_or_else(|| h.title.clone()), h.score)
        })
        .collect()
}

#[test]
fn equal_scores_come_in_reading_order_and_the_same_after_a_rebuild() {
    // The indexing threads share the documents differently on every build; hits must not
    // depend on it, also where a short page cuts through a run of equal scores.
    let queries = [
        "工信厅",
        "港",
        "云",
        "智慧 交通",
        "数据中心",
        "省通信管理局",
    ];
    let rebuilt = SearchIndex::build_in_ram(library()).expect("index builds");
    let order: std::collections::HashMap<&str, usize> = library()
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut ties = 0;
    for q in queries {
        for limit in [3, 7, usize::MAX] {
            assert_eq!(
                ranked(index(), q, limit),
                ranked(&rebuilt, q, limit),
                "{q} (limit {limit})"
            );
        }
        let hits = ranked(index(), q, usize::MAX);
        for pair in hits.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if let (true, Some(x), Some(y)) =
                (a.1 == b.1, order.get(a.0.as_str()), order.get(b.0.as_str()))
            {
                ties += 1;
                assert!(x < y, "{q}: {} before {} at equal score", a.0, b.0);
            }
        }
    }
    assert!(ties > 5, "the queries should give tied tasks: {ties}");
}

fn filtered(text: &str, f: impl FnOnce(&mut SearchQuery)) -> SearchResults {
    let mut q = SearchQuery {
        text: text.into(),
        limit: usize::MAX,
        ..Default::default()
    };
    f(&mut q);
    index().search(library(), &q).expect("search runs")
}

#[test]
fn filters_restrict_hits() {
    let lib = library();
    let plan = "000_8b95ee374a2f737e";
    let r = filtered("5G", |q| q.document = Some(plan.into()));
    assert!(!r.hits.is_empty());
    assert!(r.hits.iter().all(|h| h.document == plan));
    assert!(r.total < search("5G").total);

    let r = filtered("网络", |q| {
        q.unit = Some("通信管理局".into());
        q.role = Some(Role::Lead);
    });
    assert!(!r.hits.is_empty());
    for id in task_ids(&r) {
        let t = lib.task(&id).expect("task");
        assert!(
            t.units
                .iter()
                .any(|u| u.role == Role::Lead && u.name.contains("通信管理局")),
            "{}",
            t.title
        );
    }
    assert_eq!(r.hits.len(), task_ids(&r).len(), "only tasks have units");

    let r = filtered("5G", |q| q.year = Some(2025));
    assert!(!r.hits.is_empty());
    for id in task_ids(&r) {
        let t = lib.task(&id).expect("task");
        assert!(
            t.targets.iter().any(|g| g.year == Some(2025)),
            "{}",
            t.title
        );
    }

    let r = filtered("数据", |q| q.section = Some("信息基础设施".into()));
    assert!(!r.hits.is_empty());
    assert!(
        r.hits
            .iter()
            .all(|h| h.path.iter().any(|p| p.contains("信息基础设施")))
    );

    // Filters alone list what they let through.
    let r = filtered("", |q| {
        q.unit = Some("工信厅".into());
        q.role = Some(Role::Cooperate);
    });
    let unit = lib.find_unit("工信厅").expect("unit");
    assert_eq!(r.total, unit.count(Role::Cooperate));

    let err = index().search(
        lib,
        &SearchQuery {
            text: "5G".into(),
            unit: Some("不存在的单位".into()),
            ..Default::default()
        },
    );
    assert!(matches!(err, Err(planscope::Error::NotFound(_))));
}

#[test]
fn snippets_are_original_characters_with_character_ranges() {
    let lib = library();
    for q in ["５Ｇ基站", "IPv6", "量子通信", "工信厅", "港", "智慧 交通"] {
        let r = search(q);
        assert!(!r.hits.is_empty(), "{q}");
        for h in &r.hits {
            let n = h.snippet.chars().count();
            assert!(n <= planscope::index::SNIPPET_CHARS + 2, "{q}: {n}");
            let mut last = 0;
            for &(s, e) in &h.highlights {
                assert!(
                    s < e && e <= n && s >= last,
                    "{q}: {:?} in {n}",
                    h.highlights
                );
                last = e;
            }
            // The snippet is a piece of the original text (ellipses aside).
            let body = h.snippet.trim_matches('…');
            if let Some(id) = &h.task {
                let t = lib.task(id).expect("task");
                let text: String = t
                    .text
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                assert!(text.contains(body), "{q}: {body}");
            }
        }
    }
    // Full-width query, original full-width text: the mark covers ５Ｇ in the 十四五 plan.
    let r = search("5G基站");
    let marks: Vec<String> = r
        .hits
        .iter()
        .flat_map(|h| {
            h.highlights
                .iter()
                .map(|&(s, e)| h.snippet.chars().skip(s).take(e - s).collect::<String>())
        })
        .collect();
    assert!(marks.iter().all(|m| fold(m) == "5g基站"), "{marks:?}");
}

fn lib_without(lib: &Library, doc: &str) -> Library {
    let mut l = lib.clone();
    l.documents.retain(|d| d.id != doc);
    l.tasks.retain(|t| t.document != doc);
    l.columns.retain(|c| c.document != doc);
    l.indicators.retain(|i| i.document != doc);
    l
}

#[test]
fn persisted_index_is_refreshed_plan_by_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let at = dir.path().join("index");
    let lib = library();
    let mut phases = Vec::new();
    let (first, report) =
        SearchIndex::open_or_build(lib, &at, &mut |p: IndexProgress| phases.push(p.phase))
            .expect("builds");
    assert!(report.rebuilt && report.messages.is_empty(), "{report:?}");
    assert_eq!(report.reindexed, 5);
    assert!(phases.iter().any(|p| p == "indexing"));
    let n = first.num_docs();
    drop(first);

    let (_, report) = SearchIndex::open_or_build(lib, &at, &mut |_| {}).expect("opens");
    assert_eq!(
        (
            report.reindexed,
            report.unchanged,
            report.removed,
            report.rebuilt
        ),
        (0, 5, 0, false)
    );

    // One plan changed, one removed.
    let mut changed = lib_without(lib, "002_a020166e6046ec20");
    changed.documents[0].hash = "changed".into();
    let (index, report) = SearchIndex::open_or_build(&changed, &at, &mut |_| {}).expect("updates");
    assert_eq!(
        (
            report.reindexed,
            report.unchanged,
            report.removed,
            report.rebuilt
        ),
        (1, 3, 1, false)
    );
    let r = index
        .search(
            &changed,
            &SearchQuery {
                text: "加氢站".into(),
                ..Default::default()
            },
        )
        .expect("search");
    assert!(r.hits.iter().all(|h| h.document != "002_a020166e6046ec20"));
    assert!(index.num_docs() < n);
}

#[test]
fn damaged_index_is_rebuilt_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let at = dir.path().join("index");
    let lib = library();
    drop(SearchIndex::open_or_build(lib, &at, &mut |_| {}).expect("builds"));
    // Garbage over every file of the index, meta.json included.
    for e in std::fs::read_dir(&at).expect("index folder") {
        let p = e.expect("entry").path();
        if p.is_file() && !p.ends_with("planscope-index.txt") {
            std::fs::write(&p, b"\x00garbage\xff").expect("overwrite");
        }
    }
    let (index, report) = SearchIndex::open_or_build(lib, &at, &mut |_| {}).expect("rebuilds");
    assert!(report.rebuilt);
    assert!(
        report.messages.iter().any(|m| m.contains("damaged")),
        "{report:?}"
    );
    assert!(
        !index
            .search(
                lib,
                &SearchQuery {
                    text: "充电桩".into(),
                    ..Default::default()
                }
            )
            .expect("search")
            .hits
            .is_empty()
    );

    // Segment files lost, metadata intact.
    for e in std::fs::read_dir(&at).expect("index folder") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "idx" || x == "term") {
            std::fs::remove_file(&p).expect("remove");
        }
    }
    let (_, report) = SearchIndex::open_or_build(lib, &at, &mut |_| {}).expect("rebuilds");
    assert!(report.rebuilt && !report.messages.is_empty(), "{report:?}");
}

#[test]
fn a_locked_index_is_searched_in_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let at = dir.path().join("index");
    let lib = library();
    let (held, _) = SearchIndex::open_or_build(lib, &at, &mut |_| {}).expect("builds");
    // Another process writing: its writer lock is held.
    let _writer: tantivy::IndexWriter = held.tantivy_index().writer(50_000_000).expect("writer");
    let changed = lib_without(lib, "003_cd4e9433b3b1c059");
    let (index, report) =
        SearchIndex::open_or_build(&changed, &at, &mut |_| {}).expect("in memory");
    assert!(report.rebuilt);
    assert!(
        report
            .messages
            .iter()
            .any(|m| m.contains("another PlanScope process")),
        "{report:?}"
    );
    let r = index
        .search(
            &changed,
            &SearchQuery {
                text: "5G".into(),
                ..Default::default()
            },
        )
        .expect("search");
    assert!(!r.hits.is_empty());
}

#[test]
fn a_folder_that_is_not_an_index_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    let (index, report) = SearchIndex::open_or_build(library(), dir.path(), &mut |_| {})
        .expect("falls back to memory");
    assert!(
        report
            .messages
            .iter()
            .any(|m| m.contains("not a PlanScope index")),
        "{report:?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).expect("kept"),
        "mine"
    );
    assert!(index.num_docs() > 0);
}

#[test]
fn corpus_folders_get_their_own_key_in_the_cache() {
    assert_eq!(corpus_key(None), "library");
    let a = corpus_key(Some(&corpus_dir()));
    assert_eq!(a.len(), 32);
    assert_eq!(a, corpus_key(Some(&corpus_dir().join("..").join("corpus"))));
    assert_ne!(a, corpus_key(Some(std::path::Path::new("/tmp"))));
}

fn planscope(args: &[&str], cache: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_planscope"))
        .args(args)
        .env("PLANSCOPE_DATA_DIR", cache.join("data"))
        .env("PLANSCOPE_CACHE_DIR", cache.join("cache"))
        .output()
        .expect("run planscope")
}

/// A copy of the bundled plans in a read-only folder.
fn read_only_corpus(root: &std::path::Path) -> std::path::PathBuf {
    let dir = root.join("plans");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for e in std::fs::read_dir(corpus_dir()).expect("corpus") {
        let p = e.expect("entry").path();
        if let Some(name) = p.file_name() {
            std::fs::copy(&p, dir.join(name)).expect("copy");
        }
    }
    let mut perms = std::fs::metadata(&dir).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&dir, perms).expect("read-only");
    dir
}

fn listing(dir: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect()
}

#[test]
fn cli_search_json_and_index_keep_the_corpus_untouched() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let corpus = read_only_corpus(scratch.path());
    let before = listing(&corpus);
    let c = corpus.to_string_lossy().into_owned();

    let out = planscope(&["index", "--corpus", &c], scratch.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(scratch.path().join("cache").join("index").is_dir());

    let out = planscope(
        &["search", "--corpus", &c, "充电桩", "--json"],
        scratch.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["query"], "充电桩");
    assert_eq!(v["total"], 3);
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 3);
    for h in hits {
        for field in [
            "task", "document", "path", "number", "title", "score", "snippet",
        ] {
            assert!(h.get(field).is_some(), "{field}");
        }
        assert!(h["snippet"].as_str().expect("snippet").contains("充电桩"));
    }
    assert_eq!(
        listing(&corpus),
        before,
        "nothing written into the corpus folder"
    );

    let out = planscope(
        &["search", "--corpus", &c, "智慧港口", "--limit", "2"],
        scratch.path(),
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("【智慧港口】"), "{text}");

    let out = planscope(
        &["search", "--corpus", &c, "量子纠缠火星基地"],
        scratch.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stderr.is_empty());

    let mut perms = std::fs::metadata(&corpus).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&corpus, perms).expect("writable again");
}

#[test]
fn export_query_selects_the_matching_tasks() {
    let ids = planscope::cli::search::search_task_ids(library(), "充电桩").expect("search");
    let want: Vec<String> = library()
        .tasks
        .iter()
        .filter(|t| tasks_saying("充电桩").contains(t.id.as_str()))
        .map(|t| t.id.to_string())
        .collect();
    assert_eq!(ids, want);
}
