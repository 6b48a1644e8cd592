//! The typed stream layer: SSE bytes to `Result<T, Error>` items, the two end
//! rules, and recovery from bad events.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/shared.rs"]
mod shared;

fn fixture() -> std::path::PathBuf {
    shared::shared_path("fixtures/mistral/docs-streaming-example.sse")
}

use mistral_edge::api::{ApiConfig, EventStreamDecoder, Method, StreamCall, StreamEnd};
use mistral_edge::error::Error;
use mistral_edge::models::ConversationEvent;
use mistral_edge::sse::SseError;
use serde_json::{json, Value};



fn decode<T: serde::de::DeserializeOwned>(end: StreamEnd, chunks: &[&[u8]]) -> Vec<Result<T, Error>> {
    let mut dec = EventStreamDecoder::<T>::new(end);
    let mut out = Vec::new();
    for chunk in chunks {
        dec.push(chunk, &mut out);
    }
    dec.finish(&mut out);
    out
}

fn conversation(input: &str) -> Vec<Result<ConversationEvent, Error>> {
    decode(StreamEnd::ConnectionClose, &[input.as_bytes()])
}

fn chat(input: &str) -> Vec<Result<Value, Error>> {
    decode(StreamEnd::DONE, &[input.as_bytes()])
}

fn types(items: &[Result<ConversationEvent, Error>]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Ok(e) => e.type_name().to_owned(),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

// ---------------------------------------------------------------- conversations

#[test]
fn recorded_stream_gives_all_ten_events_under_every_split() {
    let bytes = std::fs::read(fixture()).expect("the recorded docs stream is readable");
    let whole = decode::<ConversationEvent>(StreamEnd::ConnectionClose, &[&bytes]);
    assert_eq!(
        types(&whole),
        [
            "conversation.response.started",
            "tool.execution.started",
            "tool.execution.done",
            "message.output.delta",
            "message.output.delta",
            "message.output.delta",
            "message.output.delta",
            "message.output.delta",
            "message.output.delta",
            "conversation.response.done",
        ],
        "the last event lacks its blank line in the recording and is still delivered"
    );
    let Some(Ok(ConversationEvent::ToolExecutionStarted(tool))) = whole.get(1) else { panic!("{:?}", whole.get(1)) };
    assert_eq!(tool.arguments, None, "the real stream sends no `arguments`");
    let Some(Ok(ConversationEvent::ResponseDone(done))) = whole.last() else { panic!("{:?}", whole.last()) };
    assert_eq!(done.usage.total_tokens, 18892);

    for cut in 0..=bytes.len() {
        let split = decode::<ConversationEvent>(StreamEnd::ConnectionClose, &[&bytes[..cut], &bytes[cut..]]);
        assert_eq!(split, whole, "split at byte {cut}");
    }
}

#[test]
fn conversation_stream_ends_cleanly_at_close() {
    let input = "event: conversation.response.started\ndata: {\"type\":\"conversation.response.started\",\"conversation_id\":\"c\"}\n\n";
    let items = conversation(input);
    assert_eq!(items.len(), 1);
    assert!(matches!(&items[0], Ok(ConversationEvent::ResponseStarted(s)) if s.conversation_id == "c"));
}

#[test]
fn stream_cut_mid_line_is_a_truncation_error_after_the_delivered_events() {
    let input = "data: {\"type\":\"conversation.response.started\",\"conversation_id\":\"c\"}\n\n\
                 event: message.output.delta\ndata: {\"type\":\"message.output.delta\",\"id\":\"m\",\"con";
    let items = conversation(input);
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    match &items[1] {
        Err(Error::Stream(SseError::Truncated { event, mid_line: true })) => {
            assert_eq!(event.event, "message.output.delta")
        }
        other => panic!("expected a mid-line truncation, got {other:?}"),
    }
}

#[test]
fn malformed_json_mid_stream_is_one_error_and_the_stream_goes_on() {
    let input = "event: conversation.response.started\n\
                 data: {\"type\":\"conversation.response.started\",\"conversation_id\":\"c\"}\n\n\
                 event: message.output.delta\n\
                 data: {\"type\":\"message.output.delta\",\"id\":\n\n\
                 event: message.output.delta\n\
                 data: {\"type\":\"message.output.delta\",\"content\":\"no id\"}\n\n\
                 event: message.output.delta\n\
                 data: {\"type\":\"message.output.delta\",\"id\":\"m\",\"content\":\"ok\"}\n\n";
    let items = conversation(input);
    assert_eq!(items.len(), 4);
    assert!(matches!(&items[0], Ok(ConversationEvent::ResponseStarted(_))));
    for bad in &items[1..3] {
        let Err(Error::Decode(e)) = bad else { panic!("expected a decode error, got {bad:?}") };
        assert_eq!(e.target, "ConversationEvent");
        assert!(e.message.contains("SSE event `message.output.delta`"), "{e}");
    }
    // Not JSON at all, and JSON of the right type with a field missing.
    let Err(Error::Decode(syntax)) = &items[1] else { unreachable!() };
    assert!(syntax.message.contains("EOF"), "{syntax}");
    let Err(Error::Decode(shape)) = &items[2] else { unreachable!() };
    assert!(shape.message.contains("missing field `id`"), "{shape}");
    assert!(matches!(&items[3], Ok(ConversationEvent::MessageOutput(m)) if m.content.as_text() == Some("ok")));
}

#[test]
fn unknown_event_type_is_kept_raw() {
    let raw = json!({"type": "agent.thinking.delta", "id": "t", "content": {"deep": [1, 2]}});
    let input = format!("event: agent.thinking.delta\ndata: {raw}\n\n");
    let items = conversation(&input);
    assert_eq!(items.len(), 1);
    let Ok(ConversationEvent::Unknown(kept)) = &items[0] else { panic!("{:?}", items[0]) };
    assert_eq!(*kept, raw);
    assert_eq!(items[0].as_ref().map(|e| e.type_name()).ok(), Some("agent.thinking.delta"));
}

#[test]
fn conversation_error_event_is_an_item_as_the_spec_models_it() {
    let input = "event: conversation.response.error\n\
                 data: {\"type\":\"conversation.response.error\",\"message\":\"Agent failed\",\"code\":3000}\n\n";
    let items = conversation(input);
    assert_eq!(items.len(), 1);
    let Ok(ConversationEvent::ResponseError(e)) = &items[0] else { panic!("{:?}", items[0]) };
    assert_eq!((e.message.as_str(), e.code), ("Agent failed", 3000));
}

#[test]
fn oversized_event_is_an_error_item_in_order() {
    let big = "x".repeat(300);
    let input = format!(
        "data: {{\"type\":\"conversation.response.started\",\"conversation_id\":\"a\"}}\n\n\
         data: {{\"type\":\"message.output.delta\",\"id\":\"m\",\"content\":\"{big}\"}}\n\n\
         data: {{\"type\":\"conversation.response.started\",\"conversation_id\":\"b\"}}\n\n"
    );
    let mut dec = EventStreamDecoder::<ConversationEvent>::with_max_event_size(StreamEnd::ConnectionClose, 200);
    let mut out = Vec::new();
    dec.push(input.as_bytes(), &mut out);
    dec.finish(&mut out);
    assert_eq!(out.len(), 3);
    assert!(matches!(&out[0], Ok(ConversationEvent::ResponseStarted(s)) if s.conversation_id == "a"));
    assert!(matches!(&out[1], Err(Error::Stream(SseError::EventTooLarge { limit: 200 }))));
    assert!(matches!(&out[2], Ok(ConversationEvent::ResponseStarted(s)) if s.conversation_id == "b"));
}

// ---------------------------------------------------------------- chat: [DONE]

const CHAT: &str = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n\
                    data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n\
                    data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n";

fn contents(items: &[Result<Value, Error>]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Ok(v) => v["choices"][0]["delta"]["content"].as_str().unwrap_or("?").to_owned(),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

#[test]
fn done_marker_ends_the_stream_and_what_follows_is_ignored() {
    let input = format!("{CHAT}data: [DONE]\n\ndata: {{not json\n\ndata: {}\n\n", "y".repeat(100));
    let mut dec = EventStreamDecoder::<Value>::with_max_event_size(StreamEnd::DONE, 64 * 1024);
    let mut out = Vec::new();
    dec.push(input.as_bytes(), &mut out);
    assert!(dec.is_done(), "the transport may close the connection now");
    dec.push(b"data: more after done\n\n", &mut out);
    dec.finish(&mut out);
    assert_eq!(contents(&out), ["", "Hi", "!"]);
}

#[test]
fn done_marker_under_every_split_point() {
    let input = format!("{CHAT}data: [DONE]\n\n");
    let bytes = input.as_bytes();
    let whole = decode::<Value>(StreamEnd::DONE, &[bytes]);
    assert_eq!(contents(&whole), ["", "Hi", "!"]);
    for cut in 0..=bytes.len() {
        assert_eq!(decode::<Value>(StreamEnd::DONE, &[&bytes[..cut], &bytes[cut..]]), whole, "split at {cut}");
    }
}

#[test]
fn close_without_done_is_a_missing_end_marker_error() {
    let items = chat(CHAT);
    assert_eq!(items.len(), 4);
    assert_eq!(contents(&items[..3]), ["", "Hi", "!"]);
    match &items[3] {
        Err(Error::Stream(e @ SseError::MissingEndMarker { marker })) => {
            assert_eq!(marker, "[DONE]");
            assert!(e.to_string().contains("`[DONE]`"), "{e}");
        }
        other => panic!("expected a missing [DONE], got {other:?}"),
    }
}

#[test]
fn done_without_its_blank_line_still_ends_the_stream() {
    let items = chat(&format!("{CHAT}data: [DONE]\n"));
    assert_eq!(contents(&items), ["", "Hi", "!"]);
    // Cut inside the marker: that is a truncation, reported once.
    let items = chat(&format!("{CHAT}data: [DO"));
    assert_eq!(items.len(), 4);
    assert!(matches!(&items[3], Err(Error::Stream(SseError::Truncated { mid_line: true, .. }))), "{:?}", items[3]);
}

#[test]
fn malformed_chat_chunk_is_an_error_item_and_later_chunks_arrive() {
    let input = format!("data: {{\"id\":\"c1\",\"choices\":[{{\"delta\":{{\"content\":\"a\"}}}}]}}\n\ndata: {{oops}}\n\n{CHAT}data: [DONE]\n\n");
    let items = chat(&input);
    assert_eq!(items.len(), 5);
    let Err(Error::Decode(e)) = &items[1] else { panic!("{:?}", items[1]) };
    assert!(e.to_string().contains("SSE event `message`") && e.target == "Value", "{e}");
    assert_eq!(contents(&items[2..]), ["", "Hi", "!"]);
}

#[test]
fn in_band_error_bodies_become_typed_stream_errors() {
    // Mistral's error body, the OpenAI-style one, a `type: error` one, and an
    // `event: error` with plain text.
    let cases = [
        ("data: {\"object\":\"error\",\"message\":\"Service unavailable\",\"type\":\"internal_server_error\",\"param\":null,\"code\":\"1000\"}\n\n", Some("Service unavailable")),
        ("data: {\"error\":{\"message\":\"overloaded\",\"code\":529}}\n\n", Some("overloaded")),
        ("data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}\n\n", Some("busy")),
        ("event: error\ndata: upstream timed out\n\n", None),
    ];
    for (body, message) in cases {
        let items = chat(&format!("{CHAT}{body}"));
        // The error ends the answer; no second error for the missing [DONE].
        assert_eq!(items.len(), 4, "{body}");
        let Err(Error::Stream(e @ SseError::ErrorEvent { data, .. })) = &items[3] else {
            panic!("{body}: {:?}", items[3])
        };
        assert_eq!(e.server_message().as_deref(), message, "{body}");
        assert!(body.contains(data.as_str()));
        let shown = e.to_string();
        assert!(shown.contains(message.unwrap_or("upstream timed out")), "{shown}");
    }
    // On a conversation stream too.
    let items = conversation("event: error\ndata: {\"object\":\"error\",\"message\":\"no\"}\n\n");
    assert!(matches!(&items[..], [Err(Error::Stream(SseError::ErrorEvent { event, .. }))] if event == "error"));
}

#[test]
fn a_content_mentioning_error_is_not_an_error() {
    let input = "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"\\\"error\\\"\"},\"finish_reason\":null}],\"type\":\"chunk\"}\n\ndata: [DONE]\n\n";
    let items = chat(input);
    assert_eq!(contents(&items), ["\"error\""]);
}

#[test]
fn decoder_for_a_stream_call_takes_its_end_rule() {
    let config = ApiConfig::new("sk-test");
    let chat_call: StreamCall<Value> =
        StreamCall::until(config.request(Method::Post, "/v1/chat/completions").event_stream().build(), "[DONE]");
    let mut dec = EventStreamDecoder::for_call(&chat_call);
    let mut out = Vec::new();
    dec.push(CHAT.as_bytes(), &mut out);
    dec.finish(&mut out);
    assert!(matches!(out.last(), Some(Err(Error::Stream(SseError::MissingEndMarker { .. })))));

    let conv_call: StreamCall<ConversationEvent> =
        StreamCall::until_close(config.request(Method::Post, "/v1/conversations").event_stream().build());
    let mut dec = EventStreamDecoder::for_call(&conv_call);
    let mut out = Vec::new();
    dec.push(b"data: {\"type\":\"conversation.response.started\",\"conversation_id\":\"c\"}\n\n", &mut out);
    dec.finish(&mut out);
    assert_eq!(out.len(), 1);
    assert!(out[0].is_ok());
    assert_eq!(StreamEnd::from_terminator(Some("[DONE]")), StreamEnd::DONE);
    assert_eq!(StreamEnd::from_terminator(None), StreamEnd::ConnectionClose);
}

#[test]
fn decoder_is_reusable_after_finish() {
    let mut dec = EventStreamDecoder::<Value>::new(StreamEnd::DONE);
    let mut out = Vec::new();
    dec.push(format!("{CHAT}data: [DONE]\n\n").as_bytes(), &mut out);
    dec.finish(&mut out);
    assert_eq!(out.len(), 3);
    out.clear();
    dec.push(CHAT.as_bytes(), &mut out);
    dec.finish(&mut out);
    assert_eq!(out.len(), 4, "the second stream is decoded, and its missing [DONE] reported");
}
