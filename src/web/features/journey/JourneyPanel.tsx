/** The client's dashboard journey (seed 000): each step done / next / to come, and what to do next. */
import { Badge, Button, Group, Paper, Skeleton, Stack, Text, Timeline, Title } from "@mantine/core";
import { IconCheck, IconChevronRight, IconCircleDashed, IconClipboardList, IconSparkles } from "@tabler/icons-react";
import { Link } from "react-router";
import type { TClientJourneyStep } from "../../../common/journey";
import { QueryError } from "../../components/States";
import { useOwnJourney } from "./api";

function bulletOf(step: TClientJourneyStep) {
  if (step.state === "done") return <IconCheck size={16} aria-hidden="true" />;
  if (step.rule === "ongoing") return <IconSparkles size={16} aria-hidden="true" />;
  if (step.state === "current") return <IconClipboardList size={16} aria-hidden="true" />;
  return <IconCircleDashed size={16} aria-hidden="true" />;
}

function StepTitle({ step }: { step: TClientJourneyStep }) {
  return (
    <Group gap="xs">
      <Text fw={600} size="sm" component="h3" m={0}>
        {step.label} · {step.title}
      </Text>
      {step.state === "done" ? <Badge color="green">Done</Badge> : step.state === "current" ? <Badge color="indigo">Next</Badge> : null}
    </Group>
  );
}

/** Replaces the dashboard's static journey: the steps from GET /api/journey, with the current step's button. */
export function JourneyPanel() {
  const query = useOwnJourney();
  const journey = query.data?.data;
  const active = journey ? journey.steps.findLastIndex((s) => s.state === "done" || s.state === "current") : 0;
  return (
    <Paper p="lg">
      <Title order={2} fz="md">
        Your journey
      </Title>
      <Text size="sm" c="dimmed" mb="lg">
        What to do next at every stage of the service.
      </Text>
      {query.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading your journey">
          <Skeleton h={40} />
          <Skeleton h={40} />
          <Skeleton h={40} />
        </Stack>
      ) : query.isError || !journey ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} title="Could not load your journey" />
      ) : (
        <Stack gap="lg">
          <Timeline active={active} bulletSize={28} lineWidth={2}>
            {journey.steps.map((step) => (
              <Timeline.Item key={step.id} bullet={bulletOf(step)} title={<StepTitle step={step} />}>
                <Text size="sm" c="dimmed">
                  {step.body}
                </Text>
                {step.state === "current" && step.actionLabel && step.actionPath ? (
                  <Button
                    component={Link}
                    to={step.actionPath}
                    size="xs"
                    mt="xs"
                    variant="light"
                    rightSection={<IconChevronRight size={14} aria-hidden="true" />}
                  >
                    {step.actionLabel}
                  </Button>
                ) : null}
              </Timeline.Item>
            ))}
          </Timeline>
          <Paper withBorder p="md" bg="var(--mantine-color-gray-0)">
            <Text size="xs" fw={700} tt="uppercase" c="dimmed">
              Next step
            </Text>
            <Text size="sm" mt={4}>
              {journey.next.text}
            </Text>
          </Paper>
        </Stack>
      )}
    </Paper>
  );
}
