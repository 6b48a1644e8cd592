// esbuild options shared by every bundle of the peer SDK. Its optional
// OpenTelemetry peer dependencies are imported only behind a dynamic import
// (tracing on), but esbuild inlines that import and hoists the bare
// `@opentelemetry/*` imports to the top of the bundle, where a browser
// cannot resolve them. A user without OpenTelemetry needs them stubbed; the
// stub is an empty CommonJS module (a few bytes), so the peer's figures hold
// only its own code.
const OTEL = /^@opentelemetry\/(api|exporter-trace-otlp-http|resources|sdk-trace-base)$/;

const stubOtel = {
  name: "stub-optional-otel",
  setup(b) {
    b.onResolve({ filter: OTEL }, (args) => ({ path: args.path, namespace: "otel-stub" }));
    b.onLoad({ filter: /.*/, namespace: "otel-stub" }, () => ({ contents: "module.exports = {};", loader: "js" }));
  },
};

/** The flags: --bundle --minify --format=esm --platform=browser. */
export const PEER_BUNDLE_OPTIONS = { bundle: true, minify: true, format: "esm", platform: "browser", logLevel: "silent", plugins: [stubOtel] };
