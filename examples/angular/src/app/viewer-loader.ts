// README:own-load (the README's "Any code that calls NutrientViewer.load itself" block, compiled by ng build)
import { Injectable } from '@angular/core';
import NutrientViewer from '@nutrient-sdk/viewer';
import { injectOwnLoadSession } from 'nutrient-viewer-session/angular';

const ENGINE_URL = 'https://engine.example.com/'; // your Document Engine

@Injectable()
export class ViewerLoader {
  private readonly sessions = injectOwnLoadSession(); // closed when this service's injector ends

  async open(container: HTMLElement, documentId: string) {
    const session = this.sessions.open({ documentId, refresh: '/api/viewer-token' }); // closes the one before
    const instance = await NutrientViewer.load({
      container, serverUrl: ENGINE_URL, documentId, instant: false, // `instant` is required by the SDK's types
      baseUrl: new URL('./', document.baseURI).href,
      ...(await session.loadConfiguration()), // authPayload + onAuthFailed
    });
    session.attach(instance, { sdk: NutrientViewer, container }); // throws LoadAbortedError if closed meanwhile
    return instance;
  }
}
