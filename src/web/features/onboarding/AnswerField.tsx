import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  Group,
  Input,
  NumberInput,
  Paper,
  Progress,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
} from "@mantine/core";
import { useId } from "@mantine/hooks";
import { IconFile, IconUpload, IconX } from "@tabler/icons-react";
import { type DragEvent, useEffect, useRef, useState } from "react";
import type { TFile } from "../../../common/conversations";
import { FORM_LIMITS, type TAnswer, type TFormField } from "../../../common/onboarding";
import { visuallyHidden } from "../../components/AttachmentsField";
import { formatSize } from "../../lib/format";
import { useUploads } from "../../lib/useUploads";

export interface AnswerFieldProps {
  field: TFormField;
  value: TAnswer | undefined;
  onChange: (value: TAnswer) => void;
  /** Leaving the input (text types): the page checks the answer's format then. */
  onBlur?: () => void;
  error?: string | null;
  /** Files the answers already name, by id (from the submission), for names and links. */
  files?: Record<string, TFile>;
  /** A file finished uploading: the page keeps it so its name shows until the next read. */
  onFileUploaded?: (file: TFile) => void;
  /** Files of this field are uploading (the page waits for them before Submit). */
  onUploadingChange?: (uploading: boolean) => void;
  /** The builder's preview: everything can be tried except uploading. */
  preview?: boolean;
}

/** Browsers' autofill for short text fields whose key says what they hold. */
function autoCompleteFor(key: string): string | undefined {
  const rules: [RegExp, string][] = [
    [/(^|_)(full_)?name$/, "name"],
    [/first_name|given_name/, "given-name"],
    [/last_name|family_name|surname/, "family-name"],
    [/company|organi[sz]ation|business_name/, "organization"],
    [/job_title|position|role_title/, "organization-title"],
    [/street|address/, "street-address"],
    [/city|town/, "address-level2"],
    [/postal|zip|postcode/, "postal-code"],
    [/country/, "country-name"],
  ];
  return rules.find(([pattern]) => pattern.test(key))?.[1];
}

const asText = (value: TAnswer | undefined): string => (typeof value === "string" ? value : "");
const asList = (value: TAnswer | undefined): string[] => (Array.isArray(value) ? value : []);

/** A number typed as text until it is one (so "-" or "1." can be typed), stored as a number. */
function NumberAnswer({ field, value, onChange, onBlur, error }: AnswerFieldProps) {
  const [text, setText] = useState<string | number>(typeof value === "number" ? value : "");
  useEffect(() => {
    setText((current) => (typeof value === "number" ? (Number(current) === value ? current : value) : current === "" ? current : ""));
  }, [value]);
  return (
    <NumberInput
      label={field.label}
      description={field.help || undefined}
      withAsterisk={field.required}
      aria-required={field.required || undefined}
      error={error}
      value={text}
      inputMode="decimal"
      onChange={(next) => {
        setText(next);
        if (typeof next === "number") onChange(next);
        else if (next.trim() === "") onChange(null);
        else if (Number.isFinite(Number(next))) onChange(Number(next));
      }}
      onBlur={onBlur}
    />
  );
}

function FileRow({
  name,
  size,
  href,
  onRemove,
  children,
}: {
  name: string;
  size?: number;
  href?: string;
  onRemove?: () => void;
  children?: React.ReactNode;
}) {
  return (
    <Group component="li" wrap="nowrap" gap="sm" py={6} style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
      <ThemeIcon variant="light" color="gray" size={36} aria-hidden="true">
        <IconFile size={18} />
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        {href ? (
          <Anchor href={href} size="sm" fw={500} truncate>
            {name}
          </Anchor>
        ) : (
          <Text size="sm" fw={500} truncate>
            {name}
          </Text>
        )}
        {children ??
          (size ? (
            <Text size="xs" c="dimmed">
              {formatSize(size)}
            </Text>
          ) : null)}
      </Stack>
      {onRemove ? (
        <ActionIcon variant="subtle" color="gray" aria-label={`Remove ${name}`} onClick={onRemove}>
          <IconX size={16} aria-hidden="true" />
        </ActionIcon>
      ) : null}
    </Group>
  );
}

/**
 * Several files for one answer: each uploads at once with its own progress bar, then joins the
 * answer (its id) and the draft is saved; any can be removed.
 */
