import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { queryClient } from "./api/query-client";
import { AppLayout } from "./components/AppLayout";
import { RequireAdmin, RequireAuth, RequireStaff } from "./components/Guards";
import { NotFoundPage } from "./components/NotFound";
import { PublicLayout } from "./components/PublicLayout";
import { AccountPage } from "./features/account/AccountPage";
import { AuditPage } from "./features/admin/AuditPage";
import { SettingsPage } from "./features/admin/SettingsPage";
import { AskPage } from "./features/asks/AskPage";
import { AsksPage } from "./features/asks/AsksPage";
import { ActivatePage } from "./features/auth/ActivatePage";
import { ForgotPasswordPage } from "./features/auth/ForgotPasswordPage";
import { InvitationPage } from "./features/auth/InvitationPage";
import { LoginPage } from "./features/auth/LoginPage";
import { RegisterPage } from "./features/auth/RegisterPage";
import { ResetPasswordPage } from "./features/auth/ResetPasswordPage";
import { SetupPage } from "./features/auth/SetupPage";
import { BillingPage } from "./features/billing/BillingPage";
import { BillingSettingsPage } from "./features/billing/BillingSettingsPage";
import { EditInvoicePage, NewInvoicePage } from "./features/billing/InvoiceEditorPage";
import { InvoicePage } from "./features/billing/InvoicePage";
import { ArchivePage } from "./features/board/ArchivePage";
import { RequestTypesPage } from "./features/board/admin/RequestTypesPage";
import { TaskTemplatesPage } from "./features/board/admin/TaskTemplatesPage";
import { prefetchBoard } from "./features/board/api";
import { BoardPage } from "./features/board/BoardPage";
import { NewTaskPage } from "./features/board/NewTaskPage";
import { TaskPage } from "./features/board/TaskPage";
import { TemplatePage } from "./features/board/TemplatePage";
import { ClientDetailPage } from "./features/clients/ClientDetailPage";
import { ClientsPage } from "./features/clients/ClientsPage";
import { DashboardPage } from "./features/dashboard/DashboardPage";
import { ArticlePage } from "./features/help/ArticlePage";
import { HelpArticleEditorPage } from "./features/help/admin/HelpArticleEditorPage";
import { HelpArticlesPage } from "./features/help/admin/HelpArticlesPage";
import { HelpPage } from "./features/help/HelpPage";
import { InboundPage } from "./features/inbound/InboundPage";
import { JourneyStepsPage } from "./features/journey/admin/JourneyStepsPage";
import { JourneyOverviewPage } from "./features/journey/JourneyOverviewPage";
import { MailboxPage } from "./features/mailbox/MailboxPage";
import { NoticesPage } from "./features/notices/NoticesPage";
import { FormBuilderPage } from "./features/onboarding/admin/FormBuilderPage";
import { FormsPage } from "./features/onboarding/admin/FormsPage";
import { OnboardingPage } from "./features/onboarding/OnboardingPage";
import { ReviewQueuePage } from "./features/onboarding/ReviewQueuePage";
import { SubmissionPage } from "./features/onboarding/SubmissionPage";
import { OutgoingMailPage } from "./features/outgoing-mail/OutgoingMailPage";
import { CannedRepliesPage } from "./features/tickets/admin/CannedRepliesPage";
import { TicketCategoriesPage } from "./features/tickets/admin/TicketCategoriesPage";
import { NewTicketPage } from "./features/tickets/NewTicketPage";
import { TicketPage } from "./features/tickets/TicketPage";
import { TicketsPage } from "./features/tickets/TicketsPage";
import { DeliverablesPage } from "./features/updates/DeliverablesPage";
import { UpdatePage } from "./features/updates/UpdatePage";
import { UpdatesPage } from "./features/updates/UpdatesPage";
import { UsersPage } from "./features/users/UsersPage";

