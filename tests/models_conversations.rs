//! Conversation wire types against the official spec and the recorded stream.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod common;

use common::spec;
use mistral_edge::models::*;
use serde_json::{json, Map, Value};

roundtrips! {
    // Requests. The base schemas (stream: boolean|null) go through the
    // streaming flavour, since their synthesized `stream` is `true`.
    conversation_request: ConversationRequest => "ConversationRequest";
    conversation_stream_request: ConversationStreamRequest => "ConversationStreamRequest";
    conversation_request_base: ConversationStreamRequest => "ConversationRequestBase";
    conversation_append_request: ConversationAppendRequest => "ConversationAppendRequest";
    conversation_append_stream_request: ConversationAppendStreamRequest => "ConversationAppendStreamRequest";
    append_conversation_request: ConversationAppendStreamRequest => "AppendConversationRequest";
    conversation_restart_request: ConversationRestartRequest => "ConversationRestartRequest";
    conversation_restart_stream_request: ConversationRestartStreamRequest => "ConversationRestartStreamRequest";
    restart_conversation_request: ConversationRestartStreamRequest => "RestartConversationRequest";
    conversation_inputs: ConversationInputs => "ConversationInputs";
    input_entries: InputEntries => "InputEntries";
    tool_call_confirmation: ToolCallConfirmation => "ToolCallConfirmation";

    // Entries (variants go through their union, which writes the tag).
    message_input_entry: InputEntry => "MessageInputEntry";
    message_output_entry: OutputEntry => "MessageOutputEntry";
    message_output_entry_as_input: InputEntry => "MessageOutputEntry";
    function_call_entry: OutputEntry => "FunctionCallEntry";
    function_call_entry_arguments: FunctionCallEntryArguments => "FunctionCallEntryArguments";
    function_result_entry: InputEntry => "FunctionResultEntry";
    tool_execution_entry: OutputEntry => "ToolExecutionEntry";
    tool_execution_info: ToolExecutionInfo => "ToolExecutionInfo";
    agent_handoff_entry: OutputEntry => "AgentHandoffEntry";
    message_entries: MessageEntries => "MessageEntries";

    // Responses and conversation objects.
    conversation_response: ConversationResponse => "ConversationResponse";
    conversation_history: ConversationHistory => "ConversationHistory";
    conversation_messages: ConversationMessages => "ConversationMessages";
    model_conversation: Conversation => "ModelConversation";
    agent_conversation: Conversation => "AgentConversation";
    conversation_usage_info: ConversationUsageInfo => "ConversationUsageInfo";
    metadata_dict: MetadataDict => "MetadataDict";

    // Events.
    conversation_events: ConversationEvents => "ConversationEvents";
    sse_types: SSETypes => "SSETypes";
    response_started_event: ConversationEvent => "ResponseStartedEvent";
    response_done_event: ConversationEvent => "ResponseDoneEvent";
    response_error_event: ConversationEvent => "ResponseErrorEvent";
    tool_execution_started_event: ConversationEvent => "ToolExecutionStartedEvent";
    tool_execution_delta_event: ConversationEvent => "ToolExecutionDeltaEvent";
    tool_execution_done_event: ConversationEvent => "ToolExecutionDoneEvent";
    message_output_event: ConversationEvent => "MessageOutputEvent";
    function_call_event: ConversationEvent => "FunctionCallEvent";
    agent_handoff_started_event: ConversationEvent => "AgentHandoffStartedEvent";
    agent_handoff_done_event: ConversationEvent => "AgentHandoffDoneEvent";

    // Tools.
    function_tool: ConversationTool => "FunctionTool";
    function: Function => "Function";
    web_search_tool: ConversationTool => "WebSearchTool";
    web_search_premium_tool: ConversationTool => "WebSearchPremiumTool";
    code_interpreter_tool: ConversationTool => "CodeInterpreterTool";
    image_generation_tool: ConversationTool => "ImageGenerationTool";
    document_library_tool: ConversationTool => "DocumentLibraryTool";
    custom_connector: ConversationTool => "CustomConnector";
    oauth2_token_auth: ConnectorAuthorization => "OAuth2TokenAuth";
    api_key_auth: ConnectorAuthorization => "APIKeyAuth";
    tool_configuration: ToolConfiguration => "ToolConfiguration";
    built_in_connectors: BuiltInConnectors => "BuiltInConnectors";
    tool_choice: ToolChoice => "ToolChoice";
    tool_types: ToolTypes => "ToolTypes";
    function_name: FunctionName => "FunctionName";

    // Completion arguments and guardrails.
    completion_args: CompletionArgs => "CompletionArgs";
    completion_args_stop: Option<CompletionArgsStop> => "CompletionArgsStop";
    response_format: ResponseFormat => "ResponseFormat";
    response_formats: ResponseFormats => "ResponseFormats";
    json_schema: JsonSchema => "JsonSchema";
    prediction: Prediction => "Prediction";
    tool_choice_enum: ToolChoiceEnum => "ToolChoiceEnum";
    reasoning_effort: ReasoningEffort => "ReasoningEffort";
    guardrail_config: GuardrailConfig => "GuardrailConfig";
    moderation_llm_action: ModerationLLMAction => "ModerationLLMAction";
    moderation_llm_v1_config: ModerationLLMV1Config => "ModerationLLMV1Config";
    moderation_llm_v1_thresholds: ModerationLLMV1CategoryThresholds => "ModerationLLMV1CategoryThresholds";
    moderation_llm_v2_config: ModerationLLMV2Config => "ModerationLLMV2Config";
    moderation_llm_v2_thresholds: ModerationLLMV2CategoryThresholds => "ModerationLLMV2CategoryThresholds";

    // Content.
    content_chunk: ContentChunk => "ContentChunk";
    message_input_content_chunks: MessageInputContentChunks => "MessageInputContentChunks";
    message_output_content_chunks: MessageOutputContentChunks => "MessageOutputContentChunks";
    output_content_chunks: OutputContentChunks => "OutputContentChunks";
    text_chunk: ContentChunk => "TextChunk";
    image_url_chunk: ContentChunk => "ImageURLChunk";
    image_url: ImageURL => "ImageURL";
    image_detail: ImageDetail => "ImageDetail";
    document_url_chunk: ContentChunk => "DocumentURLChunk";
    reference_chunk: ContentChunk => "ReferenceChunk";
    think_chunk: ContentChunk => "ThinkChunk";
    audio_chunk: ContentChunk => "AudioChunk";
    file_chunk: ContentChunk => "FileChunk";
    tool_file_chunk: OutputContentChunks => "ToolFileChunk";
    tool_reference_chunk: OutputContentChunks => "ToolReferenceChunk";
}

