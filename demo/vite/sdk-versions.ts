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
export function sdkAssetsRoute(version: ContractSdkVersion | SwapSdkVersion): string {
  return version === DEFAULT_CONTRACT_SDK ? '/' : `/sdk/${version}/`;
}

/**
 * SDKs without setSession, renewed by a swap (issue 13): installed under aliases too, served the
 * same way, loaded by demo/swap-e2e.ts through the library.
 */
export const SWAP_SDKS = {
  '1.12.0': 'nutrient-viewer-1.12',
  '2024.8.2': 'pspdfkit-2024',
} as const;

/**
 * The swap test runs the legacy pspdfkit package with Instant; without it (its REST provider, which the
 * stand-in serves since issue 20) it is tested in test/e2e/users-work.test.ts.
 */
export const NEEDS_INSTANT: readonly string[] = ['2024.8.2'];

export type SwapSdkVersion = keyof typeof SWAP_SDKS;

export const SWAP_SDK_VERSIONS = Object.keys(SWAP_SDKS) as SwapSdkVersion[];

/** Every version served from an alias: the older contract versions and the swap versions. */
export const ALIASED_SDKS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(CONTRACT_SDKS).filter(([version]) => version !== DEFAULT_CONTRACT_SDK)),
  ...SWAP_SDKS,
};

export function isSwapSdkVersion(value: unknown): value is SwapSdkVersion {
  return typeof value === 'string' && Object.hasOwn(SWAP_SDKS, value);
}

export function isContractSdkVersion(value: unknown): value is ContractSdkVersion {
  return typeof value === 'string' && Object.hasOwn(CONTRACT_SDKS, value);
}
