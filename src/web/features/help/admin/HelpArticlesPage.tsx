import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { Link } from "react-router";
import { PageHeader } from "../../../components/PageHeader";
import { EmptyState, QueryError, TableSkeleton } from "../../../components/States";
import { TableScroll } from "../../../components/TableScroll";
import { useHelpArticles } from "../api";
import { HelpCategoriesPanel } from "./HelpCategoriesPanel";

/**
 * Help articles (admin): every article, drafts too, with what it did — views, "Was this
 * helpful?" yes/no, how often it was suggested under a new ticket, opened from a suggestion,
 * stopped a ticket (opened and the form left unsent), or was followed by a ticket anyway.
 */
export function HelpArticlesPage() {
  const articles = useHelpArticles({ q: "", categoryId: "" });
  const list = articles.data?.data ?? [];
  return (
    <>
      <PageHeader
        title="Help articles"
        description="FAQs and video tutorials for the Help page. Clients see published articles only; matching ones are suggested while they write a new ticket."
        actions={
          <Button component={Link} to="/admin/help-articles/new" leftSection={<IconPlus size={16} aria-hidden="true" />}>
            New article
          </Button>
        }
      />
      <Stack gap="lg">
        <HelpCategoriesPanel />
        <Paper p={{ base: "md", sm: "lg" }}>
          <Title order={2} fz="md" mb="sm">
            Articles
          </Title>
          {articles.isError ? (
            <QueryError error={articles.error} onRetry={() => void articles.refetch()} />
          ) : articles.isPending ? (
            <TableSkeleton />
          ) : list.length === 0 ? (
            <EmptyState title="No articles yet" order={3}>
              Write the answers clients ask for most, such as how to raise a ticket or approve work.
            </EmptyState>
          ) : (
            <TableScroll minWidth={820} label="Help articles table">
              <Table verticalSpacing="xs" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Article</Table.Th>
                    <Table.Th ta="right">Views</Table.Th>
                    <Table.Th ta="right">Helpful yes / no</Table.Th>
                    <Table.Th ta="right">Suggested</Table.Th>
                    <Table.Th ta="right">Opened from a suggestion</Table.Th>
                    <Table.Th ta="right">Stopped a ticket</Table.Th>
                    <Table.Th ta="right">Ticket raised anyway</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/admin/help-articles/${a.id}`} size="sm" fw={600}>
                          {a.title}
                        </Anchor>
                        <Group gap={6} mt={2} wrap="wrap">
                          <Badge
                            size="sm"
                            variant={a.published ? "light" : "outline"}
                            color={a.published ? "green" : "gray"}
                            style={{ flexShrink: 0 }}
                          >
                            {a.published ? "Published" : "Draft"}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {a.category.name}
                            {a.hasVideo ? " · video" : ""}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">{a.counts?.views ?? 0}</Table.Td>
                      <Table.Td ta="right">
                        {a.counts?.helpfulYes ?? 0} / {a.counts?.helpfulNo ?? 0}
                      </Table.Td>
                      <Table.Td ta="right">{a.counts?.suggestionsShown ?? 0}</Table.Td>
                      <Table.Td ta="right">{a.counts?.openedFromSuggestion ?? 0}</Table.Td>
                      <Table.Td ta="right">{a.counts?.deflections ?? 0}</Table.Td>
                      <Table.Td ta="right">{a.counts?.ticketsAfterSuggestion ?? 0}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
          <Text size="xs" c="dimmed" mt="sm">
            Counts are of clients only. “Stopped a ticket”: a client opened the article from a suggestion and then left the new-ticket form
            without submitting it.
          </Text>
        </Paper>
      </Stack>
    </>
  );
}
