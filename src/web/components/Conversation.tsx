import { Anchor, Avatar, Badge, Box, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconLock, IconMail, IconPaperclip } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { TFile, TPersonRef } from "../../common/conversations";
import { formatDateTime, formatRelative, formatSize, ROLE_LABELS } from "../lib/format";
import { initials } from "../lib/initials";
import { Markdown } from "./Markdown";

/**
 * The pieces every conversation is made of (a ticket's, a work request's): messages with their
 * author, words and files, and one-line events.
 */

/** Only links into the portal itself (file URLs come from the server, but never trust a scheme). */
function safeUrl(url: string): string | undefined {
  return url.startsWith("/") && !url.startsWith("//") ? url : undefined;
}

/** Dark amber: 7:1 on the note's pale yellow (Mantine's yellow shades are too light for text). */
const NOTE_TEXT = "#6b4a00";

export function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

function roleLabel(person: TPersonRef | null): string | null {
  if (!person) return null;
  return person.role in ROLE_LABELS ? ROLE_LABELS[person.role as keyof typeof ROLE_LABELS] : null;
}

/** Attachments: images as thumbnails that open the full file, other files as download links. */
export function FileList({ files }: { files: TFile[] }) {
  if (files.length === 0) return null;
  const images = files.filter((file) => file.isImage && safeUrl(file.url));
  const others = files.filter((file) => !images.includes(file));
  return (
    <Stack gap="xs" mt="sm">
      {images.length ? (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          {images.map((file) => (
            <Anchor key={file.id} href={safeUrl(file.url)} target="_blank" rel="noopener" title={file.name}>
              <img
                src={safeUrl(file.url)}
                alt={file.name}
                loading="lazy"
                style={{
                  display: "block",
                  width: "100%",
                  height: 96,
                  objectFit: "cover",
                  borderRadius: 6,
                  border: "1px solid var(--mantine-color-gray-3)",
                }}
              />
            </Anchor>
          ))}
        </SimpleGrid>
      ) : null}
      {others.length ? (
        <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: "none" }}>
          {others.map((file) => (
            <Group component="li" key={file.id} gap={6} wrap="nowrap">
              <IconPaperclip size={14} aria-hidden="true" />
              <Anchor href={safeUrl(file.url)} size="sm" style={{ overflowWrap: "anywhere" }}>
                {file.name}
              </Anchor>
              <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                {formatSize(file.size)}
              </Text>
            </Group>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}

export interface MessageProps {
  author: TPersonRef | null;
  createdAt: string;
  action: string;
  body: string;
  files: TFile[];
  note?: boolean;
  viaEmail?: boolean;
}

export function Message({ author, createdAt, action, body, files, note, viaEmail }: MessageProps) {
  const name = author?.name ?? "Someone";
  const role = roleLabel(author);
  return (
    <Paper
      component="li"
      p="md"
      bg={note ? "yellow.0" : undefined}
      style={note ? { borderColor: "var(--mantine-color-yellow-5)", borderLeftWidth: 4 } : undefined}
    >
      {note ? (
        <Group gap={6} mb="xs">
          <IconLock size={14} aria-hidden="true" color={NOTE_TEXT} />
          <Text size="xs" fw={700} c={NOTE_TEXT}>
            Internal note — not visible to the client
          </Text>
        </Group>
      ) : null}
      <Group gap="sm" wrap="nowrap" align="flex-start" mb="xs">
        <Avatar size={32} radius="xl" color={author?.role === "client" ? "teal" : "indigo"} aria-hidden="true">
          {initials(name)}
        </Avatar>
        <Box style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text size="sm" fw={600}>
              {name}
            </Text>
            {role ? (
              <Badge size="xs" color={author?.role === "client" ? "teal" : "indigo"}>
                {role}
              </Badge>
            ) : null}
            {viaEmail ? (
              <Badge size="xs" color="gray" leftSection={<IconMail size={10} aria-hidden="true" />}>
                via email
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            {action} · <When iso={createdAt} />
          </Text>
        </Box>
      </Group>
      <Markdown>{body}</Markdown>
      <FileList files={files} />
    </Paper>
  );
}

/** One line of history: who did what, when. */
export function EventLine({
  actor,
  createdAt,
  icon: Icon,
  text,
}: {
  actor: TPersonRef | null;
  createdAt: string;
  icon: ComponentType<{ size?: number }>;
  text: string;
}) {
  return (
    <Group component="li" gap="sm" wrap="nowrap" px="md" py={2}>
      <ThemeIcon size={24} radius="xl" variant="light" color="gray" aria-hidden="true">
        <Icon size={14} />
      </ThemeIcon>
      <Text size="sm" c="dimmed">
        <Text span fw={600} c="var(--mantine-color-text)" inherit>
          {actor?.name ?? "System"}
        </Text>{" "}
        {text} · <When iso={createdAt} />
      </Text>
    </Group>
  );
}
