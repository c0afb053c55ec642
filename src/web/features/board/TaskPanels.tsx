import { Alert, Anchor, Badge, Button, Divider, Group, Modal, NativeSelect, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCircleCheck, IconClock, IconExternalLink, IconFileDollar, IconPaperclip } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import type { TApproval, TQuote, TReviewRound, TTaskDetail } from "../../../common/board";
import { formatMoney } from "../../../common/money";
import { useReferences } from "../../api/branding";
import { errorMessage } from "../../api/client";
import { isStaff, useMe, useSession } from "../../api/session";
import { FormError } from "../../components/FormError";
import { Markdown } from "../../components/Markdown";
import { formatDate, formatDateTime } from "../../lib/format";
import { AssigneeSelect } from "./AssigneeSelect";
import { useDecideQuote, useQuoteTask } from "./api";
import { acceptedAgo, emptyLine, type LineDraft, QuoteLinesEditor, QuoteLinesTable, readLines } from "./QuoteLines";
import { ReviewItemLink, type ReviewViewer } from "./ReviewSummary";
import { formatDay, formatDuration } from "./words";

type Detail = TTaskDetail["data"];

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" style={{ flex: "none" }}>
        {label}
      </Text>
      <Text size="sm" ta="right" style={{ minWidth: 0, overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </Group>
  );
}

/** Facts about the task: client, type, deadline, who logged it, from which template, the time with each side. */
export function TaskFacts({ data, staff, canAssign }: { data: Detail; staff: boolean; canAssign: boolean }) {
  const { task } = data;
  const { data: session } = useSession();
  return (
    <Paper p="lg">
      <Title order={2} fz="md" mb="md">
        Details
      </Title>
      <Stack gap={8}>
        {canAssign ? <AssigneeSelect task={task} /> : <Row label="Handled by">{task.assignee?.name ?? "Not assigned yet"}</Row>}
        {staff ? (
          <Row label="Client">
            <Anchor component={Link} to={`/clients/${task.account.id}`} inherit>
              {task.account.name}
            </Anchor>
          </Row>
        ) : null}
        <Row label="Request type">{task.requestType?.name ?? "—"}</Row>
        <Row label="Deadline">{task.deadline ? formatDay(task.deadline) : "None"}</Row>
        <Row label="Logged by">{data.createdBy.name}</Row>
        <Row label="Logged">{formatDateTime(task.createdAt)}</Row>
        {data.template ? <Row label="From template">{data.template.name}</Row> : null}
        {task.completedAt ? <Row label="Completed">{formatDateTime(task.completedAt)}</Row> : null}
      </Stack>
      <Divider my="md" />
      <Group gap={6} mb={6}>
        <IconClock size={16} aria-hidden="true" />
        <Text size="sm" fw={600}>
          Time with each side
        </Text>
      </Group>
      <Stack gap={8}>
        <Row label={staff ? "With the client" : "With you"}>{formatDuration(data.time.clientSeconds)}</Row>
        <Row label={staff ? "With the agency" : `With ${session?.agencyName ?? "the agency"}`}>
          {formatDuration(data.time.agencySeconds)}
        </Row>
      </Stack>
    </Paper>
  );
}

const QUOTE_BADGES: Record<TQuote["status"], { label: string; color: string }> = {
  pending: { label: "Awaiting acceptance", color: "orange" },
  accepted: { label: "Accepted", color: "green" },
  declined: { label: "Declined", color: "red" },
  superseded: { label: "Replaced", color: "gray" },
};

/** What someone said with their answer (a quote's decision, an approval), quoted; nothing when they said nothing. */
function Comment({ text }: { text: string | null }) {
  return text ? (
    <Text size="sm" fs="italic">
      “{text}”
    </Text>
  ) : null;
}

