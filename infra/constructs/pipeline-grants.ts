/**
 * Permissions every function that runs the pipeline's stages needs in the same shape: sending as
 * the shared mailboxes, and the cdk-nag acknowledgements its narrow wildcards carry.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { MailboxPolicy } from '../policy-pack-files.ts';
import { MAIL_PREFIXES } from './mail-bucket.ts';

/**
 * SES: recipients (team mailboxes, senders, the security contact) cannot be named as resources,
 * so the identity is the receiving domain (and any mailbox subdomain) and the From address must
 * be one of the shared mailboxes.
 */
export function allowSendAsSharedMailboxes(
  role: iam.Role,
  receivingDomain: string,
  mailboxes: readonly MailboxPolicy[],
): void {
  const stack = Stack.of(role);
  const domains = new Set([
    receivingDomain,
    ...mailboxes.map((m) => m.address.split('@')[1] ?? receivingDomain),
  ]);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'SendAsSharedMailboxes',
      actions: ['ses:SendRawEmail'],
      resources: [...domains].map((domain) =>
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
      ),
      conditions: { StringEquals: { 'ses:FromAddress': mailboxes.map((m) => m.address) } },
    }),
  );
}

/** The one `Resource: *` a traced function's role carries. */
export function acknowledgeTracing(role: iam.Role): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; the wildcard carries only those two actions.',
  });
}

/** Object-prefix wildcards of `bucket` on `role`, each with why it is as narrow as it can be. */
export function acknowledgePrefixes(
  role: iam.Role,
  bucket: s3.Bucket,
  reasons: readonly (readonly [prefix: string, reason: string])[],
): void {
  const stack = Stack.of(role);
  const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as CfnElement));
  for (const [prefix, reason] of reasons) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
      reason,
    });
  }
}

/**
 * S3 of the pipeline's stages, per prefix: read and remove held or new mail under `inbound/`
 * (see {@link allowInboundMail}) and write protected and quarantined copies. The CDK grant
 * helpers add more than the stages use (s3:GetObject*, s3:DeleteObject* including versions,
 * s3:PutObject* tagging and retention), so by hand.
 */
export function allowMailStages(role: iam.Role, bucket: s3.Bucket): void {
  allowInboundMail(role, bucket);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteQuarantineAndCiphertext',
      actions: ['s3:PutObject'],
      resources: [
        bucket.arnForObjects(`${MAIL_PREFIXES.quarantine}*`),
        bucket.arnForObjects(`${MAIL_PREFIXES.ciphertext}*`),
      ],
    }),
  );
}

/**
 * Read and remove mail under `inbound/`, and list `inbound/` only so that a missing object
 * answers 404 (the pipeline's "already processed"), not 403.
 */
export function allowInboundMail(role: iam.Role, bucket: s3.Bucket): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadAndRemoveInboundMail',
      actions: ['s3:GetObject', 's3:DeleteObject'],
      resources: [bucket.arnForObjects(`${MAIL_PREFIXES.inbound}*`)],
    }),
  );
  // S3 evaluates the not-found check with the key as s3:prefix.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListInboundForNotFound',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': `${MAIL_PREFIXES.inbound}*` } },
    }),
  );
}
