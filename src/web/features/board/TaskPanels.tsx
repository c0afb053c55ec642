import { Anchor, Badge, Button, Divider, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCircleCheck, IconClock, IconFileDollar } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import type { TApproval, TQuote, TTaskDetail } from "../../../common/board";
import { formatMoney, minorDigits, parseMoney } from "../../../common/money";
import { errorMessage } from "../../api/client";
import { useSession } from "../../api/session";
import { FormError } from "../../components/FormError";
import { Markdown } from "../../components/Markdown";
import { formatDateTime } from "../../lib/format";
import { useDecideQuote, useQuoteTask } from "./api";
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
export function TaskFacts({ data, staff }: { data: Detail; staff: boolean }) {
  const { task } = data;
  const { data: session } = useSession();
  return (
    <Paper p="lg">
      <Title order={2} fz="md" mb="md">
        Details
      </Title>
      <Stack gap={8}>
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

function QuoteView({ quote }: { quote: TQuote }) {
  const badge = QUOTE_BADGES[quote.status];
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs">
        <Text fz="xl" fw={700}>
          {formatMoney(quote.amountMinor, quote.currency)}
        </Text>
        <Badge color={badge.color}>{badge.label}</Badge>
      </Group>
      <Markdown>{quote.scope}</Markdown>
      <Text size="xs" c="dimmed">
        Sent by {quote.createdBy.name}, {formatDateTime(quote.createdAt)}
        {quote.decidedBy && quote.decidedAt
          ? ` · ${quote.status === "accepted" ? "Accepted" : "Declined"} by ${quote.decidedBy.name}, ${formatDateTime(quote.decidedAt)}`
          : ""}
      </Text>
      {quote.decisionComment ? (
        <Text size="sm" fs="italic">
          “{quote.decisionComment}”
        </Text>
      ) : null}
    </Stack>
  );
}

function DecideQuote({ taskId, quote }: { taskId: string; quote: TQuote }) {
  const decide = useDecideQuote(taskId);
  const [declining, setDeclining] = useState(false);
  const [comment, setComment] = useState("");
  const send = (decision: "accept" | "decline") =>
    decide.mutate(
      { quoteId: quote.id, decision, comment: comment.trim() || undefined },
      {
        onSuccess: () =>
          notifications.show({
            color: decision === "accept" ? "green" : "gray",
            title: decision === "accept" ? "Quote accepted" : "Quote declined",
            message: decision === "accept" ? "The team can now commence the work." : "The team will be in touch.",
          }),
        onError: (e) => notifications.show({ color: "red", title: "Your answer was not saved", message: errorMessage(e) }),
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
              loading={decide.isPending}
              onClick={() => send("accept")}
            >
              Accept quote
            </Button>
            <Button variant="default" onClick={() => setDeclining(true)}>
              Decline…
            </Button>
          </>
        )}
      </Group>
    </Stack>
  );
}

function QuoteForm({ taskId, onDone }: { taskId: string; onDone: () => void }) {
  const { data: session } = useSession();
  const quote = useQuoteTask(taskId);
  const [scope, setScope] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const code = currency ?? session?.defaultCurrency ?? "USD";
  const currencies = [...new Set(["AUD", "CAD", "EUR", "GBP", "NZD", "USD", code])].sort();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const amountMinor = parseMoney(amount, code);
    const problems: Record<string, string> = {};
    if (!scope.trim()) problems.scope = "Describe what will be done.";
    if (amountMinor === undefined) problems.amount = `Enter an amount like 1250${minorDigits(code) ? ".00" : ""}.`;
    setErrors(problems);
    if (Object.keys(problems).length || amountMinor === undefined) return;
    setFormError(null);
    quote.mutate(
      { scope: scope.trim(), amountMinor, currency: code },
      {
        onSuccess: () => {
          notifications.show({
            color: "green",
            title: "Quote sent",
            message: `${formatMoney(amountMinor, code)} — the client is asked to accept it.`,
          });
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
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <TextInput
            label="Amount"
            required
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={errors.amount}
            style={{ flex: 1 }}
          />
          <NativeSelect label="Currency" data={currencies} value={code} onChange={(e) => setCurrency(e.currentTarget.value)} w={96} />
        </Group>
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

/** Scope and quote: the agency sends one while assessing; the client accepts or declines it. */
export function QuotePanel({ data, policies }: { data: Detail; policies: TTaskDetail["policies"] }) {
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
          <QuoteView quote={current} />
        ) : (
          <Text size="sm" c="dimmed">
            No quote yet. Send one if the work needs pricing before it commences.
          </Text>
        )}
        {current?.status === "pending" && policies.decideQuote ? <DecideQuote taskId={data.task.id} quote={current} /> : null}
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

const DECISIONS: Record<TApproval["decision"], { label: string; color: string }> = {
  approved: { label: "Approved", color: "green" },
  changes_requested: { label: "Changes requested", color: "orange" },
  override: { label: "Completed by admin", color: "grape" },
};

/** The approval record: every decision on the work, who made it, when, and on which version. */
export function ApprovalPanel({ approvals }: { approvals: TApproval[] }) {
  if (approvals.length === 0) return null;
  return (
    <Paper p="lg">
      <Title order={2} fz="md" mb="md">
        Approval record
      </Title>
      <Stack gap="md">
        {approvals.map((approval) => (
          <Stack key={approval.id} gap={4}>
            <Group gap="xs">
              <Badge color={DECISIONS[approval.decision].color}>{DECISIONS[approval.decision].label}</Badge>
              <Text size="xs" c="dimmed">
                version {approval.taskVersion}
              </Text>
            </Group>
            <Text size="sm">
              {approval.actor?.name ?? "Someone"}, {formatDateTime(approval.createdAt)}
            </Text>
            {approval.comment ? (
              <Text size="sm" fs="italic">
                “{approval.comment}”
              </Text>
            ) : null}
            <Text size="xs" c="dimmed">
              On: {approval.snapshot.summary}
              {approval.snapshot.quote
                ? ` · quote ${formatMoney(approval.snapshot.quote.amountMinor, approval.snapshot.quote.currency)}`
                : ""}
              {approval.snapshot.files.length
                ? ` · ${approval.snapshot.files.length} file${approval.snapshot.files.length === 1 ? "" : "s"}`
                : ""}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
