import { Box } from "@mantine/core";
import type { ComponentType } from "react";
import { createBrowserRouter, Navigate, Outlet, type RouteObject, RouterProvider } from "react-router";
import { brandingQuery } from "./api/branding";
import { queryClient } from "./api/query-client";
import { sessionQuery } from "./api/session";
import { RequireAdmin, RequireAuth, RequireStaff } from "./components/Guards";
import { PublicLayout } from "./components/PublicLayout";
import { PageLoader } from "./components/States";
// The board's read and keys only (no dnd-kit, no task mutations): statically here so its loader
// asks for the board while the page's chunk is still on its way, not after it.
import { prefetchBoard } from "./features/board/board-query";

/** Set while the reload below is under way, so a chunk that is really missing fails instead of looping. */
const RELOADED_FOR_CHUNK = "portico:reloaded-for-chunk";

/**
 * A page's module, fetched the first time its route is visited. When that fails right after a
 * release, this tab's index.html names chunks the server no longer has: load the new one, once.
 */
async function loadPage<M>(load: () => Promise<M>): Promise<M> {
  try {
    const module = await load();
    sessionStorage.removeItem(RELOADED_FOR_CHUNK);
    return module;
  } catch (error) {
    // Offline, a reload would not help (the cached shell names the same chunks).
    if (!navigator.onLine || sessionStorage.getItem(RELOADED_FOR_CHUNK)) throw error;
    sessionStorage.setItem(RELOADED_FOR_CHUNK, "1");
    window.location.reload();
    return new Promise<M>(() => {});
  }
}

/**
 * A route whose page is its own chunk, so the login page never downloads the board, the
 * Markdown editor or the admin pages. Moving between pages, React Router keeps the current page
 * on screen until the next one's chunk has arrived (no spinner flashes in); on a first visit the
 * layout draws at once and the page area holds the same loader the guards show while the
 * session loads, so nothing jumps.
 */
function page<K extends string, M extends Record<K, ComponentType>>(
  load: () => Promise<M>,
  name: K,
  fallback = <PageLoader />,
): Pick<RouteObject, "lazy" | "hydrateFallbackElement"> {
  return {
    lazy: async () => ({ Component: (await loadPage(load))[name] }),
    hydrateFallbackElement: fallback,
  };
}

/**
 * The signed-in shell is a chunk of its own too (its menus and popovers are most of Mantine's
 * weight), so the login page does without it. Until it arrives: what RequireAuth shows while
 * the session loads, so a first visit sees one steady loader.
 */
const shellFallback = (
  <Box component="main" pt={120}>
    <PageLoader />
  </Box>
);

// Every page reads the session and the branding: ask for both now, beside the page's own data
// (the board's loader), not once the first render gets to them.
void queryClient.prefetchQuery(sessionQuery);
void queryClient.prefetchQuery(brandingQuery);

