import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type ReactNode, useState } from "react";
import {
  checkMove,
  MAX_REVIEW_LINK_LENGTH,
  MAX_REVIEW_NOTE_LENGTH,
  STAGE_LABELS,
  type TMoveCheck,
  type TReviewRequest,
  type TStage,
} from "../../../common/board";
import { DRAFT_STATUS_LABELS } from "../../../common/updates";
import { useReferences } from "../../api/branding";
import { errorMessage } from "../../api/client";
import { useMe } from "../../api/session";
import { AttachmentsField } from "../../components/AttachmentsField";
import { FormError } from "../../components/FormError";
import { useUploads } from "../../lib/useUploads";
import { useDeliverables, useUpdates } from "../updates/api";
import { useMoveTask } from "./api";
import { type MovableTask, reviewItemOfValue, reviewItemValue } from "./words";

type Allowed = Extract<TMoveCheck, { allowed: true }>;

interface Pending {
  task: MovableTask;
  to: TStage;
  afterId: string | null | undefined;
  check: Allowed;
}

/** The agency's move to CLIENT APPROVAL: it says what the client should review. */
const asksForReview = (p: Pending) => p.check.requires === "review";

/** What the dialog asks for each move that needs words (or, for approval, a confirmation). */
function dialogWords(pending: Pending, ref: string) {
  switch (pending.check.action) {
    case "approve":
      return {
        title: `Approve ${ref}`,
        intro: "The task moves to COMPLETED and the work can go LIVE on your website.",
        label: "Comment (optional)",
        required: false,
        button: "Approve",
      };
    case "request_changes":
      return {
        title: `Request changes to ${ref}`,
        intro: "The task goes back to IN PROGRESS so the team can make the changes.",
        label: "What should change?",
        required: true,
        button: "Request changes",
      };
    case "override":
      return {
        title: `Complete ${ref} without the client's approval`,
        intro: "Admins only. The reason is recorded with the task and shown to the client.",
        label: "Reason",
        required: true,
        button: "Complete task",
      };
    default:
      return {
        title: `Move ${ref} to ${STAGE_LABELS[pending.to]}`,
        intro:
          pending.to === "on_hold" ? "Tell the client why the work is on hold or what it is waiting for." : "Add a comment for the client.",
        label: pending.to === "on_hold" ? "Why is it on hold?" : "Comment",
        required: pending.check.requires === "comment",
        button: `Move to ${STAGE_LABELS[pending.to]}`,
      };
  }
}

function MoveDialog(props: {
  pending: Pending;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: (text: string) => void;
}) {
  const words = dialogWords(props.pending, useReferences().task(props.pending.task.number));
  const [text, setText] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  return (
    <Modal opened onClose={props.onCancel} title={words.title} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (words.required && !text.trim()) return setFieldError(`${words.label.replace(/\?$/, "")}: please write a few words.`);
          props.onConfirm(text.trim());
        }}
      >
        <Stack gap="md">
          <Text size="sm">{words.intro}</Text>
          <FormError message={props.error} />
          <Textarea
            label={words.label}
            required={words.required}
            autosize
            minRows={3}
            value={text}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setFieldError(null);
            }}
            error={fieldError}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={props.busy}>
              {words.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A web address the client can open: http or https only (the server checks the same). */
function linkProblem(link: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === "https:" || url.protocol === "http:" ? null : "Enter a link starting with https:// or http://.";
  } catch {
    return "Enter the full address, starting with https:// (for example https://staging.example.com/page).";
  }
}

/**
 * "A draft or deliverable to review (optional)": one of the task's account's drafts for review
 * (newest first) or deliverables. Mounted with the dialog, so both lists load only when it opens.
 */
