/**
 * Checks messages from a webview page against the JSON Schema of its protocol. The host
 * acts only on a message this returns as valid. The validator has no `vscode` import,
 * so the checks run in plain Node tests as they run in the extension host.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type ValidationResult<T> = { valid: true; message: T } | { valid: false; reason: string };

/** Maximum length of the preview of a rejected message in a log line. */
const PREVIEW_LENGTH = 200;

export class MessageValidator<T> {
  private readonly check: ValidateFunction;

  constructor(schema: object) {
    // allErrors stays off: one reason is enough for the log, and a hostile message
    // with thousands of faults should not cost thousands of error objects.
    const ajv = new Ajv({ strict: true, allErrors: false, allowUnionTypes: true, discriminator: true });
    addFormats(ajv, ['date']);
    this.check = ajv.compile(schema);
  }

  validate(message: unknown): ValidationResult<T> {
    if (this.check(message)) {
      return { valid: true, message: message as T };
    }
    return { valid: false, reason: describeErrors(this.check.errors ?? []) };
  }
}

function describeErrors(errors: ErrorObject[]): string {
  // The discriminator makes ajv check only the branch named by `type`, so the first
  // error is the most specific fault of that branch.
  const first = errors[0];
  if (!first) {
    return 'the message does not match the protocol';
  }
  const where = first.instancePath === '' ? 'the message' : first.instancePath;
  const extra = typeof first.params.additionalProperty === 'string' ? ` (${previewMessage(first.params.additionalProperty)})` : '';
  return `${where} ${first.message ?? 'is invalid'}${extra}`;
}

/** Format a short, single-line JSON preview of an untrusted value for a log line. */
export function previewMessage(message: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(message) ?? String(message);
  } catch {
    text = Object.prototype.toString.call(message);
  }
  const oneLine = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return oneLine.length > PREVIEW_LENGTH ? `${oneLine.slice(0, PREVIEW_LENGTH)}…` : oneLine;
}

/** Rejected messages logged one by one; later ones are only counted, so a hostile page cannot flood the log. */
export const MAX_LOGGED_REJECTIONS = 20;

/**
 * Validates a page's messages and logs each rejection, up to `MAX_LOGGED_REJECTIONS`
 * lines per page; after that it only counts.
 */
export class InboundMessageGate<T> {
  private rejectedCount = 0;

  constructor(
    private readonly validator: MessageValidator<T>,
    private readonly pageName: string,
    private readonly warn: (line: string) => void
  ) {}

  /** Return the message when it matches the protocol, else log the reason and return `undefined`. */
  accept(raw: unknown): T | undefined {
    const result = this.validator.validate(raw);
    if (result.valid) {
      return result.message;
    }
    this.rejectedCount += 1;
    if (this.rejectedCount <= MAX_LOGGED_REJECTIONS) {
      this.warn(`Webview ${this.pageName}: rejected a message that does not match the protocol (${result.reason}): ${previewMessage(raw)}`);
    } else if (this.rejectedCount === MAX_LOGGED_REJECTIONS + 1) {
      this.warn(`Webview ${this.pageName}: more than ${MAX_LOGGED_REJECTIONS} messages rejected; further rejections are only counted.`);
    }
    return undefined;
  }

  get rejected(): number {
    return this.rejectedCount;
  }
}
