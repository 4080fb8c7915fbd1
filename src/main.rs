//! `huimin`: check rule packs, assess a household, explain the result, list the next questions.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
