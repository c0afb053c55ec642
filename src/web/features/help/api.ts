/**
 * Help (FAQs): reads and writes. Signals (views, suggestions shown, opened, left, ticket raised)
 * are fire-and-forget: a lost one only makes a count one lower.
 */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type {
  TCreateHelpArticleRequest,
  TCreateHelpCategoryRequest,
  THelpArticleList,
  THelpArticleResponse,
  THelpCategory,
  THelpCategoryList,
  THelpQuestionResponse,
  THelpSignalRequest,
  THelpSuggestionList,
  TUpdateHelpArticleRequest,
  TUpdateHelpCategoryRequest,
} from "../../../common/help";
import { useInvalidate } from "../../api/cache";
import { api, csrfHeaders } from "../../api/client";

export const helpKeys = {
  all: ["help"] as const,
  categories: ["help", "categories"] as const,
  list: (params: { q: string; categoryId: string }) => ["help", "articles", params] as const,
  article: (id: string) => ["help", "article", id] as const,
  suggestions: (q: string) => ["help", "suggestions", q] as const,
};

export function useHelpCategories() {
  return useQuery({ queryKey: helpKeys.categories, queryFn: () => api<THelpCategoryList>("/api/help/categories") });
}

export function useHelpArticles(params: { q: string; categoryId: string }) {
  return useQuery({
    queryKey: helpKeys.list(params),
    queryFn: () => api<THelpArticleList>("/api/help/articles", { query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useHelpArticle(id: string | null) {
  return useQuery({
    queryKey: helpKeys.article(id ?? ""),
    queryFn: () => api<THelpArticleResponse>(`/api/help/articles/${encodeURIComponent(id ?? "")}`),
    enabled: Boolean(id),
  });
}

/** Up to three published articles for a ticket summary (the caller debounces `q`). */
export function useHelpSuggestions(q: string) {
  return useQuery({
    queryKey: helpKeys.suggestions(q),
    queryFn: () => api<THelpSuggestionList>("/api/help/suggestions", { query: { q } }),
    enabled: q.trim().length >= 3,
    staleTime: 60_000,
  });
}

function useHelpWrite<I, O>(write: (input: I) => Promise<O>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: write, onSuccess: () => invalidate(helpKeys.all) });
}

export function useCreateArticle() {
  return useHelpWrite((input: TCreateHelpArticleRequest) =>
    api<THelpArticleResponse>("/api/help/articles", { method: "POST", body: input }),
  );
}

export function useUpdateArticle() {
  return useHelpWrite(({ id, patch }: { id: string; patch: TUpdateHelpArticleRequest }) =>
    api<THelpArticleResponse>(`/api/help/articles/${encodeURIComponent(id)}`, { method: "PATCH", body: patch }),
  );
}

export function useVote() {
  return useHelpWrite(({ id, helpful }: { id: string; helpful: boolean }) =>
    api<THelpArticleResponse>(`/api/help/articles/${encodeURIComponent(id)}/vote`, { method: "PUT", body: { helpful } }),
  );
}

export function useCreateHelpCategory() {
  return useHelpWrite((input: TCreateHelpCategoryRequest) =>
    api<{ data: THelpCategory }>("/api/help/categories", { method: "POST", body: input }),
  );
}

export function useUpdateHelpCategory() {
  return useHelpWrite(({ id, patch }: { id: string; patch: TUpdateHelpCategoryRequest }) =>
    api<{ data: THelpCategory }>(`/api/help/categories/${encodeURIComponent(id)}`, { method: "PATCH", body: patch }),
  );
}

export function useDeleteHelpCategory() {
  return useHelpWrite((id: string) => api<void>(`/api/help/categories/${encodeURIComponent(id)}`, { method: "DELETE" }));
}

export function useAskQuestion() {
  return useMutation({
    mutationFn: (question: string) => api<THelpQuestionResponse>("/api/help/questions", { method: "POST", body: { question } }),
  });
}

/**
 * Tells the agency what a suggestion or an article did. `keepalive` lets the request outlive the
 * page (the client leaving the new-ticket form is exactly when a deflection is sent) — as
 * navigator.sendBeacon would, but with the CSRF header, which a beacon cannot carry.
 */
export function sendHelpSignal(signal: THelpSignalRequest): void {
  void fetch("/api/help/signals", {
    method: "POST",
    credentials: "same-origin",
    keepalive: true,
    headers: { "content-type": "application/json", ...csrfHeaders() },
    body: JSON.stringify(signal),
  }).catch(() => undefined);
}
