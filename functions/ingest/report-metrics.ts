/** Metric names of a report's failures: messages failing DMARC, sessions failing TLS (shared with the dashboard). */
export const REPORT_FAILURE_METRICS = {
  dmarc: 'DmarcFailingMessages',
  'tls-rpt': 'TlsFailedSessions',
} as const;
