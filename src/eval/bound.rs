//! Numbers known only as bounds: a figure past the date it is known until is at least its last
//! published value ([`Value::AtLeast`]), and what is computed from it is carried as an interval
//! through arithmetic, comparisons, `min`/`max`, rounding and sums. A comparison that holds for
//! every value the interval admits is decided; one that could go either way is unknown, and the
//! stale figure is blamed for it. An interval with both ends finite and apart is kept by its
//! lower end (`AtLeast`), which is always sound: it admits more values, never fewer.

use super::Fault;
use crate::expr::ast::{ArithOp, CmpOp};
use crate::value::Value;
use rust_decimal::{Decimal, RoundingStrategy};

/// Lower and upper end; `None` is unbounded.
pub(crate) type Range = (Option<Decimal>, Option<Decimal>);

/// The interval a numeric value stands for; `None` for anything else.
pub(crate) fn range(v: Value) -> Option<Range> {
    match v {
        Value::Num(x) => Some((Some(x), Some(x))),
        Value::AtLeast(x) => Some((Some(x), None)),
        Value::AtMost(x) => Some((None, Some(x))),
        _ => None,
    }
}

/// The value that stands for an interval (its lower end when both ends are finite and apart).
pub(crate) fn value((lo, hi): Range) -> Value {
    match (lo, hi) {
        (Some(l), Some(h)) if l == h => Value::Num(l),
        (Some(l), _) => Value::AtLeast(l),
        (None, Some(h)) => Value::AtMost(h),
        (None, None) => Value::Unknown,
    }
}

/// One checked operation on two ends, `None` (unbounded) if either is. All bound arithmetic goes
/// through [`super::checked`], so the decimal operations are compiled once.
fn both(a: Option<Decimal>, b: Option<Decimal>, op: ArithOp) -> Result<Option<Decimal>, Fault> {
    match (a, b) {
        (Some(x), Some(y)) => super::checked(op, x, y).map(Some),
        _ => Ok(None),
    }
}

/// Arithmetic where at least one operand is a bound.
pub(crate) fn arith(op: ArithOp, a: Value, b: Value) -> Result<Value, Fault> {
    let (Some((l1, h1)), Some((l2, h2))) = (range(a), range(b)) else {
        return Ok(Value::Unknown);
    };
    let r = match op {
        ArithOp::Add => (both(l1, l2, ArithOp::Add)?, both(h1, h2, ArithOp::Add)?),
        ArithOp::Sub => (both(l1, h2, ArithOp::Sub)?, both(h1, l2, ArithOp::Sub)?),
        ArithOp::Mul => return mul(a, b, (l1, h1), (l2, h2)),
        ArithOp::Div => return div(a, b, (l1, h1), (l2, h2)),
    };
    Ok(value(r))
}

fn scale(c: Decimal, (lo, hi): Range, op: ArithOp) -> Result<Value, Fault> {
    let apply = |x: Option<Decimal>| both(x, Some(c), op);
    if c.is_sign_negative() {
        Ok(value((apply(hi)?, apply(lo)?)))
    } else {
        Ok(value((apply(lo)?, apply(hi)?)))
    }
}

fn mul(a: Value, b: Value, ra: Range, rb: Range) -> Result<Value, Fault> {
    match (a, b) {
        (Value::Num(c), _) if c.is_zero() => Ok(Value::Num(Decimal::ZERO)),
        (_, Value::Num(c)) if c.is_zero() => Ok(Value::Num(Decimal::ZERO)),
        (Value::Num(c), _) => scale(c, rb, ArithOp::Mul),
        (_, Value::Num(c)) => scale(c, ra, ArithOp::Mul),
        _ => match (ra, rb) {
            ((Some(l1), h1), (Some(l2), h2))
                if !l1.is_sign_negative() && !l2.is_sign_negative() =>
            {
                Ok(value((
                    both(Some(l1), Some(l2), ArithOp::Mul)?,
                    both(h1, h2, ArithOp::Mul)?,
                )))
            }
            _ => Ok(Value::Unknown),
        },
    }
}

