//! Integration tests, one binary: each module covers one part of PlanScope on the
//! bundled plans and on bad inputs the tests make themselves.

mod cli;
mod common;
mod corpus;
mod crash;
mod fuzz;
mod search;
mod sheet;
mod tasktable;
mod ui;
mod ui_across;
