import { ActionIcon, Badge, Button, Collapse, Group, Paper, Select, Stack, Switch, Text, Textarea, TextInput } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconChevronDown, IconChevronUp, IconTrash } from "@tabler/icons-react";
import { FIELD_TYPE_LABELS, FIELD_TYPES, FORM_LIMITS, isChoiceType, type TFieldType, type TFormField } from "../../../../common/onboarding";
import { KEY_PATTERN, showIfChoices } from "../words";
import type { EditField } from "./builder";

interface FieldEditorProps {
  field: EditField;
  /** The fields above this one in the form: the only ones a show-if may name. */
  earlier: TFormField[];
  open: boolean;
  onToggle: () => void;
  onChange: (change: Partial<EditField>) => void;
  onMove: (by: -1 | 1) => void;
  canMoveUp: boolean;
  canMoveDown: boolean;
  onRemove: () => void;
}

const TYPE_OPTIONS = FIELD_TYPES.map((t) => ({ value: t, label: FIELD_TYPE_LABELS[t] }));

function ShowIfEditor({ field, earlier, onChange }: Pick<FieldEditorProps, "field" | "earlier" | "onChange">) {
  const parent = field.showIf ? earlier.find((f) => f.key === field.showIf?.field) : undefined;
  const choices = parent ? showIfChoices(parent) : null;
  return (
    <Stack gap="xs">
      <Select
        label="Show this field only when"
        description="Leave on “Always” to show it to everyone."
        data={[{ value: "", label: "Always show it" }, ...earlier.map((f) => ({ value: f.key, label: f.label || f.key }))]}
        value={field.showIf?.field ?? ""}
        onChange={(value) => {
          const next = earlier.find((f) => f.key === value);
          const first = next ? showIfChoices(next)?.[0]?.value : undefined;
          onChange({ showIf: next ? { field: next.key, equals: first ?? "" } : null });
        }}
        allowDeselect={false}
        searchable={earlier.length > 8}
        comboboxProps={{ withinPortal: true }}
      />
      {field.showIf && parent ? (
        choices ? (
          <Select
            label={`…“${parent.label}” is`}
            data={choices}
            value={field.showIf.equals || null}
            onChange={(value) => onChange({ showIf: { field: parent.key, equals: value ?? "" } })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        ) : (
          <TextInput
            label={`…“${parent.label}” is`}
            description="The exact answer that shows this field."
            value={field.showIf.equals}
            maxLength={FORM_LIMITS.label}
            onChange={(e) => onChange({ showIf: { field: parent.key, equals: e.currentTarget.value } })}
          />
        )
      ) : null}
    </Stack>
  );
}

/** One field of the builder: a summary line, and its settings when opened. */
export function FieldEditor(props: FieldEditorProps) {
  const { field, open, onToggle, onChange, onMove, onRemove } = props;
  const keyError = KEY_PATTERN.test(field.key) ? null : "Start with a letter; use only a–z, 0–9 and _.";
  const settingsId = `field-settings-${field.uid}`;
  return (
    <Paper withBorder p="sm" radius="sm" bg={open ? "gray.0" : undefined}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
            {field.label || "Untitled field"}
            {field.required ? (
              <Text span c="red.8" aria-label="required">
                {" "}
                *
              </Text>
            ) : null}
          </Text>
          <Group gap={4} wrap="wrap">
            <Badge size="xs" variant="light" color="gray" style={{ textTransform: "none" }}>
              {FIELD_TYPE_LABELS[field.type]}
            </Badge>
            {field.showIf ? (
              <Badge size="xs" variant="light" color="violet" style={{ textTransform: "none" }}>
                Shown if…
              </Badge>
            ) : null}
          </Group>
        </Stack>
        <Group gap={2} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`Move “${field.label}” up`}
            onClick={() => onMove(-1)}
            disabled={!props.canMoveUp}
          >
            <IconArrowUp size={16} aria-hidden="true" />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`Move “${field.label}” down`}
            onClick={() => onMove(1)}
            disabled={!props.canMoveDown}
          >
            <IconArrowDown size={16} aria-hidden="true" />
          </ActionIcon>
          <ActionIcon variant="subtle" color="red" aria-label={`Remove “${field.label}”`} onClick={onRemove}>
            <IconTrash size={16} aria-hidden="true" />
          </ActionIcon>
          <Button
            variant="light"
            size="compact-sm"
            onClick={onToggle}
            aria-expanded={open}
            aria-controls={settingsId}
            rightSection={open ? <IconChevronUp size={14} aria-hidden="true" /> : <IconChevronDown size={14} aria-hidden="true" />}
          >
            {open ? "Done" : "Edit"}
          </Button>
        </Group>
      </Group>
      <Collapse in={open}>
        <Stack gap="sm" mt="sm" id={settingsId}>
          <TextInput
            label="Label"
            required
            maxLength={FORM_LIMITS.label}
            value={field.label}
            onChange={(e) => onChange({ label: e.currentTarget.value })}
            error={field.label.trim() ? null : "Give the field a label."}
          />
          <Group grow gap="sm" align="flex-start" wrap="wrap">
            <Select
              label="Type"
              data={TYPE_OPTIONS}
              value={field.type}
              onChange={(value) => value && onChange({ type: value as TFieldType })}
              allowDeselect={false}
              miw={180}
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              label="Key"
              description={field.autoKey ? "Made from the label; answers are stored by it." : "Answers are stored by it."}
              value={field.key}
              maxLength={60}
              onChange={(e) => onChange({ key: e.currentTarget.value.toLowerCase(), autoKey: false })}
              error={keyError}
              miw={180}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            />
          </Group>
          <Switch label="Required" checked={field.required} onChange={(e) => onChange({ required: e.currentTarget.checked })} />
          <Textarea
            label="Help text"
            description="Shown under the label."
            autosize
            minRows={2}
            maxLength={FORM_LIMITS.help}
            value={field.help}
            onChange={(e) => onChange({ help: e.currentTarget.value })}
          />
          {isChoiceType(field.type) ? (
            <Textarea
              label="Options"
              description="One per line, in the order clients see them."
              required
              autosize
              minRows={3}
              value={field.options.join("\n")}
              onChange={(e) => onChange({ options: e.currentTarget.value.split("\n").slice(0, FORM_LIMITS.options) })}
              error={field.options.some((o) => o.trim()) ? null : "Add at least one option."}
            />
          ) : null}
          {props.earlier.length ? (
            <ShowIfEditor field={field} earlier={props.earlier} onChange={onChange} />
          ) : (
            <Text size="xs" c="dimmed">
              Fields further down the form can be shown depending on this one’s answer.
            </Text>
          )}
        </Stack>
      </Collapse>
    </Paper>
  );
}
