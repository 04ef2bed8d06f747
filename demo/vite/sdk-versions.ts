// The Nutrient Web SDK versions the contract page can load: the main dev dependency plus older
// ones installed under npm aliases (package.json devDependencies), so one checkout tests them all.

/** Version -> the package name it is installed under. The first is the main dev dependency. */
export const CONTRACT_SDKS = {
  '1.22.0': '@nutrient-sdk/viewer',
  '1.18.0': 'nutrient-viewer-1.18',
  '1.14.0': 'nutrient-viewer-1.14',
} as const;

export type ContractSdkVersion = keyof typeof CONTRACT_SDKS;

export const DEFAULT_CONTRACT_SDK: ContractSdkVersion = '1.22.0';

export const CONTRACT_SDK_VERSIONS = Object.keys(CONTRACT_SDKS) as ContractSdkVersion[];

/** Where a version's runtime assets are served: `${route}nutrient-viewer-lib/...` (the page's baseUrl). */
export function sdkAssetsRoute(version: ContractSdkVersion): string {
  return version === DEFAULT_CONTRACT_SDK ? '/' : `/sdk/${version}/`;
}

export function isContractSdkVersion(value: unknown): value is ContractSdkVersion {
  return typeof value === 'string' && Object.hasOwn(CONTRACT_SDKS, value);
}
