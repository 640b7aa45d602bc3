//! The command line: the same core as the window, for scripts and other tools.
//! Every subcommand returns an exit code; errors go to stderr as one sentence a
//! user understands, never a panic.

pub mod search;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::corpus::UserLibrary;
use crate::export::{self, Format};
use crate::loader::{self, Loaded};
use crate::model::Role;

#[derive(Parser, Debug)]
#[command(
    name = "planscope",
    version,
    about = "Offline explorer for Chinese government planning documents (规划, 行动方案, 若干措施, 指导意见)",
    long_about = "Without a subcommand, opens the window on your plan library (the bundled plans on first start)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open the window.
    Gui {
        /// Read this folder of plans instead of the user library.
        #[arg(long)]
        corpus: Option<PathBuf>,
    },
    /// Export tasks as JSON (the data model), CSV or XLSX (the task ledger), or DOCX
    /// (a 分工方案 Word document).
    Export {
        #[arg(long)]
        corpus: Option<PathBuf>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write here instead of standard output (required for xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only tasks matching this search.
        #[arg(long)]
        query: Option<String>,
        /// Only tasks of this unit (full or short name, e.g. 工信厅).
        #[arg(long)]
        unit: Option<String>,
        /// Only this unit role.
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// Only tasks of this plan (its id, e.g. 000_8b95ee374a2f737e).
        #[arg(long)]
        document: Option<String>,
    },
    /// Search tasks, column items and indicator rows.
    Search {
        #[arg(long)]
        corpus: Option<PathBuf>,
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// The unit directory: every unit with its lead and cooperate task counts.
    Units {
        #[arg(long)]
        corpus: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Add plan files to the library: .txt/.md in any Chinese encoding, .docx, .doc, .wps,
    /// .pdf, .ofd, saved web pages (.html, .mhtml) and task tables (.xlsx, .xls, .et, .ods).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The plans in the user library.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Take a plan out of the user library.
    Remove { id: String },
    /// Build or refresh the persisted search index.
    Index {
        #[arg(long)]
        corpus: Option<PathBuf>,
    },
    /// Per plan: tasks, tasks with units, unit mentions, targets, columns, indicator rows.
    Summary {
        #[arg(long)]
        corpus: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// One indicator's targets across plans, in year order (e.g. 5G基站, 充电桩).
    Lineage {
        query: String,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        corpus: Option<PathBuf>,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Xlsx,
    /// A 分工方案 Word document (序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时限 / 目标).
    Docx,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum RoleArg {
    Lead,
    Cooperate,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Lead => Role::Lead,
            RoleArg::Cooperate => Role::Cooperate,
        }
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A closed pipe (`planscope … | head`) is not an error worth a message.
        Err(e)
            if e.chain()
                .filter_map(|c| c.downcast_ref::<std::io::Error>())
                .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let mut msg = format!("planscope: {e}");
            for cause in e.chain().skip(1) {
                msg.push_str(&format!(": {cause}"));
            }
            eprintln!("{msg}");
            ExitCode::FAILURE
        }
    }
}

fn report_warnings(loaded: &Loaded) {
    for w in &loaded.warnings {
        eprintln!("planscope: {w}");
    }
}

fn load(corpus: Option<&Path>) -> anyhow::Result<Loaded> {
    let loaded = match corpus {
        Some(dir) => loader::load_corpus_dir(dir)
            .with_context(|| format!("cannot read the plan folder {}", dir.display()))?,
        None => loader::load_user_library().context("cannot open the plan library")?,
    };
    report_warnings(&loaded);
    Ok(loaded)
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => crate::ui::run(None).map(|_| ExitCode::SUCCESS),
        Some(Command::Gui { corpus }) => crate::ui::run(corpus).map(|_| ExitCode::SUCCESS),
        Some(Command::Export {
            corpus,
            format,
            out,
            query,
            unit,
            role,
            document,
        }) => run_export(
            corpus.as_deref(),
            format,
            out.as_deref(),
            query.as_deref(),
            unit.as_deref(),
            role.map(Role::from),
            document.as_deref(),
        ),
        Some(Command::Search {
            corpus,
            query,
            limit,
            json,
        }) => search::run_search(corpus.as_deref(), &query, limit, json),
        Some(Command::Units { corpus, json }) => run_units(corpus.as_deref(), json),
        Some(Command::Import { files }) => run_import(&files),
        Some(Command::List { json }) => run_list(json),
        Some(Command::Remove { id }) => run_remove(&id),
        Some(Command::Index { corpus }) => search::run_index(corpus.as_deref()),
        Some(Command::Summary { corpus, json }) => run_summary(corpus.as_deref(), json),
        Some(Command::Lineage {
            query,
            json,
            corpus,
        }) => run_lineage(corpus.as_deref(), &query, json),
    }
}

/// Counts of what was found in one plan.
#[derive(Debug, serde::Serialize)]
pub struct PlanSummary {
    pub document: String,
    pub title: String,
    pub tasks: usize,
    pub tasks_with_units: usize,
    pub unit_mentions: usize,
    pub targets: usize,
    pub goals: usize,
    pub columns: usize,
    pub projects: usize,
    pub indicator_rows: usize,
    /// Responsibility text of the plan not read as units, as printed.
    pub not_understood: Vec<String>,
}

/// The per-plan counts `planscope summary` prints.
pub fn summary(lib: &crate::model::Library) -> Vec<PlanSummary> {
    lib.documents
        .iter()
        .map(|d| {
            let tasks: Vec<&crate::model::Task> =
                lib.tasks.iter().filter(|t| t.document == d.id).collect();
            let cols: Vec<&crate::model::Column> = lib.columns_of(&d.id).collect();
            PlanSummary {
                document: d.id.to_string(),
                title: d.title.clone(),
                tasks: tasks.len(),
                tasks_with_units: tasks.iter().filter(|t| !t.units.is_empty()).count(),
                unit_mentions: tasks.iter().map(|t| t.units.len()).sum(),
                targets: tasks.iter().map(|t| t.targets.len()).sum(),
                goals: d.goals.len(),
                columns: cols.len(),
                projects: cols.iter().map(|c| c.projects.len()).sum(),
                indicator_rows: lib.indicators_of(&d.id).count(),
                not_understood: d.not_understood.clone(),
            }
        })
        .collect()
}

fn run_summary(corpus: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let loaded = load(corpus)?;
    let rows = summary(&loaded.library);
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:<22} {:>5} {:>9} {:>6} {:>7} {:>5} {:>7} {:>8} {:>10}",
        "plan",
        "tasks",
        "w/ units",
        "units",
        "targets",
        "goals",
        "columns",
        "projects",
        "indicators"
    )?;
    for r in &rows {
        writeln!(
            out,
            "{:<22} {:>5} {:>9} {:>6} {:>7} {:>5} {:>7} {:>8} {:>10}",
            r.document,
            r.tasks,
            r.tasks_with_units,
            r.unit_mentions,
            r.targets,
            r.goals,
            r.columns,
            r.projects,
            r.indicator_rows
        )?;
    }
    for r in rows.iter().filter(|r| !r.not_understood.is_empty()) {
        writeln!(
            out,
            "{}: responsibility text not understood: {}",
            r.document,
            r.not_understood.join(" | ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_lineage(corpus: Option<&Path>, query: &str, json: bool) -> anyhow::Result<ExitCode> {
    let loaded = load(corpus)?;
    let lib = &loaded.library;
    let synonyms = loader::synonyms(&mut Vec::new());
    let lineage = crate::analysis::lineage::lineage(lib, &synonyms, query);
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&lineage)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if lineage.targets.is_empty() {
        eprintln!("planscope: no targets for {query} in these plans");
        return Ok(ExitCode::FAILURE);
    }
    writeln!(
        out,
        "{}：{} 个目标",
        lineage.indicator,
        lineage.targets.len()
    )?;
    for t in &lineage.targets {
        let year = t.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into());
        let title = lib
            .document(&t.document)
            .map(|d| d.title.as_str())
            .unwrap_or(&t.document);
        writeln!(
            out,
            "{year:>5}  {:>8} {:<6} {:<4}  {}  〔{}〕",
            t.value,
            t.unit,
            t.comparator.as_deref().unwrap_or(""),
            t.text,
            title
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The ids of the tasks a filter selects, in library order.
pub fn select_tasks(
    loaded: &Loaded,
    query: Option<&str>,
    unit: Option<&str>,
    role: Option<Role>,
    document: Option<&str>,
) -> anyhow::Result<Vec<String>> {
    let lib = &loaded.library;
    let mut ids: Vec<String> = lib.tasks.iter().map(|t| t.id.to_string()).collect();
    if let Some(doc) = document {
        if lib.document(doc).is_none() {
            let known: Vec<&str> = lib.documents.iter().map(|d| d.id.as_str()).collect();
            bail!("no plan with id {doc}; the plans are: {}", known.join(", "));
        }
        ids.retain(|id| lib.task(id).is_some_and(|t| t.document == doc));
    }
    if let Some(name) = unit {
        let Some(entry) = lib.find_unit(name) else {
            bail!("no unit named {name} in these plans (try `planscope units` for the list)");
        };
        ids.retain(|id| {
            entry
                .tasks
                .iter()
                .any(|t| t.task == id && role.is_none_or(|r| t.role == r))
        });
    }
    if let Some(q) = query {
        let hits = search::search_task_ids(lib, q)?;
        ids.retain(|id| hits.contains(id));
    }
    Ok(ids)
}

fn run_export(
    corpus: Option<&Path>,
    format: ExportFormat,
    out: Option<&Path>,
    query: Option<&str>,
    unit: Option<&str>,
    role: Option<Role>,
    document: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let loaded = load(corpus)?;
    let ids = select_tasks(&loaded, query, unit, role, document)?;
    let lib = &loaded.library;
    let format = match format {
        ExportFormat::Json => Format::Json,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Xlsx => Format::Xlsx,
        ExportFormat::Docx => Format::Docx,
    };
    let title = match (document.and_then(|d| lib.document(d)), unit) {
        (Some(d), _) => format!("《{}》重点任务分工方案", d.title),
        (None, Some(u)) => format!(
            "{}重点任务清单",
            lib.find_unit(u).map(|e| e.name.as_str()).unwrap_or(u)
        ),
        (None, None) => "重点任务分工方案".to_string(),
    };
    match out {
        Some(path) => {
            export::write_titled(lib, &ids, format, path, &title)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("planscope: wrote {} tasks to {}", ids.len(), path.display());
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match format {
                Format::Json => {
                    writeln!(stdout, "{}", export::to_json(lib, &ids)?)?;
                }
                Format::Csv => {
                    let mut buf = Vec::new();
                    export::write_csv_to(lib, &ids, &mut buf)?;
                    stdout.write_all(&buf)?;
                }
                Format::Xlsx => bail!("XLSX is a binary file: give --out FILE.xlsx"),
                Format::Docx => bail!("DOCX is a binary file: give --out FILE.docx"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_units(corpus: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let loaded = load(corpus)?;
    let lib = &loaded.library;
    let mut units: Vec<&crate::model::UnitEntry> = lib.units.iter().collect();
    units.sort_by(|a, b| {
        (b.count(Role::Lead), b.tasks.len(), &a.name).cmp(&(
            a.count(Role::Lead),
            a.tasks.len(),
            &b.name,
        ))
    });
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&units)?)?;
    } else {
        writeln!(out, "{:<4} {:>4} {:>4}  单位 (别名)", "#", "牵头", "配合")?;
        for (i, u) in units.iter().enumerate() {
            let aliases = if u.aliases.is_empty() {
                String::new()
            } else {
                format!(" ({})", u.aliases.join("、"))
            };
            writeln!(
                out,
                "{:<4} {:>6} {:>6}  {}{}",
                i + 1,
                u.count(Role::Lead),
                u.count(Role::Cooperate),
                u.name,
                aliases
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_import(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let lib = UserLibrary::open_default().context("cannot open the plan library")?;
    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    for f in files {
        match lib.import(f) {
            Ok(crate::corpus::ImportOutcome::Added(e)) => {
                writeln!(out, "imported {} as {}", f.display(), e.id)?;
                // Say so when the plan has no structure PlanScope recognises.
                if let Ok(text) = crate::corpus::read_file(f) {
                    let doc = crate::corpus::SourceDoc {
                        id: e.id.clone(),
                        text,
                        ..Default::default()
                    };
                    if crate::extract::parse_document(&doc).tasks.is_empty() {
                        writeln!(
                            out,
                            "{}: no tasks found; the text is still searchable",
                            e.id
                        )?;
                    }
                }
            }
            Ok(crate::corpus::ImportOutcome::AlreadyPresent(e)) => {
                writeln!(out, "{} is already in the library as {}", f.display(), e.id)?
            }
            Err(e) => {
                failed += 1;
                eprintln!("planscope: cannot import {e}");
            }
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn run_list(json: bool) -> anyhow::Result<ExitCode> {
    let lib = UserLibrary::open_default().context("cannot open the plan library")?;
    let entries = lib.list().context("cannot read the plan library")?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&entries)?)?;
    } else {
        for e in &entries {
            writeln!(
                out,
                "{}  {}  {}{}",
                e.id,
                e.title.as_deref().unwrap_or(&e.file),
                e.bytes,
                if e.bundled { "  (bundled)" } else { "" }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_remove(id: &str) -> anyhow::Result<ExitCode> {
    let lib = UserLibrary::open_default().context("cannot open the plan library")?;
    let e = lib.remove(id)?;
    writeln!(
        std::io::stdout().lock(),
        "removed {} ({})",
        e.id,
        e.title.as_deref().unwrap_or(&e.file)
    )?;
    Ok(ExitCode::SUCCESS)
}
