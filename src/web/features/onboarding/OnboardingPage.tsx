import { Anchor, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconClipboardList } from "@tabler/icons-react";
import { useState } from "react";
import { Link, Navigate } from "react-router";
import type { TSubmissionDetail } from "../../../common/onboarding";
import { ApiError } from "../../api/client";
import { isStaff, useMe } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError } from "../../components/States";
import { formatDate } from "../../lib/format";
import { useCurrentSubmission, useSubmissions } from "./api";
import { ExportLink, SubmissionFacts, SubmissionStatusBadge, SubmissionView } from "./SubmissionView";

const TITLE = "Complete setup";
const INTRO =
  "Fill in the onboarding form with accurate personal information, work preferences, resume details, and any files or instructions your team needs before work begins.";

/** The client's other forms (several when the agency shared one per service). */
function OtherSubmissions({ currentId }: { currentId: string }) {
  const list = useSubmissions({});
  const others = (list.data?.data ?? []).filter((s) => s.id !== currentId);
  if (others.length === 0) return null;
  return (
    <Paper p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="other-forms-title">
      <Title order={2} fz="lg" id="other-forms-title">
        Your other onboarding forms
      </Title>
      <Stack component="ul" gap={0} m={0} mt="sm" p={0} style={{ listStyle: "none" }}>
        {others.map((s) => (
          <Group
            component="li"
            key={s.id}
            justify="space-between"
            gap="xs"
            py="xs"
            style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
          >
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/onboarding/submissions/${s.id}`} fw={600} size="sm">
                {s.formName}
              </Anchor>
              <Text size="xs" c="dimmed">
                Shared {formatDate(s.sharedAt)}
                {s.submittedAt ? ` · submitted ${formatDate(s.submittedAt)}` : ""}
              </Text>
            </Stack>
            <SubmissionStatusBadge status={s.status} />
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function ClientOnboarding() {
  const current = useCurrentSubmission();
  const [reloadKey, setReloadKey] = useState(0);
  if (current.isPending) {
    return (
      <>
        <PageHeader title={TITLE} description={INTRO} />
        <Stack gap="lg" aria-busy="true" aria-label="Loading your onboarding form">
          <Skeleton h={160} radius="md" />
          <Skeleton h={220} radius="md" />
        </Stack>
      </>
    );
  }
  if (current.isError) {
    const none = current.error instanceof ApiError && current.error.status === 404;
    return (
      <>
        <PageHeader title={TITLE} description={INTRO} />
        {none ? (
          <EmptyState title="Your onboarding form is on its way" icon={<IconClipboardList size={26} />}>
            Your team has not shared an onboarding form with you yet. You will be notified, and it will appear right here, as soon as they
            do.
          </EmptyState>
        ) : (
          <QueryError error={current.error} onRetry={() => void current.refetch()} />
        )}
      </>
    );
  }
  const detail: TSubmissionDetail = current.data;
  const reload = () => {
    void current.refetch().then(() => setReloadKey((n) => n + 1));
  };
  return (
    <>
      <PageHeader title={TITLE} description={INTRO} actions={<ExportLink detail={detail} />} />
      <Stack gap="lg" mt={-12}>
        <SubmissionFacts detail={detail} />
        <SubmissionView detail={detail} onReload={reload} reloadKey={reloadKey} />
        <OtherSubmissions currentId={detail.data.submission.id} />
      </Stack>
    </>
  );
}

/** /onboarding — the client's "Complete setup"; staff go to the review queue. */
export function OnboardingPage() {
  const user = useMe();
  if (isStaff(user)) return <Navigate to="/onboarding/review" replace />;
  return <ClientOnboarding />;
}
