/**
 * Lambda entry point of the extract-text function: the in-process parsers behind a handler that
 * validates each request. It reads no settings and builds no AWS client.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { inProcessDocumentText } from '../../shared/mail/in-process-document-text.ts';
import { createExtractTextHandler } from './handler.ts';

export const handler = createExtractTextHandler({
  documents: inProcessDocumentText,
  logger: new Logger({ serviceName: 'caveat-extract-text' }),
});
