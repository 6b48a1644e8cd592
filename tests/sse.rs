//! The SSE decoder against the WHATWG event-stream rules, the docs' recorded
//! stream under every split, and property tests against a reference decoder.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/shared.rs"]
mod shared;

fn fixture_path() -> std::path::PathBuf {
    shared::shared_path("fixtures/mistral/docs-streaming-example.sse")
}

use std::sync::mpsc;
use std::time::Duration;

use mistral_edge::models::{ConversationEvent, MessageOutputEventContent};
use mistral_edge::sse::{SseDecoder, SseError, SseEvent};
use proptest::prelude::*;



fn fixture() -> Vec<u8> {
    std::fs::read(fixture_path()).expect("the recorded docs stream is readable")
}

/// Everything the decoder reports for `chunks`, in order: events, errors,
/// and finally the result of `finish`.
#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    items: Vec<Result<SseEvent, SseError>>,
    finish: Result<(), SseError>,
}

fn run_with(mut dec: SseDecoder, chunks: &[&[u8]]) -> Outcome {
    let mut items = Vec::new();
    for chunk in chunks {
        dec.feed(chunk, |item| items.push(item));
    }
    Outcome { items, finish: dec.finish() }
}

fn run(chunks: &[&[u8]]) -> Outcome {
    run_with(SseDecoder::new(), chunks)
}

/// Events of a stream that must decode without any error.
fn events(input: &[u8]) -> Vec<SseEvent> {
    let out = run(&[input]);
    assert_eq!(out.finish, Ok(()), "finish of {:?}", String::from_utf8_lossy(input));
    out.items.into_iter().map(|i| i.expect("no decode error")).collect()
}

fn datas(input: &[u8]) -> Vec<String> {
    events(input).into_iter().map(|e| e.data).collect()
}

fn ev(event: &str, data: &str) -> SseEvent {
    SseEvent { event: event.into(), data: data.into(), id: None, retry: None }
}

// ---------------------------------------------------------------- line ends

#[test]
fn lf_cr_and_crlf_end_lines_alike() {
    let expected = vec![ev("a", "1\n2"), ev("message", "3")];
    for eol in ["\n", "\r", "\r\n"] {
        let text = format!("event: a{eol}data: 1{eol}data: 2{eol}{eol}data: 3{eol}{eol}");
        assert_eq!(events(text.as_bytes()), expected, "line end {eol:?}");
    }
    // Mixed within one stream.
    assert_eq!(events(b"event: a\rdata: 1\r\ndata: 2\n\r\ndata: 3\r\r"), expected);
}

#[test]
fn crlf_split_across_chunks_is_one_line_end() {
    // Were the `\n` taken as a second line end, "a" would be dispatched alone.
    let out = run(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]);
    assert_eq!(out.items, vec![Ok(ev("message", "a\nb"))]);
    assert_eq!(out.finish, Ok(()));
}

#[test]
fn cr_only_stream() {
    let input = b"event: x\rid: 7\rdata: one\rdata: two\r\r: note\rdata: three\r\r";
    let got = events(input);
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].event.as_str(), got[0].data.as_str(), got[0].id.as_deref()), ("x", "one\ntwo", Some("7")));
    assert_eq!((got[1].event.as_str(), got[1].data.as_str(), got[1].id.as_deref()), ("message", "three", Some("7")));
}

// ---------------------------------------------------------------- BOM

#[test]
fn leading_bom_is_stripped_once() {
    assert_eq!(datas(b"\xEF\xBB\xBFdata: x\n\n"), ["x"]);
    // A second BOM is part of the first field's name, which is then unknown.
    assert_eq!(datas(b"\xEF\xBB\xBF\xEF\xBB\xBFdata: x\n\ndata: y\n\n"), ["y"]);
    // A BOM later in the stream is content.
    assert_eq!(datas(b"data: x\n\n\xEF\xBB\xBFdata: y\n\n"), ["x"]);
}