/// The non-maximal arms of scalar unions, which the synthesizer does not pick.
#[test]
fn string_arms_of_unions_roundtrip() {
    let cases: &[(&str, Value)] = &[
        ("ConversationInputs", json!("Who won the last Euro?")),
        ("CompletionArgsStop", json!("\n\n")),
        ("FunctionCallEntryArguments", json!("{\"city\":\"Paris\"}")),
        ("ImageURLChunk", json!({"type": "image_url", "image_url": "data:image/png;base64,iVBORw0"})),
        ("MessageInputEntry", json!({"role": "user", "content": "Hi"})),
        ("MessageOutputEvent", json!({"type": "message.output.delta", "id": "m", "content": "Hel"})),
        (
            "AgentConversation",
            json!({"id": "c", "created_at": "2025-01-02T03:04:05Z", "updated_at": "2025-01-02T03:04:05Z", "agent_id": "ag", "agent_version": 3}),
        ),
        ("ReferenceChunk", json!({"type": "reference", "reference_ids": [1, "a"]})),
    ];
    for (name, value) in cases {
        match *name {
            "ConversationInputs" => drop(spec::roundtrip_value::<ConversationInputs>(name, value)),
            "CompletionArgsStop" => drop(spec::roundtrip_value::<Option<CompletionArgsStop>>(name, value)),
            "FunctionCallEntryArguments" => drop(spec::roundtrip_value::<FunctionCallEntryArguments>(name, value)),
            "MessageInputEntry" => drop(spec::roundtrip_value::<InputEntry>(name, value)),
            "MessageOutputEvent" => drop(spec::roundtrip_value::<ConversationEvent>(name, value)),
            "AgentConversation" => drop(spec::roundtrip_value::<Conversation>(name, value)),
            _ => drop(spec::roundtrip_value::<ContentChunk>(name, value)),
        }
    }
}

fn fixture_events() -> Vec<(String, Value)> {
    let path = common::shared::shared_path("fixtures/mistral/docs-streaming-example.sse");
    let text = std::fs::read_to_string(path).expect("reading the recorded stream");
    let mut events = Vec::new();
    let mut name = String::new();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("event: ") {
            name = n.to_owned();
        } else if let Some(data) = line.strip_prefix("data: ") {
            events.push((std::mem::take(&mut name), serde_json::from_str(data).expect("fixture data is JSON")));
        }
    }
    events
}