fn div(a: Value, b: Value, ra: Range, rb: Range) -> Result<Value, Fault> {
    if let Value::Num(c) = b {
        if c.is_zero() {
            return Err(Fault::DivisionByZero);
        }
        // Dividing by a positive number keeps the order; by a negative one it reverses it.
        return scale(c, ra, ArithOp::Div);
    }
    match (a, rb) {
        // x / [l, h] with l > 0: between x / h (0 when h is unbounded) and x / l.
        (Value::Num(x), (Some(l), h)) if l > Decimal::ZERO => {
            let near = match h {
                Some(h) => super::checked(ArithOp::Div, x, h)?,
                None => Decimal::ZERO,
            };
            let far = super::checked(ArithOp::Div, x, l)?;
            Ok(value((Some(near.min(far)), Some(near.max(far)))))
        }
        _ => Ok(Value::Unknown),
    }
}

/// A comparison where at least one operand is a bound: decided only when every admitted value
/// gives the same answer.
pub(crate) fn compare(op: CmpOp, a: Value, b: Value) -> Value {
    let (Some((l1, h1)), Some((l2, h2))) = (range(a), range(b)) else {
        return Value::Unknown;
    };
    let lt = |x: Option<Decimal>, y: Option<Decimal>| matches!((x, y), (Some(x), Some(y)) if x < y);
    let le =
        |x: Option<Decimal>, y: Option<Decimal>| matches!((x, y), (Some(x), Some(y)) if x <= y);
    // (surely true, surely false)
    let (yes, no) = match op {
        CmpOp::Lt => (lt(h1, l2), le(h2, l1)),
        CmpOp::Le => (le(h1, l2), lt(h2, l1)),
        CmpOp::Gt => (lt(h2, l1), le(h1, l2)),
        CmpOp::Ge => (le(h2, l1), lt(h1, l2)),
        CmpOp::Eq => (false, lt(h1, l2) || lt(h2, l1)),
        CmpOp::Ne => (lt(h1, l2) || lt(h2, l1), false),
    };
    match (yes, no) {
        (true, _) => Value::Bool(true),
        (_, true) => Value::Bool(false),
        _ => Value::Unknown,
    }
}

/// Negation of a bound.
pub(crate) fn neg(v: Value) -> Value {
    match range(v) {
        // Negating a decimal only flips its sign: it cannot overflow.
        #[allow(clippy::arithmetic_side_effects)]
        Some((lo, hi)) => value((hi.map(|x| -x), lo.map(|x| -x))),
        None => Value::Unknown,
    }
}

/// Rounding keeps the order, so it rounds both ends.
pub(crate) fn round(v: Value, places: u32, mode: RoundingStrategy) -> Value {
    match range(v) {
        Some((lo, hi)) => {
            let r = |x: Option<Decimal>| x.map(|x| x.round_dp_with_strategy(places, mode));
            value((r(lo), r(hi)))
        }
        None => Value::Unknown,
    }
}

/// `min` or `max` of values some of which are bounds.
pub(crate) fn extreme(values: &[Value], min: bool) -> Value {
    let mut lo: Option<Option<Decimal>> = None;
    let mut hi: Option<Option<Decimal>> = None;
    for v in values {
        let Some((l, h)) = range(*v) else {
            return Value::Unknown;
        };
        // For `min`, an unbounded lower end stays unbounded and an unbounded upper end loses
        // to any finite one; `max` is the mirror image.
        lo = Some(match lo {
            None => l,
            Some(acc) => pick(acc, l, min, min),
        });
        hi = Some(match hi {
            None => h,
            Some(acc) => pick(acc, h, min, !min),
        });
    }
    match (lo, hi) {
        (Some(l), Some(h)) => value((l, h)),
        _ => Value::Unknown,
    }
}

