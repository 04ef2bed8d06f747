// The README's Vue snippet (a render function instead of an SFC, so no plugin is needed): the
// first chunk with the composable, to compare with vue-bare.ts. src/vue is what dist/vue.js is built from.
import { createApp, defineComponent, h, ref } from 'vue';
import { useViewerSession } from '../../src/vue/index.js';

const Viewer = defineComponent({
  props: { documentId: { type: String, required: true } },
  setup(props) {
    const container = ref<HTMLElement | null>(null);
    const viewer = useViewerSession(() => ({ serverUrl: 'https://engine.example.com/', documentId: props.documentId, refresh: '/api/token' }), container);
    return () => h('div', { ref: container, style: 'height: 100vh', 'data-state': viewer.value.state });
  },
});
createApp(Viewer, { documentId: 'doc_123' }).mount('#viewer');