function ReviewItemField({ accountId, value, onChange }: { accountId: string; value: string; onChange: (value: string) => void }) {
  const drafts = useUpdates({ accountId, kind: "draft" });
  const deliverables = useDeliverables(accountId);
  const loading = drafts.isPending || deliverables.isPending;
  const failed = drafts.error ?? deliverables.error;
  const draftRows = drafts.data?.data ?? [];
  const deliverableRows = deliverables.data?.data ?? [];
  const empty = !loading && !failed && draftRows.length === 0 && deliverableRows.length === 0;
  const more = drafts.data && drafts.data.total > draftRows.length;
  const data = [
    { value: "", label: loading ? "Loading drafts and deliverables…" : "None" },
    ...(draftRows.length
      ? [
          {
            group: "Drafts for review",
            items: draftRows.map((draft) => ({
              value: reviewItemValue({ type: "draft", id: draft.id }),
              label: `${draft.title} · version ${draft.latestVersion}${draft.draftStatus ? ` · ${DRAFT_STATUS_LABELS[draft.draftStatus]}` : ""}`,
            })),
          },
        ]
      : []),
    ...(deliverableRows.length
      ? [
          {
            group: "Deliverables",
            items: deliverableRows.map((deliverable) => ({
              value: reviewItemValue({ type: "deliverable", id: deliverable.id }),
              label: `${deliverable.name} · version ${deliverable.latestVersion}`,
            })),
          },
        ]
      : []),
  ];
  return (
    <NativeSelect
      label="A draft or deliverable to review (optional)"
      description={
        failed
          ? `The drafts and deliverables could not be loaded (${errorMessage(failed)}). You can still send the note.`
          : empty
            ? "This client has no drafts for review or deliverables yet."
            : more
              ? `The client gets a link to it beside the note. The ${draftRows.length} newest drafts are listed.`
              : "The client gets a link to it beside the note."
      }
      data={data}
      value={value}
      disabled={loading || Boolean(failed) || empty}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

/**
 * "What should the client review?": the agency's move to CLIENT APPROVAL carries a note (required),
 * a preview link, files and a draft or deliverable of the account; the client sees them at the
 * top of the card. Cancel puts the card back.
 */
function ReviewDialog(props: {
  pending: Pending;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: (review: TReviewRequest) => void;
}) {
  const reference = useReferences().task(props.pending.task.number);
  const uploads = useUploads();
  const [note, setNote] = useState("");
  const [link, setLink] = useState("");
  const [item, setItem] = useState("");
  const [errors, setErrors] = useState<{ note?: string; link?: string; files?: string }>({});
  const clearError = (field: "note" | "link") => setErrors((e) => ({ ...e, [field]: undefined }));
  return (
    <Modal opened onClose={props.onCancel} title="What should the client review?" centered size="lg">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const text = note.trim();
          const address = link.trim();
          const problems = {
            note: !text
              ? "Tell the client what to look at."
              : text.length > MAX_REVIEW_NOTE_LENGTH
                ? `At most ${MAX_REVIEW_NOTE_LENGTH} characters.`
                : undefined,
            link: linkProblem(address) ?? undefined,
            files: uploads.uploading ? "Wait until the files have uploaded." : undefined,
          };
          setErrors(problems);
          if (problems.note || problems.link || problems.files) return;
          const chosen = reviewItemOfValue(item);
          props.onConfirm({
            note: text,
            ...(address ? { link: address } : {}),
            ...(uploads.fileIds.length ? { fileIds: uploads.fileIds } : {}),
            ...(chosen ? { item: chosen } : {}),
          });
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            {reference} moves to CLIENT APPROVAL. The client sees this at the top of the card, then approves the work or asks for changes.
          </Text>
          <FormError message={props.error} />
          <Textarea
            label="Note for the client"
            description="What to look at, e.g. the new banner on the home page, on phone and desktop."
            required
            autosize
            minRows={3}
            maxLength={MAX_REVIEW_NOTE_LENGTH}
            value={note}
            onChange={(event) => {
              setNote(event.currentTarget.value);
              clearError("note");
            }}
            error={errors.note}
            data-autofocus
          />
          <TextInput
            label="Preview link (optional)"
            description="Where the client can see the work, e.g. a staging page."
            type="url"
            inputMode="url"
            placeholder="https://"
            maxLength={MAX_REVIEW_LINK_LENGTH}
            value={link}
            onChange={(event) => {
              setLink(event.currentTarget.value);
              clearError("link");
            }}
            error={errors.link}
          />
          <ReviewItemField accountId={props.pending.task.account.id} value={item} onChange={setItem} />
          <AttachmentsField uploads={uploads} label="Files to review (optional)" description="Screenshots, proofs or documents" />
          {errors.files ? (
            <Text size="sm" c="red.9" role="alert">
              {errors.files}
            </Text>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={props.busy}>
              Send for approval
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Moving a card, from a drop on the board or a "Move to…" menu: the move rules are asked first
 * (a refused move is explained, never sent); moves that need words — on hold, request changes,
 * an admin's override — or a confirmation (approval) open a dialog; the rest go straight to the
 * server. `onSettled` runs after the server answered or the person cancelled.
 */
export function useTaskMover(onSettled?: (task: MovableTask, moved: boolean) => void) {
  const me = useMe();
  const references = useReferences();
  const move = useMoveTask();
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = (p: Pending, words?: string, review?: TReviewRequest) => {
    const { action } = p.check;
    move.mutate(
      {
        id: p.task.id,
        stage: p.to,
        ...(p.afterId !== undefined ? { afterId: p.afterId } : {}),
        ...(words ? (action === "override" ? { reason: words } : { comment: words }) : {}),
        ...(review ? { review } : {}),
      },
      {
        onSuccess: (body) => {
          setPending(null);
          setError(null);
          if (action !== "reorder") {
            notifications.show({
              color: "green",
              title:
                action === "approve"
                  ? `${references.task(body.data.number)} approved`
                  : `${references.task(body.data.number)} moved to ${STAGE_LABELS[p.to]}`,
              message: body.data.summary,
            });
          }
          onSettled?.(p.task, true);
        },
        onError: (e) => {
          if (pendingNeedsDialog(p)) setError(errorMessage(e));
          else {
            notifications.show({ color: "red", title: "The card was not moved", message: errorMessage(e) });
            onSettled?.(p.task, false);
          }
        },
      },
    );
  };

  /** Asks to move `task` to `to` (after `afterId` in that column). Returns the refusal, if any. */
  const request = (task: MovableTask, to: TStage, afterId?: string | null): string | null => {
    const check = checkMove(me, { stage: task.stage, quote: task.quote, archived: task.archived }, to);
    if (!check.allowed) {
      notifications.show({
        color: "red",
        title: `Cannot move ${references.task(task.number)} to ${STAGE_LABELS[to]}`,
        message: check.reason,
      });
      onSettled?.(task, false);
      return check.reason;
    }
    const p: Pending = { task, to, afterId, check };
    setError(null);
    if (pendingNeedsDialog(p)) setPending(p);
    else send(p);
    return null;
  };

  const cancel = () => {
    if (!pending) return;
    const task = pending.task;
    setPending(null);
    onSettled?.(task, false);
  };
  const dialog: ReactNode = !pending ? null : asksForReview(pending) ? (
    <ReviewDialog
      key={`${pending.task.id}:${pending.to}`}
      pending={pending}
      busy={move.isPending}
      error={error}
      onCancel={cancel}
      onConfirm={(review) => send(pending, undefined, review)}
    />
  ) : (
    <MoveDialog
      key={`${pending.task.id}:${pending.to}`}
      pending={pending}
      busy={move.isPending}
      error={error}
      onCancel={cancel}
      onConfirm={(words) => send(pending, words)}
    />
  );

  return { request, dialog, movingId: move.isPending ? (move.variables?.id ?? null) : null };
}

function pendingNeedsDialog(p: Pending): boolean {
  return p.check.action === "approve" || p.check.requires !== undefined;
}
