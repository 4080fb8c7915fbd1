//! Per-call timings of the workloads with divan (`cargo bench --bench engine`): medians,
//! spreads and allocation-free sampling by a maintained harness. `benches/throughput.rs`
//! reports the same workloads as throughputs and ratios for the README.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use divan::Bencher;
use huimin::bench::{half_filled, population, w1_by_hand, w1_rules};
use huimin::facts::Household;
use huimin::{Engine, Options};
use std::sync::OnceLock;
use time::Date;

fn main() {
    divan::main();
}

fn date() -> Date {
    huimin::parse_date("2018-06-01").unwrap()
}

fn pop() -> &'static [Household] {
    static POP: OnceLock<Vec<Household>> = OnceLock::new();
    POP.get_or_init(|| population(1000, 2018))
}

fn builtin() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::builtin().unwrap())
}

/// W1, hand-written: 1,000 households per iteration.
#[divan::bench]
fn w1_hand(b: Bencher) {
    let (pop, date) = (pop(), date());
    b.bench(|| pop.iter().filter_map(|h| w1_by_hand(h, date)).count());
}

/// W1, the engine deciding from the rule files: 1,000 households per iteration.
#[divan::bench]
fn w1_engine(b: Bencher) {
    let (pop, date) = (pop(), date());
    let engine = w1_rules().unwrap();
    let mut a = engine.assessor(Some("220723"), date).unwrap();
    b.bench_local(|| {
        pop.iter()
            .map(|h| a.decide(h, None).map(|d| d.len()).unwrap_or(0))
            .sum::<usize>()
    });
}

/// W2: one full assessment of every 乾安 program, with and without the trace.
#[divan::bench(args = [false, true])]
fn w2(b: Bencher, trace: bool) {
    let (pop, date) = (pop(), date());
    let mut a = builtin().assessor(Some("220723"), date).unwrap();
    let mut i = 0;
    b.bench_local(|| {
        i = (i + 1) % pop.len();
        a.assess(
            &pop[i],
            Options {
                trace,
                ..Options::default()
            },
        )
        .unwrap()
    });
}

/// W2: next questions for a half-filled household.
#[divan::bench]
fn next_questions(b: Bencher) {
    let half: Vec<Household> = pop()[..100].iter().map(half_filled).collect();
    let mut i = 0;
    b.bench_local(|| {
        i = (i + 1) % half.len();
        builtin().questions(&half[i], date()).unwrap()
    });
}

/// W4: loading and compiling the built-in rules.
#[divan::bench(sample_count = 10)]
fn cold_start() -> Engine {
    Engine::builtin().unwrap()
}

/// Batch input: reading one synthetic 乾安 batch line (`{"id", "household"}`) into a household.
#[divan::bench]
fn parse_line(b: Bencher) {
    let mut rng = huimin::bench::Rng::new(1);
    let lines: Vec<String> = (0..100)
        .map(|i| huimin::synth::line(&mut rng, "220723", 2018, i))
        .collect();
    let engine = builtin();
    let mut i = 0;
    b.bench_local(|| {
        i = (i + 1) % lines.len();
        huimin::batch::parse_line(engine, &lines[i]).unwrap()
    });
}

/// Batch: deciding every 乾安 program for one household (what `huimin batch` does per line).
#[divan::bench]
fn decide_all(b: Bencher) {
    let (pop, date) = (pop(), date());
    let mut a = builtin().assessor(Some("220723"), date).unwrap();
    let mut i = 0;
    b.bench_local(|| {
        i = (i + 1) % pop.len();
        a.decide(&pop[i], None).map(|d| d.len()).unwrap()
    });
}
