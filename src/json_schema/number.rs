//! Exact comparisons of JSON numbers whatever serde_json stored them as
//! (`u64`, `i64` or `f64`), so that `1 == 1.0`, `2^53 + 1 > 2^53` and `0.3`
//! is a multiple of `0.1` (as decimals, like the `jsonschema` crate).

use std::cmp::Ordering;

use serde_json::Number;

/// A number as an exact integer when it has no fraction, else its float.
#[derive(Clone, Copy)]
enum Exact {
    Int(i128),
    Float(f64),
}

/// 2^127: floats at or past it do not fit an `i128`.
const I128_LIMIT: f64 = 1.7014118346046923e38;

fn exact(n: &Number) -> Exact {
    if let Some(i) = n.as_i64() {
        Exact::Int(i128::from(i))
    } else if let Some(u) = n.as_u64() {
        Exact::Int(i128::from(u))
    } else {
        let f = n.as_f64().unwrap_or(0.0);
        if f.fract() == 0.0 && f.abs() < I128_LIMIT {
            // Integral and in range, so the cast is exact.
            Exact::Int(f as i128)
        } else {
            Exact::Float(f)
        }
    }
}

/// Whether the number has no fractional part.
pub(crate) fn is_integer(n: &Number) -> bool {
    match exact(n) {
        Exact::Int(_) => true,
        Exact::Float(f) => f.fract() == 0.0,
    }
}

pub(crate) fn compare(a: &Number, b: &Number) -> Ordering {
    match (exact(a), exact(b)) {
        (Exact::Int(x), Exact::Int(y)) => x.cmp(&y),
        (Exact::Float(x), Exact::Float(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Exact::Int(i), Exact::Float(f)) => int_vs_float(i, f),
        (Exact::Float(f), Exact::Int(i)) => int_vs_float(i, f).reverse(),
    }
}

/// `f` has a fraction or is beyond `i128`, so it never equals `i`.
fn int_vs_float(i: i128, f: f64) -> Ordering {
    if f.abs() >= I128_LIMIT {
        return if f > 0.0 { Ordering::Less } else { Ordering::Greater };
    }
    if i <= f.floor() as i128 {
        Ordering::Less
    } else {
        Ordering::Greater
    }
}

/// Whether `x / m` is an integer, reading both as the decimals they print
/// as (so `0.07` is a multiple of `0.01`, as the schema author meant, though
/// not of the binary `f64`s); `None` when `m` is not positive (the keyword
/// is malformed and ignored).
pub(crate) fn is_multiple(x: &Number, m: &Number) -> Option<bool> {
    let (negative, b, q) = decimal_parts(m)?;
    if negative || b == 0 {
        return None;
    }
    let Some((_, a, p)) = decimal_parts(x) else { return Some(false) };
    if a == 0 {
        return Some(true);
    }
    // x / m = (a / b) · 10^(p - q). All in u64, no 128-bit helpers in wasm.
    if p >= q {
        // b divides a · 10^(p - q): the remainder, carried a digit at a time.
        let mut remainder = a % b;
        for _ in q..p {
            if remainder == 0 {
                break;
            }
            remainder = times_ten_mod(remainder, b);
        }
        Some(remainder == 0)
    } else {
        // b · 10^(q - p) divides a; once past a, it cannot.
        let mut divisor = b;
        for _ in p..q {
            if divisor > a / 10 {
                return Some(false);
            }
            divisor *= 10;
        }
        Some(a % divisor == 0)
    }
}

/// `10 r mod m` for `r < m`, by doubling and adding without overflow.
fn times_ten_mod(r: u64, m: u64) -> u64 {
    let add = |x: u64, y: u64| if x >= m - y { x - (m - y) } else { x + y };
    let r2 = add(r, r);
    let r4 = add(r2, r2);
    let r8 = add(r4, r4);
    add(r8, r2)
}

/// The number as sign, mantissa and power of ten, read from its shortest
/// printed form (`0.1`, `1e-7`, `18446744073709551615`).
fn decimal_parts(n: &Number) -> Option<(bool, u64, i32)> {
    let text = n.to_string();
    let (digits, exponent) = match text.split_once(['e', 'E']) {
        Some((digits, exponent)) => (digits, exponent.parse::<i32>().ok()?),
        None => (text.as_str(), 0),
    };
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut mantissa: u64 = 0;
    for byte in whole.bytes().chain(fraction.bytes()) {
        let digit = byte.checked_sub(b'0').filter(|d| *d < 10)?;
        // A bound rather than `checked_mul`, which wasm lowers to a 128-bit helper.
        if mantissa > u64::MAX / 10 || (mantissa == u64::MAX / 10 && u64::from(digit) > u64::MAX % 10) {
            return None;
        }
        mantissa = mantissa * 10 + u64::from(digit);
    }
    let exponent = exponent.checked_sub(i32::try_from(fraction.len()).ok()?)?;
    Some((negative, mantissa, exponent))
}
