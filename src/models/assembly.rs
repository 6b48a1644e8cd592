//! Turns the deltas of a conversation stream back into the answer a
//! non-streamed call would have given (`ConversationResponse`), so a caller
//! can show tokens as they arrive and still get whole entries at the end.
//!
//! Entries are keyed by `output_index` (and message parts by
//! `content_index`) rather than by arrival order, because the server
//! interleaves the deltas of different outputs.

use super::{
    AgentHandoffEntry, BuiltInConnectors, ConversationEvent, ConversationResponse, ConversationUsageInfo, FunctionCallEntry,
    FunctionCallEntryArguments, MessageOutputContent, MessageOutputEntry, MessageOutputEventContent,
    OutputContentChunks, OutputEntry, ResponseErrorEvent, TextChunk, ToolExecutionEntry,
};

/// Feed it every event of one stream, in order; then [`finish`](Self::finish).
#[derive(Debug, Default, Clone)]
pub struct ResponseAssembler {
    conversation_id: Option<String>,
    usage: Option<ConversationUsageInfo>,
    error: Option<ResponseErrorEvent>,
    /// One slot per `output_index`, in order of first appearance.
    slots: Vec<(u32, Slot)>,
}

#[derive(Debug, Clone)]
enum Slot {
    Message { entry: MessageOutputEntry, parts: Vec<(u32, Part)> },
    Function(FunctionCallEntry, String),
    Tool(ToolExecutionEntry),
    Handoff(AgentHandoffEntry),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Message,
    Function,
    Tool,
    Handoff,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Chunk(OutputContentChunks),
}

/// Why a stream could not be assembled into a response.
#[derive(Debug, Clone, PartialEq)]
pub enum AssemblyError {
    /// The server reported a failure in-band (`conversation.response.error`).
    Failed(ResponseErrorEvent),
    /// The stream ended before `conversation.response.done` (or never said
    /// which conversation it belongs to).
    Incomplete { missing: &'static str },
}

impl std::fmt::Display for AssemblyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Failed(e) => write!(f, "the conversation failed: {} (code {})", e.message, e.code),
            Self::Incomplete { missing } => write!(f, "the stream ended without {missing}"),
        }
    }
}

impl std::error::Error for AssemblyError {}

impl ResponseAssembler {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, event: &ConversationEvent) {
        match event {
            ConversationEvent::ResponseStarted(e) => self.conversation_id = Some(e.conversation_id.clone()),
            ConversationEvent::ResponseDone(e) => self.usage = Some(e.usage.clone()),
            ConversationEvent::ResponseError(e) => self.error = Some(e.clone()),
            ConversationEvent::MessageOutput(e) => {
                let new = || Slot::Message {
                    entry: MessageOutputEntry {
                        object: None,
                        created_at: e.created_at.clone(),
                        completed_at: None,
                        agent_id: e.agent_id.clone(),
                        model: e.model.clone(),
                        id: Some(e.id.clone()),
                        role: e.role.clone(),
                        content: MessageOutputContent::Text(String::new()),
                    },
                    parts: Vec::new(),
                };
                if let Slot::Message { parts, .. } = self.slot(e.output_index, Kind::Message, new) {
                    add_part(parts, e.content_index, &e.content);
                }
            }
            ConversationEvent::FunctionCall(e) => {
                let new = || {
                    let entry = FunctionCallEntry {
                        id: Some(e.id.clone()),
                        agent_id: e.agent_id.clone(),
                        model: e.model.clone(),
                        created_at: e.created_at.clone(),
                        tool_call_id: e.tool_call_id.clone(),
                        name: e.name.clone(),
                        arguments: FunctionCallEntryArguments::Text(String::new()),
                        confirmation_status: e.confirmation_status.clone(),
                        object: None,
                        completed_at: None,
                    };
                    Slot::Function(entry, String::new())
                };
                if let Slot::Function(entry, args) = self.slot(e.output_index, Kind::Function, new) {
                    args.push_str(&e.arguments);
                    if e.confirmation_status.is_some() {
                        entry.confirmation_status = e.confirmation_status.clone();
                    }
                }
            }
            ConversationEvent::ToolExecutionStarted(e) => {
                let new = || {
                    let mut entry = tool_entry(&e.id, &e.name);
                    entry.agent_id = e.agent_id.clone();
                    entry.model = e.model.clone();
                    entry.created_at = e.created_at.clone();
                    entry.arguments = e.arguments.clone();
                    Slot::Tool(entry)
                };
                self.slot(e.output_index, Kind::Tool, new);
            }
            ConversationEvent::ToolExecutionDelta(e) => {
                let new = || Slot::Tool(tool_entry(&e.id, &e.name));
                if let Slot::Tool(entry) = self.slot(e.output_index, Kind::Tool, new) {
                    entry.arguments.get_or_insert_with(String::new).push_str(&e.arguments);
                }
            }
            ConversationEvent::ToolExecutionDone(e) => {
                let new = || Slot::Tool(tool_entry(&e.id, &e.name));
                if let Slot::Tool(entry) = self.slot(e.output_index, Kind::Tool, new) {
                    entry.info = e.info.clone();
                    entry.completed_at = e.created_at.clone();
                }
            }
            ConversationEvent::AgentHandoffStarted(e) => {
                let new = || {
                    Slot::Handoff(AgentHandoffEntry {
                        id: Some(e.id.clone()),
                        created_at: e.created_at.clone(),
                        previous_agent_id: e.previous_agent_id.clone(),
                        previous_agent_name: e.previous_agent_name.clone(),
                        ..Default::default()
                    })
                };
                self.slot(e.output_index, Kind::Handoff, new);
            }
            ConversationEvent::AgentHandoffDone(e) => {
                let new = || Slot::Handoff(AgentHandoffEntry { id: Some(e.id.clone()), ..Default::default() });
                if let Slot::Handoff(entry) = self.slot(e.output_index, Kind::Handoff, new) {
                    entry.next_agent_id = e.next_agent_id.clone();
                    entry.next_agent_name = e.next_agent_name.clone();
                    entry.completed_at = e.created_at.clone();
                }
            }
            // Unknown event types carry nothing this assembler understands.
            _ => {}
        }
    }

    /// The whole answer. Fails when the server reported an error or the
    /// stream stopped before `conversation.response.done`: a partial answer
    /// must not pass for a complete one.
    pub fn finish(self) -> Result<ConversationResponse, AssemblyError> {
        if let Some(e) = self.error {
            return Err(AssemblyError::Failed(e));
        }
        let usage = self.usage.ok_or(AssemblyError::Incomplete { missing: "conversation.response.done" })?;
        let conversation_id =
            self.conversation_id.ok_or(AssemblyError::Incomplete { missing: "conversation.response.started" })?;
        let outputs = self.slots.into_iter().map(|(_, slot)| slot.into_entry()).collect();
        Ok(ConversationResponse { object: None, conversation_id, outputs, usage, guardrails: None })
    }

    /// The slot of `output_index`, created by `new` on first sight. A delta
    /// whose kind differs from its slot's (a server bug) starts a new slot
    /// rather than corrupting the existing entry.
    ///
    /// `kind` is the kind `new` makes, so that the (cloning) constructor
    /// runs only for the first delta of a slot, not for every delta.
    fn slot(&mut self, output_index: u32, kind: Kind, new: impl FnOnce() -> Slot) -> &mut Slot {
        let found = self.slots.iter().rposition(|(i, s)| *i == output_index && s.kind() == kind);
        let at = match found {
            Some(at) => at,
            None => {
                self.slots.push((output_index, new()));
                self.slots.len() - 1
            }
        };
        &mut self.slots[at].1
    }
}

