/** The form builder's working state and its pure edits (kept apart so they can be tested). */
import { isChoiceType, type TFieldType, type TFormDefinition, type TFormField, type TFormSection } from "../../../../common/onboarding";
import { keyFromLabel } from "../words";

/** A field being edited: `uid` keeps React's identity while the key changes; `autoKey` follows the label. */
export interface EditField extends TFormField {
  uid: string;
  autoKey: boolean;
}
export interface EditSection extends Omit<TFormSection, "fields"> {
  uid: string;
  fields: EditField[];
}

let counter = 0;
const uid = (prefix: string) => {
  counter += 1;
  return `${prefix}-${counter}`;
};

/** Saved fields keep their keys (answers are stored by them); only new ones follow their label. */
export function toEditSections(definition: TFormDefinition): EditSection[] {
  return definition.sections.map((section) => ({
    ...section,
    uid: uid("section"),
    fields: section.fields.map((field) => ({ ...field, uid: uid("field"), autoKey: false })),
  }));
}

export function toDefinition(sections: EditSection[]): TFormDefinition {
  return {
    sections: sections.map(({ uid: _s, fields, ...section }) => ({
      ...section,
      fields: fields.map(({ uid: _f, autoKey: _a, ...field }) => field),
    })),
  };
}

const allKeys = (sections: EditSection[], except?: string) =>
  sections
    .flatMap((s) => s.fields)
    .filter((f) => f.uid !== except)
    .map((f) => f.key);

export function newSection(sections: EditSection[]): EditSection {
  const title = `Section ${sections.length + 1}`;
  return {
    uid: uid("section"),
    key: keyFromLabel(
      title,
      sections.map((s) => s.key),
      "section",
    ),
    title,
    description: "",
    fields: [],
  };
}

export function newField(sections: EditSection[], type: TFieldType = "short_text"): EditField {
  const label = "New question";
  return {
    uid: uid("field"),
    autoKey: true,
    key: keyFromLabel(label, allKeys(sections)),
    label,
    type,
    required: false,
    help: "",
    options: isChoiceType(type) ? ["Option 1", "Option 2"] : [],
    showIf: null,
  };
}

/** Moves item `from` one place up (-1) or down (+1); unchanged at the ends. */
export function move<T>(items: T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return items;
  const next = items.slice();
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

/** Applies a change to one field; a renamed key is followed by every show-if naming it. */
export function updateField(sections: EditSection[], fieldUid: string, change: Partial<EditField>): EditSection[] {
  const before = sections.flatMap((s) => s.fields).find((f) => f.uid === fieldUid);
  if (!before) return sections;
  let after: EditField = { ...before, ...change };
  if (change.label !== undefined && after.autoKey) after = { ...after, key: keyFromLabel(change.label, allKeys(sections, fieldUid)) };
  if (change.type !== undefined && change.type !== before.type) {
    if (isChoiceType(change.type) && after.options.length === 0) after = { ...after, options: ["Option 1", "Option 2"] };
    if (!isChoiceType(change.type)) after = { ...after, options: [] };
  }
  const renamed = after.key !== before.key ? { from: before.key, to: after.key } : null;
  return sections.map((section) => ({
    ...section,
    fields: section.fields.map((field) => {
      if (field.uid === fieldUid) return after;
      if (renamed && field.showIf?.field === renamed.from) return { ...field, showIf: { ...field.showIf, field: renamed.to } };
      return field;
    }),
  }));
}

/** Removes fields (by uid); show-ifs that named them are cleared. */
export function removeFields(sections: EditSection[], uids: Set<string>): EditSection[] {
  const gone = new Set(
    sections
      .flatMap((s) => s.fields)
      .filter((f) => uids.has(f.uid))
      .map((f) => f.key),
  );
  return sections.map((section) => ({
    ...section,
    fields: section.fields.filter((f) => !uids.has(f.uid)).map((f) => (f.showIf && gone.has(f.showIf.field) ? { ...f, showIf: null } : f)),
  }));
}

/** Moves a field up or down; past the start or end of its section it joins the neighbouring one. */
export function moveField(sections: EditSection[], fieldUid: string, by: -1 | 1): EditSection[] {
  const s = sections.findIndex((section) => section.fields.some((f) => f.uid === fieldUid));
  if (s < 0) return sections;
  const section = sections[s] as EditSection;
  const i = section.fields.findIndex((f) => f.uid === fieldUid);
  const field = section.fields[i] as EditField;
  const within = i + by >= 0 && i + by < section.fields.length;
  if (within) return sections.map((x, n) => (n === s ? { ...x, fields: move(x.fields, i, by) } : x));
  const target = s + by;
  if (target < 0 || target >= sections.length) return sections;
  return sections.map((x, n) => {
    if (n === s) return { ...x, fields: x.fields.filter((f) => f.uid !== fieldUid) };
    if (n === target) return { ...x, fields: by < 0 ? [...x.fields, field] : [field, ...x.fields] };
    return x;
  });
}
