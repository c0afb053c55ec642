import { ActionIcon, Button, Divider, Fieldset, Group, Stack, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { MAX_QUOTE_LINES, type TQuoteLine, type TQuoteLineInput, ZQuoteLineInput } from "../../../common/board";
import { formatMoney, lineAmountMinor, parseMoney, parseQuantity, quantityHundredths } from "../../../common/money";
import { maxLengthOf } from "../../lib/limits";
import { readTypedLine } from "../../lib/line-drafts";

/*
 * A quote's lines: description, quantity (more than 0, at most 2 decimals — 1.5 hours) and unit
 * price; each line's amount is round(quantity × unit price) and the total their sum. The form's
 * total is a preview: the server computes the one that is kept, with the same helpers.
 */

/** The longest line description the server accepts (the shared schema's limit). */
const DESCRIPTION_MAX = maxLengthOf(ZQuoteLineInput, "description");

const quantityText = (quantity: number) => quantity.toLocaleString(undefined, { maximumFractionDigits: 2 });

/** The lines and total of a quote as the client and the agency read it. */
export function QuoteLinesTable({ lines, totalMinor, currency }: { lines: TQuoteLine[]; totalMinor: number; currency: string }) {
  return (
    <Stack gap={6} component="section" aria-label="Quote lines">
      <Stack gap={6} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a quote's lines are fixed once sent; their order is their identity
          <li key={i}>
            <Group justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {line.description}
                </Text>
                <Text size="xs" c="dimmed">
                  {quantityText(line.quantity)} × {formatMoney(line.unitPriceMinor, currency)}
                </Text>
              </Stack>
              <Text size="sm" style={{ flex: "none" }}>
                {formatMoney(line.amountMinor, currency)}
              </Text>
            </Group>
          </li>
        ))}
      </Stack>
      <Divider />
      <Group justify="space-between" gap="sm">
        <Text size="sm" fw={700}>
          Total
        </Text>
        <Text fz="lg" fw={700}>
          {formatMoney(totalMinor, currency)}
        </Text>
      </Group>
    </Stack>
  );
}

/** A line as typed: text until it is sent. */
export interface LineDraft {
  key: number;
  description: string;
  quantity: string;
  unitPrice: string;
}

let nextKey = 0;
export const emptyLine = (): LineDraft => ({ key: ++nextKey, description: "", quantity: "1", unitPrice: "" });

/** The lines to send, or what is wrong with each (keyed `N.field`); the total is only a preview. */
export function readLines(drafts: LineDraft[], currency: string): { lines?: TQuoteLineInput[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const lines: TQuoteLineInput[] = [];
  drafts.forEach((draft, i) => {
    const line = readTypedLine(draft, i, currency, DESCRIPTION_MAX, errors);
    if (line) lines.push(line);
  });
  return Object.keys(errors).length ? { errors } : { lines, errors };
}

/** One typed line's amount, as the server will compute it; undefined until its quantity and price read. */
function draftAmount(draft: LineDraft, currency: string): number | undefined {
  const quantity = parseQuantity(draft.quantity);
  const price = parseMoney(draft.unitPrice, currency);
  const hundredths = quantity === undefined ? undefined : quantityHundredths(quantity);
  return hundredths === undefined || price === undefined ? undefined : lineAmountMinor(hundredths, price);
}

/** The total of the lines typed so far (lines not yet complete count as nothing). */
export function previewTotal(drafts: LineDraft[], currency: string): number {
  return drafts.reduce((sum, draft) => sum + (draftAmount(draft, currency) ?? 0), 0);
}

/** The staff's quote form's lines: add and remove rows, each with its amount, and the live total. */
export function QuoteLinesEditor({
  drafts,
  onChange,
  currency,
  errors,
}: {
  drafts: LineDraft[];
  onChange: (drafts: LineDraft[]) => void;
  currency: string;
  errors: Record<string, string>;
}) {
  const set = (key: number, change: Partial<LineDraft>) => onChange(drafts.map((d) => (d.key === key ? { ...d, ...change } : d)));
  const total = previewTotal(drafts, currency);
  return (
    <Stack gap="xs">
      {drafts.map((draft, i) => {
        const amount = draftAmount(draft, currency);
        return (
          <Fieldset key={draft.key} legend={`Line ${i + 1}`} p="sm" variant="filled">
            <Stack gap="xs">
              <TextInput
                label="Description"
                required
                maxLength={DESCRIPTION_MAX}
                value={draft.description}
                onChange={(e) => set(draft.key, { description: e.currentTarget.value })}
                error={errors[`${i}.description`]}
              />
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  label="Quantity"
                  required
                  inputMode="decimal"
                  value={draft.quantity}
                  onChange={(e) => set(draft.key, { quantity: e.currentTarget.value })}
                  error={errors[`${i}.quantity`]}
                  style={{ flex: 1, minWidth: 0 }}
                />
                <TextInput
                  label={`Unit price (${currency})`}
                  required
                  inputMode="decimal"
                  value={draft.unitPrice}
                  onChange={(e) => set(draft.key, { unitPrice: e.currentTarget.value })}
                  error={errors[`${i}.unitPrice`]}
                  style={{ flex: 1.4, minWidth: 0 }}
                />
              </Group>
              <Group justify="space-between" gap="xs">
                <Text size="sm" c="dimmed" aria-live="polite">
                  {amount !== undefined ? `Line amount: ${formatMoney(amount, currency)}` : "Line amount: —"}
                </Text>
                {drafts.length > 1 ? (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove line ${i + 1}`}
                    onClick={() => onChange(drafts.filter((d) => d.key !== draft.key))}
                  >
                    <IconTrash size={16} aria-hidden="true" />
                  </ActionIcon>
                ) : null}
              </Group>
            </Stack>
          </Fieldset>
        );
      })}
      <Group justify="space-between" gap="sm">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden="true" />}
          disabled={drafts.length >= MAX_QUOTE_LINES}
          onClick={() => onChange([...drafts, emptyLine()])}
        >
          Add a line
        </Button>
        <Text fw={700} aria-live="polite">
          <VisuallyHidden>Quote </VisuallyHidden>Total {formatMoney(total, currency)}
        </Text>
      </Group>
    </Stack>
  );
}

/** "accepted today", "accepted 1 day ago", "accepted 12 days ago": the agency's clock since acceptance. */
export function acceptedAgo(acceptedAt: string, now = Date.now()): string {
  const days = Math.max(0, Math.floor((now - Date.parse(acceptedAt)) / 86_400_000));
  return days === 0 ? "accepted today" : `accepted ${days} ${days === 1 ? "day" : "days"} ago`;
}
