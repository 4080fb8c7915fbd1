//! Lists of earlier results kept for the next ones: a result handed back to its reporter
//! ([`Reporter::recycle`]) gives its emptied lists to the results that follow, so assessing many
//! households with the trace does not allocate them again.

use super::Reporter;
use crate::result::{Assessment, InputOut, ParamOut, Reason};
use std::sync::Arc;

/// Emptied result lists kept for reuse (at most [`Spare::MAX`] of each kind).
#[derive(Debug, Default)]
pub(crate) struct Spare {
    pub(crate) inputs: Vec<Vec<InputOut>>,
    pub(crate) params: Vec<Vec<Arc<ParamOut>>>,
    pub(crate) reasons: Vec<Vec<Reason>>,
}

impl Spare {
    /// How many emptied lists of each kind are kept.
    pub(crate) const MAX: usize = 4096;

    /// Keeps `v`, emptied, if there is room and it has capacity worth keeping.
    pub(crate) fn keep<T>(pool: &mut Vec<Vec<T>>, mut v: Vec<T>) {
        if v.capacity() > 0 && pool.len() < Spare::MAX {
            v.clear();
            pool.push(v);
        }
    }

    /// An empty list with room for `n`, reused when one is kept.
    pub(crate) fn take<T>(pool: &mut Vec<Vec<T>>, n: usize) -> Vec<T> {
        let mut v = pool.pop().unwrap_or_default();
        v.reserve_exact(n);
        v
    }
}

impl Reporter {
    /// Takes back a result this reporter built, keeping its lists (emptied) for the next one.
    pub fn recycle(&mut self, a: Assessment) {
        for p in a.programs {
            self.recycle_reasons(p.reasons);
            for m in p.members {
                self.recycle_reasons(m.reasons);
            }
        }
    }

    fn recycle_reasons(&mut self, mut reasons: Vec<Reason>) {
        let spare = &mut self.spare;
        for r in reasons.drain(..) {
            Spare::keep(&mut spare.inputs, r.inputs);
            Spare::keep(&mut spare.inputs, r.values);
            Spare::keep(&mut spare.params, r.parameters);
        }
        Spare::keep(&mut spare.reasons, reasons);
    }
}
