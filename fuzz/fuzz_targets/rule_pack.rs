//! Fuzz target `rule_pack`: see `fuzz/harness.rs` for what it does with the input.
#![no_main]

// Each target uses one of the harness functions.
#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::rule_pack(data));
