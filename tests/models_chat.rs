//! Chat completion and model card wire types against the official spec.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod common;

use common::spec;
use mistral_edge::error::DecodeError;
use mistral_edge::models::*;
use serde_json::{json, Value};

roundtrips! {
    // Request. The synthesized instance has `stream: true` and every
    // message role, content chunk and tool type.
    chat_completion_request: ChatCompletionRequest => "ChatCompletionRequest";
    system_message: ChatMessage => "SystemMessage";
    user_message: ChatMessage => "UserMessage";
    assistant_message: ChatMessage => "AssistantMessage";
    tool_message: ChatMessage => "ToolMessage";
    system_message_content_chunks: SystemMessageContentChunks => "SystemMessageContentChunks";
    tool: ConversationTool => "Tool";
    tool_call: ToolCall => "ToolCall";
    function_call: FunctionCall => "FunctionCall";
    mistral_prompt_mode: MistralPromptMode => "MistralPromptMode";
    requested_service_tier: RequestedServiceTier => "RequestedServiceTier";

    // Plain response (the response itself: see `chat_completion_response`).
    chat_completion_choice: ChatCompletionChoice => "ChatCompletionChoice";
    usage_info: UsageInfo => "UsageInfo";

    // Stream.
    completion_event: CompletionEvent => "CompletionEvent";
    completion_chunk: CompletionChunk => "CompletionChunk";
    completion_response_stream_choice: CompletionResponseStreamChoice => "CompletionResponseStreamChoice";
    delta_message: DeltaMessage => "DeltaMessage";

    // Models (the list: see `model_list`).
    base_model_card: ModelCard => "BaseModelCard";
    ft_model_card: ModelCard => "FTModelCard";
    model_capabilities: ModelCapabilities => "ModelCapabilities";
    delete_model_response: DeleteModelResponse => "DeleteModelResponse";
}

/// `ChatCompletionResponse` lists `data` as required without defining it
/// (and the API never sends it), so it is validated against the spec's
/// schema minus that one requirement.
fn chat_completion_response_validator() -> jsonschema::Validator {
    let mut schema = spec::schema("ChatCompletionResponse").clone();
    let required = schema
        .pointer_mut("/allOf/1/required")
        .and_then(Value::as_array_mut)
        .expect("ChatCompletionResponse lists its required members");
    let before = required.len();
    required.retain(|r| r != "data");
    assert_eq!(required.len(), before - 1, "the spec no longer requires `data`: use spec::roundtrip");
    spec::inline_validator(&schema)
}

