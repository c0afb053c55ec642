import { partialMatchKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { TFormDefinition, TFormField } from "../../../common/onboarding";
import { moveField, removeFields, toDefinition, toEditSections, updateField } from "./admin/builder";
import { onboardingKeys, onboardingLiveKeys } from "./api";
import { cleanDefinition, definitionProblems, keyFromLabel, showIfChoices } from "./words";

const field = (key: string, over: Partial<TFormField> = {}): TFormField => ({
  key,
  label: key,
  type: "short_text",
  required: false,
  help: "",
  options: [],
  showIf: null,
  ...over,
});

const form = (...sections: TFormField[][]): TFormDefinition => ({
  sections: sections.map((fields, i) => ({ key: `s${i + 1}`, title: `Section ${i + 1}`, description: "", fields })),
});

describe("keyFromLabel", () => {
  it("makes a key the server accepts from any label", () => {
    expect(keyFromLabel("Preferred job title")).toBe("preferred_job_title");
    expect(keyFromLabel("Résumé / CV (PDF)")).toBe("resume_cv_pdf");
    expect(keyFromLabel("2nd phone")).toBe("field_2nd_phone");
    expect(keyFromLabel("!!!")).toBe("field");
    expect(keyFromLabel("x".repeat(80)).length).toBeLessThanOrEqual(60);
  });

  it("never reuses a key already taken", () => {
    expect(keyFromLabel("Email", ["email"])).toBe("email_2");
    expect(keyFromLabel("Email", ["email", "email_2"])).toBe("email_3");
  });
});

describe("definitionProblems", () => {
  it("accepts a well-formed form", () => {
    const ok = form(
      [field("role", { type: "single_choice", options: ["Designer", "Writer"] })],
      [field("portfolio", { type: "url", showIf: { field: "role", equals: "Designer" } })],
    );
    expect(definitionProblems(ok)).toEqual([]);
  });

  it("names the section and field of each problem", () => {
    const bad = form(
      [field("name"), field("name"), field("pick", { type: "multiple_choice", options: [] })],
      [field("later", { showIf: { field: "unknown", equals: "x" } }), field("Bad Key")],
    );
    const problems = definitionProblems(bad);
    expect(problems.some((p) => p.includes("Section 1") && p.includes("field 2") && p.includes("“name”"))).toBe(true);
    expect(problems.some((p) => p.includes("field 3") && p.includes("option"))).toBe(true);
    expect(problems.some((p) => p.includes("Section 2") && p.includes("above this one"))).toBe(true);
    expect(problems.some((p) => p.includes("the key must start with a letter"))).toBe(true);
  });

  it("refuses a show-if on a later field or on itself", () => {
    const later = form([field("a", { showIf: { field: "b", equals: "x" } }), field("b")]);
    const self = form([field("a", { showIf: { field: "a", equals: "x" } })]);
    expect(definitionProblems(later)).toHaveLength(1);
    expect(definitionProblems(self)).toHaveLength(1);
  });
});

describe("cleanDefinition", () => {
  it("drops blank options and options of non-choice fields", () => {
    const cleaned = cleanDefinition(
      form([field("a", { type: "single_choice", options: [" Yes ", "", "No"] }), field("b", { options: ["stale"] })]),
    );
    expect(cleaned.sections[0]?.fields[0]?.options).toEqual(["Yes", "No"]);
    expect(cleaned.sections[0]?.fields[1]?.options).toEqual([]);
  });
});

describe("showIfChoices", () => {
  it("offers a choice field's options and a checkbox's two states", () => {
    expect(showIfChoices(field("a", { type: "single_choice", options: ["X", "Y"] }))?.map((c) => c.value)).toEqual(["X", "Y"]);
    expect(showIfChoices(field("b", { type: "checkbox" }))?.map((c) => c.value)).toEqual(["true", "false"]);
    expect(showIfChoices(field("c"))).toBeNull();
  });
});

describe("the builder's edits", () => {
  const start = () =>
    toEditSections(
      form(
        [field("role", { type: "single_choice", options: ["A"] }), field("detail", { showIf: { field: "role", equals: "A" } })],
        [field("notes")],
      ),
    );

  it("keeps saved keys when a label changes, and round-trips the definition", () => {
    const sections = start();
    const role = sections[0]?.fields[0];
    const next = updateField(sections, role?.uid ?? "", { label: "Your role" });
    expect(toDefinition(next).sections[0]?.fields[0]).toMatchObject({ key: "role", label: "Your role" });
    expect(toDefinition(start())).toEqual(
      form(
        [field("role", { type: "single_choice", options: ["A"] }), field("detail", { showIf: { field: "role", equals: "A" } })],
        [field("notes")],
      ),
    );
  });

  it("follows a renamed key in every show-if naming it", () => {
    const sections = start();
    const next = updateField(sections, sections[0]?.fields[0]?.uid ?? "", { key: "job_role", autoKey: false });
    expect(toDefinition(next).sections[0]?.fields[1]?.showIf).toEqual({ field: "job_role", equals: "A" });
  });

  it("clears show-ifs naming a removed field", () => {
    const sections = start();
    const next = removeFields(sections, new Set([sections[0]?.fields[0]?.uid ?? ""]));
    expect(toDefinition(next).sections[0]?.fields).toEqual([field("detail")]);
  });

  it("moves a field past the end of its section into the next one", () => {
    const sections = start();
    const next = moveField(sections, sections[0]?.fields[1]?.uid ?? "", 1);
    expect(toDefinition(next).sections.map((s) => s.fields.map((f) => f.key))).toEqual([["role"], ["detail", "notes"]]);
    expect(moveField(next, next[0]?.fields[0]?.uid ?? "", -1)).toEqual(next);
  });

  it("clears options when a choice field becomes a text field", () => {
    const sections = start();
    const next = updateField(sections, sections[0]?.fields[0]?.uid ?? "", { type: "long_text" });
    expect(toDefinition(next).sections[0]?.fields[0]?.options).toEqual([]);
  });
});

describe("onboardingKeys", () => {
  it("refreshes the open submission, the client's current one and the lists on a pushed change", () => {
    const keys = onboardingLiveKeys.onboarding_submission?.("sub-1") ?? [];
    expect(keys.some((k) => partialMatchKey(onboardingKeys.submission("sub-1"), k))).toBe(true);
    expect(keys.some((k) => partialMatchKey(onboardingKeys.current, k))).toBe(true);
    expect(keys.some((k) => partialMatchKey(onboardingKeys.submissionList({ status: "submitted" }), k))).toBe(true);
  });
});
