// `/v1/chat/completions`: the scripted model over chat messages, answered
// as one JSON object or as `data:` chunks ending with `data: [DONE]`.
import { randomBytes } from "node:crypto";
import { countTokens, toolCallId, unixSeconds } from "./ids.mjs";
import { argumentsFor, contentText, tokenize } from "./scripted-model.mjs";

/** The assistant's answer: `{ content, tool_calls }`. */
function answer(body) {
  const messages = body.messages ?? [];
  const results = [];
  for (let i = messages.length - 1; i >= 0 && messages[i].role === "tool"; i--) results.unshift(messages[i]);
  if (results.length) {
    const lines = results.map((m) => {
      const call = messages.flatMap((x) => x.tool_calls ?? []).find((t) => t.id === m.tool_call_id);
      return `${m.name ?? call?.function?.name ?? m.tool_call_id} returned ${contentText(m.content)}`;
    });
    return { content: lines.join("\n"), tool_calls: null };
  }
  const user = [...messages].reverse().find((m) => m.role === "user");
  const text = user ? contentText(user.content) : "";
  const functions = (body.tools ?? []).filter((t) => (t.type ?? "function") === "function" && t.function?.name);
  const choice = body.tool_choice;
  let fn;
  if (choice && typeof choice === "object") fn = functions.find((t) => t.function.name === choice.function?.name);
  else if (choice !== "none") fn = functions.find((t) => text.includes(t.function.name)) ?? (choice === "any" || choice === "required" ? functions[0] : undefined);
  if (fn) {
    const args = JSON.stringify(argumentsFor(fn.function.parameters, text));
    return { content: "", tool_calls: [{ id: toolCallId(), type: "function", function: { name: fn.function.name, arguments: args }, index: 0 }] };
  }
  return { content: text ? `You said: ${text}` : "Hello! What can I do for you?", tool_calls: null };
}

function usage(body, reply) {
  const prompt_tokens = (body.messages ?? []).reduce((n, m) => n + countTokens(contentText(m.content)), 0);
  const completion_tokens = countTokens(reply.content || JSON.stringify(reply.tool_calls ?? ""));
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

export const chatHandlers = {
  chat_completion_v1_chat_completions_post({ body }) {
    const reply = answer(body);
    const id = randomBytes(16).toString("hex");
    const created = unixSeconds();
    const finish_reason = reply.tool_calls ? "tool_calls" : "stop";
    if (body.stream !== true) {
      return {
        status: 200,
        json: {
          id,
          object: "chat.completion",
          model: body.model,
          usage: usage(body, reply),
          created,
          choices: [{ index: 0, message: { role: "assistant", content: reply.content, tool_calls: reply.tool_calls, prefix: false }, finish_reason }],
        },
      };
    }
    const chunk = (delta, finish = null, extra = {}) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    });
    const chunks = [chunk({ role: "assistant", content: "" })];
    if (reply.tool_calls) chunks.push(chunk({ tool_calls: reply.tool_calls }));
    else for (const t of tokenize(reply.content)) chunks.push(chunk({ content: t }));
    chunks.push(chunk({ content: "" }, finish_reason, { usage: usage(body, reply) }));
    return { status: 200, chunks };
  },
};