fn tool_entry(id: &str, name: &BuiltInConnectors) -> ToolExecutionEntry {
    ToolExecutionEntry {
        object: None,
        created_at: None,
        completed_at: None,
        agent_id: None,
        model: None,
        id: Some(id.to_owned()),
        name: name.clone(),
        arguments: None,
        info: None,
    }
}

fn add_part(parts: &mut Vec<(u32, Part)>, content_index: u32, content: &MessageOutputEventContent) {
    let text = match content {
        MessageOutputEventContent::Text(t) => Some(t.as_str()),
        MessageOutputEventContent::Chunk(OutputContentChunks::Text(c)) => Some(c.text.as_str()),
        MessageOutputEventContent::Chunk(_) => None,
    };
    match (text, parts.iter_mut().rev().find(|(i, _)| *i == content_index)) {
        (Some(t), Some((_, Part::Text(acc)))) => acc.push_str(t),
        (Some(t), _) => parts.push((content_index, Part::Text(t.to_owned()))),
        (None, _) => {
            if let MessageOutputEventContent::Chunk(c) = content {
                parts.push((content_index, Part::Chunk(c.clone())));
            }
        }
    }
}

impl Slot {
    fn kind(&self) -> Kind {
        match self {
            Slot::Message { .. } => Kind::Message,
            Slot::Function(..) => Kind::Function,
            Slot::Tool(_) => Kind::Tool,
            Slot::Handoff(_) => Kind::Handoff,
        }
    }

    fn into_entry(self) -> OutputEntry {
        match self {
            Slot::Message { mut entry, mut parts } => {
                parts.sort_by_key(|(i, _)| *i);
                entry.content = match parts.as_slice() {
                    [] => MessageOutputContent::Text(String::new()),
                    [(_, Part::Text(t))] => MessageOutputContent::Text(t.clone()),
                    _ => MessageOutputContent::Chunks(
                        parts
                            .into_iter()
                            .map(|(_, p)| match p {
                                Part::Text(t) => OutputContentChunks::Text(TextChunk::new(t)),
                                Part::Chunk(c) => c,
                            })
                            .collect(),
                    ),
                };
                OutputEntry::MessageOutput(entry)
            }
            Slot::Function(mut entry, args) => {
                entry.arguments = FunctionCallEntryArguments::Text(args);
                OutputEntry::FunctionCall(entry)
            }
            Slot::Tool(entry) => OutputEntry::ToolExecution(entry),
            Slot::Handoff(entry) => OutputEntry::AgentHandoff(entry),
        }
    }
}
