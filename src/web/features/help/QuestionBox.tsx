import { Alert, Anchor, Button, Group, Paper, Text, Textarea, Title } from "@mantine/core";
import { IconCircleCheck, IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { HELP_WORDS, MAX_HELP_QUESTION } from "../../../common/help";
import { useBranding, useReferences } from "../../api/branding";
import { errorMessage } from "../../api/client";
import { FormError } from "../../components/FormError";
import { useAskQuestion } from "./api";

/**
 * "Send us your questions about the Client Portal" (seed 003 §7): the question becomes a support
 * ticket in the "Client Portal questions" category; the client gets the link to follow it.
 */
export function QuestionBox() {
  const ask = useAskQuestion();
  const references = useReferences();
  const { agencyName } = useBranding();
  const [question, setQuestion] = useState("");
  const [error, setError] = useState<string | null>(null);
  const sent = ask.data?.data.ticket;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!question.trim()) {
      setError("Write your question.");
      return;
    }
    ask.mutate(question, { onSuccess: () => setQuestion(""), onError: (e) => setError(errorMessage(e)) });
  };

  return (
    <Paper p={{ base: "md", sm: "lg" }} id="question">
      <Title order={2} fz="md" mb="xs">
        {HELP_WORDS.questions}
      </Title>
      <Text size="sm" mb="md">
        As this is new for {agencyName}, we would love to build a concise list of FAQs. So please send us your questions about the Client
        Portal {HELP_WORDS.questionsDetail} Your question becomes a support ticket, answered by the team.
      </Text>
      {sent ? (
        <Alert
          color="green"
          icon={<IconCircleCheck size={18} aria-hidden="true" />}
          mb="md"
          title="Thank you — your question was sent"
          role="status"
        >
          <Text size="sm">
            We answer it in ticket{" "}
            <Anchor component={Link} to={`/tickets/${sent.id}`} size="sm" fw={600}>
              {references.ticket(sent.number)} {sent.subject}
            </Anchor>
            . You will get an email when we reply.
          </Text>
        </Alert>
      ) : null}
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        <Textarea
          label="Your question"
          placeholder="e.g. How do I add a colleague to our account?"
          autosize
          minRows={3}
          maxLength={MAX_HELP_QUESTION}
          value={question}
          onChange={(e) => setQuestion(e.currentTarget.value)}
        />
        <Group justify="flex-end" mt="sm">
          <Button type="submit" loading={ask.isPending} leftSection={<IconSend size={16} aria-hidden="true" />}>
            Send the question
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
