// The panel's tabs (QA checklist, Faults, Session log, Requests): one shows at a time.
import { allOf, byId } from './dom';

export function wireTabs(): void {
  const tabs = allOf<HTMLButtonElement>('[data-tab]');
  const show = (name: string) => {
    for (const tab of tabs) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(selected));
      byId(`tab-${tab.dataset.tab}`).hidden = !selected;
    }
  };
  for (const tab of tabs) tab.addEventListener('click', () => show(tab.dataset.tab!));
  show(tabs[0]?.dataset.tab ?? 'checklist');
}
