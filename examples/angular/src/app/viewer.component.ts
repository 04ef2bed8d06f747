// What a team writes: a container element and one injectViewerSession call.
import { Component, ElementRef, input, viewChild } from '@angular/core';
import { injectViewerSession } from 'nutrient-viewer-session/angular';
import type { SessionEvent } from 'nutrient-viewer-session';

@Component({
  selector: 'app-viewer',
  template: `
    <p>state: <output id="state">{{ viewer().state }}</output> <span id="error">{{ viewer().lastError?.message }}</span></p>
    <div #container class="viewer"></div>
  `,
  styles: `.viewer { width: 100%; height: 90vh; }`,
})
export class ViewerComponent {
  readonly serverUrl = input.required<string>();
  readonly documentId = input.required<string>();
  readonly refresh = input.required<string>();
  readonly onEvent = input<(event: SessionEvent) => void>();

  readonly container = viewChild<ElementRef<HTMLElement>>('container');

  readonly viewer = injectViewerSession(
    () => ({ serverUrl: this.serverUrl(), documentId: this.documentId(), refresh: this.refresh(), onEvent: this.onEvent() }),
    this.container,
  );

  constructor() {
    // For the tests: the snapshot signal, and the SDK module (the chunk the library imported).
    Object.assign(window, { exampleViewer: this.viewer, exampleSdk: () => import('@nutrient-sdk/viewer') });
  }
}