function QuoteView({ quote, staff }: { quote: TQuote; staff: boolean }) {
  const badge = QUOTE_BADGES[quote.status];
  return (
    <Stack gap="sm">
      {quote.status === "accepted" && quote.acceptedAt ? (
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden="true" />} title="Quote accepted — work will start">
          <Text size="sm">
            Accepted by {quote.decidedBy?.name ?? "the client"} on {formatDate(quote.acceptedAt)}
            {staff ? ` · ${acceptedAgo(quote.acceptedAt)}` : ""}.
          </Text>
        </Alert>
      ) : null}
      <Group justify="space-between" gap="xs">
        <Text fz="xl" fw={700}>
          {formatMoney(quote.amountMinor, quote.currency)}
        </Text>
        <Badge color={badge.color}>{badge.label}</Badge>
      </Group>
      <Markdown>{quote.scope}</Markdown>
      <QuoteLinesTable lines={quote.lines} totalMinor={quote.amountMinor} currency={quote.currency} />
      <Text size="xs" c="dimmed">
        Sent by {quote.createdBy.name}, {formatDateTime(quote.createdAt)}
        {quote.status === "declined" && quote.decidedBy && quote.decidedAt
          ? ` · Declined by ${quote.decidedBy.name}, ${formatDateTime(quote.decidedAt)}`
          : ""}
      </Text>
      <Comment text={quote.decisionComment} />
    </Stack>
  );
}

/**
 * The client's answer to a pending quote. Accepting asks once more, showing the amount, because
 * it commits them to the price and starts the work; the server's decision stays the authority.
 */
