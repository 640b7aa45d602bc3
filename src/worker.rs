//! The one background thread, named `indexer`, that loads the library, builds or opens
//! the search index and imports plans, so the window never waits for any of it.
//!
//! Jobs arrive on a bounded channel and are done one after another (so only this
//! thread ever writes an index); events go back on another channel, and after each
//! event the `notify` callback wakes the front end (the GUI passes
//! `ctx.request_repaint`). Nothing here knows about the GUI.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use crate::index::{IndexProgress, IndexReport, SearchIndex, corpus_key, index_dir_for};
use crate::loader::{self, Loaded};
use crate::model::Library;

/// How many jobs may wait; a front end that sends more is told the worker is busy.
const QUEUE: usize = 8;

/// Where a library comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The user's library (the bundled plans on first start).
    UserLibrary,
    /// A folder of plan files, read-only.
    Corpus(PathBuf),
    /// Only the plans compiled into the binary.
    Bundled,
}

/// Work for the indexer thread.
#[derive(Debug)]
pub enum Job {
    /// Load the library, report it, then index it.
    Load(Source),
    /// Index a library that is already loaded. `persist`: the key of the index kept in
    /// the cache directory ([`crate::index::corpus_key`]); `None` keeps it in memory.
    Index {
        library: Arc<Library>,
        persist: Option<String>,
    },
    /// Add files to the user library, then load and index it again.
    Import(Vec<PathBuf>),
}

/// What the indexer reports.
pub enum Event {
    /// The library is loaded (warnings: files that could not be read, and why).
    Loaded {
        library: Arc<Library>,
        warnings: Vec<String>,
    },
    /// The library could not be loaded at all.
    LoadFailed(String),
    /// Indexing progress, `done` of `total` plans.
    Progress { done: usize, total: usize },
    /// The index is ready for this library.
    IndexReady {
        index: Arc<SearchIndex>,
        seconds: f64,
        /// A short account of what was done (built, opened, plans re-indexed).
        summary: String,
    },
    /// Indexing failed; search falls back to plain matching.
    IndexFailed(String),
    /// One result per imported file: the new plan id, or why it was refused.
    Imported(Vec<(PathBuf, Result<String, String>)>),
}

/// The handle the front end keeps: send jobs, poll events.
pub struct Worker {
    jobs: SyncSender<Job>,
    events: Receiver<Event>,
    _thread: JoinHandle<()>,
}

impl Worker {
    /// Starts the `indexer` thread. `notify` is called after every event.
    pub fn spawn(notify: impl Fn() + Send + 'static) -> crate::Result<Worker> {
        let (jobs, job_rx) = mpsc::sync_channel::<Job>(QUEUE);
        let (event_tx, events) = mpsc::channel::<Event>();
        let thread = thread::Builder::new()
            .name("indexer".into())
            .spawn(move || {
                let out = Outbox {
                    tx: event_tx,
                    notify: Box::new(notify),
                };
                // The loop ends when the front end drops its `Worker`.
                while let Ok(job) = job_rx.recv() {
                    if !run(job, &out) {
                        break;
                    }
                }
            })
            .map_err(|e| crate::Error::Index(format!("cannot start the indexer thread: {e}")))?;
        Ok(Worker {
            jobs,
            events,
            _thread: thread,
        })
    }

    /// Queues a job; gives it back if the queue is full or the thread is gone.
    pub fn send(&self, job: Job) -> Result<(), Job> {
        self.jobs.try_send(job).map_err(|e| match e {
            TrySendError::Full(job) | TrySendError::Disconnected(job) => job,
        })
    }

    /// The next event, if one is waiting.
    pub fn try_recv(&self) -> Option<Event> {
        // Empty and disconnected alike: nothing to show.
        self.events.try_recv().ok()
    }
}

struct Outbox {
    tx: mpsc::Sender<Event>,
    notify: Box<dyn Fn() + Send>,
}

impl Outbox {
    /// Sends an event; false once the front end is gone.
    fn send(&self, event: Event) -> bool {
        let ok = self.tx.send(event).is_ok();
        (self.notify)();
        ok
    }
}

/// Does one job; false when the front end is gone and the thread should stop.
fn run(job: Job, out: &Outbox) -> bool {
    match job {
        Job::Load(source) => load_and_index(&source, out),
        Job::Index { library, persist } => index(library, persist, out),
        Job::Import(paths) => {
            let results: Vec<_> = loader::import_files(&paths)
                .into_iter()
                .map(|(path, result)| (path, result.map_err(|e| e.to_string())))
                .collect();
            // When every file was refused the library is as it was: nothing to reload.
            let changed = results.iter().any(|(_, r)| r.is_ok());
            out.send(Event::Imported(results))
                && (!changed || load_and_index(&Source::UserLibrary, out))
        }
    }
}

