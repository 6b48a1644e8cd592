// The `auth` option for the conformance scenarios of the MCP authorization extensions that have no user in the loop,
// chosen from what MCP_CONFORMANCE_CONTEXT holds (never from the scenario's name), as a real deployment would be
// configured from what it was given:
//
// - a private key (`private_key_pem`): client credentials with private_key_jwt (SEP-1046), token endpoint discovered;
// - an enterprise ID token (`idp_id_token`, `idp_token_endpoint`): the ID-JAG exchange then the JWT bearer grant
//   (SEP-990, "enterprise-managed authorization" / "cross-app access");
// - a workload token (`valid_jwt`): the JWT bearer grant (SEP-1933, workload identity federation). The context also
//   carries deliberately broken tokens (`wrong_audience_jwt`, `expired_jwt`) that a real workload would never be
//   handed; the client uses the valid one.
//
// Returns undefined when the context names none of these (the code flow or a pre-registered client is then the
// caller's business).
export function machineAuth(context = {}) {
  if (typeof context.private_key_pem === 'string') {
    return {
      type: 'client_credentials',
      clientId: context.client_id,
      privateKey: context.private_key_pem,
      ...(context.signing_algorithm ? { algorithm: context.signing_algorithm } : {}),
    };
  }
  if (typeof context.idp_id_token === 'string') {
    return {
      type: 'enterprise',
      clientId: context.client_id,
      ...(context.client_secret ? { clientSecret: context.client_secret } : {}),
      idToken: context.idp_id_token,
      idpTokenUrl: context.idp_token_endpoint,
      ...(context.idp_client_id ? { idpClientId: context.idp_client_id } : {}),
    };
  }
  if (typeof context.valid_jwt === 'string') {
    return {
      type: 'jwt_bearer',
      assertion: context.valid_jwt,
      ...(context.client_id ? { clientId: context.client_id } : {}),
    };
  }
  return undefined;
}
