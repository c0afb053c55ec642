import { Table } from "@mantine/core";
import type { ReactNode } from "react";

interface TableScrollProps {
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** Names the scrollable region for screen readers, e.g. "Users table". */
  label: string;
  children: ReactNode;
}

/**
 * A table that scrolls horizontally on narrow screens. The region is focusable so keyboard
 * users can scroll it even when the table holds no links or buttons.
 */
export function TableScroll({ minWidth, label, children }: TableScrollProps) {
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={label}
      // Keeps absolutely positioned content (visually hidden headers) inside the scroll box.
      style={{ position: "relative" }}
    >
      {children}
    </Table.ScrollContainer>
  );
}