fn load_and_index(source: &Source, out: &Outbox) -> bool {
    let (loaded, key) = match source {
        Source::UserLibrary => (loader::load_user_library(), Some(corpus_key(None))),
        Source::Corpus(dir) => (loader::load_corpus_dir(dir), Some(corpus_key(Some(dir)))),
        Source::Bundled => (Ok(loader::load_bundled()), None),
    };
    match loaded {
        Ok(Loaded { library, warnings }) => {
            let library = Arc::new(library);
            out.send(Event::Loaded {
                library: Arc::clone(&library),
                warnings,
            }) && index(library, key, out)
        }
        Err(e) => out.send(Event::LoadFailed(e.to_string())),
    }
}

fn index(library: Arc<Library>, persist: Option<String>, out: &Outbox) -> bool {
    let started = Instant::now();
    let total = library.documents.len();
    if !out.send(Event::Progress { done: 0, total }) {
        return false;
    }
    let built = match persist {
        Some(key) => build_persisted(&library, &key, out),
        None => SearchIndex::build_in_ram(&library).map(|index| (index, "内存索引".to_owned())),
    };
    let event = match built {
        Ok((index, summary)) => Event::IndexReady {
            index: Arc::new(index),
            seconds: started.elapsed().as_secs_f64(),
            summary,
        },
        Err(e) => Event::IndexFailed(e.to_string()),
    };
    out.send(event)
}

/// Opens the index kept in the cache directory under `key`, or builds it there; if
/// the cache cannot be used, builds it in memory instead.
fn build_persisted(
    library: &Library,
    key: &str,
    out: &Outbox,
) -> crate::Result<(SearchIndex, String)> {
    let mut progress = |p: IndexProgress| {
        // A closed channel only means the window is closing; the job ends soon after.
        let _ = out.tx.send(Event::Progress {
            done: p.done,
            total: p.total,
        });
        (out.notify)();
    };
    let opened =
        index_dir_for(key).and_then(|dir| SearchIndex::open_or_build(library, &dir, &mut progress));
    match opened {
        Ok((index, report)) => Ok((index, summary(&report))),
        Err(persist_error) => SearchIndex::build_in_ram(library).map(|index| {
            (
                index,
                format!("内存索引（缓存目录不可用：{persist_error}）"),
            )
        }),
    }
}

/// A short account of an index run for the status bar.
fn summary(report: &IndexReport) -> String {
    let mut s = if report.rebuilt {
        format!("新建，{} 个规划", report.reindexed)
    } else if report.reindexed + report.removed == 0 {
        format!("沿用已有索引，{} 个规划", report.unchanged)
    } else {
        format!(
            "更新 {} 个规划，沿用 {} 个，移除 {} 个",
            report.reindexed, report.unchanged, report.removed
        )
    };
    for message in &report.messages {
        s.push('；');
        s.push_str(message);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// Waits for events until `done` says so, at most 60 s.
    fn collect(worker: &Worker, done: impl Fn(&Event) -> bool) -> Vec<Event> {
        let mut events = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            match worker.try_recv() {
                Some(event) => {
                    let stop = done(&event);
                    events.push(event);
                    if stop {
                        break;
                    }
                }
                None => thread::sleep(Duration::from_millis(5)),
            }
        }
        events
    }

    #[test]
    fn loads_then_indexes_the_bundled_plans_and_wakes_the_front_end() {
        let wakes = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&wakes);
        let worker = Worker::spawn(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
        assert!(worker.send(Job::Load(Source::Bundled)).is_ok());
        let events = collect(&worker, |e| {
            matches!(e, Event::IndexReady { .. } | Event::IndexFailed(_))
        });
        let Some(Event::Loaded { library, .. }) = events.first() else {
            panic!("the library comes first");
        };
        assert!(!library.tasks.is_empty());
        assert!(events.iter().any(|e| matches!(e, Event::Progress { .. })));
        let Some(Event::IndexReady { index, .. }) = events.last() else {
            panic!("the index comes last");
        };
        let query = crate::index::SearchQuery {
            text: "数据中心".into(),
            ..Default::default()
        };
        assert!(!index.search(library, &query).unwrap().hits.is_empty());
        // The front end is woken after each event is queued: once per event.
        let deadline = Instant::now() + Duration::from_secs(5);
        while wakes.load(Ordering::SeqCst) < events.len() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(wakes.load(Ordering::SeqCst), events.len());
    }
}
