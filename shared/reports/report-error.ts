/**
 * A report that cannot be read: wrong compression, bad XML or JSON, missing fields. The message
 * says what is wrong and where, and quotes no report content beyond field names.
 */
export class MalformedReportError extends Error {
  override readonly name = 'MalformedReportError';
}
