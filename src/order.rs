//! One stable sort for the engine's own lists.
//!
//! The standard library's sorts are fast on long slices, and each type sorted compiles a copy of
//! them (5–6 KB of WebAssembly each, eleven copies in the resident's `.wasm`). The engine sorts
//! short lists: a program's reads, the facts still missing, the next questions, the regions. Here
//! a short list is sorted by insertion, and a longer one by a merge sort of positions that is
//! compiled once for every type (`permutation` takes its comparison as a `dyn`), then moved
//! into that order; what each type adds is a few hundred bytes.

use std::cmp::Ordering;

/// Lists up to this long are sorted by insertion, in place.
const SHORT: usize = 16;

/// Sorts `items` stably (equal items keep their order) by `cmp`.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() <= SHORT {
        insertion(items, &cmp);
        return;
    }
    let order = {
        let items: &[T] = items;
        permutation(items.len(), &|a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    arrange(items, order);
}

/// Sorts `items` stably in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts `items` stably by the key `key` gives each.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

fn insertion<T>(items: &mut [T], cmp: &impl Fn(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while let Some(k) = j.checked_sub(1) {
            let after = match (items.get(k), items.get(j)) {
                (Some(a), Some(b)) => cmp(a, b) == Ordering::Greater,
                _ => false,
            };
            if !after {
                break;
            }
            items.swap(k, j);
            j = k;
        }
    }
}

/// The positions `0..n` in the order `cmp` gives them, equal ones in their own order: a
/// bottom-up merge sort.
fn permutation(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    let mut to = from.clone();
    let mut width = 1usize;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = lo.saturating_add(width).min(n);
            let hi = mid.saturating_add(width).min(n);
            if let (Some(left), Some(right), Some(out)) =
                (from.get(lo..mid), from.get(mid..hi), to.get_mut(lo..hi))
            {
                merge(left, right, out, cmp);
            }
            lo = hi;
        }
        std::mem::swap(&mut from, &mut to);
        width = width.saturating_mul(2);
    }
    from
}

fn merge(
    left: &[usize],
    right: &[usize],
    out: &mut [usize],
    cmp: &dyn Fn(usize, usize) -> Ordering,
) {
    let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
    for slot in out {
        let take_right = match (l.peek(), r.peek()) {
            (Some(&&a), Some(&&b)) => cmp(b, a) == Ordering::Less,
            (None, Some(_)) => true,
            _ => false,
        };
        let next = if take_right { r.next() } else { l.next() };
        if let Some(&p) = next {
            *slot = p;
        }
    }
}

/// Moves `items` so that position `k` holds what was at `order[k]` (`order` a permutation of
/// the positions), one cycle of the permutation at a time.
fn arrange<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while let Some(slot) = order.get_mut(at) {
            let from = std::mem::replace(slot, at);
            if from == start || from == at || from >= items.len() {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small pseudo-random numbers (xorshift), so the test needs no crate.
    fn numbers(n: usize, seed: u64, range: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % range
            })
            .collect()
    }

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        for n in [0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 257, 1000] {
            for (seed, range) in [(1, 5), (7, 1000), (99, 2)] {
                // Each item carries its first position, to see that equal keys keep their order.
                let mut ours: Vec<(u64, usize)> = numbers(n, seed, range)
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| (k, i))
                    .collect();
                let mut std = ours.clone();
                sort_by_key(&mut ours, |p| p.0);
                std.sort_by_key(|p| p.0);
                assert_eq!(ours, std, "n = {n}, seed = {seed}");
            }
        }
    }

    #[test]
    fn sorts_reversed_and_sorted_lists_and_moves_owned_items() {
        let mut words: Vec<String> = (0..40).rev().map(|i| format!("w{i:02}")).collect();
        sort(&mut words);
        let want: Vec<String> = (0..40).map(|i| format!("w{i:02}")).collect();
        assert_eq!(words, want);
        sort(&mut words);
        assert_eq!(words, want);
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words.first().map(String::as_str), Some("w39"));
    }
}
