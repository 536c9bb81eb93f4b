import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../bin/audit-connection.ts';
import { UsageError } from '../../bin/cli-support.ts';

const cloudformation = mockClient(CloudFormationClient);
afterEach(() => cloudformation.reset());

describe('Audit connection', () => {
  it('finds the local stack on its default ports, or the ports its variables set', async () => {
    const local = await connect({ local: true }, {});
    expect(local.table).toBe('caveat-decisions');
    expect(local.digestBucket()).toBe('caveat-audit-digests');
    expect(await local.dynamodb.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 8000 });
    local.close();
    const moved = await connect({ local: true }, { CAVEAT_DYNAMODB_PORT: '8111', CAVEAT_S3_PORT: '4600' });
    expect(await moved.dynamodb.config.endpoint?.()).toMatchObject({ port: 8111 });
    expect(await moved.s3.config.endpoint?.()).toMatchObject({ port: 4600 });
    moved.close();
  });

  it('reads the table and digest bucket from the stack outputs, with the profile and region given', async () => {
    cloudformation.on(DescribeStacksCommand, { StackName: 'Caveat' }).resolves({
      Stacks: [
        {
          StackName: 'Caveat',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'DecisionsTableName', OutputValue: 'Caveat-Tablesdecisions-ABC' },
            { OutputKey: 'AuditDigestBucketName', OutputValue: 'caveat-auditdigests-xyz' },
          ],
        },
      ],
    });
    const aws = await connect({ stack: 'Caveat', region: 'eu-west-1', profile: 'audit' }, {});
    expect(aws.table).toBe('Caveat-Tablesdecisions-ABC');
    expect(aws.digestBucket()).toBe('caveat-auditdigests-xyz');
    expect(await aws.dynamodb.config.region()).toBe('eu-west-1');
    expect(aws.dynamodb.config.profile).toBe('audit');
    aws.close();
  });

  it('says what is missing when it cannot tell where the log is', async () => {
    await expect(connect({}, {})).rejects.toThrow(UsageError);
    await expect(connect({}, {})).rejects.toThrow(/--local, --endpoint URL, --stack NAME, or --table/);
    cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [] });
    const noBucket = await connect({ stack: 'Other', table: 't' }, {});
    expect(() => noBucket.digestBucket()).toThrow(
      'stack Other has no AuditDigestBucketName output; pass --digest-bucket',
    );
    noBucket.close();
    await expect(connect({ local: true, endpoint: 'http://x' }, {})).rejects.toThrow('not both');
  });
});
