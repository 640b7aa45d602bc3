//! PlanScope: an offline explorer for Chinese government planning documents
//! (规划, 行动方案, 若干措施, 指导意见).
//!
//! The core reads a library of plans ([`corpus`]), finds their tasks, responsible
//! units, targets, engineering columns and indicator tables ([`extract`]), indexes
//! them for Chinese search ([`index`]) and writes task lists ([`export`]). The
//! command line ([`cli`]) and the desktop window ([`ui`]) are two thin faces of it.

pub mod analysis;
pub mod cli;
pub mod corpus;
pub mod error;
pub mod export;
pub mod extract;
pub mod index;
pub mod loader;
pub mod model;
pub mod ui;
pub mod worker;

pub use error::{Error, Result};
