/**
 * The words of the new work request page. A client asks for work on their own account; a staff
 * member raises the request on a client's behalf, so the page speaks of "the client" instead of
 * "you" (no "Once you accept the quote" to someone who sends the quote).
 */
export interface NewTaskWords {
  /** Under the page title. */
  intro: string;
  /** Under the deadline box. */
  deadlineHelp: string;
  /** Under the attachments box. */
  attachmentsHelp: string;
  /** The "What happens next" panel, one sentence a line. */
  nextSteps: string[];
}

const CLIENT_WORDS: NewTaskWords = {
  intro: "Fill in the details (request type, description, deadline), attach any necessary files and click Submit.",
  deadlineHelp: "Optional. When you need the work done.",
  attachmentsHelp: "Designs, content, screenshots: any files the team needs for this work",
  nextSteps: [
    "Your task starts in REQUESTED WORK. The team assesses it and may ask questions or send a scope and quote.",
    "Once you accept the quote (if there is one), work commences and the task moves to IN PROGRESS.",
    "When the work is ready it moves to CLIENT APPROVAL: you approve it to go LIVE, or request changes.",
  ],
};

const STAFF_WORDS: NewTaskWords = {
  intro:
    "Raise a work request on a client's behalf: choose the client, fill in the details (request type, description, deadline), attach any files and click Submit.",
  deadlineHelp: "Optional. When the client needs the work done.",
  attachmentsHelp: "Designs, content, screenshots: any files the team needs for this work (the client sees them too)",
  nextSteps: [
    "The task starts in REQUESTED WORK. The client sees this request on their board and gets your quote to accept, if you send one.",
    "Once the client accepts the quote (or when there is none), move the task to IN PROGRESS as work commences.",
    "When the work is ready, move it to CLIENT APPROVAL: the client approves it to go LIVE, or requests changes.",
  ],
};

/** The page's words for the person filling it in: staff (on a client's behalf) or a client. */
export function newTaskWords(staff: boolean): NewTaskWords {
  return staff ? STAFF_WORDS : CLIENT_WORDS;
}

/** The toast once the request is saved: "WEB-318 is in REQUESTED WORK". */
export function createdTitle(reference: string): string {
  return `${reference} is in REQUESTED WORK`;
}
