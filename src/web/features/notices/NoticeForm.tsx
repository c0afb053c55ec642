import { Button, Group, Modal, Radio, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { MAX_NOTICE_TITLE, type TNotice, type TNoticeAudience, type TNoticeImportance } from "../../../common/notices";
import { FormError } from "../../components/FormError";
import { MarkdownField } from "../../components/MarkdownField";
import { fromLocalInput, toLocalInput } from "../../lib/datetime-local";
import { applyServerError, focusFirstInvalid } from "../../lib/forms";
import { atMost } from "../../lib/limits";
import { AccountsMultiSelect } from "./AccountsMultiSelect";
import { usePostNotice, useUpdateNotice } from "./api";

interface Values {
  audience: TNoticeAudience;
  accountIds: string[];
  title: string;
  body: string;
  endsAt: string;
  importance: TNoticeImportance;
}

interface NoticeFormProps {
  opened: boolean;
  onClose: () => void;
  /** May post to all clients (admins). */
  canPostToAll: boolean;
  /** Editing this running notice (its words, importance, end date); absent: posting a new one. */
  notice?: TNotice;
}

/** "Post a notice" (and "Edit notice"): audience, title, text, end date and importance, in a dialog. */
export function NoticeForm({ opened, onClose, canPostToAll, notice }: NoticeFormProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={notice ? "Edit notice" : "Post a notice"} size="lg" fullScreen={false}>
      {/* Mounted only while open: every opening starts from the notice (or an empty form). */}
      {opened ? <NoticeFormBody onDone={onClose} canPostToAll={canPostToAll} notice={notice} /> : null}
    </Modal>
  );
}

function NoticeFormBody({ onDone, canPostToAll, notice }: { onDone: () => void; canPostToAll: boolean; notice?: TNotice }) {
  const post = usePostNotice();
  const update = useUpdateNotice();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: {
      audience: notice?.audience ?? (canPostToAll ? "all" : "accounts"),
      accountIds: [],
      title: notice?.title ?? "",
      body: notice?.body ?? "",
      endsAt: toLocalInput(notice?.endsAt ?? null),
      importance: notice?.importance ?? "info",
    },
    validate: {
      title: (v) => (!v.trim() ? "Give the notice a title." : v.trim().length > MAX_NOTICE_TITLE ? atMost(MAX_NOTICE_TITLE) : null),
      body: (v) => (v.trim() ? null : "Write what the notice says."),
      accountIds: (v, values) =>
        !notice && values.audience === "accounts" && v.length === 0 ? "Choose at least one client account." : null,
      endsAt: (v) => {
        if (!v) return null;
        const iso = fromLocalInput(v);
        return !iso
          ? "Enter a date and time."
          : new Date(iso).getTime() <= Date.now()
            ? "Choose a time in the future, or leave it empty."
            : null;
      },
    },
  });
  const pending = post.isPending || update.isPending;

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const endsAt = fromLocalInput(values.endsAt);
    const onError = (error: unknown) => setFormError(applyServerError(form, error));
    if (notice) {
      update.mutate(
        { id: notice.id, patch: { title: values.title.trim(), body: values.body, importance: values.importance, endsAt } },
        {
          onSuccess: () => {
            notifications.show({ color: "green", title: "Notice updated", message: values.title.trim() });
            onDone();
          },
          onError,
        },
      );
      return;
    }
    post.mutate(
      {
        title: values.title.trim(),
        body: values.body,
        audience: values.audience,
        ...(values.audience === "accounts" ? { accountIds: values.accountIds } : {}),
        endsAt,
        importance: values.importance,
      },
      {
        onSuccess: () => {
          notifications.show({
            color: "green",
            title: "Notice posted",
            message: "Clients see it on their dashboard and are told by email.",
          });
          onDone();
        },
        onError,
      },
    );
  }, focusFirstInvalid);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        {notice ? null : (
          <>
            <Radio.Group label="Who sees it" required {...form.getInputProps("audience")}>
              <Stack gap="xs" mt="xs">
                {canPostToAll ? <Radio value="all" label="All clients (including accounts added while it runs)" /> : null}
                <Radio value="accounts" label="Chosen client accounts" />
              </Stack>
            </Radio.Group>
            {form.values.audience === "accounts" ? (
              <AccountsMultiSelect
                required
                description={canPostToAll ? undefined : "The accounts assigned to you."}
                value={form.values.accountIds}
                onChange={(v) => form.setFieldValue("accountIds", v)}
                error={form.errors.accountIds}
              />
            ) : null}
          </>
        )}
        <TextInput label="Title" required maxLength={MAX_NOTICE_TITLE} {...form.getInputProps("title")} />
        <MarkdownField
          label="Text"
          required
          minRows={5}
          value={form.values.body}
          onChange={(v) => form.setFieldValue("body", v)}
          error={form.errors.body}
        />
        <TextInput
          type="datetime-local"
          label="Show until"
          description="Optional. It leaves clients' dashboards at this time (your time zone); empty: until you end it."
          {...form.getInputProps("endsAt")}
        />
        <Radio.Group label="Importance" {...form.getInputProps("importance")}>
          <Group gap="lg" mt="xs">
            <Radio value="info" label="Info" />
            <Radio value="important" label="Important" />
          </Group>
        </Radio.Group>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {notice ? "Save changes" : "Post notice"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
