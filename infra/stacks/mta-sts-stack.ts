import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { MtaStsHost, type MtaStsHostProps } from '../constructs/mta-sts-host.ts';

/** CloudFront reads certificates from this region only. */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/** Props of {@link MtaStsStack}. */
export interface MtaStsStackProps extends StackProps, MtaStsHostProps {}

/** The MTA-STS policy host, in us-east-1 because its CloudFront certificate must be there. */
export class MtaStsStack extends Stack {
  public readonly host: MtaStsHost;

  constructor(scope: Construct, id: string, props: MtaStsStackProps) {
    super(scope, id, props);
    this.host = new MtaStsHost(this, 'MtaSts', props);
  }
}