#[test]
fn bom_split_across_chunks() {
    let out = run(&[b"\xEF", b"\xBB", b"\xBFdata: x\n\n"]);
    assert_eq!(out.items, vec![Ok(ev("message", "x"))]);
}

#[test]
fn bom_prefix_that_is_no_bom_is_content() {
    // `EF BB` then a line end: the line is two invalid bytes, an unknown field.
    assert_eq!(datas(b"\xEF\xBB\ndata: x\n\n"), ["x"]);
    let out = run(&[b"\xEF", b"\xBB", b"data: x\n\n"]);
    assert_eq!(out.items, vec![], "the line's field is `\\u{{FFFD}}data`, unknown");
    // A stream that is only part of a BOM ends cleanly.
    assert_eq!(run(&[b"\xEF\xBB"]).finish, Ok(()));
}

// ---------------------------------------------------------------- fields

#[test]
fn field_without_colon_has_empty_value() {
    // `data` alone appends an empty line: the event is dispatched, empty.
    assert_eq!(datas(b"data\n\n"), [""]);
    assert_eq!(datas(b"data\ndata\n\n"), ["\n"]);
    assert_eq!(datas(b"data:\n\n"), [""]);
    // `event` alone resets the type to the default.
    assert_eq!(events(b"event\ndata: x\n\n")[0].event, "message");
}

#[test]
fn one_optional_space_after_the_colon() {
    assert_eq!(datas(b"data:x\n\ndata: x\n\ndata:  x\n\ndata:\tx\n\n"), ["x", "x", " x", "\tx"]);
    // Only the first colon separates field and value.
    assert_eq!(datas(b"data: a: b:c\n\n"), ["a: b:c"]);
}

#[test]
fn multi_line_data_is_joined_with_lf() {
    assert_eq!(datas(b"data: {\ndata:  \"a\": 1\ndata: }\n\n"), ["{\n \"a\": 1\n}"]);
    // A trailing empty data line keeps one inner newline.
    assert_eq!(datas(b"data: a\ndata:\n\n"), ["a\n"]);
}

#[test]
fn comments_and_unknown_fields_are_ignored() {
    assert_eq!(datas(b": hello\ndata: x\n: mid\nfoo: bar\ndata : no\nDATA: no\n\n"), ["x"]);
    // A block of only comments dispatches nothing, and a comment line may
    // hold bytes that are not UTF-8.
    assert_eq!(datas(b": ping\n\n:\xFF\xFE\n\n"), Vec::<String>::new());
}

#[test]
fn event_type_defaults_to_message_and_does_not_leak() {
    let got = events(b"event: first\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\nevent: a\nevent: b\ndata: 4\n\n");
    let types: Vec<_> = got.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(types, ["first", "message", "message", "b"]);
    // A block with a type but no data dispatches nothing and forgets the type.
    let got = events(b"event: lost\n\ndata: x\n\n");
    assert_eq!(got, vec![ev("message", "x")]);
}

#[test]
fn id_persists_resets_and_ignores_nul() {
    let mut dec = SseDecoder::new();
    let mut out = Vec::new();
    dec.push(b"id: 1\ndata: a\n\ndata: b\n\nid: 2\0x\ndata: c\n\nid\ndata: d\n\nid: 3\n\n", &mut out).unwrap();
    let ids: Vec<_> = out.iter().map(|e| e.id.as_deref()).collect();
    assert_eq!(ids, [Some("1"), Some("1"), Some("1"), None]);
    // An id in a block without data still sets the stream's last event ID.
    assert_eq!(dec.last_event_id(), Some("3"));
}

#[test]
fn retry_takes_only_ascii_digits() {
    let mut dec = SseDecoder::new();
    let mut out = Vec::new();
    let input = "retry: 1500\ndata: a\n\nretry: 15x\ndata: b\n\nretry:\ndata: c\n\nretry: -1\nretry: 1.5\nretry: \u{0661}\ndata: d\n\nretry: 99999999999999999999999\n\n";
    dec.push(input.as_bytes(), &mut out).unwrap();
    let retries: Vec<_> = out.iter().map(|e| e.retry).collect();
    assert_eq!(retries, [Some(1500), None, None, None]);
    // Huge values saturate; the stream-wide setting follows the last valid one.
    assert_eq!(dec.reconnection_time(), Some(u64::MAX));
}

