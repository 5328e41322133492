// Secrets planted in the lab: each a distinctive string of letters and digits, shaped as the secret
// it stands for, so that finding one anywhere exposcan wrote can only mean it leaked. Letters and
// digits only: the URL-encoded form is the same string, and a grep cannot miss it for escaping.

export const CANARIES = {
  // Prometheus configuration (/api/v1/status/config), which exposcan reads whole.
  promBasicAuth: 'CanaryPromBasicAuth4f1x',
  promBearer: 'CanaryPromBearerToken9q2w',
  promParams: 'CanaryPromParamsToken3k8z',
  promUrlPassword: 'CanaryPromUrlPassword7m5v',
  promDiscoveryKey: 'CanaryPromDiscoveryKey2b6n',
  // Jenkins: session cookie, crumb, a token and a key in the page and the JSON.
  jenkinsCookie: 'CanaryJenkinsSession8h3d',
  jenkinsCrumb: 'CanaryJenkinsCrumb5t7y',
  jenkinsApiToken: 'CanaryJenkinsApiToken1r4e',
  jenkinsAwsKey: 'AKIACANARYJENKINS001',
  // Elasticsearch: a cluster name and index names a hostile or careless owner chose.
  esClusterPassword: 'CanaryEsClusterPass6u2i',
  esIndexToken: 'CanaryEsIndexToken0o9p',
  esIndexAwsKey: 'AKIACANARYESINDEX001',
  esIndexGithub: 'ghp_CanaryEsIndexGithubToken000000000001',
  esIndexJwt: 'eyJhbGciOiJIUzI1NiJ9.eyJDYW5hcnlFc0luZGV4Snd0IjoxfQ.CanaryEsIndexJwtSignature01',
  // A hostile Redis whose INFO carries secrets in the fields exposcan keeps (version, os, role).
  redisVersionSecret: 'CanaryRedisVersionSecret3a1s',
  redisOsPassword: 'CanaryRedisOsPassword4d2f',
  redisRoleToken: 'CanaryRedisRoleToken5g3h',
  // A real Redis: its config file path (in INFO), a key name and value, and its masterauth.
  realRedisDir: 'CanaryRealRedisConfigDir6j4k',
  realRedisKeyName: 'CanaryRealRedisKeyName7l5z',
  realRedisValue: 'CanaryRealRedisValue8x6c',
  realRedisMasterauth: 'CanaryRealRedisMasterauth9v7b',
  // Unidentified services: the banner is kept (160 printable characters, redacted).
  bannerPassword: 'CanaryBannerPassword1n8m',
  bannerAwsKey: 'AKIACANARYBANNER0001',
  bannerBearer: 'CanaryBannerBearerToken2q9w',
  bannerPemBody: 'CanaryBannerPemBody3e0r',
  bannerUrlPassword: 'CanaryBannerUrlPassword4t1y',
  bannerGithub: 'ghp_CanaryBannerGithubToken00000000000001',
  bannerSlack: 'xoxb-CanaryBannerSlack5u2i',
  bannerAlibabaKey: 'LTAICanaryBannerAk06',
  // Shapes the first redaction patterns missed (each leaked before src/findings/redact.ts was fixed).
  bannerEmptyUserUrl: 'CanaryBannerEmptyUserUrl5a3d',
  bannerSchemeAfterKey: 'CanaryBannerSchemeAfterKey6s4f',
  bannerEscapedJson: 'CanaryBannerEscapedJson7d5g',
  bannerTemporaryAwsKey: 'ASIACANARYBANNER0002',
  bannerQuotedPassphrase: 'CanaryBannerQuotedPhrase8f6h',
  bannerPgpBody: 'CanaryBannerPgpBody9g7j',
  // The part of a GitHub token that fits before a banner's 160-character cap (the rest is cut off).
  bannerCutToken: 'Kq7CutZxQ9',
  // HTTP headers of a server nothing recognises.
  headerCookie: 'CanaryHeaderCookie6o3p',
  headerChallenge: 'CanaryHeaderChallenge7a4s',
} as const;

/**
 * The forms a canary could take in a file: as is, URL-encoded, hex, and base64 at each of the three
 * alignments it can have inside a longer encoded string (the whole-character part of each).
 */
export function encodedForms(canary: string): string[] {
  const forms = new Set<string>([canary, encodeURIComponent(canary), Buffer.from(canary).toString('hex')]);
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.from(`${'\0'.repeat(offset)}${canary}`).toString('base64');
    // Skip the characters that mix padding bytes in, and the last group, which depends on what follows.
    const start = Math.ceil((offset * 4) / 3);
    const usable = Math.floor(((offset + canary.length) * 4) / 3) - 4;
    if (usable > start + 8) forms.add(encoded.slice(start, usable));
  }
  return [...forms];
}

/** Each (canary, form) found in `content`, as `name (form)`: empty when nothing leaked. */
export function leaksIn(content: Buffer | string): string[] {
  const text = typeof content === 'string' ? content : content.toString('latin1');
  const found: string[] = [];
  for (const [name, canary] of Object.entries(CANARIES)) {
    for (const form of encodedForms(canary))
      if (text.includes(form)) found.push(`${name} (${form === canary ? 'as is' : form})`);
  }
  return found;
}
