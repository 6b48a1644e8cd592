// `/v1/models`: a fixed catalogue of base models plus one fine-tuned model
// (the only kind that can be deleted).
import { notFound, MockHttpError } from "./errors.mjs";

const CAPABILITY_NAMES = [
  "completion_chat", "function_calling", "reasoning", "completion_fim", "fine_tuning", "vision", "ocr",
  "classification", "moderation", "audio", "audio_transcription", "audio_transcription_realtime",
  "audio_speech", "unified_resources",
];

function capabilities(on) {
  return Object.fromEntries(CAPABILITY_NAMES.map((c) => [c, on.includes(c)]));
}

const CREATED = 1756746619;

function base(id, name, description, on, aliases, max_context_length = 131072) {
  return {
    id,
    object: "model",
    created: CREATED,
    owned_by: "mistralai",
    capabilities: capabilities(on),
    name,
    description,
    max_context_length,
    aliases,
    deprecation: null,
    deprecation_replacement_model: null,
    default_model_temperature: 0.3,
    type: "base",
  };
}

/** A fresh catalogue (state is per server and reset by `/_mock/reset`). */
export function initialModels() {
  return [
    base("mistral-medium-latest", "mistral-medium-2508", "Our frontier-class multimodal model.", ["completion_chat", "function_calling", "vision", "ocr"], ["mistral-medium-2508"]),
    base("mistral-small-latest", "mistral-small-2506", "Small, fast and cheap.", ["completion_chat", "function_calling", "vision"], ["mistral-small-2506"]),
    base("mistral-large-latest", "mistral-large-2411", "Top-tier reasoning.", ["completion_chat", "function_calling"], ["mistral-large-2411"]),
    base("codestral-latest", "codestral-2508", "Code completion.", ["completion_chat", "completion_fim", "function_calling"], ["codestral-2508"], 256000),
    {
      ...base("ft:open-mistral-7b:587a6b29:20240514:7e773925", null, null, ["completion_chat", "fine_tuning"], [], 32768),
      owned_by: "587a6b29",
      type: "fine-tuned",
      job: "7e773925-1d3b-4b5e-9f5a-2c1d8e6f4a10",
      root: "open-mistral-7b",
      archived: false,
    },
  ];
}

function find(state, id) {
  return state.models.find((m) => m.id === id || m.aliases.includes(id));
}

export const modelHandlers = {
  list_models_v1_models_get({ state, params }) {
    let data = state.models;
    if (params.model) data = data.filter((m) => m.id === params.model || m.aliases.includes(params.model));
    if (params.provider) data = data.filter((m) => m.owned_by === params.provider);
    return { status: 200, json: { object: "list", data } };
  },

  retrieve_model_v1_models__model_id__get({ state, params }) {
    const model = find(state, params.model_id);
    if (!model) throw notFound("Model", params.model_id);
    return { status: 200, json: model };
  },

  delete_model_v1_models__model_id__delete({ state, params }) {
    const model = find(state, params.model_id);
    if (!model) throw notFound("Model", params.model_id);
    if (model.type !== "fine-tuned") throw new MockHttpError(403, "Only fine-tuned models can be deleted", { type: "forbidden" });
    state.models = state.models.filter((m) => m !== model);
    return { status: 200, json: { id: model.id, object: "model", deleted: true } };
  },
};
