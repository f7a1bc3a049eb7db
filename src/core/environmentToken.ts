// Which token from the environment goes to which GitHub, as the gh CLI reads them: GH_TOKEN and GITHUB_TOKEN are
// github.com's, GH_ENTERPRISE_TOKEN and GITHUB_ENTERPRISE_TOKEN a GitHub Enterprise Server's. A workspace can hold
// folders on both: a github.com token must never be sent to another server, nor the other way round.

/** The variables that hold tokens, for redaction. */
export const TOKEN_VARIABLES = ['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'] as const;

/**
 * The environment's token for the web host `host` (`github.com`, `ghe.acme.com`), or undefined. `configuredHost` is
 * the host of the API the user pointed Flakelens at (`flakelens.apiUrl`, a trusted setting that every folder then
 * reads): with a single API there is no other server to leak to, so GITHUB_TOKEN and GH_TOKEN serve it too, as in a
 * GitHub Enterprise Server's own Actions, where the job's token is passed as GITHUB_TOKEN.
 */
export function environmentToken(host: string, env: Readonly<Record<string, string | undefined>>, configuredHost?: string): string | undefined {
  const dotcom = nonEmpty(env.GITHUB_TOKEN) ?? nonEmpty(env.GH_TOKEN);
  if (host === 'github.com') return dotcom;
  const enterprise = nonEmpty(env.GH_ENTERPRISE_TOKEN) ?? nonEmpty(env.GITHUB_ENTERPRISE_TOKEN);
  return host === configuredHost ? (enterprise ?? dotcom) : enterprise;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value : undefined;
}

/**
 * The environment's token for the one API a command-line run reads (`--api-url`): the user named that server, so
 * GITHUB_TOKEN and GH_TOKEN serve an Enterprise server too, after its own variables.
 */
export function cliToken(apiHost: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  return environmentToken(apiHost, env, apiHost);
}