const router = createBrowserRouter([
  {
    element: <PublicLayout />,
    children: [
      { path: "/login", element: <LoginPage /> },
      { path: "/register", element: <RegisterPage /> },
      { path: "/activate", element: <ActivatePage /> },
      { path: "/forgot-password", element: <ForgotPasswordPage /> },
      { path: "/reset-password", element: <ResetPasswordPage /> },
      { path: "/invitation", element: <InvitationPage /> },
      { path: "/setup", element: <SetupPage /> },
    ],
  },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: "/tickets", element: <TicketsPage /> },
      { path: "/help", element: <HelpPage /> },
      { path: "/help/articles/:id", element: <ArticlePage /> },
      { path: "/tickets/new", element: <NewTicketPage /> },
      { path: "/tickets/:id", element: <TicketPage /> },
      // The board uses the whole width: five columns side by side.
      {
        path: "/work-requests",
        element: <BoardPage />,
        handle: { wide: true },
        loader: ({ request }) => {
          // A client's board ignores ?client= on the server; staff may name one.
          prefetchBoard(queryClient, new URL(request.url).searchParams.get("client") || undefined);
          return null;
        },
      },
      { path: "/work-requests/new", element: <NewTaskPage /> },
      { path: "/work-requests/archive", element: <ArchivePage /> },
      { path: "/work-requests/templates/:id", element: <TemplatePage /> },
      { path: "/work-requests/:id", element: <TaskPage /> },
      { path: "/account", element: <AccountPage /> },
      { path: "/clients/:id", element: <ClientDetailPage /> },
      // The journey's pages: a client's own; staff reach a client's through /clients/:id/….
      { path: "/onboarding", element: <OnboardingPage /> },
      { path: "/onboarding/submissions/:id", element: <SubmissionPage /> },
      { path: "/updates", element: <UpdatesPage /> },
      { path: "/updates/:id", element: <UpdatePage /> },
      { path: "/deliverables", element: <DeliverablesPage /> },
      { path: "/notices", element: <NoticesPage /> },
      // Time-boxed asks: a client answers their own; staff ask, and see the answers (the server scopes both).
      { path: "/asks", element: <AsksPage /> },
      { path: "/asks/:id", element: <AskPage /> },
      // Billing: a client's own invoices and what is due; staff the agency's figures and every invoice in their scope.
      { path: "/billing", element: <BillingPage /> },
      { path: "/billing/invoices/:id", element: <InvoicePage /> },
      { path: "/clients/:id/updates", element: <UpdatesPage /> },
      { path: "/clients/:id/deliverables", element: <DeliverablesPage /> },
      {
        element: <RequireStaff />,
        children: [
          { path: "/clients", element: <ClientsPage /> },
          { path: "/journey", element: <JourneyOverviewPage /> },
          { path: "/onboarding/review", element: <ReviewQueuePage /> },
          { path: "/billing/invoices/new", element: <NewInvoicePage /> },
          { path: "/billing/invoices/:id/edit", element: <EditInvoicePage /> },
        ],
      },
      {
        path: "/admin",
        element: <RequireAdmin />,
        children: [
          { index: true, element: <Navigate to="/admin/users" replace /> },
          { path: "users", element: <UsersPage /> },
          { path: "settings", element: <SettingsPage /> },
          { path: "settings/billing", element: <BillingSettingsPage /> },
          { path: "mailbox", element: <MailboxPage /> },
          { path: "outgoing-mail", element: <OutgoingMailPage /> },
          { path: "inbound", element: <InboundPage /> },
          { path: "audit", element: <AuditPage /> },
          { path: "ticket-categories", element: <TicketCategoriesPage /> },
          { path: "canned-replies", element: <CannedRepliesPage /> },
          { path: "request-types", element: <RequestTypesPage /> },
          { path: "task-templates", element: <TaskTemplatesPage /> },
          { path: "journey-steps", element: <JourneyStepsPage /> },
          { path: "onboarding-forms", element: <FormsPage /> },
          { path: "onboarding-forms/:id", element: <FormBuilderPage /> },
          { path: "help-articles", element: <HelpArticlesPage /> },
          { path: "help-articles/:id", element: <HelpArticleEditorPage /> },
        ],
      },
    ],
  },
  { path: "*", element: <NotFoundPage /> },
]);

export function App() {
  return <RouterProvider router={router} />;
}
