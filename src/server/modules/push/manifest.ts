import type { TSettings } from "../../../common/schemas";
import { brandingOf } from "../../../common/settings";

/*
 * The installable portal (a PWA): the web app manifest and its icon, both from the agency's
 * branding, so "Add to Home Screen" shows the agency's name and colour, not Portico's. Public:
 * browsers fetch the manifest without the session cookie.
 */

export const ICON_PATH = "/app-icon.svg";
export const MASKABLE_ICON_PATH = "/app-icon-maskable.svg";

/** "Doe Bakery" → "DB", "Portico" → "P": the first letter (or digit) of the first two words. */
export function initialsOf(name: string): string {
  const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  const letters = words
    .slice(0, 2)
    .map((word) => [...word][0] ?? "")
    .join("")
    .toLocaleUpperCase();
  return letters || "?";
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c);

/**
 * The agency's initials in white on its accent colour (which settings keep readable under white
 * text). `maskable`: the colour fills the whole square and the letters keep to the centre, inside
 * the circle a launcher may cut it to; otherwise a rounded square.
 */
export function initialsIcon(settings: Pick<TSettings, "agencyName" | "accentColor">, maskable: boolean): string {
  const initials = initialsOf(settings.agencyName);
  const size = (maskable ? 200 : 260) - (initials.length > 1 ? 40 : 0);
  // The accent colour is checked by its schema (#rrggbb); escaping is for the name alone, but costs nothing here.
  const colour = escapeXml(settings.accentColor);
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">',
    `<rect width="512" height="512"${maskable ? "" : ' rx="96"'} fill="${colour}"/>`,
    `<text x="256" y="256" dy="0.35em" text-anchor="middle" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-weight="700" font-size="${size}" fill="#ffffff">${escapeXml(initials)}</text>`,
    "</svg>",
  ].join("");
}

interface ManifestIcon {
  src: string;
  sizes: string;
  type?: string;
  purpose: "any" | "maskable";
}

/**
 * The manifest. Icons: the agency's logo when it has one (its real size is unknown, hence
 * "any"), else the initials icon; the maskable initials icon always, because a logo is not drawn
 * for the safe zone a launcher crops to.
 */
export function webManifest(settings: TSettings, logoType: string | undefined) {
  const branding = brandingOf(settings);
  const icons: ManifestIcon[] = branding.logoUrl
    ? [{ src: branding.logoUrl, sizes: "any", ...(logoType ? { type: logoType } : {}), purpose: "any" }]
    : [{ src: ICON_PATH, sizes: "any", type: "image/svg+xml", purpose: "any" }];
  icons.push({ src: MASKABLE_ICON_PATH, sizes: "any", type: "image/svg+xml", purpose: "maskable" });
  return {
    id: "/",
    name: branding.agencyName,
    short_name: branding.agencyName,
    description: `${branding.agencyName}'s client portal`,
    lang: "en",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: branding.accentColor,
    background_color: branding.accentColor,
    icons,
  };
}
