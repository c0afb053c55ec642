import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./global.css";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, StrictMode, useEffect, useMemo } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { useBranding } from "./api/branding";
import { queryClient } from "./api/query-client";
import { Notifications } from "./components/Notifications";
import { registerServiceWorker, setThemeColor } from "./lib/service-worker";
import { brandTheme, cssVariablesResolver } from "./theme";

const root = document.getElementById("root");
if (!root) throw new Error("#root element missing from index.html");

/** Mantine in the agency's accent colour (the default one until the branding has loaded). */
function BrandedMantine({ children }: { children: ReactNode }) {
  const { accentColor } = useBranding();
  const theme = useMemo(() => brandTheme(accentColor), [accentColor]);
  useEffect(() => setThemeColor(accentColor), [accentColor]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      {children}
    </MantineProvider>
  );
}

registerServiceWorker();

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrandedMantine>
        <Notifications position="top-right" />
        <App />
      </BrandedMantine>
    </QueryClientProvider>
  </StrictMode>,
);
