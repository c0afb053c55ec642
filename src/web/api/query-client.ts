import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";
import { sessionKey } from "./session";

/** A 401 on any request means the session ended (expired, logged out elsewhere): reload it so the guards send the person to Log In. */
function onApiError(error: unknown) {
  if (error instanceof ApiError && error.status === 401 && error.code === "authentication_required") {
    void queryClient.invalidateQueries({ queryKey: sessionKey });
  }
}

/** The app's one query cache (route loaders prefetch into it too). */
export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // A 4xx answer will not change on retry; network and server errors might.
      retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});
