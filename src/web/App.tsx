import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { prefetchBoard } from "./api/board";
import { queryClient } from "./api/query-client";
import { AppLayout } from "./components/AppLayout";
import { RequireAdmin, RequireAuth, RequireStaff } from "./components/Guards";
import { PublicLayout } from "./components/PublicLayout";
import { AccountPage } from "./routes/Account";
import { AuditPage } from "./routes/admin/Audit";
import { CannedRepliesPage } from "./routes/admin/CannedReplies";
import { InboundPage } from "./routes/admin/Inbound";
import { MailboxPage } from "./routes/admin/Mailbox";
import { RequestTypesPage } from "./routes/admin/RequestTypes";
import { SettingsPage } from "./routes/admin/Settings";
import { TaskTemplatesPage } from "./routes/admin/TaskTemplates";
import { TicketCategoriesPage } from "./routes/admin/TicketCategories";
import { UsersPage } from "./routes/admin/Users";
import { ArchivePage } from "./routes/board/Archive";
import { BoardPage } from "./routes/board/Board";
import { NewTaskPage } from "./routes/board/NewTask";
import { TaskPage } from "./routes/board/Task";
import { TemplatePage } from "./routes/board/Template";
import { ClientDetailPage } from "./routes/ClientDetail";
import { ClientsPage } from "./routes/Clients";
import { DashboardPage } from "./routes/Dashboard";
import { NotFoundPage } from "./routes/NotFound";
import { ActivatePage } from "./routes/public/Activate";
import { ForgotPasswordPage } from "./routes/public/ForgotPassword";
import { InvitationPage } from "./routes/public/Invitation";
import { LoginPage } from "./routes/public/Login";
import { RegisterPage } from "./routes/public/Register";
import { ResetPasswordPage } from "./routes/public/ResetPassword";
import { SetupPage } from "./routes/public/Setup";
import { NewTicketPage } from "./routes/tickets/NewTicket";
import { TicketPage } from "./routes/tickets/Ticket";
import { TicketsPage } from "./routes/tickets/Tickets";

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
      {
        element: <RequireStaff />,
        children: [{ path: "/clients", element: <ClientsPage /> }],
      },
      {
        path: "/admin",
        element: <RequireAdmin />,
        children: [
          { index: true, element: <Navigate to="/admin/users" replace /> },
          { path: "users", element: <UsersPage /> },
          { path: "settings", element: <SettingsPage /> },
          { path: "mailbox", element: <MailboxPage /> },
          { path: "inbound", element: <InboundPage /> },
          { path: "audit", element: <AuditPage /> },
          { path: "ticket-categories", element: <TicketCategoriesPage /> },
          { path: "canned-replies", element: <CannedRepliesPage /> },
          { path: "request-types", element: <RequestTypesPage /> },
          { path: "task-templates", element: <TaskTemplatesPage /> },
        ],
      },
    ],
  },
  { path: "*", element: <NotFoundPage /> },
]);

export function App() {
  return <RouterProvider router={router} />;
}
