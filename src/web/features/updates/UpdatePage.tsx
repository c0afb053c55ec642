import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, Timeline, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft, IconCheck, IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { type TUpdateDetail, type TUpdateVersion, UPDATE_KIND_LABELS } from "../../../common/updates";
import { errorMessage } from "../../api/client";
import { isStaff, useMe } from "../../api/session";
import { AttachmentsField } from "../../components/AttachmentsField";
import { FileList } from "../../components/Conversation";
import { detailStates } from "../../components/DetailStates";
import { FormError } from "../../components/FormError";
import { Markdown } from "../../components/Markdown";
import { MarkdownField } from "../../components/MarkdownField";
import { PageHeader } from "../../components/PageHeader";
import { formatDateTime } from "../../lib/format";
import { useUploads } from "../../lib/useUploads";
import { useDecideVersion, useDeliverables, usePostVersion, useUpdate } from "./api";
import { DraftStatusBadge, type FinalChoices, FinalDeliverablesField, finalFilesOf, SeenBy } from "./parts";

const back = (
  <Anchor component={Link} to="/updates" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
    <IconArrowLeft size={14} aria-hidden="true" /> Updates
  </Anchor>
);

/** One version: its text, files, the deliverables it delivered and the client's decision on it. */
function VersionBody({ version }: { version: TUpdateVersion }) {
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        Posted by {version.postedBy.name} · {formatDateTime(version.postedAt)}
      </Text>
      <Markdown>{version.body}</Markdown>
      <FileList files={version.files} />
      {version.deliverables.length ? (
        <Group gap={6}>
          {version.deliverables.map((d) => (
            <Badge key={d.fileId} variant="light" color="teal">
              Final: {d.name} (version {d.version})
            </Badge>
          ))}
        </Group>
      ) : null}
      {version.decision ? (
        <Paper p="sm" bg={version.decision.decision === "approved" ? "green.0" : "orange.0"}>
          <Text size="sm" fw={600}>
            {version.decision.decision === "approved" ? "Approved" : "Edits requested"} by {version.decision.decidedBy.name} ·{" "}
            {formatDateTime(version.decision.decidedAt)}
          </Text>
          {version.decision.comment ? <Markdown>{version.decision.comment}</Markdown> : null}
        </Paper>
      ) : null}
    </Stack>
  );
}

/** The client's choice on the latest version: Approve, or Request edits with a comment (in a modal). */
function DecisionButtons({ detail }: { detail: TUpdateDetail }) {
  const { update } = detail.data;
  const decide = useDecideVersion(update.id);
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const send = (decision: "approve" | "request_edits") => {
    if (decision === "request_edits" && !comment.trim()) {
      setError("Say what should change so your agent can make the edits.");
      return;
    }
    setFormError(null);
    decide.mutate(
      { version: update.latestVersion, decision, ...(comment.trim() ? { comment } : {}) },
      {
        onSuccess: () => {
          setOpen(false);
          setComment("");
          notifications.show({
            color: "green",
            title: decision === "approve" ? "Draft approved" : "Edits requested",
            message: "Your agent has been told.",
          });
        },
        onError: (e) => setFormError(errorMessage(e)),
      },
    );
  };
  return (
    <Paper p="md" withBorder>
      <Stack gap="sm">
        <Title order={2} fz="md">
          Your decision on version {update.latestVersion}
        </Title>
        {!open ? <FormError message={formError} /> : null}
        <Group wrap="wrap">
          <Button
            leftSection={<IconCheck size={16} aria-hidden="true" />}
            loading={decide.isPending && !open}
            onClick={() => send("approve")}
          >
            Approve
          </Button>
          <Button leftSection={<IconPencil size={16} aria-hidden="true" />} variant="default" onClick={() => setOpen(true)}>
            Request edits
          </Button>
        </Group>
      </Stack>
      <Modal opened={open} onClose={() => setOpen(false)} title="Request edits">
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            send("request_edits");
          }}
        >
          <Stack gap="md">
            <FormError message={formError} />
            <MarkdownField
              label="What should change?"
              required
              value={comment}
              error={error}
              onChange={(value) => {
                setComment(value);
                setError(null);
              }}
              minRows={4}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={decide.isPending}>
                Request edits
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}

