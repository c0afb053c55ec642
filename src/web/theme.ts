import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  darken,
  defaultVariantColorsResolver,
  type MantineColorsTuple,
  mergeThemeOverrides,
  parseThemeColor,
  type VariantColorsResolver,
} from "@mantine/core";
import { mix } from "../common/colors";

/**
 * Mantine's default "light" variant puts shade-6 text on a 10% tint, which fails WCAG AA for
 * most colors (e.g. green, orange). Use a darkened shade 9 instead so badges, alerts and the
 * active nav item stay readable.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const defaults = defaultVariantColorsResolver(input);
  if (input.variant !== "light") return defaults;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || !parsed.color) return defaults;
  const palette = input.theme.colors[parsed.color];
  if (!palette) return defaults;
  const text = darken(palette[9], parsed.color === "gray" || parsed.color === "dark" ? 0 : 0.3);
  return { ...defaults, color: text, hoverColor: text };
};

export const theme = createTheme({
  primaryColor: "indigo",
  // Shade 7 keeps white button text and links above a 4.5:1 contrast ratio.
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: "md",
  fontFamily: "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: {
    fontFamily: "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    fontWeight: "650",
  },
  variantColorResolver,
  components: {
    Paper: { defaultProps: { withBorder: true, radius: "md" } },
    Card: { defaultProps: { withBorder: true, radius: "md" } },
    Badge: { defaultProps: { variant: "light", radius: "sm" } },
    Table: { defaultProps: { verticalSpacing: "sm", highlightOnHover: true } },
    // Required fields carry no asterisk (optional ones say "optional" instead): the asterisk
    // would otherwise become part of each label's text ("Password *").
    TextInput: { defaultProps: { withAsterisk: false } },
    PasswordInput: { defaultProps: { withAsterisk: false } },
    Select: { defaultProps: { withAsterisk: false } },
    NativeSelect: { defaultProps: { withAsterisk: false } },
    NumberInput: { defaultProps: { withAsterisk: false } },
    Textarea: { defaultProps: { withAsterisk: false } },
    Notification: { defaultProps: { closeButtonProps: { "aria-label": "Close notification" } } },
    Modal: {
      defaultProps: {
        closeButtonProps: { "aria-label": "Close dialog" },
        // Mantine renders the modal header as <header>, which would be a second banner landmark.
        attributes: { header: { role: "presentation" } },
      },
    },
  },
});

/**
 * The theme in the agency's accent colour: a palette whose shade 7 (the primary shade) is the
 * accent, lighter shades mixed towards white and darker ones towards black. The server only
 * accepts accents that carry white text at 4.5:1.
 */
export function brandTheme(accent: string) {
  const shades = [0.92, 0.82, 0.68, 0.52, 0.36, 0.22, 0.1].map((amount) => mix(accent, amount));
  const palette = [...shades, accent, mix(accent, -0.15), mix(accent, -0.3)] as unknown as MantineColorsTuple;
  return mergeThemeOverrides(theme, createTheme({ colors: { brand: palette }, primaryColor: "brand" }));
}

/** Darker secondary text and placeholders than Mantine's defaults, for 4.5:1 contrast. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "#5c636a",
    "--mantine-color-placeholder": "#6c757d",
    // Field error text: red 9 instead of red 6 (3.3:1 on white).
    "--mantine-color-error": "var(--mantine-color-red-9)",
  },
  dark: {
    "--mantine-color-dimmed": DEFAULT_THEME.colors.dark[1],
  },
});