function DecideQuote({ taskId, reference, quote }: { taskId: string; reference: string; quote: TQuote }) {
  const decide = useDecideQuote(taskId);
  const [declining, setDeclining] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const amount = formatMoney(quote.amountMinor, quote.currency);
  const send = (decision: "accept" | "decline") =>
    decide.mutate(
      { quoteId: quote.id, decision, comment: comment.trim() || undefined },
      {
        onSuccess: () => {
          setConfirming(false);
          notifications.show({
            color: decision === "accept" ? "green" : "gray",
            title: decision === "accept" ? "Quote accepted — work will start" : "Quote declined",
            message: decision === "accept" ? `${reference}: the team can now commence the work.` : "The team will be in touch.",
          });
        },
        onError: (e) => {
          if (decision === "accept") setError(errorMessage(e));
          else notifications.show({ color: "red", title: "Your answer was not saved", message: errorMessage(e) });
        },
      },
    );
  return (
    <Stack gap="sm">
      <Text size="sm">Work commences once you accept the quote.</Text>
      {declining ? (
        <Textarea
          label="Why are you declining? (optional)"
          autosize
          minRows={2}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
      ) : null}
      <Group gap="sm">
        {declining ? (
          <>
            <Button color="red" variant="light" loading={decide.isPending} onClick={() => send("decline")}>
              Decline quote
            </Button>
            <Button variant="default" onClick={() => setDeclining(false)}>
              Back
            </Button>
          </>
        ) : (
          <>
            <Button
              leftSection={<IconCircleCheck size={16} aria-hidden="true" />}
              onClick={() => {
                setError(null);
                setConfirming(true);
              }}
            >
              Accept quote
            </Button>
            <Button variant="default" onClick={() => setDeclining(true)}>
              Decline…
            </Button>
          </>
        )}
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Accept the quote for ${reference}?`} centered>
        <Stack gap="md">
          <FormError message={error} />
          <Text size="sm">
            Accept the quote of <strong>{amount}</strong> for {reference}? Work starts once you accept.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button loading={decide.isPending} onClick={() => send("accept")} data-autofocus>
              Accept
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function QuoteForm({ taskId, onDone }: { taskId: string; onDone: () => void }) {
  const { data: session } = useSession();
  const quote = useQuoteTask(taskId);
  const [scope, setScope] = useState("");
  const [drafts, setDrafts] = useState<LineDraft[]>(() => [emptyLine()]);
  const [currency, setCurrency] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const code = currency ?? session?.defaultCurrency ?? "USD";
  const currencies = [...new Set(["AUD", "CAD", "EUR", "GBP", "NZD", "USD", code])].sort();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const read = readLines(drafts, code);
    const problems: Record<string, string> = { ...read.errors };
    if (!scope.trim()) problems.scope = "Describe what will be done.";
    setErrors(problems);
    if (Object.keys(problems).length || !read.lines) return;
    setFormError(null);
    quote.mutate(
      { scope: scope.trim(), lines: read.lines, currency: code },
      {
        onSuccess: (body) => {
          notifications.show({ color: "green", title: "Quote sent", message: `${body.data.summary} — the client is asked to accept it.` });
          onDone();
        },
        onError: (e) => setFormError(errorMessage(e)),
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <Textarea
          label="Scope of work"
          description="What will be done."
          required
          autosize
          minRows={3}
          value={scope}
          onChange={(e) => setScope(e.currentTarget.value)}
          error={errors.scope}
        />
        <NativeSelect label="Currency" data={currencies} value={code} onChange={(e) => setCurrency(e.currentTarget.value)} w={120} />
        <QuoteLinesEditor drafts={drafts} onChange={setDrafts} currency={code} errors={errors} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={quote.isPending}>
            Send quote
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Scope and quote: the agency sends one (its lines and total) while assessing; the client accepts or declines it. */
export function QuotePanel({ data, policies }: { data: Detail; policies: TTaskDetail["policies"] }) {
  const staff = isStaff(useMe());
  const references = useReferences();
  const [writing, setWriting] = useState(false);
  const current = data.quotes.find((q) => q.status !== "superseded");
  const replaced = data.quotes.filter((q) => q.status === "superseded");
  if (!current && !policies.quote) return null;
  return (
    <Paper p="lg">
      <Group gap={6} mb="md">
        <IconFileDollar size={18} aria-hidden="true" />
        <Title order={2} fz="md">
          Scope and quote
        </Title>
      </Group>
      <Stack gap="md">
        {current ? (
          <QuoteView quote={current} staff={staff} />
        ) : (
          <Text size="sm" c="dimmed">
            No quote yet. Send one if the work needs pricing before it commences.
          </Text>
        )}
        {current?.status === "pending" && policies.decideQuote ? (
          <DecideQuote taskId={data.task.id} reference={references.task(data.task.number)} quote={current} />
        ) : null}
        {policies.quote ? (
          writing ? (
            <QuoteForm taskId={data.task.id} onDone={() => setWriting(false)} />
          ) : (
            <Button variant={current ? "default" : "filled"} onClick={() => setWriting(true)}>
              {current ? "Send a new quote" : "Send a quote"}
            </Button>
          )
        ) : null}
        {replaced.length > 0 ? (
          <Text size="xs" c="dimmed">
            Earlier quotes: {replaced.map((q) => formatMoney(q.amountMinor, q.currency)).join(", ")} (replaced)
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/**
 * "Approved by Dana Lee on 3 Dec 2026": who answered, in words a client reads, and how the
 * record introduces what the answer was about ("what was reviewed:" or "what was approved:").
 */
function answerWords(approval: TApproval): { text: string; color: string; about: string } {
  const who = approval.actor?.name ?? "Someone";
  const when = formatDate(approval.createdAt);
  const about = approval.decision === "changes_requested" ? "what was reviewed:" : "what was approved:";
  switch (approval.decision) {
    case "approved":
      return { text: `Approved by ${who} on ${when}`, color: "teal.9", about };
    case "changes_requested":
      return { text: `Changes requested by ${who} on ${when}`, color: "red.9", about };
    case "override":
      return { text: `Completed by ${who} (admin) on ${when}, without the client's approval`, color: "grape.9", about };
    default: {
      const exhaustive: never = approval.decision;
      return { text: String(exhaustive), color: "dimmed", about };
    }
  }
}