/// The smaller (`smaller`) or larger of two ends, `None` being unbounded below when
/// `none_wins` and otherwise losing to any finite end.
fn pick(a: Option<Decimal>, b: Option<Decimal>, smaller: bool, none_wins: bool) -> Option<Decimal> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if smaller { x.min(y) } else { x.max(y) }),
        (None, other) | (other, None) => {
            if none_wins {
                None
            } else {
                other
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: i64) -> Decimal {
        Decimal::from(x)
    }

    #[test]
    fn comparisons_decide_only_when_every_value_agrees() {
        let s = Value::AtLeast(n(450));
        assert_eq!(compare(CmpOp::Lt, Value::Num(n(300)), s), Value::Bool(true));
        assert_eq!(compare(CmpOp::Lt, Value::Num(n(450)), s), Value::Unknown);
        assert_eq!(compare(CmpOp::Lt, Value::Num(n(500)), s), Value::Unknown);
        assert_eq!(
            compare(CmpOp::Ge, Value::Num(n(449)), s),
            Value::Bool(false)
        );
        assert_eq!(compare(CmpOp::Ge, Value::Num(n(450)), s), Value::Unknown);
        assert_eq!(compare(CmpOp::Le, Value::Num(n(450)), s), Value::Bool(true));
        assert_eq!(compare(CmpOp::Gt, s, Value::Num(n(449))), Value::Bool(true));
        assert_eq!(compare(CmpOp::Eq, Value::Num(n(1)), s), Value::Bool(false));
        assert_eq!(compare(CmpOp::Ne, Value::Num(n(1)), s), Value::Bool(true));
        assert_eq!(compare(CmpOp::Eq, Value::Num(n(450)), s), Value::Unknown);
    }

    #[test]
    fn arithmetic_carries_the_bound() {
        let s = Value::AtLeast(n(450));
        assert_eq!(
            arith(ArithOp::Sub, s, Value::Num(n(300))),
            Ok(Value::AtLeast(n(150)))
        );
        assert_eq!(
            arith(ArithOp::Sub, Value::Num(n(300)), s),
            Ok(Value::AtMost(n(-150)))
        );
        assert_eq!(
            arith(ArithOp::Mul, s, Value::Num(n(-2))),
            Ok(Value::AtMost(n(-900)))
        );
        assert_eq!(
            arith(ArithOp::Mul, s, Value::Num(n(0))),
            Ok(Value::Num(n(0)))
        );
        assert_eq!(
            arith(ArithOp::Div, s, Value::Num(n(3))),
            Ok(Value::AtLeast(n(150)))
        );
        assert_eq!(
            arith(ArithOp::Div, s, Value::Num(n(0))),
            Err(Fault::DivisionByZero)
        );
        assert_eq!(
            arith(ArithOp::Add, s, Value::AtMost(n(1))),
            Ok(Value::Unknown)
        );
        assert_eq!(arith(ArithOp::Mul, s, s), Ok(Value::AtLeast(n(202_500))));
        // 900 / [450, ∞) is between 0 and 2: kept by its lower end.
        assert_eq!(
            arith(ArithOp::Div, Value::Num(n(900)), s),
            Ok(Value::AtLeast(n(0)))
        );
    }

    #[test]
    fn min_max_round_neg() {
        let s = Value::AtLeast(n(450));
        assert_eq!(
            extreme(&[s, Value::Num(n(500))], false),
            Value::AtLeast(n(500))
        );
        assert_eq!(
            extreme(&[s, Value::Num(n(500))], true),
            Value::AtLeast(n(450))
        );
        assert_eq!(extreme(&[s, Value::Num(n(400))], true), Value::Num(n(400)));
        assert_eq!(neg(s), Value::AtMost(n(-450)));
        let r = round(
            Value::AtLeast(Decimal::new(4505, 1)),
            0,
            RoundingStrategy::MidpointAwayFromZero,
        );
        assert_eq!(r, Value::AtLeast(n(451)));
    }
}
