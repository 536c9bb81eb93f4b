import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, SES_RECEIVING_REGIONS } from '../../infra/config.ts';
import { configErrorOf, demoConfig } from './synth.ts';

const context = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => values[key] });
const errorOf = (input: unknown): string => configErrorOf(() => parseConfig(input));

describe('Config', () => {
  it('accepts the demo configuration in cdk.json and applies defaults', () => {
    const minimal = demoConfig();
    delete minimal.retention;
    delete minimal.region;
    delete minimal.tlsPolicy;
    delete minimal.replaceActiveRuleSet;
    const config = parseConfig(minimal);
    expect(config.region).toBe('eu-west-2');
    expect(config.tlsPolicy).toBe('Optional');
    expect(config.replaceActiveRuleSet).toBe(false);
    expect(config.activateRuleSet).toBe(true);
    expect(config.retention).toEqual({
      rawMailDays: 30,
      quarantineDays: 90,
      ciphertextDays: 365,
      noncurrentVersionDays: 7,
      accessLogDays: 400,
      reportDays: 400,
      auditYears: 6,
    });
    expect(config.mailboxes[0]?.welsh).toBe(false);
    expect(config.mailboxes[2]?.welsh).toBe(true);
    expect(config.holdDays).toBe(28);
    expect(config.portalLinkHours).toBe(720);
    expect(config.securityContact).toBe(config.alarmEmail);
  });

  it('uses a security contact of its own when given', () => {
    const config = parseConfig({ ...demoConfig(), securityContact: 'Security@DWP.example.gov.uk' });
    expect(config.securityContact).toBe('security@dwp.example.gov.uk');
    expect(config.alarmEmail).toBe(demoConfig().alarmEmail);
  });

  it('refuses an ingest timeout a message of slow documents could outlast', () => {
    expect(errorOf({ ...demoConfig(), functionTimeoutSeconds: 50 })).toContain(
      "caveat config: functionTimeoutSeconds: must be over 50: a message's PDF and DOCX attachments may take that long to read",
    );
    expect(parseConfig({ ...demoConfig(), functionTimeoutSeconds: 51 }).functionTimeoutSeconds).toBe(51);
  });

  it('gives citizens 14 days to confirm by default, never longer than the hold', () => {
    expect(parseConfig(demoConfig()).confirmDays).toBe(14);
    expect(errorOf({ ...demoConfig(), holdDays: 10 })).toContain(
      'caveat config: confirmDays: must be at most holdDays (10)',
    );
    expect(
      errorOf({ ...demoConfig(), smsOriginationIdentityArn: 'arn:aws:sns:eu-west-2:111122223333:topic' }),
    ).toContain(
      'caveat config: smsOriginationIdentityArn: must be an End User Messaging phone-number, pool or sender-id ARN',
    );
    const pool = 'arn:aws:sms-voice:eu-west-2:111122223333:pool/pool-0123456789abcdef';
    expect(parseConfig({ ...demoConfig(), smsOriginationIdentityArn: pool }).smsOriginationIdentityArn).toBe(
      pool,
    );
  });

  it('points confirmation links at the portal domain unless told otherwise, and only on GOV.UK', () => {
    expect(parseConfig(demoConfig()).confirmBaseUrl).toBe('https://portal.caveat.example.gov.uk');
    expect(
      parseConfig({ ...demoConfig(), confirmBaseUrl: 'https://confirm.dwp.gov.uk/' }).confirmBaseUrl,
    ).toBe('https://confirm.dwp.gov.uk');
    expect(errorOf({ ...demoConfig(), confirmBaseUrl: 'http://confirm.dwp.gov.uk' })).toContain(
      'caveat config: confirmBaseUrl: must be an https:// address',
    );
    expect(errorOf({ ...demoConfig(), confirmBaseUrl: 'https://confirm.example.com' })).toContain(
      'caveat config: confirmBaseUrl: confirmation links break DWP SMS Text Policy 8.2: links must point to the GOV.UK domain',
    );
    expect(errorOf({ ...demoConfig(), portalDomain: 'portal.example.com' })).toContain(
      'caveat config: portalDomain: confirmation links break DWP SMS Text Policy 8.2',
    );
    expect(errorOf({ ...demoConfig(), publishedContactRoute: 'www.gov.uk/contact' })).toContain(
      'caveat config: publishedContactRoute: must be an https:// address',
    );
  });

  it('finds citizen references with the default pattern unless a valid one is configured', () => {
    expect(parseConfig(demoConfig()).citizenReferencePattern).toBe('\\b[A-Z]{2}-\\d{6}\\b');
    expect(
      parseConfig({ ...demoConfig(), citizenReferencePattern: '\\b\\d{8}\\b' }).citizenReferencePattern,
    ).toBe('\\b\\d{8}\\b');
    expect(errorOf({ ...demoConfig(), citizenReferencePattern: '[A-Z' })).toContain(
      'caveat config: citizenReferencePattern: is not a valid regular expression',
    );
    expect(errorOf({ ...demoConfig(), citizenReferencePattern: '(\\d+)+X' })).toContain(
      'caveat config: citizenReferencePattern: has nested quantifiers',
    );
    expect(errorOf({ ...demoConfig(), citizenReferencePattern: 'X?' })).toContain(
      'caveat config: citizenReferencePattern: must not match an empty string',
    );
  });

  it('accepts a hold as long as raw mail is kept, and no longer', () => {
    expect(parseConfig({ ...demoConfig(), holdDays: 30 }).holdDays).toBe(30);
    expect(errorOf({ ...demoConfig(), holdDays: 31 })).toContain(
      'caveat config: holdDays: must be at most retention.rawMailDays (30): held raw mail stays under inbound/',
    );
    expect(errorOf({ ...demoConfig(), retention: { rawMailDays: 14 } })).toContain(
      'caveat config: holdDays: must be at most retention.rawMailDays (14)',
    );
  });

  it('reads portal entitlements and refuses one naming an unconfigured mailbox', () => {
    const config = parseConfig(demoConfig());
    expect(config.portal.entitlements['cs-officers']).toEqual(['childrens.services@caveat.example.gov.uk']);
    expect(config.portal.oidc).toBeUndefined();
    expect(config.portal.sessionMinutes).toBe(480);
    expect(
      errorOf({ ...demoConfig(), portal: { entitlements: { g: ['nobody@caveat.example.gov.uk'] } } }),
    ).toContain(
      'caveat config: portal.entitlements.g[0]: nobody@caveat.example.gov.uk is not one of the configured mailboxes',
    );
    expect(
      parseConfig({
        ...demoConfig(),
        portal: { oidc: { issuer: 'https://login.microsoftonline.com/tenant/v2.0', clientId: 'c' } },
      }).portal.oidc?.groupsClaim,
    ).toBe('groups');
  });

  it('refuses a portal link that would outlive the protected copy', () => {
    expect(errorOf({ ...demoConfig(), retention: { ciphertextDays: 2 }, portalLinkHours: 49 })).toContain(
      'caveat config: portalLinkHours: must be at most retention.ciphertextDays × 24 (48)',
    );
  });

  it.each([
    [
      'mailboxes[0].teamMailbox',
      { mailboxes: [{ ...demoConfig().mailboxes[0], teamMailbox: 'nope' }] },
      'Invalid email address',
    ],
    [
      'mailboxes[0].address',
      { mailboxes: [{ ...demoConfig().mailboxes[0], address: 'x@elsewhere.gov.uk' }] },
      'must be at the receiving domain',
    ],
    [
      'mailboxes[0].policyPack',
      { mailboxes: [{ ...demoConfig().mailboxes[0], policyPack: 'hmrc' }] },
      'built-in pack id',
    ],
    ['mailboxes', { mailboxes: [] }, 'at least one mailbox'],
    ['receivingDomain', { receivingDomain: 'not a domain' }, 'Invalid domain name'],
    ['trustedPartnerDomains[0]', { trustedPartnerDomains: ['-bad-.uk'] }, 'Invalid domain name'],
    ['alarmEmail', { alarmEmail: 'ops' }, 'Invalid email address'],
    ['retention.auditYears', { retention: { auditYears: 0 } }, ''],
    ['retention.rawMailDays', { retention: { rawMailDays: -1 } }, ''],
    ['tlsPolicy', { tlsPolicy: 'Mandatory' }, ''],
    ['account', { account: '1234' }, '12-digit'],
    ['ruleSetName', { ruleSetName: 'has space' }, ''],
    ['securityContact', { securityContact: 'security' }, 'Invalid email address'],
    ['holdDays', { holdDays: 0 }, ''],
    ['portalLinkHours', { portalLinkHours: 1.5 }, ''],
  ])('names the field %s in the error', (field, override, text) => {
    const message = errorOf({ ...demoConfig(), ...override });
    expect(message).toContain(`caveat config: ${field}: `);
    expect(message).toContain(text);
  });

  it('refuses an unknown field', () => {
    expect(errorOf({ ...demoConfig(), tlsPolcy: 'Optional' })).toMatch(/caveat config: \(root\): .*tlsPolcy/);
  });

  it('refuses a duplicate address', () => {
    const config = demoConfig();
    const first = config.mailboxes[0]!;
    expect(errorOf({ ...config, mailboxes: [first, first] })).toContain(
      'caveat config: mailboxes[1].address: duplicate',
    );
  });

  it('refuses a region without SES email receiving', () => {
    const message = errorOf({ ...demoConfig(), region: 'eu-west-3' });
    expect(message).toContain('caveat config: region: SES email receiving is not available in eu-west-3');
    expect(SES_RECEIVING_REGIONS).toContain('eu-west-2');
  });

  it('reads the caveat context as an object or a JSON string', () => {
    expect(loadConfig(context({ caveat: demoConfig() })).receivingDomain).toBe('caveat.example.gov.uk');
    expect(loadConfig(context({ caveat: JSON.stringify(demoConfig()) })).stackName).toBe('Caveat');
  });

  it('prefers -c caveatConfig=file and names an unreadable file', () => {
    expect(() => loadConfig(context({ caveatConfig: 'missing.json', caveat: demoConfig() }))).toThrow(
      /caveat config: cannot read missing\.json/,
    );
  });

  it('explains how to configure when nothing is set', () => {
    expect(() => loadConfig(context({}))).toThrow(/caveatConfig=path\/to\/file\.json/);
  });
});
