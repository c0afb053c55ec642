import { Anchor, Button, Grid, List, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { Markdown } from "../../components/Markdown";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError } from "../../components/States";
import { useTemplate } from "./api";

export const backToBoard = (
  <Anchor component={Link} to="/work-requests" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
    <IconArrowLeft size={14} aria-hidden="true" /> Website Work Requests
  </Anchor>
);

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/**
 * A template opened from REQUESTED WORK (seed: "Click on the 'Template Task – Work Task
 * Template' (it will open the template). In the top right hand corner CLICK ON '+Create task
 * from Template'").
 */
export function TemplatePage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const template = useTemplate(id);

  if (template.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading the template">
        <PageHeader title="Template Task" above={backToBoard} />
        <Skeleton h={240} radius="md" />
      </Stack>
    );
  }
  if (template.isError) {
    const missing = template.error instanceof ApiError && template.error.status === 404;
    return (
      <>
        <PageHeader title="Template Task" above={backToBoard} />
        {missing ? (
          <EmptyState title="This template is no longer available">
            Go back to the board and start from another template, or from New request.
          </EmptyState>
        ) : (
          <QueryError error={template.error} onRetry={() => void template.refetch()} />
        )}
      </>
    );
  }

  const t = template.data.data;
  const client = params.get("client");
  const create = `/work-requests/new?template=${encodeURIComponent(t.id)}${client ? `&client=${encodeURIComponent(client)}` : ""}`;
  return (
    <>
      <PageHeader
        title={`Template Task – ${t.name}`}
        above={backToBoard}
        description="A ready-made work request. Create a task from it, then make it yours: type a summary over the template's, fill in the details and attach any files."
        actions={
          <Button component={Link} to={create}>
            +Create task from Template
          </Button>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper p="lg">
            <Stack gap="md">
              <Field label="Summary">
                <Text fw={600}>{t.summary}</Text>
              </Field>
              <Field label="Request type">
                <Text size="sm">{t.requestType?.name ?? "You choose when you create the task."}</Text>
              </Field>
              <Field label="Description">{t.description.trim() ? <Markdown>{t.description}</Markdown> : <Text size="sm">—</Text>}</Field>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper p="lg">
            <Title order={2} fz="md" mb="sm">
              Submitting a new request
            </Title>
            <List type="ordered" size="sm" spacing={6}>
              <List.Item>Click +Create task from Template.</List.Item>
              <List.Item>Click in the summary box and type a summary of the work requested over “{t.summary}”.</List.Item>
              <List.Item>Fill in the details: request type, description, deadline.</List.Item>
              <List.Item>Attach any necessary files.</List.Item>
              <List.Item>Click Submit.</List.Item>
            </List>
            <Text size="xs" c="dimmed" mt="sm">
              Please allow for scope of work definitions and quoting to be assessed for more detailed requests.
            </Text>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
