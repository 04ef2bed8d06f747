// The README's Vue snippet's <script setup> (its template is not checked).
declare function defineProps<T>(): T;
import { ref } from 'vue';
import { useViewerSession } from 'nutrient-viewer-session/vue';
const ENGINE_URL = 'https://engine.example.com/'; // your Document Engine
const props = defineProps<{ documentId: string }>();
const container = ref<HTMLElement | null>(null);
const viewer = useViewerSession(() => ({ serverUrl: ENGINE_URL, documentId: props.documentId, refresh: '/api/viewer-token' }), container);
