import { describe, expect, it } from "vitest";
import { contrastWithWhite, MIN_TEXT_CONTRAST, mix } from "./colors";

describe("accent colours", () => {
  it("measures white text's contrast as WCAG does", () => {
    expect(contrastWithWhite("#000000")).toBeCloseTo(21, 1);
    expect(contrastWithWhite("#ffffff")).toBeCloseTo(1, 5);
    // Mantine's indigo 7, the default accent, carries white text; its yellow does not.
    expect(contrastWithWhite("#4263eb")).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(contrastWithWhite("#fab005")).toBeLessThan(MIN_TEXT_CONTRAST);
  });

  it("mixes towards white and black for lighter and darker shades", () => {
    expect(mix("#4263eb", 1)).toBe("#ffffff");
    expect(mix("#4263eb", -1)).toBe("#000000");
    expect(mix("#4263eb", 0)).toBe("#4263eb");
    expect(mix("#000000", 0.5)).toBe("#808080");
  });
});
