import { childElement, findElement, type XmlElement } from './parse-xml.js';

/** The fields of an AWS-style error document, as the server sent them (not yet cleaned). */
export interface ErrorDocument {
  /** `Code`, e.g. `AccessDenied`, trimmed. */
  code: string;
  /** `Message`, possibly empty. */
  message: string;
  /** `RequestId`, when present and not empty. */
  requestId: string | undefined;
  /** `Type` (`Sender`/`Receiver` on AWS STS), when present and not empty. */
  type: string | undefined;
}

/**
 * Reads an error document: STS's `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`
 * or S3's `<Error><Code/><Message/><RequestId/></Error>`. Pure.
 * @returns undefined when the root is not an error document or has no `Code`
 */
export function readErrorDocument(root: XmlElement): ErrorDocument | undefined {
  const error = root.name === 'Error' ? root : root.name === 'ErrorResponse' ? findElement(root, 'Error') : undefined;
  const code = error ? childElement(error, 'Code')?.text.trim() : undefined;
  if (!error || !code) return undefined;
  return {
    code,
    message: childElement(error, 'Message')?.text ?? '',
    requestId: findElement(root, 'RequestId')?.text || undefined,
    type: childElement(error, 'Type')?.text || undefined,
  };
}
