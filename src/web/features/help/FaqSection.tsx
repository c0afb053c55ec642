import { Anchor, Badge, Button, Chip, Group, Paper, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch, IconVideo } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { HELP_WORDS, MAX_HELP_QUERY, type THelpArticleSummary } from "../../../common/help";
import { QueryError } from "../../components/States";
import { useHelpArticles, useHelpCategories } from "./api";

function ArticleRow({ article }: { article: THelpArticleSummary }) {
  return (
    <Stack gap={2} py="xs" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Anchor component={Link} to={`/help/articles/${article.id}`} fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
          {article.title}
        </Anchor>
        {article.hasVideo ? <IconVideo size={16} aria-label="Has a video tutorial" style={{ flexShrink: 0, marginTop: 2 }} /> : null}
        {!article.published ? (
          <Badge size="xs" color="gray" variant="outline">
            Draft
          </Badge>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed">
        {article.category.name}
      </Text>
      {article.excerpt ? (
        <Text size="sm" lineClamp={2}>
          {article.excerpt}
        </Text>
      ) : null}
    </Stack>
  );
}

/**
 * FAQs on the Help page: search (titles and answers; title matches first), the categories as
 * chips, the articles; and the video tutorials, or the guide's promise while there are none.
 */
export function FaqSection({ canAsk }: { canAsk: boolean }) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [categoryId, setCategoryId] = useState("");
  const categories = useHelpCategories();
  const articles = useHelpArticles({ q, categoryId });
  const shown = (categories.data?.data ?? []).filter((c) => c.articleCount > 0 || c.id === categoryId);
  const list = articles.data?.data ?? [];
  const videos = list.filter((a) => a.hasVideo);
  const filtering = Boolean(q || categoryId);

  return (
    <>
      <Paper p={{ base: "md", sm: "lg" }}>
        <Title order={2} fz="md" mb="xs">
          FAQs
        </Title>
        <Stack gap="sm">
          <TextInput
            type="search"
            label="Search the FAQs"
            placeholder="e.g. password, invoice, new ticket"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            maxLength={MAX_HELP_QUERY}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          {shown.length > 0 ? (
            <Chip.Group value={categoryId} onChange={(value) => setCategoryId(typeof value === "string" ? value : "")}>
              <Group gap={6} role="group" aria-label="Categories">
                <Chip value="" size="xs">
                  All
                </Chip>
                {shown.map((c) => (
                  <Chip key={c.id} value={c.id} size="xs">
                    {c.name} ({c.articleCount})
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          ) : null}
          {articles.isError ? (
            <QueryError error={articles.error} onRetry={() => void articles.refetch()} />
          ) : articles.isPending ? (
            <Skeleton h={80} />
          ) : list.length === 0 ? (
            <Text size="sm" c="dimmed" aria-live="polite">
              {filtering
                ? `No article matches. Try other words${canAsk ? ", or send us your question below" : ""}.`
                : canAsk
                  ? "No FAQs yet. Send us your questions about the Client Portal below, so we can answer and help future users."
                  : "No FAQs published yet."}
            </Text>
          ) : (
            <Stack gap={0} aria-live="polite">
              <Text size="xs" c="dimmed" pb={4}>
                {list.length === 1 ? "1 article" : `${list.length} articles`}
                {q ? ` for “${q}”` : ""}
              </Text>
              {list.map((a) => (
                <ArticleRow key={a.id} article={a} />
              ))}
            </Stack>
          )}
        </Stack>
      </Paper>
      <Paper p={{ base: "md", sm: "lg" }}>
        <Title order={2} fz="md" mb="xs">
          Video Tutorials
        </Title>
        {videos.length > 0 ? (
          <Stack gap="xs">
            {videos.map((a) => (
              <Button
                key={a.id}
                component={Link}
                to={`/help/articles/${a.id}`}
                variant="subtle"
                justify="flex-start"
                leftSection={<IconVideo size={16} aria-hidden="true" />}
                styles={{ label: { whiteSpace: "normal", textAlign: "left" } }}
                h="auto"
                py={6}
              >
                {a.title}
              </Button>
            ))}
          </Stack>
        ) : (
          <Text size="sm">{filtering ? "No video tutorial matches this search." : HELP_WORDS.videos}</Text>
        )}
      </Paper>
    </>
  );
}
