import type { UseFormReturnType } from "@mantine/form";
import { ZSetupRequest } from "../../common/schemas";
import { ApiError, errorMessage } from "../api/client";
import { atLeast, atMost, maxLengthOf, minLengthOf } from "./limits";

/**
 * Shows an API error where the person will look for it: on the named input when the form has
 * one (optionally renamed through `fieldMap`), otherwise returned for a form-level Alert.
 */
export function applyServerError<V extends object>(
  form: UseFormReturnType<V>,
  error: unknown,
  fieldMap: Record<string, string> = {},
): string | null {
  if (error instanceof ApiError && error.field) {
    const field = fieldMap[error.field] ?? error.field;
    if (Object.hasOwn(form.getValues(), field)) {
      form.setFieldError(field, error.message);
      return null;
    }
  }
  return errorMessage(error);
}

const PASSWORD = { min: minLengthOf(ZSetupRequest, "password"), max: maxLengthOf(ZSetupRequest, "password") };
const USERNAME = { min: minLengthOf(ZSetupRequest, "username"), max: maxLengthOf(ZSetupRequest, "username") };

export const PASSWORD_HINT = `At least ${PASSWORD.min} characters.`;

export function validatePassword(value: string): string | null {
  if (!value) return "Enter a password.";
  if (value.length < PASSWORD.min) return atLeast(PASSWORD.min);
  if (value.length > PASSWORD.max) return atMost(PASSWORD.max);
  return null;
}

export function validateConfirm(value: string, password: string): string | null {
  if (!value) return "Repeat the password.";
  return value === password ? null : "The passwords do not match.";
}

export function validateEmail(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return "Enter an email address.";
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? null : "Enter a valid email address.";
}

export function validateUsername(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length < USERNAME.min) return atLeast(USERNAME.min);
  if (trimmed.length > USERNAME.max) return atMost(USERNAME.max);
  return /^[A-Za-z0-9._-]+$/.test(trimmed) ? null : "Use only letters, digits, dots, dashes or underscores.";
}

export function validateRequired(label: string) {
  return (value: string): string | null => (value.trim() ? null : `Enter ${label}.`);
}

export function validatePhone(value: string): string | null {
  if (!value.trim()) return "Enter a phone number.";
  return /^[0-9+()\-. ]*$/.test(value) ? null : "Use digits, spaces and + ( ) - . only.";
}

/** After a failed submit, take keyboard and screen-reader users to the first field to fix. */
export function focusFirstInvalid(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus());
}