#[test]
fn empty_data_buffer_dispatches_nothing() {
    assert_eq!(datas(b"\n\n\n\nid: 1\n\nretry: 5\n\nevent: x\n\n"), Vec::<String>::new());
}

#[test]
fn invalid_utf8_is_replaced_and_split_characters_survive() {
    assert_eq!(datas(b"data: a\xFFb\n\n"), ["a\u{FFFD}b"]);
    // An incomplete sequence right before the line end is one replacement.
    assert_eq!(datas(b"data: \xE2\x82\n\n"), ["\u{FFFD}"]);
    // "é€😀" cut inside every multi-byte character.
    let text = "data: é€😀\n\n".as_bytes();
    for cut in 0..=text.len() {
        let out = run(&[&text[..cut], &text[cut..]]);
        assert_eq!(out.items, vec![Ok(ev("message", "é€😀"))], "cut at {cut}");
    }
}

// ---------------------------------------------------------------- truncation

#[test]
fn stream_ending_mid_event_is_reported_with_the_event() {
    let out = run(&[b"data: a\n\nevent: e\ndata: b"]);
    assert_eq!(out.items, vec![Ok(ev("message", "a"))]);
    assert_eq!(out.finish, Err(SseError::Truncated { event: Box::new(ev("e", "b")), mid_line: true }));

    let out = run(&[b"data: a\n\ndata: b\ndata: c\n"]);
    assert_eq!(out.finish, Err(SseError::Truncated { event: Box::new(ev("message", "b\nc")), mid_line: false }));
    let msg = out.finish.unwrap_err().to_string();
    assert!(msg.contains("ended inside a `message` event") && msg.contains("no closing blank line"), "{msg}");
}

#[test]
fn stream_ending_between_events_or_in_harmless_lines_is_clean() {
    for input in
        [&b""[..], b"data: a\n\n", b"data: a\n\n: keep-alive", b"event: x\n", b"id: 4\nretry: 9", b"data: a\r\n\r"]
    {
        assert_eq!(run(&[input]).finish, Ok(()), "{:?}", String::from_utf8_lossy(input));
    }
}

#[test]
fn finish_readies_the_decoder_for_a_new_connection() {
    let mut dec = SseDecoder::new();
    let mut out = Vec::new();
    dec.push(b"id: 9\ndata: cut", &mut out).unwrap();
    assert!(matches!(dec.finish(), Err(SseError::Truncated { .. })));
    // The partial event is gone, the last event ID stays, a BOM may lead again.
    dec.push(b"\xEF\xBB\xBFdata: next\n\n", &mut out).unwrap();
    assert_eq!(out, vec![SseEvent { id: Some("9".into()), ..ev("message", "next") }]);
    assert_eq!(dec.finish(), Ok(()));
}

// ---------------------------------------------------------------- size limit

#[test]
fn oversized_event_is_an_error_and_decoding_resumes_after_it() {
    let big = "x".repeat(200);
    let input = format!("data: before\n\ndata: {big}\ndata: more\n\ndata: after\n\n");
    let out = run_with(SseDecoder::with_max_event_size(64), &[input.as_bytes()]);
    assert_eq!(
        out.items,
        vec![Ok(ev("message", "before")), Err(SseError::EventTooLarge { limit: 64 }), Ok(ev("message", "after"))]
    );
    assert_eq!(out.finish, Ok(()));

    // `push` keeps every event and returns the error.
    let mut dec = SseDecoder::with_max_event_size(64);
    let mut events = Vec::new();
    assert_eq!(dec.push(input.as_bytes(), &mut events), Err(SseError::EventTooLarge { limit: 64 }));
    assert_eq!(events, vec![ev("message", "before"), ev("message", "after")]);
    assert!(SseError::EventTooLarge { limit: 64 }.to_string().contains("64 bytes"));
}

