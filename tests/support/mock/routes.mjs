// The operations the mock serves, located by `operationId` in the spec so
// that method and path always come from the contract, never from here.
import { modelHandlers } from "./model-cards.mjs";
import { agentHandlers } from "./agents.mjs";
import { conversationHandlers } from "./conversations.mjs";
import { connectorHandlers } from "./connectors.mjs";
import { chatHandlers } from "./chat.mjs";

export const HANDLERS = {
  ...modelHandlers,
  ...agentHandlers,
  ...conversationHandlers,
  ...connectorHandlers,
  ...chatHandlers,
};

function segmentsOf(path) {
  return path.split("/").slice(1);
}

export class Router {
  /** @param {import("../spec-validator.mjs").SpecValidator} validator */
  constructor(validator) {
    this.routes = Object.keys(HANDLERS).map((id) => {
      const { method, path } = validator.operation(id);
      const segments = segmentsOf(path).map((s) => {
        const m = /^\{(.+)\}$/.exec(s);
        return m ? { param: m[1] } : { literal: s };
      });
      return { id, method, path, segments, literals: segments.filter((s) => s.literal !== undefined).length };
    });
  }

  /**
   * The operations at `pathname`: `{ byMethod: Map(method -> [{id, params}]) }`,
   * most specific template first, or null when no template matches.
   */
  match(pathname) {
    const parts = segmentsOf(pathname);
    const hits = [];
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params = {};
      let ok = true;
      route.segments.forEach((s, i) => {
        if (!ok) return;
        if (s.literal !== undefined) ok = s.literal === parts[i];
        else if (parts[i] === "") ok = false;
        else {
          try {
            params[s.param] = decodeURIComponent(parts[i]);
          } catch {
            params[s.param] = parts[i];
          }
        }
      });
      if (ok) hits.push({ route, params });
    }
    if (!hits.length) return null;
    hits.sort((a, b) => b.route.literals - a.route.literals);
    const byMethod = new Map();
    for (const h of hits) {
      const list = byMethod.get(h.route.method) ?? [];
      // Only the most specific template per method (`/v1/agents/pages` over `/v1/agents/{id}`).
      if (!list.length || list[0].literals === h.route.literals) list.push({ id: h.route.id, params: h.params, literals: h.route.literals });
      byMethod.set(h.route.method, list);
    }
    return { byMethod };
  }

  /** Picks between a plain and a `#stream` operation by the body's `stream` flag. */
  static choose(candidates, body) {
    if (candidates.length === 1) return candidates[0];
    const wantsStream = body !== null && typeof body === "object" && body.stream === true;
    return candidates.find((c) => c.id.endsWith("_stream") === wantsStream) ?? candidates[0];
  }
}