function FileAnswer({ field, value, onChange, error, files = {}, onFileUploaded, onUploadingChange, preview }: AnswerFieldProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const uploads = useUploads();
  const [dragging, setDragging] = useState(false);
  const ids = asList(value);
  const idsRef = useRef(ids);
  idsRef.current = ids;

  // A finished upload moves from the progress list into the answer.
  const done = uploads.items.filter((item) => item.status === "done" && item.file);
  useEffect(() => {
    if (done.length === 0) return;
    const added = done.flatMap((item) => (item.file ? [item.file] : []));
    for (const file of added) onFileUploaded?.(file);
    onChange([...idsRef.current, ...added.map((f) => f.id).filter((fid) => !idsRef.current.includes(fid))]);
    for (const item of done) uploads.remove(item.key);
  });

  const busy = uploads.uploading;
  const reportRef = useRef(onUploadingChange);
  reportRef.current = onUploadingChange;
  useEffect(() => reportRef.current?.(busy), [busy]);

  const room = FORM_LIMITS.filesPerField - ids.length - uploads.items.filter((i) => i.status === "uploading").length;
  const add = (list: FileList) => {
    if (preview) return;
    uploads.add(Array.from(list).slice(0, Math.max(0, room)));
  };
  const onDrag = (event: DragEvent<HTMLDivElement>) => {
    if (preview || !event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    setDragging(event.type !== "dragleave");
  };
  const describedBy = [field.help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

  return (
    <Stack gap={4}>
      <Input.Label htmlFor={id} required={field.required}>
        {field.label}
      </Input.Label>
      {field.help ? <Input.Description id={`${id}-help`}>{field.help}</Input.Description> : null}
      <Paper
        p="md"
        mt={4}
        onDragEnter={onDrag}
        onDragOver={onDrag}
        onDragLeave={onDrag}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          if (event.dataTransfer.files.length) add(event.dataTransfer.files);
        }}
        bg={dragging ? "indigo.0" : undefined}
        style={{
          position: "relative",
          borderStyle: "dashed",
          borderWidth: 2,
          borderColor: error ? "var(--mantine-color-red-6)" : dragging ? "var(--mantine-color-indigo-6)" : "var(--mantine-color-gray-4)",
        }}
      >
        <Group justify="center" gap="sm">
          <IconUpload size={20} aria-hidden="true" color="var(--mantine-color-dimmed)" />
          <Text size="sm" c="dimmed">
            {preview
              ? "Clients upload their files here."
              : room <= 0
                ? `The most files this answer takes is ${FORM_LIMITS.filesPerField}.`
                : dragging
                  ? "Drop the files to add them"
                  : "Drag and drop files here, or"}
          </Text>
          {preview || room <= 0 ? null : (
            <Button variant="default" size="xs" onClick={() => inputRef.current?.click()}>
              Choose files
            </Button>
          )}
        </Group>
        <input
          ref={inputRef}
          id={id}
          type="file"
          multiple
          tabIndex={-1}
          disabled={preview || room <= 0}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          required={field.required}
          style={visuallyHidden}
          onChange={(event) => {
            if (event.currentTarget.files?.length) add(event.currentTarget.files);
            event.currentTarget.value = "";
          }}
        />
      </Paper>
      {ids.length || uploads.items.length ? (
        <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-live="polite" aria-label={`${field.label}: files`}>
          {ids.map((fileId) => {
            const file = files[fileId];
            return (
              <FileRow
                key={fileId}
                name={file?.name ?? "Uploaded file"}
                size={file?.size}
                href={file?.url}
                onRemove={() => onChange(ids.filter((other) => other !== fileId))}
              />
            );
          })}
          {uploads.items.map((item) => (
            <FileRow key={item.key} name={item.name} onRemove={() => uploads.remove(item.key)}>
              {item.status === "uploading" ? <Progress value={item.progress} size="sm" aria-label={`Uploading ${item.name}`} /> : null}
              <Text size="xs" c={item.status === "error" ? "red.9" : "dimmed"}>
                {item.status === "error" ? item.error : `${formatSize(item.size)} · Uploading… ${item.progress}%`}
              </Text>
            </FileRow>
          ))}
        </Stack>
      ) : null}
      {error ? (
        <Text id={`${id}-error`} size="sm" c="red.8">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}

/** One field of an onboarding form, by its type: the client's input and the builder's preview. */
export function AnswerField(props: AnswerFieldProps) {
  const { field, value, onChange, onBlur, error } = props;
  const common = {
    label: field.label,
    description: field.help || undefined,
    withAsterisk: field.required,
    "aria-required": field.required || undefined,
    error,
    onBlur,
  };
  switch (field.type) {
    case "short_text":
      return (
        <TextInput
          {...common}
          value={asText(value)}
          autoComplete={autoCompleteFor(field.key)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "long_text":
      return (
        <Textarea {...common} value={asText(value)} autosize minRows={3} maxRows={12} onChange={(e) => onChange(e.currentTarget.value)} />
      );
    case "email":
      return (
        <TextInput
          {...common}
          type="email"
          inputMode="email"
          autoComplete="email"
          value={asText(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "phone":
      return (
        <TextInput
          {...common}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          value={asText(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "url":
      return (
        <TextInput
          {...common}
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="https://"
          value={asText(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "date":
      return (
        <TextInput {...common} type="date" value={asText(value)} onChange={(e) => onChange(e.currentTarget.value || null)} maw={240} />
      );
    case "number":
      return <NumberAnswer {...props} />;
    case "single_choice":
      return (
        <Radio.Group
          label={field.label}
          description={field.help || undefined}
          withAsterisk={field.required}
          error={error}
          value={asText(value) || null}
          onChange={(next) => onChange(next)}
        >
          <Stack gap="xs" mt={6}>
            {field.options
              .filter((o) => o.trim())
              .map((option) => (
                <Radio key={option} value={option} label={option} />
              ))}
          </Stack>
        </Radio.Group>
      );
    case "multiple_choice":
      return (
        <Checkbox.Group
          label={field.label}
          description={field.help || undefined}
          withAsterisk={field.required}
          error={error}
          value={asList(value)}
          onChange={(next) => onChange(next)}
        >
          <Stack gap="xs" mt={6}>
            {field.options
              .filter((o) => o.trim())
              .map((option) => (
                <Checkbox key={option} value={option} label={option} />
              ))}
          </Stack>
        </Checkbox.Group>
      );
    case "checkbox":
      return (
        <Checkbox
          label={
            <>
              {field.label}
              {field.required ? (
                <Text span c="red.8" aria-hidden="true">
                  {" "}
                  *
                </Text>
              ) : null}
            </>
          }
          description={field.help || undefined}
          aria-required={field.required || undefined}
          error={error}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      );
    case "file":
      return <FileAnswer {...props} />;
    default: {
      const never: never = field.type;
      return never;
    }
  }
}
