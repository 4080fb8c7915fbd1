//! The compiled form of the rules (`huimin bundle compile`, what the WebAssembly package carries)
//! gives the same rules and byte-identical results as compiling the rule files, for every pack
//! and a synthetic population of each; a truncated or altered copy is refused, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use huimin::{parse_date, Engine, Options};
use std::sync::OnceLock;

fn engines() -> &'static (Engine, Engine, Vec<u8>) {
    static E: OnceLock<(Engine, Engine, Vec<u8>)> = OnceLock::new();
    E.get_or_init(|| {
        let toml = Engine::builtin().unwrap();
        let blob = toml.compiled_form().unwrap();
        let compiled = Engine::from_compiled(&blob).unwrap();
        (toml, compiled, blob)
    })
}

#[test]
fn every_pack_decodes_to_the_rules_compiled_from_the_files() {
    let (toml, compiled, _) = engines();
    let a = toml.compiled().unwrap();
    let b = compiled.compiled().unwrap();
    assert_eq!(a.len(), b.len());
    assert!(a.len() >= 7, "{} packs", a.len());
    for ((ca, ra), (cb, rb)) in a.iter().zip(&b) {
        assert_eq!(ca, cb);
        // Every field, the calendar and what results quote included.
        assert_eq!(format!("{ra:?}"), format!("{rb:?}"), "rules of {ca}");
    }
    assert_eq!(toml.calendar(), compiled.calendar());
    assert_eq!(
        serde_json::to_string(&toml.regions()).unwrap(),
        serde_json::to_string(&compiled.regions()).unwrap()
    );
}

#[test]
fn a_population_of_every_pack_gets_byte_identical_results() {
    let (toml, compiled, _) = engines();
    let codes: Vec<String> = toml.pack_codes().map(String::from).collect();
    let dates = ["2017-12-31", "2018-03-01", "2024-06-01", "2026-11-23"];
    let mut compared = 0;
    for (k, code) in codes.iter().enumerate() {
        let mut rng = huimin::bench::Rng::new(7 + k as u64);
        for i in 0..100u64 {
            let line = huimin::synth::line(&mut rng, code, 2017, i);
            let (_, hh) = huimin::batch::parse_line(toml, &line).unwrap();
            let date = parse_date(dates[i as usize % dates.len()]).unwrap();
            for opts in [
                Options {
                    trace: true,
                    topic: None,
                },
                Options::default(),
            ] {
                let x = toml
                    .assess(&hh, date, opts)
                    .map(|a| serde_json::to_string(&a).unwrap());
                let y = compiled
                    .assess(&hh, date, opts)
                    .map(|a| serde_json::to_string(&a).unwrap());
                assert_eq!(
                    x.as_ref().map_err(ToString::to_string),
                    y.as_ref().map_err(ToString::to_string),
                    "{code} household {i}"
                );
            }
            for topic in [
                huimin::engine::Topic::Benefits,
                huimin::engine::Topic::Marriage,
            ] {
                let x = toml
                    .questions_for(&hh, date, topic)
                    .map_err(|e| e.to_string());
                let y = compiled
                    .questions_for(&hh, date, topic)
                    .map_err(|e| e.to_string());
                assert_eq!(
                    x.map(|q| serde_json::to_string(&q).unwrap()),
                    y.map(|q| serde_json::to_string(&q).unwrap()),
                    "{code} household {i}: questions"
                );
            }
            compared += usize::from(toml.assess(&hh, date, Options::default()).is_ok());
        }
    }
    // Nearly every household is valid on its date (a child born after it is refused by both).
    assert!(compared > 90 * codes.len(), "{compared} assessed");
}

#[test]
fn a_truncated_or_altered_copy_is_refused() {
    let (_, _, blob) = engines();
    let code = |bytes: &[u8]| match Engine::from_compiled(bytes) {
        Ok(_) => "ok".to_string(),
        Err(huimin::Error::Load { errors }) => errors[0].code.to_string(),
        Err(e) => e.to_string(),
    };
    assert_eq!(code(blob), "ok");
    for len in [
        0,
        5,
        8,
        39,
        40,
        71,
        72,
        73,
        1000,
        blob.len() / 2,
        blob.len() - 1,
    ] {
        assert_eq!(code(&blob[..len]), "bad_compiled_rules", "cut at {len}");
    }
    let mut longer = blob.clone();
    longer.push(0);
    assert_eq!(code(&longer), "bad_compiled_rules");
    for at in [0, 7, 20, 50, 80, 500, blob.len() / 3, blob.len() - 1] {
        let mut bad = blob.clone();
        bad[at] ^= 0x5a;
        // A changed rules digest (bytes 8..40) is only checked for the rules built in.
        let want = if (8..40).contains(&at) {
            "ok"
        } else {
            "bad_compiled_rules"
        };
        assert_eq!(code(&bad), want, "byte {at} altered");
    }
}

