/**
 * Field limits of the account schemas as plain numbers: the TypeBox schemas in ./schemas build
 * on them, and the web forms read them from here, so the login and sign-up pages check the
 * limits the server enforces without loading TypeBox. One definition, two readers.
 */
export const LIMITS = {
  email: { max: 254 },
  username: { min: 3, max: 40, pattern: "^[A-Za-z0-9._-]+$" },
  personName: { min: 1, max: 120 },
  phone: { max: 40, pattern: "^[0-9+()\\-. ]*$" },
  password: { min: 10, max: 200 },
  token: { min: 20, max: 200 },
} as const;
