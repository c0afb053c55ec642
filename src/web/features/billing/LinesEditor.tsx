import { ActionIcon, Button, Fieldset, Group, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { MAX_INVOICE_LINES, MAX_LINE_DESCRIPTION, type TInvoiceLine, type TInvoiceLineInput } from "../../../common/billing";
import { computeInvoiceTotals, type InvoiceMathLine, type InvoiceTotals } from "../../../common/invoice-math";
import { minorDigits, parseMoney, parseQuantity, quantityHundredths } from "../../../common/money";
import { readTypedLine } from "../../lib/line-drafts";
import { money, moneyInput, parseTaxRate, quantityText, taxRateInput } from "./words";

/*
 * An invoice's (or credit note's) lines as typed: description, quantity (more than 0, at most 2
 * decimals), unit price and tax rate (%). The totals beside them are a preview computed with the
 * server's own function (invoice-math.ts); the server computes the ones that are kept.
 */

/** A line as typed: text until it is saved. */
export interface LineDraft {
  key: number;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

let nextKey = 0;
export const emptyLine = (taxRate = ""): LineDraft => ({ key: ++nextKey, description: "", quantity: "1", unitPrice: "", taxRate });

/** The saved lines, back into text to edit. */
export function draftsOf(
  lines: ReadonlyArray<Pick<TInvoiceLine, "description" | "quantity" | "unitPriceMinor" | "taxRateBasisPoints">>,
  currency: string,
): LineDraft[] {
  const digits = minorDigits(currency);
  return lines.map((line) => ({
    key: ++nextKey,
    description: line.description,
    quantity: String(line.quantity),
    unitPrice: moneyInput(line.unitPriceMinor, digits),
    taxRate: line.taxRateBasisPoints ? taxRateInput(line.taxRateBasisPoints) : "",
  }));
}

/** The lines to send, or what is wrong with each (keyed `N.field`). */
export function readLines(drafts: LineDraft[], currency: string): { lines?: TInvoiceLineInput[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const lines: TInvoiceLineInput[] = [];
  drafts.forEach((draft, i) => {
    const line = readTypedLine(draft, i, currency, MAX_LINE_DESCRIPTION, errors);
    const taxRateBasisPoints = parseTaxRate(draft.taxRate);
    if (taxRateBasisPoints === undefined) errors[`${i}.taxRate`] = "A rate from 0 to 100, e.g. 10.";
    if (line && taxRateBasisPoints !== undefined) lines.push({ ...line, taxRateBasisPoints });
  });
  return Object.keys(errors).length ? { errors } : { lines, errors };
}

/** A typed line for the math; a part not yet readable counts as nothing. */
function mathLine(draft: LineDraft, currency: string): InvoiceMathLine {
  const quantity = parseQuantity(draft.quantity);
  const hundredths = quantity === undefined ? undefined : quantityHundredths(quantity);
  const price = parseMoney(draft.unitPrice, currency);
  return { quantityHundredths: hundredths ?? 0, unitPriceMinor: price ?? 0, taxRateBasisPoints: parseTaxRate(draft.taxRate) ?? 0 };
}

/** The totals of the lines typed so far, with the discount; the discount error when it is larger than the subtotal. */
export function previewTotals(
  drafts: LineDraft[],
  currency: string,
  discountMinor: number,
): { totals: InvoiceTotals; discountTooLarge: boolean } {
  const lines = drafts.map((draft) => mathLine(draft, currency));
  const result = computeInvoiceTotals(lines, discountMinor);
  if (result.ok) return { totals: result.totals, discountTooLarge: false };
  const undiscounted = computeInvoiceTotals(lines, 0);
  if (!undiscounted.ok) throw new Error("invoice math refused a zero discount");
  return { totals: undiscounted.totals, discountTooLarge: true };
}

/** Subtotal, discount, tax and total, as a definition list. */
export function TotalsList({ totals, currency, extra }: { totals: InvoiceTotals; currency: string; extra?: ReactNode }) {
  return (
    <Stack component="dl" gap={6} m={0}>
      <TotalRow label="Subtotal" value={money(totals.subtotalMinor, currency)} />
      {totals.discountMinor ? <TotalRow label="Discount" value={`−${money(totals.discountMinor, currency)}`} /> : null}
      <TotalRow label="Tax" value={money(totals.taxMinor, currency)} />
      <TotalRow label="Total" value={money(totals.totalMinor, currency)} strong divided />
      {extra}
    </Stack>
  );
}

/** One row of a totals list (a `dt` and its `dd`); `divided` draws the rule above the total. */
export function TotalRow({
  label,
  value,
  strong = false,
  divided = false,
}: {
  label: string;
  value: string;
  strong?: boolean;
  divided?: boolean;
}) {
  return (
    <Group
      justify="space-between"
      gap="sm"
      wrap="nowrap"
      pt={divided ? 6 : undefined}
      style={divided ? { borderTop: "1px solid var(--mantine-color-gray-3)" } : undefined}
    >
      <Text component="dt" size="sm" fw={strong ? 700 : undefined} c={strong ? undefined : "dimmed"}>
        {label}
      </Text>
      <Text component="dd" m={0} size={strong ? "lg" : "sm"} fw={strong ? 700 : undefined} style={{ fontVariantNumeric: "tabular-nums" }}>
        {value}
      </Text>
    </Group>
  );
}

interface LinesEditorProps {
  drafts: LineDraft[];
  onChange: (drafts: LineDraft[]) => void;
  currency: string;
  errors: Record<string, string>;
  /** The tax rate a new line starts with (the agency's default), as typed. */
  defaultTaxRate?: string;
  /** The invoice's discount, so each line shows its tax after its share of it. */
  discountMinor?: number;
}

/** Add, remove and reorder lines; each shows its amount and tax as the server will compute them. */
export function LinesEditor({ drafts, onChange, currency, errors, defaultTaxRate = "", discountMinor = 0 }: LinesEditorProps) {
  const set = (key: number, change: Partial<LineDraft>) => onChange(drafts.map((d) => (d.key === key ? { ...d, ...change } : d)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...drafts];
    const [line] = next.splice(index, 1);
    if (line) next.splice(index + by, 0, line);
    onChange(next);
  };
  const preview = previewTotals(drafts, currency, discountMinor).totals;
  return (
    <Stack gap="sm">
      {drafts.map((draft, i) => {
        const line = preview.lines[i];
        const readable = parseQuantity(draft.quantity) !== undefined && parseMoney(draft.unitPrice, currency) !== undefined;
        return (
          <Fieldset key={draft.key} legend={`Line ${i + 1}`} p="sm" variant="filled">
            <Stack gap="xs">
              <TextInput
                label="Description"
                required
                maxLength={MAX_LINE_DESCRIPTION}
                value={draft.description}
                onChange={(e) => set(draft.key, { description: e.currentTarget.value })}
                error={errors[`${i}.description`]}
              />
              <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs" verticalSpacing="xs">
                <TextInput
                  label="Quantity"
                  required
                  inputMode="decimal"
                  value={draft.quantity}
                  onChange={(e) => set(draft.key, { quantity: e.currentTarget.value })}
                  error={errors[`${i}.quantity`]}
                />
                <TextInput
                  label={`Unit price (${currency})`}
                  required
                  inputMode="decimal"
                  value={draft.unitPrice}
                  onChange={(e) => set(draft.key, { unitPrice: e.currentTarget.value })}
                  error={errors[`${i}.unitPrice`]}
                />
                <TextInput
                  label="Tax rate (%)"
                  inputMode="decimal"
                  placeholder="0"
                  value={draft.taxRate}
                  onChange={(e) => set(draft.key, { taxRate: e.currentTarget.value })}
                  error={errors[`${i}.taxRate`]}
                />
              </SimpleGrid>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text size="sm" c="dimmed">
                  {readable && line
                    ? [
                        `${quantityText(parseQuantity(draft.quantity) ?? 0)} × ${money(parseMoney(draft.unitPrice, currency) ?? 0, currency)} = ${money(line.amountMinor, currency)}`,
                        line.discountMinor ? `discount −${money(line.discountMinor, currency)}` : null,
                        line.taxMinor ? `tax ${money(line.taxMinor, currency)}` : null,
                      ]
                        .filter(Boolean)
                        .join(" · ")
                    : "Amount: —"}
                </Text>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Move line ${i + 1} up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    <IconArrowUp size={16} aria-hidden="true" />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Move line ${i + 1} down`}
                    disabled={i === drafts.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    <IconArrowDown size={16} aria-hidden="true" />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove line ${i + 1}`}
                    disabled={drafts.length === 1}
                    onClick={() => onChange(drafts.filter((d) => d.key !== draft.key))}
                  >
                    <IconTrash size={16} aria-hidden="true" />
                  </ActionIcon>
                </Group>
              </Group>
            </Stack>
          </Fieldset>
        );
      })}
      <Group gap="sm">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden="true" />}
          disabled={drafts.length >= MAX_INVOICE_LINES}
          onClick={() => onChange([...drafts, emptyLine(defaultTaxRate)])}
        >
          Add a line
        </Button>
      </Group>
    </Stack>
  );
}
