import { Injectable } from '@angular/core';
import NutrientViewer from '@nutrient-sdk/viewer';
import { createViewerSession, type ViewerSession } from 'nutrient-viewer-session';

const ENGINE_URL = 'https://engine.example.com/'; // your Document Engine

@Injectable({ providedIn: 'root' })
export class ViewerService {
  private session?: ViewerSession;

  async open(container: HTMLElement, documentId: string) {
    this.close();
    const session = (this.session = createViewerSession({ documentId, refresh: '/api/viewer-token' }));
    const instance = await NutrientViewer.load({
      container, serverUrl: ENGINE_URL, documentId, instant: false, baseUrl: `${location.origin}/`,
      ...(await session.loadConfiguration()), // authPayload + onAuthFailed
    });
    session.attach(instance, { sdk: NutrientViewer, container }); // throws LoadAbortedError if closed meanwhile
    return instance;
  }

  close() {
    this.session?.unload(); // stops renewal and unloads the viewer
    this.session = undefined;
  }
}
