import { answerText, fieldsWithSections, type TAnswers, type TFormDefinition, visibleFieldKeys } from "../../../common/onboarding";

/**
 * A cell as a spreadsheet should read it: text, never a formula. A cell that starts with = + - @
 * (or a tab or carriage return, which some spreadsheets skip before looking) gets a leading
 * apostrophe; every cell is quoted, with quotes doubled.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export const csvLine = (cells: string[]) => cells.map(csvCell).join(",");

/**
 * The answers of every round and the current draft, one row per field shown in any of them:
 * Section, Field, "Round 1", …, "Current answers". File answers by file name. UTF-8 with a BOM
 * (so spreadsheets read accents), CRLF line ends (RFC 4180).
 */
export function answersCsv(
  definition: TFormDefinition,
  rounds: { round: number; answers: TAnswers }[],
  current: TAnswers,
  fileNames: Record<string, string>,
): string {
  const columns = [
    ...rounds.map((r) => ({ title: `Round ${r.round}`, answers: r.answers })),
    { title: "Current answers", answers: current },
  ];
  const shown = columns.map((c) => visibleFieldKeys(definition, c.answers));
  const lines = [csvLine(["Section", "Field", ...columns.map((c) => c.title)])];
  for (const { section, field } of fieldsWithSections(definition)) {
    if (!shown.some((keys) => keys.has(field.key))) continue;
    const cells = columns.map((c, i) => (shown[i]?.has(field.key) ? answerText(field, c.answers[field.key], fileNames) : ""));
    lines.push(csvLine([section.title, field.label, ...cells]));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
