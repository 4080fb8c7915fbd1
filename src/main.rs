//! `huimin`: check rule packs, assess a household, explain the result, list the next questions.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