fn roundtrip_response(input: &Value) {
    let validator = chat_completion_response_validator();
    assert!(validator.is_valid(input), "test input is not a ChatCompletionResponse: {input:#}");
    let decoded: ChatCompletionResponse = serde_path_to_error::deserialize(input)
        .unwrap_or_else(|e| panic!("at `{}`: {}\ninput: {input:#}", e.path(), e.inner()));
    let output = serde_json::to_value(&decoded).unwrap();
    spec::assert_same_json(input, &output);
    let errors: Vec<String> =
        validator.iter_errors(&output).map(|e| format!("at `{}`: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "output invalid: {errors:?}\n{output:#}");
}

#[test]
fn chat_completion_response() {
    let synthesized = spec::synthesize("ChatCompletionResponse");
    assert!(!spec::schema_validator("ChatCompletionResponse").is_valid(&synthesized), "`data` is still required");
    roundtrip_response(&synthesized);
    // What the API actually sends.
    roundtrip_response(&json!({
        "id": "cmpl-e5cc70bb28c444948073e77776eb30ef",
        "object": "chat.completion",
        "model": "mistral-small-latest",
        "created": 1702256327,
        "usage": {"prompt_tokens": 16, "completion_tokens": 34, "total_tokens": 50},
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": "Claude Monet.", "tool_calls": null, "prefix": false},
            "finish_reason": "stop"
        }]
    }));
}

/// The spec's one example (a recorded `/v1/agents/completions` answer) has
/// `"prompt_audio_seconds": {}`, which its own schema rejects; it decodes,
/// reading that member as absent, and the rest round-trips.
#[test]
fn chat_completion_response_spec_example() {
    let examples = spec::examples_for("ChatCompletionResponse");
    assert!(!examples.is_empty());
    for mut example in examples {
        let decoded: ChatCompletionResponse =
            serde_json::from_value(example.clone()).expect("the spec's example decodes");
        if example.pointer("/usage/prompt_audio_seconds").is_some_and(Value::is_object) {
            assert_eq!(decoded.usage.prompt_audio_seconds, None);
            example["usage"].as_object_mut().unwrap().remove("prompt_audio_seconds");
        }
        roundtrip_response(&example);
        assert!(decoded.choices[0].message.as_ref().unwrap().content.as_ref().unwrap().text().contains("Monet"));
    }
    let usage: UsageInfo = serde_json::from_value(json!({"prompt_audio_seconds": 203})).unwrap();
    assert_eq!(usage.prompt_audio_seconds, Some(203));
}

#[test]
fn model_list() {
    spec::roundtrip_value::<ModelList>("ModelList", &spec::synthesize("ModelList"));
    spec::roundtrip_value::<ModelList>("ModelList", &json!({"object": "list", "data": []}));
}

/// The spec's examples for the models endpoints are off: the list example is
/// a bare array, and both spell the discriminator `TYPE`. They still decode.
#[test]
fn spec_model_examples_decode() {
    let examples = spec::examples_for("ModelList");
    assert_eq!(examples.len(), 1);
    let list: ModelList = serde_json::from_value(examples[0].clone()).expect("bare array decodes");
    assert_eq!(list.object, None);
    assert_eq!(list.data.len(), 1);
    let card = list.data[0].base().expect("a known card");
    assert_eq!(card.id, "<model_id>");
    assert!(card.capabilities.completion_chat && !card.capabilities.vision);
    assert_eq!(card.max_context_length, Some(32768));
    // Written back in the object form, which the schema accepts.
    let out = serde_json::to_value(&list).unwrap();
    assert_eq!(out["data"][0]["type"], "base");
    spec::assert_valid("ModelList", &out);

    let (_, _, op) = common::ops::operation("retrieve_model_v1_models__model_id__get");
    let example = op.pointer("/responses/200/content/application~1json/examples/userExample/value").unwrap();
    let card: ModelCard = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(card.id(), Some("<your_model_id>"));
    assert!(matches!(card, ModelCard::Base(_)), "no `type`: read as the default, base");
}

/// The non-maximal arms of unions, which the synthesizer does not pick.
#[test]
fn other_arms_of_unions_roundtrip() {
    let request = json!({
        "model": "mistral-large-latest",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Who is the best French painter? Answer in one short sentence."},
            {"role": "assistant", "content": null, "tool_calls": [
                {"id": "D681PevKs", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}
            ]},
            {"role": "tool", "content": null, "tool_call_id": "D681PevKs", "name": "get_weather"},
            {"role": "assistant", "content": "Monet", "prefix": true}
        ],
        "stop": "\n\n",
        "tool_choice": "any",
        "response_format": {"type": "json_object"}
    });
    let out = spec::roundtrip_value::<ChatCompletionRequest>("ChatCompletionRequest", &request);
    assert_eq!(out["messages"][3]["content"], Value::Null, "required-nullable content stays null");
    spec::roundtrip_value::<ChatCompletionRequest>(
        "ChatCompletionRequest",
        &json!({"model": "m", "messages": [], "stop": ["a", "b"], "tool_choice": {"type": "function", "function": {"name": "f"}}}),
    );
    spec::roundtrip_value::<CompletionResponseStreamChoice>(
        "CompletionResponseStreamChoice",
        &json!({"index": 0, "delta": {"content": "Hel"}, "finish_reason": null}),
    );
    spec::roundtrip_value::<ModelCard>("BaseModelCard", &json!({"id": "m", "capabilities": {}}));
}

