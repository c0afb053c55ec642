import { PasswordInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { PASSWORD_HINT } from "../lib/forms";

type StringKeys<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

interface NewPasswordFieldsProps<V extends object> {
  form: UseFormReturnType<V>;
  /** The form field holding the new password. */
  field?: StringKeys<V>;
  /** The form field holding its repetition. */
  confirmField?: StringKeys<V>;
  /** Label of the first field, e.g. "New password"; the second is "Confirm <label>". */
  label?: string;
}

/**
 * A new password and its repetition, labelled "Password" / "Confirm password" (or "New
 * password" / "Confirm new password"), with the length hint and `new-password` autocomplete so
 * password managers offer to generate and save one.
 */
export function NewPasswordFields<V extends object>({
  form,
  field = "password" as StringKeys<V>,
  confirmField = "confirmPassword" as StringKeys<V>,
  label = "Password",
}: NewPasswordFieldsProps<V>) {
  return (
    <>
      <PasswordInput
        label={label}
        description={PASSWORD_HINT}
        autoComplete="new-password"
        required
        key={form.key(field)}
        {...form.getInputProps(field)}
      />
      <PasswordInput
        label={`Confirm ${label.charAt(0).toLowerCase()}${label.slice(1)}`}
        autoComplete="new-password"
        required
        key={form.key(confirmField)}
        {...form.getInputProps(confirmField)}
      />
    </>
  );
}
