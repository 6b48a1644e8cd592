// The demo's local function, `get_weather`: the page and the Worker give it
// to their runs, and the SDK executes it when the model calls it. Its data
// are made up (a hash of the city's name), so the demo needs no weather
// service; a real app would call one here.

const CONDITIONS = ["sunny", "partly cloudy", "cloudy", "light rain", "windy", "foggy", "snow showers"];

function hash(text) {
  let h = 2166136261;
  for (const ch of text.toLowerCase()) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
  return h >>> 0;
}

/** Today's (made-up) weather in `city`. */
export function forecast(city) {
  const h = hash(city);
  return { city, temperature_c: (h % 31) - 3, conditions: CONDITIONS[(h >>> 8) % CONDITIONS.length], source: "demo data" };
}

/** The tool as `client.run({ tools })` takes it: its definition for the model and its `execute`. */
export const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Today's weather in a city (made-up demo data)",
    parameters: { type: "object", properties: { city: { type: "string", description: "The city's name" } }, required: ["city"] },
  },
  execute: async ({ city }) => {
    if (typeof city !== "string" || !city.trim()) throw new Error("city must be a non-empty string");
    return forecast(city.trim());
  },
};

/** The definition alone (what an agent stores in its `tools`). */
export const weatherDefinition = { type: weatherTool.type, function: weatherTool.function };
