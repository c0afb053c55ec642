import { Button, Group, Paper, Progress, Stack, Text, Textarea, TextInput, ThemeIcon } from "@mantine/core";
import { IconFile, IconLock, IconSend, IconUpload } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { MAX_ASK_CODE, MAX_ASK_TEXT, type TAnswerAskRequest, type TAsk } from "../../../common/asks";
import { ApiError, errorMessage } from "../../api/client";
import { visuallyHidden } from "../../components/AttachmentsField";
import { FormError } from "../../components/FormError";
import { formatSize } from "../../lib/format";
import { useUploads } from "../../lib/useUploads";
import { useAnswerAsk } from "./api";

interface AnswerFormProps {
  ask: TAsk;
  /** The server refused: the deadline passed (its words, to show as they are). */
  onExpired: (message: string) => void;
}

/**
 * The client's answer, in the shape of the ask: a one-time code (a large field the phone fills
 * from the text message), yes or no, a short answer, or a file. Enter sends a code.
 */
export function AnswerForm({ ask, onExpired }: AnswerFormProps) {
  const answer = useAnswerAsk(ask.id);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const send = (input: TAnswerAskRequest) => {
    setFormError(null);
    setFieldError(null);
    answer.mutate(input, {
      onError: (error) => {
        if (error instanceof ApiError && error.code === "ask_expired") onExpired(error.message);
        else if (error instanceof ApiError && error.field) setFieldError(error.message);
        else setFormError(errorMessage(error));
      },
    });
  };

  switch (ask.kind) {
    case "code":
      return <CodeAnswer pending={answer.isPending} error={fieldError} formError={formError} onSend={(code) => send({ code })} />;
    case "confirm":
      return (
        <Stack gap="sm">
          <FormError message={formError ?? fieldError} />
          <Group gap="sm" wrap="wrap">
            <Button size="md" loading={answer.isPending && answer.variables?.confirm === true} onClick={() => send({ confirm: true })}>
              Yes, confirm
            </Button>
            <Button
              size="md"
              variant="default"
              loading={answer.isPending && answer.variables?.confirm === false}
              onClick={() => send({ confirm: false })}
            >
              No
            </Button>
          </Group>
        </Stack>
      );
    case "text":
      return (
        <TextAnswer
          secret={ask.secret}
          pending={answer.isPending}
          error={fieldError}
          formError={formError}
          onSend={(text) => send({ text })}
        />
      );
    case "file":
      return <FileAnswer pending={answer.isPending} error={fieldError} formError={formError} onSend={(fileId) => send({ fileId })} />;
  }
}

interface PartProps<T> {
  pending: boolean;
  error: string | null;
  formError: string | null;
  onSend: (value: T) => void;
}

/**
 * `autocomplete="one-time-code"` lets the phone offer the code from the text message;
 * `inputmode="numeric"` opens the number pad. Letters are not refused here: some services send
 * "G-123456", and the server is the judge of what a code may hold.
 */
function CodeAnswer({ pending, error, formError, onSend }: PartProps<string>) {
  const [code, setCode] = useState("");
  const [missing, setMissing] = useState(false);
  return (
    <form
      noValidate
      aria-label="Send the code"
      onSubmit={(event) => {
        event.preventDefault();
        if (!code.trim()) {
          setMissing(true);
          return;
        }
        onSend(code.trim());
      }}
    >
      <Stack gap="sm">
        <FormError message={formError} />
        <TextInput
          label="The code"
          description="Type it as it reached you and press Enter."
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? "Enter the code you received." : error}
          autoComplete="one-time-code"
          inputMode="numeric"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          autoFocus
          maxLength={MAX_ASK_CODE}
          required
          w={{ base: "100%", xs: 360 }}
          styles={{
            label: { fontSize: "var(--mantine-font-size-md)" },
            input: {
              fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
              letterSpacing: "0.2em",
              fontSize: 28,
              height: 60,
            },
          }}
        />
        <Group>
          <Button type="submit" size="md" loading={pending} leftSection={<IconSend size={18} aria-hidden="true" />}>
            Send the code
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TextAnswer({ secret, pending, error, formError, onSend }: PartProps<string> & { secret: boolean }) {
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  const submit = () => {
    if (!text.trim()) {
      setMissing(true);
      return;
    }
    onSend(text.trim());
  };
  return (
    <form
      noValidate
      aria-label="Send your answer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <FormError message={formError} />
        <Textarea
          label="Your answer"
          description={
            secret ? (
              <Group component="span" gap={4} wrap="nowrap" display="inline-flex">
                <IconLock size={14} aria-hidden="true" /> This answer is kept secret and deleted after use.
              </Group>
            ) : (
              "Ctrl+Enter sends it."
            )
          }
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setMissing(false);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              submit();
            }
          }}
          error={missing ? "Write your answer." : error}
          autosize
          minRows={3}
          maxRows={10}
          maxLength={MAX_ASK_TEXT}
          required
          autoFocus
        />
        <Group>
          <Button type="submit" size="md" loading={pending} leftSection={<IconSend size={18} aria-hidden="true" />}>
            Send your answer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One file: it uploads as soon as it is chosen; "Send the file" waits for it. */
function FileAnswer({ pending, error, formError, onSend }: PartProps<string>) {
  const uploads = useUploads();
  const inputRef = useRef<HTMLInputElement>(null);
  const [missing, setMissing] = useState(false);
  const item = uploads.items[0];
  const fileId = item?.status === "done" ? item.file?.id : undefined;
  const message = missing ? "Choose the file to send." : error;
  return (
    <form
      noValidate
      aria-label="Send the file"
      onSubmit={(event) => {
        event.preventDefault();
        if (!fileId) {
          setMissing(true);
          return;
        }
        onSend(fileId);
      }}
    >
      <Stack gap="sm">
        <FormError message={formError} />
        <Text component="label" htmlFor="ask-file" size="sm" fw={500}>
          The file
        </Text>
        <input
          ref={inputRef}
          id="ask-file"
          type="file"
          tabIndex={-1}
          style={visuallyHidden}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = "";
            if (!file) return;
            setMissing(false);
            uploads.reset();
            uploads.add([file]);
          }}
        />
        {item ? (
          <Paper p="sm">
            <Group wrap="nowrap" gap="sm">
              <ThemeIcon variant="light" color="gray" size={36} aria-hidden="true">
                <IconFile size={18} />
              </ThemeIcon>
              <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  {item.name}
                </Text>
                {item.status === "uploading" ? <Progress value={item.progress} size="sm" aria-label={`Uploading ${item.name}`} /> : null}
                <Text size="xs" c={item.status === "error" ? "red.9" : "dimmed"} aria-live="polite">
                  {item.status === "error"
                    ? item.error
                    : `${formatSize(item.size)} · ${item.status === "done" ? "Uploaded" : "Uploading…"}`}
                </Text>
              </Stack>
            </Group>
          </Paper>
        ) : null}
        {message ? (
          <Text size="sm" c="red.9" role="alert">
            {message}
          </Text>
        ) : null}
        <Group gap="sm" wrap="wrap">
          <Button variant="default" leftSection={<IconUpload size={16} aria-hidden="true" />} onClick={() => inputRef.current?.click()}>
            {item ? "Choose another file" : "Choose a file"}
          </Button>
          <Button
            type="submit"
            size="md"
            loading={pending}
            disabled={uploads.uploading}
            leftSection={<IconSend size={18} aria-hidden="true" />}
          >
            Send the file
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