#[test]
fn every_recorded_event_decodes_to_its_variant() {
    let events = fixture_events();
    assert_eq!(events.len(), 10);
    for (name, data) in &events {
        let event: ConversationEvent = serde_json::from_value(data.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!matches!(event, ConversationEvent::Unknown(_)), "{name} decoded as Unknown");
        assert_eq!(event.type_name(), name);
        assert_eq!(serde_json::to_value(&event).unwrap(), *data, "{name} re-encodes as recorded");
        let framed: ConversationEvents =
            serde_json::from_value(json!({"event": name, "data": data})).expect("framed event decodes");
        assert_eq!(framed.event, SSETypes::from(name.as_str()));
        assert!(!matches!(framed.event, SSETypes::Other(_)));
    }
}

#[test]
fn recorded_events_carry_their_data() {
    let events: Vec<ConversationEvent> =
        fixture_events().into_iter().map(|(_, d)| serde_json::from_value(d).unwrap()).collect();
    let ConversationEvent::ResponseStarted(started) = &events[0] else { panic!("first is {:?}", events[0]) };
    assert_eq!(started.conversation_id, "conv_067f2a98c1a773678000ce73a36b785a");
    let ConversationEvent::ToolExecutionStarted(tool) = &events[1] else { panic!("second is {:?}", events[1]) };
    assert_eq!(tool.name, BuiltInConnectors::WebSearch);
    assert_eq!(tool.arguments, None);
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            ConversationEvent::MessageOutput(m) => m.content.as_text(),
            _ => None,
        })
        .collect();
    assert_eq!(text, "The last European Football tournament.");
    let ConversationEvent::ResponseDone(done) = &events[9] else { panic!("last is {:?}", events[9]) };
    assert_eq!((done.usage.prompt_tokens, done.usage.completion_tokens, done.usage.total_tokens), (18709, 183, 18892));
    assert_eq!(done.usage.connector_tokens, None);
}

/// An unknown `type` is kept verbatim, and re-encodes byte for byte.
#[test]
fn unknown_types_are_kept_verbatim() {
    fn check<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
        raw: &str,
        is_unknown: fn(&T) -> bool,
    ) {
        let decoded: T = serde_json::from_str(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
        assert!(is_unknown(&decoded), "{raw} decoded as {decoded:?}");
        // serde_json sorts keys, so "identical" is JSON equality.
        let raw_value: Value = serde_json::from_str(raw).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), raw_value);
    }
    check::<ConversationEvent>(r#"{"type":"conversation.response.paused","id":"x","reason":{"code":7}}"#, |e| {
        matches!(e, ConversationEvent::Unknown(_))
    });
    check::<InputEntry>(r#"{"type":"memory.recall","memories":["a"]}"#, |e| matches!(e, InputEntry::Unknown(_)));
    check::<OutputEntry>(r#"{"type":"message.input","role":"user","content":"x"}"#, |e| {
        matches!(e, OutputEntry::Unknown(_))
    });
    check::<OutputContentChunks>(r#"{"type":"video_url","video_url":"https://v"}"#, |c| {
        matches!(c, OutputContentChunks::Unknown(_))
    });
    check::<MessageInputContentChunk>(r#"{"type":"tool_reference","tool":"web_search","title":"t"}"#, |c| {
        matches!(c, MessageInputContentChunk::Unknown(_))
    });
    check::<ContentChunk>(r#"{"type":"hologram"}"#, |c| matches!(c, ContentChunk::Unknown(_)));
    check::<ConversationTool>(r#"{"type":"browser","tool_configuration":null}"#, |t| {
        matches!(t, ConversationTool::Unknown(_))
    });
    check::<ConnectorAuthorization>(r#"{"type":"mtls","cert":"c"}"#, |a| {
        matches!(a, ConnectorAuthorization::Unknown(_))
    });

    // Unknown values of open string enums are kept too.
    let entry: InputEntry = serde_json::from_value(json!({
        "type": "tool.execution", "name": "deep_research", "object": "entry.v2", "arguments": "{}"
    }))
    .unwrap();
    let InputEntry::ToolExecution(exec) = &entry else { panic!("{entry:?}") };
    assert_eq!(exec.name, BuiltInConnectors::Other("deep_research".into()));
    assert_eq!(exec.object, Some(ObjectType::Other("entry.v2".into())));
    assert_eq!(serde_json::to_value(&entry).unwrap()["name"], "deep_research");
    let role: Role = serde_json::from_value(json!("developer")).unwrap();
    assert_eq!(role.as_str(), "developer");
    assert_eq!(Role::from("user"), Role::User);
}

