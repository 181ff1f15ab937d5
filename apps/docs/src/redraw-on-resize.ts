import { onBeforeUnmount, onMounted, type Ref } from 'vue';

/**
 * Draws once the component is mounted, then again whenever `host` changes size (debounced by
 * `delayMs`, so that a window drag redraws once), and stops watching when the component goes.
 * For figures drawn at the width of their column.
 */
export function useRedrawOnResize(host: Ref<HTMLElement | null>, draw: () => void, delayMs = 120): void {
  let observer: ResizeObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onMounted(() => {
    draw();
    observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(draw, delayMs);
    });
    if (host.value) observer.observe(host.value);
  });
  onBeforeUnmount(() => {
    observer?.disconnect();
    clearTimeout(timer);
  });
}
