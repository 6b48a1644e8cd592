//! Checks shared by several operations' request builders.

use crate::error::Error;
use crate::models::ConversationTool;

/// Tool lists are open enums so that a *response* naming a newer tool type
/// still decodes; in a *request* an unknown type is almost always a typo
/// that the server would reject with a less precise 422, so it is refused
/// here, naming the entry.
pub fn known_tools(tools: Option<&Vec<ConversationTool>>) -> Result<(), Error> {
    for (i, tool) in tools.into_iter().flatten().enumerate() {
        if let ConversationTool::Unknown(raw) = tool {
            let field = format!("tools[{i}].type");
            let expected = "one of function, web_search, web_search_premium, code_interpreter, image_generation, \
                            document_library, connector";
            return Err(match raw.get("type") {
                Some(serde_json::Value::String(t)) => Error::invalid(field, format!("{expected} (got {t:?})")),
                _ => Error::invalid(field, expected),
            });
        }
    }
    Ok(())
}