/// A known type with a malformed field is an error, and the error names it.
#[test]
fn malformed_known_types_name_the_field() {
    fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: Value) -> String {
        let err = serde_path_to_error::deserialize::<_, T>(value).expect_err("must not decode");
        format!("{} at {}", err.inner(), err.path())
    }
    let e = error_of::<ConversationEvent>(json!({"type": "message.output.delta", "id": "m", "content": 5}));
    assert!(e.contains("content") && e.contains("message.output.delta"), "{e}");
    let e = error_of::<ConversationEvent>(
        json!({"type": "conversation.response.done", "usage": {"prompt_tokens": "many"}}),
    );
    assert!(e.contains("usage.prompt_tokens"), "{e}");
    let e = error_of::<InputEntry>(json!({"type": "function.call", "tool_call_id": 1, "name": "f", "arguments": "{}"}));
    assert!(e.contains("tool_call_id"), "{e}");
    let e = error_of::<InputEntry>(json!({"type": "function.result", "tool_call_id": "c"}));
    assert!(e.contains("missing field `result`"), "{e}");
    let e = error_of::<ConversationResponse>(json!({
        "conversation_id": "c", "usage": {},
        "outputs": [{"type": "message.output", "content": [{"type": "text", "text": "ok"}, {"type": "text", "text": 3}]}]
    }));
    assert!(e.contains("outputs[0]") && e.contains("content[1]") && e.contains("at `text`"), "{e}");
    let e = error_of::<ConversationTool>(json!({"type": "document_library", "library_ids": "lib"}));
    assert!(e.contains("library_ids"), "{e}");
    let e = error_of::<ContentChunk>(json!({"type": "image_url", "image_url": 7}));
    assert!(e.contains("image_url") && e.contains("image URL string"), "{e}");
    let e = error_of::<ConversationEvent>(json!({"type": 5}));
    assert!(e.contains("`type`"), "{e}");
}

#[test]
fn requests_pin_the_stream_flag() {
    let req = ConversationRequest::with_agent("ag_1", "Hi");
    let body = serde_json::to_value(&req).unwrap();
    assert_eq!(body, json!({"inputs": "Hi", "stream": false, "agent_id": "ag_1"}));
    spec::assert_valid("ConversationRequest", &body);
    let body = serde_json::to_value(req.into_stream()).unwrap();
    assert_eq!(body, json!({"inputs": "Hi", "stream": true, "agent_id": "ag_1"}));
    spec::assert_valid("ConversationStreamRequest", &body);

    let err = serde_json::from_value::<ConversationRequest>(json!({"inputs": "Hi", "stream": true})).unwrap_err();
    assert!(err.to_string().contains("stream"), "{err}");
    let err = serde_json::from_value::<ConversationAppendStreamRequest>(json!({"stream": false})).unwrap_err();
    assert!(err.to_string().contains("stream"), "{err}");
    // Absent or null means "as the type says".
    let req: ConversationRestartStreamRequest =
        serde_json::from_value(json!({"from_entry_id": "e", "stream": null})).unwrap();
    assert_eq!(serde_json::to_value(&req).unwrap(), json!({"from_entry_id": "e", "stream": true}));

    let body = serde_json::to_value(ConversationAppendRequest::new("more").into_stream()).unwrap();
    spec::assert_valid("ConversationAppendStreamRequest", &body);
    let body = serde_json::to_value(ConversationRestartRequest::new("msg_1", "again")).unwrap();
    spec::assert_valid("ConversationRestartRequest", &body);
    let body = serde_json::to_value(ConversationRequest::with_model("mistral-medium-latest", "Hi")).unwrap();
    spec::assert_valid("ConversationRequest", &body);
}

/// A typo in a request is reported rather than silently dropped.
#[test]
fn requests_reject_unknown_fields() {
    let err = serde_json::from_value::<ConversationRequest>(json!({"inputs": "Hi", "agnet_id": "a"})).unwrap_err();
    assert!(err.to_string().contains("agnet_id"), "{err}");
}

