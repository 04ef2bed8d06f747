import { Component, computed, signal } from '@angular/core';
import { documents, trackSessions } from './config';
import { ViewerComponent } from './viewer.component';
import { ViewerLoader } from './viewer-loader';

@Component({
  selector: 'app-root',
  imports: [ViewerComponent],
  // The README's own-load service, compiled with the app (the type check the README's code once failed).
  providers: [ViewerLoader],
  template: `
    <button id="toggle" (click)="shown.set(!shown())">Show / hide</button>
    <button id="switch" (click)="index.set(index() + 1)">Next document</button>
    @if (shown()) {
      <app-viewer [serverUrl]="document().serverUrl" [documentId]="document().documentId" [refresh]="document().refresh" [onEvent]="track" />
    }
  `,
})
export class AppComponent {
  readonly shown = signal(true);
  readonly index = signal(0);
  readonly document = computed(() => documents[this.index() % documents.length]!);
  readonly track = trackSessions;
}
