/** Onboarding's words and small pure rules the pages share (kept apart so they can be tested). */
import { isChoiceType, type TFormDefinition, type TFormField, type TSubmissionStatus, ZFormField } from "../../../common/onboarding";
import { patternOf } from "../../lib/limits";

export const STATUS_COLORS: Record<TSubmissionStatus, string> = {
  in_progress: "blue",
  submitted: "orange",
  returned: "red",
  approved: "green",
};

/** Short status words for tables and badges (the long ones, SUBMISSION_STATUS_LABELS, head the page). */
export const STATUS_SHORT: Record<TSubmissionStatus, string> = {
  in_progress: "In progress",
  submitted: "Submitted",
  returned: "Returned",
  approved: "Approved",
};

/**
 * A key made from a label: "Preferred job title" → "preferred_job_title". Starts with a letter,
 * letters/digits/_ only, at most 60 characters, and not one of `taken` (a suffix is added).
 */
export function keyFromLabel(label: string, taken: Iterable<string> = [], fallback = "field"): string {
  const slug = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  // A key starts with a letter: "2nd phone" → "field_2nd_phone".
  const base = (/^[0-9]/.test(slug) ? `${fallback}_${slug}` : slug).slice(0, 52).replace(/_+$/, "") || fallback;
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** A field's key as the server takes it (the shared schema's pattern). */
export const KEY_PATTERN = patternOf(ZFormField, "key");

/** The values a show-if can compare with, for the field it names (free text for the others). */
export function showIfChoices(field: TFormField): { value: string; label: string }[] | null {
  if (isChoiceType(field.type)) return field.options.filter((o) => o.trim()).map((o) => ({ value: o, label: o }));
  if (field.type === "checkbox") {
    return [
      { value: "true", label: "Ticked" },
      { value: "false", label: "Not ticked" },
    ];
  }
  return null;
}

/**
 * What is wrong with a form definition before saving it (the server checks the same and names
 * the field); each problem names its section and field. Empty when it may be saved.
 */
export function definitionProblems(definition: TFormDefinition): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const sectionKeys = new Set<string>();
  definition.sections.forEach((section, s) => {
    const where = `Section ${s + 1}${section.title.trim() ? ` (“${section.title.trim()}”)` : ""}`;
    if (!section.title.trim()) problems.push(`${where}: give the section a title.`);
    if (sectionKeys.has(section.key)) problems.push(`${where}: another section has the same key “${section.key}”.`);
    sectionKeys.add(section.key);
    section.fields.forEach((field, f) => {
      const name = `${where}, field ${f + 1}${field.label.trim() ? ` (“${field.label.trim()}”)` : ""}`;
      if (!field.label.trim()) problems.push(`${name}: give the field a label.`);
      if (!KEY_PATTERN.test(field.key)) problems.push(`${name}: the key must start with a letter and use only a–z, 0–9 and _.`);
      else if (seen.has(field.key)) problems.push(`${name}: another field already uses the key “${field.key}”.`);
      if (isChoiceType(field.type) && field.options.filter((o) => o.trim()).length === 0)
        problems.push(`${name}: add at least one option.`);
      const options = field.options.map((o) => o.trim()).filter(Boolean);
      if (new Set(options).size !== options.length) problems.push(`${name}: two options are the same.`);
      if (field.showIf) {
        if (!seen.has(field.showIf.field)) problems.push(`${name}: “show only when” must name a field above this one.`);
        else if (!field.showIf.equals.trim()) problems.push(`${name}: choose the answer that shows this field.`);
      }
      seen.add(field.key);
    });
  });
  return problems;
}

/** The definition as the server takes it: trimmed options only on choice fields. */
export function cleanDefinition(definition: TFormDefinition): TFormDefinition {
  return {
    sections: definition.sections.map((section) => ({
      ...section,
      title: section.title.trim(),
      fields: section.fields.map((field) => ({
        ...field,
        label: field.label.trim(),
        options: isChoiceType(field.type) ? field.options.map((o) => o.trim()).filter(Boolean) : [],
      })),
    })),
  };
}
