import type { TFormDefinition, TFormField } from "../../../common/onboarding";

/** The default form's name and description, in the seed's words (seed 000, "Complete onboarding"). */
export const DEFAULT_FORM_NAME = "Onboarding form";
export const DEFAULT_FORM_DESCRIPTION =
  "Fill in the onboarding form with accurate personal information, work preferences, resume details, and any files or instructions your team needs before work begins.";

const field = (key: string, label: string, type: TFormField["type"], more: Partial<TFormField> = {}): TFormField => ({
  key,
  label,
  type,
  required: true,
  help: "",
  options: [],
  showIf: null,
  ...more,
});

/** The form every installation starts with, published as version 1 and the default. */
export const DEFAULT_FORM: TFormDefinition = {
  sections: [
    {
      key: "personal",
      title: "Personal information",
      description: "Who you are and how we reach you.",
      fields: [
        field("full_name", "Full name", "short_text"),
        field("email", "Email", "email"),
        field("phone", "Phone", "phone", { help: "Include the country code, e.g. +44 20 7946 0000." }),
        field("date_of_birth", "Date of birth", "date", { required: false }),
        field("city_country", "City and country", "short_text", { help: "Where you are based, e.g. Lisbon, Portugal." }),
      ],
    },
    {
      key: "work_preferences",
      title: "Work preferences",
      description: "How and when you would like to work.",
      fields: [
        field("work_type", "Type of work", "single_choice", { options: ["Remote", "Hybrid", "On-site"] }),
        field("preferred_roles", "Preferred roles", "short_text", { help: "e.g. Front-end developer, content writer." }),
        field("available_from", "Available from", "date"),
        field("expected_rate", "Expected rate", "number", { required: false, help: "Per hour, in your usual currency." }),
        field("relocate", "Willing to relocate?", "checkbox", { required: false, help: "Tick if you would move for the work." }),
        field("relocate_where", "Where to?", "short_text", { showIf: { field: "relocate", equals: "true" } }),
      ],
    },
    {
      key: "resume",
      title: "Resume details",
      description: "Your resume as a file, and the highlights in a few words.",
      fields: [
        field("resume_file", "Resume", "file", { help: "PDF or Word document." }),
        field("summary", "Professional summary", "long_text", { help: "A few sentences about your experience." }),
        field("key_skills", "Key skills", "long_text", { help: "One per line, or separated by commas." }),
        field("linkedin", "LinkedIn profile", "url", { required: false, help: "https://www.linkedin.com/in/…" }),
      ],
    },
    {
      key: "files",
      title: "Files",
      description: "Anything else your team needs: certificates, portfolios, ID documents.",
      fields: [field("other_files", "Other files", "file", { required: false, help: "You can add several files." })],
    },
    {
      key: "instructions",
      title: "Instructions for the team",
      description: "Anything the team should know before work begins.",
      fields: [
        field("instructions", "Instructions for the team", "long_text", { required: false }),
        field("confirm_accurate", "I confirm the information above is accurate", "checkbox"),
      ],
    },
  ],
};
