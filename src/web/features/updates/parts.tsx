import { Anchor, Badge, Box, Checkbox, Group, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconPackage, IconPaperclip } from "@tabler/icons-react";
import { Link } from "react-router";
import { DRAFT_STATUS_LABELS, type TDraftStatus, type TFinalFile, type TUpdateSummary, UPDATE_KIND_LABELS } from "../../../common/updates";
import { formatDateTime } from "../../lib/format";
import type { Uploads } from "../../lib/useUploads";

const STATUS_COLORS: Record<TDraftStatus, string> = { waiting: "yellow", edits_requested: "orange", approved: "green" };

/** "Waiting for review" / "Edits requested" / "Approved". */
export function DraftStatusBadge({ status }: { status: TDraftStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light">
      {DRAFT_STATUS_LABELS[status]}
    </Badge>
  );
}

/** "Seen by Anna at 3 Dec 2026, 10:04" (staff), or that nobody has opened it yet. */
export function SeenBy({ update }: { update: TUpdateSummary }) {
  if (update.seenBy.length === 0)
    return (
      <Text size="xs" c="dimmed">
        Not opened yet by the client.
      </Text>
    );
  return (
    <Text size="xs" c="dimmed">
      {update.seenBy.map((r) => `Seen by ${r.name} at ${formatDateTime(r.at)}`).join(" · ")}
    </Text>
  );
}

/** One card of the feed: title, who posted it and when, first words, draft status, unread dot. */
export function UpdateCard({ update, staff, showAccount }: { update: TUpdateSummary; staff: boolean; showAccount?: boolean }) {
  return (
    <Paper component="li" p="md" withBorder style={{ listStyle: "none" }}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
            {!update.read ? (
              <Box w={10} h={10} bg="blue.6" style={{ borderRadius: "50%", flex: "none" }} role="img" aria-label="Unread" />
            ) : null}
            <Title order={3} fz="md" style={{ overflowWrap: "anywhere" }}>
              <Anchor component={Link} to={`/updates/${update.id}`} inherit>
                {update.title}
              </Anchor>
            </Title>
          </Group>
          <Group gap={6}>
            <Badge variant="outline" color="gray">
              {UPDATE_KIND_LABELS[update.kind]}
            </Badge>
            {update.draftStatus ? <DraftStatusBadge status={update.draftStatus} /> : null}
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {update.postedBy.name} · {formatDateTime(update.postedAt)}
          {update.latestVersion > 1 ? ` · version ${update.latestVersion}, ${formatDateTime(update.updatedAt)}` : ""}
          {showAccount ? ` · ${update.account.name}` : ""}
        </Text>
        {update.excerpt ? <Text size="sm">{update.excerpt}</Text> : null}
        <Group gap="md">
          {update.fileCount > 0 ? (
            <Group gap={4}>
              <IconPaperclip size={14} aria-hidden="true" />
              <Text size="xs">{update.fileCount === 1 ? "1 file" : `${update.fileCount} files`}</Text>
            </Group>
          ) : null}
          {update.deliverableCount > 0 ? (
            <Group gap={4}>
              <IconPackage size={14} aria-hidden="true" />
              <Text size="xs">
                {update.deliverableCount === 1 ? "1 final deliverable" : `${update.deliverableCount} final deliverables`}
              </Text>
            </Group>
          ) : null}
          {update.link ? (
            <Text size="xs">
              About{" "}
              <Anchor
                component={Link}
                to={update.link.type === "ticket" ? `/tickets/${update.link.id}` : `/work-requests/${update.link.id}`}
                size="xs"
              >
                {update.link.type === "ticket" ? "ticket" : "work request"} #{update.link.number} {update.link.title}
              </Anchor>
            </Text>
          ) : null}
        </Group>
        {staff ? <SeenBy update={update} /> : null}
      </Stack>
    </Paper>
  );
}

/** Per uploaded file: is it a final deliverable, under which name, or a new version of which deliverable. */
export type FinalChoices = Record<string, { final: boolean; name: string; deliverableId: string }>;

/** The `deliverables` of a request from the choices, for the files that finished uploading. */
export function finalFilesOf(uploads: Uploads, choices: FinalChoices): TFinalFile[] {
  return uploads.items.flatMap((item): TFinalFile[] => {
    const choice = choices[item.key];
    if (!item.file || !choice?.final) return [];
    if (choice.deliverableId) return [{ fileId: item.file.id, deliverableId: choice.deliverableId }];
    return [{ fileId: item.file.id, ...(choice.name.trim() ? { name: choice.name.trim() } : {}) }];
  });
}

/**
 * Under the attachments: for each finished upload, "Final deliverable" and then either a new
 * deliverable's name or "New version of …" one the client already has.
 */
export function FinalDeliverablesField({
  uploads,
  choices,
  onChange,
  existing,
}: {
  uploads: Uploads;
  choices: FinalChoices;
  onChange: (choices: FinalChoices) => void;
  existing: { id: string; name: string }[];
}) {
  const done = uploads.items.filter((item) => item.status === "done" && item.file);
  if (done.length === 0) return null;
  const set = (key: string, patch: Partial<FinalChoices[string]>) =>
    onChange({ ...choices, [key]: { final: false, name: "", deliverableId: "", ...choices[key], ...patch } });
  return (
    <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
      <Text component="legend" size="sm" fw={500}>
        Final deliverables
      </Text>
      <Text size="xs" c="dimmed">
        Tick the files that are finished work: they appear on the client's Deliverables page.
      </Text>
      {done.map((item) => {
        const choice = choices[item.key] ?? { final: false, name: "", deliverableId: "" };
        return (
          <Stack key={item.key} gap={6}>
            <Checkbox
              label={`${item.name} is a final deliverable`}
              checked={choice.final}
              onChange={(event) => set(item.key, { final: event.currentTarget.checked })}
            />
            {choice.final ? (
              <Group grow wrap="wrap" align="flex-start" pl="lg">
                {existing.length > 0 ? (
                  <Select
                    label="New version of"
                    placeholder="A new deliverable"
                    clearable
                    data={existing.map((d) => ({ value: d.id, label: d.name }))}
                    value={choice.deliverableId || null}
                    onChange={(value) => set(item.key, { deliverableId: value ?? "" })}
                    miw={200}
                  />
                ) : null}
                {!choice.deliverableId ? (
                  <TextInput
                    label="Deliverable name"
                    description="The file's name when left empty"
                    placeholder={item.name}
                    maxLength={120}
                    value={choice.name}
                    onChange={(event) => set(item.key, { name: event.currentTarget.value })}
                    miw={200}
                  />
                ) : null}
              </Group>
            ) : null}
          </Stack>
        );
      })}
    </Stack>
  );
}
