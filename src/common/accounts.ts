/**
 * Rules about client accounts both sides apply: how a company name is compared (case and
 * spacing never make two companies), and which email domains can place a registration.
 */

/** The key two company names are compared by: "Doe  Bakery " and "doe bakery" are one company. */
export function companyKey(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLocaleLowerCase("en-US");
}

/** A domain as stored and matched: lower case, no leading "@" or trailing dot. */
export function normalizeDomain(value: string): string {
  return value.trim().toLowerCase().replace(/^@+/, "").replace(/\.+$/, "");
}

/** One label.label… of letters, digits and hyphens, with a top-level part of two or more letters. */
export const DOMAIN_PATTERN = "^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$";

/**
 * Free email providers: thousands of unrelated people share them, so a registration from one
 * never places anyone in a company by its domain.
 */
export const SHARED_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "ymail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "t-online.de",
  "orange.fr",
  "free.fr",
  "laposte.net",
  "libero.it",
  "mail.ru",
  "yandex.ru",
  "yandex.com",
  "qq.com",
  "163.com",
]);

/** The domain of an email address (after the last "@"), normalised. */
export const domainOf = (email: string): string => normalizeDomain(email.slice(email.lastIndexOf("@") + 1));
