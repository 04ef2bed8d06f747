// The Vue app of vue-ours.ts without the composable: what Vue alone puts in the first chunk.
import { createApp, defineComponent, h, ref } from 'vue';

const Viewer = defineComponent({
  setup() {
    const container = ref<HTMLElement | null>(null);
    return () => h('div', { ref: container, style: 'height: 100vh' });
  },
});
createApp(Viewer).mount('#viewer');
