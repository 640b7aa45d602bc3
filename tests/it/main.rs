//! Integration tests, one binary: each module covers one part of PlanScope on the
//! bundled plans and on bad inputs the tests make themselves.

mod common;
mod cli;
mod corpus;
mod ui;
mod search;
mod fuzz;
mod crash;
