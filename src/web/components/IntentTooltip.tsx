import type { TooltipProps } from "@mantine/core";
import { cloneElement, lazy, type ReactElement, Suspense, useState } from "react";

const loadTooltip = () => import("./TooltipChunk");
const Tooltip = lazy(() => loadTooltip().then((module) => ({ default: module.Tooltip })));
/** Once one tooltip's code has arrived, every later one renders with it at once. */
let loaded = false;

type IntentTooltipProps = Omit<TooltipProps, "children"> & { children: ReactElement<{ onPointerEnter?: () => void }> };

/**
 * Mantine's Tooltip for a hover-only hint, its code (floating-ui, ~18 KB gzip) fetched the first
 * time the pointer comes over something that has one, so a page of badges does not wait for it.
 * Until then the child renders bare; the tooltip opens on the pointer's next move (after its
 * openDelay, as before).
 */
export function IntentTooltip({ children, ...props }: IntentTooltipProps) {
  const [ready, setReady] = useState(loaded);
  if (!ready) {
    const start = () =>
      void loadTooltip().then(() => {
        loaded = true;
        setReady(true);
      });
    return cloneElement(children, { onPointerEnter: start });
  }
  return (
    <Suspense fallback={children}>
      <Tooltip {...props}>{children}</Tooltip>
    </Suspense>
  );
}