const router = createBrowserRouter([
  {
    element: <PublicLayout />,
    children: [
      { path: "/login", ...page(() => import("./features/auth/LoginPage"), "LoginPage") },
      { path: "/register", ...page(() => import("./features/auth/RegisterPage"), "RegisterPage") },
      { path: "/activate", ...page(() => import("./features/auth/ActivatePage"), "ActivatePage") },
      { path: "/forgot-password", ...page(() => import("./features/auth/ForgotPasswordPage"), "ForgotPasswordPage") },
      { path: "/reset-password", ...page(() => import("./features/auth/ResetPasswordPage"), "ResetPasswordPage") },
      { path: "/invitation", ...page(() => import("./features/auth/InvitationPage"), "InvitationPage") },
      { path: "/setup", ...page(() => import("./features/auth/SetupPage"), "SetupPage") },
    ],
  },
  {
    element: (
      <RequireAuth>
        <Outlet />
      </RequireAuth>
    ),
    children: [
      {
        ...page(() => import("./components/AppLayout"), "AppLayout", shellFallback),
        children: [
          { index: true, ...page(() => import("./features/dashboard/DashboardPage"), "DashboardPage") },
          { path: "/tickets", ...page(() => import("./features/tickets/TicketsPage"), "TicketsPage") },
          { path: "/help", ...page(() => import("./features/help/HelpPage"), "HelpPage") },
          { path: "/help/articles/:id", ...page(() => import("./features/help/ArticlePage"), "ArticlePage") },
          { path: "/tickets/new", ...page(() => import("./features/tickets/NewTicketPage"), "NewTicketPage") },
          { path: "/tickets/:id", ...page(() => import("./features/tickets/TicketPage"), "TicketPage") },
          // The board uses the whole width: five columns side by side.
          {
            path: "/work-requests",
            ...page(() => import("./features/board/BoardPage"), "BoardPage"),
            handle: { wide: true },
            loader: ({ request }) => {
              // A client's board ignores ?client= on the server; staff may name one.
              prefetchBoard(queryClient, new URL(request.url).searchParams.get("client") || undefined);
              return null;
            },
          },
          { path: "/work-requests/new", ...page(() => import("./features/board/NewTaskPage"), "NewTaskPage") },
          { path: "/work-requests/archive", ...page(() => import("./features/board/ArchivePage"), "ArchivePage") },
          { path: "/work-requests/templates/:id", ...page(() => import("./features/board/TemplatePage"), "TemplatePage") },
          { path: "/work-requests/:id", ...page(() => import("./features/board/TaskPage"), "TaskPage") },
          { path: "/account", ...page(() => import("./features/account/AccountPage"), "AccountPage") },
          { path: "/clients/:id", ...page(() => import("./features/clients/ClientDetailPage"), "ClientDetailPage") },
          // The journey's pages: a client's own; staff reach a client's through /clients/:id/….
          { path: "/onboarding", ...page(() => import("./features/onboarding/OnboardingPage"), "OnboardingPage") },
          { path: "/onboarding/submissions/:id", ...page(() => import("./features/onboarding/SubmissionPage"), "SubmissionPage") },
          { path: "/updates", ...page(() => import("./features/updates/UpdatesPage"), "UpdatesPage") },
          { path: "/updates/:id", ...page(() => import("./features/updates/UpdatePage"), "UpdatePage") },
          { path: "/deliverables", ...page(() => import("./features/updates/DeliverablesPage"), "DeliverablesPage") },
          { path: "/notices", ...page(() => import("./features/notices/NoticesPage"), "NoticesPage") },
          // Time-boxed asks: a client answers their own; staff ask, and see the answers (the server scopes both).
          { path: "/asks", ...page(() => import("./features/asks/AsksPage"), "AsksPage") },
          { path: "/asks/:id", ...page(() => import("./features/asks/AskPage"), "AskPage") },
          // Billing: a client's own invoices and what is due; staff the agency's figures and every invoice in their scope.
          { path: "/billing", ...page(() => import("./features/billing/BillingPage"), "BillingPage") },
          { path: "/billing/invoices/:id", ...page(() => import("./features/billing/InvoicePage"), "InvoicePage") },
          { path: "/clients/:id/updates", ...page(() => import("./features/updates/UpdatesPage"), "UpdatesPage") },
          { path: "/clients/:id/deliverables", ...page(() => import("./features/updates/DeliverablesPage"), "DeliverablesPage") },
          {
            element: <RequireStaff />,
            children: [
              { path: "/clients", ...page(() => import("./features/clients/ClientsPage"), "ClientsPage") },
              { path: "/journey", ...page(() => import("./features/journey/JourneyOverviewPage"), "JourneyOverviewPage") },
              { path: "/onboarding/review", ...page(() => import("./features/onboarding/ReviewQueuePage"), "ReviewQueuePage") },
              { path: "/billing/invoices/new", ...page(() => import("./features/billing/InvoiceEditorPage"), "NewInvoicePage") },
              { path: "/billing/invoices/:id/edit", ...page(() => import("./features/billing/InvoiceEditorPage"), "EditInvoicePage") },
            ],
          },
          {
            path: "/admin",
            element: <RequireAdmin />,
            children: [
              { index: true, element: <Navigate to="/admin/users" replace /> },
              { path: "users", ...page(() => import("./features/users/UsersPage"), "UsersPage") },
              { path: "settings", ...page(() => import("./features/admin/SettingsPage"), "SettingsPage") },
              { path: "settings/billing", ...page(() => import("./features/billing/BillingSettingsPage"), "BillingSettingsPage") },
              { path: "mailbox", ...page(() => import("./features/mailbox/MailboxPage"), "MailboxPage") },
              { path: "outgoing-mail", ...page(() => import("./features/outgoing-mail/OutgoingMailPage"), "OutgoingMailPage") },
              { path: "inbound", ...page(() => import("./features/inbound/InboundPage"), "InboundPage") },
              { path: "audit", ...page(() => import("./features/admin/AuditPage"), "AuditPage") },
              { path: "ticket-categories", ...page(() => import("./features/tickets/admin/TicketCategoriesPage"), "TicketCategoriesPage") },
              { path: "canned-replies", ...page(() => import("./features/tickets/admin/CannedRepliesPage"), "CannedRepliesPage") },
              { path: "request-types", ...page(() => import("./features/board/admin/RequestTypesPage"), "RequestTypesPage") },
              { path: "task-templates", ...page(() => import("./features/board/admin/TaskTemplatesPage"), "TaskTemplatesPage") },
              { path: "journey-steps", ...page(() => import("./features/journey/admin/JourneyStepsPage"), "JourneyStepsPage") },
              { path: "onboarding-forms", ...page(() => import("./features/onboarding/admin/FormsPage"), "FormsPage") },
              { path: "onboarding-forms/:id", ...page(() => import("./features/onboarding/admin/FormBuilderPage"), "FormBuilderPage") },
              { path: "help-articles", ...page(() => import("./features/help/admin/HelpArticlesPage"), "HelpArticlesPage") },
              { path: "help-articles/:id", ...page(() => import("./features/help/admin/HelpArticleEditorPage"), "HelpArticleEditorPage") },
            ],
          },
        ],
      },
    ],
  },
  // Its own layout (the signed-in shell or the public card), so the loader is a bare one.
  { path: "*", ...page(() => import("./components/NotFound"), "NotFoundPage", shellFallback) },
]);

export function App() {
  return <RouterProvider router={router} />;
}