#[test]
fn garbled_contents_with_a_matching_digest_are_errors_not_panics() {
    use sha2::{Digest, Sha256};
    let (_, _, blob) = engines();
    let header = huimin::compiled::HEADER;
    let mut checked = 0;
    for step in [1usize, 3, 17, 101] {
        for at in (header..blob.len())
            .step_by(blob.len() / 40 * step / 7 + 1)
            .take(40)
        {
            let mut bad = blob.clone();
            bad[at] = bad[at].wrapping_add((step as u8).wrapping_mul(37).wrapping_add(1));
            let digest = Sha256::digest(&bad[header..]);
            bad[40..header].copy_from_slice(&digest);
            // Reading, then decoding and using every pack: each step may refuse, none may panic.
            if let Ok(engine) = Engine::from_compiled(&bad) {
                if let Ok(rules) = engine.compiled() {
                    let hh = r#"{"region": "220723", "hukou": "urban", "members": []}"#;
                    let _ = engine.assess_json(hh, "2018-03-01", Options::default());
                    assert!(!rules.is_empty());
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 100);
}

#[test]
fn the_rules_built_in_are_checked_against_the_rule_files() {
    // This build may carry no compiled rules (the WebAssembly build does): then it says so.
    match Engine::builtin_compiled() {
        Ok(e) => assert_eq!(e.regions().len(), engines().0.regions().len()),
        Err(huimin::Error::Load { errors }) => {
            assert!(
                ["no_compiled_rules"].contains(&errors[0].code),
                "{}",
                errors[0].message
            )
        }
        Err(e) => panic!("{e}"),
    }
}

/// A region's own compiled form (`huimin bundle compile --region`): the national pack and the
/// region's innermost pack. It gives the full form's results for its region and, by the
/// national rules, for a household with no region yet; it refuses every other region rather
/// than assess it with the rules of a pack above it.
#[test]
fn a_regions_own_compiled_form_answers_for_it_alone() {
    let (toml, _, blob) = engines();
    let own = toml.compiled_form_for("431225").unwrap();
    assert!(
        own.len() < blob.len() / 2,
        "{} of {} bytes",
        own.len(),
        blob.len()
    );
    let alone = Engine::from_compiled(&own).unwrap();
    let codes: Vec<&str> = alone.pack_codes().collect();
    assert_eq!(codes, ["000000", "431225"]);
    let date = parse_date("2026-11-30").unwrap();
    let mut rng = huimin::bench::Rng::new(11);
    for i in 0..50u64 {
        let line = huimin::synth::line(&mut rng, "431225", 2017, i);
        let (_, hh) = huimin::batch::parse_line(toml, &line).unwrap();
        let x = toml.assess(&hh, date, Options::default()).unwrap();
        let y = alone.assess(&hh, date, Options::default()).unwrap();
        assert_eq!(
            serde_json::to_string(&x).unwrap(),
            serde_json::to_string(&y).unwrap()
        );
    }
    let none = alone
        .assess_json("{}", "2026-11-30", Options::default())
        .unwrap();
    let full = toml
        .assess_json("{}", "2026-11-30", Options::default())
        .unwrap();
    assert_eq!(
        serde_json::to_string(&none).unwrap(),
        serde_json::to_string(&full).unwrap()
    );
    // 湖南's provincial pack and another county are not carried: refused, never assessed with
    // the national rules.
    for other in ["430000", "220723", "431226"] {
        let json = format!(r#"{{"region":"{other}"}}"#);
        match alone.assess_json(&json, "2026-11-30", Options::default()) {
            Err(huimin::Error::Input(e)) => {
                assert_eq!(
                    (e.code, e.path.as_str()),
                    ("unknown_region", "region"),
                    "{other}"
                );
                assert!(e.message.contains("431225"), "{}", e.message);
            }
            other_result => panic!("{other}: {:?}", other_result.map(|_| ())),
        }
    }
}
