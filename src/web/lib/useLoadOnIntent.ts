import { useCallback, useRef, useState } from "react";

/**
 * For a widget whose code should not hold up the page it sits on (the header's menus: Mantine's
 * popovers and floating-ui, ~25 KB gzip): its trigger renders at once as a plain button, and
 * pointing at it, focusing it or pressing it fetches the widget's chunk. Once that has arrived
 * (`ready`) the caller swaps in the real widget around the same-looking trigger. `pressed`: the
 * person already asked for it to open; `hadFocus`: the swap replaced the element they were on,
 * so the new trigger takes the focus back.
 */
export function useLoadOnIntent(load: () => Promise<unknown>) {
  const [ready, setReady] = useState(false);
  const [pressed, setPressed] = useState(false);
  const [hadFocus, setHadFocus] = useState(false);
  const started = useRef(false);
  const triggerRef = useRef<HTMLButtonElement>(null);

  const start = useCallback(() => {
    if (started.current) return;
    started.current = true;
    load().then(
      () => {
        setHadFocus(document.activeElement === triggerRef.current);
        setReady(true);
      },
      // Offline or a release since this tab loaded: the next intent tries again.
      () => {
        started.current = false;
      },
    );
  }, [load]);

  const triggerProps = {
    ref: triggerRef,
    onPointerEnter: start,
    onFocus: start,
    onClick: () => {
      setPressed(true);
      start();
    },
  };
  return { ready, pressed, hadFocus, triggerProps };
}
