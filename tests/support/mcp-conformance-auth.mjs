// The `auth` option the conformance client program gives McpClient for a scenario (tests/support/mcp-conformance.md).
// Every scenario gets OAuth: the client only authorizes when the server answers 401, so the non-auth scenarios never
// see it. The suite's authorization servers approve every request at once and redirect with the code, so the
// "browser" is a fetch that does not follow the redirect: the `Location` it names is the callback URL.
//
// From MCP_CONFORMANCE_CONTEXT: `client_id`/`client_secret` are a pre-registered client; in a client-credentials
// scenario they are the machine client instead (`{ type: "oauth2" }` without `token_url`: the token endpoint is
// discovered from the server's 401).

/** The Client ID Metadata Document URL the suite expects a client to use where the server supports them. */
export const CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';
/** Never listened on: the flow stops at the redirect, whose URL the client reads. */
export const REDIRECT_URI = 'http://localhost:3000/callback';

/** Follows one authorization request like a browser whose user approves at once: the redirect's target. */
export async function approve(url, log = () => {}) {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  await response.body?.cancel();
  if (!location) throw new Error(`the authorization endpoint answered ${response.status} without a redirect`);
  const callback = new URL(location, url).href;
  log(`authorized: redirected to ${new URL(callback).origin}${new URL(callback).pathname}`);
  return callback;
}

/** The `auth` option for `scenario` with `context` (the parsed MCP_CONFORMANCE_CONTEXT). */
export function authOption(scenario, context, log = () => {}) {
  const id = typeof context.client_id === 'string' ? context.client_id : undefined;
  const secret = typeof context.client_secret === 'string' ? context.client_secret : undefined;
  if (/client-credentials/.test(scenario) && id && secret) {
    return { type: 'oauth2', client_id: id, client_secret: secret };
  }
  return {
    type: 'oauth',
    ...(id ? { clientId: id } : {}),
    ...(id && secret ? { clientSecret: secret } : {}),
    clientMetadataUrl: CLIENT_METADATA_URL,
    clientName: 'mistral-edge-conformance-client',
    redirectUri: REDIRECT_URI,
    onAuthorize: (url) => approve(url, log),
  };
}
