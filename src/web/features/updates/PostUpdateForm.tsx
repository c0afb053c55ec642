import { Button, Group, Paper, SegmentedControl, Select, Stack, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { MAX_UPDATE_TITLE, type TUpdateKind } from "../../../common/updates";
import { errorMessage } from "../../api/client";
import { AttachmentsField } from "../../components/AttachmentsField";
import { FormError } from "../../components/FormError";
import { MarkdownField } from "../../components/MarkdownField";
import { useUploads } from "../../lib/useUploads";
import { useBoard } from "../board/api";
import { useTickets } from "../tickets/api";
import { useCreateUpdate, useDeliverables } from "./api";
import { type FinalChoices, FinalDeliverablesField, finalFilesOf } from "./parts";

/** The tickets and work requests of the account an update may be about, as one choice ("ticket:<id>", "task:<id>"). */
function useLinkOptions(accountId: string) {
  const tickets = useTickets({ accountId });
  const board = useBoard(accountId);
  const ticketOptions = (tickets.data?.pages ?? [])
    .flatMap((p) => p.data)
    .map((t) => ({ value: `ticket:${t.id}`, label: `#${t.number} ${t.subject}` }));
  const taskOptions = (board.data?.data.columns ?? [])
    .flatMap((c) => c.tasks)
    .map((t) => ({ value: `task:${t.id}`, label: `#${t.number} ${t.summary}` }));
  return [
    ...(ticketOptions.length ? [{ group: "Tickets", items: ticketOptions }] : []),
    ...(taskOptions.length ? [{ group: "Work requests", items: taskOptions }] : []),
  ];
}

/** Staff: "Post an update" on a client's feed — a work update or a draft for review. */
export function PostUpdateForm({ accountId }: { accountId: string }) {
  const create = useCreateUpdate(accountId);
  const uploads = useUploads();
  const deliverables = useDeliverables(accountId);
  const linkOptions = useLinkOptions(accountId);
  const [kind, setKind] = useState<TUpdateKind>("update");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [link, setLink] = useState<string | null>(null);
  const [choices, setChoices] = useState<FinalChoices>({});
  const [errors, setErrors] = useState<{ title?: string; body?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = () => {
    if (create.isPending || uploads.uploading) return;
    const next = {
      title: title.trim() ? undefined : "Give the update a title.",
      body: body.trim() ? undefined : "Write what the update says.",
    };
    setErrors(next);
    if (next.title || next.body) return;
    setFormError(null);
    const [linkType, linkId] = link ? link.split(":") : [];
    create.mutate(
      {
        kind,
        title: title.trim(),
        body,
        ...(uploads.fileIds.length ? { fileIds: uploads.fileIds } : {}),
        deliverables: finalFilesOf(uploads, choices),
        ...(linkType === "ticket" ? { ticketId: linkId } : linkType === "task" ? { taskId: linkId } : {}),
      },
      {
        onSuccess: () => {
          setTitle("");
          setBody("");
          setLink(null);
          setChoices({});
          uploads.reset();
          notifications.show({
            color: "green",
            title: kind === "draft" ? "Draft shared for review" : "Update posted",
            message: "The client has been told.",
          });
        },
        onError: (e) => setFormError(errorMessage(e)),
      },
    );
  };

  return (
    <Paper p={{ base: "md", sm: "lg" }} withBorder>
      <form
        noValidate
        aria-labelledby="post-update-heading"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <Title order={2} fz="lg" id="post-update-heading">
            Post an update
          </Title>
          <FormError message={formError} />
          <SegmentedControl
            aria-label="Kind of update"
            value={kind}
            onChange={(value) => setKind(value === "draft" ? "draft" : "update")}
            data={[
              { value: "update", label: "Work update" },
              { value: "draft", label: "Draft for review" },
            ]}
          />
          <TextInput
            label="Title"
            required
            maxLength={MAX_UPDATE_TITLE}
            value={title}
            error={errors.title}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <MarkdownField
            label={kind === "draft" ? "What to review" : "Update"}
            description={kind === "draft" ? "The client approves it or requests edits." : undefined}
            required
            value={body}
            error={errors.body}
            onChange={setBody}
            minRows={5}
            onSubmitShortcut={submit}
          />
          <AttachmentsField uploads={uploads} description="Files for the client: drafts, reports, final work" />
          <FinalDeliverablesField
            uploads={uploads}
            choices={choices}
            onChange={setChoices}
            existing={(deliverables.data?.data ?? []).map((d) => ({ id: d.id, name: d.name }))}
          />
          {linkOptions.length > 0 ? (
            <Select
              label="About a ticket or work request"
              placeholder="None"
              clearable
              searchable
              data={linkOptions}
              value={link}
              onChange={setLink}
            />
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending} disabled={uploads.uploading}>
              {kind === "draft" ? "Share the draft" : "Post the update"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