#[test]
fn constructors_build_valid_requests() {
    let mut request = ChatCompletionRequest::new(
        "mistral-small-latest",
        vec![
            ChatMessage::system("Answer in French."),
            ChatMessage::user(vec![ContentChunk::from(TextChunk::new("Describe this"))]),
            ChatMessage::assistant("Une image."),
            ChatMessage::tool("call_1", "42"),
        ],
    );
    request.tool_choice = Some(ToolChoiceEnum::Auto.into());
    request.tools = Some(vec![Function::new("f", "does f", serde_json::Map::new()).into()]);
    request.response_format = Some(ResponseFormat::json_schema(JsonSchema {
        name: "answer".into(),
        description: None,
        schema: json!({"type": "object"}).as_object().unwrap().clone(),
        strict: Some(true),
    }));
    let value = serde_json::to_value(&request).unwrap();
    spec::assert_valid("ChatCompletionRequest", &value);
    assert_eq!(value["messages"][1]["role"], "user");
    assert_eq!(value["messages"][3]["tool_call_id"], "call_1");
    assert_eq!(value["tool_choice"], "auto");
    assert_eq!(
        request.messages.iter().map(ChatMessage::role).collect::<Vec<_>>(),
        [Role::System, Role::User, Role::Assistant, Role::Tool]
    );
}

/// A response message goes back into the next request's history as is.
#[test]
fn response_message_becomes_history() {
    let response: ChatCompletionResponse = serde_json::from_value(json!({
        "id": "c", "model": "m", "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
        "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": "", "tool_calls": [
            {"id": "t1", "function": {"name": "get_weather", "arguments": {"city": "Paris"}}, "index": 0}
        ]}}]
    }))
    .unwrap();
    let choice = &response.choices[0];
    assert_eq!(choice.finish_reason, FinishReason::ToolCalls);
    let message = choice.message.clone().unwrap();
    let call = &message.tool_calls.as_ref().unwrap()[0];
    assert_eq!(call.kind, ToolTypes::Function, "`type` defaults to function");
    assert_eq!(call.function.arguments.to_value().unwrap(), json!({"city": "Paris"}));
    let history = ChatMessage::from(message);
    let value = serde_json::to_value(&history).unwrap();
    assert_eq!(value["role"], "assistant");
    spec::assert_valid("AssistantMessage", &value);
}

#[test]
fn text_of_content() {
    let content: MessageContent = serde_json::from_value(json!([
        {"type": "thinking", "thinking": [{"type": "text", "text": "hmm"}]},
        {"type": "text", "text": "Hello, "},
        {"type": "text", "text": "world"}
    ]))
    .unwrap();
    assert_eq!(content.text(), "Hello, world");
    assert_eq!(MessageContent::from("plain").text(), "plain");
}

/// Missing optional members and unknown values decode, and re-encode as
/// they came in.
#[test]
fn lenient_input() {
    let chunk: CompletionChunk = serde_json::from_value(json!({
        "id": "x", "model": "m", "logprobs": null,
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": "content_filter", "logprobs": null}]
    }))
    .unwrap();
    assert_eq!(chunk.choices[0].finish_reason, Some(FinishReason::Other("content_filter".into())));
    assert_eq!(chunk.choices[0].delta.role, Some(Role::Assistant));
    assert_eq!(chunk.usage, None);

    let no_reason: CompletionResponseStreamChoice = serde_json::from_value(json!({"index": 1, "delta": {}})).unwrap();
    assert_eq!(no_reason.finish_reason, None);

    let usage: UsageInfo = serde_json::from_value(json!({"prompt_tokens": 5})).unwrap();
    assert_eq!((usage.prompt_tokens, usage.completion_tokens, usage.total_tokens), (5, 0, 0));

    let deleted: DeleteModelResponse = serde_json::from_value(json!({"id": "ft:x"})).unwrap();
    assert!(deleted.deleted);

    let card: ModelCard =
        serde_json::from_value(json!({"id": "m", "capabilities": {"vision": true, "teleportation": true}})).unwrap();
    assert!(card.base().unwrap().capabilities.vision);
}

