import { Anchor, Button, Drawer, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconBulb, IconExternalLink } from "@tabler/icons-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { HELP_WORDS, MAX_SUGGESTIONS, type THelpSignalKind } from "../../../common/help";
import { ArticleView } from "./ArticleView";
import { sendHelpSignal, useHelpArticle, useHelpSuggestions } from "./api";

/** Sends one signal for many articles, three ids a request (the API's limit). */
function signal(kind: THelpSignalKind, ids: Iterable<string>) {
  const all = [...ids];
  for (let i = 0; i < all.length; i += MAX_SUGGESTIONS) sendHelpSignal({ kind, articleIds: all.slice(i, i + MAX_SUGGESTIONS) });
}

/**
 * Suggestions while a client types a new ticket's summary: after a short pause, up to three
 * published articles that may answer it. It tells the agency (signals, counted for clients only):
 * which were shown; which the client opened (in a drawer over the form, so the draft stays);
 * and, when the form is left without submitting after opening one — the page unmounts or the tab
 * closes — a deflection for each opened article; when the ticket is raised anyway, a ticket after
 * a suggestion for each shown one. Call `submitted()` once the ticket is created.
 */
export function useTicketSuggestions(summary: string, enabled: boolean) {
  const [debounced] = useDebouncedValue(summary.trim(), 400);
  const suggestions = useHelpSuggestions(enabled ? debounced : "");
  const shown = useRef(new Set<string>());
  const opened = useRef(new Set<string>());
  const done = useRef(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = enabled && debounced.length >= 3 ? (suggestions.data?.data ?? []) : [];

  useEffect(() => {
    const fresh = items.map((s) => s.id).filter((id) => !shown.current.has(id));
    for (const id of fresh) shown.current.add(id);
    if (fresh.length) signal("suggestion_shown", fresh);
  }, [items]);

  useEffect(() => {
    const leave = () => {
      if (done.current || opened.current.size === 0) return;
      done.current = true;
      signal("suggestion_deflected", opened.current);
    };
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, []);

  const open = useCallback((id: string) => {
    if (!opened.current.has(id)) {
      opened.current.add(id);
      signal("suggestion_opened", [id]);
      signal("viewed", [id]);
    }
    setOpenId(id);
  }, []);

  const submitted = useCallback(() => {
    done.current = true;
    if (shown.current.size) signal("ticket_after_suggestion", shown.current);
  }, []);

  return {
    items,
    loading: enabled && debounced.length >= 3 && suggestions.isPending,
    openId,
    open,
    close: () => setOpenId(null),
    submitted,
  };
}

type SuggestionState = ReturnType<typeof useTicketSuggestions>;

function SuggestedArticle({ id, onClose }: { id: string | null; onClose: () => void }) {
  const article = useHelpArticle(id);
  const data = article.data?.data;
  return (
    <Drawer.Root opened={Boolean(id)} onClose={onClose} position="right" size="lg">
      <Drawer.Overlay />
      <Drawer.Content>
        {/* Why role presentation: Mantine renders the header as <header>, which would be a second banner landmark. */}
        <Drawer.Header role="presentation">
          <Drawer.Title fw={600}>{data?.title ?? "Help article"}</Drawer.Title>
          <Drawer.CloseButton aria-label="Close the article" />
        </Drawer.Header>
        <Drawer.Body>
          {data ? (
            <Stack gap="md">
              <ArticleView article={data} canVote={article.data?.policies.vote ?? false} headingOrder={3} />
              <Group justify="space-between" gap="sm">
                <Anchor
                  href={`/help/articles/${data.id}`}
                  target="_blank"
                  rel="noopener"
                  size="sm"
                  display="inline-flex"
                  style={{ alignItems: "center", gap: 4 }}
                >
                  Open in a new tab <IconExternalLink size={14} aria-hidden="true" />
                </Anchor>
                <Button variant="default" onClick={onClose}>
                  Back to my ticket
                </Button>
              </Group>
            </Stack>
          ) : article.isError ? (
            <Text size="sm">This article could not be loaded.</Text>
          ) : (
            <Skeleton h={200} />
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer.Root>
  );
}

/** The suggestions under the summary, and the drawer an opened one reads in. */
export function TicketSuggestions({ state }: { state: SuggestionState }) {
  return (
    <>
      <div aria-live="polite">
        {state.items.length > 0 ? (
          <Paper p="sm" withBorder style={{ borderLeft: "3px solid var(--mantine-primary-color-filled)" }}>
            <Group gap={6} mb={6} wrap="nowrap">
              <IconBulb size={16} aria-hidden="true" />
              <Text size="sm" fw={600}>
                {HELP_WORDS.suggestions}
              </Text>
            </Group>
            <Stack gap={4}>
              {state.items.map((s) => (
                <div key={s.id}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    fw={600}
                    onClick={() => state.open(s.id)}
                    ta="left"
                    style={{ overflowWrap: "anywhere" }}
                  >
                    {s.title}
                  </Anchor>
                  {s.excerpt ? (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {s.excerpt}
                    </Text>
                  ) : null}
                </div>
              ))}
            </Stack>
          </Paper>
        ) : null}
      </div>
      <SuggestedArticle id={state.openId} onClose={state.close} />
    </>
  );
}
