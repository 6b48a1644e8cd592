//! `ResponseAssembler`: conversation stream deltas back into the answer of a
//! non-streamed call.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/shared.rs"]
mod shared;

fn fixture() -> std::path::PathBuf {
    shared::shared_path("fixtures/mistral/docs-streaming-example.sse")
}

use mistral_edge::api::{EventStreamDecoder, StreamEnd};
use mistral_edge::models::{
    AssemblyError, ConversationEvent, FunctionCallEntryArguments, MessageOutputContent, OutputContentChunks,
    OutputEntry, ResponseAssembler,
};
use serde_json::json;



fn decode(bytes: &[u8]) -> Vec<ConversationEvent> {
    let mut decoder = EventStreamDecoder::<ConversationEvent>::new(StreamEnd::ConnectionClose);
    let mut out = Vec::new();
    decoder.push(bytes, &mut out);
    decoder.finish(&mut out);
    out.into_iter().map(|r| r.expect("fixture event")).collect()
}

fn assemble(events: &[ConversationEvent]) -> Result<mistral_edge::models::ConversationResponse, AssemblyError> {
    let mut a = ResponseAssembler::new();
    events.iter().for_each(|e| a.push(e));
    a.finish()
}

fn event(v: serde_json::Value) -> ConversationEvent {
    serde_json::from_value(v).expect("event")
}

#[test]
fn the_docs_stream_assembles_into_its_entries() {
    let bytes = std::fs::read(fixture()).expect("fixture");
    let events = decode(&bytes);
    let response = assemble(&events).expect("complete stream");
    assert_eq!(response.conversation_id, "conv_067f2a98c1a773678000ce73a36b785a");
    assert_eq!(response.usage.total_tokens, 18892);
    assert_eq!(response.outputs.len(), 2, "{:?}", response.outputs);
    let OutputEntry::ToolExecution(tool) = &response.outputs[0] else { panic!("{:?}", response.outputs[0]) };
    assert_eq!(tool.id.as_deref(), Some("tool_exec_067f2a98ca357c8b8000ea212104b290"));
    let OutputEntry::MessageOutput(msg) = &response.outputs[1] else { panic!("{:?}", response.outputs[1]) };
    assert_eq!(msg.agent_id.as_deref(), Some("ag_067f2a39ddd67bf68000fa921bc0c25d"));
    // Parts 0 and 2 stay separate chunks, as in a non-streamed answer.
    let MessageOutputContent::Chunks(chunks) = &msg.content else { panic!("{:?}", msg.content) };
    let texts: Vec<_> = chunks.iter().filter_map(OutputContentChunks::as_text).collect();
    assert_eq!(texts.len(), 2);
    assert!(texts[0].starts_with("The last European Football"), "{texts:?}");
    assert_eq!(texts[1], " tournament.");
    // Every delta's text is in the result, in order.
    let deltas: String = events
        .iter()
        .filter_map(|e| match e {
            ConversationEvent::MessageOutput(d) => d.content.as_text().map(str::to_owned),
            _ => None,
        })
        .collect();
    assert_eq!(msg.content.text(), deltas);
}

#[test]
fn interleaved_outputs_are_keyed_by_output_index() {
    let events = [
        json!({"type": "conversation.response.started", "conversation_id": "c1"}),
        json!({"type": "message.output.delta", "output_index": 0, "id": "m0", "content_index": 0, "content": "Hel"}),
        json!({"type": "function.call.delta", "output_index": 1, "id": "f1", "name": "get", "tool_call_id": "t1", "arguments": "{\"a\":"}),
        json!({"type": "message.output.delta", "output_index": 0, "id": "m0", "content_index": 0, "content": "lo"}),
        json!({"type": "function.call.delta", "output_index": 1, "id": "f1", "name": "get", "tool_call_id": "t1", "arguments": "1}"}),
        json!({"type": "agent.handoff.started", "output_index": 2, "id": "h", "previous_agent_id": "a", "previous_agent_name": "A"}),
        json!({"type": "agent.handoff.done", "output_index": 2, "id": "h", "next_agent_id": "b", "next_agent_name": "B"}),
        json!({"type": "some.future.event", "x": 1}),
        json!({"type": "conversation.response.done", "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}}),
    ]
    .map(event);
    let response = assemble(&events).unwrap();
    assert_eq!(response.outputs.len(), 3);
    let OutputEntry::MessageOutput(m) = &response.outputs[0] else { panic!() };
    assert_eq!(m.content, MessageOutputContent::Text("Hello".into()));
    let OutputEntry::FunctionCall(f) = &response.outputs[1] else { panic!() };
    assert_eq!(f.arguments, FunctionCallEntryArguments::Text("{\"a\":1}".into()));
    assert_eq!((f.name.as_str(), f.tool_call_id.as_str()), ("get", "t1"));
    let OutputEntry::AgentHandoff(h) = &response.outputs[2] else { panic!() };
    assert_eq!((h.previous_agent_id.as_str(), h.next_agent_name.as_str()), ("a", "B"));
    // The assembled answer has the wire shape of a non-streamed one.
    let wire = serde_json::to_value(&response).unwrap();
    assert_eq!(wire["outputs"][1]["type"], "function.call");
}

#[test]
fn a_failed_or_cut_stream_is_not_passed_off_as_complete() {
    let started = event(json!({"type": "conversation.response.started", "conversation_id": "c"}));
    let failed = event(json!({"type": "conversation.response.error", "message": "boom", "code": 3000}));
    assert!(matches!(assemble(&[started.clone(), failed]), Err(AssemblyError::Failed(e)) if e.message == "boom"));
    assert_eq!(
        assemble(&[started]),
        Err(AssemblyError::Incomplete { missing: "conversation.response.done" })
    );
}