#[test]
fn many_small_lines_add_up_to_an_oversized_event() {
    let mut input = String::from("data: ok\n\n");
    for _ in 0..50 {
        input.push_str("data: 0123456789\n");
    }
    input.push_str("\ndata: next\n\n");
    let out = run_with(SseDecoder::with_max_event_size(100), &[input.as_bytes()]);
    assert_eq!(
        out.items,
        vec![Ok(ev("message", "ok")), Err(SseError::EventTooLarge { limit: 100 }), Ok(ev("message", "next"))]
    );
}

#[test]
fn oversized_event_fed_bytewise_is_reported_once_and_skipped() {
    let input = format!("data: a\n\n: {}\ndata: {}\r\n\r\ndata: b\n\n", "c".repeat(500), "d".repeat(500));
    let chunks: Vec<&[u8]> = input.as_bytes().chunks(1).collect();
    let out = run_with(SseDecoder::with_max_event_size(100), &chunks);
    assert_eq!(
        out.items,
        vec![Ok(ev("message", "a")), Err(SseError::EventTooLarge { limit: 100 }), Ok(ev("message", "b"))]
    );
    assert_eq!(out.finish, Ok(()));
}

#[test]
fn comments_never_count_towards_the_limit() {
    let padding = ":".repeat(10_000);
    let input = format!("{padding}\ndata: a\n{padding}\r\n\n");
    for chunks in [vec![input.as_bytes()], input.as_bytes().chunks(7).collect()] {
        let out = run_with(SseDecoder::with_max_event_size(16), &chunks);
        assert_eq!(out.items, vec![Ok(ev("message", "a"))]);
        assert_eq!(out.finish, Ok(()));
    }
}

#[test]
fn stream_ending_inside_an_oversized_event_reports_it_once() {
    let input = format!("data: {}", "x".repeat(100));
    let out = run_with(SseDecoder::with_max_event_size(10), &[input.as_bytes()]);
    assert_eq!(out.items, vec![Err(SseError::EventTooLarge { limit: 10 })]);
    assert_eq!(out.finish, Ok(()));
}

#[test]
fn an_event_within_the_limit_passes() {
    let data = "y".repeat(1000);
    let input = format!("data: {data}\n\n");
    let out = run_with(SseDecoder::with_max_event_size(1024), &[input.as_bytes()]);
    assert_eq!(out.items, vec![Ok(ev("message", &data))]);
}

// ---------------------------------------------------------------- the docs' stream

#[test]
fn recorded_stream_decodes_the_same_under_every_split_point() {
    let bytes = fixture();
    let whole = run(&[&bytes]);
    for cut in 0..=bytes.len() {
        assert_eq!(run(&[&bytes[..cut], &bytes[cut..]]), whole, "split at byte {cut}");
    }
    let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(run(&bytewise), whole);
}

#[test]
fn recorded_stream_is_nine_events_and_one_without_its_blank_line() {
    let bytes = fixture();
    let out = run(&[&bytes]);
    let events: Vec<SseEvent> = out.items.into_iter().map(|i| i.expect("no error mid-stream")).collect();
    assert_eq!(events.len(), 9);
    // The recording stops right after the last `data:` line.
    let Err(SseError::Truncated { event: last, mid_line: false }) = out.finish else {
        panic!("expected the final event to lack its blank line: {:?}", out.finish)
    };
    assert_eq!(last.event, "conversation.response.done");

    // With the blank line the server would send, all ten are dispatched.
    let mut complete = bytes.clone();
    complete.push(b'\n');
    let all = self::events(&complete);
    assert_eq!(all.len(), 10);
    assert_eq!(all[..9], events[..]);
    assert_eq!(all[9], *last);
}

