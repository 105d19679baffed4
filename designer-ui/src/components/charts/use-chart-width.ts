import { useLayoutEffect, useRef, useState } from 'react';

/**
 * The pixel width of a chart's box, kept up to date on resize: the charts draw in pixels (viewBox =
 * the real size) so their text stays at its CSS size instead of growing with the page.
 */
export function useChartWidth<T extends HTMLElement>(fallback = 600) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.floor(el.getBoundingClientRect().width)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}
