// Plain numbers, not the TypeBox schemas built on them: the login page loads this module.
import { LIMITS } from "../../common/limits";
import { ApiError, errorMessage } from "../api/client";
import { atLeast, atMost } from "./limits";

/** What applyServerError needs of a form: a Mantine `useForm` has it, and so can a form kept in plain state (the login page's). */
export interface FieldErrorTarget {
  getValues(): object;
  setFieldError(field: string, message: string): void;
}

/**
 * Shows an API error where the person will look for it: on the named input when the form has
 * one (optionally renamed through `fieldMap`), otherwise returned for a form-level Alert.
 */
export function applyServerError(form: FieldErrorTarget, error: unknown, fieldMap: Record<string, string> = {}): string | null {
  if (error instanceof ApiError && error.field) {
    const field = fieldMap[error.field] ?? error.field;
    if (Object.hasOwn(form.getValues(), field)) {
      form.setFieldError(field, error.message);
      return null;
    }
  }
  return errorMessage(error);
}

const PASSWORD = LIMITS.password;
const USERNAME = LIMITS.username;
const USERNAME_PATTERN = new RegExp(USERNAME.pattern);
const PHONE_PATTERN = new RegExp(LIMITS.phone.pattern);

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
  return USERNAME_PATTERN.test(trimmed) ? null : "Use only letters, digits, dots, dashes or underscores.";
}

export function validateRequired(label: string) {
  return (value: string): string | null => (value.trim() ? null : `Enter ${label}.`);
}

export function validatePhone(value: string): string | null {
  if (!value.trim()) return "Enter a phone number.";
  return PHONE_PATTERN.test(value) ? null : "Use digits, spaces and + ( ) - . only.";
}

/** After a failed submit, take keyboard and screen-reader users to the first field to fix. */
export function focusFirstInvalid(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus());
}
