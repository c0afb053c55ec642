import { Button, Group, Stack, TagsInput, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import type { TCreateAccountRequest } from "../../../common/schemas";
import { FormError } from "../../components/FormError";
import { applyServerError } from "../../lib/forms";

export interface AccountFormValues {
  name: string;
  phone: string;
  website: string;
  domains: string[];
}

interface AccountFormProps {
  initialValues?: AccountFormValues;
  submitLabel: string;
  pending: boolean;
  onSubmit: (input: TCreateAccountRequest) => Promise<unknown>;
  onCancel?: () => void;
  /** Called after a successful submit; the form stays filled with what was saved. */
  onDone?: () => void;
}

/** Company name, phone, website and email domains of a client account, for creating and editing. */
export function AccountForm({ initialValues, submitLabel, pending, onSubmit, onCancel, onDone }: AccountFormProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<AccountFormValues>({
    mode: "uncontrolled",
    initialValues: initialValues ?? { name: "", phone: "", website: "", domains: [] },
    validate: {
      name: (value) => (value.trim() ? null : "Enter the company name."),
      phone: (value) => (/^[0-9+()\-. ]*$/.test(value) ? null : "Use digits, spaces and + ( ) - . only."),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit({ name: values.name.trim(), phone: values.phone.trim(), website: values.website.trim(), domains: values.domains });
      form.resetDirty();
      onDone?.();
    } catch (error) {
      setFormError(applyServerError(form, error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <TextInput label="Company name" required autoComplete="organization" key={form.key("name")} {...form.getInputProps("name")} />
        <TextInput
          label="Phone"
          description="Optional"
          type="tel"
          autoComplete="tel"
          key={form.key("phone")}
          {...form.getInputProps("phone")}
        />
        <TextInput
          label="Website"
          description="Optional"
          placeholder="https://example.com"
          autoComplete="url"
          key={form.key("website")}
          {...form.getInputProps("website")}
        />
        <TagsInput
          label="Email domains"
          description="Optional. When Settings place new registrations by email domain, people registering with an address at these domains join this account. Press Enter after each."
          placeholder="doebakery.com"
          splitChars={[",", " ", ";"]}
          clearable
          key={form.key("domains")}
          {...form.getInputProps("domains")}
        />
        <Group justify="flex-end" gap="sm">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
