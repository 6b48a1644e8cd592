// What the panels share: the chosen agent, the conversation the chat is on,
// the conversations of this session (branches), and the MCP clients the
// chat may use. Panels tell each other of changes through `on`/`emit`.

export const state = {
  /** The agent chats start with, or null for the plain model. */
  agent: null,
  /** The model when no agent is chosen. */
  model: "mistral-medium-latest",
  /** The conversation the chat continues, or null before the first message. */
  conversationId: null,
  /** `[{ id, label }]`: conversations of this session, restarts included. */
  conversations: [],
  /** `() => [{ client, label, toolNames }]`: connected MCP servers the chat uses (set by the MCP panel). */
  mcpForChat: () => [],
};

const bus = new EventTarget();

export function on(name, handler) {
  bus.addEventListener(name, (e) => handler(e.detail));
}

export function emit(name, detail) {
  bus.dispatchEvent(new CustomEvent(name, { detail }));
}

/** Remembers a conversation of this session (once). */
export function rememberConversation(id, label) {
  if (!id || state.conversations.some((c) => c.id === id)) return;
  state.conversations.push({ id, label });
}
