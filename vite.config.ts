import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = "http://localhost:3000";

export default defineConfig({
  root: "src/web",
  plugins: [react()],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/ },
            { name: "mantine", test: /node_modules[\\/]@mantine[\\/]/ },
            { name: "vendor", test: /node_modules[\\/]/ },
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
