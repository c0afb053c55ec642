import { Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { IconArrowBackUp, IconCheck } from "@tabler/icons-react";
import { useState } from "react";
import { type TFormDefinition, ZReviewRequest } from "../../../common/onboarding";
import { errorMessage } from "../../api/client";
import { FormError } from "../../components/FormError";
import { maxLengthOf } from "../../lib/limits";
import type { FieldCommenting } from "./AnswersView";
import { useReviewSubmission } from "./api";

/** The per-field comment boxes the review panel and the answers beside it share. */
export function useFieldCommenting(): FieldCommenting & { clear: () => void } {
  const [comments, setComments] = useState<Record<string, string>>({});
  const [open, setOpen] = useState<Set<string>>(new Set());
  return {
    comments,
    open,
    onOpen: (key) => setOpen((current) => new Set(current).add(key)),
    onChange: (key, text) => setComments((current) => ({ ...current, [key]: text })),
    onRemove: (key) => {
      setOpen((current) => {
        const next = new Set(current);
        next.delete(key);
        return next;
      });
      setComments(({ [key]: _gone, ...rest }) => rest);
    },
    clear: () => {
      setOpen(new Set());
      setComments({});
    },
  };
}

interface ReviewPanelProps {
  submissionId: string;
  definition: TFormDefinition;
  commenting: ReturnType<typeof useFieldCommenting>;
}

/**
 * The agent's decision on a submitted round: Approve, or Return with an overall comment and the
 * comments written beside the fields ("Comment"), which are exactly what the client must fix.
 */
export function ReviewPanel({ submissionId, definition, commenting }: ReviewPanelProps) {
  const review = useReviewSubmission(submissionId);
  const [comment, setComment] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const labels = new Map(definition.sections.flatMap((s) => s.fields).map((f) => [f.key, f.label]));
  const fieldComments = Object.fromEntries(
    Object.entries(commenting.comments)
      .map(([key, text]) => [key, text.trim()] as const)
      .filter(([key, text]) => text && commenting.open.has(key)),
  );
  const marked = Object.keys(fieldComments);

  const decide = async (decision: "approve" | "return") => {
    setProblem(null);
    if (decision === "return" && marked.length === 0 && !comment.trim()) {
      setProblem("Say what needs changing: click “Comment” beside a field, or write an overall comment.");
      return;
    }
    try {
      await review.mutateAsync(
        decision === "approve"
          ? { decision, comment: comment.trim() || undefined }
          : { decision, comment: comment.trim() || undefined, fieldComments: marked.length ? fieldComments : undefined },
      );
      commenting.clear();
      setComment("");
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <Paper p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="review-title">
      <Title order={2} fz="lg" id="review-title">
        Review
      </Title>
      <Text size="sm" c="dimmed" mt={4}>
        Approve the answers, or return them to the client. To ask for a change on one field, click “Comment” beside it.
      </Text>
      <Stack gap="sm" mt="md">
        {marked.length ? (
          <div>
            <Text size="sm" fw={600}>
              Fields to fix ({marked.length})
            </Text>
            <Stack component="ul" gap={2} m={0} pl="md">
              {marked.map((key) => (
                <Text component="li" size="sm" key={key}>
                  {labels.get(key) ?? key}
                </Text>
              ))}
            </Stack>
          </div>
        ) : null}
        <Textarea
          label="Comment to the client"
          description="Shown above the form. Optional when you approve."
          autosize
          minRows={3}
          maxLength={maxLengthOf(ZReviewRequest, "comment")}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        <FormError message={problem} />
        <Group justify="flex-end" gap="sm">
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={16} aria-hidden="true" />}
            onClick={() => void decide("return")}
            loading={review.isPending && review.variables?.decision === "return"}
            disabled={review.isPending}
          >
            Return to client
          </Button>
          <Button
            color="green"
            leftSection={<IconCheck size={16} aria-hidden="true" />}
            onClick={() => void decide("approve")}
            loading={review.isPending && review.variables?.decision === "approve"}
            disabled={review.isPending || marked.length > 0}
          >
            Approve
          </Button>
        </Group>
        {marked.length > 0 ? (
          <Text size="xs" c="dimmed" ta="right">
            Remove the field comments to approve instead.
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
