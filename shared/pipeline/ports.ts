/** The ports the pipeline's use cases depend on. Adapters in shared/adapters implement them. */

/** The register of validated contact points (DWP Email Policy 3.10). */
export interface ContactRegister {
  /** True when `address` (already lower-cased) is a validated contact point. */
  isValidatedContact(address: string): Promise<boolean>;
}