#[test]
fn recorded_stream_decodes_to_the_expected_conversation_events() {
    let mut bytes = fixture();
    bytes.push(b'\n');
    let decoded: Vec<(String, ConversationEvent)> = events(&bytes)
        .into_iter()
        .map(|e| {
            let data: ConversationEvent = serde_json::from_str(&e.data).expect("event data is a ConversationEvent");
            (e.event, data)
        })
        .collect();
    let names: Vec<&str> = decoded.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
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
        ]
    );
    for (name, event) in &decoded {
        assert_eq!(event.type_name(), name, "the SSE event name matches the data's type");
    }

    let ConversationEvent::ResponseStarted(started) = &decoded[0].1 else { panic!("{:?}", decoded[0]) };
    assert_eq!(started.conversation_id, "conv_067f2a98c1a773678000ce73a36b785a");
    let ConversationEvent::ToolExecutionStarted(tool) = &decoded[1].1 else { panic!("{:?}", decoded[1]) };
    assert_eq!(
        (tool.id.as_str(), tool.name.as_str(), tool.arguments.as_deref()),
        ("tool_exec_067f2a98ca357c8b8000ea212104b290", "web_search", None)
    );
    let text: String = decoded
        .iter()
        .filter_map(|(_, e)| match e {
            ConversationEvent::MessageOutput(m) => {
                assert_eq!(m.agent_id.as_deref(), Some("ag_067f2a39ddd67bf68000fa921bc0c25d"));
                m.content.as_text().map(str::to_owned)
            }
            _ => None,
        })
        .collect();
    assert_eq!(text, "The last European Football tournament.");
    let ConversationEvent::MessageOutput(m) = &decoded[3].1 else { panic!() };
    assert!(matches!(&m.content, MessageOutputEventContent::Text(t) if t == "The"));
    let ConversationEvent::ResponseDone(done) = &decoded[9].1 else { panic!("{:?}", decoded[9]) };
    assert_eq!((done.usage.prompt_tokens, done.usage.completion_tokens, done.usage.total_tokens), (18709, 183, 18892));
}

/// A short stream with every line end, a BOM, comments, ids and multi-line
/// data; every pair of cut points gives the same result as one chunk.
#[test]
fn short_stream_decodes_the_same_under_every_pair_of_cuts() {
    let input: &[u8] =
        b"\xEF\xBB\xBF: hi\r\nid: 1\revent: a\ndata: x\r\ndata:\xC3\xA9\r\r\ndata: y\n\nretry: 5\ndata: z\r\n";
    let whole = run(&[input]);
    assert_eq!(whole.items.len(), 2);
    assert!(matches!(whole.finish, Err(SseError::Truncated { .. })));
    for i in 0..=input.len() {
        for j in i..=input.len() {
            assert_eq!(run(&[&input[..i], &input[i..j], &input[j..]]), whole, "cuts at {i} and {j}");
        }
    }
}

// ---------------------------------------------------------------- linear time

/// A 4 MB event fed one byte at a time. A decoder that rescans its buffer on
/// each push needs ~8·10¹² steps here and trips the (very generous) deadline;
/// a linear one takes well under a second even unoptimized.
#[test]
fn a_four_megabyte_event_fed_bytewise_is_linear() {
    const SIZE: usize = 4 * 1024 * 1024;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut input = Vec::with_capacity(SIZE + 16);
        input.extend_from_slice(b"data: ");
        input.resize(SIZE, b'z');
        input.extend_from_slice(b"\n\n");
        let mut dec = SseDecoder::new();
        let mut out = Vec::new();
        for byte in input.chunks(1) {
            dec.push(byte, &mut out).expect("within the default limit");
        }
        let _ = tx.send((out.len(), out.first().map_or(0, |e| e.data.len())));
    });
    let got = rx.recv_timeout(Duration::from_secs(120)).expect("bytewise decoding of 4 MB finishes in linear time");
    assert_eq!(got, (1, SIZE - 6));
}

// ---------------------------------------------------------------- properties