/** Staff: "Post version N+1" of a draft, with its files and final deliverables. */
function PostVersionForm({ detail }: { detail: TUpdateDetail }) {
  const { update } = detail.data;
  const post = usePostVersion(update.id);
  const uploads = useUploads();
  const deliverables = useDeliverables(update.account.id);
  const [body, setBody] = useState("");
  const [choices, setChoices] = useState<FinalChoices>({});
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const next = update.latestVersion + 1;
  const submit = () => {
    if (post.isPending || uploads.uploading) return;
    if (!body.trim()) {
      setError("Write what changed in this version.");
      return;
    }
    setFormError(null);
    post.mutate(
      { body, ...(uploads.fileIds.length ? { fileIds: uploads.fileIds } : {}), deliverables: finalFilesOf(uploads, choices) },
      {
        onSuccess: () => {
          setBody("");
          setChoices({});
          uploads.reset();
          notifications.show({ color: "green", title: `Version ${next} posted`, message: "The client has been asked to review it." });
        },
        onError: (e) => setFormError(errorMessage(e)),
      },
    );
  };
  return (
    <Paper p={{ base: "md", sm: "lg" }} withBorder>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <Title order={2} fz="md">
            Post version {next}
          </Title>
          <FormError message={formError} />
          <MarkdownField
            label="What changed"
            required
            value={body}
            error={error}
            onChange={setBody}
            minRows={4}
            onSubmitShortcut={submit}
          />
          <AttachmentsField uploads={uploads} description="The new version's files" />
          <FinalDeliverablesField
            uploads={uploads}
            choices={choices}
            onChange={setChoices}
            existing={(deliverables.data?.data ?? []).map((d) => ({ id: d.id, name: d.name }))}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={post.isPending} disabled={uploads.uploading}>
              Post version {next}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** An update or a draft with every version (a timeline), its files, the decisions, and what the viewer may do next. */
export function UpdatePage() {
  const { id = "" } = useParams();
  const staff = isStaff(useMe());
  const detail = useUpdate(id);
  const fallback = detailStates({ query: detail, title: "Update", noun: "update", back });
  if (fallback || !detail.data) return fallback;
  const { update, versions } = detail.data.data;
  const { policies } = detail.data;
  const latestFirst = [...versions].reverse();
  return (
    <Stack gap="lg">
      <PageHeader
        title={update.title}
        above={
          staff ? (
            <Anchor
              component={Link}
              to={`/clients/${update.account.id}/updates`}
              size="sm"
              display="inline-flex"
              style={{ alignItems: "center", gap: 4 }}
            >
              <IconArrowLeft size={14} aria-hidden="true" /> Updates for {update.account.name}
            </Anchor>
          ) : (
            back
          )
        }
        description={
          <Group gap="xs" wrap="wrap">
            <Badge variant="outline" color="gray">
              {UPDATE_KIND_LABELS[update.kind]}
            </Badge>
            {update.draftStatus ? <DraftStatusBadge status={update.draftStatus} /> : null}
            <Text size="sm" c="dimmed">
              {update.postedBy.name} · {formatDateTime(update.postedAt)}
            </Text>
          </Group>
        }
      />
      {staff ? <SeenBy update={update} /> : null}
      {policies.decide ? <DecisionButtons detail={detail.data} /> : null}
      {versions.length === 1 ? (
        <Paper p={{ base: "md", sm: "lg" }} withBorder>
          <VersionBody version={versions[0]!} />
        </Paper>
      ) : (
        <section aria-labelledby="versions-heading">
          <Title order={2} fz="md" mb="md" id="versions-heading">
            Versions
          </Title>
          <Timeline active={0} bulletSize={22} lineWidth={2}>
            {latestFirst.map((version) => (
              <Timeline.Item
                key={version.version}
                title={`Version ${version.version}${version.version === update.latestVersion ? " (latest)" : ""}`}
              >
                <VersionBody version={version} />
              </Timeline.Item>
            ))}
          </Timeline>
        </section>
      )}
      {policies.postVersion ? <PostVersionForm detail={detail.data} /> : null}
    </Stack>
  );
}