/** What the agency asked the client to look at in one round. */
function AskedFor({ round, viewer }: { round: Pick<TReviewRound, "note" | "link" | "files" | "item">; viewer: ReviewViewer }) {
  return (
    <Stack gap={4} pl="sm" style={{ borderLeft: "2px solid var(--mantine-color-gray-3)" }}>
      <Text size="sm" style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>
        {round.note}
      </Text>
      {round.item ? <ReviewItemLink item={round.item} viewer={viewer} /> : null}
      {round.link ? (
        <Anchor href={round.link} target="_blank" rel="noopener noreferrer" size="sm">
          <Group gap={4} wrap="nowrap" component="span">
            Open preview
            <IconExternalLink size={14} aria-hidden="true" />
          </Group>
        </Anchor>
      ) : null}
      {round.files.map((file) => (
        <Anchor key={file.id} href={file.url} size="sm" style={{ overflowWrap: "anywhere" }}>
          <Group gap={4} wrap="nowrap" component="span">
            <IconPaperclip size={14} aria-hidden="true" />
            {file.name}
          </Group>
        </Anchor>
      ))}
    </Stack>
  );
}

/**
 * The approval record, one entry per review round, newest first: what the client was asked to
 * review (note, draft or deliverable, preview link, files), who approved it or asked for changes,
 * when, and what they said. Decisions from before review rounds existed say what they were about
 * from their snapshot.
 */
export function ApprovalPanel({
  approvals,
  reviews,
  current,
  viewer,
}: {
  approvals: TApproval[];
  reviews: TReviewRound[];
  current: TReviewRound | null;
  viewer: ReviewViewer;
}) {
  if (approvals.length === 0 && reviews.length === 0) return null;
  const byReview = new Map(approvals.flatMap((a) => (a.reviewId ? [[a.reviewId, a] as const] : [])));
  const older = approvals.filter((a) => !a.reviewId || !reviews.some((r) => r.id === a.reviewId));
  return (
    <Paper p="lg" component="section" aria-labelledby="approval-record-heading">
      <Title order={2} fz="md" mb="md" id="approval-record-heading">
        Approval record
      </Title>
      <Stack gap="lg" component="ol" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {reviews.map((round) => {
          const answer = byReview.get(round.id);
          const words = answer ? answerWords(answer) : null;
          return (
            <Stack key={round.id} gap={6} component="li">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Review round {round.round} · asked {formatDate(round.askedAt)}
                {round.askedBy ? ` by ${round.askedBy.name}` : ""}
              </Text>
              {words ? (
                <Text size="sm" fw={600} c={words.color}>
                  {words.text} — {words.about}
                </Text>
              ) : (
                <Text size="sm" fw={600}>
                  {current?.id === round.id
                    ? "Waiting for the client's review of:"
                    : "Taken back by the agency before an answer. It asked:"}
                </Text>
              )}
              <AskedFor round={round} viewer={viewer} />
              <Comment text={answer?.comment ?? null} />
            </Stack>
          );
        })}
        {older.map((approval) => {
          const words = answerWords(approval);
          const { snapshot } = approval;
          return (
            <Stack key={approval.id} gap={4} component="li">
              <Text size="sm" fw={600} c={words.color}>
                {words.text} — {words.about}
              </Text>
              <Text size="sm" pl="sm" style={{ borderLeft: "2px solid var(--mantine-color-gray-3)", overflowWrap: "anywhere" }}>
                {snapshot.summary}
                {snapshot.quote ? ` · quote ${formatMoney(snapshot.quote.amountMinor, snapshot.quote.currency)}` : ""}
                {snapshot.files.length ? ` · ${snapshot.files.length} file${snapshot.files.length === 1 ? "" : "s"}` : ""}
              </Text>
              <Comment text={approval.comment} />
            </Stack>
          );
        })}
      </Stack>
    </Paper>
  );
}