#[test]
fn inputs_and_entries_build_as_the_spec_wants() {
    assert_eq!(serde_json::to_value(ConversationInputs::from("text")).unwrap(), json!("text"));
    let inputs = ConversationInputs::from(vec![
        InputEntry::user("What is the weather?"),
        InputEntry::function_result("call_1", "{\"temp\":21}"),
    ]);
    let value = serde_json::to_value(&inputs).unwrap();
    assert_eq!(
        value,
        json!([
            {"type": "message.input", "role": "user", "content": "What is the weather?"},
            {"type": "function.result", "tool_call_id": "call_1", "result": "{\"temp\":21}"}
        ])
    );
    spec::assert_valid("ConversationInputs", &value);

    // `type` defaults to `message.input`.
    let entry: InputEntry = serde_json::from_value(json!({"role": "user", "content": "Hi"})).unwrap();
    assert!(matches!(&entry, InputEntry::MessageInput(m) if m.role == Role::User));
    let entry: MessageEntry = serde_json::from_value(json!({"role": "assistant", "content": "Yo"})).unwrap();
    assert!(matches!(entry, MessageEntry::MessageInput(_)));

    let call: OutputEntry = serde_json::from_value(json!({
        "type": "function.call", "tool_call_id": "c", "name": "weather", "arguments": "{\"city\":\"Paris\"}"
    }))
    .unwrap();
    let OutputEntry::FunctionCall(call) = call else { panic!() };
    assert_eq!(call.arguments.to_value().unwrap(), json!({"city": "Paris"}));
    let back = InputEntry::from(OutputEntry::from(call));
    assert_eq!(back.type_name(), "function.call");
}

#[test]
fn conversations_are_told_apart_by_agent_id() {
    let list: Vec<Conversation> = serde_json::from_value(json!([
        {"id": "a", "created_at": "t", "updated_at": "t", "model": "mistral-small-latest"},
        {"id": "b", "created_at": "t", "updated_at": "t", "agent_id": "ag", "agent_version": "v2"}
    ]))
    .unwrap();
    assert!(matches!(&list[0], Conversation::Model(c) if c.model == "mistral-small-latest"));
    assert!(matches!(&list[1], Conversation::Agent(c) if c.agent_version == Some(AgentVersion::Text("v2".into()))));
    assert_eq!(list[1].id(), "b");
    let err =
        serde_json::from_value::<Conversation>(json!({"id": "a", "created_at": "t", "updated_at": 1, "model": "m"}))
            .unwrap_err();
    assert!(err.to_string().contains("updated_at"), "{err}");
}

#[test]
fn tools_serialize_with_their_tags() {
    let mut params = Map::new();
    params.insert("type".into(), json!("object"));
    let tools: Vec<ConversationTool> = vec![
        Function::new("weather", "Current weather", params).into(),
        WebSearchTool::default().into(),
        CustomConnector {
            connector_id: "conn".into(),
            authorization: Some(APIKeyAuth { value: "sk-secret".into() }.into()),
            tool_configuration: None,
        }
        .into(),
    ];
    let value = serde_json::to_value(&tools).unwrap();
    assert_eq!(
        value,
        json!([
            {"type": "function", "function": {"name": "weather", "description": "Current weather", "parameters": {"type": "object"}}},
            {"type": "web_search"},
            {"type": "connector", "connector_id": "conn", "authorization": {"type": "api-key", "value": "sk-secret"}}
        ])
    );
    for (tool, name) in value.as_array().unwrap().iter().zip(["FunctionTool", "WebSearchTool", "CustomConnector"]) {
        spec::assert_valid(name, tool);
    }
    // Secrets stay out of logs.
    assert!(!format!("{tools:?}").contains("sk-secret"));
}

/// The helpers themselves: a value that breaks the schema is caught.
#[test]
fn the_oracle_rejects_wrong_values() {
    let validator = spec::schema_validator("FunctionResultEntry");
    assert!(validator.is_valid(&json!({"tool_call_id": "c", "result": "r"})));
    assert!(!validator.is_valid(&json!({"tool_call_id": "c"})));
    assert!(!validator.is_valid(&json!({"tool_call_id": "c", "result": "r", "extra": 1})));
    let synthesized = spec::synthesize("ConversationResponse");
    assert_eq!(synthesized["outputs"].as_array().map(Vec::len), Some(4), "one output per entry kind");
    let result = std::panic::catch_unwind(|| spec::assert_same_json(&json!({"a": 1, "b": "x"}), &json!({"a": 1})));
    assert!(result.is_err(), "a dropped member must fail the comparison");
    let result = std::panic::catch_unwind(|| spec::assert_same_json(&json!({"a": 1}), &json!({"a": 1, "bogus": 2})));
    assert!(result.is_err(), "an invented member must fail the comparison");
    assert!(!spec::examples_for("ResponseFormat").is_empty());
}
