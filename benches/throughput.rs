//! Throughput benchmarks W1 and W2 (native), run with `cargo bench --bench throughput`.
//!
//! Each figure is the median of several runs in this one process, and W1 is reported as a ratio
//! against a hand-written Rust function of the same rule run alongside it, so that noise from
//! other work on the machine cancels out. Both must agree on the count and the exact total.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use huimin::bench::{half_filled, population, questions, w1_engine, w1_hand, w1_rules, w2};
use std::time::Instant;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut secs = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(std::hint::black_box(f()));
        secs.push(t.elapsed().as_secs_f64());
    }
    (median(secs), last.unwrap())
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // `--w1-engine` / `--w1-hand`: only that W1 loop, once; `--w2-trace` / `--w2-plain`: only W2 with or without the trace (both
    // for profiling with callgrind).
    let profile = std::env::args().any(|a| a == "--w1-engine");
    let n = if quick { 20_000 } else { 200_000 };
    let date = huimin::parse_date("2018-06-01").unwrap();
    let pop = population(n, 2018);

    for (flag, trace) in [("--w2-trace", true), ("--w2-plain", false)] {
        if std::env::args().any(|a| a == flag) {
            // Only W2, on 2,000 households (for profiling with callgrind).
            let builtin = huimin::Engine::builtin().unwrap();
            println!("{}", w2(&builtin, &pop[..2000], date, trace).unwrap());
            return;
        }
    }
    let w1 = w1_rules().unwrap();
    if std::env::args().any(|a| a == "--w1-hand") {
        println!("{} eligible", w1_hand(&pop, date).unwrap().eligible);
        return;
    }
    if profile {
        let t = w1_engine(&w1, &pop, date).unwrap();
        println!("{} eligible", t.eligible);
        return;
    }
    // Alternated, so that both see the same state of the shared machine; the ratio is the
    // median of the ratios of each pair.
    let (mut hands, mut engines, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut hand, mut engine) = (None, None);
    for _ in 0..7 {
        let (h, th) = time(1, || w1_hand(&pop, date).unwrap());
        let (e, te) = time(1, || w1_engine(&w1, &pop, date).unwrap());
        hands.push(h);
        engines.push(e);
        ratios.push(h / e);
        (hand, engine) = (Some(th), Some(te));
    }
    let (hand, engine) = (hand.unwrap(), engine.unwrap());
    assert_eq!(hand, engine, "engine and hand-written W1 disagree");
    let hand_hps = n as f64 / median(hands);
    let engine_hps = n as f64 / median(engines);
    let ratio = median(ratios);
    println!(
        "W1 dibao only, {n} households (乾安 2018 rule; {} eligible, total {} yuan/month)",
        hand.eligible, hand.total
    );
    println!("  hand-written Rust : {:>12.0} households/s", hand_hps);
    println!("  engine (rules)    : {:>12.0} households/s", engine_hps);
    println!("  ratio engine/hand : {ratio:>12.3}   (target ≥ 0.5; median of 7 alternated pairs)");

    let builtin = huimin::Engine::builtin().unwrap();
    let m = n / 10;
    let sample = &pop[..m];
    let (plain_s, _) = time(3, || w2(&builtin, sample, date, false).unwrap());
    let (trace_s, _) = time(3, || w2(&builtin, sample, date, true).unwrap());
    println!("W2 full assessment (every program of the 乾安 pack), {m} households");
    println!(
        "  without trace     : {:>10.2} µs/household",
        plain_s * 1e6 / m as f64
    );
    println!(
        "  with trace        : {:>10.2} µs/household",
        trace_s * 1e6 / m as f64
    );
    let k = m / 10;
    let half: Vec<_> = pop[..k].iter().map(half_filled).collect();
    let (q_s, asked) = time(3, || questions(&builtin, &half, date).unwrap());
    println!(
        "  nextQuestions     : {:>10.2} µs/household (half-filled; {:.1} questions each)",
        q_s * 1e6 / k as f64,
        asked as f64 / k as f64
    );

    println!(
        "BENCH w1_hand_hps={hand_hps:.0} w1_engine_hps={engine_hps:.0} w1_ratio={ratio:.3} w2_plain_us={:.3} w2_trace_us={:.3} questions_us={:.3}",
        plain_s * 1e6 / m as f64,
        trace_s * 1e6 / m as f64,
        q_s * 1e6 / k as f64
    );
    // One batch first, so that what the allocator keeps after any first run is not counted.
    w2(&builtin, sample, date, true).unwrap();
    let before = rss_kib();
    for _ in 0..5 {
        w2(&builtin, sample, date, true).unwrap();
    }
    let after = rss_kib();
    println!(
        "memory: resident {before} KiB after one more W2 batch with trace, {after} KiB after 5 more ({:+} KiB for {} households)",
        after as i64 - before as i64,
        5 * m
    );
}