/// An independent, whole-input reading of the WHATWG rules to check the
/// incremental decoder against: decode everything, strip a BOM, split lines.
fn reference(input: &[u8]) -> (Vec<SseEvent>, bool) {
    let text = String::from_utf8_lossy(input);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let (mut data, mut event, mut id, mut retry) = (String::new(), String::new(), String::new(), None);
    let mut events = Vec::new();
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = normalized.split('\n').collect();
    let partial = lines.pop().unwrap_or("");
    for line in lines.into_iter().chain(std::iter::once(partial).filter(|p| !p.is_empty())) {
        if line.is_empty() {
            if !data.is_empty() {
                data.pop();
                let name = if event.is_empty() { "message".to_string() } else { event.clone() };
                let id = (!id.is_empty()).then(|| id.clone());
                events.push(SseEvent { event: name, data: std::mem::take(&mut data), id, retry: retry.take() });
            }
            event.clear();
            retry = None;
            continue;
        }
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = match line.find(':') {
            Some(i) => (&line[..i], line[i + 1..].strip_prefix(' ').unwrap_or(&line[i + 1..])),
            None => (line, ""),
        };
        match field {
            "event" => event = value.to_string(),
            "data" => {
                data.push_str(value);
                data.push('\n');
            }
            "id" if !value.contains('\0') => id = value.to_string(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                retry = Some(value.parse().unwrap_or(u64::MAX))
            }
            _ => {}
        }
    }
    // Whether an event was left undispatched at the end.
    (events, !data.is_empty())
}

fn sse_line() -> impl Strategy<Value = String> {
    let value = "[a-z0-9 :\u{e9}\u{1F600}\0]{0,12}";
    let field = prop_oneof![
        Just("data".to_string()),
        Just("data".to_string()),
        Just("event".to_string()),
        Just("id".to_string()),
        Just("retry".to_string()),
        Just("".to_string()),
        "[a-z]{1,5}",
    ];
    let line = prop_oneof![
        (field.clone(), value).prop_map(|(f, v)| format!("{f}:{v}")),
        (field, value).prop_map(|(f, v)| format!("{f}: {v}")),
        "[0-9]{1,3}".prop_map(|d| format!("retry: {d}")),
        Just("data".to_string()),
        Just(String::new()),
        Just(String::new()),
    ];
    let eol = prop_oneof![Just("\n"), Just("\r"), Just("\r\n")];
    (line, eol).prop_map(|(l, e)| format!("{l}{e}"))
}

fn sse_text() -> impl Strategy<Value = Vec<u8>> {
    (any::<bool>(), prop::collection::vec(sse_line(), 0..40)).prop_map(|(bom, lines)| {
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend(lines.concat().into_bytes());
        bytes
    })
}

/// Cuts `input` at the given fractions of its length.
fn split<'a>(input: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    points.sort_unstable();
    let mut chunks = Vec::new();
    let mut start = 0;
    for p in points {
        chunks.push(&input[start..p]);
        start = p;
    }
    chunks.push(&input[start..]);
    chunks
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_and_chunking_never_matters(
        input in prop::collection::vec(prop_oneof![any::<u8>(), Just(b'\n'), Just(b'\r'), Just(b':')], 0..400),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
        limit in prop_oneof![Just(usize::MAX), 0usize..64],
    ) {
        let whole = run_with(SseDecoder::with_max_event_size(limit), &[&input]);
        let chunked = run_with(SseDecoder::with_max_event_size(limit), &split(&input, &cuts));
        prop_assert_eq!(chunked, whole);
    }

    #[test]
    fn valid_text_under_any_chunking_matches_the_reference(
        input in sse_text(),
        cuts in prop::collection::vec(any::<usize>(), 0..12),
    ) {
        let (expected, truncated) = reference(&input);
        let whole = run(&[&input]);
        let got: Vec<SseEvent> = whole.items.iter().cloned().map(|i| i.expect("no limit hit")).collect();
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(whole.finish.is_err(), truncated);
        prop_assert_eq!(run(&split(&input, &cuts)), whole);
    }
}
