// The page's settings live in its URL, so a reload (or a link shared in a bug report) keeps them:
//   ?engine=<Document Engine URL>&document=<id>[&faults=off][&proactive=false][&instant=true]
// Never a token: the JWT comes from /api/token.

export interface ViewerSettings {
  engineUrl: string;
  documentId: string;
  proactive: boolean;
  instant: boolean;
  /** Share tokens with this user's other tabs (`sharing: { scope }`); only the "two tabs" scenario turns it on. */
  sharing?: boolean;
}

export interface PageParams extends ViewerSettings {
  /** False against a real Document Engine: there is no admin API to inject faults with. */
  faultsEnabled: boolean;
}

const DEFAULT_ENGINE = 'http://127.0.0.1:5181/';

export function readPageParams(search = location.search): PageParams {
  const query = new URLSearchParams(search);
  return {
    engineUrl: query.get('engine') || DEFAULT_ENGINE,
    documentId: query.get('document') || 'sample',
    proactive: query.get('proactive') !== 'false',
    instant: query.get('instant') === 'true',
    faultsEnabled: query.get('faults') !== 'off',
  };
}

/** Records the toggles in the address bar without reloading the page. */
export function rememberToggles({ proactive, instant }: Pick<ViewerSettings, 'proactive' | 'instant'>): void {
  const url = new URL(location.href);
  if (proactive) url.searchParams.delete('proactive');
  else url.searchParams.set('proactive', 'false');
  if (instant) url.searchParams.set('instant', 'true');
  else url.searchParams.delete('instant');
  history.replaceState(history.state, '', url);
}
