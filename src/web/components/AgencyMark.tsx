import { Avatar } from "@mantine/core";
import type { TBranding } from "../../common/schemas";
import { initials } from "../lib/initials";

/** The agency's logo, or its initials on its accent colour when it has none. Decorative: the name is beside it. */
export function AgencyMark({ branding, size }: { branding: TBranding; size: number }) {
  if (branding.logoUrl) {
    return (
      <img src={branding.logoUrl} alt="" height={size} style={{ display: "block", height: size, width: "auto", maxWidth: size * 4 }} />
    );
  }
  return (
    <Avatar size={size} radius="md" color="brand" variant="filled" aria-hidden="true">
      {initials(branding.agencyName)}
    </Avatar>
  );
}
