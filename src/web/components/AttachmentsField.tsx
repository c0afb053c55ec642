import { ActionIcon, Button, Group, Input, Paper, Progress, Stack, Text, ThemeIcon } from "@mantine/core";
import { useId } from "@mantine/hooks";
import { IconFile, IconUpload, IconX } from "@tabler/icons-react";
import { type CSSProperties, type DragEvent, useRef, useState } from "react";
import { formatSize } from "../lib/format";
import { MAX_ATTACHMENTS, type Upload, type Uploads } from "../lib/useUploads";

/** Hidden from sight, not from assistive technology (the real file input behind a button). */
export const visuallyHidden: CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
};

function UploadRow({ item, onRemove }: { item: Upload; onRemove: () => void }) {
  return (
    <Group component="li" wrap="nowrap" gap="sm" py={6} style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
      {item.previewUrl ? (
        <img
          src={item.previewUrl}
          alt=""
          width={40}
          height={40}
          style={{ objectFit: "cover", borderRadius: 6, flex: "none", border: "1px solid var(--mantine-color-gray-3)" }}
        />
      ) : (
        <ThemeIcon variant="light" color="gray" size={40} aria-hidden="true">
          <IconFile size={20} />
        </ThemeIcon>
      )}
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {item.name}
        </Text>
        {item.status === "uploading" ? <Progress value={item.progress} size="sm" aria-label={`Uploading ${item.name}`} /> : null}
        <Text size="xs" c={item.status === "error" ? "red.9" : "dimmed"}>
          {item.status === "error"
            ? item.error
            : `${item.size ? `${formatSize(item.size)} · ` : ""}${item.status === "done" ? "Uploaded" : "Uploading…"}`}
        </Text>
      </Stack>
      <ActionIcon variant="subtle" color="gray" aria-label={`Remove ${item.name}`} onClick={onRemove}>
        <IconX size={16} aria-hidden="true" />
      </ActionIcon>
    </Group>
  );
}

/**
 * "Attachments": drop files on the area or choose them; each uploads at once with its own
 * progress, images show a thumbnail, and any can be removed before sending.
 */
export function AttachmentsField({
  uploads,
  label = "Attachments",
  description = "Screenshots and files that help explain the issue",
}: {
  uploads: Uploads;
  label?: string;
  description?: string;
}) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const onDrag = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    setDragging(event.type !== "dragleave");
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length) uploads.add(event.dataTransfer.files);
  };

  return (
    <Stack gap={4}>
      <Input.Label htmlFor={id}>{label}</Input.Label>
      <Input.Description id={`${id}-description`}>
        {description} (up to {MAX_ATTACHMENTS}).
      </Input.Description>
      <Paper
        p="md"
        mt={4}
        onDragEnter={onDrag}
        onDragOver={onDrag}
        onDragLeave={onDrag}
        onDrop={onDrop}
        bg={dragging ? "indigo.0" : undefined}
        style={{
          position: "relative",
          borderStyle: "dashed",
          borderWidth: 2,
          borderColor: dragging ? "var(--mantine-color-indigo-6)" : "var(--mantine-color-gray-4)",
        }}
      >
        <Group justify="center" gap="sm">
          <IconUpload size={20} aria-hidden="true" color="var(--mantine-color-dimmed)" />
          <Text size="sm" c="dimmed">
            {dragging ? "Drop the files to attach them" : "Drag and drop files here, or"}
          </Text>
          <Button variant="default" size="xs" onClick={() => inputRef.current?.click()}>
            Choose files
          </Button>
        </Group>
        {/* The real file input, named by the label above; the button opens it. */}
        <input
          ref={inputRef}
          id={id}
          type="file"
          multiple
          tabIndex={-1}
          aria-describedby={`${id}-description`}
          style={visuallyHidden}
          onChange={(event) => {
            if (event.currentTarget.files?.length) uploads.add(event.currentTarget.files);
            event.currentTarget.value = "";
          }}
        />
      </Paper>
      {uploads.items.length ? (
        <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-live="polite" aria-label="Attached files">
          {uploads.items.map((item) => (
            <UploadRow key={item.key} item={item} onRemove={() => uploads.remove(item.key)} />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
