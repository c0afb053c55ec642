import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "./scripts/precompress";

const api = "http://localhost:3000";

export default defineConfig({
  root: "src/web",
  plugins: [react(), precompress()],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    // Every browser the portal supports knows <link rel="modulepreload">: no polyfill in the entry.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        // Only what every page needs is grouped into the chunks index.html loads ($initial); a
        // library only some pages use (dnd-kit on the board, the Markdown stack, virtual lists)
        // stays out of them and arrives with the first page that needs it.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/ },
            { name: "mantine", test: /node_modules[\\/]@mantine[\\/]/, tags: ["$initial"] },
            { name: "vendor", test: /node_modules[\\/]/, tags: ["$initial"] },
            { name: "dnd-kit", test: /node_modules[\\/]@dnd-kit[\\/]/ },
            // With the unified/micromark packages under them (groups take in their dependencies).
            { name: "markdown", test: /node_modules[\\/](react-markdown|mdast-util-from-markdown)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      // Not the app's own modules under src/web/api/ (the dev server serves those itself).
      "^/api/(?!.*\\.tsx?(\\?.*)?$)": api,
      "/healthz": api,
      // The web app manifest and its icon come from the agency's branding (the push module).
      "^/(manifest\\.webmanifest|app-icon(-maskable)?\\.svg)$": api,
      "/readyz": api,
    },
  },
});
