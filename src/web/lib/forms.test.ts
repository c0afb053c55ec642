import type { UseFormReturnType } from "@mantine/form";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import {
  applyServerError,
  validateConfirm,
  validateEmail,
  validatePassword,
  validatePhone,
  validateRequired,
  validateUsername,
} from "./forms";

/** The two form methods applyServerError uses, recording the errors it sets. */
function fakeForm<V extends object>(values: V) {
  const errors: Record<string, string> = {};
  const form = {
    getValues: () => values,
    setFieldError: (field: string, message: string) => {
      errors[field] = message;
    },
  } as unknown as UseFormReturnType<V>;
  return { form, errors };
}

describe("applyServerError", () => {
  it("puts an error for a field on that input and returns nothing for the form", () => {
    const { form, errors } = fakeForm({ email: "", password: "" });
    const result = applyServerError(form, new ApiError(409, "email_taken", "That email is already registered.", "email"));
    expect(result).toBeNull();
    expect(errors).toEqual({ email: "That email is already registered." });
  });

  it("renames the server's field through the field map", () => {
    const { form, errors } = fakeForm({ newPassword: "" });
    const result = applyServerError(form, new ApiError(422, "weak_password", "Too short.", "password"), { password: "newPassword" });
    expect(result).toBeNull();
    expect(errors).toEqual({ newPassword: "Too short." });
  });

  it("returns the message for the form when the form has no such input", () => {
    const { form, errors } = fakeForm({ email: "" });
    expect(applyServerError(form, new ApiError(422, "invalid", "Pick a role.", "role"))).toBe("Pick a role.");
    expect(errors).toEqual({});
  });

  it("does not take an inherited property for an input", () => {
    const { form, errors } = fakeForm({ email: "" });
    expect(applyServerError(form, new ApiError(422, "invalid", "Bad.", "toString"))).toBe("Bad.");
    expect(errors).toEqual({});
  });

  it("returns the message for the form for an error without a field, or not from the API", () => {
    const { form, errors } = fakeForm({ email: "" });
    expect(applyServerError(form, new ApiError(0, "network_error", "Could not reach the server."))).toBe("Could not reach the server.");
    expect(applyServerError(form, new Error("Boom"))).toBe("Boom");
    expect(applyServerError(form, "???")).toBe("Something went wrong. Please try again.");
    expect(errors).toEqual({});
  });
});

describe("validatePassword", () => {
  it("asks for a password of 10 to 200 characters", () => {
    expect(validatePassword("")).toBe("Enter a password.");
    expect(validatePassword("a".repeat(9))).toBe("Use at least 10 characters.");
    expect(validatePassword("a".repeat(10))).toBeNull();
    expect(validatePassword("a".repeat(200))).toBeNull();
    expect(validatePassword("a".repeat(201))).toBe("Use at most 200 characters.");
  });
});

describe("validateConfirm", () => {
  it("asks for the same password again", () => {
    expect(validateConfirm("", "correct horse")).toBe("Repeat the password.");
    expect(validateConfirm("correct hors", "correct horse")).toBe("The passwords do not match.");
    expect(validateConfirm("correct horse", "correct horse")).toBeNull();
  });
});

describe("validateEmail", () => {
  it("accepts an address, spaces around it allowed", () => {
    expect(validateEmail("jane@example.com")).toBeNull();
    expect(validateEmail("  jane.doe+work@mail.example.com.au ")).toBeNull();
  });

  it("asks for one when empty and refuses what is not an address", () => {
    expect(validateEmail("   ")).toBe("Enter an email address.");
    for (const value of ["jane", "jane@example", "@example.com", "jane @example.com", "jane@exa mple.com"]) {
      expect(validateEmail(value), value).toBe("Enter a valid email address.");
    }
  });
});

describe("validateUsername", () => {
  it("accepts 3 to 40 letters, digits, dots, dashes and underscores", () => {
    expect(validateUsername("abc")).toBeNull();
    expect(validateUsername("jane.doe_2-x")).toBeNull();
    expect(validateUsername("a".repeat(40))).toBeNull();
    expect(validateUsername("  jane  ")).toBeNull();
  });

  it("refuses names too short, too long or with other characters", () => {
    expect(validateUsername("ab")).toBe("Use at least 3 characters.");
    expect(validateUsername("  ab  ")).toBe("Use at least 3 characters.");
    expect(validateUsername("a".repeat(41))).toBe("Use at most 40 characters.");
    for (const value of ["jane doe", "jane@doe", "jané"]) {
      expect(validateUsername(value), value).toBe("Use only letters, digits, dots, dashes or underscores.");
    }
  });
});

describe("validateRequired", () => {
  it("asks for the named thing when only spaces are given", () => {
    const subject = validateRequired("a subject");
    expect(subject("")).toBe("Enter a subject.");
    expect(subject("   ")).toBe("Enter a subject.");
    expect(subject("Printer")).toBeNull();
  });
});

describe("validatePhone", () => {
  it("accepts digits, spaces and + ( ) - .", () => {
    expect(validatePhone("+61 (02) 9999-0000")).toBeNull();
    expect(validatePhone("02.9999.0000")).toBeNull();
  });

  it("asks for a number when empty and refuses letters", () => {
    expect(validatePhone("  ")).toBe("Enter a phone number.");
    expect(validatePhone("call me")).toBe("Use digits, spaces and + ( ) - . only.");
    expect(validatePhone("0400 123 456 ext 2")).toBe("Use digits, spaces and + ( ) - . only.");
  });
});
