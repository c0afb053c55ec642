import { Accordion, Alert, Badge, Button, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { IconCircleCheck, IconClock, IconDownload } from "@tabler/icons-react";
import { Link } from "react-router";
import { SUBMISSION_STATUS_LABELS, type TRound, type TSubmissionDetail, type TSubmissionStatus } from "../../../common/onboarding";
import { isStaff, useMe } from "../../api/session";
import { formatDateTime } from "../../lib/format";
import { AnswersView, ReturnedBanner } from "./AnswersView";
import { exportCsvUrl } from "./api";
import { FillIn } from "./FillIn";
import { ReviewPanel, useFieldCommenting } from "./ReviewPanel";
import { STATUS_COLORS, STATUS_SHORT } from "./words";

export function SubmissionStatusBadge({ status, long = false }: { status: TSubmissionStatus; long?: boolean }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" style={{ textTransform: "none" }}>
      {long ? SUBMISSION_STATUS_LABELS[status] : STATUS_SHORT[status]}
    </Badge>
  );
}

/** "Version 2 · Round 1 · shared 3 Dec 2026": what this submission is. */
export function SubmissionFacts({ detail }: { detail: TSubmissionDetail }) {
  const { submission } = detail.data;
  return (
    <Group gap="xs" wrap="wrap">
      <SubmissionStatusBadge status={submission.status} long />
      <Text size="sm" c="dimmed">
        {submission.formName} · version {submission.formVersion}
        {submission.rounds ? ` · round ${submission.rounds}` : ""} · shared {formatDateTime(submission.sharedAt)}
      </Text>
    </Group>
  );
}

function decisionWords(round: TRound): string {
  if (!round.decision) return "Waiting for review";
  const word = round.decision === "approved" ? "Approved" : "Returned";
  return `${word}${round.decidedBy ? ` by ${round.decidedBy}` : ""} · ${formatDateTime(round.decidedAt)}`;
}

/** Every round, oldest first, each with what was submitted and the decision on it. */
function RoundsHistory({ detail }: { detail: TSubmissionDetail }) {
  const { rounds, definition, files } = detail.data;
  if (rounds.length === 0) return null;
  return (
    <section aria-labelledby="rounds-title">
      <Title order={2} fz="lg" mb="sm" id="rounds-title">
        Review rounds
      </Title>
      <Accordion variant="separated" multiple>
        {rounds.map((round) => (
          <Accordion.Item key={round.round} value={String(round.round)}>
            <Accordion.Control>
              <Stack gap={0}>
                <Text size="sm" fw={600}>
                  Round {round.round} · submitted {formatDateTime(round.submittedAt)} by {round.submittedBy}
                </Text>
                <Text size="xs" c="dimmed">
                  {decisionWords(round)}
                </Text>
              </Stack>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                {round.comment ? (
                  <Alert color={round.decision === "approved" ? "green" : "orange"} variant="light" title="Comment">
                    <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                      {round.comment}
                    </Text>
                  </Alert>
                ) : null}
                <AnswersView definition={definition} answers={round.answers} files={files} fieldComments={round.fieldComments} order={3} />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </section>
  );
}

/** "Download answers (CSV)" for whoever may export. */
export function ExportLink({ detail }: { detail: TSubmissionDetail }) {
  if (!detail.policies.export) return null;
  return (
    <Button
      component="a"
      href={exportCsvUrl(detail.data.submission.id)}
      download
      variant="default"
      leftSection={<IconDownload size={16} aria-hidden="true" />}
    >
      Download answers (CSV)
    </Button>
  );
}

/** Staff: the submitted answers beside the review panel, each field with its "Comment" button. */
function StaffReview({ detail }: { detail: TSubmissionDetail }) {
  const commenting = useFieldCommenting();
  const { definition, answers, files, submission } = detail.data;
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
        <section aria-labelledby="answers-title">
          <Title order={2} fz="lg" mb="sm" id="answers-title">
            Answers
          </Title>
          <AnswersView definition={definition} answers={answers} files={files} commenting={commenting} />
        </section>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
        <div style={{ position: "sticky", top: 80 }}>
          <ReviewPanel submissionId={submission.id} definition={definition} commenting={commenting} />
        </div>
      </Grid.Col>
    </Grid>
  );
}

interface SubmissionViewProps {
  detail: TSubmissionDetail;
  /** Refetch and start the fill-in again from the saved answers (after a draft conflict). */
  onReload: () => void;
  /** Changes whenever the fill-in must start over from the server's answers. */
  reloadKey: number;
}

/**
 * One submission, whoever looks: the client fills it in (or reads it once submitted), assigned
 * staff review it; the rounds and the export below. The API's policies decide what shows.
 */
export function SubmissionView({ detail, onReload, reloadKey }: SubmissionViewProps) {
  const { submission, rounds, definition, answers, files } = detail.data;
  const last = rounds.at(-1);
  const returned = submission.status === "returned" && last?.decision === "returned" ? last : null;
  const fieldComments = returned?.fieldComments ?? {};
  const editable = detail.policies.edit && (submission.status === "in_progress" || submission.status === "returned");
  const staff = isStaff(useMe());

  return (
    <Stack gap="xl">
      {returned && editable ? <ReturnedBanner comment={returned.comment} count={Object.keys(fieldComments).length} /> : null}
      {submission.status === "submitted" && !staff ? (
        <Alert color="orange" variant="light" icon={<IconClock aria-hidden="true" />} title="Submitted — waiting for review">
          Your team is reviewing your answers. You will be notified when they approve them, or if anything needs fixing.
        </Alert>
      ) : null}
      {submission.status === "approved" ? (
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden="true" />} title="Approved">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {staff ? "These answers were approved" : "Your team approved your answers"}
              {submission.approvedAt ? ` on ${formatDateTime(submission.approvedAt)}` : ""}. Setup is complete.
            </Text>
            {!staff ? (
              <Button component={Link} to="/" size="xs" variant="light" color="green">
                Go to your dashboard
              </Button>
            ) : null}
          </Stack>
        </Alert>
      ) : null}
      {editable ? (
        <FillIn
          key={`${submission.id}:${submission.status}:${submission.rounds}:${reloadKey}`}
          detail={detail}
          onReload={onReload}
          fieldComments={fieldComments}
        />
      ) : detail.policies.review && submission.status === "submitted" ? (
        <StaffReview key={`${submission.id}:${submission.rounds}`} detail={detail} />
      ) : (
        <section aria-labelledby="answers-title">
          <Title order={2} fz="lg" mb="sm" id="answers-title">
            {submission.status === "in_progress" || submission.status === "returned" ? "Answers so far" : "Answers"}
          </Title>
          {submission.status === "in_progress" || submission.status === "returned" ? (
            <Text size="sm" c="dimmed" mb="sm">
              The client is filling this in{submission.status === "returned" ? " again after it was returned" : ""}. You can review it once
              they submit it.
            </Text>
          ) : null}
          <AnswersView definition={definition} answers={answers} files={files} fieldComments={fieldComments} />
        </section>
      )}
      <RoundsHistory detail={detail} />
    </Stack>
  );
}
