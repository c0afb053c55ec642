import { AppShell, Avatar, Box, Burger, Group, NavLink, ScrollArea, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import {
  IconBuilding,
  IconChevronDown,
  IconClipboardList,
  IconFileInvoice,
  IconForms,
  IconHeadset,
  IconHelp,
  IconHelpCircle,
  IconKey,
  IconLayoutDashboard,
  IconLayoutKanban,
  IconListCheck,
  IconListDetails,
  IconMail,
  IconMailDown,
  IconMailUp,
  IconMessageDots,
  IconNews,
  IconPackage,
  IconRoute,
  IconSettings,
  IconSpeakerphone,
  IconTags,
  IconTemplate,
  IconUsers,
} from "@tabler/icons-react";
import { type ComponentPropsWithRef, type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { Link, Outlet, useLocation, useMatches } from "react-router";
import type { TMe } from "../../common/schemas";
import { useBranding } from "../api/branding";
import { LiveUpdates } from "../api/live";
import { isStaff, useMe, useSession } from "../api/session";
import { NotificationBell } from "../features/notifications/NotificationBell";
import { ROLE_LABELS } from "../lib/format";
import { initials } from "../lib/initials";
import { useLoadOnIntent } from "../lib/useLoadOnIntent";
import { AgencyMark } from "./AgencyMark";

interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
}

const MAIN_NAV: NavItem[] = [{ to: "/", label: "Dashboard", icon: IconLayoutDashboard }];
/** The client's own journey: onboarding, their agent's updates, deliverables, notices. */
const CLIENT_NAV: NavItem[] = [
  { to: "/onboarding", label: "Onboarding", icon: IconClipboardList },
  { to: "/updates", label: "Updates", icon: IconNews },
  { to: "/deliverables", label: "Deliverables", icon: IconPackage },
  { to: "/notices", label: "Notices", icon: IconSpeakerphone },
  { to: "/asks", label: "Codes & confirmations", icon: IconKey },
  { to: "/billing", label: "Billing", icon: IconFileInvoice },
];
const WORK_NAV: NavItem[] = [
  { to: "/tickets", label: "Support Tickets", icon: IconHeadset },
  { to: "/work-requests", label: "Website Work Requests", icon: IconLayoutKanban },
  { to: "/help", label: "Help", icon: IconHelp },
];
const STAFF_NAV: NavItem[] = [
  { to: "/clients", label: "Clients", icon: IconBuilding },
  { to: "/journey", label: "Client journey", icon: IconRoute },
  { to: "/onboarding/review", label: "Onboarding review", icon: IconClipboardList },
  { to: "/notices", label: "Notices", icon: IconSpeakerphone },
  { to: "/asks", label: "Codes & confirmations", icon: IconKey },
  { to: "/billing", label: "Billing", icon: IconFileInvoice },
];
const ADMIN_NAV: NavItem[] = [
  { to: "/admin/users", label: "Users", icon: IconUsers },
  { to: "/admin/ticket-categories", label: "Ticket categories", icon: IconTags },
  { to: "/admin/canned-replies", label: "Canned replies", icon: IconMessageDots },
  { to: "/admin/request-types", label: "Request types", icon: IconListCheck },
  { to: "/admin/task-templates", label: "Task templates", icon: IconTemplate },
  { to: "/admin/journey-steps", label: "Journey steps", icon: IconRoute },
  { to: "/admin/onboarding-forms", label: "Onboarding forms", icon: IconForms },
  { to: "/admin/help-articles", label: "Help articles", icon: IconHelpCircle },
  { to: "/admin/settings", label: "Settings", icon: IconSettings },
  { to: "/admin/mailbox", label: "Mailbox", icon: IconMail },
  { to: "/admin/outgoing-mail", label: "Outgoing mail", icon: IconMailUp },
  { to: "/admin/inbound", label: "Inbound email", icon: IconMailDown },
  { to: "/admin/audit", label: "Audit log", icon: IconListDetails },
];

function isActive(pathname: string, to: string): boolean {
  return to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`);
}

function NavItems({ items, onNavigate }: { items: NavItem[]; onNavigate: () => void }) {
  const { pathname } = useLocation();
  return items.map(({ to, label, icon: Icon }) => {
    const active = isActive(pathname, to);
    return (
      <NavLink
        key={to}
        component={Link}
        to={to}
        label={label}
        active={active}
        aria-current={active ? "page" : undefined}
        leftSection={<Icon size={18} stroke={1.7} />}
        onClick={onNavigate}
        variant="light"
        style={{ borderRadius: "var(--mantine-radius-md)" }}
        fw={500}
      />
    );
  });
}

const loadUserMenu = () => import("./UserMenuDropdown");
const UserMenuDropdown = lazy(() => loadUserMenu().then((module) => ({ default: module.UserMenuDropdown })));

type UserMenuButtonProps = { user: TMe } & Omit<ComponentPropsWithRef<"button">, "color" | "style">;

/** The user menu's trigger: the avatar and name, the same before and after the menu has loaded. */
function UserMenuButton({ user, ...props }: UserMenuButtonProps) {
  return (
    <UnstyledButton aria-label={`${user.name} — user menu`} px="xs" py={6} style={{ borderRadius: "var(--mantine-radius-md)" }} {...props}>
      <Group gap="xs" wrap="nowrap">
        <Avatar size={30} radius="xl" color="indigo" aria-hidden="true">
          {initials(user.name)}
        </Avatar>
        <Text size="sm" fw={500} visibleFrom="sm" maw={180} truncate>
          {user.name}
        </Text>
        <IconChevronDown size={14} aria-hidden="true" />
      </Group>
    </UnstyledButton>
  );
}

/** Until the menu's chunk is wanted, a plain trigger announced as the menu button it will be. */
function UserMenu({ user }: { user: TMe }) {
  const { ready, pressed, hadFocus, triggerProps } = useLoadOnIntent(loadUserMenu);
  const placeholder = <UserMenuButton user={user} aria-haspopup="menu" aria-expanded={false} {...triggerProps} />;
  if (!ready) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <UserMenuDropdown user={user} defaultOpened={pressed} target={<UserMenuButton user={user} autoFocus={hadFocus} />} />
    </Suspense>
  );
}

/**
 * The logged-in frame: header (agency, notifications bell, user menu), navigation (a burger
 * under `sm`), main — and the one live-updates connection for the app.
 */
export function AppLayout({ children }: { children?: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  // Under `sm` the navbar slides off-screen when closed; hide it from focus and screen readers too.
  const mobile = useMediaQuery("(max-width: 47.99em)");
  const navHidden = Boolean(mobile) && !opened;
  const user = useMe();
  const { data: session } = useSession();
  const branding = useBranding();
  const agencyName = session?.agencyName ?? branding.agencyName;
  // A route may ask for the whole width (the board); the rest keep a readable measure.
  const wide = useMatches().some((match) => (match.handle as { wide?: boolean } | undefined)?.wide === true);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "md", sm: "xl" }}
    >
      <LiveUpdates />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Link to="/" style={{ textDecoration: "none", color: "inherit", minWidth: 0 }} onClick={close}>
              <Group gap={10} wrap="nowrap">
                <AgencyMark branding={{ ...branding, agencyName }} size={32} />
                <Text fw={700} size="md" truncate>
                  {agencyName}
                </Text>
              </Group>
            </Link>
          </Group>
          <Group gap={4} wrap="nowrap">
            <NotificationBell />
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar
        id="app-navigation"
        aria-label="Main navigation"
        p="sm"
        inert={navHidden}
        style={navHidden ? { visibility: "hidden" } : undefined}
      >
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            <NavItems items={MAIN_NAV} onNavigate={close} />
            {isStaff(user) ? null : <NavItems items={CLIENT_NAV} onNavigate={close} />}
            <NavItems items={WORK_NAV} onNavigate={close} />
            {isStaff(user) ? <NavItems items={STAFF_NAV} onNavigate={close} /> : null}
          </Stack>
          {user.role === "admin" ? (
            <Stack gap={2} mt="lg">
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={4} id="nav-admin-label">
                Admin
              </Text>
              <Stack gap={2} role="group" aria-labelledby="nav-admin-label">
                <NavItems items={ADMIN_NAV} onNavigate={close} />
              </Stack>
            </Stack>
          ) : null}
        </AppShell.Section>
        <AppShell.Section pt="sm" style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}>
          <Text size="xs" c="dimmed" px="sm">
            Signed in as {user.username} ({ROLE_LABELS[user.role]})
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Box maw={wide ? undefined : 1200} mx="auto">
          {children ?? <Outlet />}
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