#[test]
fn unknown_tags_are_kept_verbatim() {
    fn check<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
        raw: Value,
        is_unknown: fn(&T) -> bool,
    ) {
        let decoded: T = serde_json::from_value(raw.clone()).unwrap_or_else(|e| panic!("{raw}: {e}"));
        assert!(is_unknown(&decoded), "{raw} decoded as {decoded:?}");
        assert_eq!(serde_json::to_value(&decoded).unwrap(), raw);
    }
    check::<ChatMessage>(json!({"role": "developer", "content": "x"}), |m| matches!(m, ChatMessage::Unknown(_)));
    check::<SystemMessageContentChunks>(json!({"type": "image_url", "image_url": "u"}), |c| {
        matches!(c, SystemMessageContentChunks::Unknown(_))
    });
    check::<ModelCard>(json!({"type": "distilled", "id": "d", "teacher": "t"}), |c| matches!(c, ModelCard::Unknown(_)));

    let unknown: ChatMessage = serde_json::from_value(json!({"role": "developer", "content": "x"})).unwrap();
    assert_eq!(unknown.role(), Role::Other("developer".into()));
    let card: ModelCard = serde_json::from_value(json!({"type": "distilled", "id": "d"})).unwrap();
    assert_eq!((card.id(), card.base()), (Some("d"), None));
}

/// A malformed body is a typed error naming where it went wrong.
#[test]
fn bad_input_names_the_path() {
    let decode = |target: &'static str, value: Value| -> DecodeError {
        match target {
            "ChatCompletionResponse" => {
                DecodeError::decode::<ChatCompletionResponse>(target, &value.to_string()).unwrap_err()
            }
            "CompletionChunk" => DecodeError::decode::<CompletionChunk>(target, &value.to_string()).unwrap_err(),
            "ModelList" => DecodeError::decode::<ModelList>(target, &value.to_string()).unwrap_err(),
            _ => DecodeError::decode::<ChatCompletionRequest>(target, &value.to_string()).unwrap_err(),
        }
    };

    let e = decode(
        "ChatCompletionResponse",
        json!({"id": "c", "model": "m", "usage": {}, "choices": [{"index": 0, "finish_reason": 5}]}),
    );
    assert_eq!(e.path, "choices[0].finish_reason", "{e}");

    let e = decode(
        "CompletionChunk",
        json!({"id": "c", "model": "m", "choices": [{"index": 0, "delta": {"content": 7}, "finish_reason": null}]}),
    );
    assert_eq!(e.path, "choices[0].delta.content", "{e}");
    assert!(e.message.contains("a string or an array of content chunks"), "{e}");

    // Inside a tagged union the path continues in the message.
    let e = decode(
        "ChatCompletionResponse",
        json!({"id": "c", "model": "m", "usage": {}, "choices": [{"index": 0, "finish_reason": "stop",
            "message": {"role": "assistant", "tool_calls": [{"function": {"name": "f"}}]}}]}),
    );
    assert_eq!(e.path, "choices[0].message", "{e}");
    assert!(e.message.contains("tool_calls[0].function") && e.message.contains("arguments"), "{e}");

    let e = decode("ModelList", json!({"data": [{"type": "fine-tuned", "id": "ft", "capabilities": {}}]}));
    assert_eq!(e.path, "data[0]", "{e}");
    assert!(e.message.contains("fine-tuned") && e.message.contains("job"), "{e}");

    // Requests are strict, as the spec's `additionalProperties: false`.
    let e = decode("ChatCompletionRequest", json!({"model": "m", "messages": [], "temprature": 0.2}));
    assert!(e.message.contains("temprature"), "{e}");
    let e = decode(
        "ChatCompletionRequest",
        json!({"model": "m", "messages": [{"role": "user", "content": "x", "prefix": true}]}),
    );
    assert_eq!(e.path, "messages[0]", "{e}");
    assert!(e.message.contains("prefix"), "{e}");
    let e = decode("ChatCompletionRequest", json!({"model": "m", "messages": [], "tool_choice": {"type": "function"}}));
    assert_eq!(e.path, "tool_choice", "{e}");
    assert!(e.message.contains("function"), "{e}");
}
