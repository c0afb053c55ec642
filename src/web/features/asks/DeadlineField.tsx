import { Group, Radio, Stack, TextInput } from "@mantine/core";
import { ASK_DEADLINE_PRESETS, MAX_ASK_MINUTES, type TReaskRequest } from "../../../common/asks";
import { fromLocalInput, toLocalInput } from "../../lib/datetime-local";

/** A preset's minutes ("10") or "at": a chosen date and time. */
export type DeadlineChoice = `${(typeof ASK_DEADLINE_PRESETS)[number]}` | "at";
export const DEFAULT_DEADLINE: DeadlineChoice = "10";

/** 5 → "5 minutes", 1440 → "24 hours". */
export function presetLabel(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return `${hours} ${hours === 1 ? "hour" : "hours"}`;
  }
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

/** The request's deadline part: minutes from now, or the chosen time (exactly one, as the server wants). */
export function deadlineOf(choice: DeadlineChoice, at: string): TReaskRequest {
  return choice === "at" ? { deadlineAt: fromLocalInput(at) ?? "" } : { minutes: Number(choice) };
}

/** The chosen date and time, checked as the server will: readable, a minute ahead at least, thirty days at most. */
export function validateDeadlineAt(choice: DeadlineChoice, at: string): string | null {
  if (choice !== "at") return null;
  const iso = fromLocalInput(at);
  if (!iso) return "Enter a date and time.";
  const ms = Date.parse(iso);
  if (ms <= Date.now() + 60_000) return "Choose a time at least a minute from now.";
  if (ms > Date.now() + MAX_ASK_MINUTES * 60_000) return "Choose a time within thirty days.";
  return null;
}

interface DeadlineFieldProps {
  choice: DeadlineChoice;
  onChoice: (choice: DeadlineChoice) => void;
  at: string;
  onAt: (value: string) => void;
  atError?: React.ReactNode;
  choiceError?: React.ReactNode;
}

/** "How long the client has": 5 min, 10 min, 30 min, 24 hours, or a date and time (a native picker). */
export function DeadlineField({ choice, onChoice, at, onAt, atError, choiceError }: DeadlineFieldProps) {
  return (
    <Stack gap="xs">
      <Radio.Group
        label="How long the client has"
        description="The request expires at the deadline; you can ask again."
        value={choice}
        onChange={(value) => {
          onChoice(value as DeadlineChoice);
          // A sensible start for the picker: an hour from now.
          if (value === "at" && !at) onAt(toLocalInput(Date.now() + 60 * 60_000));
        }}
        error={choiceError}
      >
        <Group gap="md" mt="xs" wrap="wrap">
          {ASK_DEADLINE_PRESETS.map((minutes) => (
            <Radio key={minutes} value={String(minutes)} label={presetLabel(minutes)} />
          ))}
          <Radio value="at" label="Pick a date and time" />
        </Group>
      </Radio.Group>
      {choice === "at" ? (
        <TextInput
          type="datetime-local"
          label="Deadline"
          description="In your time zone."
          required
          value={at}
          onChange={(event) => onAt(event.currentTarget.value)}
          error={atError}
          w={{ base: "100%", xs: 260 }}
        />
      ) : null}
    </Stack>
  );
}
