import { Component, ElementRef, input, viewChild } from '@angular/core';
import { injectViewerSession } from 'nutrient-viewer-session/angular';

@Component({
  selector: 'app-viewer',
  template: `<div #container class="viewer" [attr.data-state]="viewer().state"></div>`,
  styles: `.viewer { height: 100vh; }`,
})
export class ViewerComponent {
  readonly documentId = input.required<string>();
  readonly container = viewChild<ElementRef<HTMLElement>>('container');
  readonly viewer = injectViewerSession(
    () => ({ serverUrl: 'https://engine.example.com/', documentId: this.documentId(), refresh: '/api/viewer-token' }),
    this.container,
  );
}
