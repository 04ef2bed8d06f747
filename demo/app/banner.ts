// The strip above the viewer for the two states QA must not miss: the user's session ended
// (401/403 from the token endpoint) and the viewer failed to load at all.
import { byId } from './dom';

export interface BannerContent {
  title: string;
  detail: string;
  actionLabel: string;
  onAction: () => void;
}

export class Banner {
  readonly #root = byId('banner');
  readonly #title = byId('banner-title');
  readonly #detail = byId('banner-detail');
  readonly #action = byId<HTMLButtonElement>('banner-action');
  #onAction: (() => void) | undefined;

  constructor() {
    this.#action.addEventListener('click', () => this.#onAction?.());
  }

  show({ title, detail, actionLabel, onAction }: BannerContent): void {
    this.#title.textContent = title;
    this.#detail.textContent = detail;
    this.#action.textContent = actionLabel;
    this.#onAction = onAction;
    this.#root.hidden = false;
  }

  hide(): void {
    this.#root.hidden = true;
    this.#onAction = undefined;
  }
}
