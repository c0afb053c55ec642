import { useDebouncedCallback } from "@mantine/hooks";
import { useState } from "react";
import { useSearchParams } from "react-router";

/**
 * Filters and page number of a list, kept in the address bar (so they survive reloads and can
 * be linked to, e.g. "users awaiting approval"). Text filters are applied after a short pause.
 */
export function useListParams<K extends string>(textKey: K) {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get(textKey) ?? "");
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);

  const set = (changes: Record<string, string | null>, resetPage = true) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        if (resetPage) next.delete("page");
        return next;
      },
      { replace: true },
    );
  };

  const applyText = useDebouncedCallback((value: string) => set({ [textKey]: value.trim() || null }), 300);

  return {
    /** The live value of the text box. */
    text,
    setText: (value: string) => {
      setText(value);
      applyText(value);
    },
    /** The applied value of a filter from the address bar. */
    get: (key: string) => params.get(key) ?? "",
    set,
    page,
    setPage: (value: number) => set({ page: value > 1 ? String(value) : null }, false),
  };
}
