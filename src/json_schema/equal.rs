//! JSON equality for `enum`, `const` and `uniqueItems`: numbers compare by
//! value (`1 == 1.0`), which `Value`'s own `==` does not do.

use serde_json::Value;

use super::{number, MAX_DEPTH};

/// Whether `a` and `b` are the same JSON value. Values nested deeper than
/// [`MAX_DEPTH`] compare unequal rather than risk the stack.
pub(crate) fn json_equal(a: &Value, b: &Value) -> bool {
    equal(a, b, 0)
}

fn equal(a: &Value, b: &Value, depth: u32) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => number::compare(x, y).is_eq(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equal(x, y, depth + 1))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w, depth + 1)))
        }
        _ => false,
    }
}
