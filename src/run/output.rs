//! Structured output: the schema becomes the request's `response_format`,
//! and the final text must parse and match it.

use serde_json::Value;

use crate::json_schema;

/// `completion_args.response_format` for `schema`.
pub fn response_format(schema: &Value) -> Value {
    serde_json::json!({
        "type": "json_schema",
        "json_schema": { "name": "output", "schema": schema, "strict": true }
    })
}

/// The final answer as JSON checked against `schema`, or what is wrong.
pub fn check_output(schema: &Value, text: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(text.trim()).map_err(|e| format!("the answer is not JSON ({e})"))?;
    json_schema::validate(schema, &value)
        .map_err(|violations| violations.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
    Ok(value)
}
