//! Where PlanScope keeps its files: the user library under the data folder, the
//! search index under the cache folder — the platform's usual places (for example
//! `~/.local/share/planscope` and `~/.cache/planscope` on Linux), found with the
//! `directories` crate.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Environment variable that, when set and not empty, replaces [`data_dir`].
pub const DATA_DIR_ENV: &str = "PLANSCOPE_DATA_DIR";

/// Environment variable that, when set and not empty, replaces [`cache_dir`].
pub const CACHE_DIR_ENV: &str = "PLANSCOPE_CACHE_DIR";

/// The folder for data the user cares about (the user library lives in its
/// `library` subfolder). `PLANSCOPE_DATA_DIR` overrides it; tests and CI set it
/// so that they never touch a real user's library. Not created here.
pub fn data_dir() -> Result<PathBuf> {
    resolve(std::env::var_os(DATA_DIR_ENV), |dirs| dirs.data_dir())
}

/// The folder for data PlanScope can rebuild (the search index).
/// `PLANSCOPE_CACHE_DIR` overrides it; tests and CI set it. Not created here.
pub fn cache_dir() -> Result<PathBuf> {
    resolve(std::env::var_os(CACHE_DIR_ENV), |dirs| dirs.cache_dir())
}

/// The override when it is set and not empty, else the platform folder.
fn resolve(
    override_value: Option<OsString>,
    platform: impl FnOnce(&directories::ProjectDirs) -> &Path,
) -> Result<PathBuf> {
    match override_value.filter(|value| !value.is_empty()) {
        Some(value) => Ok(PathBuf::from(value)),
        None => project_dirs().map(|dirs| platform(&dirs).to_path_buf()),
    }
}

fn project_dirs() -> Result<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "PlanScope").ok_or_else(|| {
        Error::NotFound(format!(
            "PlanScope cannot find a home folder to keep its data in; \
             set {DATA_DIR_ENV} and {CACHE_DIR_ENV} to folders it may use"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_wins_unless_empty() {
        let chosen = resolve(Some("/tmp/ps-data".into()), |d| d.data_dir()).unwrap();
        assert_eq!(chosen, PathBuf::from("/tmp/ps-data"));
        // An empty value means "not set"; the platform folder (when the machine has
        // a home folder) is then used, and it is never the empty path.
        if let Ok(platform) = resolve(Some(OsString::new()), |d| d.data_dir()) {
            assert!(
                platform
                    .components()
                    .any(|c| c.as_os_str().eq_ignore_ascii_case("planscope")),
                "{platform:?}"
            );
        }
    }
}
